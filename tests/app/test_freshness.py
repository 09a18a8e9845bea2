"""Is the data current, and is there any? The data-age badge when nothing new arrives, the
SAMPLE DATA label on a generated file opened by path, NO DATA (not ✔ OK) when there is nothing
to count, and what STALE says when the database file goes away mid-session."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from supervisor_tui.app.app import DashboardApp
from supervisor_tui.app.panels import Panel
from supervisor_tui.app.widgets.status_bar import StatusBar
from supervisor_tui.coverage import age_words, old_after
from supervisor_tui.db import writer

SIZE = (120, 36)
FROZEN = datetime(2026, 11, 25, 14, 0, 0)  # the clock of tests/app/conftest.py
#: The first (and only) records of the hand-made database.
FIRST = FROZEN - timedelta(days=2)


def panel(app: DashboardApp, panel_id: str) -> Panel:
    return app.screen.query_one(f"#{panel_id}", Panel)


def header(app: DashboardApp) -> str:
    return app.screen.query_one(StatusBar).render().plain


def title(app: DashboardApp, panel_id: str) -> str:
    return str(panel(app, panel_id).border_title)


def subtitle(app: DashboardApp, panel_id: str) -> str:
    return str(panel(app, panel_id).border_subtitle)


def add_call(db: Path, call_id: str, at: datetime) -> None:
    """A 999 call answered in 5 s, written the way an importer writes (open, insert, close)."""
    with writer(db) as con:
        con.execute(
            "INSERT INTO calls (call_id, line, presented_at, answered_at) "
            "VALUES ($id, '999', $at, $answered)",
            {"id": call_id, "at": at, "answered": at + timedelta(seconds=5)},
        )


def one_of_everything(db: Path, at: datetime) -> None:
    """An area, an officer in charge of one crime with one outstanding suspect, one call and
    one grade 2 incident, all at ``at``: nothing exists before it."""
    with writer(db) as con:
        con.execute("INSERT INTO areas VALUES ('AAA', 'Aston', true)")
        con.execute("INSERT INTO officers VALUES ('O1', '1001', 'Pat Doe', 'PC', NULL, 'AAA')")
        con.execute(
            "INSERT INTO crimes (crime_id, recorded_at, crime_type, area_code, oic_officer_id) "
            "VALUES ('CR1', $at, 'Burglary', 'AAA', 'O1')",
            {"at": at},
        )
        con.execute(
            "INSERT INTO suspects (suspect_id, crime_id, name, risk, outstanding_since) "
            "VALUES ('S1', 'CR1', 'Sam Roe', 'standard', $at)",
            {"at": at},
        )
        con.execute(
            "INSERT INTO incidents (incident_id, opened_at, grade, area_code) "
            "VALUES ('I1', $at, 2, 'AAA')",
            {"at": at},
        )
    add_call(db, "C1", at)


async def refresh(pilot, settle) -> None:
    await pilot.press("r")
    await settle(pilot)


# --- 1. the data stops arriving -------------------------------------------------------------


def test_data_is_called_old_after_three_intervals_and_never_before_ten_minutes() -> None:
    assert old_after(5) == timedelta(minutes=10)
    assert old_after(200) == timedelta(minutes=10)
    assert old_after(300) == timedelta(minutes=15)
    assert age_words(timedelta(minutes=10, seconds=1)) == "10 MIN"
    assert age_words(timedelta(minutes=119, seconds=59)) == "119 MIN"
    assert age_words(timedelta(hours=2)) == "2 H"
    assert age_words(timedelta(hours=47, minutes=59)) == "47 H"
    assert age_words(timedelta(days=3, hours=5)) == "3 DAYS"


async def test_header_says_how_old_the_data_is_when_nothing_new_arrives(
    make_app, empty_db: Path, settle, clock
) -> None:
    add_call(empty_db, "C1", FROZEN - timedelta(minutes=5))
    app = make_app(empty_db, clock=clock, refresh_seconds=60)  # old after 10 min (the floor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "OLD" not in header(app)
        clock.advance(minutes=5)  # the latest call is exactly 10 minutes old: not yet
        await refresh(pilot, settle)
        assert "OLD" not in header(app)
        clock.advance(seconds=1)
        await refresh(pilot, settle)
        head = header(app)
        assert "◷ DATA 10 MIN OLD" in head
        assert "Updated 14:05:01 (0 s ago)" in head  # the refresh worked: not STALE
        assert app.staleness() is None and "STALE" not in head
        clock.advance(minutes=50)
        await refresh(pilot, settle)
        assert "◷ DATA 60 MIN OLD" in header(app)
        warnings = [n for n in app._notifications if n.title == "No new data"]
        assert len(warnings) == 1  # said once in words, not at every refresh
        assert "2026-11-25 13:55 GMT" in warnings[0].message

        await pilot.press("p")  # paused figures are old on purpose: PAUSED says so
        assert "OLD" not in header(app) and "PAUSED" in header(app)
        await pilot.press("p")
        await settle(pilot)
        assert "◷ DATA 60 MIN OLD" in header(app)

        add_call(empty_db, "C2", clock.now - timedelta(seconds=30))  # the feed is back
        await refresh(pilot, settle)
        assert "OLD" not in header(app)


async def test_no_data_age_badge_in_time_travel(make_app, empty_db: Path, settle, clock) -> None:
    add_call(empty_db, "C1", FROZEN - timedelta(days=1))
    app = make_app(empty_db, clock=clock, refresh_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "◷ DATA 24 H OLD" in header(app)
        await pilot.press("t")
        app.screen.query_one("Input").value = "2026-11-24 15:00"
        await pilot.press("enter")
        await settle(pilot)
        assert "TIME TRAVEL" in header(app) and "OLD" not in header(app)


async def test_an_empty_database_says_no_live_data(make_app, empty_db: Path, settle) -> None:
    app = make_app(empty_db, refresh_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "◷ NO LIVE DATA" in header(app)


# --- 2. generated data opened by path -------------------------------------------------------


async def test_generated_data_opened_by_path_is_labelled(
    make_app, sample_db: Path, empty_db: Path, settle
) -> None:
    app = make_app(sample_db, is_sample=False)  # `--db sample.duckdb`, not the built-in one
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "SAMPLE DATA · generated" in header(app)
    app = make_app(empty_db, is_sample=False)  # made by `init`: no generator in its meta
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "SAMPLE DATA" not in header(app)


# --- 3. nothing to count is NO DATA, not OK -------------------------------------------------


async def test_an_empty_database_says_no_data_not_ok(make_app, empty_db: Path, settle) -> None:
    app = make_app(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for panel_id in ("calls_999", "calls_101", "attendance", "workload", "suspects"):
            assert "– NO DATA" in title(app, panel_id), panel_id
            assert "OK" not in title(app, panel_id), panel_id
        assert "no records in the database" in subtitle(app, "calls_999")
        assert "no records in the database" in subtitle(app, "attendance")
        assert "no records in the database" in subtitle(app, "on_duty")
        assert "no crimes in the database" in subtitle(app, "workload")
        assert "no suspects in the database" in subtitle(app, "suspects")
        # the figures stay what the core returned: zeros
        assert panel(app, "workload").data.figures.over.height == 0
        assert "Officers over workload trigger (> 5) 0" in panel(app, "workload").render().plain
        assert panel(app, "suspects").render().plain.startswith("Suspects outstanding 0")


async def test_time_travel_before_the_first_record_says_no_data(
    make_app, empty_db: Path, settle
) -> None:
    one_of_everything(empty_db, FIRST)
    app = make_app(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # live: one officer with one crime (under the trigger), one suspect not yet overdue
        assert "✔ OK" in title(app, "workload")
        assert "✔ OK" in title(app, "suspects")
        assert "before this time" not in subtitle(app, "workload")
        await pilot.press("t")
        app.screen.query_one("Input").value = "2026-11-22 14:00"  # a day before the first
        await pilot.press("enter")
        await settle(pilot)
        for panel_id in ("calls_999", "attendance", "workload", "suspects"):
            assert "– NO DATA" in title(app, panel_id), panel_id
            assert "no records before this time" in subtitle(app, panel_id), panel_id
        assert panel(app, "workload").data.figures.officers.height == 0
        assert panel(app, "suspects").render().plain.startswith("Suspects outstanding 0")
        await pilot.press("t")  # back to live: the real statuses again
        await settle(pilot)
        assert "✔ OK" in title(app, "workload")
        assert "before this time" not in subtitle(app, "suspects")


# --- 8. the database file goes away --------------------------------------------------------


async def test_a_database_gone_mid_session_is_not_told_to_make_a_sample(
    make_app, db_copy: Path, settle
) -> None:
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        db_copy.unlink()
        await refresh(pilot, settle)
        reason = app.staleness() or ""
        assert reason.startswith(f"database {db_copy} has gone (moved or deleted)")
        assert "last figures" in reason
        assert "supervisor-tui sample" not in reason and "init" not in reason
        assert "STALE: database" in header(app)
