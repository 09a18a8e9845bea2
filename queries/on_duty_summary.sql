-- requires: on_duty_officers
-- Officers on duty and committed at as_of, force-wide or per duty area ($by_area).
SELECT
    CASE WHEN $by_area THEN area_code END AS area_code,
    count(*) AS officers,
    count(*) FILTER (WHERE committed) AS committed,
    count(*) FILTER (WHERE NOT committed) AS available
FROM on_duty_officers
GROUP BY ALL
ORDER BY area_code
