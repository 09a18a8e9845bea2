"""State at T (no window): suspects, workload, on duty; and time travel with ``as_of``.

Definitions: docs/metrics.md, "Suspects", "Workload", "On duty".
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scenario import DAY, HOUR, MIN, RURAL, SEC, URBAN, Scenario, T, scope
from supervisor_tui import metrics
from supervisor_tui.config import Thresholds

# --- suspects: outstanding -----------------------------------------------------------------


def suspects(sc: Scenario, **kwargs: Any) -> dict[str, int]:
    return sc.report(**kwargs)["suspects"]


@pytest.mark.parametrize(
    ("since", "resolved", "outstanding"),
    [
        (T - DAY, None, 1),
        (T, None, 1),  # outstanding from exactly T
        (T + SEC, None, 0),  # not yet outstanding at T
        (T - DAY, T - SEC, 0),
        (T - DAY, T, 0),  # resolved exactly at T
        (T - DAY, T + SEC, 1),  # resolved after T: still outstanding
    ],
)
def test_outstanding(
    tmp_path: Path, since: datetime, resolved: datetime | None, outstanding: int
) -> None:
    sc = Scenario(tmp_path)
    sc.suspect(sc.crime(), since=since, resolved=resolved)
    assert suspects(sc)["outstanding"] == outstanding


def test_outstanding_counts_suspects_of_closed_crimes(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.suspect(sc.crime(closed=T - DAY), since=T - 3 * DAY)
    assert suspects(sc) == {
        "outstanding": 1,
        "over_90_days_unreviewed": 0,
        "high_risk_not_reviewed_24h": 0,
    }


# --- suspects: 90-day review ---------------------------------------------------------------

MARK = T - 100 * DAY + 90 * DAY  # the 90-day mark of a suspect outstanding since T - 100 days


@pytest.mark.parametrize(
    ("case", "since", "reviews", "unreviewed"),
    [
        ("outstanding exactly 90 days, no review", T - 90 * DAY, [], 1),
        ("outstanding 90 days less 1 s", T - 90 * DAY + SEC, [], 0),
        ("inspector review exactly at the mark counts", T - 100 * DAY, [(MARK, "inspector")], 0),
        ("inspector review 1 s before the mark", T - 100 * DAY, [(MARK - SEC, "inspector")], 1),
        ("sergeant review after the mark", T - 100 * DAY, [(MARK + DAY, "sergeant")], 1),
        ("rank written 'Inspector'", T - 100 * DAY, [(MARK + DAY, "Inspector")], 0),
        (
            "rank ' Chief Superintendent '",
            T - 100 * DAY,
            [(MARK + DAY, " Chief Superintendent ")],
            0,
        ),
        ("chief inspector", T - 100 * DAY, [(MARK + DAY, "chief inspector")], 0),
        ("inspector review exactly at T", T - 100 * DAY, [(T, "inspector")], 0),
        ("inspector review after T", T - 100 * DAY, [(T + SEC, "inspector")], 1),
        (
            "old review before the mark and constable after",
            T - 100 * DAY,
            [(T - 95 * DAY, "superintendent"), (T - DAY, "constable")],
            1,
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_over_90_days_unreviewed(
    tmp_path: Path,
    case: str,
    since: datetime,
    reviews: list[tuple[datetime, str]],
    unreviewed: int,
) -> None:
    sc = Scenario(tmp_path)
    suspect = sc.suspect(sc.crime(recorded=since), since=since)
    for at, rank in reviews:
        sc.review(suspect, at=at, rank=rank)
    got = suspects(sc)
    assert (got["outstanding"], got["over_90_days_unreviewed"]) == (1, unreviewed), case


def test_review_thresholds(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    a = sc.suspect(sc.crime(), since=T - 40 * DAY)
    sc.review(a, at=T - 5 * DAY, rank="sergeant")
    sc.suspect(sc.crime(), since=T - 35 * DAY)
    assert suspects(sc)["over_90_days_unreviewed"] == 0
    t = Thresholds(review_after_days=30)
    assert suspects(sc, thresholds=t)["over_90_days_unreviewed"] == 2
    t = Thresholds(review_after_days=30, review_min_rank="sergeant")
    assert suspects(sc, thresholds=t)["over_90_days_unreviewed"] == 1


# --- suspects: high risk, 24 h -------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "since", "risk", "reviews", "expected"),
    [
        ("outstanding exactly 24 h, no review", T - DAY, "high", [], 1),
        ("outstanding 24 h less 1 s", T - DAY + SEC, "high", [], 0),
        ("review exactly at T - 24 h does not count", T - 2 * DAY, "high", [T - DAY], 1),
        ("review at T - 24 h + 1 s counts", T - 2 * DAY, "high", [T - DAY + SEC], 0),
        ("review exactly at T counts", T - 2 * DAY, "high", [T], 0),
        ("review after T does not count", T - 2 * DAY, "high", [T + SEC], 1),
        ("medium risk is never counted", T - 2 * DAY, "medium", [], 0),
        ("standard risk is never counted", T - 2 * DAY, "standard", [], 0),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_high_risk_not_reviewed_24h(
    tmp_path: Path,
    case: str,
    since: datetime,
    risk: str,
    reviews: list[datetime],
    expected: int,
) -> None:
    sc = Scenario(tmp_path)
    suspect = sc.suspect(sc.crime(), since=since, risk=risk)
    for at in reviews:
        sc.review(suspect, at=at, rank="constable")  # any rank counts
    assert suspects(sc)["high_risk_not_reviewed_24h"] == expected, case


def test_high_risk_resolved_is_not_counted(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.suspect(sc.crime(), since=T - 3 * DAY, risk="high", resolved=T - HOUR)
    sc.suspect(sc.crime(), since=T - 3 * DAY, risk="high", resolved=T + HOUR)
    assert suspects(sc) == {
        "outstanding": 1,
        "over_90_days_unreviewed": 0,
        "high_risk_not_reviewed_24h": 1,
    }


def test_high_risk_hours_threshold(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    s = sc.suspect(sc.crime(), since=T - 3 * DAY, risk="high")
    sc.review(s, at=T - 10 * HOUR, rank="sergeant")
    assert suspects(sc)["high_risk_not_reviewed_24h"] == 0
    assert (
        suspects(sc, thresholds=Thresholds(high_risk_review_hours=8))["high_risk_not_reviewed_24h"]
        == 1
    )


def test_suspects_area_filter_uses_the_crime_area(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.suspect(sc.crime(area=URBAN), since=T - 100 * DAY)
    sc.suspect(sc.crime(area=URBAN), since=T - 2 * DAY, risk="high")
    sc.suspect(sc.crime(area=RURAL), since=T - 2 * DAY, risk="high")
    assert suspects(sc) == {
        "outstanding": 3,
        "over_90_days_unreviewed": 1,
        "high_risk_not_reviewed_24h": 2,
    }
    assert suspects(sc, area=URBAN) == {
        "outstanding": 2,
        "over_90_days_unreviewed": 1,
        "high_risk_not_reviewed_24h": 1,
    }
    assert suspects(sc, area=RURAL) == {
        "outstanding": 1,
        "over_90_days_unreviewed": 0,
        "high_risk_not_reviewed_24h": 1,
    }


# --- workload ------------------------------------------------------------------------------


def over(sc: Scenario, **kwargs: Any) -> list[dict[str, Any]]:
    workload = sc.report(**kwargs)["workload"]
    return workload["officers_over"]


def test_workload_trigger_and_order(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.crimes_with_suspects("P5", 5)  # exactly 5: not over
    sc.crimes_with_suspects("P6b", 6)
    sc.crimes_with_suspects("P6a", 6)
    sc.crimes_with_suspects("P7", 7)
    report = sc.report()
    assert report["workload"] == {
        "threshold": 5,
        "officers_over": [
            {"officer_id": "P7", "crimes": 7},
            {"officer_id": "P6a", "crimes": 6},
            {"officer_id": "P6b", "crimes": 6},
        ],
    }


def test_workload_counts_distinct_open_crimes_with_outstanding_suspects(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    # A: 5 crimes, one of them with three suspects -> 5
    crimes = sc.crimes_with_suspects("A", 5)
    sc.suspect(crimes[0])
    sc.suspect(crimes[0], risk="high")
    # B: 5 crimes with suspects + one without suspects + one whose suspect was resolved -> 5
    sc.crimes_with_suspects("B", 5)
    sc.crime(oic="B")
    sc.suspect(sc.crime(oic="B"), resolved=T - HOUR)
    # C: 5 + one whose suspect is resolved only after T -> 6
    sc.crimes_with_suspects("C", 5)
    sc.suspect(sc.crime(oic="C"), resolved=T + HOUR)
    # D: 5 + one closed after T (still open at T) -> 6
    sc.crimes_with_suspects("D", 5)
    sc.suspect(sc.crime(oic="D", closed=T + HOUR))
    # E: 5 + one closed exactly at T + one recorded after T -> 5
    sc.crimes_with_suspects("E", 5)
    sc.suspect(sc.crime(oic="E", closed=T))
    sc.suspect(sc.crime(oic="E", recorded=T + SEC), since=T - HOUR)
    # F: 5 + one whose only suspect becomes outstanding after T -> 5
    sc.crimes_with_suspects("F", 5)
    sc.suspect(sc.crime(oic="F"), since=T + SEC)
    # crimes with no officer in charge never count
    sc.crimes_with_suspects(None, 9)  # type: ignore[arg-type]
    assert over(sc) == [{"officer_id": "C", "crimes": 6}, {"officer_id": "D", "crimes": 6}]
    with sc.session() as session:
        crimes_per_officer = dict(
            metrics.workload_list(session, scope()).select("officer_id", "crimes").iter_rows()
        )
    assert crimes_per_officer == {"A": 5, "B": 5, "C": 6, "D": 6, "E": 5, "F": 5}


def test_workload_threshold_and_area_filter(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    for _ in range(4):
        sc.suspect(sc.crime(oic="A", area=URBAN))
    for _ in range(3):
        sc.suspect(sc.crime(oic="A", area=RURAL))
    for _ in range(5):
        sc.suspect(sc.crime(oic="B", area=RURAL))
    assert over(sc) == [{"officer_id": "A", "crimes": 7}]
    assert over(sc, area=URBAN) == []
    t = Thresholds(workload_max_crimes=3)
    assert over(sc, area=RURAL, thresholds=t) == [{"officer_id": "B", "crimes": 5}]
    assert over(sc, area=URBAN, thresholds=t) == [{"officer_id": "A", "crimes": 4}]
    assert sc.report(thresholds=t)["workload"]["threshold"] == 3


# --- on duty -------------------------------------------------------------------------------


def on_duty(sc: Scenario, **kwargs: Any) -> dict[str, int]:
    return sc.report(**kwargs)["on_duty"]


@pytest.mark.parametrize(
    ("starts", "ends", "officers"),
    [
        (T - 8 * HOUR, T + 2 * HOUR, 1),
        (T, T + 10 * HOUR, 1),  # on from starts_at
        (T - 10 * HOUR, T, 0),  # off at ends_at
        (T + SEC, T + 10 * HOUR, 0),
        (T - 10 * HOUR, T - SEC, 0),
    ],
)
def test_on_duty_interval(tmp_path: Path, starts: datetime, ends: datetime, officers: int) -> None:
    sc = Scenario(tmp_path)
    sc.duty("P1", starts=starts, ends=ends)
    assert on_duty(sc) == {"officers": officers, "committed": 0, "held_over": 0}


def test_committed(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    start, end = T - 4 * HOUR, T + 6 * HOUR
    for officer in ("A", "B", "C", "D", "E", "F", "G"):
        sc.duty(officer, starts=start, ends=end)
    sc.incident("I1", grade=3, opened=T - 3 * HOUR, area=URBAN)
    sc.incident("I2", grade=3, opened=T - 3 * HOUR, area=RURAL)
    sc.deployment("I1", "A", dispatched=T - HOUR)  # never cleared: committed
    sc.deployment("I1", "B", dispatched=T - HOUR, cleared=T + SEC)  # cleared after T: committed
    sc.deployment("I1", "C", dispatched=T - HOUR, cleared=T)  # cleared at T: free
    sc.deployment("I1", "D", dispatched=T + SEC)  # dispatched after T: free
    sc.deployment("I1", "E", dispatched=T)  # dispatched exactly at T: committed
    sc.deployment("I2", "F", dispatched=T - HOUR)  # an incident in another area: committed
    sc.deployment("I1", "G", dispatched=T - 2 * HOUR, cleared=T - HOUR)  # cleared: free
    sc.deployment("I1", "X", dispatched=T - HOUR)  # not on duty: not counted at all
    assert on_duty(sc) == {"officers": 7, "committed": 4, "held_over": 0}


def test_on_duty_area_filter_uses_the_duty_area(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    shift = {"starts": T - HOUR, "ends": T + HOUR}
    sc.duty("A", area=URBAN, **shift).duty("B", area=URBAN, **shift).duty("C", area=RURAL, **shift)
    sc.incident("I2", grade=1, opened=T - 30 * MIN, area=RURAL)
    sc.deployment("I2", "A", dispatched=T - 20 * MIN)  # urban officer sent to a rural incident
    assert on_duty(sc) == {"officers": 3, "committed": 1, "held_over": 0}
    assert on_duty(sc, area=URBAN) == {"officers": 2, "committed": 1, "held_over": 0}
    assert on_duty(sc, area=RURAL) == {"officers": 1, "committed": 0, "held_over": 0}


def test_overlapping_duties_count_one_officer(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.duty("A", starts=T - 8 * HOUR, ends=T + HOUR).duty("A", starts=T - HOUR, ends=T + 8 * HOUR)
    assert on_duty(sc) == {"officers": 1, "committed": 0, "held_over": 0}


# --- time travel ---------------------------------------------------------------------------

T0 = T - 6 * HOUR  # a past as-of, reported before and after later events are written


def test_past_as_of_is_unchanged_by_later_events(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    # the database as it stood at T0
    sc.call("C1", "999", presented=T0 - HOUR, answered=T0 - HOUR + 5 * SEC)
    sc.call("W1", "999", presented=T0 - 30 * SEC)
    sc.call("C2", "101", presented=T0 - 30 * MIN, abandoned=T0 - 29 * MIN)
    sc.call("W2", "101", presented=T0 - 90 * SEC)
    sc.incident("I1", grade=1, opened=T0 - 2 * HOUR)
    sc.deployment("I1", "A", dispatched=T0 - 2 * HOUR, arrived=T0 - 100 * MIN)
    sc.incident("I2", grade=1, opened=T0 - HOUR)
    sc.duty("A", starts=T0 - 4 * HOUR, ends=T0 + 4 * HOUR)
    for _ in range(6):  # CR1..CR6, suspects S1..S6
        sc.suspect(sc.crime(oic="A", recorded=T0 - 100 * DAY), since=T0 - 95 * DAY)
    sc.suspect(sc.crime(recorded=T0 - 5 * DAY), since=T0 - 2 * DAY, risk="high")  # S7
    before = sc.report(T0)
    assert before["calls"]["999"] == pytest.approx(
        {
            "presented": 2,
            "answered": 1,
            "abandoned": 0,
            "waiting": 1,
            "waiting_now": 1,
            "answered_within_10s": 1,
            "answered_within_10s_pct": 50.0,
            "abandoned_pct": 0.0,
            "mean_answer_s": 5.0,
            "longest_wait_now_s": 30.0,
        }
    )
    assert before["calls"]["101"]["abandoned_pct"] == 100.0
    assert before["attendance"]["1"] == {
        "opened": 2,
        "due": 2,
        "late": 2,
        "late_pct": 100.0,
        "breaching_now": 1,
        "victim_not_updated": 1,
    }
    assert before["workload"]["officers_over"] == [{"officer_id": "A", "crimes": 6}]
    assert before["suspects"] == {
        "outstanding": 7,
        "over_90_days_unreviewed": 6,
        "high_risk_not_reviewed_24h": 1,
    }
    assert before["on_duty"] == {"officers": 1, "committed": 1, "held_over": 0}

    # what happens after T0: answers, abandonments, arrivals, victim updates, closures,
    # clearances, reviews, resolutions, closed crimes, new calls, incidents, duties, crimes
    sc.update("calls", {"call_id": "W1"}, answered_at=T0 + 10 * SEC)
    sc.update("calls", {"call_id": "W2"}, abandoned_at=T0 + MIN)
    sc.call("N1", "999", presented=T0, answered=T0 + SEC)
    sc.update("deployments", {"incident_id": "I1"}, cleared_at=T0 + 30 * MIN)
    sc.deployment("I2", "A", dispatched=T0 + SEC, arrived=T0 + 2 * MIN, cleared=T0 + HOUR)
    sc.update("incidents", {"incident_id": "I2"}, victim_updated_at=T0 + SEC, closed_at=T0 + HOUR)
    sc.incident("I3", grade=2, opened=T0 + MIN)
    sc.duty("B", starts=T0 + SEC, ends=T0 + 8 * HOUR)
    sc.review("S1", at=T0 + MIN, rank="inspector")
    sc.review("S7", at=T0 + MIN, rank="constable")
    sc.update("suspects", {"suspect_id": "S2"}, resolved_at=T0 + HOUR)
    sc.update("crimes", {"crime_id": "CR3"}, closed_at=T0 + HOUR)
    sc.suspect(sc.crime(oic="A", recorded=T0 + SEC), since=T0 + SEC)  # CR8, S8
    assert sc.report(T0) == before

    # a report 5 s after T0 sees W1 still waiting and N1 answered
    mid = sc.report(T0 + 5 * SEC, window=HOUR + 5 * SEC)["calls"]["999"]
    assert (mid["presented"], mid["answered"], mid["waiting"]) == (3, 2, 1)
    assert mid["longest_wait_now_s"] == 35.0

    # the later events are real: a report at T sees them
    now = sc.report(T)
    assert now["calls"]["999"]["waiting"] == 0
    assert now["attendance"]["1"]["breaching_now"] == 0
    # A's crimes at T: CR1, CR4, CR5, CR6, CR8 (CR2's suspect resolved, CR3 closed)
    assert now["workload"]["officers_over"] == []
    # outstanding: S1, S3..S8; over 90 days unreviewed: S3..S6 (S1 reviewed by an inspector)
    assert now["suspects"] == {
        "outstanding": 7,
        "over_90_days_unreviewed": 4,
        "high_risk_not_reviewed_24h": 0,
    }
    assert now["on_duty"] == {"officers": 1, "committed": 0, "held_over": 0}


def test_held_over_is_off_duty_with_a_deployment_still_open(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    for officer in ("H1", "H2", "H3", "H4", "H5"):
        sc.officer(officer)
    sc.incident("I1", grade=2, opened=T - 3 * HOUR)
    sc.duty("H1", starts=T - 9 * HOUR, ends=T - HOUR)  # ended an hour ago, still at I1
    sc.deployment("I1", "H1", dispatched=T - 2 * HOUR, arrived=T - 2 * HOUR + 10 * MIN)
    sc.duty("H2", starts=T - 9 * HOUR, ends=T - HOUR)  # cleared exactly at T: not held
    sc.deployment("I1", "H2", dispatched=T - 2 * HOUR, cleared=T)
    sc.duty("H3", starts=T - 4 * HOUR, ends=T + 4 * HOUR)  # on duty: not held over
    sc.deployment("I1", "H3", dispatched=T - HOUR)
    sc.duty("H4", starts=T - 8 * HOUR, ends=T)  # duty ends exactly at T: off duty at T
    sc.deployment("I1", "H4", dispatched=T - HOUR, cleared=T + SEC)
    sc.deployment("I1", "H5", dispatched=T - HOUR)  # never rostered: not "held over"
    on_duty = sc.report()["on_duty"]
    assert on_duty["held_over"] == 2
    with sc.session() as session:
        rows = session.query("on_duty_held_over", scope().params())
    assert rows["officer_id"].to_list() == ["H1", "H4"]  # earliest duty end first
    assert rows["held_over_s"].to_list() == [3600.0, 0.0]
    assert sc.report(area="MEL")["on_duty"]["held_over"] == 0
