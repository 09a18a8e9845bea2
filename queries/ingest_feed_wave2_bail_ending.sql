-- Pre-charge bail still running at $as_of whose current end (the latest extension's, else
-- the bail's own) falls within $days days, with the extensions so far.
SELECT
    b.bail_id,
    b.started_at,
    greatest(b.ends_at, max(e.ends_at)) AS current_end,
    max(e.authorised_at) AS last_authorised_at,
    count(e.bail_id) AS extensions
FROM bail AS b
LEFT JOIN bail_extensions AS e ON e.bail_id = b.bail_id AND e.authorised_at <= $as_of::TIMESTAMP
WHERE b.kind = 'bail'
  AND b.started_at <= $as_of::TIMESTAMP
  AND (b.concluded_at IS NULL OR b.concluded_at > $as_of::TIMESTAMP)
GROUP BY b.bail_id, b.started_at, b.ends_at
HAVING current_end > $as_of::TIMESTAMP
   AND current_end <= $as_of::TIMESTAMP + to_days($days::INTEGER)
ORDER BY current_end, b.bail_id
