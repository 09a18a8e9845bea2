-- Names already used for suspects, to make up new ones from.
SELECT DISTINCT name FROM suspects WHERE name IS NOT NULL ORDER BY name LIMIT 2000
