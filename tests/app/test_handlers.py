"""The control-room lead's screens: 999 and 101 by call handler, the callers waiting now,
and the hourly rows' status and part hours (real sample database, the real app, Pilot)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
from test_drill import core, crumbs, drill, enter_on, screen_text, settle, table_texts

from supervisor_tui import call_handling, fmt, metrics, status
from supervisor_tui.app.drill.breakdowns import (
    ALL,
    NO_HANDLER,
    AttendanceByHour,
    CallsByHandler,
    CallsByHour,
)
from supervisor_tui.app.drill.lists import CallsList, WaitingNowList
from supervisor_tui.app.panels import Panel
from supervisor_tui.config import Config
from supervisor_tui.redact import MASK

FROZEN = datetime(2026, 11, 25, 14, 0, 0)  # the clock of tests/app/conftest.py
MARKER = "Zebedee Markername"


def scope_at(as_of: datetime = FROZEN) -> metrics.Scope:
    return metrics.Scope(as_of=as_of, thresholds=Config().thresholds)


def with_handler_officer(db: Path, handler: str) -> None:
    """Make call handler ``handler`` an officer with a collar number and a marker name."""
    con = duckdb.connect(str(db))
    try:
        con.execute(
            "INSERT INTO officers VALUES (?, '7001', ?, 'constable', NULL, 'LEI')",
            [handler, MARKER],
        )
    finally:
        con.close()


def cells(screen, key: str) -> dict[str, str]:
    """The shown cells of row ``key`` by column label (the columns on show)."""
    table = screen.table_view.table
    return dict(zip([c.label for c in table.cols], [c.plain for c in table.get_row(key)],
                    strict=True))  # fmt: skip


async def press_on_panel(pilot, panel_id: str, key: str):
    await settle(pilot)
    pilot.app.screen.query_one(f"#{panel_id}", Panel).focus()
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen


async def test_h_on_the_999_panel_lists_handlers_summing_to_the_line(
    db_copy: Path, make_app
) -> None:
    handlers = core(db_copy, lambda s, sc: call_handling.by_handler(s, sc, "999"), scope_at())
    busiest = handlers["handler_id"][0]
    with_handler_officer(db_copy, busiest)
    whole = core(db_copy, metrics.calls_summary, scope_at()).filter(pl.col("line") == "999")
    app = make_app(db_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await press_on_panel(pilot, "calls_999", "h")
        assert isinstance(screen, CallsByHandler)
        assert crumbs(app) == ["Home", "999 calls › By handler"]
        table = screen.table_view.table
        keys = table.row_keys()
        assert keys[0] == ALL  # the whole line first, then the busiest handler
        assert keys[1] == busiest
        first = cells(screen, ALL)
        assert first["Handler"] == "Whole window"
        assert first["Presented"] == fmt.count(whole["presented"][0])
        assert first["% in 10 s"] == f"{whole['answered_within_10s_pct'][0]:.1f}"
        row = cells(screen, busiest)
        assert row["Handler"] == "7001"  # the collar number from the officers table
        assert row["Name"] == MARKER
        expected = handlers.row(0, named=True)
        assert row["Presented"] == str(expected["presented"])
        assert row["Answered"] == str(expected["answered"])
        assert row["Mean answer s"] == f"{expected['mean_answer_s']:.1f}"
        # Every call is some handler's, or no one's: the rows sum to the line.
        shown = [int(r[2].replace(",", "")) for r in table_texts(table)[1:]]
        assert sum(shown) == whole["presented"][0] == handlers["presented"].sum()
        # Enter on a handler: the line's calls narrowed to that handler.
        calls = await enter_on(pilot, busiest)
        assert isinstance(calls, CallsList)
        assert crumbs(app) == ["Home", "999 calls › By handler", f"Handler {busiest}"]
        assert calls.table_view.total == expected["presented"]
        col = [c.key for c in calls.cols].index("handler_id")
        assert {r[col] for r in calls.table_view.export_frame().rows()} == {busiest}
        await pilot.press("escape")
        await settle(pilot)
        if NO_HANDLER in table.row_keys():
            calls = await enter_on(pilot, NO_HANDLER)
            unhandled = handlers.filter(pl.col("handler_id").is_null())["presented"][0]
            assert calls.table_view.total == unhandled


async def test_handler_names_are_hidden_with_redact(db_copy: Path, make_app) -> None:
    handlers = core(db_copy, lambda s, sc: call_handling.by_handler(s, sc, "101"), scope_at())
    with_handler_officer(db_copy, handlers["handler_id"][0])
    app = make_app(db_copy, redact=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await press_on_panel(pilot, "calls_101", "h")
        assert isinstance(screen, CallsByHandler)
        assert cells(screen, handlers["handler_id"][0])["Name"] == MASK
        assert MARKER not in screen_text(app)
        assert MARKER not in str(screen.table_view.export_frame().rows())


async def test_n_lists_the_callers_waiting_now_longest_first(
    sample_db: Path, make_app, report
) -> None:
    waiting = core(sample_db, lambda s, sc: call_handling.waiting_now(s, sc, "101"), scope_at())
    figures = report(sample_db, scope_at())["calls"]["101"]
    assert waiting.height == figures["waiting_now"] >= 2  # the sample has callers waiting
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press_on_panel(pilot, "calls_101", "n")
        assert isinstance(screen, WaitingNowList)
        texts = table_texts(screen.table_view.table)
        assert [r[0] for r in texts] == waiting["call_id"].to_list()  # longest first
        labels = [c.label for c in screen.table_view.table.cols]
        shown = [r[labels.index("Waiting")] for r in texts]
        assert shown == [fmt.duration_s(s) for s in waiting["waiting_s"]]
        assert shown[0] == fmt.duration_s(figures["longest_wait_now_s"])
        assert any(" min " in w and w.endswith(" s") for w in shown)  # e.g. 1 min 12 s


async def test_hourly_rows_say_their_status_and_mark_part_hours(make_app) -> None:
    as_of = FROZEN - timedelta(minutes=30)  # 13:30: 13:00 is not over, 13:00 yesterday is cut
    app = make_app(clock=lambda: as_of)
    scope = scope_at(as_of)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "calls_999")
        assert isinstance(screen, CallsByHour)
        hours = core(
            app.dbs.path, lambda s, sc: metrics.calls_summary(s, sc, by_hour=True), scope
        ).filter((pl.col("line") == "999") & pl.col("hour").is_not_null())
        parts = []
        for row in hours.iter_rows(named=True):
            key = row["hour"].strftime("%Y-%m-%dT%H:%M")
            shown = cells(screen, key)
            want = status.calls_999(row["answered_within_10s_pct"], scope.thresholds)
            assert shown["Status"] == want.label, key
            if shown["Part"] == "part":
                parts.append(row["hour"])
        assert parts == [datetime(2026, 11, 24, 13), datetime(2026, 11, 25, 13)]
        whole = cells(screen, ALL)
        assert whole["Status"] in {s.label for s in (status.OK, status.NEAR, status.BREACH)}
        assert whole["Part"] == ""
        # h: the same line by handler; n: its callers waiting now.
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, CallsByHandler)
        assert crumbs(app)[-2:] == ["999 calls › By hour", "By handler"]


async def test_attendance_by_hour_has_each_grades_status(sample_db: Path, make_app) -> None:
    scope = scope_at()
    hours = core(sample_db, lambda s, sc: metrics.attendance_summary(s, sc, by_hour=True), scope)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "attendance")
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AttendanceByHour)
        assert crumbs(app) == ["Home", "Attendance › By area", "By hour"]
        for row in hours.filter(pl.col("hour").is_not_null()).iter_rows(named=True):
            shown = cells(screen, row["hour"].strftime("%Y-%m-%dT%H:%M"))
            want = status.attendance_late(row["late_pct"], scope.thresholds)
            assert shown[f"G{row['grade']} status"] == want.label
        # 14:00 on the hour: no part hour, so the empty Part column is the first left out.
        assert "Part" not in [c.label for c in screen.table_view.table.cols]
        assert set(screen.table_view.export_frame()["Part"].to_list()) == {""}
        # Enter on an hour: that hour's incidents.
        key = hours.filter(pl.col("hour").is_not_null())["hour"][0].strftime("%Y-%m-%dT%H:%M")
        listing = await enter_on(pilot, key)
        opened = hours.filter(pl.col("hour") == datetime.fromisoformat(key))["opened"].sum()
        assert listing.table_view.total == opened
