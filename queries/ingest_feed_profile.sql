-- What the live feed imitates: the calls per hour and the share of them on 999, over the
-- $days days before $as_of (or the part of that range the data covers).
WITH recent AS (
    SELECT presented_at, line
    FROM calls
    WHERE presented_at > $as_of::TIMESTAMP - to_days($days::INTEGER)
      AND presented_at <= $as_of::TIMESTAMP
)
SELECT
    count(*) / greatest(epoch($as_of::TIMESTAMP - min(presented_at)) / 3600.0, 1.0)
        AS calls_per_hour,
    avg(CASE WHEN line = '999' THEN 1.0 ELSE 0.0 END) AS share_999
FROM recent
