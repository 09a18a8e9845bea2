"""The crime picture panel and its drill-down (by area → by crime type → street crimes).

Hand-built street crimes with hand-computed figures, the real data.police.uk files imported
through the CLI, and the sample database; the real app driven with Textual's Pilot.
"""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from textual.pilot import Pilot

from supervisor_tui import metrics
from supervisor_tui.app.app import DashboardApp
from supervisor_tui.app.drill.base import DrillScreen
from supervisor_tui.app.drill.breakdowns import ALL, NO_AREA
from supervisor_tui.app.drill.crime import CrimeByArea, CrimeByType, StreetCrimesList
from supervisor_tui.app.drill.table import CAP, DrillTable
from supervisor_tui.app.home import HomeScreen
from supervisor_tui.app.panels import Panel
from supervisor_tui.app.panels.crime_picture import EMPTY
from supervisor_tui.app.widgets.status_bar import StatusBar
from supervisor_tui.cli import main
from supervisor_tui.db import Database

REPO = Path(__file__).resolve().parents[2]
POLICE_DIR = REPO.parent / "shared" / "data" / "police-uk" / "leicestershire"
DECEMBER = POLICE_DIR / "2024-12-leicestershire-street.csv"
SIZE = (120, 36)

JAN, FEB, MAR, APR = (date(2024, m, 1) for m in (1, 2, 3, 4))
AS_OF = datetime(2024, 5, 10, 12, 0)
#: (month, area, crime type, rows). April against January-March, by hand:
#:   force 6 vs (6 + 8 + 4) / 3 = 6 (flat); LEI 4 vs 3 (+33.3 %, up); CHA 0 vs 3 (down);
#:   no area 2 vs 0 (up); Burglary 3 vs 5 (-40 %, down); Drugs 2 vs 0 (up); Shoplifting 1 vs 1;
#:   LEI Burglary 3 vs (2 + 4 + 0) / 3 = 2 (+50 %, up).
ROWS: list[tuple[date, str | None, str, int]] = [
    (JAN, "LEI", "Burglary", 2),
    (FEB, "LEI", "Burglary", 4),
    (APR, "LEI", "Burglary", 3),
    (JAN, "LEI", "Shoplifting", 1),
    (FEB, "LEI", "Shoplifting", 1),
    (MAR, "LEI", "Shoplifting", 1),
    (APR, "LEI", "Shoplifting", 1),
    (JAN, "CHA", "Burglary", 3),
    (FEB, "CHA", "Burglary", 3),
    (MAR, "CHA", "Burglary", 3),
    (APR, None, "Drugs", 2),
]


@pytest.fixture
def street_db(empty_db: Path) -> Path:
    con = duckdb.connect(str(empty_db))
    n = 0
    for month, area, crime_type, count in ROWS:
        for _ in range(count):
            n += 1
            con.execute(
                "INSERT INTO street_crimes (row_key, crime_id, month, location, lsoa_name,"
                " crime_type, last_outcome, area_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [f"k{n:03d}", f"c{n:03d}", month, f"On or near Street {n}",
                 f"{area or 'Rugby'} 001A", crime_type, "Under investigation", area],
            )  # fmt: skip
    con.close()
    return empty_db


def panel_text(app: DashboardApp) -> str:
    return app.screen.query_one("#crime_picture", Panel).render().plain


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


async def settle(pilot: Pilot) -> None:
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return
    raise AssertionError("workers did not settle")


async def enter_on(pilot: Pilot, key: str) -> DrillScreen:
    table = pilot.app.screen.focused
    assert isinstance(table, DrillTable)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DrillScreen) and screen.loaded
    return screen


def rows_of(screen: DrillScreen) -> dict[str, list[str]]:
    table = screen.table_view.table
    return {key: [c.plain for c in table.get_row(key)] for key in table.row_keys()}


def crumbs(app: DashboardApp) -> list[str]:
    return app.screen.query_one(StatusBar).crumbs()


# --- the panel -------------------------------------------------------------------------------


