-- requires: bail_active
-- Deadline clocks of active bail (kinds bail_expiry, rui_review), as bail_active:
--   bail_expiry (kind bail): due at the current end at as_of; done_at the conclusion (null
--       or after as_of: an active record is not concluded by as_of).
--   rui_review (kind rui): started at the latest review of its crime since the rui began
--       (else its start), due $rui_review_days days later; done_at null (a review restarts it).
SELECT 'bail_expiry' AS kind, bail_id AS item_id, area_code, team_id, officer_id,
       started_at, current_end AS due_at, concluded_at AS done_at,
       'bail · ' || crime_type || ' · next: ' || next_authority AS label,
       next_authority, level
FROM bail_active
WHERE kind = 'bail'
UNION ALL
SELECT 'rui_review', bail_id, area_code, team_id, officer_id,
       review_started_at, review_due_at, CAST(NULL AS TIMESTAMP),
       'RUI · ' || crime_type || CASE WHEN high_harm THEN ' · high harm' ELSE '' END,
       NULL, level
FROM bail_active
WHERE kind = 'rui'
