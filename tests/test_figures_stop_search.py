"""Stop and search on hand-built boundary scenarios (docs/figures/powers.md).

Defaults: a review is due 72 h after the search (due soon 12 h ahead); grounds recorded
breaches below 95 %.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from tests.scenario import DAY, HOUR, MIN, US, Scenario, T, scope

from supervisor_tui import deadlines, metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.figures import families, family
from supervisor_tui.status import Level

AFRICAN = "Black/African/Caribbean/Black British - African"


def search(sc: Scenario, search_id: str, at: datetime, **cols: Any) -> Scenario:
    return sc._add("stop_searches", search_id=search_id, searched_at=at, **cols)


def figures(sc: Scenario, **kw: Any) -> dict[str, Any]:
    return sc.report(**kw)["stop_search"]


def test_grounds_of_spaces_only_are_not_recorded(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    search(sc, "TEXT", T - HOUR, grounds="smell of cannabis")
    search(sc, "ONE", T - HOUR, grounds=" x ")  # one non-space character is enough
    search(sc, "SPACES", T - HOUR, grounds="   ")
    search(sc, "TABS", T - HOUR, grounds="\t \n")  # whitespace of any kind
    search(sc, "EMPTY", T - HOUR, grounds="")
    search(sc, "NULL", T - HOUR)
    search(sc, "OLD", T - DAY - US, grounds="")  # before the window
    got = figures(sc)
    assert got["searches"] == 6
    assert got["grounds_recorded_pct"] == 100.0 * 2 / 6


def test_outcome_linked_counts_empty_as_not_linked_and_bwv_skips_null(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    search(sc, "T1", T - HOUR, outcome_linked=True, bwv_recorded=True)
    search(sc, "F1", T - HOUR, outcome_linked=False, bwv_recorded=False)
    search(sc, "N1", T - HOUR, outcome_linked=None, bwv_recorded=None)
    search(sc, "N2", T - HOUR, outcome_linked=None, bwv_recorded=True)
    got = figures(sc)
    assert got["outcome_linked_pct"] == 25.0  # 1 of all 4, empty counted as not linked
    assert got["bwv_recorded_pct"] == 100.0 * 2 / 3  # 2 of the 3 known


def test_an_empty_window_gives_null_percentages(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    search(sc, "OLD", T - 2 * DAY, reviewed_at=T - DAY)
    assert figures(sc) == {
        "searches": 0,
        "grounds_recorded_pct": None,
        "outcome_linked_pct": None,
        "bwv_recorded_pct": None,
        "awaiting_review": 0,
        "by_ethnicity": {},
    }


def test_the_ethnic_group_is_the_text_before_the_dash(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    search(sc, "A1", T - HOUR, self_defined_ethnicity=AFRICAN, outcome_linked=True)
    search(sc, "A2", T - HOUR, self_defined_ethnicity="Black/African/Caribbean/Black British - "
           "Caribbean", outcome_linked=False)  # fmt: skip
    search(sc, "W1", T - HOUR, self_defined_ethnicity="White")  # no " - ": the whole value
    search(sc, "O1", T - HOUR, self_defined_ethnicity="Other ethnic group - Not stated")
    search(sc, "E1", T - HOUR, self_defined_ethnicity="")
    search(sc, "E2", T - HOUR, self_defined_ethnicity="  ")
    search(sc, "E3", T - HOUR, outcome_linked=True)  # null
    got = figures(sc)["by_ethnicity"]
    assert got == {
        "Black/African/Caribbean/Black British": {"searches": 2, "outcome_linked_pct": 50.0},
        "Not stated": {"searches": 3, "outcome_linked_pct": 100.0 / 3},
        "Other ethnic group": {"searches": 1, "outcome_linked_pct": 0.0},
        "White": {"searches": 1, "outcome_linked_pct": 0.0},
    }


def test_a_review_is_overdue_exactly_72_hours_after_the_search(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    search(sc, "AT", T - 72 * HOUR)
    search(sc, "JUST", T - 72 * HOUR + US)
    search(sc, "EDGE", T - 60 * HOUR)  # due exactly at T + 12 h
    search(sc, "LATER", T - 60 * HOUR + US)
    search(sc, "DONE", T - 80 * HOUR, reviewed_at=T)
    search(sc, "LATEREVIEW", T - 80 * HOUR, reviewed_at=T + US)
    with sc.session() as session:
        frame = deadlines.items(session, scope(), {"stop_search_review"})
    got = {r["item_id"]: r["state"] for r in frame.iter_rows(named=True)}
    assert got == {"AT": "overdue", "JUST": "due_soon", "EDGE": "due_soon",
                   "LATER": "not_due", "LATEREVIEW": "overdue"}  # fmt: skip
    assert figures(sc)["awaiting_review"] == 2
    assert family("stop_search").clocks[0].record == "stop_search"


def test_grounds_status_against_its_minimum(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    for i in range(19):
        search(sc, f"G{i}", T - HOUR, grounds="seen dealing", reviewed_at=T - MIN)
    search(sc, "NONE", T - HOUR, reviewed_at=T - MIN)  # 19 of 20 = 95 %
    data = None
    with sc.session() as session:
        data = family("stop_search").fetch(session, scope())
    assert data["grounds_recorded_pct"] == 95.0
    for minimum, level in ((95.0, Level.NEAR), (95.1, Level.BREACH), (92.0, Level.OK)):
        t = Thresholds(grounds_recorded_min_pct=minimum)
        row = next(h for h in family("stop_search").headlines(data, t)
                   if h.key == "stop_search.grounds_recorded_pct")  # fmt: skip
        assert row.status is not None and row.status.level is level


def test_team_scope_by_the_searching_officer_and_area_by_the_row(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("A1", team="TA").officer("B1", team="TB")
    search(sc, "SA", T - HOUR, officer_id="A1", area_code="LEI")
    search(sc, "SB", T - HOUR, officer_id="B1", area_code="MEL")
    search(sc, "SX", T - HOUR)  # published data: no officer, so in no team
    with sc.session() as session:
        got = {team: metrics.report(session, metrics.Scope(as_of=T, team=team))["stop_search"]
               ["searches"] for team in ("TA", "TB", None)}  # fmt: skip
        assert got == {"TA": 1, "TB": 1, None: 3}
        assert metrics.report(session, scope(area="MEL"))["stop_search"]["searches"] == 1


def test_nothing_ranks_searches_by_officer(tmp_path: Path) -> None:
    """National guidance: search counts are not a productivity measure. No list, section or
    figure of the family counts searches per officer."""
    sc = Scenario(tmp_path).officer("A1")
    search(sc, "S1", T - 80 * HOUR, officer_id="A1")
    search(sc, "S2", T - HOUR, officer_id="A1")
    fam = family("stop_search")
    with sc.session() as session:
        data = fam.fetch(session, scope())
        sections = fam.sections(session, scope(), data, 10, "Europe/London", False)
    assert all("officer" not in key for key in data)
    for section in sections:
        headers = [h for h, _ in section.columns]
        assert not ("Officer" in headers and "Searches" in headers)
    ids = [f.id for f in families()]
    assert ids.index("use_of_force") < ids.index("stop_search")
    assert (family("use_of_force").order, fam.order) == (80, 85)
    frame = pl.DataFrame(data["by_ethnicity"])
    assert "officer_id" not in frame.columns
