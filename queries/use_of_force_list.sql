-- Uses of force in scope: $area (NULL = force) by the row's area_code, $team (NULL = all) by
-- the team of the officer who used force (officers.team_id). One row per use with
-- used_at <= $as_of that is in the window ($window_start <= used_at < $as_of) or still has
-- an open clock at as_of (form not submitted, or submitted and not checked). Times after
-- as_of are not known yet (null; so is BWV, a field of the form, until it is submitted).
-- Flags at as_of:
--   in_window       window_start <= used_at < as_of
--   form_overdue    used_at <= as_of - $form_due_hours hours and no submitted_at <= as_of
--   awaiting_check  submitted_at <= as_of - $check_due_hours hours and no checked_at <= as_of
-- Definitions: docs/figures/powers.md.
WITH uses AS (
    SELECT u.uof_id, u.used_at, u.officer_id, o.collar_number, o.name, o.team_id,
           u.area_code, u.incident_id, u.source, u.tactic,
           CASE WHEN u.submitted_at <= $as_of::TIMESTAMP THEN u.submitted_at END
               AS submitted_at,
           CASE WHEN u.checked_at <= $as_of::TIMESTAMP THEN u.checked_at END AS checked_at,
           CASE WHEN u.submitted_at <= $as_of::TIMESTAMP THEN u.bwv_recorded END
               AS bwv_recorded,
           u.subject_injured, u.officer_injured
    FROM use_of_force AS u
    LEFT JOIN officers AS o ON o.officer_id = u.officer_id
    WHERE u.used_at <= $as_of::TIMESTAMP
      AND ($area::TEXT IS NULL OR u.area_code = $area::TEXT)
      AND ($team::TEXT IS NULL OR o.team_id = $team::TEXT)
),
flagged AS (
    SELECT *,
           used_at >= $window_start::TIMESTAMP AND used_at < $as_of::TIMESTAMP AS in_window,
           used_at <= $as_of::TIMESTAMP - to_hours($form_due_hours::INTEGER)
               AND submitted_at IS NULL AS form_overdue,
           submitted_at IS NOT NULL
               AND submitted_at <= $as_of::TIMESTAMP - to_hours($check_due_hours::INTEGER)
               AND checked_at IS NULL AS awaiting_check,
           submitted_at IS NOT NULL AS form_submitted
    FROM uses
)
SELECT *
FROM flagged
WHERE in_window OR submitted_at IS NULL OR checked_at IS NULL
ORDER BY used_at DESC, uof_id
