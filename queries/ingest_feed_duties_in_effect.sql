-- How many duties are in effect at $as_of (started by then, not yet ended): none when the
-- live feed starts after a gap in the roster (a database last written days ago).
SELECT count(*) AS duties
FROM duties
WHERE starts_at <= $as_of::TIMESTAMP
  AND ends_at > $as_of::TIMESTAMP
