-- requires: investigations_open
-- Open crimes at as_of in scope and those open longer than $long_open_days days, force-wide
-- or per area ($by_area). The overdue counts come from the deadline engine.
SELECT
    CASE WHEN $by_area THEN area_code END AS area_code,
    count(*) AS open,
    count(*) FILTER (WHERE long_open) AS long_open
FROM investigations_open
GROUP BY ALL
ORDER BY area_code
