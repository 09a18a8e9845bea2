-- requires: suspects_classified
-- Outstanding suspects at as_of and those overdue for review, force-wide or per area
-- ($by_area). Definitions: docs/metrics.md, "Suspects".
SELECT
    CASE WHEN $by_area THEN area_code END AS area_code,
    count(*) AS outstanding,
    count(*) FILTER (WHERE over_90_days_unreviewed) AS over_90_days_unreviewed,
    count(*) FILTER (WHERE high_risk_not_reviewed_24h) AS high_risk_not_reviewed_24h,
    count(*) FILTER (WHERE risk = 'high') AS high_risk
FROM suspects_classified
GROUP BY ALL
ORDER BY area_code
