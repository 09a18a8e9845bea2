-- inline: calls_classified
-- The calls linked to one incident, classified as at $as_of like every call list (the window
-- is opened wide by the caller: a record shows all of its calls, not only the window's).
SELECT *
FROM calls_classified
WHERE incident_id = $incident_id
ORDER BY presented_at, call_id
