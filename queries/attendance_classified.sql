-- One row per grade 1 or 2 incident opened in [$window_start, $as_of), classified at $as_of.
-- Target: $grade1_urban_min (grade 1, urban area), $grade1_rural_min (grade 1, rural area),
-- $grade2_min (grade 2). An incident whose area is not in `areas` gets the urban (stricter)
-- grade 1 target.
--   first_arrival : earliest deployments.arrived_at <= as_of
--   attended_late : first_arrival - opened_at > target
--   breaching_now : no arrival by as_of, not closed by as_of, as_of - opened_at > target
--   victim_not_updated : breaching_now and no victim_updated_at <= as_of
--   sent / first_dispatched_at : the officers dispatched by as_of (collar numbers, in order of
--       dispatch; NULL: none sent) and the first dispatch time
-- $area (NULL = force) filters incidents, and so their deployments. $team (NULL = all):
-- incidents to which an officer of that team was dispatched by as_of.
WITH windowed AS (
    SELECT i.*,
           coalesce(a.urban, true) AS urban,
           CASE
               WHEN i.grade = 1 AND coalesce(a.urban, true) THEN $grade1_urban_min
               WHEN i.grade = 1 THEN $grade1_rural_min
               ELSE $grade2_min
           END::DOUBLE AS target_min
    FROM incidents AS i
    LEFT JOIN areas AS a USING (area_code)
    WHERE i.grade IN (1, 2)
      AND i.opened_at >= $window_start::TIMESTAMP
      AND i.opened_at < $as_of::TIMESTAMP
      AND ($area::TEXT IS NULL OR i.area_code = $area::TEXT)
      AND ($team::TEXT IS NULL OR i.incident_id IN (
          SELECT d.incident_id
          FROM deployments AS d
          JOIN officers AS o USING (officer_id)
          WHERE o.team_id = $team::TEXT AND d.dispatched_at <= $as_of::TIMESTAMP
      ))
),
-- One pass over the incidents' deployments: the first arrival and who was sent.
deployed AS (
    SELECT d.incident_id,
           min(d.arrived_at) FILTER (WHERE d.arrived_at <= $as_of::TIMESTAMP) AS first_arrival,
           string_agg(coalesce(o.collar_number, d.officer_id), ', '
                      ORDER BY d.dispatched_at, d.officer_id)
               FILTER (WHERE d.dispatched_at <= $as_of::TIMESTAMP) AS sent,
           min(d.dispatched_at) FILTER (WHERE d.dispatched_at <= $as_of::TIMESTAMP)
               AS first_dispatched_at
    FROM deployments AS d
    SEMI JOIN windowed AS w ON w.incident_id = d.incident_id
    LEFT JOIN officers AS o ON o.officer_id = d.officer_id
    WHERE d.arrived_at <= $as_of::TIMESTAMP OR d.dispatched_at <= $as_of::TIMESTAMP
    GROUP BY d.incident_id
),
classified AS (
    SELECT
        w.incident_id,
        w.grade,
        w.category,
        w.area_code,
        w.urban,
        w.opened_at,
        w.target_min,
        deployed.first_arrival,
        coalesce(deployed.sent, 'none sent') AS sent,
        deployed.first_dispatched_at,
        epoch(deployed.first_arrival - w.opened_at) / 60.0 AS response_min,
        epoch($as_of::TIMESTAMP - w.opened_at) / 60.0 AS age_min,
        CASE WHEN w.closed_at <= $as_of::TIMESTAMP THEN w.closed_at END AS closed_at,
        CASE WHEN w.victim_updated_at <= $as_of::TIMESTAMP THEN w.victim_updated_at END
            AS victim_updated_at,
        w.summary,
        deployed.first_arrival IS NOT NULL AS attended,
        coalesce(epoch(deployed.first_arrival - w.opened_at) > w.target_min * 60, false)
            AS attended_late,
        deployed.first_arrival IS NULL
            AND NOT coalesce(w.closed_at <= $as_of::TIMESTAMP, false)
            AND epoch($as_of::TIMESTAMP - w.opened_at) > w.target_min * 60 AS breaching_now
    FROM windowed AS w
    LEFT JOIN deployed USING (incident_id)
)
SELECT
    *,
    breaching_now AND victim_updated_at IS NULL AS victim_not_updated,
    CASE
        WHEN attended_late THEN 'late'
        WHEN attended THEN 'on time'
        WHEN breaching_now THEN 'breaching'
        WHEN closed_at IS NOT NULL THEN 'closed unattended'
        ELSE 'awaiting'
    END AS status
FROM classified
