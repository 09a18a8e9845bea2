"""Attendance figures for grade 1 and 2 incidents (docs/metrics.md, "Attendance").

Targets: 15 min (grade 1, urban), 20 min (grade 1, rural), 60 min (grade 2); an area missing
from ``areas`` gets the urban target.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from scenario import DAY, HOUR, MIN, RURAL, SEC, URBAN, Scenario, T, scope
from supervisor_tui import metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.timeutil import parse_window

OPENED = T - 3 * HOUR  # an opening time well inside the default 24 h window

NONE: dict[str, Any] = {
    "opened": 0,
    "due": 0,
    "late": 0,
    "late_pct": None,
    "breaching_now": 0,
    "victim_not_updated": 0,
}
ON_TIME = {**NONE, "opened": 1, "due": 1, "late_pct": 0.0}
LATE = {**NONE, "opened": 1, "due": 1, "late": 1, "late_pct": 100.0}
AWAITING = {**NONE, "opened": 1}
BREACHING = {**LATE, "breaching_now": 1, "victim_not_updated": 1}
BREACHING_UPDATED = {**LATE, "breaching_now": 1}
#: Opened before the window, open and unattended past its target at T: not in the window's
#: figures, but breaching now (state at T, whatever the opening time).
BREACHING_FROM_BEFORE = {**NONE, "breaching_now": 1, "victim_not_updated": 1}


def one_incident(
    tmp_path: Path,
    *,
    grade: int,
    opened: datetime = OPENED,
    area: str = URBAN,
    arrived_after: timedelta | None = None,
    closed: datetime | None = None,
    victim_updated: datetime | None = None,
) -> dict[str, Any]:
    sc = Scenario(tmp_path)
    sc.incident(
        "I1", grade=grade, opened=opened, area=area, closed=closed, victim_updated=victim_updated
    )
    if arrived_after is not None:
        sc.deployment("I1", "P1", dispatched=opened + MIN, arrived=opened + arrived_after)
    attendance = sc.report()["attendance"]
    other = "2" if grade == 1 else "1"
    assert attendance[other] == NONE
    return attendance[str(grade)]


@pytest.mark.parametrize(
    ("grade", "area", "arrived_after", "expected"),
    [
        (1, URBAN, 15 * MIN, ON_TIME),
        (1, URBAN, 15 * MIN + SEC, LATE),
        (1, RURAL, 16 * MIN, ON_TIME),
        (1, RURAL, 20 * MIN, ON_TIME),
        (1, RURAL, 20 * MIN + SEC, LATE),
        (1, "ZZZ", 15 * MIN, ON_TIME),  # unknown area: urban target
        (1, "ZZZ", 16 * MIN, LATE),
        (2, URBAN, 60 * MIN, ON_TIME),
        (2, URBAN, 60 * MIN + SEC, LATE),
        (2, RURAL, 60 * MIN, ON_TIME),
        (2, RURAL, 60 * MIN + SEC, LATE),
    ],
    ids=[
        "g1-urban-15m",
        "g1-urban-15m1s",
        "g1-rural-16m",
        "g1-rural-20m",
        "g1-rural-20m1s",
        "g1-unknown-area-15m",
        "g1-unknown-area-16m",
        "g2-urban-60m",
        "g2-urban-60m1s",
        "g2-rural-60m",
        "g2-rural-60m1s",
    ],
)
def test_arrival_against_target(
    tmp_path: Path, grade: int, area: str, arrived_after: timedelta, expected: dict[str, Any]
) -> None:
    assert one_incident(tmp_path, grade=grade, area=area, arrived_after=arrived_after) == expected


@pytest.mark.parametrize(
    ("case", "kwargs", "expected"),
    [
        (
            "arrival exactly at T counts",
            {"opened": T - 10 * MIN, "arrived_after": 10 * MIN},
            ON_TIME,
        ),
        (
            "arrival after T, past target: breaching",
            {"opened": T - 30 * MIN, "arrived_after": 31 * MIN},
            BREACHING,
        ),
        (
            "arrival after T, within target: awaiting",
            {"opened": T - 10 * MIN, "arrived_after": 20 * MIN},
            AWAITING,
        ),
        ("no arrival, aged exactly the target: awaiting", {"opened": T - 15 * MIN}, AWAITING),
        ("no arrival, aged target + 1 s: breaching", {"opened": T - 15 * MIN - SEC}, BREACHING),
        ("closed without attendance: not due", {"closed": OPENED + 10 * MIN}, AWAITING),
        ("closed exactly at T without attendance: not due", {"closed": T}, AWAITING),
        ("closed after T: still breaching", {"closed": T + SEC}, BREACHING),
        ("victim updated before T", {"victim_updated": OPENED + 20 * MIN}, BREACHING_UPDATED),
        ("victim updated exactly at T", {"victim_updated": T}, BREACHING_UPDATED),
        ("victim updated after T: not yet", {"victim_updated": T + SEC}, BREACHING),
        (
            "late arrival then closed",
            {"arrived_after": 40 * MIN, "closed": OPENED + 2 * HOUR},
            LATE,
        ),
        ("opened exactly at the window start is in", {"opened": T - DAY}, BREACHING),
        (
            "opened before the window start: out of the window, breaching now",
            {"opened": T - DAY - SEC},
            BREACHING_FROM_BEFORE,
        ),
        ("opened exactly at T is out", {"opened": T}, NONE),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_grade1_urban_state_at_t(
    tmp_path: Path, case: str, kwargs: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert one_incident(tmp_path, grade=1, **kwargs) == expected, case


def test_first_arrival_is_the_earliest_by_t(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    # I1: second officer arrives first, on time
    sc.incident("I1", grade=1, opened=OPENED)
    sc.deployment("I1", "P1", dispatched=OPENED + MIN, arrived=OPENED + 25 * MIN)
    sc.deployment("I1", "P2", dispatched=OPENED + 2 * MIN, arrived=OPENED + 12 * MIN)
    # I2: one arrival after T is ignored; the one before T is late
    sc.incident("I2", grade=1, opened=T - HOUR)
    sc.deployment("I2", "P3", dispatched=T - HOUR, arrived=T - 10 * MIN)
    sc.deployment("I2", "P4", dispatched=T - HOUR, arrived=T + MIN)
    # I3: dispatched, never arrived, past target
    sc.incident("I3", grade=1, opened=T - HOUR)
    sc.deployment("I3", "P5", dispatched=T - 50 * MIN)
    with sc.session() as session:
        rows = {r["incident_id"]: r for r in metrics.incidents_list(session, scope()).to_dicts()}
    assert rows["I1"]["first_arrival"] == OPENED + 12 * MIN
    assert rows["I1"]["status"] == "on time"
    assert rows["I2"]["first_arrival"] == T - 10 * MIN
    assert rows["I2"]["response_min"] == 50.0
    assert rows["I2"]["status"] == "late"
    assert rows["I3"]["first_arrival"] is None
    assert rows["I3"]["status"] == "breaching"


def test_grades_3_and_4_are_not_counted(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.incident("I3", grade=3, opened=OPENED)
    sc.incident("I4", grade=4, opened=OPENED)
    attendance = sc.report()["attendance"]
    assert attendance == {"1": NONE, "2": NONE}


def test_mixed_hand_computed(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    # grade 1
    sc.attended("A", grade=1, opened=OPENED, after=9 * MIN)
    sc.attended("B", grade=1, opened=OPENED, after=15 * MIN)
    sc.attended("C", grade=1, opened=OPENED, after=22 * MIN)
    sc.attended("D", grade=1, opened=OPENED, after=18 * MIN, area=RURAL)
    sc.incident("E", grade=1, opened=T - HOUR)  # breaching, victim not told
    sc.incident("F", grade=1, opened=T - 2 * HOUR, victim_updated=T - HOUR)  # breaching, told
    sc.incident("G", grade=1, opened=T - 5 * MIN)  # awaiting
    sc.incident("H", grade=1, opened=OPENED, closed=OPENED + 5 * MIN)  # closed unattended
    # grade 2
    sc.attended("J", grade=2, opened=OPENED, after=59 * MIN)
    sc.attended("K", grade=2, opened=OPENED, after=61 * MIN)
    sc.incident("L", grade=2, opened=T - 61 * MIN)  # breaching
    sc.incident("M", grade=2, opened=T - 59 * MIN)  # awaiting
    attendance = sc.report()["attendance"]
    # grade 1: attended A B C D (C late), breaching E F -> due 6, late 3
    assert attendance["1"] == {
        "opened": 8,
        "due": 6,
        "late": 3,
        "late_pct": 50.0,
        "breaching_now": 2,
        "victim_not_updated": 1,
    }
    # grade 2: attended J K (K late), breaching L -> due 3, late 2
    assert attendance["2"] == pytest.approx(
        {
            "opened": 4,
            "due": 3,
            "late": 2,
            "late_pct": 200 / 3,
            "breaching_now": 1,
            "victim_not_updated": 1,
        }
    )


def test_target_thresholds_change_the_figures(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.attended("A", grade=1, opened=OPENED, after=17 * MIN)
    sc.attended("B", grade=1, opened=OPENED, after=22 * MIN, area=RURAL)
    sc.attended("C", grade=2, opened=OPENED, after=50 * MIN)
    assert [sc.report()["attendance"][g]["late"] for g in ("1", "2")] == [2, 0]
    t = Thresholds(grade1_urban_min=20, grade1_rural_min=25, grade2_min=45)
    assert [sc.report(thresholds=t)["attendance"][g]["late"] for g in ("1", "2")] == [0, 1]


def test_area_filter_selects_incidents_and_their_deployments(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.incident("U1", grade=1, opened=OPENED, area=URBAN)
    sc.deployment("U1", "P1", dispatched=OPENED, arrived=OPENED + 30 * MIN)  # late
    sc.incident("U2", grade=1, opened=T - HOUR, area=URBAN)  # breaching
    sc.incident("R1", grade=1, opened=OPENED, area=RURAL)
    sc.deployment("R1", "P1", dispatched=OPENED, arrived=OPENED + 19 * MIN)  # on time
    sc.incident("R2", grade=2, opened=OPENED, area=RURAL)  # breaching grade 2
    assert sc.report(area=RURAL)["attendance"] == {
        "1": ON_TIME,
        "2": BREACHING,
    }
    assert sc.report(area=URBAN)["attendance"] == {
        "1": {
            **LATE,
            "opened": 2,
            "due": 2,
            "late": 2,
            "breaching_now": 1,
            "victim_not_updated": 1,
        },
        "2": NONE,
    }
    assert sc.report()["attendance"]["1"]["opened"] == 3


@pytest.mark.parametrize(
    ("window", "opened"),
    [("1h", 1), ("8h", 2), ("24h", 3), ("7d", 4), ("28d", 5)],
)
def test_windows_select_incidents(tmp_path: Path, window: str, opened: int) -> None:
    sc = Scenario(tmp_path)
    for n, age in enumerate([30 * MIN, 5 * HOUR, 20 * HOUR, 6 * DAY, 20 * DAY, 29 * DAY]):
        sc.incident(f"I{n}", grade=2, opened=T - age)
        sc.deployment(f"I{n}", "P1", dispatched=T - age, arrived=T - age + 10 * MIN)
    got = sc.report(window=parse_window(window))["attendance"]["2"]
    assert (got["opened"], got["due"], got["late"]) == (opened, opened, 0)
