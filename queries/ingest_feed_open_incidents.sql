-- Incidents opened in the $hours hours up to $as_of and not closed, with their deployments:
-- how many, how many arrived, how many cleared, the latest clearance and the first officer.
WITH open_incidents AS (
    SELECT *
    FROM incidents
    WHERE closed_at IS NULL
      AND opened_at > $as_of::TIMESTAMP - to_hours($hours::INTEGER)
      AND opened_at <= $as_of::TIMESTAMP
)
SELECT
    i.*,
    coalesce(a.urban, true) AS urban,
    count(d.officer_id) AS deployed,
    count(d.arrived_at) AS arrived,
    count(d.cleared_at) AS cleared,
    max(d.cleared_at) AS last_cleared_at,
    arg_min(d.officer_id, d.dispatched_at) AS first_officer_id
FROM open_incidents AS i
LEFT JOIN areas AS a USING (area_code)
LEFT JOIN deployments AS d USING (incident_id)
GROUP BY ALL
ORDER BY i.opened_at, i.incident_id
