-- Calls answered after $since and by $as_of that have no incident yet: candidates for one.
SELECT *
FROM calls
WHERE incident_id IS NULL
  AND answered_at > $since::TIMESTAMP
  AND answered_at <= $as_of::TIMESTAMP
ORDER BY answered_at, call_id
