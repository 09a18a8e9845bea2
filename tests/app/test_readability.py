"""Can everyone read it? Badge and status contrast in every theme, the footer keeping Back,
Help and Quit in sight on narrow screens, and keys that say what they will do."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from textual.color import Color
from textual.command import CommandPalette
from textual.widgets import OptionList

from supervisor_tui.app.app import DashboardApp
from supervisor_tui.app.drill.records import IncidentScreen, OfficerScreen
from supervisor_tui.app.help import live_bindings
from supervisor_tui.app.panels import Panel
from supervisor_tui.app.widgets.contrast import BLACK, WHITE, luminance, ratio, readable
from supervisor_tui.app.widgets.footer import KeyHint
from supervisor_tui.app.widgets.status_bar import BADGES, StatusBar

THEMES = ["textual-dark", "textual-light", "colourblind"]
SIZES = [(80, 24), (120, 36)]


def colour(rich: RichColor | None) -> Color:
    assert rich is not None
    triplet = rich.get_truecolor()
    return Color(triplet.red, triplet.green, triplet.blue)


async def settle(pilot) -> None:
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return
    raise AssertionError("workers did not settle")


# --- 4. contrast --------------------------------------------------------------------------


def test_contrast_ratio_is_wcags() -> None:
    assert ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert ratio(Color.parse("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)
    dark = Color.parse("#101418")
    assert ratio(readable(Color.parse("#0072B2"), dark), dark) >= 4.5
    assert readable(Color.parse("#F0E442"), dark) == Color.parse("#F0E442")  # already fine


@pytest.mark.parametrize("theme", THEMES)
async def test_every_badge_and_status_reads_at_4_5_to_1(make_app, theme: str) -> None:
    app = make_app()
    app.theme = theme
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        home = app.screen
        panel = home.query_one("#calls_999", Panel)
        behind = panel.background_colors[1]
        pills = {}
        for level in ("ok", "near", "breach", "none"):
            style = panel.style(level)
            pills[level] = style
            assert ratio(colour(style.color), colour(style.bgcolor)) >= 4.5, (theme, level)
            word = panel.style(f"{level}-text")
            if level != "none":
                assert ratio(colour(word.color), behind) >= 4.5, (theme, f"{level}-text")
        alert = panel.style("alert")
        assert ratio(colour(alert.color), behind) >= 4.5, (theme, "alert")
        # the title's pill is drawn with that style
        pill = pills[panel.shown_status().level.value]
        drawn = f"{pill.color.triplet.rgb} on {pill.bgcolor.triplet.rgb}"
        assert drawn in str(panel.border_title), (drawn, str(panel.border_title))
        bar = home.query_one(StatusBar)
        for name in BADGES:
            style = bar._style(name)
            assert ratio(colour(style.color), colour(style.bgcolor)) >= 4.5, (theme, name)
        reason = bar._style("reason")
        assert ratio(colour(reason.color), bar.background_colors[1]) >= 4.5
        # NEAR and BREACH differ in lightness, not hue alone: one is dark text on a light
        # badge, the other light text on a dark one
        near, breach = pills["near"], pills["breach"]
        assert colour(near.color) != colour(breach.color), theme
        light, dark = sorted((colour(near.bgcolor), colour(breach.bgcolor)), key=luminance)[::-1]
        assert ratio(light, dark) >= 2.0, theme


# --- 5. the footer ------------------------------------------------------------------------


def footer_keys(app: DashboardApp) -> dict[str, KeyHint]:
    return {key.description: key for key in app.screen.query(KeyHint)}


def assert_out_keys_visible(app: DashboardApp, width: int, *, back: bool = True) -> None:
    keys = footer_keys(app)
    wanted = ["Help", "Quit"] + (["Back"] if back else [])
    for description in wanted:
        assert description in keys, (description, sorted(keys))
        region = keys[description].region
        assert region.width > 0 and region.right <= width, (description, region)
    last_line = app.screen._compositor.render_strips()[-1].text
    for text in (["esc Back"] if back else []) + ["? Help", "q Quit"]:
        assert text in last_line, last_line


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
async def test_back_help_and_quit_stay_in_the_footer(make_app, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert_out_keys_visible(app, size[0], back=False)  # Home: nothing to go back to
        app.open_drill("calls_101")
        await settle(pilot)
        assert_out_keys_visible(app, size[0])
        await pilot.press("enter")  # the whole window's calls: a list
        await settle(pilot)
        assert_out_keys_visible(app, size[0])
        keys = list(footer_keys(app))
        assert keys[:4] == ["Open", "Filter", "Sort", "Export"]  # the screen's own first
        assert keys[4:7] == ["Back", "Help", "Quit"]
        app.push_screen(IncidentScreen("NO-SUCH-INCIDENT"))
        await settle(pilot)
        assert_out_keys_visible(app, size[0])
        app.push_screen(OfficerScreen("NO-SUCH-OFFICER"))
        await settle(pilot)
        assert_out_keys_visible(app, size[0])


async def test_the_footer_says_resume_while_paused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Pause" in footer_keys(app) and "Resume" not in footer_keys(app)
        await pilot.press("p")
        await settle(pilot)
        assert "Resume" in footer_keys(app) and "Pause" not in footer_keys(app)
        app.open_drill("calls_101")  # a list screen: less room, and Resume keeps its place
        await settle(pilot)
        assert "Resume" in footer_keys(app)
        assert_out_keys_visible(app, 80)
        await pilot.press("p")
        await settle(pilot)
        assert "Resume" not in footer_keys(app)


# --- 7. the command palette -----------------------------------------------------------------


async def test_the_palette_lists_moving_between_panels_once(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        merged = [r for r in live_bindings(app.screen, merge=True) if "Move" in r.description]
        assert [(r.key, r.merged) for r in merged] == [("↑, ↓, ←, →", True)]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"move between")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert sum("Move between panels" in p for p in prompts) == 1, prompts
        await pilot.press("enter")  # it says which keys do it rather than moving one way
        await pilot.pause()
        assert any("↑, ↓, ←, →" in n.message for n in app._notifications)


def test_a_long_breadcrumb_gives_way_to_the_badges() -> None:
    from supervisor_tui.app.widgets.status_bar import fit_crumbs

    crumbs = ["Home", "Actions › Queue", "Crime CR00000969"]
    assert fit_crumbs(crumbs, 80) == crumbs  # fits: unchanged
    assert fit_crumbs(crumbs, 33) == ["Home", "…", "Crime CR00000969"]
    deep = ["Home", "Suspects › By area", "Leicester", "Suspect S1", "Officer O1"]
    assert fit_crumbs(deep, 40) == ["Home", "…", "Suspect S1", "Officer O1"]
    # Home › … › Officer O1 is 21 cells: at 18 this screen's own name is cut to fit exactly
    assert fit_crumbs(deep, 18) == ["Home", "…", "Office…"]
