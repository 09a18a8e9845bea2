-- The deployments to one incident known at as_of (later times shown as not yet happened).
SELECT
    d.officer_id,
    o.name AS officer_name,
    o.collar_number,
    o.rank,
    d.dispatched_at,
    CASE WHEN d.arrived_at <= $as_of::TIMESTAMP THEN d.arrived_at END AS arrived_at,
    CASE WHEN d.cleared_at <= $as_of::TIMESTAMP THEN d.cleared_at END AS cleared_at
FROM deployments AS d
LEFT JOIN officers AS o USING (officer_id)
WHERE d.incident_id = $incident_id AND d.dispatched_at <= $as_of::TIMESTAMP
ORDER BY d.dispatched_at, d.officer_id
