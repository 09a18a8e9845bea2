"""The registry on the dashboard: a panel for every family in registry order, each family in
the help screen, and the panel's status the family's own (1 of 100 breaching is BREACH)."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from scenario import MIN, SEC, Scenario, T
from supervisor_tui import figures
from supervisor_tui.app.help import HelpScreen
from supervisor_tui.app.panels import Panel


async def test_every_family_has_a_panel_and_a_help_line(make_app, settle) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ids = [p.id for p in app.screen.query(Panel)]
        assert ids == [f.id for f in figures.families() if f.on("home")]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys", Static).content)
        text = console.export_text()
        for family in figures.families():
            if family.on("help"):
                assert family.title in text, family.id


async def test_the_panel_says_breach_for_one_breaching_incident_in_a_hundred(
    make_app, tmp_path: Path, clock, settle
) -> None:
    clock.now = T
    sc = Scenario(tmp_path).officer("P1")
    for i in range(99):
        sc.attended(f"I{i:02d}", grade=1, opened=T - 60 * MIN + i * 10 * SEC, after=5 * MIN)
    sc.incident("LATE", grade=1, opened=T - 30 * MIN)
    sc.save()
    app = make_app(sc.path, clock=clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#attendance", Panel)
        assert "✖ BREACH" in str(panel.border_title)


async def test_every_family_has_a_wall_tile_in_registry_order(make_app, settle) -> None:
    """The wallboard is a surface too: one tile per family on the home surface, in order,
    each with the family's status."""
    from supervisor_tui.app.wall import Tile

    app = make_app(start="wall", wall_rotate_seconds=3600.0)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shown = list(app.screen.query(Tile))
        assert [t.family.id for t in shown] == [f.id for f in figures.families() if f.on("home")]
        assert all(t.view is not None for t in shown)