async def test_panel_shows_the_month_total_change_and_arrows(make_app, street_db: Path) -> None:
    app = make_app(db_path=street_db, clock=lambda: AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = panel_text(app)
    assert text.splitlines()[0].split() == ["April", "2024", "6", "street", "crimes"]
    assert "▶ flat 0.0 % (0) against the average month, 6, of the 3 months before" in text
    # crime types (most first) on the left, areas (most first) on the right
    burglary = lines_with(text, "Burglary")[0]
    assert burglary.startswith("▼ Burglary") and "-40.0 %" in burglary
    assert "▲ LEI" in burglary and "+33.3 %" in burglary
    drugs = lines_with(text, "Drugs")[0]
    assert drugs.startswith("▲ Drugs") and "▲ no area" in drugs
    shoplifting = lines_with(text, "Shoplifting")[0]
    assert shoplifting.startswith("▶ Shoplifting") and "▼ CHA" in shoplifting
    assert "-100.0 %" in shoplifting


async def test_panel_respects_the_area_filter(make_app, street_db: Path) -> None:
    app = make_app(db_path=street_db, clock=lambda: AS_OF, area="LEI")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = panel_text(app)
    assert text.splitlines()[0].split() == ["April", "2024", "4", "street", "crimes"]
    assert "▲ up +33.3 % (+1) against the average month, 3, of the 3 months before" in text
    assert "+50.0 %" in lines_with(text, "Burglary")[0]
    assert not lines_with(text, "Drugs")  # outside LEI
    assert not lines_with(text, "CHA")  # one area: no area list


async def test_panel_on_an_empty_table_says_how_to_fill_it(make_app, empty_db: Path) -> None:
    app = make_app(db_path=empty_db, clock=lambda: AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = panel_text(app)
        assert app.stale_reason is None
    assert text.splitlines()[0] == EMPTY
    assert "supervisor-tui import police-uk" in text


async def test_panel_before_the_first_published_month(make_app, street_db: Path) -> None:
    app = make_app(db_path=street_db, clock=lambda: datetime(2023, 6, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = panel_text(app)
    assert text == (
        "no published month at or before the as-of time (published data starts January 2024)"
    )


async def test_panel_fits_the_narrowest_full_layout(make_app, street_db: Path) -> None:
    app = make_app(db_path=street_db, clock=lambda: AS_OF)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#crime_picture", Panel)
        assert panel.size.width > 2 * app.screen.query_one("#calls_999").size.width  # spans
        width = panel.content_region.width
        text = panel_text(app)
    assert all(len(line) <= width for line in text.splitlines())
    assert lines_with(text, "average")[0].startswith("▶ flat 0.0 % (0)")
    assert lines_with(text, "Burglary")[0].startswith("▼ Burglary")


# --- the drill-down --------------------------------------------------------------------------


async def test_drill_from_the_panel_to_the_street_crimes_and_back(
    make_app, street_db: Path
) -> None:
    app = make_app(db_path=street_db, clock=lambda: AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#crime_picture", Panel).focus()
        await pilot.press("enter")
        await settle(pilot)
        by_area = app.screen
        assert isinstance(by_area, CrimeByArea)
        assert crumbs(app) == ["Home", "Crime picture › By area"]
        rows = rows_of(by_area)
        assert list(rows) == [ALL, "CHA", "LEI", NO_AREA]
        # Area, Name, Crimes, Average, Change %, Trend, Change, Month, Months averaged
        assert rows[ALL] == ["Whole force", "", "6", "6.0", "0.0", "▶ flat", "0.0", "Apr 2024", "3"]
        assert rows["LEI"][2:] == ["4", "3.0", "33.3", "▲ up", "1.0", "Apr 2024", "3"]
        assert rows["CHA"][2:] == ["0", "3.0", "-100.0", "▼ down", "-3.0", "Apr 2024", "3"]
        assert rows[NO_AREA][0] == "(no area)"
        assert rows[NO_AREA][2:7] == ["2", "0.0", "", "▲ up", "2.0"]  # no % of a zero average

        by_type = await enter_on(pilot, "LEI")
        assert isinstance(by_type, CrimeByType)
        assert crumbs(app) == ["Home", "Crime picture › By area", "LEI › By crime type"]
        rows = rows_of(by_type)
        assert list(rows) == [ALL, "Burglary", "Shoplifting"]
        assert rows[ALL][:3] == ["All crime types", "4", "3.0"]
        assert rows["Burglary"] == ["Burglary", "3", "2.0", "50.0", "▲ up", "1.0", "Apr 2024", "3"]
        assert rows["Shoplifting"][1:6] == ["1", "1.0", "0.0", "▶ flat", "0.0"]

        listing = await enter_on(pilot, "Burglary")
        assert isinstance(listing, StreetCrimesList)
        assert crumbs(app)[-1] == "Burglary"
        table = listing.table_view.table
        # LEI burglaries in April: the 7th to 9th rows inserted (after January's 2, February's 4)
        assert sorted(table.row_keys()) == ["k007", "k008", "k009"]
        first = rows_of(listing)["k007"]
        assert first[:4] == ["Apr 2024", "On or near Street 7", "LEI 001A", "Under investigation"]
        assert first[4:] == ["Burglary", "LEI", "c007"]
        assert "3 street crimes" in listing.table_view.info_text().plain

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is by_type
        assert by_type.table_view.table.cursor_key == "Burglary"  # the cursor stays
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is by_area and by_area.table_view.table.cursor_key == "LEI"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_drill_into_crimes_with_no_area(make_app, street_db: Path) -> None:
    app = make_app(db_path=street_db, clock=lambda: AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_drill("crime_picture")
        await settle(pilot)
        by_type = await enter_on(pilot, NO_AREA)
        assert list(rows_of(by_type)) == [ALL, "Drugs"]
        assert crumbs(app)[-1] == "No area › By crime type"
        listing = await enter_on(pilot, ALL)
        assert sorted(listing.table_view.table.row_keys()) == ["k023", "k024"]


async def test_sample_month_list_is_capped_and_exports_every_row(
    make_app, sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    scope = metrics.Scope(as_of=datetime(2026, 11, 25, 14, 0))
    database = Database(sample_db)
    try:
        with database.read() as session:
            whole = metrics.crime_picture(session, scope).row(0, named=True)
    finally:
        database.close()
    assert whole["month"] == date(2026, 10, 1)  # the month before the sample's end
    assert whole["baseline_months"] == 11
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = panel_text(app).splitlines()[0].split()
        assert first == ["October", "2026", f"{whole['crimes']:,}", "street", "crimes"]
        app.open_drill("crime_picture")
        await settle(pilot)
        await enter_on(pilot, ALL)
        listing = await enter_on(pilot, ALL)
        assert isinstance(listing, StreetCrimesList)
        assert listing.table_view.table.row_count == CAP
        info = listing.table_view.info_text().plain
        assert f"showing {CAP} of {whole['crimes']:,}" in info
        await pilot.press("e")  # the format picker opens on CSV
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert listing.last_export is not None
        exported = pl.read_csv(listing.last_export, infer_schema=False)
    assert exported.height == whole["crimes"]
    assert exported.columns[:4] == ["Month", "Location", "LSOA", "Last outcome"]


# --- the real published files ------------------------------------------------------------------


@pytest.mark.skipif(
    not POLICE_DIR.is_dir(),
    reason=f"the shared data.police.uk files are not at {POLICE_DIR} (outside the repository)",
)
async def test_real_files_latest_month_is_december_with_every_row_counted(
    make_app, tmp_path: Path
) -> None:
    path = tmp_path / "police.duckdb"
    for argv in (["init", "--db", path], ["import", "police-uk", "--db", path, POLICE_DIR]):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main([str(a) for a in argv]) == 0
    december_rows = pl.read_csv(DECEMBER, infer_schema=False).height
    assert december_rows == 8216  # as published (README: 8,200 to 9,800 a month)
    database = Database(path)
    try:
        with database.read() as session:
            scope = metrics.Scope(as_of=datetime(2026, 11, 25, 14, 0))
            whole = metrics.crime_picture(session, scope).row(0, named=True)
            by_area = metrics.crime_picture(session, scope, by="area")
    finally:
        database.close()
    assert whole["month"] == date(2024, 12, 1)
    assert whole["crimes"] == december_rows  # all rows, whatever their area
    assert by_area["crimes"].sum() == december_rows
    assert by_area["area_code"].null_count() == 1  # no location or outside the force
    assert whole["baseline_months"] == 11
    earlier = [pl.read_csv(POLICE_DIR / f"2024-{m:02d}-leicestershire-street.csv",
                           infer_schema=False).height for m in range(1, 12)]  # fmt: skip
    assert whole["baseline_total"] == sum(earlier) == 99_686
    assert whole["average"] == pytest.approx(99_686 / 11)
    headline = ["December", "2024", f"{december_rows:,}", "street", "crimes"]
    for size in (SIZE, (160, 48)):  # below 120 columns the home is one row per panel
        app = make_app(db_path=path)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            text = panel_text(app)
            width = app.screen.query_one("#crime_picture", Panel).content_region.width
        assert text.splitlines()[0].split() == headline
        assert all(len(line) <= width for line in text.splitlines()), size
        assert lines_with(text, "average")[0].startswith("▼ down -9.3 % (-846)")
