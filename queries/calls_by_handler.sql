-- inline: calls_summary
-- Call-handling figures per line and call handler (calls.handler_id): calls_summary's own
-- figures grouped by handler ($by_handler), so there is one definition and each line's rows
-- sum to its summary counts. A call with no handler (abandoned or still waiting, say) is the
-- row whose handler_id is NULL; a line with no calls in the window has no row.
-- The handler's collar number and name come from officers (officer_id = handler_id) when the
-- officers table has them (NULL otherwise). Definitions: docs/call-handling.md.
-- Calls are force-wide: no area or team filter.
SELECT
    s.line,
    s.handler_id,
    officers.collar_number,
    officers.name,
    s.presented,
    s.answered,
    s.abandoned,
    s.waiting,
    s.answered_within_10s,
    s.target_base,
    s.answered_within_10s_pct,
    s.abandoned_pct,
    s.mean_answer_s
FROM calls_summary AS s
LEFT JOIN officers ON officers.officer_id = s.handler_id
WHERE s.presented > 0
ORDER BY s.line = '101', s.handler_id NULLS LAST
