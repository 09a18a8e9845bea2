"""Call handling figures, against hand-computed scenarios (docs/metrics.md, "Calls").

Window [S, T) with T = as-of; only events at or before T count.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scenario import DAY, HOUR, MIN, RURAL, SEC, US, Scenario, T, scope
from supervisor_tui import metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.timeutil import parse_window

P = T - HOUR  # a presentation time well inside the default 24 h window

EMPTY: dict[str, Any] = {
    "presented": 0,
    "answered": 0,
    "abandoned": 0,
    "waiting": 0,
    "waiting_now": 0,
    "answered_within_10s": 0,
    "answered_within_10s_pct": None,
    "abandoned_pct": None,
    "mean_answer_s": None,
    "longest_wait_now_s": None,
}


def one_call(
    tmp_path: Path,
    presented: datetime,
    answered: datetime | None = None,
    abandoned: datetime | None = None,
) -> dict[str, Any]:
    sc = Scenario(tmp_path)
    sc.call("C1", "999", presented=presented, answered=answered, abandoned=abandoned)
    report = sc.report()
    assert report["calls"]["101"] == EMPTY
    return report["calls"]["999"]


def figures(**changes: Any) -> dict[str, Any]:
    """One call in the window: waiting in the window means waiting now too."""
    return {**EMPTY, "presented": 1, "waiting_now": changes.get("waiting", 0), **changes}


ANSWERED_10S = figures(
    answered=1,
    answered_within_10s=1,
    answered_within_10s_pct=100.0,
    abandoned_pct=0.0,
    mean_answer_s=10.0,
)


@pytest.mark.parametrize(
    ("case", "call", "expected"),
    [
        ("answered in exactly 10 s counts as within", (P, P + 10 * SEC, None), ANSWERED_10S),
        (
            "answered in 10 s + 1 us is not within",
            (P, P + 10 * SEC + US, None),
            figures(
                answered=1,
                answered_within_10s_pct=0.0,
                abandoned_pct=0.0,
                mean_answer_s=10.000001,
            ),
        ),
        (
            "waiting exactly 10 s is not in the 10 s base",
            (T - 10 * SEC, None, None),
            figures(waiting=1, longest_wait_now_s=10.0),
        ),
        (
            "waiting 11 s is in the 10 s base",
            (T - 11 * SEC, None, None),
            figures(waiting=1, answered_within_10s_pct=0.0, longest_wait_now_s=11.0),
        ),
        (
            "answered after T is still waiting at T",
            (T - 20 * SEC, T + SEC, None),
            figures(waiting=1, answered_within_10s_pct=0.0, longest_wait_now_s=20.0),
        ),
        (
            "answered after T within 10 s: its answer time is invisible at T",
            (T - 5 * SEC, T + SEC, None),
            figures(waiting=1, longest_wait_now_s=5.0),
        ),
        (
            "answered exactly at T is answered",
            (T - 30 * SEC, T, None),
            figures(
                answered=1,
                answered_within_10s_pct=0.0,
                abandoned_pct=0.0,
                mean_answer_s=30.0,
            ),
        ),
        (
            "abandoned after T is still waiting at T",
            (T - MIN, None, T + SEC),
            figures(waiting=1, answered_within_10s_pct=0.0, longest_wait_now_s=60.0),
        ),
        (
            "abandoned exactly at T is abandoned",
            (T - MIN, None, T),
            figures(abandoned=1, answered_within_10s_pct=0.0, abandoned_pct=100.0),
        ),
        (
            "abandoned quickly still counts against the 10 s figure",
            (P, None, P + 2 * SEC),
            figures(abandoned=1, answered_within_10s_pct=0.0, abandoned_pct=100.0),
        ),
        (
            "answered and abandoned timestamps: answered wins",
            (P, P + 8 * SEC, P + 5 * SEC),
            figures(
                answered=1,
                answered_within_10s=1,
                answered_within_10s_pct=100.0,
                abandoned_pct=0.0,
                mean_answer_s=8.0,
            ),
        ),
        (
            "abandoned by T, answered after T: abandoned at T",
            (T - MIN, T + MIN, T - 30 * SEC),
            figures(abandoned=1, answered_within_10s_pct=0.0, abandoned_pct=100.0),
        ),
        (
            "presented exactly at the window start is in",
            (T - DAY, T - DAY + 10 * SEC, None),
            ANSWERED_10S,
        ),
        ("presented 1 us before the window start is out", (T - DAY - US, T, None), EMPTY),
        ("presented exactly at T is out", (T, T + SEC, None), EMPTY),
        ("presented after T is out", (T + SEC, None, None), EMPTY),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_one_call_boundaries(
    tmp_path: Path, case: str, call: tuple[Any, ...], expected: dict[str, Any]
) -> None:
    got = one_call(tmp_path, *call)
    assert got == pytest.approx(expected), case


def test_after_t_answer_time_is_invisible_in_the_call_list(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.call("C1", "999", presented=T - 20 * SEC, answered=T + SEC, abandoned=T + 2 * SEC)
    with sc.session() as session:
        row = metrics.calls_list(session, scope()).row(0, named=True)
    assert row["status"] == "waiting"
    assert row["answered_at"] is None
    assert row["abandoned_at"] is None
    assert row["answer_s"] is None
    assert row["waiting_s"] == 20.0


def test_mixed_lines_hand_computed(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    # 999: six calls in the window
    sc.call("A1", "999", presented=T - 3 * HOUR, answered=T - 3 * HOUR + 4 * SEC)  # 4 s
    sc.call("A2", "999", presented=T - 2 * HOUR, answered=T - 2 * HOUR + 10 * SEC)  # 10 s
    sc.call("A3", "999", presented=T - 2 * HOUR, answered=T - 2 * HOUR + 25 * SEC)  # 25 s
    sc.call("A4", "999", presented=T - HOUR, abandoned=T - HOUR + 30 * SEC)
    sc.call("A5", "999", presented=T - 45 * SEC)  # waiting 45 s: in base
    sc.call("A6", "999", presented=T - 3 * SEC)  # waiting 3 s: not in base
    sc.call("A7", "999", presented=T - 2 * DAY, answered=T - 2 * DAY + SEC)  # outside window
    # 101: four calls
    sc.call("B1", "101", presented=T - 5 * HOUR, answered=T - 5 * HOUR + 2 * MIN)  # 120 s
    sc.call("B2", "101", presented=T - 4 * HOUR, answered=T - 4 * HOUR + 60 * SEC)  # 60 s
    sc.call("B3", "101", presented=T - 4 * HOUR, abandoned=T - 4 * HOUR + 3 * MIN)
    sc.call("B4", "101", presented=T - 10 * MIN, answered=T + MIN)  # waiting 600 s at T
    calls = sc.report()["calls"]

    assert calls["999"] == pytest.approx(
        {
            "presented": 6,
            "answered": 3,
            "abandoned": 1,
            "waiting": 2,
            "waiting_now": 2,
            "answered_within_10s": 2,
            # base = 3 answered + 1 abandoned + 1 waiting > 10 s = 5
            "answered_within_10s_pct": 100.0 * 2 / 5,
            "abandoned_pct": 100.0 * 1 / 4,
            "mean_answer_s": (4 + 10 + 25) / 3,
            "longest_wait_now_s": 45.0,
        }
    )
    assert calls["101"] == pytest.approx(
        {
            "presented": 4,
            "answered": 2,
            "abandoned": 1,
            "waiting": 1,
            "waiting_now": 1,
            "answered_within_10s": 0,
            "answered_within_10s_pct": 0.0,
            "abandoned_pct": 100.0 * 1 / 3,
            "mean_answer_s": 90.0,
            "longest_wait_now_s": 600.0,
        }
    )


def test_percentages_are_not_rounded(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.call("A1", "999", presented=P, answered=P + SEC)
    sc.call("A2", "999", presented=P, answered=P + SEC)
    sc.call("A3", "999", presented=P, answered=P + 11 * SEC)
    got = sc.report()["calls"]["999"]["answered_within_10s_pct"]
    assert got == pytest.approx(200 / 3, rel=1e-12)
    assert got != round(got, 2)


def test_answer_target_threshold_moves_a_call_within(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.call("A1", "999", presented=P, answered=P + 15 * SEC)
    sc.call("A2", "999", presented=T - 15 * SEC)  # waiting 15 s
    default = sc.report()["calls"]["999"]
    wider = sc.report(thresholds=Thresholds(answer_target_s=20))["calls"]["999"]
    assert (default["answered_within_10s"], default["answered_within_10s_pct"]) == (0, 0.0)
    # 20 s target: A1 answered within; A2 has waited only 15 s, so it leaves the base
    assert (wider["answered_within_10s"], wider["answered_within_10s_pct"]) == (1, 100.0)


def test_calls_are_force_wide_under_an_area_filter(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.call("A1", "999", presented=P, answered=P + 5 * SEC)
    sc.call("B1", "101", presented=P, abandoned=P + MIN)
    force = sc.report()
    rural = sc.report(area=RURAL)
    assert rural["area"] == RURAL
    assert rural["calls"] == force["calls"]
    assert rural["calls"]["999"]["presented"] == 1


@pytest.mark.parametrize(
    ("window", "presented"),
    [("1h", 1), ("8h", 2), ("24h", 3), ("7d", 4), ("28d", 6)],
)
def test_windows_select_calls(tmp_path: Path, window: str, presented: int) -> None:
    sc = Scenario(tmp_path)
    ages = [30 * MIN, 2 * HOUR, 10 * HOUR, 2 * DAY, 10 * DAY, 27 * DAY, 28 * DAY + SEC]
    for n, age in enumerate(ages):
        sc.call(f"C{n}", "999", presented=T - age, answered=T - age + SEC)
    span = parse_window(window)
    report = sc.report(window=span)
    assert report["calls"]["999"]["presented"] == presented
    assert report["window"] == {
        "start": (T - span).isoformat() + "Z",
        "end": "2026-03-10T12:00:00Z",
    }


def test_waiting_now_counts_every_caller_still_waiting_whatever_the_window(
    tmp_path: Path,
) -> None:
    sc = Scenario(tmp_path)
    sc.call("OLD", "101", presented=T - 72 * MIN)  # before a 1 h window, still waiting
    sc.call("NEW", "101", presented=T - 42 * MIN)
    sc.call("DONE", "101", presented=T - 80 * MIN, answered=T - 79 * MIN)
    calls = sc.report(window=parse_window("1h"))["calls"]["101"]
    assert (calls["presented"], calls["waiting"], calls["waiting_now"]) == (1, 1, 2)
    assert calls["longest_wait_now_s"] == 72 * 60.0  # the 1 h 12 min caller, not 42 min
    assert sc.report(as_of=T - 73 * MIN)["calls"]["101"]["waiting_now"] == 0
