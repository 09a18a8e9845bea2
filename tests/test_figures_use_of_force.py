"""Use of force on hand-built boundary scenarios (docs/figures/powers.md).

Defaults: a form is due 24 h after the use, a check 72 h after the form; due soon 4 h and
12 h ahead; BWV not recorded breaches at 5 %.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tests.scenario import DAY, HOUR, MIN, US, Scenario, T, scope

from supervisor_tui import deadlines, metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.figures import family
from supervisor_tui.figures.report import breaches, read
from supervisor_tui.status import Level


def use(sc: Scenario, uof_id: str, used: datetime, **cols: Any) -> Scenario:
    cols.setdefault("officer_id", "P1")
    cols.setdefault("area_code", "LEI")
    return sc._add("use_of_force", uof_id=uof_id, used_at=used, source="form", **cols)


def states(sc: Scenario, as_of: datetime = T, **kw: Any) -> dict[tuple[str, str], str]:
    with sc.session() as session:
        frame = deadlines.items(session, scope(as_of, **kw), {"uof_form", "uof_check"})
    return {(r["kind"], r["item_id"]): r["state"] for r in frame.iter_rows(named=True)}


def figures(sc: Scenario, **kw: Any) -> dict[str, Any]:
    return sc.report(**kw)["use_of_force"]


def test_a_form_is_overdue_exactly_24_hours_after_the_use(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    use(sc, "AT", T - 24 * HOUR)  # due exactly at T: overdue
    use(sc, "JUST", T - 24 * HOUR + US)  # due a microsecond after T: due soon
    use(sc, "EDGE", T - 20 * HOUR)  # due exactly at T + 4 h: due soon
    use(sc, "LATER", T - 20 * HOUR - US + 2 * US)  # a microsecond further: not due
    use(sc, "SENT", T - 30 * HOUR, submitted_at=T, checked_at=T)  # sent at T: done
    use(sc, "AFTER", T - 30 * HOUR, submitted_at=T + US)  # sent after T: not known at T
    use(sc, "FUTURE", T + MIN)  # used after T: no clock yet
    assert states(sc) == {
        ("uof_form", "AT"): "overdue",
        ("uof_form", "JUST"): "due_soon",
        ("uof_form", "EDGE"): "due_soon",
        ("uof_form", "LATER"): "not_due",
        ("uof_form", "AFTER"): "overdue",
    }
    got = figures(sc)
    assert got["forms_overdue"] == 2
    assert got["uses"] == 4  # AT..LATER are in [T - 24 h, T); SENT, AFTER before; FUTURE after


def test_a_check_is_overdue_exactly_72_hours_after_the_form(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    use(sc, "AT", T - 5 * DAY, submitted_at=T - 72 * HOUR)
    use(sc, "JUST", T - 5 * DAY, submitted_at=T - 72 * HOUR + US)
    use(sc, "DONE", T - 5 * DAY, submitted_at=T - 80 * HOUR, checked_at=T)
    use(sc, "LATECHECK", T - 5 * DAY, submitted_at=T - 80 * HOUR, checked_at=T + US)
    got = states(sc, window=DAY)
    assert got == {
        ("uof_check", "AT"): "overdue",
        ("uof_check", "JUST"): "due_soon",
        ("uof_check", "LATECHECK"): "overdue",
    }
    assert figures(sc)["awaiting_check"] == 2
    # the item opens the use-of-force record
    kinds = {c.kind: c.record for c in family("use_of_force").clocks}
    assert kinds == {"uof_form": "use_of_force", "uof_check": "use_of_force"}


def test_bwv_counts_only_submitted_forms_and_null_is_not_false(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    use(sc, "NO", T - HOUR, submitted_at=T - MIN, bwv_recorded=False)
    use(sc, "YES1", T - HOUR, submitted_at=T - MIN, bwv_recorded=True)
    use(sc, "YES2", T - HOUR, submitted_at=T - MIN, bwv_recorded=True)
    use(sc, "UNKNOWN", T - HOUR, submitted_at=T - MIN, bwv_recorded=None)  # not counted
    use(sc, "NOTSENT", T - HOUR, bwv_recorded=False)  # no form by T: not counted
    use(sc, "SENTLATER", T - HOUR, submitted_at=T + MIN, bwv_recorded=False)  # after T
    use(sc, "OLD", T - 2 * DAY, submitted_at=T - MIN, bwv_recorded=False)  # before window
    got = figures(sc)
    assert got["bwv_not_recorded_pct"] == 100.0 / 3
    assert got["uses"] == 6


def test_no_submitted_form_gives_a_null_percentage_not_zero(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    use(sc, "U1", T - HOUR)
    got = figures(sc)
    assert got == {"uses": 1, "bwv_not_recorded_pct": None, "forms_overdue": 0,
                   "awaiting_check": 0}  # fmt: skip


def test_status_and_check_follow_the_bwv_limit(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    for i in range(19):
        use(sc, f"Y{i}", T - HOUR, submitted_at=T - MIN, bwv_recorded=True)
    use(sc, "N", T - HOUR, submitted_at=T - MIN, bwv_recorded=False)  # 1 of 20 = 5 %
    with sc.session() as session:
        for limit, level in ((5.0, Level.BREACH), (6.0, Level.NEAR), (7.5, Level.OK)):
            t = Thresholds(bwv_not_recorded_max_pct=limit)
            figs = read(session, scope(t=t))
            data = figs.of("use_of_force")
            assert data["bwv_not_recorded_pct"] == 5.0
            row = next(
                h for h in family("use_of_force").headlines(data, t)
                if h.key == "use_of_force.bwv_not_recorded_pct"
            )  # fmt: skip
            assert row.status is not None and row.status.level is level
            flagged = {b.key for b in breaches(figs)}
            assert ("use_of_force.bwv_not_recorded_pct" in flagged) == (level is Level.BREACH)


def test_team_and_area_scope_by_the_officer_and_the_row(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("A1", team="TA").officer("B1", team="TB")
    use(sc, "UA", T - 30 * HOUR, officer_id="A1", area_code="LEI")
    use(sc, "UB", T - 30 * HOUR, officer_id="B1", area_code="MEL")
    with sc.session() as session:
        for team, want in (("TA", 1), ("TB", 1), (None, 2), ("TC", 0)):
            s = metrics.Scope(as_of=T, team=team)
            assert metrics.report(session, s)["use_of_force"]["forms_overdue"] == want
        assert metrics.report(session, scope(area="MEL"))["use_of_force"]["forms_overdue"] == 1
        queue = deadlines.queue(session, metrics.Scope(as_of=T, team="TA"), {"uof_form"})
        assert queue["item_id"].to_list() == ["UA"]


def test_a_schema_v1_file_shows_no_data(tmp_path: Path) -> None:
    from supervisor_tui.db import Database

    sc = Scenario(tmp_path)
    sc.save()
    import duckdb

    con = duckdb.connect(str(sc.path))
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.execute("DROP TABLE use_of_force")
    con.close()
    db = Database(sc.path)
    try:
        with db.read() as session:
            report = metrics.report(session, scope())
            assert report["use_of_force"] is None
            figs = read(session, scope())
            assert "schema 2" in figs.unavailable["use_of_force"]
    finally:
        db.close()
