-- For the stop-and-search import: the district (area_code) of each anonymised map point of
-- the published street crimes (latitude, longitude rounded to 6 decimals, as published).
-- A point whose street crimes carry more than one area code takes the most frequent
-- (ties: the smallest code). Points with no area code are left out.
SELECT round(latitude, 6) AS latitude, round(longitude, 6) AS longitude,
       arg_min(area_code, (-n, area_code)) AS area_code
FROM (
    SELECT latitude, longitude, area_code, count(*) AS n
    FROM street_crimes
    WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND area_code IS NOT NULL
    GROUP BY ALL
)
GROUP BY ALL
