-- Crime types to imitate, weighted by how often each was recorded.
SELECT crime_type, count(*) AS weight
FROM crimes
GROUP BY crime_type
ORDER BY crime_type
