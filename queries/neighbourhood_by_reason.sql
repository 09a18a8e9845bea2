-- requires: neighbourhood_abstractions
-- Abstracted hours in the window per reason (as neighbourhood_abstractions: known at as_of,
-- overlap with the window), with the unplanned part and the abstractions counted.
SELECT
    reason,
    count(*) AS abstractions,
    sum(hours) AS hours,
    coalesce(sum(hours) FILTER (WHERE NOT planned), 0.0) AS unplanned_hours,
    100.0 * coalesce(sum(hours) FILTER (WHERE NOT planned), 0.0) / nullif(sum(hours), 0.0)
        AS unplanned_pct
FROM neighbourhood_abstractions
GROUP BY reason
ORDER BY hours DESC, reason
