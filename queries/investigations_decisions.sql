-- Key decisions made at or before $as_of, on crimes open or closed, whose victim was not
-- told by as_of (victim_informed_at null or later than as_of), in scope ($area by the
-- crime's area, $team by its officer in charge's team). The Victims' Code deadline is added
-- in Python (working days: supervisor_tui.workdays).
SELECT d.decision_id, d.crime_id, d.suspect_id, d.kind AS decision, d.decided_at,
       d.victim_informed_at, c.area_code, o.team_id, c.oic_officer_id AS officer_id,
       c.crime_type, coalesce(c.victim_enhanced, false) AS victim_enhanced
FROM key_decisions AS d
JOIN crimes AS c USING (crime_id)
LEFT JOIN officers AS o ON o.officer_id = c.oic_officer_id
WHERE d.decided_at <= $as_of::TIMESTAMP
  AND NOT coalesce(d.victim_informed_at <= $as_of::TIMESTAMP, false)
  AND ($area::TEXT IS NULL OR c.area_code = $area::TEXT)
  AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
