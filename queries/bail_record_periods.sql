-- Every bail and RUI period of the same suspect on the same crime begun by $as_of (a move
-- between bail and RUI is a new record), oldest first.
SELECT p.bail_id, p.kind, p.started_at, p.ends_at AS first_end,
       CASE WHEN p.concluded_at <= $as_of::TIMESTAMP THEN p.concluded_at END AS concluded_at
FROM bail AS p
JOIN bail AS b ON b.suspect_id = p.suspect_id AND b.crime_id = p.crime_id
WHERE b.bail_id = $bail_id AND p.started_at <= $as_of::TIMESTAMP
ORDER BY p.started_at, p.bail_id
