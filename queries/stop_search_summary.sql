-- requires: stop_search_list
-- The window's stop and searches in scope (stop_search_list gives the rows and the scope),
-- whole scope or per self-defined ethnic group ($by_group). Awaiting review comes from the
-- deadline engine (queries/clock_stop_search.sql).
SELECT
    CASE WHEN $by_group THEN ethnic_group END AS ethnic_group,
    count(*) AS searches,
    count(*) FILTER (WHERE grounds_recorded) AS grounds_recorded,
    count(*) FILTER (WHERE linked) AS outcome_linked,
    count(*) FILTER (WHERE bwv_recorded IS NOT NULL) AS bwv_known,
    count(*) FILTER (WHERE bwv_recorded) AS bwv_recorded
FROM stop_search_list
WHERE in_window
GROUP BY ALL
ORDER BY ethnic_group
