-- Every team: id, name and area, by id.
SELECT team_id, name, area_code
FROM teams
ORDER BY team_id
