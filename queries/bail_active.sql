-- Pre-charge bail and RUI active at $as_of (started_at <= as_of and not concluded by as_of)
-- in scope: $area by the crime's area, $team by its officer in charge's team.
--   current_end: the ends_at of the latest extension authorised at or before as_of (by
--       authorised_at), else bail.ends_at (null for rui); level: that extension's level, else
--       'none'; next_authority: none -> inspector -> superintendent -> court -> court.
--   extensions: how many were authorised by as_of; days_left: (current_end - as_of) in days.
--   review_started_at (rui): the latest supervisor_review action on its crime with
--       started_at <= acted_at <= as_of, else started_at; review_due_at: that + $rui_review_days.
--   high_harm: the crime is domestic abuse or a sexual offence.
-- Definitions: docs/figures/investigations.md, "Bail".
WITH active AS (
    SELECT b.bail_id, b.suspect_id, b.crime_id, b.kind, b.started_at, b.ends_at,
           b.concluded_at, c.area_code, o.team_id, c.oic_officer_id AS officer_id,
           c.crime_type, s.name,
           coalesce(c.domestic_abuse, false) AS domestic_abuse,
           coalesce(c.sexual_offence, false) AS sexual_offence
    FROM bail AS b
    JOIN crimes AS c USING (crime_id)
    LEFT JOIN officers AS o ON o.officer_id = c.oic_officer_id
    LEFT JOIN suspects AS s ON s.suspect_id = b.suspect_id
    WHERE b.started_at <= $as_of::TIMESTAMP
      AND NOT coalesce(b.concluded_at <= $as_of::TIMESTAMP, false)
      AND ($area::TEXT IS NULL OR c.area_code = $area::TEXT)
      AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
),
latest AS (
    SELECT e.bail_id,
           arg_max(e.ends_at, e.authorised_at) AS ends_at,
           arg_max(e.level, e.authorised_at) AS level,
           count(*) AS extensions
    FROM bail_extensions AS e
    JOIN active USING (bail_id)
    WHERE e.authorised_at <= $as_of::TIMESTAMP
    GROUP BY e.bail_id
),
reviews AS (
    SELECT a.bail_id, max(r.acted_at) AS last_review_at
    FROM active AS a
    JOIN crime_actions AS r ON r.crime_id = a.crime_id
    WHERE a.kind = 'rui' AND r.kind = 'supervisor_review'
      AND r.acted_at >= a.started_at AND r.acted_at <= $as_of::TIMESTAMP
    GROUP BY a.bail_id
),
current AS (
    SELECT a.*,
           CASE WHEN a.kind = 'bail' THEN coalesce(latest.ends_at, a.ends_at) END AS current_end,
           coalesce(latest.level, 'none') AS level,
           coalesce(latest.extensions, 0) AS extensions,
           CASE WHEN a.kind = 'rui'
                THEN coalesce(reviews.last_review_at, a.started_at) END AS review_started_at
    FROM active AS a
    LEFT JOIN latest USING (bail_id)
    LEFT JOIN reviews USING (bail_id)
)
SELECT *,
       CASE level WHEN 'none' THEN 'inspector' WHEN 'inspector' THEN 'superintendent'
                  ELSE 'court' END AS next_authority,
       epoch(current_end - $as_of::TIMESTAMP) / 86400.0 AS days_left,
       review_started_at + to_days($rui_review_days::INTEGER) AS review_due_at,
       domestic_abuse OR sexual_offence AS high_harm
FROM current
