"""The Clare's Law and neighbourhood panels on the sample database (fixed seed, frozen clock):
Clare's Law drills by area (28-day disclosures) → applications, fewest days left first → one
application with its deadlines; neighbourhood by area or by reason → officers → their
abstractions. Redaction hides officers' names; the action queue's Clare's Law items open
their application. Snapshots of the drill screens at 80×24 and 120×36."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from test_drill import drill, enter_on, screen_text, settle
from textual.pilot import Pilot

from supervisor_tui.app.drill.records import OfficerScreen, record_screen
from supervisor_tui.app.drill.safeguarding import (
    AbstractionsList,
    DvdsByArea,
    DvdsList,
    DvdsScreen,
    NeighbourhoodByArea,
    NeighbourhoodByReason,
    NeighbourhoodOfficers,
    dvds_rows,
)
from supervisor_tui.app.drill.table import DrillTable
from supervisor_tui.app.panels import panel_class
from supervisor_tui.app.panels.dvds import DvdsPanel
from supervisor_tui.app.panels.neighbourhood import NeighbourhoodPanel
from supervisor_tui.db import Database, Session
from supervisor_tui.figures import dvds, neighbourhood
from supervisor_tui.redact import MASK
from supervisor_tui.scope import Scope

FROZEN = datetime(2026, 11, 25, 14, 0, 0)


def keys(pilot: Pilot) -> list[str]:
    table = pilot.app.screen.focused
    assert isinstance(table, DrillTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def test_the_panels_show_the_reports_figures(make_app, sample_db, report) -> None:
    from tests.scenario import scope as make_scope

    figures = report(sample_db, make_scope(FROZEN))
    assert panel_class("dvds") is DvdsPanel
    assert panel_class("neighbourhood") is NeighbourhoodPanel
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text = app.screen.query_one("#dvds", DvdsPanel).render().plain
        assert f"Clare's Law open {figures['dvds']['open']:,}" in text
        assert f"open > 28 d {figures['dvds']['over_28_days']:,}" in text
        assert " over" in text or " left" in text  # days left in words, not colour alone
        nbh = app.screen.query_one("#neighbourhood", NeighbourhoodPanel).render().plain
        assert f"{figures['neighbourhood']['abstracted_pct']:.1f} %" in nbh


def core(db: Path, read: Callable[[Session, Scope], pl.DataFrame], scope: Scope) -> pl.DataFrame:
    database = Database(db)
    try:
        with database.read() as session:
            return read(session, scope)
    finally:
        database.close()


async def test_clare_drill_to_an_application(make_app, sample_db, report) -> None:
    from tests.scenario import scope as make_scope

    month = make_scope(FROZEN, window=timedelta(days=28))
    expected = core(sample_db, dvds_rows, month)
    figures = report(sample_db, month)["dvds"]
    assert expected.filter(pl.col("disclosed_in_window")).height == figures["disclosures"]
    assert expected.filter(pl.col("is_open")).height == figures["open"]
    left = expected.filter(pl.col("is_open"))["days_left"].to_list()
    assert left == sorted(left)  # fewest days left first
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        breakdown = await drill(pilot, "dvds")
        assert isinstance(breakdown, DvdsByArea)
        # the drill counts disclosures over 28 days while the home window is 24 h
        listing = await enter_on(pilot, "__all__")
        assert isinstance(listing, DvdsList)
        assert keys(pilot) == expected["application_id"].to_list()
        first = keys(pilot)[0]
        record = await enter_on(pilot, first)
        assert isinstance(record, DvdsScreen) and record.found is True
        text = screen_text(app)
        assert f"Application    {first}" in text or first in text
        assert "Clare's Law disclosure" in text and "Deadlines" in text
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OfficerScreen)


async def test_redact_hides_the_officer_name(make_app) -> None:
    app = make_app(redact=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "dvds")
        await enter_on(pilot, "__all__")
        record = await enter_on(pilot, keys(pilot)[0])
        assert isinstance(record, DvdsScreen)
        assert record.record is not None and record.record["officer_name"]
        text = screen_text(app)
        assert record.record["officer_name"] not in text
        assert MASK in text


def test_clare_clocks_open_the_application() -> None:
    for clock in dvds.CLOCKS:
        screen = record_screen(clock.record, "DV00001")
        assert isinstance(screen, DvdsScreen), clock.kind


async def test_neighbourhood_by_area_reason_officers_abstractions(make_app, sample_db) -> None:
    from tests.scenario import scope as make_scope

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        breakdown = await drill(pilot, "neighbourhood")
        assert isinstance(breakdown, NeighbourhoodByArea)
        officers = await enter_on(pilot, "LEI")
        assert isinstance(officers, NeighbourhoodOfficers)
        lei = core(sample_db, neighbourhood.officers, make_scope(FROZEN, area="LEI"))
        assert keys(pilot) == lei["officer_id"].to_list()
        officer = keys(pilot)[0]
        listing = await enter_on(pilot, officer)
        assert isinstance(listing, AbstractionsList)
        assert all(key.startswith(f"{officer}@") for key in keys(pilot))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        reasons = app.screen
        assert isinstance(reasons, NeighbourhoodByReason)
        reason = keys(pilot)[1]  # the first reason after "All reasons"
        listing = await enter_on(pilot, reason)
        assert isinstance(listing, AbstractionsList)
        everything = core(sample_db, neighbourhood.abstractions, make_scope(FROZEN))
        assert len(keys(pilot)) == everything.filter(pl.col("reason") == reason).height > 0


async def the_dvds_list(pilot: Pilot) -> None:
    await drill(pilot, "dvds")
    await enter_on(pilot, "__all__")


async def an_application(pilot: Pilot) -> None:
    await the_dvds_list(pilot)
    await enter_on(pilot, keys(pilot)[0])


async def abstractions_of_a_reason(pilot: Pilot) -> None:
    await drill(pilot, "neighbourhood")
    await pilot.press("r")
    await settle(pilot)
    await enter_on(pilot, keys(pilot)[1])


SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])


@SIZES
def test_dvds_list_snapshot(snap_compare, make_app, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=the_dvds_list)


@SIZES
def test_dvds_record_snapshot(snap_compare, make_app, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=an_application)


@SIZES
def test_abstractions_snapshot(snap_compare, make_app, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=abstractions_of_a_reason)
