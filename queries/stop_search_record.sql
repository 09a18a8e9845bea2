-- One stop and search by $search_id with its officer, as at $as_of (a review after as_of is
-- not known yet: null). No scope filter: a record opens whatever the area or team.
SELECT s.search_id, s.searched_at, s.officer_id, o.collar_number, o.name, o.rank, o.team_id,
       s.area_code, s.type, s.legislation, s.object_of_search, s.grounds,
       s.self_defined_ethnicity, s.officer_defined_ethnicity, s.gender, s.age_range,
       s.outcome, s.outcome_linked, s.removal_of_clothing, s.bwv_recorded,
       CASE WHEN s.reviewed_at <= $as_of::TIMESTAMP THEN s.reviewed_at END AS reviewed_at,
       s.searched_at + to_hours($search_review_due_hours::INTEGER) AS review_due_at,
       s.latitude, s.longitude
FROM stop_searches AS s
LEFT JOIN officers AS o ON o.officer_id = s.officer_id
WHERE s.search_id = $search_id::TEXT AND s.searched_at <= $as_of::TIMESTAMP
