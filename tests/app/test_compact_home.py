"""The compact home (below 120 columns) and the home's shared refresh.

- at 80×24 every figure family's status and headline are on one screen, one row each, in
  the registry's order, with the same status and figures as the family computes;
- Enter on a row opens the family's drill-down; the layout follows the terminal live;
- one refresh round is one worker and one ``Database.read()`` for every panel; a panel
  whose figures fail is STALE on its own; equal figures are not redrawn.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest

from supervisor_tui import figures, metrics, status
from supervisor_tui.app.app import PANEL_IDS, DashboardApp
from supervisor_tui.app.home import FULL_FROM, HomeScreen
from supervisor_tui.app.panels import Panel, panel_class
from supervisor_tui.app.panels.workload import WorkloadPanel
from supervisor_tui.app.widgets.footer import AppFooter
from supervisor_tui.app.widgets.status_bar import StatusBar
from supervisor_tui.config import Config
from supervisor_tui.db import Database, Session, ThreadDatabases, create_schema, writer
from supervisor_tui.errors import UserError
from supervisor_tui.figures import report
from supervisor_tui.figures.spec import Headline

FROZEN = datetime(2026, 11, 25, 14, 0, 0)  # the clock of tests/app/conftest.py
COMPACT = (80, 24)
FULL = (120, 36)


def panel(app: DashboardApp, panel_id: str) -> Panel:
    return app.screen.query_one(f"#{panel_id}", Panel)


def row(app: DashboardApp, panel_id: str) -> str:
    return panel(app, panel_id).render().plain


def family_figures(db: Path, scope: metrics.Scope) -> report.Figures:
    """Every family's figures through the core, as the briefing reads them."""
    database = Database(db)
    try:
        with database.read() as session:
            return report.read(session, scope)
    finally:
        database.close()


def worst_first(rows: list[Headline]) -> Headline:
    order = {status.Level.BREACH: 0, status.Level.NEAR: 1, status.Level.OK: 2}
    return min(rows, key=lambda h: order.get(h.status.level, 3) if h.status else 4)


async def test_every_status_and_headline_fit_one_80x24_screen(
    make_app, sample_db: Path, settle
) -> None:
    app = make_app()
    async with app.run_test(size=COMPACT) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen) and screen.has_class("-compact")
        top = screen.query_one(StatusBar).region.bottom
        bottom = screen.query_one(AppFooter).region.y
        want = family_figures(sample_db, metrics.Scope(as_of=FROZEN))
        thresholds = Config().thresholds
        rows = []
        for family in figures.families():
            shown = panel(app, family.id)
            region = shown.region
            assert region.height == 1, family.id  # one line each
            assert top <= region.y < bottom, family.id  # on the screen, no scrolling
            rows.append(region.y)
            text = shown.render().plain
            assert len(text) <= shown.content_region.width, family.id
            assert family.title in text, family.id
            value = want.of(family.id)
            expected = family.status(value, thresholds)
            if expected is not None:  # the status word, exactly the family's
                assert f" {expected.label} " in text, family.id
            first = worst_first(family.headlines(value, thresholds))
            assert f"{first.label} {first.value}" in text, family.id
        assert rows == sorted(rows) and len(set(rows)) == len(PANEL_IDS)  # registry order
        # the sample at 14:00: 999 answered 89.4 % in 10 s, under the 90 % target
        assert row(app, "calls_999").split()[:8] == [
            "999", "calls", "✖", "BREACH", "999", "answered", "within", "10",
        ]  # fmt: skip
        assert "10 s 89.4 % · presented" in row(app, "calls_999")
        assert "▶ Actions" in row(app, "actions")  # the focused row is marked in text


