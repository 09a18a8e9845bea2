-- One crime as at $as_of (recorded by as_of; any area or team: a named record), with its
-- officer in charge and their team. Times after as_of are not yet known and read null.
SELECT c.crime_id, c.crime_type, c.area_code, a.name AS area_name, c.recorded_at,
       CASE WHEN c.allocated_at <= $as_of::TIMESTAMP THEN c.allocated_at END AS allocated_at,
       CASE WHEN c.closed_at <= $as_of::TIMESTAMP THEN c.closed_at END AS closed_at,
       CASE WHEN c.closed_at <= $as_of::TIMESTAMP THEN c.outcome END AS outcome,
       NOT coalesce(c.closed_at <= $as_of::TIMESTAMP, false) AS crime_open,
       c.oic_officer_id, o.name AS oic_name, o.team_id, t.name AS team_name,
       coalesce(c.victim_enhanced, false) AS victim_enhanced,
       coalesce(c.domestic_abuse, false) AS domestic_abuse,
       coalesce(c.sexual_offence, false) AS sexual_offence,
       epoch($as_of::TIMESTAMP - c.recorded_at) / 86400.0 AS days_open
FROM crimes AS c
LEFT JOIN areas AS a ON a.area_code = c.area_code
LEFT JOIN officers AS o ON o.officer_id = c.oic_officer_id
LEFT JOIN teams AS t ON t.team_id = o.team_id
WHERE c.crime_id = $crime_id AND c.recorded_at <= $as_of::TIMESTAMP
