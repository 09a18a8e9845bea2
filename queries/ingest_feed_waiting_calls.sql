-- Calls neither answered nor abandoned, presented in the $hours hours up to $as_of.
SELECT *
FROM calls
WHERE answered_at IS NULL
  AND abandoned_at IS NULL
  AND presented_at > $as_of::TIMESTAMP - to_hours($hours::INTEGER)
  AND presented_at <= $as_of::TIMESTAMP
ORDER BY presented_at, call_id
