-- requires: neighbourhood_officers
-- Neighbourhood abstraction in the window, force-wide or per area ($by_area): rostered and
-- abstracted hours of neighbourhood officers, the abstracted share of rostered hours and
-- the unplanned share of abstracted hours. Definitions: docs/figures/safeguarding.md.
SELECT
    CASE WHEN $by_area THEN area_code END AS area_code,
    count(*) AS officers,
    coalesce(sum(rostered_hours), 0.0) AS rostered_hours,
    coalesce(sum(abstracted_hours), 0.0) AS abstracted_hours,
    coalesce(sum(unplanned_hours), 0.0) AS unplanned_hours,
    100.0 * sum(abstracted_hours) / nullif(sum(rostered_hours), 0.0) AS abstracted_pct,
    100.0 * sum(unplanned_hours) / nullif(sum(abstracted_hours), 0.0) AS unplanned_pct
FROM neighbourhood_officers
GROUP BY ALL
ORDER BY area_code
