-- requires: calls_classified
-- Call-handling figures per line and call handler (calls.handler_id), over the calls presented
-- in the window [$window_start, $as_of), classified as at $as_of by calls_classified: exactly
-- the definitions of calls_summary, so each line's rows sum to its summary counts (a call with
-- no handler, e.g. abandoned or still waiting, is the row whose handler_id is NULL).
-- The handler's collar number and name come from officers (officer_id = handler_id) when the
-- officers table has them (NULL otherwise). Definitions: docs/call-handling.md.
--   answered_within_10s_pct = 100 * answered_within_10s / target_base   (NULL when base is 0)
--   abandoned_pct           = 100 * abandoned / (answered + abandoned) (NULL when 0)
--   mean_answer_s           = mean answer time over the handler's answered calls
-- Calls are force-wide: no area or team filter.
WITH grouped AS (
    SELECT
        line,
        handler_id,
        count(*) AS presented,
        count(*) FILTER (WHERE status = 'answered') AS answered,
        count(*) FILTER (WHERE status = 'abandoned') AS abandoned,
        count(*) FILTER (WHERE status = 'waiting') AS waiting,
        count(*) FILTER (WHERE within_target) AS answered_within_10s,
        count(*) FILTER (WHERE in_target_base) AS target_base,
        avg(answer_s) AS mean_answer_s
    FROM calls_classified
    GROUP BY line, handler_id
)
SELECT
    grouped.line,
    grouped.handler_id,
    officers.collar_number,
    officers.name,
    presented,
    answered,
    abandoned,
    waiting,
    answered_within_10s,
    target_base,
    CASE WHEN target_base > 0 THEN 100.0 * answered_within_10s / target_base END
        AS answered_within_10s_pct,
    CASE WHEN answered + abandoned > 0 THEN 100.0 * abandoned / (answered + abandoned) END
        AS abandoned_pct,
    mean_answer_s
FROM grouped
LEFT JOIN officers ON officers.officer_id = grouped.handler_id
ORDER BY grouped.line = '101', grouped.handler_id NULLS LAST
