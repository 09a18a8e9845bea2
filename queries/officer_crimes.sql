-- requires: suspects_classified
-- The open crimes in one officer's charge that have outstanding suspects at as_of: the
-- crimes behind the workload figure.
SELECT
    crime_id,
    any_value(crime_type) AS crime_type,
    any_value(area_code) AS area_code,
    any_value(recorded_at) AS recorded_at,
    count(*) AS outstanding_suspects,
    count(*) FILTER (WHERE risk = 'high') AS high_risk_suspects,
    min(outstanding_since) AS oldest_outstanding_since,
    bool_or(over_90_days_unreviewed) AS any_over_90_days_unreviewed
FROM suspects_classified
WHERE oic_officer_id = $officer_id AND crime_open
GROUP BY crime_id
ORDER BY oldest_outstanding_since, crime_id
