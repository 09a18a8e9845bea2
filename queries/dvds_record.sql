-- One Clare's Law application by $application_id as known at $as_of (times after as_of read
-- as null), with its officer, their team and the disclosure and initial-checks limits.
SELECT
    a.application_id,
    a.route,
    a.received_at,
    a.area_code,
    a.officer_id,
    o.name AS officer_name,
    o.collar_number,
    o.team_id,
    t.name AS team_name,
    CASE WHEN a.initial_checks_at <= $as_of::TIMESTAMP THEN a.initial_checks_at END
        AS initial_checks_at,
    CASE WHEN a.disclosed_at <= $as_of::TIMESTAMP THEN a.disclosed_at END AS disclosed_at,
    CASE WHEN a.closed_at <= $as_of::TIMESTAMP THEN a.closed_at END AS closed_at,
    a.received_at + to_hours($initial_checks_hours::INTEGER) AS checks_due_at,
    a.received_at + to_days($disclose_within_days::INTEGER) AS due_at,
    epoch(a.received_at + to_days($disclose_within_days::INTEGER) - $as_of::TIMESTAMP)
        / 86400.0 AS days_left
FROM dvds_applications AS a
LEFT JOIN officers AS o ON o.officer_id = a.officer_id
LEFT JOIN teams AS t ON t.team_id = o.team_id
WHERE a.application_id = $application_id::TEXT
  AND a.received_at <= $as_of::TIMESTAMP
