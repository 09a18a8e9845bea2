"""Kiosk mode: a read-only wall. Quit (q, Ctrl+Q, Ctrl+C), time travel, pause, window, area,
team and the command palette do nothing and are in neither the footer nor the help; without
--kiosk they all still work (and e still exports on a list). The help overlay scrolls at
80×24; the command line refuses --kiosk with --as-of, and wall without a terminal."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.containers import VerticalScroll
from textual.widgets import Static

from supervisor_tui.app.help import HelpScreen, live_bindings
from supervisor_tui.app.pickers import TimeTravelDialog
from supervisor_tui.app.wall import WallScreen
from supervisor_tui.app.widgets.footer import AppFooter, KeyHint
from supervisor_tui.cli import main

#: Keys that would end the session or change what a wall shows (key, action).
STATE_KEYS = [
    ("q", "quit"),
    ("ctrl+q", "quit"),
    ("t", "time_travel"),
    ("p", "toggle_pause"),
    ("w", "pick_window"),
    ("a", "pick_area"),
    ("T", "pick_team"),
    ("ctrl+p", "command_palette"),
]
BLOCKED_ACTIONS = {action for _key, action in STATE_KEYS}


def footer_actions(app) -> set[str]:
    footer = app.screen.query_one(AppFooter)
    return {hint.binding.action for hint in footer.query(KeyHint)}


def help_actions(app) -> set[str]:
    """The actions the help screen lists (its lines, and every binding behind them)."""
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    rows = [*screen.rows, *live_bindings(app.screen_stack[-2])]
    return {row.action.rsplit(".", 1)[-1] for row in rows}


def help_text(app) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#help-keys", Static).content)
    return console.export_text()


async def test_kiosk_keys_do_nothing_and_are_hidden(make_app, settle) -> None:
    app = make_app(kiosk=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WallScreen)  # the default screen of a kiosk
        scope = app.scope
        for key, _action in STATE_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running, key
            assert isinstance(app.screen, WallScreen), key  # no dialog, no palette
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        assert (app.scope, app.live, app.paused) == (scope, True, False)
        assert app.return_code is None

        shown = footer_actions(app)
        assert shown and not shown & BLOCKED_ACTIONS
        assert "next_list" in shown and "help" in shown
        # nothing blocked is an active binding anywhere (so the palette cannot offer it)
        actions = {row.action.rsplit(".", 1)[-1] for row in live_bindings(app.screen)}
        assert not actions & (BLOCKED_ACTIONS | {"open_tile", "home", "export"})

        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert not help_actions(app) & BLOCKED_ACTIONS
        assert "next_list" in help_actions(app)
        text = help_text(app)
        for word in ("Quit", "Time travel", "Pause", "Window", "Area", "Team", "Export"):
            assert f"  {word}" not in text, word
        assert "Next list" in text and "kiosk" in str(
            app.screen.query_one(".dialog--title").content
        )


async def test_kiosk_wall_does_not_drill_away(make_app, settle) -> None:
    app = make_app(kiosk=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "enter", "h", "e")
        await pilot.pause()
        assert isinstance(app.screen, WallScreen)
        assert len(app.screen_stack) == 2
        assert app.screen.focused is None  # tiles take no focus on a kiosk


async def test_without_kiosk_the_keys_work(make_app, settle) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shown = footer_actions(app)
        assert {"quit", "time_travel", "pick_window", "toggle_pause"} <= shown
        await pilot.press("question_mark")
        await pilot.pause()
        assert {"quit", "time_travel", "toggle_pause", "pick_window"} <= help_actions(app)
        text = help_text(app)
        for word in ("Quit", "Time travel", "Pause", "Window"):
            assert word in text, word
        await pilot.press("escape")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TimeTravelDialog)
        await pilot.press("escape")
        await pilot.press("p")
        await pilot.pause()
        assert app.paused
        await pilot.press("p")
        # e still exports on a list (the drill-down under the first panel)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportPicker"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_a_kiosk_list_offers_no_export(make_app, settle) -> None:
    """Should a kiosk ever show a list, e does nothing there and is not in its footer."""
    app = make_app(kiosk=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_drill("actions")  # what Enter on a tile does outside a kiosk
        await settle(pilot)
        listing = app.screen
        assert type(listing).__name__ != "WallScreen"
        assert "export" not in footer_actions(app)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is listing  # no export picker


async def test_the_help_overlay_scrolls_at_80x24(make_app, settle) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        scroll = app.screen.query_one("#help-scroll", VerticalScroll)
        page = scroll.scrollable_content_region.height
        assert scroll.max_scroll_y > page  # more than a screenful of keys and badges
        assert app.screen.focused is scroll
        await pilot.press("down", "down")
        await pilot.pause()
        assert scroll.scroll_y == 2
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y == 2 + page
        await pilot.press("pageup", "up")
        await pilot.pause()
        assert scroll.scroll_y == 1
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        # the dialog stays inside the screen
        dialog = app.screen.query_one(".dialog")
        assert dialog.region.bottom <= 24 and dialog.region.y >= 0


def test_kiosk_with_as_of_is_one_line(sample_db, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["--db", str(sample_db), "--kiosk", "--as-of", "2026-11-25 07:00"],
        ["wall", "--db", str(sample_db), "--kiosk", "--as-of", "2026-11-25 07:00"],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("supervisor-tui") and err.count("\n") == 1, err
        assert "--kiosk" in err and "--as-of" in err


def test_wall_without_a_terminal_is_one_line(
    sample_db, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert main(["wall", "--db", str(sample_db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("supervisor-tui") and err.count("\n") == 1, err
    assert "terminal" in err and "serve" in err
