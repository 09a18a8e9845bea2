"""`e` writes the list on screen (filtered, sorted, every row) to a CSV or Parquet file equal
to it: the CSV holds the shown text with formula-like cells neutralised, the Parquet file the
typed values, which format back to the shown text."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from test_drill import FROZEN, core, drill, enter_on, scope_of, table_texts
from textual.pilot import Pilot

from supervisor_tui import metrics
from supervisor_tui.app.drill.base import DrillScreen, ExportPicker
from supervisor_tui.app.drill.breakdowns import ALL
from supervisor_tui.app.drill.columns import Col, view_frame
from supervisor_tui.app.drill.export import export_list, export_path, slug, write_csv
from supervisor_tui.app.drill.table import CAP
from supervisor_tui.errors import UserError
from supervisor_tui.export import (
    FORMULA_START,
    NEGATIVE_NUMBER,
    neutralise,
    neutralise_frame,
    write_parquet,
)

TZ = "Europe/London"  # the default display time zone (the tests' Config())

#: Names a suspect could be given to attack whoever opens the export in a spreadsheet.
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",  # a tab first (removed on screen, like every control character)
    "\r=1+1",
    "-5",  # a plain negative number stays a number
    "=1,2;3",
]


def read_back(path: Path) -> pl.DataFrame:
    """The CSV as text, exactly: no type guessing, empty cells as empty strings."""
    return pl.read_csv(path, infer_schema=False)


def as_rows(frame: pl.DataFrame) -> list[list[str]]:
    return [list(row) for row in frame.rows()]


def neutralised(rows: list[list[str]]) -> list[list[str]]:
    return [[neutralise(text) for text in row] for row in rows]


def texts_of_values(values: pl.DataFrame, cols: Sequence[Col], tz: str) -> list[list[str]]:
    """The shown text of typed export values: turned back into what the core returns (naive
    UTC times, seconds or minutes as numbers) and formatted as the list formats them."""
    raw = []
    for col in cols:
        series = values[col.label]
        if series.dtype == pl.Duration:
            unit = 60 if col.kind == "duration_min" else 1
            series = series.dt.total_microseconds() / (unit * 1_000_000)
        elif isinstance(series.dtype, pl.Datetime):
            series = series.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        raw.append(series.alias(col.key))
    view = view_frame(pl.DataFrame(raw), cols, tz)
    return as_rows(view.select(f"c{i}" for i in range(len(cols))))


async def export(pilot: Pilot, letter: str) -> Path:
    """Press `e`, choose the format by its letter (c or p) and Enter; the file written."""
    screen = pilot.app.screen
    assert isinstance(screen, DrillScreen)
    before = screen.last_export
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportPicker)
    await pilot.press(letter, "enter")
    await pilot.pause()
    assert pilot.app.screen is screen
    assert screen.last_export is not None and screen.last_export != before
    return screen.last_export


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the current directory in a fresh folder (exports go to the current folder)."""
    export_dir = tmp_path / "exports"
    export_dir.mkdir()
    monkeypatch.chdir(export_dir)
    return export_dir


async def test_export_writes_the_filtered_sorted_list_shown(
    sample_db: Path, in_tmp: Path, make_app
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "suspects")
        listing = await enter_on(pilot, "LEI")
        view = listing.table_view
        await pilot.press("slash", *"high", "enter")
        await pilot.press("s", *"risk", "enter", "S")  # by Risk, then reversed
        await pilot.pause()
        assert view.sort_state == (2, True)
        assert view.hidden  # at 120 columns some are left out; the export has them all …
        await pilot.press("c")  # … and with every column on show it equals the screen
        await pilot.pause()
        shown = table_texts(view.table)
        assert 0 < len(shown) < CAP
        path = await export(pilot, "c")
        files = sorted(in_tmp.glob("supervisor-tui-suspects-*.csv"))
        assert files == [path]
        assert path.name == f"supervisor-tui-suspects-{FROZEN:%Y%m%d-%H%M%S}.csv"
        csv = read_back(path)
        assert csv.columns == [c.label for c in listing.cols]
        assert as_rows(csv) == neutralised(shown)
        assert any(path.name in n.message for n in app._notifications)

        parquet_path = await export(pilot, "p")
        assert parquet_path.name == f"supervisor-tui-suspects-{FROZEN:%Y%m%d-%H%M%S}.parquet"
        values = pl.read_parquet(parquet_path)
        assert values.columns == [c.label for c in listing.cols]
        assert texts_of_values(values, listing.cols, TZ) == shown
        schema = values.schema
        assert schema["Days"] == pl.Float64 and schema["Reviews"] == pl.Int64
        assert schema["Outstanding since"] == pl.Datetime("us", TZ)
        assert schema["90d unreviewed"] == pl.Boolean and schema["Name"] == pl.String


