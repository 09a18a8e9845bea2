-- requires: attendance_classified
-- Attendance figures per grade (1 and 2 always present), optionally per area ($by_area)
-- and per hour ($by_hour) or day ($by_day, column day) opened. Definitions: docs/metrics.md,
-- "Attendance".
--   late     = attended_late + breaching_now
--   due      = attended + breaching_now
--   late_pct = 100 * late / due (NULL when due is 0)
WITH grades(grade) AS (VALUES (1), (2)),
grouped AS (
    SELECT
        grade,
        CASE WHEN $by_area THEN area_code END AS area_code,
        CASE WHEN $by_hour THEN date_trunc('hour', opened_at) END AS hour,
        CASE WHEN $by_day THEN date_trunc('day', opened_at) END AS day,
        count(*) AS opened,
        count(*) FILTER (WHERE attended) AS attended,
        count(*) FILTER (WHERE attended_late) AS attended_late,
        count(*) FILTER (WHERE breaching_now) AS breaching_now,
        count(*) FILTER (WHERE victim_not_updated) AS victim_not_updated,
        avg(response_min) AS mean_response_min
    FROM attendance_classified
    GROUP BY ALL
)
SELECT
    grades.grade::INTEGER AS grade,
    grouped.area_code,
    grouped.hour,
    grouped.day,
    coalesce(opened, 0) AS opened,
    coalesce(attended + breaching_now, 0) AS due,
    coalesce(attended_late + breaching_now, 0) AS late,
    CASE WHEN attended + breaching_now > 0
         THEN 100.0 * (attended_late + breaching_now) / (attended + breaching_now) END AS late_pct,
    coalesce(breaching_now, 0) AS breaching_now,
    coalesce(victim_not_updated, 0) AS victim_not_updated,
    coalesce(attended, 0) AS attended,
    coalesce(attended_late, 0) AS attended_late,
    mean_response_min
FROM grades
LEFT JOIN grouped USING (grade)
ORDER BY grades.grade, grouped.area_code, grouped.hour, grouped.day
