"""Neighbourhood abstraction: hand-computed scenarios at each boundary (real DuckDB files
through the core). Definitions: docs/figures/safeguarding.md."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scenario import DAY, HOUR, MIN, SEC, Scenario, T
from supervisor_tui import figures, metrics, status
from supervisor_tui.config import Thresholds

S = T - DAY  # the default 24 h window's start


def teams(sc: Scenario) -> Scenario:
    """A neighbourhood team in each area and a response team (whose officers never count)."""
    for team_id, area, kind in (("LEI-NBH", "LEI", "neighbourhood"),
                                ("MEL-NBH", "MEL", "neighbourhood"),
                                ("LEI-R1", "LEI", "response")):  # fmt: skip
        sc._add("teams", team_id=team_id, name=team_id, area_code=area)
        sc.update("teams", {"team_id": team_id}, kind=kind)
    return sc


def abstraction(
    sc: Scenario,
    officer: str,
    *,
    starts: datetime,
    ends: datetime,
    recorded: datetime,
    reason: str = "response cover",
) -> None:
    sc._add("abstractions", officer_id=officer, starts_at=starts, ends_at=ends,
            reason=reason, recorded_at=recorded)  # fmt: skip


def nbh(sc: Scenario, **kwargs: Any) -> dict[str, Any]:
    return sc.report(**kwargs)["neighbourhood"]


def test_rostered_hours_are_duties_cut_to_the_window(tmp_path: Path) -> None:
    sc = teams(Scenario(tmp_path))
    sc.officer("N1", team="LEI-NBH")
    sc.officer("R1", team="LEI-R1")
    sc.duty("N1", starts=S - 2 * HOUR, ends=S + 8 * HOUR)  # 8 h inside the window
    sc.duty("N1", starts=T - 3 * HOUR, ends=T + 5 * HOUR)  # 3 h: cut at T
    sc.duty("N1", starts=T, ends=T + 8 * HOUR)  # starts at T: none
    sc.duty("R1", starts=S, ends=T)  # response officer: not counted
    got = nbh(sc)
    assert got["rostered_hours"] == pytest.approx(11.0)
    assert got["abstracted_hours"] == 0
    assert got["abstracted_pct"] == 0
    assert got["unplanned_pct"] is None
    assert got["by_reason"] == {}


def test_abstractions_spanning_s_and_t_and_recorded_after_t(tmp_path: Path) -> None:
    sc = teams(Scenario(tmp_path))
    sc.officer("N1", team="LEI-NBH")
    sc.duty("N1", starts=S, ends=T)  # 24 h rostered
    abstraction(sc, "N1", starts=S - HOUR, ends=S + 2 * HOUR, recorded=S - HOUR)  # 2 h in
    abstraction(sc, "N1", starts=T - HOUR, ends=T + 3 * HOUR, recorded=T - HOUR)  # 1 h in
    abstraction(sc, "N1", starts=T - 4 * HOUR, ends=T - 2 * HOUR, recorded=T + SEC,
                reason="court")  # recorded after T: not counted  # fmt: skip
    abstraction(sc, "N1", starts=T - 6 * HOUR, ends=T - 5 * HOUR, recorded=T,
                reason="event")  # recorded at T: counted  # fmt: skip
    got = nbh(sc)
    assert got["abstracted_hours"] == pytest.approx(4.0)
    assert got["abstracted_pct"] == pytest.approx(100 * 4 / 24)
    assert got["by_reason"] == {"response cover": pytest.approx(3.0), "event": 1.0}
    # Seen later, the late-recorded one counts
    later = sc.report(T + HOUR)["neighbourhood"]
    assert later["by_reason"]["court"] == pytest.approx(2.0)


def test_planned_when_recorded_at_least_24_hours_before(tmp_path: Path) -> None:
    sc = teams(Scenario(tmp_path))
    sc.officer("N1", team="LEI-NBH")
    sc.duty("N1", starts=S, ends=T)
    start = T - 10 * HOUR
    abstraction(sc, "N1", starts=start, ends=start + HOUR, recorded=start - 24 * HOUR,
                reason="training")  # exactly 24 h before: planned  # fmt: skip
    abstraction(
        sc,
        "N1",
        starts=start + 2 * HOUR,
        ends=start + 5 * HOUR,
        recorded=start + 2 * HOUR - 24 * HOUR + SEC,
    )  # a second short: unplanned
    got = nbh(sc)
    assert got["abstracted_hours"] == pytest.approx(4.0)
    assert got["unplanned_pct"] == pytest.approx(75.0)
    t = Thresholds(planned_notice_hours=0)
    assert nbh(sc, thresholds=t)["unplanned_pct"] == 0


def test_status_against_max_abstracted_pct(tmp_path: Path) -> None:
    sc = teams(Scenario(tmp_path))
    sc.officer("N1", team="LEI-NBH")
    sc.duty("N1", starts=T - 10 * HOUR, ends=T)
    abstraction(sc, "N1", starts=T - 2 * HOUR, ends=T, recorded=T - 3 * HOUR)  # 20 % exactly
    family = figures.family("neighbourhood")
    t = Thresholds()
    with sc.session() as session:
        data = family.fetch(session, metrics.Scope(as_of=T))
    assert data["abstracted_pct"] == pytest.approx(20.0)
    assert family.status(data, t) is status.BREACH
    assert family.status(data, t.replace(max_abstracted_pct=25.0)) is status.OK
    assert family.status(data, t.replace(max_abstracted_pct=21.0)) is status.NEAR


def test_area_and_team_scope(tmp_path: Path) -> None:
    sc = teams(Scenario(tmp_path))
    sc.officer("N1", team="LEI-NBH")
    sc.officer("N2", team="MEL-NBH", area="MEL")
    sc.duty("N1", starts=S, ends=S + 10 * HOUR)
    sc.duty("N2", starts=S, ends=S + 5 * HOUR, area="MEL")
    abstraction(sc, "N1", starts=S, ends=S + 30 * MIN, recorded=S, reason="constant watch")
    abstraction(sc, "N2", starts=S, ends=S + HOUR, recorded=S - 2 * DAY, reason="event")
    assert nbh(sc)["rostered_hours"] == pytest.approx(15.0)
    assert nbh(sc)["unplanned_pct"] == pytest.approx(100 * 0.5 / 1.5)
    assert nbh(sc, area="MEL") == {"rostered_hours": 5.0, "abstracted_hours": 1.0,
                                   "abstracted_pct": 20.0, "unplanned_pct": 0.0,
                                   "by_reason": {"event": 1.0}}  # fmt: skip
    with sc.session() as session:
        got = figures.family("neighbourhood").fetch(session, metrics.Scope(as_of=T, team="LEI-NBH"))
    assert got["rostered_hours"] == pytest.approx(10.0)
    assert got["by_reason"] == {"constant watch": 0.5}


def test_no_neighbourhood_teams_is_empty(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.officer("N1")
    sc.duty("N1", starts=S, ends=T)
    got = nbh(sc)
    assert got == {"rostered_hours": 0.0, "abstracted_hours": 0.0, "abstracted_pct": None,
                   "unplanned_pct": None, "by_reason": {}}  # fmt: skip
    family = figures.family("neighbourhood")
    assert family.empty is not None
    with sc.session() as session:
        assert family.empty(family.fetch(session, metrics.Scope(as_of=T)))
