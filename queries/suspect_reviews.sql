-- The reviews of one suspect made at or before as_of, newest first.
SELECT reviewed_at, reviewer_rank
FROM suspect_reviews
WHERE suspect_id = $suspect_id AND reviewed_at <= $as_of::TIMESTAMP
ORDER BY reviewed_at DESC
