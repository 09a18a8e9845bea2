-- Officers held over at $as_of: no duty running at as_of (starts_at <= as_of < ends_at), their
-- latest duty ended at or before as_of, and a deployment still open at as_of (dispatched_at
-- <= as_of, not cleared by as_of). One row per officer, with that duty's area and end and the
-- most recent open incident. $area filters the duty's area, $team the officer's team.
WITH open_deployments AS (
    SELECT officer_id,
           arg_max(incident_id, dispatched_at) AS incident_id,
           max(dispatched_at) AS dispatched_at
    FROM (
        -- not cleared by as_of, as two plain tests the scan can skip cleared history with
        SELECT * FROM deployments WHERE cleared_at IS NULL
        UNION ALL
        SELECT * FROM deployments WHERE cleared_at > $as_of::TIMESTAMP
    )
    WHERE dispatched_at <= $as_of::TIMESTAMP
    GROUP BY officer_id
),
on_duty AS (
    SELECT DISTINCT officer_id
    FROM duties
    WHERE starts_at <= $as_of::TIMESTAMP AND $as_of::TIMESTAMP < ends_at
),
last_duty AS (
    SELECT officer_id, arg_max(area_code, ends_at) AS area_code, max(ends_at) AS duty_ended_at
    FROM duties
    WHERE ends_at <= $as_of::TIMESTAMP
      -- only an officer with a deployment open at as_of can be held over
      AND officer_id IN (SELECT officer_id FROM open_deployments)
    GROUP BY officer_id
)
SELECT l.officer_id, o.collar_number, o.name, o.team_id, l.area_code, l.duty_ended_at,
       epoch($as_of::TIMESTAMP - l.duty_ended_at) AS held_over_s,
       d.incident_id, d.dispatched_at
FROM last_duty AS l
JOIN open_deployments AS d USING (officer_id)
ANTI JOIN on_duty USING (officer_id)
LEFT JOIN officers AS o USING (officer_id)
WHERE ($area::TEXT IS NULL OR l.area_code = $area::TEXT)
  AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
ORDER BY l.duty_ended_at, l.officer_id
