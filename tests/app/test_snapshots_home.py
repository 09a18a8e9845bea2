"""Snapshots of the home screen at 80×24 and 120×36: sample database (fixed seed), frozen clock.

Regenerate after a deliberate change with ``pytest tests/app/test_snapshots_home.py
--snapshot-update`` and look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from supervisor_tui.db import ThreadDatabases


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_home(snap_compare, make_app, settle, size: tuple[int, int]) -> None:
    app = make_app(is_sample=True)

    async def loaded(pilot) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=loaded)


def test_home_every_badge_at_80x24(
    snap_compare, make_app, settle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Time travel, an area, paused, stale (file gone), redacted: the header still fits."""
    monkeypatch.chdir(tmp_path)  # the STALE reason names a relative path: same on every run
    app = make_app(is_sample=True, redact=True)

    async def setup(pilot) -> None:
        await settle(pilot)
        await pilot.press("t")
        app.screen.query_one("Input").value = "2026-11-24 22:00"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("p")
        app.dbs = ThreadDatabases(Path("gone.duckdb"), retry_seconds=0.1)
        await pilot.press("r")
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=setup)
