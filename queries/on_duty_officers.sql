-- One row per officer on duty at as_of: a duty with starts_at <= as_of < ends_at ($area
-- filters the duty's area, $team the officer's team; the latest-starting duty wins if two
-- overlap).
-- committed: the officer has a deployment with dispatched_at <= as_of not cleared by as_of
-- (on any incident); committed_to is the most recent such incident.
WITH current_duty AS (
    SELECT officer_id, area_code, role, starts_at, ends_at
    FROM duties
    WHERE starts_at <= $as_of::TIMESTAMP
      AND $as_of::TIMESTAMP < ends_at
      AND ($area::TEXT IS NULL OR area_code = $area::TEXT)
      AND ($team::TEXT IS NULL OR officer_id IN (
          SELECT officer_id FROM officers WHERE team_id = $team::TEXT
      ))
    QUALIFY row_number() OVER (PARTITION BY officer_id ORDER BY starts_at DESC) = 1
),
open_deployments AS (
    SELECT d.officer_id,
           arg_max(d.incident_id, d.dispatched_at) AS committed_to,
           max(d.dispatched_at) AS committed_since
    FROM (
        -- not cleared by as_of, as two plain tests the scan can skip cleared history with
        SELECT * FROM deployments WHERE cleared_at IS NULL
        UNION ALL
        SELECT * FROM deployments WHERE cleared_at > $as_of::TIMESTAMP
    ) AS d
    SEMI JOIN current_duty AS c ON c.officer_id = d.officer_id
    WHERE d.dispatched_at <= $as_of::TIMESTAMP
    GROUP BY d.officer_id
)
SELECT
    c.officer_id,
    o.name,
    o.collar_number,
    o.rank,
    o.team_id,
    c.area_code,
    c.role,
    c.starts_at,
    c.ends_at,
    od.officer_id IS NOT NULL AS committed,
    od.committed_to,
    od.committed_since
FROM current_duty AS c
LEFT JOIN officers AS o USING (officer_id)
LEFT JOIN open_deployments AS od USING (officer_id)
ORDER BY c.area_code, c.officer_id