async def test_hostile_names_are_inert_in_the_csv_and_exact_in_parquet(
    db_copy: Path, in_tmp: Path, make_app
) -> None:
    suspects = core(db_copy, metrics.suspects_list, scope_of()).filter(pl.col("area_code") == "MEL")
    ids = suspects["suspect_id"].to_list()[: len(HOSTILE)]
    con = duckdb.connect(str(db_copy))
    for suspect_id, name in zip(ids, HOSTILE, strict=True):
        con.execute("UPDATE suspects SET name = ? WHERE suspect_id = ?", [name, suspect_id])
    con.close()
    app = make_app(db_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "suspects")
        listing = await enter_on(pilot, "MEL")
        view = listing.table_view
        await pilot.press("s", *"name", "enter")  # sorted by name: the hostile ones first
        await pilot.press("c")  # every column on show, as in the export
        await pilot.pause()
        shown = table_texts(view.table)
        assert len(shown) == view.total == suspects.height
        name = [c.key for c in listing.cols].index("name")
        on_screen = {row[0]: row[name] for row in shown}
        assert on_screen[ids[4]] == "=1+1"  # the tab was removed on screen

        csv = read_back(await export(pilot, "c"))
        assert as_rows(csv) == neutralised(shown)
        cells = dict(zip(csv["Suspect"], csv["Name"], strict=True))
        assert cells[ids[0]] == '\'=HYPERLINK("http://x","y")'
        assert cells[ids[1]] == "'+cmd|' /C calc'!A0"
        assert cells[ids[2]] == "'-2+3"
        assert cells[ids[3]] == "'@SUM(1)"
        assert cells[ids[4]] == cells[ids[5]] == "'=1+1"
        assert cells[ids[6]] == "-5"
        assert cells[ids[7]] == "'=1,2;3"
        for row in csv.rows():
            for text in row:
                assert not text.startswith(FORMULA_START) or re.fullmatch(NEGATIVE_NUMBER, text)

        values = pl.read_parquet(await export(pilot, "p"))
        assert texts_of_values(values, listing.cols, TZ) == shown
        names = dict(zip(values["Suspect"], values["Name"], strict=True))
        assert [names[i] for i in ids] == [n.lstrip("\t\r") for n in HOSTILE]  # as on screen


async def test_export_has_every_row_not_only_the_capped_ones(
    sample_db: Path, in_tmp: Path, make_app
) -> None:
    week = timedelta(days=7)
    calls = core(sample_db, metrics.calls_list, scope_of(week)).filter(pl.col("line") == "999")
    assert calls.height > CAP
    app = make_app(window=week)
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "calls_999")
        listing = await enter_on(pilot, ALL)
        shown = table_texts(listing.table_view.table)
        assert len(shown) == CAP
        first_path = await export(pilot, "c")
        second_path = await export(pilot, "c")  # in the same second: two files, none overwritten
        assert first_path != second_path
        assert set(in_tmp.glob("supervisor-tui-calls-*.csv")) == {first_path, second_path}
        first, second = read_back(first_path), read_back(second_path)
        assert first.equals(second)
        assert first.height == calls.height
        assert as_rows(first.head(CAP)) == neutralised(shown)
        assert sorted(first["Call"].to_list()) == sorted(calls["call_id"].to_list())

        values = pl.read_parquet(await export(pilot, "p"))
        assert values.height == calls.height
        assert texts_of_values(values.head(CAP), listing.cols, TZ) == shown
        assert values["Call"].to_list() == first["Call"].to_list()


async def test_export_of_a_breakdown_keeps_the_whole_row_first(
    sample_db: Path, in_tmp: Path, make_app
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "on_duty")
        path = await export(pilot, "c")
        assert list(in_tmp.glob("supervisor-tui-on-duty-by-area-*.csv")) == [path]
        csv = read_back(path)
        assert as_rows(csv) == neutralised(table_texts(screen.table_view.table))
        assert csv["Area"][0] == "Whole force"


