-- Everything known about one incident at as_of, in time order: its calls, opening,
-- deployments (dispatch, arrival, clearance), victim update and closure.
WITH inc AS (
    SELECT * FROM incidents
    WHERE incident_id = $incident_id AND opened_at <= $as_of::TIMESTAMP
),
its_calls AS MATERIALIZED (
    SELECT call_id, line, presented_at, answered_at, abandoned_at, handler_id
    FROM calls WHERE incident_id = $incident_id
),
its_deployments AS MATERIALIZED (
    SELECT officer_id, dispatched_at, arrived_at, cleared_at
    FROM deployments WHERE incident_id = $incident_id
),
events AS (
    SELECT presented_at AS at, 'call' AS kind,
           line || ' call ' || call_id || ' presented' AS detail, NULL AS officer_id
    FROM its_calls
    UNION ALL
    SELECT answered_at, 'call', line || ' call ' || call_id || ' answered', handler_id
    FROM its_calls
    UNION ALL
    SELECT abandoned_at, 'call', line || ' call ' || call_id || ' abandoned', NULL
    FROM its_calls WHERE answered_at IS NULL
    UNION ALL
    SELECT opened_at, 'incident', 'opened, grade ' || grade, NULL FROM inc
    UNION ALL
    SELECT dispatched_at, 'deployment', 'dispatched', officer_id FROM its_deployments
    UNION ALL
    SELECT arrived_at, 'deployment', 'arrived', officer_id FROM its_deployments
    UNION ALL
    SELECT cleared_at, 'deployment', 'cleared', officer_id FROM its_deployments
    UNION ALL
    SELECT victim_updated_at, 'victim', 'victim told of delay', NULL FROM inc
    UNION ALL
    SELECT closed_at, 'incident', 'closed', NULL FROM inc
)
SELECT e.at, e.kind, e.detail, e.officer_id, o.name AS officer_name
FROM events AS e
LEFT JOIN officers AS o USING (officer_id)
WHERE e.at IS NOT NULL AND e.at <= $as_of::TIMESTAMP
  AND EXISTS (SELECT 1 FROM inc)
ORDER BY e.at, e.kind
