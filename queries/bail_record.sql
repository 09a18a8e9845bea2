-- One bail or RUI record as at $as_of (begun by as_of; any area or team), with its suspect,
-- crime and officer in charge. current_end, level and next_authority as in bail_active.
WITH b AS (
    SELECT * FROM bail WHERE bail_id = $bail_id AND started_at <= $as_of::TIMESTAMP
),
latest AS (
    SELECT arg_max(e.ends_at, e.authorised_at) AS ends_at,
           arg_max(e.level, e.authorised_at) AS level, count(*) AS extensions
    FROM bail_extensions AS e
    WHERE e.bail_id = $bail_id AND e.authorised_at <= $as_of::TIMESTAMP
)
SELECT b.bail_id, b.kind, b.suspect_id, s.name, b.crime_id, c.crime_type, c.area_code,
       c.oic_officer_id, o.name AS oic_name, o.team_id, b.started_at,
       b.ends_at AS first_end,
       CASE WHEN b.kind = 'bail' THEN coalesce(latest.ends_at, b.ends_at) END AS current_end,
       coalesce(latest.level, 'none') AS level,
       CASE coalesce(latest.level, 'none') WHEN 'none' THEN 'inspector'
            WHEN 'inspector' THEN 'superintendent' ELSE 'court' END AS next_authority,
       coalesce(latest.extensions, 0) AS extensions,
       CASE WHEN b.concluded_at <= $as_of::TIMESTAMP THEN b.concluded_at END AS concluded_at,
       NOT coalesce(b.concluded_at <= $as_of::TIMESTAMP, false) AS active,
       epoch(CASE WHEN b.kind = 'bail' THEN coalesce(latest.ends_at, b.ends_at) END
             - $as_of::TIMESTAMP) / 86400.0 AS days_left,
       coalesce(c.domestic_abuse, false) OR coalesce(c.sexual_offence, false) AS high_harm
FROM b
CROSS JOIN latest
LEFT JOIN crimes AS c ON c.crime_id = b.crime_id
LEFT JOIN suspects AS s ON s.suspect_id = b.suspect_id
LEFT JOIN officers AS o ON o.officer_id = c.oic_officer_id
