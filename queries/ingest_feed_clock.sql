-- The live feed's starting point: the latest event time anywhere in the operational and
-- investigation tables (duty ends are plans, not events, and are left out), and whether the
-- reference data the feed needs (areas, officers) is present.
-- (UNION ALL, not one scalar subquery per column: DuckDB plans many cross-joined scalar
-- subqueries slowly.)
WITH events AS (
    SELECT max(presented_at) AS t FROM calls
    UNION ALL SELECT max(greatest(answered_at, abandoned_at)) FROM calls
    UNION ALL SELECT max(greatest(opened_at, closed_at, victim_updated_at)) FROM incidents
    UNION ALL SELECT max(greatest(dispatched_at, arrived_at, cleared_at)) FROM deployments
    UNION ALL SELECT max(greatest(recorded_at, closed_at)) FROM crimes
    UNION ALL SELECT max(greatest(outstanding_since, resolved_at)) FROM suspects
    UNION ALL SELECT max(reviewed_at) FROM suspect_reviews
    UNION ALL SELECT max(starts_at) FROM duties
)
SELECT
    (SELECT max(t) FROM events) AS latest_event_at,
    (SELECT count(*) FROM areas) AS areas,
    (SELECT count(*) FROM officers) AS officers
