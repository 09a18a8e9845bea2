-- requires: crime_picture_months
-- Street crimes in the latest published month against the average month before it, for the
-- whole scope (by_area and by_type false), per area (by_area), per crime type (by_type) or
-- both: every grouping in one result, each row saying which it belongs to. $area (NULL = force)
-- filters by area_code; the force counts every row, whatever its area (rows outside the force
-- or with no location have no area_code). Months as in crime_picture_months.
--   crimes         : street crimes in the latest month
--   baseline_total : street crimes in the baseline months
--   average        : baseline_total / baseline_months (NULL when there is no earlier month;
--                    a baseline month without any of the group's crimes counts as 0)
--   change         : crimes - average;  change_pct : 100 * change / average (NULL if average 0)
--   trend          : 'up' when change_pct > $crime_flat_pct, 'down' when < -$crime_flat_pct,
--                    else 'flat' (average 0: 'up' if crimes > 0, else 'flat'); NULL with no
--                    baseline month
-- A group with no crimes in the latest or the baseline months has no row.
WITH months AS (
    SELECT
        (SELECT month FROM crime_picture_months WHERE is_latest) AS month,
        (SELECT count(*) FROM crime_picture_months WHERE NOT is_latest) AS baseline_months
),
counted AS (
    -- every grouping in one pass; metrics.crime_picture keeps the one asked for
    SELECT
        grouping(s.area_code) = 0 AS by_area,
        grouping(s.crime_type) = 0 AS by_type,
        s.area_code,
        s.crime_type,
        count(*) FILTER (WHERE m.is_latest) AS crimes,
        count(*) FILTER (WHERE NOT m.is_latest) AS baseline_total
    FROM street_crimes AS s
    JOIN crime_picture_months AS m USING (month)
    WHERE ($area::TEXT IS NULL OR s.area_code = $area::TEXT)
    GROUP BY GROUPING SETS ((), (s.area_code), (s.crime_type), (s.area_code, s.crime_type))
    HAVING count(*) > 0
),
averaged AS (
    SELECT
        c.by_area,
        c.by_type,
        c.area_code,
        c.crime_type,
        months.month,
        c.crimes,
        months.baseline_months,
        c.baseline_total,
        CASE WHEN months.baseline_months > 0
             THEN c.baseline_total / months.baseline_months END AS average
    FROM counted AS c, months
)
SELECT
    *,
    crimes - average AS change,
    CASE WHEN average > 0 THEN 100.0 * (crimes - average) / average END AS change_pct,
    CASE
        WHEN average IS NULL THEN NULL
        WHEN average = 0 THEN CASE WHEN crimes > 0 THEN 'up' ELSE 'flat' END
        WHEN 100.0 * (crimes - average) / average > $crime_flat_pct::DOUBLE THEN 'up'
        WHEN 100.0 * (crimes - average) / average < -$crime_flat_pct::DOUBLE THEN 'down'
        ELSE 'flat'
    END AS trend
FROM averaged
ORDER BY area_code NULLS LAST, crimes DESC, crime_type
