-- Everything known about one incident at as_of, in time order: its calls, opening,
-- deployments (dispatch, arrival, clearance), victim update and closure.
WITH inc AS (
    SELECT * FROM incidents
    WHERE incident_id = $incident_id AND opened_at <= $as_of::TIMESTAMP
),
events AS (
    SELECT presented_at AS at, 'call' AS kind,
           line || ' call ' || call_id || ' presented' AS detail, NULL AS officer_id
    FROM calls WHERE incident_id = $incident_id
    UNION ALL
    SELECT answered_at, 'call', line || ' call ' || call_id || ' answered', handler_id
    FROM calls WHERE incident_id = $incident_id
    UNION ALL
    SELECT abandoned_at, 'call', line || ' call ' || call_id || ' abandoned', NULL
    FROM calls WHERE incident_id = $incident_id AND answered_at IS NULL
    UNION ALL
    SELECT opened_at, 'incident', 'opened, grade ' || grade, NULL FROM inc
    UNION ALL
    SELECT dispatched_at, 'deployment', 'dispatched', officer_id
    FROM deployments WHERE incident_id = $incident_id
    UNION ALL
    SELECT arrived_at, 'deployment', 'arrived', officer_id
    FROM deployments WHERE incident_id = $incident_id
    UNION ALL
    SELECT cleared_at, 'deployment', 'cleared', officer_id
    FROM deployments WHERE incident_id = $incident_id
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
