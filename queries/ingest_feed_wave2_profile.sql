-- What the live feed imitates for the second wave: over the $days days before $as_of, the
-- stop and searches, uses of force, Clare's Law applications and abstractions recorded per
-- call presented (null when no call was presented).
WITH calls_n AS (
    SELECT nullif(count(*), 0)::DOUBLE AS n
    FROM calls
    WHERE presented_at > $as_of::TIMESTAMP - to_days($days::INTEGER)
      AND presented_at <= $as_of::TIMESTAMP
)
SELECT
    (SELECT count(*) FROM stop_searches
     WHERE searched_at > $as_of::TIMESTAMP - to_days($days::INTEGER)
       AND searched_at <= $as_of::TIMESTAMP) / (SELECT n FROM calls_n) AS searches,
    (SELECT count(*) FROM use_of_force
     WHERE used_at > $as_of::TIMESTAMP - to_days($days::INTEGER)
       AND used_at <= $as_of::TIMESTAMP) / (SELECT n FROM calls_n) AS uses_of_force,
    (SELECT count(*) FROM dvds_applications
     WHERE received_at > $as_of::TIMESTAMP - to_days($days::INTEGER)
       AND received_at <= $as_of::TIMESTAMP) / (SELECT n FROM calls_n) AS applications,
    (SELECT count(*) FROM abstractions
     WHERE recorded_at > $as_of::TIMESTAMP - to_days($days::INTEGER)
       AND recorded_at <= $as_of::TIMESTAMP) / (SELECT n FROM calls_n) AS abstractions
