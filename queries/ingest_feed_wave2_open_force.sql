-- Uses of force the live feed recorded (used at or after $start) whose form is not yet
-- submitted or not yet checked.
SELECT *
FROM use_of_force
WHERE used_at >= $start::TIMESTAMP
  AND used_at <= $as_of::TIMESTAMP
  AND (submitted_at IS NULL OR checked_at IS NULL)
ORDER BY used_at, uof_id
