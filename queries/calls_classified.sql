-- One row per call presented in the window [$window_start, $as_of), classified as at $as_of.
-- Only events at or before $as_of count, so a past as-of reproduces what was knowable then.
--   answered  : answered_at <= as_of
--   abandoned : abandoned_at <= as_of and not answered
--   waiting   : neither
--   within_target : answered and answered_at - presented_at <= $answer_target_s
--   in_target_base: counts in the denominator of answered_within_10s_pct: answered, abandoned,
--                   or waiting for longer than $answer_target_s at as_of
-- Calls are force-wide: no area filter.
SELECT
    call_id,
    line,
    presented_at,
    CASE WHEN answered_at <= $as_of THEN answered_at END AS answered_at,
    CASE WHEN abandoned_at <= $as_of AND NOT coalesce(answered_at <= $as_of, false)
         THEN abandoned_at END AS abandoned_at,
    handler_id,
    incident_id,
    CASE
        WHEN answered_at <= $as_of THEN 'answered'
        WHEN abandoned_at <= $as_of THEN 'abandoned'
        ELSE 'waiting'
    END AS status,
    CASE WHEN answered_at <= $as_of
         THEN epoch(answered_at - presented_at) END AS answer_s,
    CASE WHEN NOT coalesce(answered_at <= $as_of, false)
              AND NOT coalesce(abandoned_at <= $as_of, false)
         THEN epoch($as_of::TIMESTAMP - presented_at) END AS waiting_s,
    coalesce(answered_at <= $as_of
             AND epoch(answered_at - presented_at) <= $answer_target_s, false) AS within_target,
    coalesce(answered_at <= $as_of, false)
        OR coalesce(abandoned_at <= $as_of, false)
        OR epoch($as_of::TIMESTAMP - presented_at) > $answer_target_s AS in_target_base
FROM calls
WHERE presented_at >= $window_start::TIMESTAMP
  AND presented_at < $as_of::TIMESTAMP
