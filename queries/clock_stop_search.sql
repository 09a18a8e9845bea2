-- Deadline clock: supervisor review of a stop and search (kind stop_search_review). One row
-- per search with searched_at <= $as_of and no reviewed_at <= as_of, in scope ($area by the
-- row's area_code, $team by the searching officer's officers.team_id):
--   started_at = searched_at, due_at = searched_at + $search_review_due_hours hours,
--   done_at null. officer_id: the searching officer (null in published data).
SELECT 'stop_search_review' AS kind, s.search_id AS item_id, s.area_code, o.team_id,
       s.officer_id,
       s.searched_at AS started_at,
       s.searched_at + to_hours($search_review_due_hours::INTEGER) AS due_at,
       CAST(NULL AS TIMESTAMP) AS done_at,
       'search not reviewed · ' || coalesce(nullif(trim(s.object_of_search), ''), 'search')
           AS label
FROM stop_searches AS s
LEFT JOIN officers AS o ON o.officer_id = s.officer_id
WHERE s.searched_at <= $as_of::TIMESTAMP
  AND NOT coalesce(s.reviewed_at <= $as_of::TIMESTAMP, false)
  AND ($area::TEXT IS NULL OR s.area_code = $area::TEXT)
  AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
