"""At 80×24 lists keep their key columns: priorities, compact dates, and a breadcrumb that
never pushes the badges off the first line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from test_drill import drill, enter_on, screen_text, settle

from supervisor_tui.app.drill.breakdowns import ALL
from supervisor_tui.app.drill.columns import HIGH, KEEP, LOW, NORMAL, Col, compact, view_frame
from supervisor_tui.app.drill.lists import IncidentsList
from supervisor_tui.app.drill.table import PADDING, fit_columns

FROZEN = datetime(2026, 11, 25, 14, 0, 0)  # the clock of tests/app/conftest.py

COLS = (
    Col("id", "Id"),
    Col("status", "Status", priority=KEEP),
    Col("a", "A", priority=HIGH),
    Col("b", "B"),
    Col("c", "C", priority=LOW),
    Col("d", "D", priority=HIGH),
)


def room_for(widths: list[int], *indexes: int) -> int:
    return sum(widths[i] + PADDING for i in indexes)


def test_every_column_fits_then_compact_dates_then_lowest_priority_left_out() -> None:
    full = [6, 8, 10, 10, 10, 10]
    short = [6, 8, 6, 10, 10, 10]  # column a holds dates: 4 cells narrower when compact
    every = list(range(6))
    assert fit_columns(COLS, full, short, room_for(full, *every)) == (every, False)
    assert fit_columns(COLS, full, short, room_for(short, *every)) == (every, True)
    # One cell short of everything: the LOW column goes first.
    assert fit_columns(COLS, full, short, room_for(short, *every) - 1) == ([0, 1, 2, 3, 5], True)
    # Then the NORMAL one; the HIGH ones (a, d) stay while they fit.
    assert fit_columns(COLS, full, short, room_for(short, 0, 1, 2, 5)) == ([0, 1, 2, 5], True)
    # Room for one HIGH column: the leftmost that fits, and nothing of lower priority.
    assert fit_columns(COLS, full, short, room_for(short, 0, 1, 2)) == ([0, 1, 2], True)
    # The id and the KEEP columns stay even when they alone do not fit (then it scrolls).
    assert fit_columns(COLS, full, short, 5) == ([0, 1], True)
    # The sorted column is kept whatever its priority.
    assert fit_columns(COLS, full, short, 5, keep=[4]) == ([0, 1, 4], True)


def test_a_narrower_column_of_the_same_priority_fills_the_room() -> None:
    full = short = [6, 8, 30, 4, 4, 6]
    # a (HIGH, 30 wide) does not fit but d (HIGH, 6) does; no lower priority then.
    assert fit_columns(COLS, full, short, room_for(short, 0, 1, 5) + 3) == ([0, 1, 5], True)


def test_empty_columns_are_left_out_last_of_all() -> None:
    full = short = [6, 8, 4, 4, 4, 4]
    room = room_for(short, 0, 1, 3, 4, 5)
    assert fit_columns(COLS, full, short, room, empty=[2]) == ([0, 1, 3, 4, 5], True)
    with pytest.raises(ValueError, match="priority"):
        Col("x", "X", priority=7)
    assert Col("x", "X").priority == NORMAL


def test_compact_dates_are_relative_to_the_as_of_day() -> None:
    frame = pl.DataFrame(
        {
            "id": ["today", "yesterday", "six days", "seven days", "last year", "none"],
            "at": [
                datetime(2026, 11, 25, 7, 0),
                datetime(2026, 11, 24, 23, 59),
                datetime(2026, 11, 19, 0, 0),
                datetime(2026, 11, 18, 23, 59),
                datetime(2025, 12, 31, 9, 30),
                None,
            ],
        }
    )
    cols = (Col("id", "Id"), Col("at", "At", "time"))
    view = view_frame(frame, cols, "Europe/London", "id", as_of=FROZEN)
    assert view[compact(1)].to_list() == [
        "07:00",
        "Tue 23:59",
        "Thu 00:00",
        "18 Nov 23:59",
        "2025-12-31 09:30",  # another year: the full date
        "",
    ]
    assert view["c1"][0] == "2026-11-25 07:00"  # the filter and the export keep ISO
    summer = pl.DataFrame({"id": ["x"], "at": [datetime(2026, 7, 1, 23, 30)]})  # 00:30 BST
    out = view_frame(summer, cols, "Europe/London", "id", as_of=datetime(2026, 7, 1, 23, 45))
    assert out[compact(1)][0] == "00:30"  # the as-of day is the local day (2 July)
    # A text column may carry its own compact text (an hour label); none: the full text.
    labels = pl.DataFrame({"label": ["Whole window", "2026-11-25 13:00"], "s": [None, "13:00"]})
    out = view_frame(labels, (Col("label", "Hour", short="s"),), "Europe/London")
    assert out[compact(0)].to_list() == ["Whole window", "13:00"]


async def test_an_incident_list_at_80x24_keeps_its_key_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await drill(pilot, "attendance")
        listing = await enter_on(pilot, ALL)
        assert isinstance(listing, IncidentsList)
        view = listing.table_view
        table = view.table
        shown = [c.label for c in table.cols]
        for key in ("Incident", "Grade", "Status", "Response min"):
            assert key in shown
        assert "Summary" not in shown and "Category" not in shown  # low priority: left out
        assert table.compact  # dates compact before any column is left out
        assert table.virtual_size.width <= table.size.width  # nothing to scroll sideways to
        assert f"{view.hidden} more columns (c)" in view.info_text().plain
        # The export still has every column, with full dates.
        export = view.export_frame()
        assert export.columns == [c.label for c in listing.cols]
        assert export["Opened"].str.contains(r"^\d{4}-\d\d-\d\d \d\d:\d\d$").all()
        opened = [table.get_row(k)[shown.index("Opened")].plain for k in table.row_keys()[:5]]
        assert all(len(text) <= len("Mon 07:00") for text in opened), opened
        # c: every column, scrolling sideways; again: back to those that fit.
        await pilot.press("c")
        await pilot.pause()
        assert len(table.cols) == len(listing.cols) and not table.compact
        await pilot.press("c")
        await pilot.pause()
        assert table.cols != list(listing.cols)


async def test_at_120_columns_the_same_list_keeps_more(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "attendance")
        listing = await enter_on(pilot, ALL)
        wide = [c.label for c in listing.table_view.table.cols]
        assert "Opened" in wide and "Victim not updated" in wide and "Dispatched" in wide
        assert listing.table_view.table.compact  # 13 columns: compact dates first


async def test_a_deep_breadcrumb_leaves_the_badges_on_the_first_line(
    sample_db: Path, make_app
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await drill(pilot, "calls_999")
        await pilot.press("h")
        await settle(pilot)
        table = pilot.app.screen.focused
        key = table.row_keys()[1]
        await enter_on(pilot, key)
        first = screen_text(app).splitlines()[0]
        assert "SAMPLE DATA" in first
        assert first.lstrip().startswith("Home ›")
        assert f"Handler {key}" in first
