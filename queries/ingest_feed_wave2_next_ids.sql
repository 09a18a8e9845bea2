-- The next free number for each second-wave record kind whose ids follow the sample's
-- letter-and-digits pattern (B00000001, UF0000001, SS0000001, DV00001, KD00000001); ids in
-- other forms never collide with them.
SELECT
    coalesce((SELECT max(CAST(substr(bail_id, 2) AS BIGINT)) FROM bail
              WHERE regexp_full_match(bail_id, 'B[0-9]{1,15}')), 0) + 1 AS bail,
    coalesce((SELECT max(CAST(substr(uof_id, 3) AS BIGINT)) FROM use_of_force
              WHERE regexp_full_match(uof_id, 'UF[0-9]{1,15}')), 0) + 1 AS uof,
    coalesce((SELECT max(CAST(substr(search_id, 3) AS BIGINT)) FROM stop_searches
              WHERE regexp_full_match(search_id, 'SS[0-9]{1,15}')), 0) + 1 AS search,
    coalesce((SELECT max(CAST(substr(application_id, 3) AS BIGINT)) FROM dvds_applications
              WHERE regexp_full_match(application_id, 'DV[0-9]{1,15}')), 0) + 1 AS dvds,
    coalesce((SELECT max(CAST(substr(decision_id, 3) AS BIGINT)) FROM key_decisions
              WHERE regexp_full_match(decision_id, 'KD[0-9]{1,15}')), 0) + 1 AS decision
