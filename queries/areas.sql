-- The areas a supervisor can filter by.
SELECT area_code, name, urban FROM areas ORDER BY area_code
