"""Clare's Law figures and clocks: hand-computed scenarios at each boundary (real DuckDB files
through the core, as the CLI reads them). Definitions: docs/figures/safeguarding.md."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scenario import DAY, HOUR, SEC, Scenario, T, scope
from supervisor_tui import deadlines, figures, metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Database, create_schema
from supervisor_tui.figures.dvds import days_left_text


def app(
    sc: Scenario,
    app_id: str,
    *,
    received: datetime,
    area: str = "LEI",
    officer: str | None = None,
    checks: datetime | None = None,
    disclosed: datetime | None = None,
    closed: datetime | None = None,
    route: str = "right_to_ask",
) -> None:
    sc._add("dvds_applications", application_id=app_id, route=route, received_at=received,
            area_code=area, officer_id=officer, initial_checks_at=checks,
            disclosed_at=disclosed, closed_at=closed)  # fmt: skip


def dvds(sc: Scenario, **kwargs: Any) -> dict[str, Any]:
    return sc.report(**kwargs)["dvds"]


def test_open_and_over_28_days_at_exactly_28_days(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    app(sc, "A28", received=T - 28 * DAY, checks=T - 27 * DAY)  # exactly 28 d: over
    app(sc, "A27", received=T - 28 * DAY + SEC, checks=T - 27 * DAY)  # a second short
    app(sc, "AFUT", received=T + SEC)  # not received by T
    app(sc, "ACL", received=T - 40 * DAY, closed=T)  # closed at T: not open
    app(sc, "ACL2", received=T - 40 * DAY, closed=T + SEC, checks=T - 39 * DAY)  # open at T
    got = dvds(sc)
    assert got["open"] == 3
    assert got["over_28_days"] == 2  # A28 and ACL2
    assert got["initial_checks_overdue"] == 0


def test_initial_checks_overdue_at_exactly_24_hours(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    app(sc, "C24", received=T - 24 * HOUR)  # exactly 24 h without checks: overdue
    app(sc, "C23", received=T - 24 * HOUR + SEC)  # not yet
    app(sc, "CT", received=T - 30 * HOUR, checks=T)  # checked at T: done
    app(sc, "CLATE", received=T - 30 * HOUR, checks=T + SEC)  # checked after T: overdue at T
    got = dvds(sc)
    assert got["initial_checks_overdue"] == 2
    assert {"open", "over_28_days"} <= got.keys()
    with sc.session() as session:
        items = deadlines.items(session, scope(), {"dvds_initial_checks"})
    states = dict(zip(items["item_id"], items["state"], strict=True))
    assert states == {"C24": "overdue", "C23": "due_soon", "CT": "done_late", "CLATE": "overdue"}


def test_disclosures_in_the_window_and_the_28_day_rate(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    start = T - DAY
    # in the window [S, T): at S counts, at T does not
    app(sc, "D1", received=start - 28 * DAY, disclosed=start, closed=start)  # exactly 28 d
    app(sc, "D2", received=start - 28 * DAY - SEC, disclosed=start, closed=start)  # 28 d + 1 s
    app(sc, "D3", received=T - 2 * DAY, disclosed=T - SEC, closed=T - SEC)
    app(sc, "D4", received=T - 2 * DAY, disclosed=T, closed=T)  # at T: not in the window
    app(sc, "D5", received=T - 3 * DAY, disclosed=start - SEC, closed=start - SEC)  # before S
    got = dvds(sc)
    assert got["disclosures"] == 3
    assert got["disclosed_within_28d_pct"] == pytest.approx(100 * 2 / 3)
    assert got["open"] == 0  # each closed by T (D4 at T itself)


def test_nothing_disclosed_gives_no_rate(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    app(sc, "A", received=T - 2 * DAY, checks=T - DAY)
    got = dvds(sc)
    assert got == {"open": 1, "over_28_days": 0, "initial_checks_overdue": 0,
                   "disclosures": 0, "disclosed_within_28d_pct": None}  # fmt: skip


def test_area_and_team_scope(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc._add("teams", team_id="LEI-NBH", name="n", area_code="LEI")
    sc._add("teams", team_id="MEL-INV", name="i", area_code="MEL")
    sc.officer("P1", team="LEI-NBH")
    sc.officer("P2", team="MEL-INV", area="MEL")
    app(sc, "L1", received=T - 30 * DAY, officer="P1")
    app(sc, "M1", received=T - 30 * DAY, area="MEL", officer="P2")
    app(sc, "M2", received=T - 30 * DAY, area="MEL", officer="P1")
    app(sc, "X", received=T - 30 * DAY, area="MEL")  # no officer: only unscoped by team
    assert dvds(sc)["over_28_days"] == 4
    assert dvds(sc, area="MEL")["over_28_days"] == 3
    with sc.session() as session:
        team = metrics.Scope(as_of=T, team="LEI-NBH")
        got = figures.family("dvds").fetch(session, team)
        queue = deadlines.queue(session, team, {"dvds_disclosure"})
    assert got["over_28_days"] == 2  # L1, M2 (P1's)
    assert sorted(queue["item_id"]) == ["L1", "M2"]


def test_clock_due_dates_done_at_and_due_soon_horizon(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    app(sc, "S7", received=T - 21 * DAY, checks=T - 20 * DAY)  # due in exactly 7 d: soon
    app(sc, "S8", received=T - 21 * DAY + SEC, checks=T - 20 * DAY)  # 7 d + 1 s: not due
    app(sc, "OV", received=T - 29 * DAY, checks=T - 28 * DAY)
    with sc.session() as session:
        items = deadlines.items(session, scope(), {"dvds_disclosure"})
        wider = deadlines.items(
            session, scope(t=Thresholds(dvds_disclosure_days=8.0)), {"dvds_disclosure"}
        )
    rows = {r["item_id"]: r for r in items.iter_rows(named=True)}
    assert rows["S7"]["state"] == "due_soon"
    assert rows["S7"]["due_at"] == T + 7 * DAY
    assert rows["S8"]["state"] == "not_due"
    assert rows["OV"]["state"] == "overdue"
    assert dict(zip(wider["item_id"], wider["state"], strict=True))["S8"] == "due_soon"


def test_disclosure_limit_is_a_setting(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    app(sc, "A", received=T - 10 * DAY, checks=T - 9 * DAY)
    t = Thresholds(disclose_within_days=10, initial_checks_hours=1)
    assert dvds(sc, thresholds=t)["over_28_days"] == 1
    assert dvds(sc)["over_28_days"] == 0


def test_v1_file_shows_no_data(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con, version=1)
    con.close()
    db = Database(path)
    try:
        with db.read() as session:
            report = metrics.report(session, scope())
            queue = deadlines.queue(session, scope())
    finally:
        db.close()
    assert report["dvds"] is None
    assert "dvds_disclosure" not in set(queue["kind"])


def test_days_left_in_words() -> None:
    assert days_left_text(0.0) == "over"
    assert days_left_text(-1.5) == "36 h over"  # hours below 48 h, as every duration
    assert days_left_text(-2.5) == "2 d 12 h over"
    assert days_left_text(3.0) == "3 d left"
    assert days_left_text(1 / 24) == "1 h left"
