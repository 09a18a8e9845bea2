-- Stop and searches the live feed recorded (searched at or after $start) not yet reviewed.
SELECT *
FROM stop_searches
WHERE searched_at >= $start::TIMESTAMP
  AND searched_at <= $as_of::TIMESTAMP
  AND reviewed_at IS NULL
ORDER BY searched_at, search_id