async def test_enter_on_a_compact_row_opens_its_drill_down_and_escape_returns(
    make_app, settle
) -> None:
    app = make_app()
    async with app.run_test(size=COMPACT) as pilot:
        await settle(pilot)
        await pilot.press("down")  # the second row: 999 calls
        assert app.focused.id == PANEL_IDS[1]
        assert row(app, PANEL_IDS[1]).startswith("▶ ")
        assert not row(app, PANEL_IDS[0]).startswith("▶")
        await pilot.press("enter")
        await settle(pilot)
        family = figures.family(PANEL_IDS[1])
        expected = panel_class(family.id).drill(family)
        assert type(app.screen) is type(expected)  # what Enter opens in the full layout
        assert app.screen.query_one(StatusBar).crumbs()[0] == "Home"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.focused.id == PANEL_IDS[1]


async def test_the_layout_follows_the_terminal_as_it_is_resized(make_app, settle) -> None:
    app = make_app()
    async with app.run_test(size=COMPACT) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        focused = app.focused.id
        await pilot.resize_terminal(*FULL)
        await settle(pilot)
        assert app.size.width == FULL[0] >= FULL_FROM
        assert not app.screen.has_class("-compact")
        calls = panel(app, "calls_999")
        assert calls.region.height > 2 and "target ≥ 90 %" in calls.render().plain
        assert str(calls.border_title).startswith("999 calls")
        assert app.focused.id == focused  # the same panel keeps the focus
        await pilot.resize_terminal(FULL_FROM - 1, 36)
        await settle(pilot)
        assert app.screen.has_class("-compact")
        # 36 rows leave room for two lines a panel: the figures go on to the second
        assert {p.region.height for p in app.screen.panels} == {2}
        assert len(row(app, "investigations").splitlines()) == 2
        await pilot.resize_terminal(*COMPACT)
        await settle(pilot)
        assert {p.region.height for p in app.screen.panels} == {1}
        assert app.focused.id == focused


async def test_stale_no_data_and_force_wide_are_said_in_words(
    make_app, tmp_path: Path, sample_db: Path, settle
) -> None:
    """A schema-1 database: the second-wave families say NO DATA and why; a file gone:
    every row says STALE and keeps its figures; an area: the call rows say force-wide."""
    v1 = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(v1))
    create_schema(con, version=1)
    con.close()
    app = make_app(v1)
    async with app.run_test(size=COMPACT) as pilot:
        await settle(pilot)
        text = row(app, "bail")
        assert "– NO DATA" in text and "no data: needs schema 2" in text
    app = make_app()
    async with app.run_test(size=COMPACT) as pilot:
        await settle(pilot)
        before = row(app, "calls_101")
        app.dbs = ThreadDatabases(tmp_path / "gone.duckdb", retry_seconds=0.1)
        await pilot.press("r")
        await settle(pilot)
        for shown in app.screen.panels:
            assert shown.has_class("-stale")
            assert "STALE" in shown.render().plain, shown.id
        # the last figures stay, after the word STALE
        assert row(app, "calls_101").startswith(before[:30] + "STALE · " + before[30:50])
        app.dbs = ThreadDatabases(sample_db, retry_seconds=0.1)
        areas = family_figures(sample_db, metrics.Scope(as_of=FROZEN)).of("on_duty").areas
        app.set_scope(area=areas[0]["area_code"])
        await settle(pilot)
        assert not any(p.has_class("-stale") for p in app.screen.panels)
        assert "force-wide" in row(app, "calls_999")


# --- one refresh for every panel -------------------------------------------------------------


class CountingDatabase(Database):
    """The real database, counting how many times it is opened for reading."""

    opened: ClassVar[list[str]] = []

    @contextmanager
    def read(self) -> Iterator[Session]:
        CountingDatabase.opened.append("read")
        with super().read() as session:
            yield session


class CountingDatabases(ThreadDatabases):
    def new_database(self) -> Database:
        return CountingDatabase(self.path, retry_seconds=self.retry_seconds)


