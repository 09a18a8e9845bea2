-- Key decisions made at or after $start (the live feed's) whose victim is not yet told.
SELECT *
FROM key_decisions
WHERE decided_at >= $start::TIMESTAMP
  AND decided_at <= $as_of::TIMESTAMP
  AND victim_informed_at IS NULL
ORDER BY decided_at, decision_id
