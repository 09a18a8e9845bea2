-- Suspects outstanding at $as_of, with their latest review of any rank and whether an
-- inspector or above reviewed them after their $review_after_days-day mark.
SELECT
    s.*,
    max(r.reviewed_at) AS last_review_at,
    coalesce(bool_or(
        list_contains($review_ranks::TEXT[], lower(trim(r.reviewer_rank)))
        AND r.reviewed_at >= s.outstanding_since + to_days($review_after_days::INTEGER)
    ), false) AS senior_reviewed
FROM suspects AS s
LEFT JOIN suspect_reviews AS r ON r.suspect_id = s.suspect_id AND r.reviewed_at <= $as_of
WHERE s.resolved_at IS NULL
  AND s.outstanding_since <= $as_of::TIMESTAMP
GROUP BY ALL
ORDER BY s.outstanding_since, s.suspect_id
