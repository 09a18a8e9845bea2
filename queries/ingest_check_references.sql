-- Records that point at a record that is not there: calls at incidents, deployments at
-- incidents and officers, suspects at crimes, crimes at officers in charge. A writer that
-- adds both ends in one transaction never changes these counts, whenever they are read.
SELECT
    (SELECT count(*) FROM calls AS c WHERE c.incident_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM incidents AS i WHERE i.incident_id = c.incident_id))
        AS calls_without_incident,
    (SELECT count(*) FROM deployments AS d
        WHERE NOT EXISTS (SELECT 1 FROM incidents AS i WHERE i.incident_id = d.incident_id))
        AS deployments_without_incident,
    (SELECT count(*) FROM deployments AS d
        WHERE NOT EXISTS (SELECT 1 FROM officers AS o WHERE o.officer_id = d.officer_id))
        AS deployments_without_officer,
    (SELECT count(*) FROM suspects AS s
        WHERE NOT EXISTS (SELECT 1 FROM crimes AS c WHERE c.crime_id = s.crime_id))
        AS suspects_without_crime,
    (SELECT count(*) FROM crimes AS c WHERE c.oic_officer_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM officers AS o WHERE o.officer_id = c.oic_officer_id))
        AS crimes_without_officer
