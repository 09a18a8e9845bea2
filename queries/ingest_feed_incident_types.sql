-- Incident kinds to imitate, weighted by how often each (grade, category, summary, area)
-- occurred in the $days days before $as_of (all time when there are none in that range).
WITH recent AS (
    SELECT grade, category, summary, area_code
    FROM incidents
    WHERE opened_at > $as_of::TIMESTAMP - to_days($days::INTEGER)
      AND opened_at <= $as_of::TIMESTAMP
),
chosen AS (
    SELECT * FROM recent
    UNION ALL
    SELECT grade, category, summary, area_code FROM incidents
    WHERE NOT EXISTS (SELECT 1 FROM recent)
)
SELECT grade, category, summary, area_code, count(*) AS weight
FROM chosen
GROUP BY ALL
ORDER BY grade, category NULLS FIRST, summary NULLS FIRST, area_code
