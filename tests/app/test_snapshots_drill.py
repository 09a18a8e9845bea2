"""Snapshots of a drill-down list (frozen clock, fixed seed) at 80×24 and 120×36.

Update after a deliberate change with ``pytest tests/app/test_snapshots_drill.py
--snapshot-update`` and look at the SVGs before accepting them.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from test_drill import drill, enter_on
from textual.pilot import Pilot

HOUR = datetime(2026, 11, 25, 12, 0)  # a full hour of 999 calls before the frozen clock


async def calls_of_an_hour(pilot: Pilot) -> None:
    """Home › 999 calls › By hour › 999 calls 12:00, cursor on the third call."""
    await drill(pilot, "calls_999")
    listing = await enter_on(pilot, HOUR.strftime("%Y-%m-%dT%H:%M"))
    listing.table_view.table.move_cursor(row=2)
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_calls_list_snapshot(snap_compare, make_app, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=calls_of_an_hour)


async def calls_by_hour(pilot: Pilot) -> None:
    """Home › 999 calls › By hour: each hour's status, the whole window first."""
    await drill(pilot, "calls_999")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_calls_by_hour_snapshot(snap_compare, make_app, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=calls_by_hour)
