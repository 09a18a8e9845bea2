-- Crimes recorded at or after $start (the live feed's) with whether each already has an
-- investigation plan and a supervisor review, up to $as_of.
SELECT
    c.crime_id,
    c.recorded_at,
    c.oic_officer_id,
    coalesce(bool_or(a.kind = 'investigation_plan'), false) AS planned,
    coalesce(bool_or(a.kind = 'supervisor_review'), false) AS reviewed
FROM crimes AS c
LEFT JOIN crime_actions AS a ON a.crime_id = c.crime_id AND a.acted_at <= $as_of::TIMESTAMP
WHERE c.recorded_at >= $start::TIMESTAMP
  AND c.recorded_at <= $as_of::TIMESTAMP
GROUP BY ALL
HAVING NOT (planned AND reviewed)
ORDER BY c.recorded_at, c.crime_id
