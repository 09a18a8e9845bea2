-- Deployments dispatched in the $hours hours up to $as_of and not yet cleared, with the
-- incident's grade and whether its area is urban.
SELECT d.*, i.grade, coalesce(a.urban, true) AS urban
FROM deployments AS d
JOIN incidents AS i USING (incident_id)
LEFT JOIN areas AS a ON a.area_code = i.area_code
WHERE d.cleared_at IS NULL
  AND d.dispatched_at > $as_of::TIMESTAMP - to_hours($hours::INTEGER)
  AND d.dispatched_at <= $as_of::TIMESTAMP
ORDER BY d.dispatched_at, d.incident_id, d.officer_id
