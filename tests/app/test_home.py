"""The home screen: figures equal the report, and every key on it does what it says."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from supervisor_tui import figures, metrics
from supervisor_tui.app.app import PANEL_IDS, DashboardApp
from supervisor_tui.app.help import HelpScreen, live_bindings
from supervisor_tui.app.home import HomeScreen
from supervisor_tui.app.panels import Panel
from supervisor_tui.app.pickers import AreaPicker, TeamPicker, TimeTravelDialog, WindowPicker
from supervisor_tui.app.widgets.status_bar import StatusBar

SIZE = (120, 36)
FROZEN = datetime(2026, 11, 25, 14, 0, 0)  # the clock of tests/app/conftest.py


def panel(app: DashboardApp, panel_id: str) -> Panel:
    return app.screen.query_one(f"#{panel_id}", Panel)


def text(app: DashboardApp, panel_id: str) -> str:
    return panel(app, panel_id).render().plain


def header(app: DashboardApp) -> str:
    return app.screen.query_one(StatusBar).render().plain


def shown(app: DashboardApp) -> dict[str, Any]:
    """Every panel's figures in the JSON report's shape, through its family's own to_json."""
    out: dict[str, Any] = {}
    for family in figures.families():
        if family.to_json is None or not family.on("json"):
            continue
        shown_panel = panel(app, family.id)
        data, scope = shown_panel.data, shown_panel.data_scope or app.scope
        value = None if data.figures is None else family.to_json(data.figures, scope)
        out[".".join(family.json_path)] = value
    return out


def expected(report, db: Path, scope: metrics.Scope) -> dict[str, Any]:
    """The same sections of the headless report for ``scope``."""
    r = report(db, scope)
    out: dict[str, Any] = {}
    for family in figures.families():
        if family.to_json is None or not family.on("json"):
            continue
        node = r
        for part in family.json_path:
            node = node[part]
        out[".".join(family.json_path)] = node
    return out


def pct(value: float) -> str:
    return f"{value:.1f} %"


async def test_home_shows_the_report_figures(make_app, sample_db: Path, settle, report) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        scope = metrics.Scope(as_of=FROZEN)
        want = expected(report, sample_db, scope)
        assert shown(app) == want
        # and the text on screen says the same, with its target and a status word
        c999 = text(app, "calls_999")
        assert pct(want["calls.999"]["answered_within_10s_pct"]) in c999
        assert "target ≥ 90 %" in c999
        assert f"presented {want['calls.999']['presented']:,}" in c999
        assert pct(want["calls.101"]["abandoned_pct"]) in text(app, "calls_101")
        assert "target < 10 %" in text(app, "calls_101")
        assert pct(want["attendance"]["1"]["late_pct"]) in text(app, "attendance")
        assert f"Suspects outstanding {want['suspects']['outstanding']:,}" in text(app, "suspects")
        duty = want["on_duty"]
        assert f"On duty / committed {duty['officers']:,} / {duty['committed']:,}" in text(
            app, "on_duty"
        )
        for panel_id in ("calls_999", "calls_101", "attendance", "workload", "suspects"):
            title = str(panel(app, panel_id).border_title)
            assert any(word in title for word in ("✔ OK", "▲ NEAR", "✖ BREACH", "– NO DATA"))
        head = header(app)
        assert "Home" in head
        assert "Whole force" in head and "24h" in head
        assert "2026-11-25 14:00 GMT" in head  # dates read as in the lists: 2026-11-25 14:00
        assert "Updated 14:00:00 (0 s ago)" in head


