-- One officer, with team and the duty they are on at as_of (if any).
SELECT
    o.officer_id,
    o.collar_number,
    o.name,
    o.rank,
    o.team_id,
    t.name AS team_name,
    o.area_code,
    d.starts_at AS duty_starts_at,
    d.ends_at AS duty_ends_at,
    d.area_code AS duty_area_code,
    d.role AS duty_role
FROM officers AS o
LEFT JOIN teams AS t USING (team_id)
LEFT JOIN (
    SELECT * FROM duties
    WHERE officer_id = $officer_id
      AND starts_at <= $as_of::TIMESTAMP AND $as_of::TIMESTAMP < ends_at
    QUALIFY row_number() OVER (ORDER BY starts_at DESC) = 1
) AS d USING (officer_id)
WHERE o.officer_id = $officer_id
