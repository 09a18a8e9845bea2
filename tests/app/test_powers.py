"""Use of force and stop and search on the dashboard: drill-downs to the records, the
by-ethnicity breakdown against the core, the queue items opening their records, snapshots of
the drill screens at 80×24 and 120×36 (frozen clock, fixed seed).

Update the snapshots after a deliberate change with ``pytest tests/app/test_powers.py
--snapshot-update`` and look at the SVGs before accepting them.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from test_drill import core, drill, enter_on, scope_of, screen_text, settle
from textual.pilot import Pilot

from supervisor_tui.app.drill.breakdowns import ALL
from supervisor_tui.app.drill.powers import (
    StopSearchByEthnicity,
    StopSearchList,
    StopSearchScreen,
    UseOfForceList,
    UseOfForceScreen,
)
from supervisor_tui.app.drill.records import IncidentScreen, OfficerScreen, record_screen
from supervisor_tui.figures.stop_search import by_group


def uof_rows(db: Path) -> pl.DataFrame:
    return core(db, lambda s, sc: s.query("use_of_force_list", sc.params()), scope_of())


async def test_use_of_force_list_record_officer_and_incident(sample_db: Path, make_app) -> None:
    rows = uof_rows(sample_db)
    first = rows.filter(pl.col("incident_id").is_not_null()).row(0, named=True)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        listing = await drill(pilot, "use_of_force")
        assert isinstance(listing, UseOfForceList)
        assert listing.table_view.table.row_count == rows.height
        record = await enter_on(pilot, first["uof_id"])
        assert isinstance(record, UseOfForceScreen) and record.found
        assert first["uof_id"] in screen_text(app)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        assert app.screen.record_id == first["incident_id"]
        await pilot.press("escape")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OfficerScreen)
        assert app.screen.record_id == first["officer_id"]


async def test_by_ethnicity_matches_the_core_and_drills_to_a_search(
    sample_db: Path, make_app
) -> None:
    groups = core(sample_db, by_group, scope_of())
    biggest = groups.sort(["searches", "ethnic_group"], descending=[True, False]).row(0, named=True)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        breakdown = await drill(pilot, "stop_search")
        assert isinstance(breakdown, StopSearchByEthnicity)
        table = breakdown.table_view.table
        assert table.row_count == groups.height + 1  # all searches first
        assert table.get_row_index(ALL) == 0
        cells = [c.plain for c in table.get_row(biggest["ethnic_group"])]
        assert cells[0] == biggest["ethnic_group"] and cells[1] == str(biggest["searches"])
        listing = await enter_on(pilot, biggest["ethnic_group"])
        assert isinstance(listing, StopSearchList)
        assert listing.table_view.table.row_count == biggest["searches"]
        key = listing.table_view.table.ordered_rows[0].key.value
        record = await enter_on(pilot, key)
        assert isinstance(record, StopSearchScreen) and record.found
        assert "Self-defined ethnicity" in screen_text(app)
        assert "Officer" in screen_text(app)


def test_queue_kinds_open_their_records() -> None:
    assert isinstance(record_screen("use_of_force", "UF0000001"), UseOfForceScreen)
    assert isinstance(record_screen("stop_search", "SS0000001"), StopSearchScreen)


def test_no_screen_lists_searches_by_officer() -> None:
    for cls in (StopSearchByEthnicity, StopSearchList):
        labels = [c.label for c in cls.cols]
        assert not any("officer" in label.lower() for label in labels), labels


async def uof_record(pilot: Pilot) -> None:
    """Home › Use of force › List › the first use with an incident."""
    listing = await drill(pilot, "use_of_force")
    table = listing.table_view.table
    table.move_cursor(row=2)
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


async def search_group(pilot: Pilot) -> None:
    """Home › Stop and search › By ethnic group, then the White group's searches."""
    await drill(pilot, "stop_search")
    await enter_on(pilot, "White")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_use_of_force_record_snapshot(snap_compare, make_app, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=uof_record)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_stop_search_by_ethnicity_snapshot(snap_compare, make_app, size: tuple[int, int]) -> None:
    async def breakdown(pilot: Pilot) -> None:
        await drill(pilot, "stop_search")

    assert snap_compare(make_app(), terminal_size=size, run_before=breakdown)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_stop_search_list_snapshot(snap_compare, make_app, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=search_group)
