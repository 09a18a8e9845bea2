-- requires: neighbourhood_abstractions
-- One row per neighbourhood officer (team kind 'neighbourhood', in the $area/$team scope as
-- neighbourhood_abstractions) rostered or abstracted in the window [$window_start, $as_of):
--   rostered_hours   : the overlap of their duties with [window_start, min(as_of, duty end))
--   abstracted_hours : the overlap of their abstractions known at as_of with the window
--   planned_hours / unplanned_hours : abstracted hours split by planned notice
--   abstracted_pct   : 100 x abstracted_hours / rostered_hours (null: not rostered)
WITH nbh AS (
    SELECT o.officer_id, o.name, o.collar_number, o.rank, o.team_id,
           coalesce(o.area_code, t.area_code) AS area_code
    FROM officers AS o
    JOIN teams AS t ON t.team_id = o.team_id
    WHERE lower(t.kind) = 'neighbourhood'
      AND ($area::TEXT IS NULL OR coalesce(o.area_code, t.area_code) = $area::TEXT)
      AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
),
rostered AS (
    SELECT d.officer_id,
           sum(epoch(least(d.ends_at, $as_of::TIMESTAMP)
                     - greatest(d.starts_at, $window_start::TIMESTAMP)) / 3600.0) AS hours
    FROM duties AS d
    SEMI JOIN nbh ON nbh.officer_id = d.officer_id
    WHERE d.starts_at < $as_of::TIMESTAMP
      AND d.ends_at > $window_start::TIMESTAMP
    GROUP BY d.officer_id
),
abstracted AS (
    SELECT officer_id,
           count(*) AS abstractions,
           sum(hours) AS hours,
           coalesce(sum(hours) FILTER (WHERE planned), 0.0) AS planned_hours,
           coalesce(sum(hours) FILTER (WHERE NOT planned), 0.0) AS unplanned_hours
    FROM neighbourhood_abstractions
    GROUP BY officer_id
)
SELECT
    nbh.officer_id,
    nbh.name,
    nbh.collar_number,
    nbh.rank,
    nbh.team_id,
    nbh.area_code,
    coalesce(r.hours, 0.0) AS rostered_hours,
    coalesce(a.hours, 0.0) AS abstracted_hours,
    coalesce(a.planned_hours, 0.0) AS planned_hours,
    coalesce(a.unplanned_hours, 0.0) AS unplanned_hours,
    coalesce(a.abstractions, 0) AS abstractions,
    100.0 * coalesce(a.hours, 0.0) / nullif(r.hours, 0.0) AS abstracted_pct
FROM nbh
LEFT JOIN rostered AS r USING (officer_id)
LEFT JOIN abstracted AS a USING (officer_id)
WHERE r.hours IS NOT NULL OR a.hours IS NOT NULL
ORDER BY abstracted_pct DESC NULLS LAST, nbh.officer_id
