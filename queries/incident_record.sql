-- One incident as known at as_of, with its area and attendance target (grades 1 and 2).
SELECT
    i.incident_id,
    i.opened_at,
    i.grade,
    i.category,
    i.area_code,
    a.name AS area_name,
    coalesce(a.urban, true) AS urban,
    CASE
        WHEN i.grade = 1 AND coalesce(a.urban, true) THEN $grade1_urban_min
        WHEN i.grade = 1 THEN $grade1_rural_min
        WHEN i.grade = 2 THEN $grade2_min
    END::DOUBLE AS target_min,
    CASE WHEN i.closed_at <= $as_of::TIMESTAMP THEN i.closed_at END AS closed_at,
    CASE WHEN i.victim_updated_at <= $as_of::TIMESTAMP THEN i.victim_updated_at END
        AS victim_updated_at,
    i.summary
FROM incidents AS i
LEFT JOIN areas AS a USING (area_code)
WHERE i.incident_id = $incident_id AND i.opened_at <= $as_of::TIMESTAMP
