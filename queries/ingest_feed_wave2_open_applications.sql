-- Clare's Law applications the live feed recorded (received at or after $start) without
-- their initial checks.
SELECT *
FROM dvds_applications
WHERE received_at >= $start::TIMESTAMP
  AND received_at <= $as_of::TIMESTAMP
  AND initial_checks_at IS NULL
ORDER BY received_at, application_id
