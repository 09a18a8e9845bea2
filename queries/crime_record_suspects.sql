-- The suspects of one crime identified by $as_of, with their latest bail or RUI begun by
-- as_of (its kind, start and, when concluded by as_of, end).
WITH latest AS (
    SELECT suspect_id, arg_max(bail_id, started_at) AS bail_id,
           arg_max(kind, started_at) AS bail_kind, max(started_at) AS bail_started_at,
           arg_max(CASE WHEN concluded_at <= $as_of::TIMESTAMP THEN concluded_at END,
                   started_at) AS bail_concluded_at
    FROM bail
    WHERE crime_id = $crime_id AND started_at <= $as_of::TIMESTAMP
    GROUP BY suspect_id
)
SELECT s.suspect_id, s.name, s.risk, s.outstanding_since,
       CASE WHEN s.resolved_at <= $as_of::TIMESTAMP THEN s.resolved_at END AS resolved_at,
       latest.bail_id, latest.bail_kind, latest.bail_started_at, latest.bail_concluded_at
FROM suspects AS s
LEFT JOIN latest USING (suspect_id)
WHERE s.crime_id = $crime_id AND s.outstanding_since <= $as_of::TIMESTAMP
ORDER BY s.outstanding_since, s.suspect_id
