-- How far the data reaches: the latest call or incident time, table sizes and who made it.
-- (One pass per table, pivoted: scalar subqueries side by side cost DuckDB's planner more
-- than the scans themselves.)
WITH per_table AS (
    SELECT 'calls' AS t, count(*) AS n, max(presented_at) AS last_at, min(presented_at) AS first_at
    FROM calls
    UNION ALL
    SELECT 'incidents', count(*), max(opened_at), min(opened_at) FROM incidents
    UNION ALL
    SELECT 'crimes', count(*), NULL, NULL FROM crimes
    UNION ALL
    SELECT 'suspects', count(*), NULL, NULL FROM suspects
    UNION ALL
    SELECT 'officers', count(*), NULL, NULL FROM officers
)
SELECT
    max(last_at) FILTER (WHERE t = 'calls') AS last_call_at,
    max(last_at) FILTER (WHERE t = 'incidents') AS last_incident_at,
    min(first_at) FILTER (WHERE t = 'calls') AS first_call_at,
    min(first_at) FILTER (WHERE t = 'incidents') AS first_incident_at,
    sum(n) FILTER (WHERE t = 'calls')::BIGINT AS calls,
    sum(n) FILTER (WHERE t = 'incidents')::BIGINT AS incidents,
    sum(n) FILTER (WHERE t = 'crimes')::BIGINT AS crimes,
    sum(n) FILTER (WHERE t = 'suspects')::BIGINT AS suspects,
    sum(n) FILTER (WHERE t = 'officers')::BIGINT AS officers,
    (SELECT any_value(value) FROM meta WHERE key = 'generator') AS generator
FROM per_table
