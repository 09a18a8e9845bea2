"""Drill-down: panel → breakdown → list → record and back, with the list keys.

Real sample database (fixed seed and end), the real app, driven with Textual's Pilot.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets.data_table import ColumnKey

from supervisor_tui import fmt, metrics
from supervisor_tui.app.app import PANEL_IDS as PANELS
from supervisor_tui.app.app import DashboardApp
from supervisor_tui.app.drill import listing as listing_module
from supervisor_tui.app.drill import open_panel
from supervisor_tui.app.drill.actions import ActionsList
from supervisor_tui.app.drill.base import DrillScreen, ExportPicker, SortPicker
from supervisor_tui.app.drill.breakdowns import ALL, AttendanceByArea, CallsByHour
from supervisor_tui.app.drill.columns import KEY, Col, duration_text, record_text, view_frame
from supervisor_tui.app.drill.columns import shown as shown_col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.lists import CallsList, SuspectsList, WorkloadList
from supervisor_tui.app.drill.records import IncidentScreen, OfficerScreen, SuspectScreen
from supervisor_tui.app.drill.table import CAP, DrillTable, TableView, count
from supervisor_tui.app.pickers import AreaPicker, ChoiceDialog
from supervisor_tui.app.widgets.footer import KeyHint
from supervisor_tui.app.widgets.status_bar import StatusBar
from supervisor_tui.config import Config
from supervisor_tui.db import Database
from supervisor_tui.redact import MASK

FROZEN = datetime(2026, 11, 25, 14, 0, 0)  # the clock of tests/app/conftest.py


async def settle(pilot: Pilot) -> None:
    """Let the screen on show start its reads and wait until they have finished and show."""
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return
    raise AssertionError("workers did not settle")


async def drill(pilot: Pilot, panel_id: str) -> DrillScreen:
    await settle(pilot)
    pilot.app.open_drill(panel_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DrillScreen)
    assert screen.loaded
    return screen


async def enter_on(pilot: Pilot, key: str) -> DrillScreen:
    """Put the cursor on row ``key`` of the focused list and press Enter."""
    table = pilot.app.screen.focused
    assert isinstance(table, DrillTable)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DrillScreen)
    return screen


def table_texts(table: DrillTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row(row.key)] for row in table.ordered_rows]


def screen_text(app: DashboardApp) -> str:
    """What the terminal shows, as plain lines of text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def crumbs(app: DashboardApp) -> list[str]:
    return app.screen.query_one(StatusBar).crumbs()


def core(db: Path, fn, scope: metrics.Scope) -> pl.DataFrame:
    database = Database(db)
    try:
        with database.read() as session:
            return fn(session, scope)
    finally:
        database.close()


def scope_of(window: timedelta = timedelta(hours=24)) -> metrics.Scope:
    return metrics.Scope(as_of=FROZEN, window=window, thresholds=Config().thresholds)


# --- drill-down and back -----------------------------------------------------------------


async def test_drill_to_an_incident_and_back_keeps_the_cursor(sample_db: Path, make_app) -> None:
    calls = core(sample_db, metrics.calls_list, scope_of())
    # The busiest hour's 999 calls, and one of them that has an incident (not the first row).
    in_999 = calls.filter(pl.col("line") == "999")
    hour = (
        in_999.group_by(pl.col("presented_at").dt.truncate("1h").alias("h"))
        .len()
        .sort(["len", "h"], descending=[True, False])["h"][0]
    )
    of_hour = in_999.filter(pl.col("presented_at").dt.truncate("1h") == hour)
    linked = of_hour.filter(pl.col("incident_id").is_not_null()).sort("presented_at")
    call_id, incident_id = linked["call_id"][0], linked["incident_id"][0]

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        breakdown = await drill(pilot, "calls_999")
        assert isinstance(breakdown, CallsByHour)
        hour_key = hour.strftime("%Y-%m-%dT%H:%M")
        listing = await enter_on(pilot, hour_key)
        assert isinstance(listing, CallsList)
        assert set(listing.table_view.table.row_keys()) == set(of_hour["call_id"].to_list())
        record = await enter_on(pilot, call_id)
        assert isinstance(record, IncidentScreen)
        assert record.found is True
        assert record.record_id == incident_id
        assert crumbs(app) == [
            "Home",
            "999 calls › By hour",
            f"{hour:%Y-%m-%d %H:%M}",  # as in the Hour column; London is UTC in November
            f"Incident {incident_id}",
        ]
        calls_view = record.query_one("#calls", TableView)
        assert call_id in calls_view.table.row_keys()

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is listing
        assert listing.table_view.table.cursor_key == call_id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is breakdown
        assert breakdown.table_view.table.cursor_key == hour_key


