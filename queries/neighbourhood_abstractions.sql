-- Abstractions of neighbourhood officers known at $as_of that overlap the window
-- [$window_start, $as_of): one row each. A neighbourhood officer is one whose team has
-- kind 'neighbourhood'; their area is the officer's area_code (else the team's). $area
-- (NULL = force) filters by that area, $team (NULL = all) by the officer's team.
--   known at as_of : recorded_at <= as_of (an abstraction recorded later is not counted)
--   hours          : the overlap of [starts_at, ends_at) with [window_start, as_of), in hours
--   planned        : recorded_at <= starts_at - $planned_notice_hours hours (else unplanned)
--   notice_hours   : starts_at - recorded_at in hours (negative: recorded after it began)
-- Definitions: docs/figures/safeguarding.md.
WITH nbh AS (
    SELECT o.officer_id, o.name, o.collar_number, o.team_id,
           coalesce(o.area_code, t.area_code) AS area_code
    FROM officers AS o
    JOIN teams AS t ON t.team_id = o.team_id
    WHERE lower(t.kind) = 'neighbourhood'
      AND ($area::TEXT IS NULL OR coalesce(o.area_code, t.area_code) = $area::TEXT)
      AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
)
SELECT
    a.officer_id,
    n.name,
    n.collar_number,
    n.team_id,
    n.area_code,
    a.starts_at,
    a.ends_at,
    a.reason,
    a.recorded_at,
    epoch(a.starts_at - a.recorded_at) / 3600.0 AS notice_hours,
    a.recorded_at <= a.starts_at - to_hours($planned_notice_hours::INTEGER) AS planned,
    epoch(least(a.ends_at, $as_of::TIMESTAMP)
          - greatest(a.starts_at, $window_start::TIMESTAMP)) / 3600.0 AS hours
FROM abstractions AS a
JOIN nbh AS n USING (officer_id)
WHERE a.recorded_at <= $as_of::TIMESTAMP
  AND a.starts_at < $as_of::TIMESTAMP
  AND a.ends_at > $window_start::TIMESTAMP
