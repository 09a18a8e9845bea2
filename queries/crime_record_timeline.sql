-- Everything that happened on one crime up to $as_of, oldest first: recorded, allocated,
-- investigation plans, supervisor reviews, victim updates, key decisions and the victim
-- told of them, suspects identified, bail and RUI begun, extended and concluded, closed.
WITH crime AS (
    SELECT * FROM crimes WHERE crime_id = $crime_id AND recorded_at <= $as_of::TIMESTAMP
),
events AS (
    SELECT recorded_at AS at, 'recorded' AS kind, crime_type AS detail,
           CAST(NULL AS TEXT) AS officer_id FROM crime
    UNION ALL
    SELECT allocated_at, 'allocated', 'officer in charge', oic_officer_id FROM crime
    UNION ALL
    SELECT acted_at, replace(kind, '_', ' '), rank, officer_id
    FROM crime_actions WHERE crime_id = $crime_id
    UNION ALL
    SELECT decided_at, 'key decision', replace(kind, '_', ' ')
           || coalesce(' · ' || suspect_id, ''), NULL
    FROM key_decisions WHERE crime_id = $crime_id
    UNION ALL
    SELECT victim_informed_at, 'victim told', replace(kind, '_', ' '), NULL
    FROM key_decisions WHERE crime_id = $crime_id
    UNION ALL
    SELECT outstanding_since, 'suspect identified', suspect_id, NULL
    FROM suspects WHERE crime_id = $crime_id
    UNION ALL
    SELECT started_at, CASE kind WHEN 'rui' THEN 'RUI began' ELSE 'bail began' END,
           bail_id || ' · ' || suspect_id, NULL
    FROM bail WHERE crime_id = $crime_id
    UNION ALL
    SELECT e.authorised_at, 'bail extended', e.bail_id || ' · ' || e.level, NULL
    FROM bail_extensions AS e JOIN bail AS b USING (bail_id) WHERE b.crime_id = $crime_id
    UNION ALL
    SELECT concluded_at, CASE kind WHEN 'rui' THEN 'RUI ended' ELSE 'bail ended' END,
           bail_id || ' · ' || suspect_id, NULL
    FROM bail WHERE crime_id = $crime_id
    UNION ALL
    SELECT closed_at, 'closed', outcome, NULL FROM crime
)
SELECT e.at, e.kind, e.detail, e.officer_id, o.name AS officer_name
FROM events AS e
LEFT JOIN officers AS o USING (officer_id)
WHERE e.at IS NOT NULL AND e.at <= $as_of::TIMESTAMP AND EXISTS (SELECT 1 FROM crime)
ORDER BY e.at, e.kind
