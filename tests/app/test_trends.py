"""The sparklines are honest: one bar per hour (24h, 8h) or per day (7d, 28d), never several
buckets squeezed into one; when they do not all fit, the most recent ones are shown and the
label says how many."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from supervisor_tui import metrics
from supervisor_tui.app.app import DashboardApp
from supervisor_tui.app.panels import Panel
from supervisor_tui.app.widgets.sparkline import BLOCKS, GAP, Trend, fit_trend, sparkline
from supervisor_tui.db import Database

FROZEN = datetime(2026, 11, 25, 14, 0, 0)  # the clock of tests/app/conftest.py


def trend_lines(app: DashboardApp, panel_id: str, count: int = 1) -> list[tuple[int, str]]:
    """(bars, name) of each of the panel's ``count`` trend lines, then (0, scale line)."""
    panel = app.screen.query_one(f"#{panel_id}", Panel)
    lines = [line.strip() for line in panel.render().plain.splitlines() if line.strip()]
    out = []
    for line in lines[-count - 1 : -1]:
        bars = len(line) - len(line.lstrip(BLOCKS + GAP))
        assert bars, line
        out.append((bars, line[bars:].strip()))
    return [*out, (0, lines[-1])]


def core(db: Path, fn, scope: metrics.Scope) -> pl.DataFrame:
    database = Database(db)
    try:
        with database.read() as session:
            return fn(session, scope)
    finally:
        database.close()


def test_fit_trend_shows_every_bucket_or_the_latest_that_fit() -> None:
    day = Trend(tuple(float(i) for i in range(24)), "hour")
    assert fit_trend(day, 34, "%") == (list(day.values), "% by hour")
    bars, label = fit_trend(day, 30, "%")
    assert label == "%, last 17 h" and bars == list(day.values[-17:])
    assert len(bars) + 1 + len(label) == 30
    month = Trend(tuple(float(i) for i in range(29)), "day")
    bars, label = fit_trend(month, 34, "%")
    assert label == "%, last 21 d" and bars == list(month.values[-21:])  # 21 + 1 + 12 = 34
    assert fit_trend(day, 12, "G1 % late") == ([], "")  # too few bars to say anything


def test_a_sparkline_never_averages_buckets_together() -> None:
    values = [0.0] * 10 + [8.0, 0.0, 8.0]
    assert sparkline(values, 3, low=0, high=8) == "█▁█"  # the last three, as they are
    assert sparkline([1.0, None, 3.0], 3, low=1, high=3) == "▁·█"


@pytest.mark.parametrize("size", [(120, 36), (160, 45)], ids=["120x36", "160x45"])
async def test_24h_trends_have_one_bar_per_hour_and_the_same_span(
    make_app, sample_db: Path, settle, size: tuple[int, int]
) -> None:
    scope = metrics.Scope(as_of=FROZEN)
    hourly = core(sample_db, lambda s, sc: metrics.calls_summary(s, sc, by_hour=True), scope)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        data = app.screen.query_one("#calls_999", Panel).data
        want = hourly.filter((pl.col("line") == "999") & pl.col("hour").is_not_null())
        by_hour = dict(zip(want["hour"], want["answered_within_10s_pct"], strict=True))
        hours = [FROZEN - timedelta(hours=24 - i) for i in range(24)]
        ((name, trend),) = data.extra.lines
        assert name == "% in target" and trend.unit == "hour"
        assert list(trend.values) == [by_hour.get(h) for h in hours]
        (bars_999, name_999), (_, scale_999) = trend_lines(app, "calls_999")
        (bars_101, name_101), (_, scale_101) = trend_lines(app, "calls_101")
        assert (name_999, name_101) == ("% in target", "% abandoned")
        # Side by side, the 999 and 101 trends cover the same hours, and say which.
        assert bars_999 == bars_101 <= 24
        span = f"{bars_999} h to 14:00"  # the frozen clock, in London (GMT in November)
        assert scale_999.endswith(f" % · {span}") and scale_101.endswith(f" % · {span}")
        # The scale runs from the lowest bar (or the target) to the highest (or the target).
        shown = [v for v in trend.values[-bars_999:] if v is not None]
        low, high = min([*shown, 90.0]), max([*shown, 90.0])
        assert scale_999 == f"{low:.0f}–{high:.0f} % · {span}"
        # Attendance: grade 1 and grade 2, the same hours and one scale.
        (g1, g1_name), (g2, g2_name), (_, scale) = trend_lines(app, "attendance", 2)
        assert (g1_name, g2_name) == ("G1 % late", "G2 % late")
        assert g1 == g2 and scale.endswith(f" % · {g1} h to 14:00")
        assert scale.startswith("0–")  # a low target (10 %): the scale starts at 0


