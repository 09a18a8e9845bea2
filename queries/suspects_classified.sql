-- One row per suspect outstanding at $as_of: outstanding_since <= as_of and not resolved by
-- as_of. $area (NULL = force) filters by the crime's area, $team (NULL = all) by the team of
-- the crime's officer in charge.
--   over_90_days_unreviewed : outstanding_since <= as_of - $review_after_days days, and no
--       review by a rank in $review_ranks (inspector and above by default) with
--       outstanding_since + $review_after_days days <= reviewed_at <= as_of
--   high_risk_not_reviewed_24h : risk 'high', outstanding_since <= as_of - $high_risk_review_hours
--       hours, and no review of any rank in (as_of - $high_risk_review_hours hours, as_of]
--   crime_open : the crime is recorded by as_of and not closed by as_of
--   team_id : the team of the crime's officer in charge
--   senior_review_at : the first review by a rank in $review_ranks with
--       outstanding_since + $review_after_days days <= reviewed_at <= as_of (the 90-day
--       review clock's done_at, queries/clock_suspect_reviews.sql)
WITH outstanding AS (
    SELECT
        s.suspect_id,
        s.crime_id,
        s.name,
        s.risk,
        s.outstanding_since,
        c.crime_type,
        c.area_code,
        c.oic_officer_id,
        oic.team_id,
        c.recorded_at,
        coalesce(c.recorded_at <= $as_of::TIMESTAMP
                 AND NOT coalesce(c.closed_at <= $as_of::TIMESTAMP, false), false) AS crime_open
    FROM suspects AS s
    LEFT JOIN crimes AS c USING (crime_id)
    LEFT JOIN officers AS oic ON oic.officer_id = c.oic_officer_id
    WHERE s.outstanding_since <= $as_of::TIMESTAMP
      AND NOT coalesce(s.resolved_at <= $as_of::TIMESTAMP, false)
      AND ($area::TEXT IS NULL OR c.area_code = $area::TEXT)
      AND ($team::TEXT IS NULL OR c.oic_officer_id IN (
          SELECT officer_id FROM officers WHERE team_id = $team::TEXT
      ))
),
reviews AS (
    SELECT
        r.suspect_id,
        count(*) AS reviews,
        max(r.reviewed_at) AS last_review_at,
        max(r.reviewed_at) FILTER (
            WHERE list_contains($review_ranks::TEXT[], lower(trim(r.reviewer_rank)))
        ) AS last_senior_review_at,
        bool_or(
            list_contains($review_ranks::TEXT[], lower(trim(r.reviewer_rank)))
            AND r.reviewed_at >= o.outstanding_since + to_days($review_after_days::INTEGER)
        ) AS senior_review_after_mark,
        min(r.reviewed_at) FILTER (
            WHERE list_contains($review_ranks::TEXT[], lower(trim(r.reviewer_rank)))
              AND r.reviewed_at >= o.outstanding_since + to_days($review_after_days::INTEGER)
        ) AS senior_review_at,
        bool_or(
            r.reviewed_at > $as_of::TIMESTAMP - to_hours($high_risk_review_hours::INTEGER)
        ) AS reviewed_recently
    FROM suspect_reviews AS r
    JOIN outstanding AS o USING (suspect_id)
    WHERE r.reviewed_at <= $as_of::TIMESTAMP
    GROUP BY r.suspect_id
)
SELECT
    o.*,
    epoch($as_of::TIMESTAMP - o.outstanding_since) / 86400.0 AS days_outstanding,
    coalesce(reviews.reviews, 0) AS reviews,
    reviews.last_review_at,
    reviews.last_senior_review_at,
    reviews.senior_review_at,
    o.outstanding_since <= $as_of::TIMESTAMP - to_days($review_after_days::INTEGER)
        AND NOT coalesce(reviews.senior_review_after_mark, false) AS over_90_days_unreviewed,
    o.risk = 'high'
        AND o.outstanding_since <= $as_of::TIMESTAMP - to_hours($high_risk_review_hours::INTEGER)
        AND NOT coalesce(reviews.reviewed_recently, false) AS high_risk_not_reviewed_24h
FROM outstanding AS o
LEFT JOIN reviews USING (suspect_id)
