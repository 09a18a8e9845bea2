-- requires: dvds_list
-- Clare's Law figures, force-wide or per area ($by_area): state at as_of (open, over the
-- disclosure limit, initial checks overdue) and the window's disclosures and the share made
-- within the limit. Definitions: docs/figures/safeguarding.md.
SELECT
    CASE WHEN $by_area THEN area_code END AS area_code,
    count(*) FILTER (WHERE is_open) AS open,
    count(*) FILTER (WHERE over_28_days) AS over_28_days,
    count(*) FILTER (WHERE initial_checks_overdue) AS initial_checks_overdue,
    count(*) FILTER (WHERE disclosed_in_window) AS disclosures,
    count(*) FILTER (WHERE disclosed_within_limit) AS disclosed_within_28d,
    100.0 * count(*) FILTER (WHERE disclosed_within_limit)
        / nullif(count(*) FILTER (WHERE disclosed_in_window), 0) AS disclosed_within_28d_pct
FROM dvds_list
GROUP BY ALL
ORDER BY area_code
