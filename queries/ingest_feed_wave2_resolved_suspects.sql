-- Suspects resolved (arrested) in ($since, $as_of], with their crime.
SELECT suspect_id, crime_id, resolved_at
FROM suspects
WHERE resolved_at > $since::TIMESTAMP
  AND resolved_at <= $as_of::TIMESTAMP
ORDER BY resolved_at, suspect_id
