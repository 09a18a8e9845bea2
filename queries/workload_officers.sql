-- requires: suspects_classified
-- Workload per officer in charge at as_of: distinct open crimes (crimes.oic_officer_id) with
-- at least one outstanding suspect. over_trigger when crimes > $workload_max_crimes.
-- Ordered by crimes descending, then officer_id. $area filters by the crime's area.
WITH per_officer AS (
    SELECT oic_officer_id AS officer_id,
           count(DISTINCT crime_id) AS crimes,
           count(*) AS outstanding_suspects,
           count(*) FILTER (WHERE risk = 'high') AS high_risk_suspects,
           min(outstanding_since) AS oldest_outstanding_since
    FROM suspects_classified
    WHERE crime_open AND oic_officer_id IS NOT NULL
    GROUP BY oic_officer_id
)
SELECT
    p.officer_id,
    p.crimes,
    p.crimes > $workload_max_crimes AS over_trigger,
    o.name,
    o.collar_number,
    o.rank,
    o.team_id,
    o.area_code,
    p.outstanding_suspects,
    p.high_risk_suspects,
    p.oldest_outstanding_since
FROM per_officer AS p
LEFT JOIN officers AS o USING (officer_id)
ORDER BY p.crimes DESC, p.officer_id
