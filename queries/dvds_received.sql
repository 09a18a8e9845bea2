-- How many Clare's Law applications were received by $as_of (in the area and team scope):
-- zero means there is nothing to count, not nothing wrong.
SELECT count(*) AS received
FROM dvds_applications AS a
LEFT JOIN officers AS o ON o.officer_id = a.officer_id
WHERE a.received_at <= $as_of::TIMESTAMP
  AND ($area::TEXT IS NULL OR a.area_code = $area::TEXT)
  AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
