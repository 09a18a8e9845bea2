-- One use of force by $uof_id with its officer and incident, as at $as_of (times after
-- as_of are not known yet: null; BWV is a field of the form, so null until it is submitted). No scope filter: a record opens whatever the area or team.
SELECT u.uof_id, u.used_at, u.officer_id, o.collar_number, o.name, o.rank, o.team_id,
       u.area_code, u.incident_id, i.category AS incident_category,
       i.opened_at AS incident_opened_at, u.source, u.tactic,
       u.subject_injured, u.officer_injured,
       CASE WHEN u.submitted_at <= $as_of::TIMESTAMP THEN u.bwv_recorded END AS bwv_recorded,
       CASE WHEN u.submitted_at <= $as_of::TIMESTAMP THEN u.submitted_at END AS submitted_at,
       CASE WHEN u.checked_at <= $as_of::TIMESTAMP THEN u.checked_at END AS checked_at,
       u.used_at + to_hours($form_due_hours::INTEGER) AS form_due_at
FROM use_of_force AS u
LEFT JOIN officers AS o ON o.officer_id = u.officer_id
LEFT JOIN incidents AS i ON i.incident_id = u.incident_id
WHERE u.uof_id = $uof_id::TEXT AND u.used_at <= $as_of::TIMESTAMP
