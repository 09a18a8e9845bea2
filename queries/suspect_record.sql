-- One suspect as known at as_of, with the crime and the officer in charge.
SELECT
    s.suspect_id,
    s.name,
    s.risk,
    s.outstanding_since,
    CASE WHEN s.resolved_at <= $as_of::TIMESTAMP THEN s.resolved_at END AS resolved_at,
    s.crime_id,
    c.crime_type,
    c.recorded_at,
    c.area_code,
    c.oic_officer_id,
    o.name AS oic_name,
    o.collar_number AS oic_collar_number
FROM suspects AS s
LEFT JOIN crimes AS c USING (crime_id)
LEFT JOIN officers AS o ON o.officer_id = c.oic_officer_id
WHERE s.suspect_id = $suspect_id