async def test_escape_in_the_export_picker_writes_nothing(
    sample_db: Path, in_tmp: Path, make_app
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "on_duty")
        await pilot.press("e")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ExportPicker)
        options = picker.options
        labels = [options.label_of(i) for i in range(options.option_count)]
        assert [label.split()[0] for label in labels] == ["CSV", "Parquet"]
        assert options.highlighted == 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.last_export is None
        assert list(in_tmp.iterdir()) == []


async def test_a_failed_export_says_why(tmp_path: Path, make_app, monkeypatch) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()  # the folder the dashboard was started from has been removed
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "on_duty")
        await pilot.press("e", "p", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.last_export is None
        (failure,) = [n for n in app._notifications if n.title == "Export failed"]
        assert failure.message.startswith("cannot write the export: the current folder has gone")
    assert list(tmp_path.iterdir()) == []


def test_export_path_names_and_never_overwrites(tmp_path: Path) -> None:
    stamp = datetime(2026, 11, 25, 13, 59, 7)
    first = export_path(tmp_path, "999 calls 14:00", stamp)
    assert first.name == "supervisor-tui-999-calls-14-00-20261125-135907.csv"
    first.write_text("x")
    assert export_path(tmp_path, "999 calls 14:00", stamp).name.endswith("-135907-2.csv")
    parquet = export_path(tmp_path, "999 calls 14:00", stamp, ".parquet")
    assert parquet.name == "supervisor-tui-999-calls-14-00-20261125-135907.parquet"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("") == "list"


def test_export_writes_text_exactly(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"Name": ['a, "b"', "[red]x[/red]", ""], "N": ["1", "", "3.5"], "Flag": ["yes", "no", ""]}
    )
    path = export_list(frame, "odd", datetime(2026, 1, 2, 3, 4, 5), tmp_path)
    assert read_back(path).equals(frame)
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # as any file the user makes
    parquet = export_list(frame, "odd", datetime(2026, 1, 2, 3, 4, 5), tmp_path, fmt="parquet")
    assert parquet.suffix == ".parquet"
    assert pl.read_parquet(parquet).equals(frame)


def test_neutralise_follows_owasp_and_keeps_negative_numbers() -> None:
    for text in HOSTILE:
        if text != "-5":
            assert neutralise(text) == "'" + text
    for text in ("-5", "-1,234", "-12.5", "-1,234,567.8", "-0"):
        assert neutralise(text) == text  # numbers stay numbers in a spreadsheet
    for text in ("-", "-1,23", "-1e3", "-5 min 00 s", "-.5", "- 5", "-5\n=1"):
        assert neutralise(text) == "'" + text
    for text in ("", "abc", "1-2", "a=b", " =1", "'=1", "5", "1,234"):
        assert neutralise(text) == text
    column = [*HOSTILE, "-1,234", "plain", None]
    frame = pl.DataFrame({"t": column, "n": list(range(len(column)))})
    out = neutralise_frame(frame)
    assert out["t"].to_list() == [None if t is None else neutralise(t) for t in column]
    assert out["n"].equals(frame["n"])  # only text columns are touched


def test_export_where_it_cannot_write_is_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    for fmt in ("csv", "parquet"):
        with pytest.raises(UserError, match=r"cannot write the export in .*file\.txt"):
            export_list(pl.DataFrame({"a": ["1"]}), "x", datetime(2026, 1, 1), not_a_folder, fmt)
    assert not_a_folder.read_text() == "x"


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.csv"
    with pytest.raises(UserError, match="cannot write the export"):
        write_csv(pl.DataFrame({"a": ["1"]}), target)
    with pytest.raises(UserError, match="cannot write the export"):
        write_parquet(pl.DataFrame({"a": ["1"]}), target.with_suffix(".parquet"))
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_midway_leaves_no_file(tmp_path: Path) -> None:
    frame = pl.DataFrame({"when": [datetime(2026, 1, 1)]})
    target = tmp_path / "out.csv"
    with pytest.raises(pl.exceptions.PolarsError):  # a type CSV cannot hold
        write_csv(frame.with_columns(pl.lit([1, 2]).alias("list")), target)
    assert list(tmp_path.iterdir()) == []
