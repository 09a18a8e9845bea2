-- The owners the action queue names: every officer's collar number and name.
SELECT officer_id, collar_number, name
FROM officers
