-- Clare's Law (Domestic Violence Disclosure Scheme) applications at $as_of: one row per
-- application that is open at as_of or was disclosed in the window [$window_start, $as_of).
-- $area (NULL = force) filters by the application's area_code, $team (NULL = all) by the
-- team of the application's officer (officers.team_id). Definitions: docs/figures/safeguarding.md.
--   is_open        : received_at <= as_of and not closed by as_of (closed_at null or > as_of)
--   over_28_days   : open and received_at <= as_of - $disclose_within_days days
--   initial_checks_overdue : open, no initial_checks_at <= as_of, and
--                    received_at <= as_of - $initial_checks_hours hours
--   disclosed_in_window    : window_start <= disclosed_at < as_of
--   disclosed_within_limit : disclosed in the window and disclosed_at - received_at <=
--                    $disclose_within_days days
--   due_at / days_left     : received_at + $disclose_within_days days, and (due_at - as_of)
--                    in days (negative: overdue)
-- Times after as_of are not known at as_of: checks, disclosure and closure later than
-- as_of read as null.
SELECT
    a.application_id,
    a.route,
    a.received_at,
    a.area_code,
    a.officer_id,
    o.name AS officer_name,
    o.team_id,
    CASE WHEN a.initial_checks_at <= $as_of::TIMESTAMP THEN a.initial_checks_at END
        AS initial_checks_at,
    CASE WHEN a.disclosed_at <= $as_of::TIMESTAMP THEN a.disclosed_at END AS disclosed_at,
    CASE WHEN a.closed_at <= $as_of::TIMESTAMP THEN a.closed_at END AS closed_at,
    a.received_at + to_days($disclose_within_days::INTEGER) AS due_at,
    epoch(a.received_at + to_days($disclose_within_days::INTEGER) - $as_of::TIMESTAMP)
        / 86400.0 AS days_left,
    epoch(least(coalesce(a.closed_at, $as_of::TIMESTAMP), $as_of::TIMESTAMP) - a.received_at)
        / 86400.0 AS days_open,
    NOT coalesce(a.closed_at <= $as_of::TIMESTAMP, false) AS is_open,
    NOT coalesce(a.closed_at <= $as_of::TIMESTAMP, false)
        AND a.received_at <= $as_of::TIMESTAMP - to_days($disclose_within_days::INTEGER)
        AS over_28_days,
    NOT coalesce(a.closed_at <= $as_of::TIMESTAMP, false)
        AND NOT coalesce(a.initial_checks_at <= $as_of::TIMESTAMP, false)
        AND a.received_at <= $as_of::TIMESTAMP - to_hours($initial_checks_hours::INTEGER)
        AS initial_checks_overdue,
    coalesce($window_start::TIMESTAMP <= a.disclosed_at
             AND a.disclosed_at < $as_of::TIMESTAMP, false) AS disclosed_in_window,
    coalesce($window_start::TIMESTAMP <= a.disclosed_at
             AND a.disclosed_at < $as_of::TIMESTAMP
             AND a.disclosed_at - a.received_at
                 <= to_days($disclose_within_days::INTEGER), false) AS disclosed_within_limit
FROM dvds_applications AS a
LEFT JOIN officers AS o ON o.officer_id = a.officer_id
WHERE a.received_at <= $as_of::TIMESTAMP
  AND (NOT coalesce(a.closed_at <= $as_of::TIMESTAMP, false)
       OR ($window_start::TIMESTAMP <= a.disclosed_at AND a.disclosed_at < $as_of::TIMESTAMP))
  AND ($area::TEXT IS NULL OR a.area_code = $area::TEXT)
  AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
