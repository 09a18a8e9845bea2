-- requires: investigations_open
-- Deadline clocks of open crimes (kinds crime_allocation, investigation_plan,
-- supervisor_review), one row per clock of each crime open at $as_of in scope:
--   crime_allocation: due recorded_at + $allocate_within_hours hours, done at allocated_at.
--   investigation_plan: due recorded_at + $plan_within_days days, done at the first plan.
--   supervisor_review: started at the latest review at or before as_of (else recorded_at),
--       due $review_every_days days after it; done_at null (each review restarts it).
-- officer_id: the officer in charge; team_id theirs; area_code the crime's.
SELECT 'crime_allocation' AS kind, crime_id AS item_id, area_code, team_id,
       oic_officer_id AS officer_id, recorded_at AS started_at,
       recorded_at + to_hours($allocate_within_hours::INTEGER) AS due_at,
       allocated_at AS done_at,
       crime_type || ' · not allocated' AS label
FROM investigations_open
UNION ALL
SELECT 'investigation_plan', crime_id, area_code, team_id, oic_officer_id, recorded_at,
       recorded_at + to_days($plan_within_days::INTEGER), first_plan_at,
       crime_type || ' · no investigation plan'
FROM investigations_open
UNION ALL
SELECT 'supervisor_review', crime_id, area_code, team_id, oic_officer_id,
       coalesce(last_review_at, recorded_at),
       coalesce(last_review_at, recorded_at) + to_days($review_every_days::INTEGER),
       CAST(NULL AS TIMESTAMP),
       crime_type || CASE WHEN last_review_at IS NULL THEN ' · never reviewed'
                          ELSE ' · review due' END
FROM investigations_open
