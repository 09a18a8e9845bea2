-- The key decisions on one crime made at or before $as_of, oldest first; the victim's
-- update only when made by as_of. The Victims' Code deadline is added in Python.
SELECT d.decision_id, d.kind AS decision, d.suspect_id, d.decided_at,
       CASE WHEN d.victim_informed_at <= $as_of::TIMESTAMP THEN d.victim_informed_at
       END AS victim_informed_at,
       coalesce(c.victim_enhanced, false) AS victim_enhanced
FROM key_decisions AS d
JOIN crimes AS c USING (crime_id)
WHERE d.crime_id = $crime_id AND d.decided_at <= $as_of::TIMESTAMP
ORDER BY d.decided_at, d.decision_id
