-- requires: crime_picture_months
-- The street crimes of the latest published month at or before $as_of (crime_picture_months),
-- $area (NULL = force: every row, whatever its area) filtering by area_code.
SELECT
    s.month,
    s.crime_id,
    s.crime_type,
    s.area_code,
    s.location,
    s.lsoa_code,
    s.lsoa_name,
    s.last_outcome,
    s.longitude,
    s.latitude,
    s.row_key
FROM street_crimes AS s
JOIN crime_picture_months AS m USING (month)
WHERE m.is_latest
  AND ($area::TEXT IS NULL OR s.area_code = $area::TEXT)
ORDER BY s.crime_type, s.lsoa_name NULLS LAST, s.row_key
