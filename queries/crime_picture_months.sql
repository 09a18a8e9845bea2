-- The months of published street crimes the crime picture compares (one row per month).
--   latest   : the latest month in street_crimes at or before $as_of (data.police.uk publishes
--              a month some weeks after it ends, so this is usually a month or two back)
--   baseline : up to $baseline_months months before it that have any street crimes at all
--              (force-wide, whatever $area), the most recent first
-- No row at all when no month is at or before $as_of.
WITH present AS (
    SELECT DISTINCT month
    FROM street_crimes
    WHERE month::TIMESTAMP <= $as_of::TIMESTAMP
),
ranked AS (
    SELECT month, row_number() OVER (ORDER BY month DESC) - 1 AS months_back
    FROM present
)
SELECT month, months_back, months_back = 0 AS is_latest
FROM ranked
WHERE months_back <= greatest($baseline_months::INTEGER, 0)