async def test_window_picker_changes_figures_to_the_reports(
    make_app, sample_db: Path, settle, report
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = [shown(app)]
        for window in ("7d", "28d", "1h", "8h", "24h"):
            await pilot.press("w")
            await pilot.pause()
            assert isinstance(app.screen, WindowPicker)
            await pilot.press(*window, "enter")  # type-ahead: "28" is 28d, not 24h
            await settle(pilot)
            assert f" {window} " in header(app) or f"Window {window}" in header(app)
            scope = metrics.Scope(as_of=FROZEN, window=app.scope.window)
            assert shown(app) == expected(report, sample_db, scope)
            seen.append(shown(app))
        assert app.scope.window == timedelta(hours=24)
        calls = [s["calls.999"]["presented"] for s in seen]
        assert calls[1] > calls[0]  # 7d has more calls
        assert calls[3] < calls[0]  # 1h has fewer
        assert seen[-1] == seen[0]


async def test_the_shift_window_starts_at_the_current_shift(make_app, settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w", "s", "enter")
        await settle(pilot)
        # frozen at 14:00 GMT exactly: the 14:00 shift has just begun, an empty window
        assert app.scope.window == timedelta(0)
        assert "Window shift (since 14:00)" in header(app)
        app.live = False  # time travel to 23:00 the night before: the 22:00 shift
        app.set_scope(as_of=FROZEN - timedelta(hours=15))
        await settle(pilot)
        assert app.scope.window == timedelta(hours=1)
        assert "shift (since 22:00)" in header(app)


async def test_area_picker_filters_and_whole_force_returns(
    make_app, sample_db: Path, settle, report
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        whole = shown(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AreaPicker)
        options = app.screen.query_one("OptionList")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        db_areas = report_areas(sample_db)
        assert ids == ["", *db_areas]
        await pilot.press("down", "down", "enter")  # the second area
        await settle(pilot)
        area = db_areas[1]
        assert isinstance(app.screen, HomeScreen)
        assert app.scope.area == area
        assert area in header(app)
        scope = metrics.Scope(as_of=FROZEN, area=area)
        assert shown(app) == expected(report, sample_db, scope)
        assert shown(app)["suspects"] != whole["suspects"]
        assert "force-wide" in str(panel(app, "calls_999").border_subtitle)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("home", "enter")
        await settle(pilot)
        assert app.scope.area is None
        assert shown(app) == whole
        await pilot.press("a")
        await pilot.press("escape")
        await settle(pilot)
        assert app.scope.area is None and isinstance(app.screen, HomeScreen)


def report_areas(db: Path) -> list[str]:
    from supervisor_tui.db import Database

    d = Database(db)
    try:
        with d.read() as session:
            return metrics.areas(session)["area_code"].to_list()
    finally:
        d.close()


async def test_r_refreshes_every_panel_once(make_app, settle, report) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = {p.id: p.loads for p in app.screen.panels}
        rounds = app.rounds
        await pilot.press("r")
        await settle(pilot)
        assert {p.id: p.loads for p in app.screen.panels} == {k: v + 1 for k, v in before.items()}
        assert app.rounds == rounds + 1


async def test_pause_stops_timed_refreshes_and_resume_refreshes(make_app, settle, report) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        assert app.paused and "PAUSED" in header(app)
        loads = [p.loads for p in app.screen.panels]
        for _ in range(3):  # what the refresh timer does on each tick
            app._tick()
            await settle(pilot)
        assert [p.loads for p in app.screen.panels] == loads
        await pilot.press("p")
        await settle(pilot)
        assert not app.paused and "PAUSED" not in header(app)
        assert [p.loads for p in app.screen.panels] == [n + 1 for n in loads]
        app._tick()
        await settle(pilot)
        assert [p.loads for p in app.screen.panels] == [n + 2 for n in loads]


async def test_tick_skipped_while_a_dialog_is_open(make_app, settle, report) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        loads = [p.loads for p in app.query(Panel)]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        app._tick()
        await settle(pilot)
        assert [p.loads for p in app.query(Panel)] == loads


async def test_help_lists_the_live_bindings(make_app, settle, report) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        live = {
            a.binding.description
            for a in home.active_bindings.values()
            if a.binding.description and not a.binding.system
        }
        ids = {r.binding_id for r in live_bindings(home)}
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        descriptions = {r.description.lower() for r in app.screen.rows}
        assert {d.lower() for d in live} <= descriptions | {"copy selected text"}
        for wanted in ("Window", "Area", "Team", "Pause", "Refresh", "Time travel", "Help",
                       "Quit", "Open", "Move between panels"):  # fmt: skip
            assert wanted in {r.description for r in app.screen.rows}
        assert {"window", "area", "team", "pause", "refresh", "time_travel", "help", "quit",
                "open_panel"} <= ids  # fmt: skip
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_time_travel_shows_past_figures_and_t_returns_to_live(
    make_app, sample_db: Path, settle, report
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live_figures = shown(app)
        await pilot.press("t")
        assert isinstance(app.screen, TimeTravelDialog)
        dialog_input = app.screen.query_one("Input")
        dialog_input.value = "2026-11-24 09:30"  # local time: GMT in November
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not app.live
        assert app.scope.as_of == datetime(2026, 11, 24, 9, 30)
        assert "TIME TRAVEL" in header(app)
        assert "2026-11-24 09:30 GMT" in header(app)
        scope = metrics.Scope(as_of=datetime(2026, 11, 24, 9, 30))
        assert shown(app) == expected(report, sample_db, scope)
        assert shown(app) != live_figures
        await pilot.press("t")
        await settle(pilot)
        assert app.live and app.scope.as_of == FROZEN
        assert "TIME TRAVEL" not in header(app)
        assert shown(app) == live_figures


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("yesterday", "not an ISO 8601 date-time"),
        ("2026-13-40 25:00", "not an ISO 8601 date-time"),
        ("2030-01-01 00:00", "in the future"),
        ("", "Type a date and time"),
    ],
)
async def test_time_travel_bad_input_shows_the_error_in_the_dialog(
    make_app, typed: str, error: str, settle, report
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        app.screen.query_one("Input").value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimeTravelDialog)
        assert error in str(app.screen.query_one("#as-of-error").render())
        assert app.screen.query_one("Input").has_class("-invalid")
        assert app.live
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen) and app.live


async def test_arrows_and_tab_move_between_panels(make_app, settle, report) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.focused.id == "actions"  # the action queue comes first
        await pilot.press("right", "right")
        assert app.focused.id == "calls_101"
        await pilot.press("down")
        assert app.focused.id == "suspects"  # below 101 in three columns
        await pilot.press("left")
        assert app.focused.id == "workload"
        await pilot.press("up")
        assert app.focused.id == "calls_999"
        await pilot.press("left", "left")  # nothing further left than Actions: stays
        assert app.focused.id == "actions"
        order = []
        for _ in PANEL_IDS:
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == list(PANEL_IDS)


async def test_arrows_move_down_the_compact_rows_at_80_columns(make_app, settle, report) -> None:
    """Below 120 columns the home is compact (one row per panel, in registry order): down and
    up move one row, left and right stay, and every row is on the screen."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-compact")
        await pilot.press("down")
        assert app.focused.id == PANEL_IDS[1]
        await pilot.press("down", "right", "left")
        assert app.focused.id == PANEL_IDS[2]
        for _ in PANEL_IDS:
            await pilot.press("down")
        assert app.focused.id == PANEL_IDS[-1]  # the last row: down stays
        assert app.focused.region.height > 0
        await pilot.press("up")
        assert app.focused.id == PANEL_IDS[-2]


async def test_a_burst_of_arrow_keys_moves_one_row_per_key(make_app, settle, report) -> None:
    """A held-down arrow (keys arriving faster than the screen redraws) moves one row per
    key, as a terminal's key repeat sends them, not one row for the whole burst."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused.id == PANEL_IDS[0]
        for _ in range(4):  # all queued before any is handled
            app.post_message(events.Key("down", None))
        await pilot.pause()
        await pilot.pause()
        assert app.focused.id == PANEL_IDS[4]


async def test_enter_opens_the_panel_drill_down_and_escape_returns(
    make_app, settle, report
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right", "enter")
        await settle(pilot)
        drill_ready = not isinstance(app.screen, HomeScreen)
        if drill_ready:
            crumbs = app.screen.query_one(StatusBar).crumbs()
            assert crumbs[0] == "Home" and len(crumbs) >= 2
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.focused.id == "calls_999"


async def test_workload_says_how_many_more_officers_are_over(
    make_app, sample_db: Path, settle, report
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        over = len(report(sample_db, metrics.Scope(as_of=FROZEN))["workload"]["officers_over"])
        lines = text(app, "workload").splitlines()
        listed = [line for line in lines if line.endswith(" crimes")]
        assert 0 < len(listed) < over
        assert lines[-1] == f"+{over - len(listed)} more officers (Enter for all)"


async def test_command_palette_runs_a_binding(make_app, settle, report) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"window")
        await pilot.pause(0.3)
        await pilot.press("enter")  # the palette runs w: the window picker opens
        await pilot.pause()
        assert isinstance(app.screen, WindowPicker)
        await pilot.press("7", "enter")
        await settle(pilot)
        assert app.scope.window == timedelta(days=7)


async def test_q_quits(make_app, settle, report) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_redact_hides_officer_names(make_app, sample_db: Path, settle, report) -> None:
    app = make_app(redact=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "REDACTED" in header(app)
        rows = panel(app, "workload").data.figures.officers.to_dicts()
        assert rows and all(r["name"] == "(name hidden)" for r in rows)
        body = text(app, "workload")
        assert "(name hidden)" in body
    plain = make_app()
    async with plain.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = panel(plain, "workload").data.figures.officers["name"].to_list()
        assert all(name not in body for name in names)


async def test_sample_badge_and_colourblind_theme(make_app, settle, report) -> None:
    app = make_app(is_sample=True)
    app.theme = "colourblind"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "SAMPLE DATA" in header(app)
        assert app.current_theme.name == "colourblind"
        assert app.current_theme.success.upper() == "#56B4E9"  # blue, not green
        assert app.current_theme.error.upper() == "#B34700"  # dark vermillion, not red


async def test_no_color_keeps_status_words(
    make_app, monkeypatch: pytest.MonkeyPatch, settle, report
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = str(panel(app, "calls_999").border_title)
        assert any(word in title for word in ("✔ OK", "▲ NEAR", "✖ BREACH"))


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--area", "NOWHERE"], "area 'NOWHERE' is not in this database; known areas: BLA"),
        (["--window", "3 weeks"], "window '3 weeks' is not understood"),
        (["--refresh", "0.1s"], "--refresh '0.1s' must be between 0.5s and 60m"),
        (["--refresh", "soon"], "--refresh 'soon' is not understood"),
        (["--as-of", "last tuesday"], "as-of time 'last tuesday' is not an ISO 8601"),
        (["--theme", "neon"], "--theme: theme 'neon' is not known; known themes:"),
    ],
)
def test_bad_options_fail_before_the_app_starts(
    sample_db: Path, capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    from supervisor_tui.cli import main

    assert main(["--db", str(sample_db), *option]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert message in err
    assert "Traceback" not in err


def test_build_app_takes_every_option(sample_db: Path) -> None:
    import argparse

    from supervisor_tui.app import build_app
    from supervisor_tui.config import Config
    from supervisor_tui.settings import Target

    args = argparse.Namespace(
        db=str(sample_db), area="cha", window="7d", as_of="2026-11-24T10:00",
        refresh="30s", redact=True, theme="colourblind",
    )  # fmt: skip
    app = build_app(args, Config(), Target(sample_db, True))
    assert app.scope.area == "CHA"
    assert app.scope.window == timedelta(days=7)
    assert app.scope.as_of == datetime(2026, 11, 24, 10, 0)
    assert not app.live and app.redact and app.is_sample
    assert app.refresh_seconds == 30.0
    assert app.theme == "colourblind"
    assert app.area_names["CHA"] == "Charnwood"


def test_serve_runs_the_same_dashboard_on_loopback_by_default() -> None:
    import shlex

    from supervisor_tui.cli import build_parser
    from supervisor_tui.commands.serve import dashboard_command, is_loopback

    args = build_parser().parse_args(
        ["serve", "--db", "/data/force.duckdb", "--area", "CHA", "--redact"]
    )
    assert args.host == "127.0.0.1" and is_loopback(args.host)
    assert is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    argv = shlex.split(dashboard_command(args, "/data/force.duckdb"))
    assert argv[1:] == ["-m", "supervisor_tui", "--db", "/data/force.duckdb", "--area", "CHA",
                        "--window", "24h", "--redact"]  # fmt: skip


async def test_team_picker_scopes_the_figures_to_one_team(
    make_app, sample_db: Path, settle, report
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TeamPicker)
        await settle(pilot)
        await pilot.press(*"lei-r2", "enter")  # type-ahead to the team
        await settle(pilot)
        assert app.scope.team == "LEI-R2"
        assert "Team LEI-R2" in header(app)
        assert shown(app) == expected(report, sample_db, metrics.Scope(as_of=FROZEN, team="LEI-R2"))
        assert "force-wide" in str(panel(app, "calls_101").border_subtitle)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("home", "enter")  # every team again
        await settle(pilot)
        assert app.scope.team is None and "Team" not in header(app)
