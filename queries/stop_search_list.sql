-- Stop and searches in scope: $area (NULL = force) by the row's area_code, $team (NULL = all)
-- by the team of the searching officer (officers.team_id; a search with no officer, as in the
-- published data, is in no team). One row per search with searched_at <= $as_of that is in
-- the window ($window_start <= searched_at < $as_of) or awaiting review at as_of. A review
-- after as_of is not known yet (null). Per row:
--   in_window           window_start <= searched_at < as_of
--   grounds_recorded    grounds has at least one non-whitespace character (\S)
--   linked              outcome_linked is true (false or empty: not linked)
--   ethnic_group        self_defined_ethnicity before the first " - " (or the whole value),
--                       trimmed; empty or null -> 'Not stated'
--   awaiting_review     searched_at <= as_of - $search_review_due_hours hours and no
--                       reviewed_at <= as_of
-- Definitions: docs/figures/powers.md.
WITH searches AS (
    SELECT s.search_id, s.searched_at, s.officer_id, o.collar_number, o.name, o.team_id,
           s.area_code, s.type, s.legislation, s.object_of_search, s.grounds,
           s.self_defined_ethnicity, s.officer_defined_ethnicity, s.gender, s.age_range,
           s.outcome, s.outcome_linked, s.removal_of_clothing, s.bwv_recorded,
           CASE WHEN s.reviewed_at <= $as_of::TIMESTAMP THEN s.reviewed_at END AS reviewed_at,
           s.latitude, s.longitude
    FROM stop_searches AS s
    LEFT JOIN officers AS o ON o.officer_id = s.officer_id
    WHERE s.searched_at <= $as_of::TIMESTAMP
      AND ($area::TEXT IS NULL OR s.area_code = $area::TEXT)
      AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
),
flagged AS (
    SELECT *,
           searched_at >= $window_start::TIMESTAMP AND searched_at < $as_of::TIMESTAMP
               AS in_window,
           coalesce(regexp_matches(grounds, '\S'), false) AS grounds_recorded,
           coalesce(outcome_linked, false) AS linked,
           coalesce(nullif(trim(split_part(coalesce(self_defined_ethnicity, ''), ' - ', 1)), ''),
                    'Not stated') AS ethnic_group,
           searched_at <= $as_of::TIMESTAMP - to_hours($search_review_due_hours::INTEGER)
               AND reviewed_at IS NULL AS awaiting_review
    FROM searches
)
SELECT *
FROM flagged
WHERE in_window OR reviewed_at IS NULL
ORDER BY searched_at DESC, search_id
