"""Snapshots of the wallboard at 80×24 and 120×36 (and the kiosk at 80×24): sample database
(fixed seed), frozen clock, no rotation during the test.

Regenerate after a deliberate change with ``pytest tests/app/test_snapshots_wall.py
--snapshot-update`` and look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_wall(snap_compare, make_app, settle, size: tuple[int, int]) -> None:
    app = make_app(is_sample=True, start="wall", wall_rotate_seconds=3600.0)

    async def loaded(pilot) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=loaded)


def test_wall_second_list_at_120x36(snap_compare, make_app, settle) -> None:
    """``n``: the next breaching family's headlines and overdue items."""
    app = make_app(is_sample=True, start="wall", wall_rotate_seconds=3600.0)

    async def next_list(pilot) -> None:
        await settle(pilot)
        await pilot.press("n", "n", "n", "n")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=next_list)


def test_kiosk_at_80x24(snap_compare, make_app, settle) -> None:
    """The kiosk's footer offers only what cannot change the wall (no Quit, no Window...)."""
    app = make_app(is_sample=True, kiosk=True, wall_rotate_seconds=3600.0)

    async def loaded(pilot) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)
