-- The extensions of one bail authorised at or before $as_of, oldest first, with the end each
-- replaced (the first period's end, else the previous extension's).
SELECT e.authorised_at, e.level AS authorised_by, e.ends_at,
       coalesce(lag(e.ends_at) OVER (ORDER BY e.authorised_at), b.ends_at) AS previous_end,
       epoch(e.ends_at - b.started_at) / 86400.0 AS days_from_start
FROM bail_extensions AS e
JOIN bail AS b USING (bail_id)
WHERE e.bail_id = $bail_id AND e.authorised_at <= $as_of::TIMESTAMP
ORDER BY e.authorised_at
