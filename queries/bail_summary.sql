-- requires: bail_active
-- Active pre-charge bail and RUI at as_of in scope, force-wide or per area ($by_area).
-- The expired, due-soon and overdue-review counts come from the deadline engine.
SELECT
    CASE WHEN $by_area THEN area_code END AS area_code,
    count(*) FILTER (WHERE kind = 'bail') AS bail_active,
    count(*) FILTER (WHERE kind = 'rui') AS rui_active,
    count(*) FILTER (WHERE kind = 'rui' AND high_harm) AS rui_high_harm
FROM bail_active
GROUP BY ALL
ORDER BY area_code
