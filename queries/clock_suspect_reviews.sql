-- requires: suspects_classified
-- Deadline clocks: suspect reviews (kinds suspect_90d_review, suspect_high_risk_review).
-- One row per clock of each suspect outstanding at $as_of (suspects_classified, the same
-- rows the suspects figures count).
--   suspect_90d_review: started_at = outstanding_since; due_at = outstanding_since +
--       $review_after_days days; done_at = the first review by a rank in $review_ranks at or
--       after due_at and at or before as_of (null: none yet).
--   suspect_high_risk_review (risk 'high' only): due_at = $high_risk_review_hours hours after
--       the later of outstanding_since and the latest review (any rank) at or before as_of;
--       done_at null (each review restarts the clock).
-- officer_id: the crime's officer in charge; team_id theirs; area_code the crime's.
SELECT 'suspect_90d_review' AS kind, suspect_id AS item_id, area_code, team_id,
       oic_officer_id AS officer_id,
       outstanding_since AS started_at,
       outstanding_since + to_days($review_after_days::INTEGER) AS due_at,
       senior_review_at AS done_at,
       risk || '-risk suspect · ' || coalesce(crime_type, 'suspect') AS label
FROM suspects_classified
UNION ALL
SELECT 'suspect_high_risk_review', suspect_id, area_code, team_id, oic_officer_id,
       greatest(outstanding_since, coalesce(last_review_at, outstanding_since)),
       greatest(outstanding_since, coalesce(last_review_at, outstanding_since))
           + to_hours($high_risk_review_hours::INTEGER),
       CAST(NULL AS TIMESTAMP),
       'high-risk suspect · ' || coalesce(crime_type, 'suspect')
FROM suspects_classified
WHERE risk = 'high'
