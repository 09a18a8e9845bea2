-- Deadline clocks: suspect reviews (kinds suspect_90d_review, suspect_high_risk_review).
-- One row per clock of each suspect outstanding at $as_of (as suspects_classified).
--   suspect_90d_review: started_at = outstanding_since; due_at = outstanding_since +
--       $review_after_days days; done_at = the first review by a rank in $review_ranks at or
--       after due_at and at or before as_of (null: none yet).
--   suspect_high_risk_review (risk 'high' only): due_at = $high_risk_review_hours hours after
--       the later of outstanding_since and the latest review (any rank) at or before as_of;
--       done_at null (each review restarts the clock).
-- officer_id: the crime's officer in charge; team_id theirs; area_code the crime's.
WITH outstanding AS (
    SELECT s.suspect_id, s.risk, s.outstanding_since, c.area_code, c.oic_officer_id,
           coalesce(c.crime_type, 'suspect') AS crime_type
    FROM suspects AS s
    LEFT JOIN crimes AS c USING (crime_id)
    WHERE s.outstanding_since <= $as_of::TIMESTAMP
      AND NOT coalesce(s.resolved_at <= $as_of::TIMESTAMP, false)
),
reviews AS (
    SELECT r.suspect_id,
           max(r.reviewed_at) AS last_review_at,
           min(r.reviewed_at) FILTER (
               WHERE list_contains($review_ranks::TEXT[], lower(trim(r.reviewer_rank)))
                 AND r.reviewed_at >= o.outstanding_since + to_days($review_after_days::INTEGER)
           ) AS senior_review_at
    FROM suspect_reviews AS r
    JOIN outstanding AS o USING (suspect_id)
    WHERE r.reviewed_at <= $as_of::TIMESTAMP
    GROUP BY r.suspect_id
)
SELECT 'suspect_90d_review' AS kind, o.suspect_id AS item_id, o.area_code,
       officers.team_id, o.oic_officer_id AS officer_id,
       o.outstanding_since AS started_at,
       o.outstanding_since + to_days($review_after_days::INTEGER) AS due_at,
       reviews.senior_review_at AS done_at,
       o.risk || '-risk suspect · ' || o.crime_type AS label
FROM outstanding AS o
LEFT JOIN reviews USING (suspect_id)
LEFT JOIN officers ON officers.officer_id = o.oic_officer_id
UNION ALL
SELECT 'suspect_high_risk_review', o.suspect_id, o.area_code,
       officers.team_id, o.oic_officer_id,
       greatest(o.outstanding_since, coalesce(reviews.last_review_at, o.outstanding_since)),
       greatest(o.outstanding_since, coalesce(reviews.last_review_at, o.outstanding_since))
           + to_hours($high_risk_review_hours::INTEGER),
       CAST(NULL AS TIMESTAMP),
       'high-risk suspect · ' || o.crime_type
FROM outstanding AS o
LEFT JOIN reviews USING (suspect_id)
LEFT JOIN officers ON officers.officer_id = o.oic_officer_id
WHERE o.risk = 'high'
