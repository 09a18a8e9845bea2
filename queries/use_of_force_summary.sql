-- requires: use_of_force_list
-- The window's uses of force in scope and BWV on the forms submitted by $as_of
-- (use_of_force_list gives the rows and the scope). Overdue forms and checks come from the
-- deadline engine (queries/clock_use_of_force.sql).
--   uses                 window_start <= used_at < as_of
--   bwv_known            of those, form submitted by as_of and bwv_recorded not null
--   bwv_not_recorded     of those, bwv_recorded false
SELECT
    count(*) AS uses,
    count(*) FILTER (WHERE form_submitted AND bwv_recorded IS NOT NULL) AS bwv_known,
    count(*) FILTER (WHERE form_submitted AND bwv_recorded = false) AS bwv_not_recorded
FROM use_of_force_list
WHERE in_window
