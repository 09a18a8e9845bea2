"""``supervisor-tui import police-uk`` on the twelve real Leicestershire files of 2024."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from ingest_helpers import POLICE_DIR, query, run_cli, summary, table_digest

from supervisor_tui.ingest.police_uk import POLICE_COLUMNS

pytestmark = pytest.mark.skipif(
    not POLICE_DIR.is_dir(),
    reason=f"the shared data.police.uk files are not at {POLICE_DIR} (outside the repository)",
)

FILES = sorted(POLICE_DIR.glob("*-street.csv"))
HEADER = ",".join(POLICE_COLUMNS) + "\n"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, areas_template: Path):
    """The shared files imported once (and a second time) into a copy of the areas DB."""
    path = tmp_path_factory.mktemp("police") / "police.duckdb"
    shutil.copy(areas_template, path)
    first = run_cli("import", "police-uk", "--db", path, POLICE_DIR)
    digest = table_digest(path)
    second = run_cli("import", "police-uk", "--db", path, POLICE_DIR)
    return path, first, second, digest


def test_every_row_of_every_month_is_imported(imported) -> None:
    path, first, _, _ = imported
    assert first.code == 0, first.err
    assert query(path, "SELECT count(*) FROM street_crimes") == [(107_902,)]
    per_month = dict(query(path, "SELECT month, count(*) FROM street_crimes GROUP BY month"))
    assert len(FILES) == 12
    for index, file in enumerate(FILES):
        rows = pl.read_csv(file, infer_schema=False).height
        month = date(2024, int(file.name[5:7]), 1)
        assert per_month[month] == rows, file.name
        assert summary(first.out, index) == {
            "read": rows,
            "loaded": rows,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,
        }


def test_anti_social_behaviour_and_no_location_rows(imported) -> None:
    path = imported[0]
    asb = query(
        path,
        "SELECT count(*), count(crime_id), count(DISTINCT row_key) FROM street_crimes "
        "WHERE crime_type = 'Anti-social behaviour'",
    )
    assert asb == [(11_504, 0, 11_504)]
    no_location = query(
        path,
        "SELECT count(*), count(longitude), count(latitude), count(lsoa_code), count(area_code) "
        "FROM street_crimes WHERE location = 'No Location'",
    )
    assert no_location == [(3_149, 0, 0, 0, 0)]
    assert "11,504 without a Crime ID" in imported[1].out
    assert "3,149 with no location" in imported[1].out


def test_area_codes_from_the_lsoa_district(imported) -> None:
    path = imported[0]
    by_area = dict(
        query(
            path,
            "SELECT area_code, count(*) FROM street_crimes WHERE area_code IS NOT NULL "
            "GROUP BY area_code",
        )
    )
    assert sorted(by_area) == ["BLA", "CHA", "HAR", "HNB", "LEI", "MEL", "NWL", "OAW", "RUT"]
    # the LSOA name's prefix decides: every Leicester LSOA is LEI and nothing else is
    assert query(
        path,
        "SELECT count(*) FROM street_crimes WHERE (area_code = 'LEI') <> "
        "coalesce(regexp_full_match(lsoa_name, 'Leicester [0-9]{3}[A-Z]'), false)",
    ) == [(0,)]
    outside = query(
        path,
        "SELECT count(*) FROM street_crimes WHERE area_code IS NULL AND lsoa_name IS NOT NULL",
    )[0][0]
    total_outside = sum(
        pl.read_csv(f, infer_schema=False)
        .filter(
            pl.col("LSOA name").is_not_null()
            & ~pl.col("LSOA name")
            .str.replace(r" \w+$", "")
            .is_in(
                [
                    "Leicester",
                    "Charnwood",
                    "Blaby",
                    "Harborough",
                    "Hinckley and Bosworth",
                    "Melton",
                    "North West Leicestershire",
                    "Oadby and Wigston",
                    "Rutland",
                ]
            )
        )
        .height
        for f in FILES
    )
    assert outside == total_outside > 0
    assert f"{outside:,} in districts outside the force" in imported[1].out


def test_second_import_adds_nothing(imported) -> None:
    path, _, second, digest = imported
    assert second.code == 0
    for index, file in enumerate(FILES):
        rows = pl.read_csv(file, infer_schema=False).height
        assert summary(second.out, index) == {
            "read": rows,
            "loaded": 0,
            "updated": 0,
            "unchanged": rows,
            "rejected": 0,
        }
    assert table_digest(path) == digest


def test_identical_anti_social_rows_stay_separate_and_stable(areas_db: Path, write_csv) -> None:
    asb = (
        ",2024-05,Leicestershire Police,Leicestershire Police,-1.1,52.6,On or near X,E1,"
        "Leicester 001A,Anti-social behaviour,,\n"
    )
    path = write_csv("2024-05-test-street.csv", HEADER + asb * 3)
    run = run_cli("import", "police-uk", "--db", areas_db, path)
    assert summary(run.out)["loaded"] == 3
    keys = [k for (k,) in query(areas_db, "SELECT row_key FROM street_crimes ORDER BY 1")]
    assert len(set(keys)) == 3 and all(k.startswith("asb-") for k in keys)
    # the month file republished with one more identical row: only that one is new
    path.write_text(HEADER + asb * 4, encoding="utf-8")
    run = run_cli("import", "police-uk", "--db", areas_db, path)
    assert summary(run.out) == {
        "read": 4,
        "loaded": 1,
        "updated": 0,
        "unchanged": 3,
        "rejected": 0,
    }
    assert set(keys) < {k for (k,) in query(areas_db, "SELECT row_key FROM street_crimes")}


def test_wrong_file_kind_is_unusable(areas_db: Path, write_csv) -> None:
    outcomes = write_csv(
        "2024-01-leicestershire-outcomes.csv",
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Outcome type\nabc,2024-01,L,L,1,2,X,E1,Leicester 001A,Charged\n",
    )
    before = table_digest(areas_db)
    run = run_cli("import", "police-uk", "--db", areas_db, outcomes)
    assert run.code == 2
    assert len(run.err_lines) == 1
    assert "header does not match the data.police.uk street-level format" in run.err
    assert "missing column(s) Crime type, Last outcome category, Context" in run.err
    assert table_digest(areas_db) == before
    empty_dir = outcomes.parent / "empty"
    empty_dir.mkdir()
    run = run_cli("import", "police-uk", "--db", areas_db, empty_dir)
    assert run.code == 2 and "no *-street.csv files in this folder" in run.err
