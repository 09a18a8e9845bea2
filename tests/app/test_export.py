"""`e` writes the list on screen (filtered, sorted, every row) to a CSV equal to it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from test_drill import FROZEN, core, drill, enter_on, scope_of, table_texts

from supervisor_tui import metrics
from supervisor_tui.app.drill.breakdowns import ALL
from supervisor_tui.app.drill.export import export_list, export_path, slug, write_csv
from supervisor_tui.app.drill.table import CAP
from supervisor_tui.errors import UserError


def read_back(path: Path) -> pl.DataFrame:
    """The CSV as text, exactly: no type guessing, empty cells as empty strings."""
    return pl.read_csv(path, infer_schema=False)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the current directory in a fresh folder (exports go to the current folder)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_export_writes_the_filtered_sorted_list_shown(
    sample_db: Path, in_tmp: Path, make_app
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await drill(pilot, "suspects")
        listing = await enter_on(pilot, "LEI")
        view = listing.table_view
        await pilot.press("slash", *"high", "enter")
        await pilot.press("s", "s", "s", "S")  # by the third column (Risk), descending
        await pilot.pause()
        assert view.sort_state == (2, True)
        shown = table_texts(view.table)
        assert 0 < len(shown) < CAP
        await pilot.press("e")
        await pilot.pause()
        files = sorted(in_tmp.glob("supervisor-tui-suspects-*.csv"))
        assert [f.name for f in files] == [f"supervisor-tui-suspects-{FROZEN:%Y%m%d-%H%M%S}.csv"]
        assert listing.last_export == files[0]
        csv = read_back(files[0])
        assert csv.columns == [c.label for c in listing.cols]
        assert csv.rows() == [tuple(r) for r in shown]
        assert any(str(files[0].name) in n.message for n in app._notifications)


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
        await pilot.press("e", "e")  # twice in the same second: two files, none overwritten
        await pilot.pause()
        files = sorted(in_tmp.glob("supervisor-tui-calls-*.csv"))
        assert len(files) == 2
        first, second = (read_back(f) for f in files)
        assert first.equals(second)
        assert first.height == calls.height
        assert first.head(CAP).rows() == [tuple(r) for r in shown]
        assert sorted(first["Call"].to_list()) == sorted(calls["call_id"].to_list())


async def test_export_of_a_breakdown_keeps_the_whole_row_first(
    sample_db: Path, in_tmp: Path, make_app
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await drill(pilot, "on_duty")
        await pilot.press("e")
        await pilot.pause()
        (path,) = in_tmp.glob("supervisor-tui-on-duty-by-area-*.csv")
        csv = read_back(path)
        assert csv.rows() == [tuple(r) for r in table_texts(screen.table_view.table)]
        assert csv["Area"][0] == "Whole force"


def test_export_path_names_and_never_overwrites(tmp_path: Path) -> None:
    stamp = datetime(2026, 11, 25, 13, 59, 7)
    first = export_path(tmp_path, "999 calls 14:00", stamp)
    assert first.name == "supervisor-tui-999-calls-14-00-20261125-135907.csv"
    first.write_text("x")
    assert export_path(tmp_path, "999 calls 14:00", stamp).name.endswith("-135907-2.csv")
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("") == "list"


def test_export_writes_text_exactly(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"Name": ['a, "b"', "[red]x[/red]", ""], "N": ["1", "", "3.5"], "Flag": ["yes", "no", ""]}
    )
    path = export_list(frame, "odd", datetime(2026, 1, 2, 3, 4, 5), tmp_path)
    assert read_back(path).equals(frame)


def test_export_where_it_cannot_write_is_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(UserError, match=r"cannot write the export in .*file\.txt"):
        export_list(pl.DataFrame({"a": ["1"]}), "x", datetime(2026, 1, 1), not_a_folder)
    assert not_a_folder.read_text() == "x"


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.csv"
    with pytest.raises(UserError, match="cannot write the export"):
        write_csv(pl.DataFrame({"a": ["1"]}), target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