async def test_home_enter_opens_the_panel_drill_down(sample_db: Path, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first panel (Actions) has focus
        await settle(pilot)
        assert isinstance(app.screen, ActionsList)
        assert crumbs(app) == ["Home", "Actions › Queue"]
        await pilot.press("escape", "right", "enter")  # then 999 calls
        await settle(pilot)
        assert isinstance(app.screen, CallsByHour)
        assert crumbs(app) == ["Home", "999 calls › By hour"]


async def test_every_panel_opens_a_loaded_screen(sample_db: Path, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        for panel_id in PANELS:
            screen = await drill(pilot, panel_id)
            assert screen.table_view.table.row_count > 0, panel_id
            assert app.stale_reason is None
            await pilot.press("escape")
            await settle(pilot)
        assert len(app.screen_stack) == 2  # the default screen and Home


def test_open_panel_rejects_an_unknown_panel() -> None:
    with pytest.raises(KeyError, match="no drill-down for panel 'nope'"):
        open_panel("nope")


async def test_breakdown_rows_are_the_core_figures(sample_db: Path, make_app) -> None:
    scope = scope_of()
    per_area = core(sample_db, lambda s, sc: metrics.attendance_summary(s, sc, by_area=True), scope)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "attendance")
        assert isinstance(screen, AttendanceByArea)
        table = screen.table_view.table
        assert table.row_keys()[0] == ALL
        labels = [c.label for c in screen.cols]
        for grade in (1, 2):
            for row in per_area.filter(pl.col("grade") == grade).iter_rows(named=True):
                cells = dict(
                    zip(labels, [c.plain for c in table.get_row(row["area_code"])], strict=True)
                )
                assert cells[f"G{grade} late"] == f"{row['late']:,}"
                assert cells[f"G{grade} due"] == f"{row['due']:,}"
                pct = row["late_pct"]
                assert cells[f"G{grade} late %"] == ("" if pct is None else f"{pct:.1f}")


async def test_officer_crime_suspects_suspect_and_back_to_the_officer(
    sample_db: Path, make_app
) -> None:
    workload = core(sample_db, metrics.workload_list, scope_of())
    officer_id = workload["officer_id"][0]  # the most crimes
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        listing = await drill(pilot, "workload")
        assert isinstance(listing, WorkloadList)
        assert listing.table_view.table.row_keys() == workload["officer_id"].to_list()[:CAP]
        officer = await enter_on(pilot, officer_id)
        assert isinstance(officer, OfficerScreen)
        crimes = officer.query_one("#crimes", TableView)
        assert crimes.total == workload["crimes"][0]
        crime_id = crimes.table.row_keys()[0]
        crime_suspects = await enter_on(pilot, crime_id)
        assert isinstance(crime_suspects, SuspectsList)
        suspect_id = crime_suspects.table_view.table.row_keys()[0]
        suspect = await enter_on(pilot, suspect_id)
        assert isinstance(suspect, SuspectScreen)
        assert suspect.record is not None
        assert suspect.record["crime_id"] == crime_id
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OfficerScreen)
        assert app.screen.record_id == officer_id
        assert crumbs(app)[-1] == f"Officer {officer_id}"


async def test_area_filter_carries_down(sample_db: Path, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "suspects")
        app.set_scope(area="LEI")
        await settle(pilot)
        assert screen.table_view.table.row_keys() == [ALL, "LEI"]
        listing = await enter_on(pilot, ALL)
        shown = listing.table_view.view
        assert shown is not None and shown.height > 0
        expected = core(sample_db, metrics.suspects_list, scope_of().with_(area="LEI"))
        assert listing.table_view.total == expected.height


# --- the list keys ------------------------------------------------------------------------


