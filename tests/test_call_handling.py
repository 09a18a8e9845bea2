"""999 and 101 per call handler, the waiting-now list and the hourly marks, against a
hand-built scenario (docs/call-handling.md). T = 2026-03-10 12:00, window 24 h."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from scenario import HOUR, MIN, SEC, Scenario, T, scope
from supervisor_tui import call_handling, metrics
from supervisor_tui.config import Thresholds


def handled(sc: Scenario, call_id: str, line: str, handler: str | None, **times: Any) -> None:
    sc.call(call_id, line, **times)
    if handler is not None:
        sc.update("calls", {"call_id": call_id}, handler_id=handler)


@pytest.fixture
def sc(tmp_path: Path) -> Scenario:
    sc = Scenario(tmp_path)
    sc.officer("O1")  # collar number O1, name "Officer O1"; handler H9 is not an officer
    p = T - 2 * HOUR
    handled(sc, "A1", "999", "O1", presented=p, answered=p + 5 * SEC)  # in 10 s
    p = T - 90 * MIN
    handled(sc, "A2", "999", "O1", presented=p, answered=p + 20 * SEC)  # late
    p = T - 30 * MIN
    handled(sc, "A3", "999", "H9", presented=p, answered=p + 10 * SEC)  # exactly 10 s: in
    p = T - 20 * MIN
    handled(sc, "A4", "999", None, presented=p, abandoned=p + 30 * SEC)
    handled(sc, "A5", "999", None, presented=T - 5 * SEC)  # waiting 5 s: not in the base yet
    handled(sc, "A6", "999", None, presented=T - MIN)  # waiting 60 s: in the base
    p = T - 10 * MIN
    handled(sc, "A8", "999", "O1", presented=p, answered=T + MIN)  # answered after T: waiting
    p = T - 25 * HOUR
    handled(sc, "A7", "999", "O1", presented=p, answered=p + SEC)  # before the window
    handled(sc, "A9", "999", None, presented=T - 30 * HOUR)  # before the window, waiting now
    p = T - 3 * HOUR
    handled(sc, "B1", "101", "O1", presented=p, answered=p + 60 * SEC)
    handled(sc, "B2", "101", "H9", presented=p, abandoned=p + 120 * SEC)
    handled(sc, "B3", "101", None, presented=p + MIN, abandoned=p + 3 * MIN)
    return sc


def rows(frame: pl.DataFrame) -> dict[str | None, dict[str, Any]]:
    return {r["handler_id"]: r for r in frame.iter_rows(named=True)}


def test_999_per_handler_is_hand_computed(sc: Scenario) -> None:
    with sc.session() as session:
        frame = call_handling.by_handler(session, scope(), "999")
    assert frame["handler_id"].to_list() == ["O1", "H9", None]  # busiest first, none last
    got = rows(frame)
    o1, h9, none = got["O1"], got["H9"], got[None]
    assert (o1["collar_number"], o1["name"]) == ("O1", "Officer O1")
    assert (h9["collar_number"], h9["name"]) == (None, None)  # not in the officers table
    # O1: A1 (5 s), A2 (20 s) answered; A8 answered after T, so waiting (10 min: in the base).
    assert {k: o1[k] for k in call_handling.COUNTS} == {
        "presented": 3, "answered": 2, "abandoned": 0, "waiting": 1,
        "answered_within_10s": 1, "target_base": 3,
    }  # fmt: skip
    assert o1["answered_within_10s_pct"] == pytest.approx(100 / 3)
    assert o1["abandoned_pct"] == 0.0
    assert o1["mean_answer_s"] == pytest.approx(12.5)
    assert (h9["presented"], h9["answered_within_10s"], h9["answered_within_10s_pct"]) == (
        1,
        1,
        100.0,
    )
    assert h9["mean_answer_s"] == pytest.approx(10.0)
    # No handler: A4 abandoned, A5 waiting 5 s (not in the base), A6 waiting 60 s.
    assert {k: none[k] for k in call_handling.COUNTS} == {
        "presented": 3, "answered": 0, "abandoned": 1, "waiting": 2,
        "answered_within_10s": 0, "target_base": 2,
    }  # fmt: skip
    assert none["answered_within_10s_pct"] == 0.0
    assert none["abandoned_pct"] == 100.0
    assert none["mean_answer_s"] is None


def test_101_per_handler_is_hand_computed(sc: Scenario) -> None:
    with sc.session() as session:
        got = rows(call_handling.by_handler(session, scope(), "101"))
    assert set(got) == {"O1", "H9", None}
    assert (got["O1"]["answered"], got["O1"]["abandoned_pct"], got["O1"]["mean_answer_s"]) == (
        1,
        0.0,
        60.0,
    )
    assert (got["H9"]["abandoned"], got["H9"]["abandoned_pct"]) == (1, 100.0)
    assert (got[None]["presented"], got[None]["abandoned"]) == (1, 1)


@pytest.mark.parametrize("window", [timedelta(hours=1), timedelta(hours=24)], ids=["1h", "24h"])
def test_handler_rows_sum_to_the_summary(sc: Scenario, window: timedelta) -> None:
    s = scope(window=window)
    with sc.session() as session:
        handlers = call_handling.by_handler(session, s)
        summary = metrics.calls_summary(session, s)
    for line in call_handling.LINES:
        whole = summary.filter(pl.col("line") == line).row(0, named=True)
        parts = handlers.filter(pl.col("line") == line)
        for name in ("presented", "answered", "abandoned", "waiting", "answered_within_10s"):
            assert parts[name].sum() == whole[name], (line, name)
    # 1 h window: 999 A3, A4, A5, A6, A8 only (from 11:00).
    if window == timedelta(hours=1):
        assert handlers.filter(pl.col("line") == "999")["presented"].sum() == 5


def test_an_empty_window_has_no_handler_rows(sc: Scenario) -> None:
    with sc.session() as session:
        frame = call_handling.by_handler(session, scope(T - 40 * HOUR))
    assert frame.height == 0


def test_waiting_now_is_every_waiting_call_longest_first(sc: Scenario) -> None:
    with sc.session() as session:
        frame = call_handling.waiting_now(session, scope(window=timedelta(hours=1)), "999")
    # A9 was presented 30 h ago, before any window: waiting now counts it.
    assert frame["call_id"].to_list() == ["A9", "A8", "A6", "A5"]
    assert frame["waiting_s"].to_list() == [30 * 3600.0, 600.0, 60.0, 5.0]
    assert sc.report()["calls"]["999"]["waiting_now"] == frame.height
    with sc.session() as session:
        assert call_handling.waiting_now(session, scope(), "101").height == 0


def test_hour_status_uses_the_panels_rule() -> None:
    t = Thresholds()  # 999 ≥ 90 % (NEAR below 92 %), 101 < 10 % (NEAR from 8 %)
    words = {
        ("999", 89.9): "✖ BREACH", ("999", 90.0): "▲ NEAR", ("999", 92.0): "✔ OK",
        ("101", 10.0): "✖ BREACH", ("101", 8.0): "▲ NEAR", ("101", 7.9): "✔ OK",
        ("999", None): "– NO DATA",
    }  # fmt: skip
    for (line, pct), word in words.items():
        assert call_handling.hour_status(line, pct, t).label == word


def test_part_hours_are_the_cut_first_and_the_current_hour() -> None:
    on_the_hour = scope(T)  # [11 Mar 12:00 − 24 h, 12:00): every hour whole
    assert not call_handling.part_hour(T - 24 * HOUR, on_the_hour)
    assert not call_handling.part_hour(T - HOUR, on_the_hour)
    half_past = scope(T + 30 * MIN)  # window from 12:30 the day before
    assert call_handling.part_hour(T - 24 * HOUR, half_past)  # 12:00 cut by the start
    assert not call_handling.part_hour(T - 23 * HOUR, half_past)
    assert call_handling.part_hour(T, half_past)  # 12:00–13:00 is not over at 12:30


def test_calls_hours_marks_each_hour(sc: Scenario) -> None:
    s = scope(T + 30 * MIN, window=timedelta(hours=3))  # 09:30–12:30
    with sc.session() as session:
        hours = metrics.calls_summary(session, s, by_hour=True)
    in_999 = hours.filter((pl.col("line") == "999") & pl.col("hour").is_not_null())
    marked = call_handling.calls_hours(in_999, s, "999")
    got = {r["hour"]: (r["hour_status"], r["part_hour"]) for r in marked.iter_rows(named=True)}
    # 10:00: A1 in 10 s, A2 not: 50 %. 11:00: A3 in, A4 abandoned, A6 and A8 waiting: 25 %.
    # At 12:30, A5 (presented 11:59:55) has waited past 10 s: 1 of 5 = 20 %.
    assert got == {
        datetime(2026, 3, 10, 10): ("✖ BREACH", False),
        datetime(2026, 3, 10, 11): ("✖ BREACH", False),
    }
    assert marked.filter(pl.col("hour") == datetime(2026, 3, 10, 11))[
        "answered_within_10s_pct"
    ].to_list() == [pytest.approx(20.0)]
    with pytest.raises(ValueError, match="unknown call line"):
        call_handling.calls_hours(in_999, s, "112")
