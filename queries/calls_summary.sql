-- requires: calls_classified
-- Call-handling figures per line (999 and 101 always present), optionally per hour
-- ($by_hour) or per day ($by_day, column day) for trends, or per call handler ($by_handler,
-- column handler_id: calls_by_handler.sql). Definitions: docs/metrics.md, "Calls".
--   answered_within_10s_pct = 100 * within_target / in_target_base   (NULL when base is 0)
--   abandoned_pct           = 100 * abandoned / (answered + abandoned) (NULL when 0)
--   mean_answer_s           = mean answer time over answered calls
--   longest_wait_now_s      = longest current wait over waiting calls
WITH lines(line) AS (VALUES ('999'), ('101')),
grouped AS (
    SELECT
        line,
        CASE WHEN $by_hour THEN date_trunc('hour', presented_at) END AS hour,
        CASE WHEN $by_day THEN date_trunc('day', presented_at) END AS day,
        CASE WHEN $by_handler THEN handler_id END AS handler_id,
        count(*) AS presented,
        count(*) FILTER (WHERE status = 'answered') AS answered,
        count(*) FILTER (WHERE status = 'abandoned') AS abandoned,
        count(*) FILTER (WHERE status = 'waiting') AS waiting,
        count(*) FILTER (WHERE within_target) AS answered_within_10s,
        count(*) FILTER (WHERE in_target_base) AS target_base,
        avg(answer_s) AS mean_answer_s,
        max(waiting_s) AS longest_wait_now_s
    FROM calls_classified
    GROUP BY ALL
)
SELECT
    lines.line,
    grouped.hour,
    grouped.day,
    grouped.handler_id,
    coalesce(presented, 0) AS presented,
    coalesce(answered, 0) AS answered,
    coalesce(abandoned, 0) AS abandoned,
    coalesce(waiting, 0) AS waiting,
    coalesce(answered_within_10s, 0) AS answered_within_10s,
    coalesce(target_base, 0) AS target_base,
    CASE WHEN target_base > 0 THEN 100.0 * answered_within_10s / target_base END
        AS answered_within_10s_pct,
    CASE WHEN answered + abandoned > 0 THEN 100.0 * abandoned / (answered + abandoned) END
        AS abandoned_pct,
    mean_answer_s,
    longest_wait_now_s
FROM lines
LEFT JOIN grouped USING (line)
ORDER BY lines.line = '101', grouped.hour, grouped.day