async def test_filter_narrows_rows_and_never_reaches_sql(
    db_copy: Path, monkeypatch: pytest.MonkeyPatch, make_app
) -> None:
    sent: list[str] = []
    original = metrics.Session.query

    def spy(self, name, params=None):
        sent.append(f"{name} {params!r}")
        return original(self, name, params)

    monkeypatch.setattr(metrics.Session, "query", spy)
    con = duckdb.connect(str(db_copy), read_only=True)
    calls_before = con.sql("SELECT count(*) FROM calls").fetchall()[0][0]
    con.close()

    app = make_app(db_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "on_duty")
        listing = await enter_on(pilot, "HAR")
        view = listing.table_view
        before = table_texts(view.table)
        assert len(before) == view.total < CAP
        surname = before[0][[c.key for c in listing.cols].index("name")].split()[-1]
        await pilot.press("slash", *surname.upper())  # matched case-insensitively
        await pilot.press("enter")
        await pilot.pause()
        texts = table_texts(view.table)
        assert texts == [r for r in before if any(surname.lower() in c.lower() for c in r)]
        assert 0 < len(texts) < len(before)
        info = view.info_text().plain
        assert info.startswith(f"{len(texts):,} of {count(len(before), view.noun)} match")

        hostile = "'; DROP TABLE calls; --"
        await pilot.press("slash", "ctrl+u", *hostile, "enter")
        await settle(pilot)
        assert view.filter_text == hostile
        assert view.table.row_count == 0
        await pilot.press("r")  # a refresh with the filter on still reads only bound values
        await settle(pilot)
        assert view.table.row_count == 0
        assert app.stale_reason is None

    assert sent, "the screens read through the core"
    assert not any("DROP" in line for line in sent)
    con = duckdb.connect(str(db_copy), read_only=True)
    assert con.sql("SELECT count(*) FROM calls").fetchall()[0][0] == calls_before
    con.close()


async def pick_sort(pilot: Pilot, *keys: str) -> SortPicker:
    """Press `s`, then ``keys`` in the sort picker; the picker (closed if Enter was pressed)."""
    await pilot.press("s")
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, SortPicker)
    await pilot.press(*keys)
    await pilot.pause()
    return picker


def picker_labels(picker: ChoiceDialog) -> list[str]:
    return [picker.options.label_of(i) for i in range(picker.options.option_count)]


async def test_s_picks_the_sort_column_and_S_reverses(sample_db: Path, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "suspects")
        listing = await enter_on(pilot, "MEL")
        view = listing.table_view
        table = view.table
        natural = table.row_keys()
        assert view.sort_state is None
        picker = await pick_sort(pilot)
        labels = [c.label for c in listing.cols]
        assert picker_labels(picker) == [*labels, "(the list's own order)"]
        assert picker.options.highlighted == len(labels)  # the list's own order, for now
        await pilot.press(*"days")  # type-ahead: straight to the column
        assert picker.options.highlighted == labels.index("Days")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is listing
        days = labels.index("Days")
        assert view.sort_state == (days, False)
        assert days in table.indexes  # the sorted column is never left out
        shown = [float(row[table.indexes.index(days)]) for row in table_texts(table)]
        assert shown == sorted(shown)  # numbers sort as numbers, not as text
        assert table.columns[ColumnKey(shown_col(days))].label.plain == "Days ▲"
        assert "sorted by Days ▲" in view.info_text().plain
        assert table.cursor_row == 0

        picker = await pick_sort(pilot)  # the sorted column is offered first, and says so
        assert picker.options.highlighted == days
        assert picker_labels(picker)[days] == "Days ▲ (now; Enter reverses)"
        await pilot.press("enter")
        await pilot.pause()
        assert view.sort_state == (days, True)
        table.move_cursor(row=5)
        await pilot.press("S")  # reverse again; a new order starts at the top
        assert view.sort_state == (days, False)
        assert table.cursor_row == 0

        await pick_sort(pilot, *"sus", "enter")  # Suspect id, ascending
        assert view.sort_state == (0, False)
        assert table.row_keys() == sorted(natural)
        assert table.columns[ColumnKey(shown_col(days))].label.plain == "Days"
        await pick_sort(pilot, "escape")  # Esc changes nothing
        assert app.screen is listing and view.sort_state == (0, False)
        await pick_sort(pilot, *"own", "enter")
        assert view.sort_state is None  # back to the core's own order
        assert table.row_keys() == natural


