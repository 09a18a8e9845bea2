-- Duties to roster again: those that started in ($since - $cycle_days days, $as_of -
-- $cycle_days days], i.e. the same rota slot one cycle earlier.
SELECT *
FROM duties
WHERE starts_at > $since::TIMESTAMP - to_days($cycle_days::INTEGER)
  AND starts_at <= $as_of::TIMESTAMP - to_days($cycle_days::INTEGER)
ORDER BY starts_at, officer_id
