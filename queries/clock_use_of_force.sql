-- Deadline clocks: use-of-force forms (kinds uof_form, uof_check). One row per open item at
-- $as_of, in scope ($area by the row's area_code, $team by the officer's officers.team_id):
--   uof_form:  every use with used_at <= as_of and no submitted_at <= as_of;
--              started_at = used_at, due_at = used_at + $form_due_hours hours, done_at null
--   uof_check: every use with submitted_at <= as_of and no checked_at <= as_of;
--              started_at = submitted_at, due_at = submitted_at + $check_due_hours hours
-- officer_id: the officer who used force (the form is theirs; the check is their
-- supervisor's); area_code the row's. Also: incident_id, tactic.
WITH uses AS (
    SELECT u.uof_id, u.used_at, u.officer_id, o.team_id, u.area_code, u.incident_id,
           u.tactic,
           CASE WHEN u.submitted_at <= $as_of::TIMESTAMP THEN u.submitted_at END
               AS submitted_at
    FROM use_of_force AS u
    LEFT JOIN officers AS o ON o.officer_id = u.officer_id
    WHERE u.used_at <= $as_of::TIMESTAMP
      AND NOT coalesce(u.checked_at <= $as_of::TIMESTAMP, false)
      AND ($area::TEXT IS NULL OR u.area_code = $area::TEXT)
      AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
)
SELECT 'uof_form' AS kind, uof_id AS item_id, area_code, team_id, officer_id,
       used_at AS started_at,
       used_at + to_hours($form_due_hours::INTEGER) AS due_at,
       CAST(NULL AS TIMESTAMP) AS done_at,
       'form not submitted · ' || coalesce(tactic, 'use of force') AS label,
       incident_id, tactic
FROM uses
WHERE submitted_at IS NULL
UNION ALL
SELECT 'uof_check', uof_id, area_code, team_id, officer_id,
       submitted_at,
       submitted_at + to_hours($check_due_hours::INTEGER),
       CAST(NULL AS TIMESTAMP),
       'form not checked · ' || coalesce(tactic, 'use of force'),
       incident_id, tactic
FROM uses
WHERE submitted_at IS NOT NULL
