-- Deadline clock: grade 1 and 2 attendance (kinds attendance_g1, attendance_g2).
-- One row per grade 1 or 2 incident open and unattended at $as_of, whatever its opening time:
-- opened_at <= as_of, no deployments.arrived_at <= as_of, not closed by as_of.
--   started_at = opened_at; due_at = opened_at + target (targets as attendance_classified)
--   done_at    = null (arrival or closing by as_of ends the clock, so such rows are not here)
--   officer_id = the first officer dispatched by as_of (null: none sent); team_id theirs,
--       or $team when an officer of $team was dispatched (an incident is in the scope of
--       every team that sent someone, as in attendance_classified)
-- label: who was sent ("none sent", "2 sent": none has arrived), then the category.
-- Also: victim_updated_at (the latest victim update at or before as_of, null: none).
-- Attendance breaches only once as_of is past due_at (the clock is strict).
WITH open_incidents AS (
    SELECT i.incident_id, i.grade, i.area_code, i.opened_at, i.category,
           CASE WHEN i.victim_updated_at <= $as_of::TIMESTAMP THEN i.victim_updated_at END
               AS victim_updated_at,
           CASE
               WHEN i.grade = 1 AND coalesce(a.urban, true) THEN $grade1_urban_min
               WHEN i.grade = 1 THEN $grade1_rural_min
               ELSE $grade2_min
           END::DOUBLE AS target_min
    FROM (
        -- not closed by as_of, as two plain tests the scan can skip closed history with
        SELECT * FROM incidents WHERE closed_at IS NULL
        UNION ALL
        SELECT * FROM incidents WHERE closed_at > $as_of::TIMESTAMP
    ) AS i
    LEFT JOIN areas AS a USING (area_code)
    WHERE i.grade IN (1, 2)
      AND i.opened_at <= $as_of::TIMESTAMP
),
-- (an arrival by as_of attends the incident whatever its dispatch time says, as in
-- attendance_classified; who was sent counts only dispatches by as_of)
sent AS (
    SELECT d.incident_id,
           bool_or(d.arrived_at <= $as_of::TIMESTAMP) AS arrived,
           arg_min(d.officer_id, (d.dispatched_at, d.officer_id))
               FILTER (WHERE d.dispatched_at <= $as_of::TIMESTAMP) AS officer_id,
           bool_or(o.team_id = $team::TEXT)
               FILTER (WHERE d.dispatched_at <= $as_of::TIMESTAMP) AS team_sent,
           nullif(count(*) FILTER (WHERE d.dispatched_at <= $as_of::TIMESTAMP), 0) AS sent
    FROM deployments AS d
    SEMI JOIN open_incidents AS i ON i.incident_id = d.incident_id
    LEFT JOIN officers AS o ON o.officer_id = d.officer_id
    WHERE d.dispatched_at <= $as_of::TIMESTAMP OR d.arrived_at <= $as_of::TIMESTAMP
    GROUP BY d.incident_id
)
SELECT
    'attendance_g' || o.grade AS kind,
    o.incident_id AS item_id,
    o.area_code,
    CASE WHEN coalesce(sent.team_sent, false) THEN $team::TEXT ELSE officers.team_id END
        AS team_id,
    sent.officer_id,
    o.opened_at AS started_at,
    o.opened_at + to_microseconds(CAST(round(o.target_min * 60e6) AS BIGINT)) AS due_at,
    CAST(NULL AS TIMESTAMP) AS done_at,
    CASE WHEN sent.sent IS NULL THEN 'none sent' ELSE sent.sent || ' sent' END
        || coalesce(' · ' || o.category, '') AS label,
    o.victim_updated_at
FROM open_incidents AS o
LEFT JOIN sent USING (incident_id)
LEFT JOIN officers ON officers.officer_id = sent.officer_id
WHERE NOT coalesce(sent.arrived, false)
