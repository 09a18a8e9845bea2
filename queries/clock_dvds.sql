-- Deadline clocks: Clare's Law (kinds dvds_disclosure, dvds_initial_checks).
-- One row per clock of each application open at $as_of (received_at <= as_of, not closed
-- by as_of), whatever $area/$team (the engine scopes rows by area_code and team_id).
--   dvds_disclosure     : started_at = received_at; due_at = received_at +
--                         $disclose_within_days days; done_at = closed_at (null until closed)
--   dvds_initial_checks : due_at = received_at + $initial_checks_hours hours;
--                         done_at = initial_checks_at when at or before as_of
-- officer_id: the application's officer; team_id theirs; area_code the application's.
WITH open_applications AS (
    SELECT a.*, o.team_id
    FROM dvds_applications AS a
    LEFT JOIN officers AS o ON o.officer_id = a.officer_id
    WHERE a.received_at <= $as_of::TIMESTAMP
      AND NOT coalesce(a.closed_at <= $as_of::TIMESTAMP, false)
)
SELECT 'dvds_disclosure' AS kind, application_id AS item_id, area_code, team_id, officer_id,
       received_at AS started_at,
       received_at + to_days($disclose_within_days::INTEGER) AS due_at,
       CAST(NULL AS TIMESTAMP) AS done_at,
       'Clare''s Law ' || replace(route, '_', ' ') || ' · disclosure' AS label
FROM open_applications
UNION ALL
SELECT 'dvds_initial_checks', application_id, area_code, team_id, officer_id,
       received_at,
       received_at + to_hours($initial_checks_hours::INTEGER),
       CASE WHEN initial_checks_at <= $as_of::TIMESTAMP THEN initial_checks_at END,
       'Clare''s Law ' || replace(route, '_', ' ') || ' · initial checks'
FROM open_applications
