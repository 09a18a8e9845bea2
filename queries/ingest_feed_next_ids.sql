-- The next free number for each record kind whose ids follow the letter-and-digits pattern
-- (C00000001, I00000001, CR00000001, S00000001); ids in other forms never collide with them.
SELECT
    coalesce((SELECT max(CAST(substr(call_id, 2) AS BIGINT)) FROM calls
              WHERE regexp_full_match(call_id, 'C[0-9]{1,15}')), 0) + 1 AS call,
    coalesce((SELECT max(CAST(substr(incident_id, 2) AS BIGINT)) FROM incidents
              WHERE regexp_full_match(incident_id, 'I[0-9]{1,15}')), 0) + 1 AS incident,
    coalesce((SELECT max(CAST(substr(crime_id, 3) AS BIGINT)) FROM crimes
              WHERE regexp_full_match(crime_id, 'CR[0-9]{1,15}')), 0) + 1 AS crime,
    coalesce((SELECT max(CAST(substr(suspect_id, 2) AS BIGINT)) FROM suspects
              WHERE regexp_full_match(suspect_id, 'S[0-9]{1,15}')), 0) + 1 AS suspect
