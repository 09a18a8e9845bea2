-- How far the data reaches: the latest call or incident time and table sizes.
SELECT
    (SELECT max(presented_at) FROM calls) AS last_call_at,
    (SELECT max(opened_at) FROM incidents) AS last_incident_at,
    (SELECT min(presented_at) FROM calls) AS first_call_at,
    (SELECT count(*) FROM calls) AS calls,
    (SELECT count(*) FROM incidents) AS incidents,
    (SELECT count(*) FROM crimes) AS crimes,
    (SELECT count(*) FROM suspects) AS suspects,
    (SELECT count(*) FROM officers) AS officers,
    (SELECT value FROM meta WHERE key = 'generator') AS generator