async def test_keys_in_the_footer_can_be_clicked(sample_db: Path, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        listing = await drill(pilot, "workload")
        hints = {hint.description: hint for hint in listing.query(KeyHint)}
        assert {"Open", "Filter", "Sort", "Export", "Back", "Help", "Quit"} <= set(hints)
        await pilot.click(hints["Sort"])
        await pilot.pause()
        assert isinstance(app.screen, SortPicker)
        await pilot.press("escape")
        await pilot.pause()
        hints = {hint.description: hint for hint in listing.query(KeyHint)}  # drawn anew
        await pilot.click(hints["Export"])
        await pilot.pause()
        assert isinstance(app.screen, ExportPicker)


#: A hand-made list with durations and times (what a core list function could return).
WAITS = pl.DataFrame(
    {
        "id": ["A", "B", "C", "D", "E"],
        "wait_s": [400.0, 59.4, 3900.0, None, 5.0],
        "response_min": [6.5, 125.0, 0.4, 3001.0, None],
        "at": [datetime(2026, 12, 1, 9, 5, 7), None, *[datetime(2026, 7, 1, 23, 30)] * 3],
    }
)


class WaitsList(ListScreen):
    CSS_PATH = str(Path(listing_module.__file__).with_name("drill.tcss"))  # not next to the test
    noun = "calls"
    key = "id"
    cols = (
        Col("id", "Call"),
        Col("wait_s", "Waiting", "duration_s"),
        Col("response_min", "Response", "duration_min"),
        Col("at", "At", "time_s"),
    )

    def rows(self, session, scope) -> pl.DataFrame:
        return WAITS


async def test_durations_read_as_h_min_s_and_sort_by_their_value(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listing = WaitsList("Waits")
        app.push_screen(listing)
        await settle(pilot)
        table = listing.table_view.table
        assert table_texts(table) == [
            ["A", "6 min 40 s", "6 min 30 s", "2026-12-01 09:05:07"],
            ["B", "59 s", "2 h 05 min", ""],
            ["C", "1 h 05 min", "24 s", "2026-07-02 00:30:00"],  # BST: a day later
            ["D", "", "2 d 02 h", "2026-07-02 00:30:00"],
            ["E", "5 s", "", "2026-07-02 00:30:00"],
        ]
        assert table.get_row("A")[1].justify == "right"
        await pick_sort(pilot, *"wait", "enter")
        assert table.row_keys() == ["E", "B", "A", "C", "D"]  # by seconds; unknown last
        await pilot.press("S")
        assert table.row_keys() == ["C", "A", "B", "E", "D"]
        await pick_sort(pilot, *"resp", "enter")
        assert table.row_keys() == ["C", "A", "B", "D", "E"]


def test_duration_text_matches_the_home_screen() -> None:
    seconds = [0, 0.4, 0.5, 1.5, 59.4, 59.5, 60, 400, 3599.4, 3599.5, 3900, 172_799, 172_800,
               266_400, -65, None]  # fmt: skip
    frame = pl.DataFrame({"s": seconds}, schema={"s": pl.Float64})
    texts = frame.select(duration_text(pl.col("s")).alias("s"))["s"].to_list()
    assert texts == [
        "0 s", "0 s", "0 s", "2 s", "59 s", "1 min", "1 min", "6 min 40 s",
        "59 min 59 s", "1 h", "1 h 05 min", "47 h 59 min", "2 d", "3 d 02 h",
        "-1 min 05 s", None,
    ]  # fmt: skip
    for value, text in zip(seconds, texts, strict=True):
        if value is not None:
            assert fmt.duration_s(value) == text  # the panels' and briefing's own formatter


def test_dates_are_never_ambiguous() -> None:
    moment = datetime(2026, 12, 1, 9, 5, 7)
    cols = [Col("t", "T", "time"), Col("t", "T", "time_s"), Col("t", "T", "hour")]
    frame = pl.DataFrame({"t": [moment]})
    texts = [view_frame(frame, [col], "Europe/London")["c0"][0] for col in cols]
    assert texts == ["2026-12-01 09:05", "2026-12-01 09:05:07", "2026-12-01 09:00"]


async def test_long_lists_are_capped_with_a_hint(sample_db: Path, make_app) -> None:
    week = timedelta(days=7)
    calls = core(sample_db, metrics.calls_list, scope_of(week)).filter(pl.col("line") == "101")
    assert calls.height > CAP
    app = make_app(window=week)
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "calls_101")
        listing = await enter_on(pilot, ALL)
        view = listing.table_view
        assert view.table.row_count == CAP
        assert view.total == calls.height
        text = view.info_text().plain
        assert f"showing {CAP} of {calls.height:,} — press / to narrow" in text
        # Newest first: the first rows are the latest calls of the whole list, not of a page.
        newest = calls.sort(["presented_at", "call_id"], descending=True)
        assert view.table.row_keys() == newest["call_id"].head(CAP).to_list()


async def test_refresh_updates_rows_in_place_and_keeps_the_cursor(db_copy: Path, make_app) -> None:
    app = make_app(db_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "calls_999")
        listing = await enter_on(pilot, ALL)
        table = listing.table_view.table
        keys = table.row_keys()
        target = keys[7]
        table.move_cursor(row=7)
        # Another process records a new call and changes the call under the cursor.
        con = duckdb.connect(str(db_copy))
        con.execute(
            "INSERT INTO calls VALUES ('C-NEW', '999', ?, NULL, NULL, NULL, NULL)",
            [FROZEN - timedelta(seconds=1)],
        )
        con.execute("UPDATE calls SET handler_id = 'H-NEW' WHERE call_id = ?", [target])
        con.close()
        await pilot.press("r")
        await settle(pilot)
        assert table.row_keys()[0] == "C-NEW"
        assert table.row_keys()[1:] == keys[: table.row_count - 1]  # the oldest drops off the cap
        assert table.cursor_key == target
        columns = [c.key for c in listing.cols]
        assert table.get_row("C-NEW")[columns.index("status")].plain == "waiting"
        assert table.get_row(target)[columns.index("handler_id")].plain == "H-NEW"


async def test_columns_fit_new_text_before_the_table_is_idle(make_app) -> None:
    """Textual measures column widths when idle; a repaint before that drew the new rows at
    the old widths (clipped cells, a misaligned cursor row). The table sets them itself."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "on_duty")
        listing = await enter_on(pilot, "HAR")
        view, table = listing.table_view, listing.table_view.table
        assert view.view is not None
        name = shown_col([c.key for c in listing.cols].index("name"))
        first = table.row_keys()[0]
        wide = "Wide " * 8 + "Name"
        view.set_view(
            view.view.with_columns(
                pl.when(pl.col(KEY) == first).then(pl.lit(wide)).otherwise(pl.col(name)).alias(name)
            )
        )  # no await: the table has not been idle since
        assert table.columns[ColumnKey(name)].get_render_width(table) == len(wide) + 2
        assert wide in table.render_line(table.header_height).text
        await pilot.pause()
        assert wide in table.render_line(table.header_height).text


async def test_a_failed_read_keeps_the_rows_and_shows_stale(
    db_copy: Path, tmp_path: Path, make_app
) -> None:
    app = make_app(db_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "on_duty")
        before = table_texts(screen.table_view.table)
        moved = tmp_path / "away.duckdb"
        db_copy.rename(moved)
        await pilot.press("r")
        await settle(pilot)
        assert app.stale_reason == (
            f"database {db_copy} has gone (moved or deleted); the last figures read are shown"
        )  # not the command line's advice to create one with `supervisor-tui sample`
        assert table_texts(screen.table_view.table) == before
        moved.rename(db_copy)
        await pilot.press("r")
        await settle(pilot)
        assert app.stale_reason is None


async def test_tables_group_thousands_as_the_home_screen_does(sample_db: Path, make_app) -> None:
    whole = core(sample_db, metrics.calls_summary, scope_of()).filter(pl.col("line") == "101")
    presented = whole["presented"][0]
    assert presented >= 1000  # the sample's 101 line: over a thousand calls a day
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "calls_101")
        table = screen.table_view.table
        labels = [c.label for c in table.cols]  # the columns on show
        cells = dict(zip(labels, [c.plain for c in table.get_row(ALL)], strict=True))
        assert cells["Presented"] == f"{presented:,}"
        home = app.screen_stack[1]
        assert f"presented {presented:,}" in home.query_one("#calls_101").render().plain


# --- records ------------------------------------------------------------------------------


async def test_incident_record_shows_its_calls_deployments_and_timeline(
    sample_db: Path, make_app
) -> None:
    scope = scope_of()
    incidents = core(sample_db, metrics.incidents_list, scope)
    attended = incidents.filter(pl.col("attended")).sort("opened_at")
    incident_id = attended["incident_id"][0]
    record = core(sample_db, lambda s, sc: metrics.incident_record(s, sc, incident_id), scope)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "attendance")
        area = attended["area_code"][0]
        await enter_on(pilot, area)
        screen = await enter_on(pilot, incident_id)
        assert isinstance(screen, IncidentScreen)
        fields = dict(record_text(screen.record, screen.field_cols, "UTC"))
        assert fields["Incident"] == incident_id
        assert fields["Attendance"] == attended["status"][0]
        deployments = screen.query_one("#deployments", TableView)
        assert deployments.total == record.deployments.height > 0
        timeline = screen.query_one("#timeline", TableView)
        assert timeline.total == record.timeline.height
        calls = screen.query_one("#calls", TableView)
        linked = core(sample_db, metrics.calls_list, scope_of(timedelta(days=30)))
        linked = linked.filter(pl.col("incident_id") == incident_id)
        assert calls.table.row_keys() == linked["call_id"].to_list()
        # Enter on a deployment opens the officer.
        officer_id = record.deployments["officer_id"][0]
        deployments.table.focus()
        await pilot.pause()
        officer = await enter_on(pilot, deployments.table.row_keys()[0])
        assert isinstance(officer, OfficerScreen) and officer.record_id == officer_id


async def test_redact_hides_names_in_lists_and_records(sample_db: Path, make_app) -> None:
    suspects = core(sample_db, metrics.suspects_list, scope_of())
    row = suspects.filter(pl.col("name").is_not_null()).row(0, named=True)
    record = core(
        sample_db, lambda s, sc: metrics.suspect_record(s, sc, row["suspect_id"]), scope_of()
    )
    names = {row["name"], record.suspect["oic_name"]}
    app = make_app(redact=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "suspects")
        listing = await enter_on(pilot, row["area_code"])
        name_col = [c.key for c in listing.cols].index("name")
        assert {r[name_col] for r in table_texts(listing.table_view.table)} == {MASK}
        screen = await enter_on(pilot, row["suspect_id"])
        assert isinstance(screen, SuspectScreen)
        shown = screen_text(app)
        assert re.search(rf"Name +{re.escape(MASK)}", shown)
        for name in names:
            assert name not in shown
        await pilot.press("o")
        await settle(pilot)
        shown = screen_text(app)
        assert isinstance(app.screen, OfficerScreen)
        assert record.suspect["oic_name"] not in shown
        assert MASK in shown


async def test_hostile_text_from_the_database_is_shown_literally(db_copy: Path, make_app) -> None:
    suspects = core(db_copy, metrics.suspects_list, scope_of())
    row = suspects.filter(pl.col("area_code") == "MEL").row(0, named=True)
    hostile = "[red]x[/red] \x1b[31mred\x1b[0m"
    con = duckdb.connect(str(db_copy))
    con.execute("UPDATE suspects SET name = ? WHERE suspect_id = ?", [hostile, row["suspect_id"]])
    con.close()
    app = make_app(db_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "suspects")
        listing = await enter_on(pilot, "MEL")
        name_col = [c.key for c in listing.cols].index("name")
        cell = listing.table_view.table.get_row(row["suspect_id"])[name_col]
        assert cell.plain == "[red]x[/red] red"
        assert not cell.spans
        assert "[red]x[/red] red" in screen_text(app)
        await enter_on(pilot, row["suspect_id"])
        shown = screen_text(app)
        assert "[red]x[/red] red" in shown
        assert "\x1b" not in shown


def test_record_text_formats_like_the_lists() -> None:
    cols = [
        Col("at", "At", "time_s"),
        Col("n", "N", "int"),
        Col("x", "X", "dec1"),
        Col("f", "F", "flag"),
        Col("none", "None", "time"),
    ]
    row = {"at": datetime(2026, 7, 1, 12, 0, 5), "n": 3, "x": 2.25, "f": True, "none": None}
    frame = pl.DataFrame([row], schema_overrides={"none": pl.Datetime("us")})
    listed = view_frame(frame, cols, "Europe/London").select("c0", "c1", "c2", "c3", "c4").row(0)
    fields = record_text(row, cols, "Europe/London")
    assert [text for _label, text in fields] == list(listed)
    assert record_text({"f": False}, cols, "UTC") == [("F", "no")]
    # yes/no read the same in a list as in a record (and so in the CSV); unknown is blank
    flags = pl.DataFrame({"f": [True, False, None]}, schema={"f": pl.Boolean})
    assert view_frame(flags, cols[3:4], "UTC")["c0"].to_list() == ["yes", "no", ""]
    yesno = [Col("f", "F", "yesno")]
    assert view_frame(flags, yesno, "UTC")["c0"].to_list() == ["yes", "no", ""]
    assert fields[0] == ("At", "2026-07-01 13:00:05")  # BST
    assert fields[2][1] in ("2.2", "2.3")
    assert fields[3] == ("F", "yes")
    assert fields[4] == ("None", "")


async def test_a_record_missing_at_the_as_of_time_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(IncidentScreen("NO-SUCH-INCIDENT"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IncidentScreen) and screen.found is False
        shown = screen_text(app)
        assert "No incident NO-SUCH-INCIDENT at this as-of time." in shown
        assert "Deployments · none" in shown
        assert app.stale_reason is None


async def test_left_right_scroll_a_column_at_a_time_keeping_the_id(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await drill(pilot, "attendance")
        listing = await enter_on(pilot, ALL)
        table = listing.table_view.table
        assert listing.table_view.hidden  # at 80 columns some are left out …
        await pilot.press("c")  # … c shows them all, scrolling sideways
        await pilot.pause()
        assert not listing.table_view.hidden
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        first_id = table.row_keys()[0]
        await pilot.press("right", "right")
        await pilot.pause()
        assert table.scroll_x == widths[1] + widths[2]
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if line.startswith(" Incident "))
        assert "Opened" not in header and "Grade" not in header  # scrolled past these
        assert header.split()[1] == "Area"
        row = next(line for line in lines if first_id in line)
        assert row.startswith(f" {first_id}")  # the id column stays
        await pilot.press("left")
        await pilot.pause()
        assert table.scroll_x == widths[1]


async def test_an_officer_record_says_on_duty_yes_or_no(sample_db: Path, make_app) -> None:
    on = core(sample_db, metrics.on_duty_list, scope_of())
    busy = core(sample_db, metrics.workload_list, scope_of())["officer_id"].to_list()
    on_duty = on.row(0, named=True)
    off_duty = next(o for o in busy if o not in set(on["officer_id"].to_list()))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(OfficerScreen(on_duty["officer_id"]))
        await settle(pilot)
        shown = screen_text(app)
        start, end = (f"{t:%H:%M}" for t in (on_duty["starts_at"], on_duty["ends_at"]))  # GMT
        assert re.search(rf"On duty +yes, {start}–{end} in {on_duty['area_code']}", shown)
        app.push_screen(OfficerScreen(off_duty))
        await settle(pilot)
        shown = screen_text(app)
        assert re.search(r"On duty +no ", shown) and "not on duty" not in shown


# --- type-ahead in the pickers -------------------------------------------------------------


async def test_the_area_picker_jumps_as_you_type(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, AreaPicker)
        options = picker.options

        def highlighted() -> str | None:
            assert options.highlighted is not None
            return options.get_option_at_index(options.highlighted).id

        assert highlighted() == ""  # the whole force, as now
        await pilot.press(*"mel")  # a code
        assert highlighted() == "MEL"
        hint = picker.query_one("#choice-hint", Static).render()
        assert str(hint).startswith("typed mel · ")
        await pilot.press("backspace", "backspace", "backspace", *"wig")  # a word of a name
        assert highlighted() == "OAW"  # Oadby and Wigston
        await pilot.press("q", "w", "t")  # no area matches: it stays, and nothing quits
        assert highlighted() == "OAW" and app.screen is picker and app.is_running
        await pilot.press("down")  # the arrows still move, and start a new search
        assert options.typed == ""
        await pilot.press(*"north", "enter")
        await settle(pilot)
        assert app.scope.area == "NWL"  # North West Leicestershire
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"whole", "enter")
        await settle(pilot)
        assert app.scope.area is None
