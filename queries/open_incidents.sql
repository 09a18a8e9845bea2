-- Every incident open at $as_of, of any grade, oldest first: opened_at <= as_of and not
-- closed by as_of (the shift handover's list). With who was dispatched by as_of (collar
-- numbers in dispatch order, 'none sent'), the first arrival by as_of and how long it has
-- been open. $area filters the incident's area; $team keeps incidents to which an officer of
-- that team was dispatched by as_of (as attendance_classified).
WITH open_now AS (
    SELECT incident_id, grade, area_code, category, opened_at, summary
    FROM incidents
    WHERE opened_at <= $as_of::TIMESTAMP
      AND NOT coalesce(closed_at <= $as_of::TIMESTAMP, false)
      AND ($area::TEXT IS NULL OR area_code = $area::TEXT)
),
sent AS (
    SELECT d.incident_id,
           string_agg(coalesce(o.collar_number, d.officer_id), ', '
                      ORDER BY d.dispatched_at, d.officer_id) AS sent,
           min(d.arrived_at) FILTER (WHERE d.arrived_at <= $as_of::TIMESTAMP) AS first_arrival,
           bool_or(o.team_id = $team::TEXT) AS team_sent
    FROM deployments AS d
    SEMI JOIN open_now AS i ON i.incident_id = d.incident_id
    LEFT JOIN officers AS o ON o.officer_id = d.officer_id
    WHERE d.dispatched_at <= $as_of::TIMESTAMP
    GROUP BY d.incident_id
)
SELECT i.incident_id, i.grade, i.area_code, i.category, i.opened_at,
       epoch($as_of::TIMESTAMP - i.opened_at) AS open_s,
       coalesce(sent.sent, 'none sent') AS sent,
       sent.first_arrival,
       i.summary
FROM open_now AS i
LEFT JOIN sent USING (incident_id)
WHERE $team::TEXT IS NULL OR coalesce(sent.team_sent, false)
ORDER BY i.opened_at, i.incident_id