async def test_one_round_is_one_worker_and_one_read_for_every_panel(
    make_app, sample_db: Path, settle, clock
) -> None:
    app = make_app(clock=clock)
    async with app.run_test(size=FULL) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        app.dbs = CountingDatabases(sample_db)
        CountingDatabase.opened.clear()
        rounds, loads = home.rounds, {p.id: p.loads for p in home.panels}
        clock.advance(minutes=1)  # a new as-of time: the figures must be read again
        await pilot.press("r")
        await settle(pilot)
        assert home.rounds == rounds + 1
        assert {p.id: p.loads for p in home.panels} == {k: v + 1 for k, v in loads.items()}
        # one read for all 14 panels and how far the data goes (the header's coverage)
        assert len(CountingDatabase.opened) == 1
        # every panel has the figures the core computes for the new time
        want = family_figures(sample_db, metrics.Scope(as_of=clock.now))
        for family in figures.families():
            shown = panel(app, family.id)
            assert shown.data_scope.as_of == clock.now
            if family.to_json is not None:
                scope = shown.data_scope
                assert family.to_json(shown.data.figures, scope) == family.to_json(
                    want.of(family.id), scope
                ), family.id


async def test_a_panel_whose_figures_fail_is_stale_on_its_own(
    make_app, settle, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(clock=clock)
    async with app.run_test(size=FULL) as pilot:
        await settle(pilot)

        def broken(self: Panel, session: Session, scope: metrics.Scope) -> None:
            raise UserError("workload extras: the officers table is being rebuilt")

        monkeypatch.setattr(WorkloadPanel, "fetch_extra", broken)
        clock.advance(minutes=1)
        await pilot.press("r")
        await settle(pilot)
        assert panel(app, "workload").has_class("-stale")
        assert "STALE" in str(panel(app, "workload").border_subtitle)
        assert "being rebuilt" in (app.staleness() or "")
        others = [p for p in app.screen.panels if p.id != "workload"]
        assert not any(p.has_class("-stale") for p in others)
        assert all(p.data_scope.as_of == clock.now for p in others)  # they refreshed
        monkeypatch.undo()
        clock.advance(minutes=1)
        await pilot.press("r")
        await settle(pilot)
        assert not panel(app, "workload").has_class("-stale")
        assert app.staleness() is None


async def test_equal_figures_are_not_redrawn(make_app, db_copy: Path, settle) -> None:
    app = make_app(db_copy)  # the clock is frozen: the same as-of every round
    async with app.run_test(size=FULL) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        data = {p.id: p.data for p in home.panels}
        redraws = {p.id: p.redraws for p in home.panels}
        rounds = home.rounds
        await pilot.press("r")  # nothing changed: the file is opened, no figure is read
        await settle(pilot)
        assert home.rounds == rounds
        os.utime(db_copy)  # the file looks written: every figure is read, and is equal
        await pilot.press("r")
        await settle(pilot)
        assert home.rounds == rounds + 1
        assert {p.id: p.redraws for p in home.panels} == redraws
        assert all(p.data is data[p.id] for p in home.panels)  # the figures on show are kept
        assert "Updated 14:00:00 (0 s ago)" in home.query_one(StatusBar).render().plain
        at = FROZEN - timedelta(minutes=3)
        with writer(db_copy) as con:  # a new 999 call: only what it changes is redrawn
            con.execute(
                "INSERT INTO calls (call_id, line, presented_at, answered_at) "
                "VALUES ('T-NEW-1', '999', $at, $answered)",
                {"at": at, "answered": at + timedelta(seconds=4)},
            )
        await pilot.press("r")
        await settle(pilot)
        assert home.rounds == rounds + 2
        calls = panel(app, "calls_999")
        assert calls.redraws == redraws["calls_999"] + 1
        assert calls.data.figures["presented"] == data["calls_999"].figures["presented"] + 1
        assert panel(app, "calls_101").redraws == redraws["calls_101"]
        assert panel(app, "suspects").redraws == redraws["suspects"]
