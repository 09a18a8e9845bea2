-- Calls waiting at $as_of, per line (999 and 101 always present), whatever their
-- presentation time: presented_at < as_of (as the window, a call presented at T is not yet
-- counted), and neither answered nor abandoned by as_of.
--   waiting_now        = how many
--   longest_wait_now_s = as_of - the earliest presented_at among them (NULL when none)
-- "Neither by as_of" is read as three disjoint cases so each is a plain test on a stored
-- column: never answered nor abandoned; answered after as_of (and not abandoned by then);
-- abandoned after as_of, never answered. The time tests let the scan skip stored history
-- whose answers and abandonments all precede as_of.
WITH lines(line) AS (VALUES ('999'), ('101')),
open_calls AS (
    SELECT line, presented_at FROM calls
    WHERE presented_at < $as_of::TIMESTAMP AND answered_at IS NULL AND abandoned_at IS NULL
    UNION ALL
    SELECT line, presented_at FROM calls
    WHERE presented_at < $as_of::TIMESTAMP AND answered_at > $as_of::TIMESTAMP
      AND (abandoned_at IS NULL OR abandoned_at > $as_of::TIMESTAMP)
    UNION ALL
    SELECT line, presented_at FROM calls
    WHERE presented_at < $as_of::TIMESTAMP AND answered_at IS NULL
      AND abandoned_at > $as_of::TIMESTAMP
),
waiting AS (
    SELECT line,
           count(*) AS waiting_now,
           max(epoch($as_of::TIMESTAMP - presented_at)) AS longest_wait_now_s
    FROM open_calls
    GROUP BY line
)
SELECT lines.line, coalesce(waiting_now, 0) AS waiting_now, longest_wait_now_s
FROM lines
LEFT JOIN waiting USING (line)
ORDER BY lines.line = '101'
