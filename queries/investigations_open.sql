-- The crimes open at $as_of (recorded by as_of, not closed by as_of) in scope: $area (NULL =
-- force) by the crime's area, $team (NULL = all) by the team of its officer in charge
-- (officers.team_id of crimes.oic_officer_id). One row per crime with what its clocks need:
--   allocated_at (only when <= as_of), first_plan_at (the first investigation_plan action
--   with acted_at <= as_of), last_review_at (the latest supervisor_review action with
--   acted_at <= as_of), reviews (how many), days_open, long_open (recorded_at <= as_of -
--   $long_open_days days). Definitions: docs/figures/investigations.md.
WITH open_crimes AS (
    SELECT c.crime_id, c.recorded_at, c.crime_type, c.area_code, c.oic_officer_id,
           o.team_id,
           CASE WHEN c.allocated_at <= $as_of::TIMESTAMP THEN c.allocated_at END AS allocated_at,
           coalesce(c.victim_enhanced, false) AS victim_enhanced,
           coalesce(c.domestic_abuse, false) AS domestic_abuse,
           coalesce(c.sexual_offence, false) AS sexual_offence
    FROM crimes AS c
    LEFT JOIN officers AS o ON o.officer_id = c.oic_officer_id
    WHERE c.recorded_at <= $as_of::TIMESTAMP
      AND NOT coalesce(c.closed_at <= $as_of::TIMESTAMP, false)
      AND ($area::TEXT IS NULL OR c.area_code = $area::TEXT)
      AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
),
actions AS (
    SELECT a.crime_id,
           min(a.acted_at) FILTER (WHERE a.kind = 'investigation_plan') AS first_plan_at,
           max(a.acted_at) FILTER (WHERE a.kind = 'supervisor_review') AS last_review_at,
           count(*) FILTER (WHERE a.kind = 'supervisor_review') AS reviews
    FROM crime_actions AS a
    SEMI JOIN open_crimes AS oc ON oc.crime_id = a.crime_id
    WHERE a.acted_at <= $as_of::TIMESTAMP
    GROUP BY a.crime_id
)
SELECT oc.*,
       actions.first_plan_at,
       actions.last_review_at,
       coalesce(actions.reviews, 0) AS reviews,
       epoch($as_of::TIMESTAMP - oc.recorded_at) / 86400.0 AS days_open,
       oc.recorded_at <= $as_of::TIMESTAMP - to_days($long_open_days::INTEGER) AS long_open
FROM open_crimes AS oc
LEFT JOIN actions USING (crime_id)
