-- Rows in each table of schema v1, one row per table.
SELECT 'areas' AS table_name, count(*) AS row_count FROM areas
UNION ALL SELECT 'teams', count(*) FROM teams
UNION ALL SELECT 'officers', count(*) FROM officers
UNION ALL SELECT 'duties', count(*) FROM duties
UNION ALL SELECT 'calls', count(*) FROM calls
UNION ALL SELECT 'incidents', count(*) FROM incidents
UNION ALL SELECT 'deployments', count(*) FROM deployments
UNION ALL SELECT 'crimes', count(*) FROM crimes
UNION ALL SELECT 'suspects', count(*) FROM suspects
UNION ALL SELECT 'suspect_reviews', count(*) FROM suspect_reviews
UNION ALL SELECT 'street_crimes', count(*) FROM street_crimes