async def test_7d_and_28d_trends_have_one_bar_per_day(make_app, sample_db: Path, settle) -> None:
    app = make_app(window=timedelta(days=7))
    scope = metrics.Scope(as_of=FROZEN, window=timedelta(days=7))
    daily = core(sample_db, metrics.calls_summary_by_day, scope)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        (bars, name), (_, scale) = trend_lines(app, "calls_999")
        assert (bars, name) == (8, "% in target")  # 18 Nov (from 14:00) to 25 Nov (to 14:00)
        assert scale.endswith(" % · 8 d to 25 Nov")
        data = app.screen.query_one("#calls_999", Panel).data
        ((_, trend),) = data.extra.lines
        want = daily.filter((pl.col("line") == "999") & pl.col("day").is_not_null())
        by_day = dict(zip(want["day"], want["answered_within_10s_pct"], strict=True))
        days = [datetime(2026, 11, 18) + timedelta(days=i) for i in range(8)]
        assert list(trend.values) == [by_day.get(d) for d in days]
        assert trend.values[-1] is not None  # the sample's last days have calls
        await pilot.press("w", "2", "8", "enter")  # 28d: 29 days do not fit beside the name
        await settle(pilot)
        (bars, _), (_, scale) = trend_lines(app, "calls_999")
        assert bars < 29 and scale.endswith(f" % · {bars} d to 25 Nov")
        (g1, _), (g2, _), (_, scale) = trend_lines(app, "attendance", 2)
        assert g1 == g2 and scale.endswith(f" % · {g1} d to 25 Nov")


def test_per_day_buckets_add_up_to_the_whole_window(sample_db: Path) -> None:
    """The ``$by_day`` switch groups the same classified rows as the whole-window figure."""
    scope = metrics.Scope(as_of=FROZEN, window=timedelta(days=7))
    whole = core(sample_db, metrics.calls_summary, scope)
    daily = core(sample_db, metrics.calls_summary_by_day, scope)
    hourly = core(sample_db, lambda s, sc: metrics.calls_summary(s, sc, by_hour=True), scope)
    for line in ("999", "101"):
        days = daily.filter((pl.col("line") == line) & pl.col("day").is_not_null())
        hours = hourly.filter((pl.col("line") == line) & pl.col("hour").is_not_null())
        total = whole.filter(pl.col("line") == line)
        for figure in ("presented", "answered", "abandoned", "answered_within_10s"):
            assert days[figure].sum() == total[figure][0] == hours[figure].sum()
        per_day_from_hours = hours.group_by(pl.col("hour").dt.truncate("1d")).agg(
            pl.col("presented").sum()
        )
        assert dict(per_day_from_hours.iter_rows()) == dict(
            days.select("day", "presented").iter_rows()
        )
    grades = core(sample_db, metrics.attendance_summary_by_day, scope)
    whole_grades = core(sample_db, metrics.attendance_summary, scope)
    for grade in (1, 2):
        days = grades.filter((pl.col("grade") == grade) & pl.col("day").is_not_null())
        total = whole_grades.filter(pl.col("grade") == grade)
        assert days["opened"].sum() == total["opened"][0]
        assert days["late"].sum() == total["late"][0]
