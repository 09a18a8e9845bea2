"""``supervisor-tui import police-uk`` on the real Leicestershire stop-and-search files of
2024; every expected count is computed here from the raw CSV, not typed in."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from ingest_helpers import POLICE_DIR, query, run_cli, table_digest

from supervisor_tui.ingest.police_uk_stop_search import SEARCH_COLUMNS

FILES = sorted(POLICE_DIR.glob("*-stop-and-search.csv")) if POLICE_DIR.is_dir() else []
pytestmark = pytest.mark.skipif(
    not FILES,
    reason=f"no data.police.uk stop-and-search files at {POLICE_DIR} (outside the repository)",
)
HEADER = ",".join(SEARCH_COLUMNS) + "\n"


def raw_rows() -> list[dict[str, str]]:
    rows = []
    for path in FILES:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def group_of(value: str) -> str:
    value = value.strip()
    return value.split(" - ", 1)[0].strip() if value else "Not stated"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, areas_template: Path):
    """The folder (street and search files) imported twice into a copy of the areas DB."""
    path = tmp_path_factory.mktemp("searches") / "searches.duckdb"
    shutil.copy(areas_template, path)
    first = run_cli("import", "police-uk", "--db", path, POLICE_DIR)
    digest = table_digest(path)
    second = run_cli("import", "police-uk", "--db", path, POLICE_DIR)
    return path, first, second, digest


def test_every_search_of_every_month_is_imported(imported) -> None:
    path, first, _second, _ = imported
    assert first.code == 0, first.err
    raw = raw_rows()
    per_month = Counter(r["Date"][:7] for r in raw)
    got = dict(query(path, "SELECT strftime(searched_at, '%Y-%m'), count(*) FROM stop_searches "
                           "GROUP BY 1"))  # fmt: skip
    assert got == dict(per_month)
    assert sum(got.values()) == len(raw)


def test_outcomes_groups_and_linked_match_the_raw_files(imported) -> None:
    path = imported[0]
    raw = raw_rows()
    outcomes = Counter(r["Outcome"].strip() or None for r in raw)
    assert dict(query(path, "SELECT outcome, count(*) FROM stop_searches GROUP BY 1")) == outcomes
    linked = Counter({"True": True, "False": False, "": None}[r[SEARCH_COLUMNS[13]]] for r in raw)
    got = dict(query(path, "SELECT outcome_linked, count(*) FROM stop_searches GROUP BY 1"))
    assert got == dict(linked)  # empty stays null, not false
    assert None in got
    groups = Counter(group_of(r["Self-defined ethnicity"]) for r in raw)
    by_group = dict(query(path, "SELECT coalesce(nullif(trim(split_part(coalesce("
                                "self_defined_ethnicity, ''), ' - ', 1)), ''), 'Not stated'), "
                                "count(*) FROM stop_searches GROUP BY 1"))  # fmt: skip
    assert by_group == dict(groups)


def test_the_report_counts_the_published_searches(imported) -> None:
    path = imported[0]
    raw = [r for r in raw_rows() if r["Date"][:7] == "2024-03"]
    run = run_cli("report", "--db", path, "--as-of", "2024-04-01 00:00", "--window", "28d",
                  "--format", "json")  # fmt: skip
    import json

    got = json.loads(run.out)["stop_search"]
    in_window = [r for r in raw if r["Date"] >= "2024-03-04T00:00"]
    assert got["searches"] == len(in_window)
    linked = sum(r[SEARCH_COLUMNS[13]] == "True" for r in in_window)
    assert got["outcome_linked_pct"] == 100.0 * linked / len(in_window)
    assert got["grounds_recorded_pct"] == 0.0  # the published files carry no grounds
    assert got["bwv_recorded_pct"] is None


def test_identical_rows_are_separate_searches(imported) -> None:
    path = imported[0]
    raw = raw_rows()
    repeats = sum(n - 1 for n in Counter(tuple(r.values()) for r in raw).values() if n > 1)
    assert repeats > 0  # the real files have them (several people searched together)
    distinct = query(path, "SELECT count(DISTINCT search_id) FROM stop_searches")[0][0]
    assert distinct == len(raw)


def test_second_import_changes_nothing(imported) -> None:
    path, _first, second, digest = imported
    assert second.code == 0, second.err
    assert "0 loaded, 0 updated" in second.out.splitlines()[-1]
    assert table_digest(path) == digest


def test_districts_come_from_street_crime_points(imported) -> None:
    path, first, _, _ = imported
    matched, total, located = query(
        path,
        "SELECT count(area_code), count(*), count(latitude) FROM stop_searches",
    )[0]
    # every search given a district sits at a street-crime point of that district
    wrong = query(path, "SELECT count(*) FROM stop_searches AS s WHERE area_code IS NOT NULL "
                        "AND NOT EXISTS (SELECT 1 FROM street_crimes AS c WHERE "
                        "round(c.latitude, 6) = round(s.latitude, 6) AND round(c.longitude, 6) "
                        "= round(s.longitude, 6) AND c.area_code = s.area_code)")[0][0]  # fmt: skip
    assert wrong == 0
    assert located - matched < 0.05 * located  # nearly every located search has a point
    assert f"{matched:,} ({100.0 * matched / total:.1f} %) given a district" in first.out


def test_a_search_file_alone_and_a_file_named_otherwise(areas_db: Path, write_csv) -> None:
    row = (
        "Person search,2024-03-01T00:55:00+00:00,,,,,Male,18-24,White - Irish,White,,,"
        "Arrest,TRUE,false\n"
    )
    path = write_csv("march.csv", HEADER + row + row)  # recognised by its header
    run = run_cli("import", "police-uk", "--db", areas_db, path)
    assert run.code == 0, run.err
    got = query(
        areas_db,
        "SELECT count(DISTINCT search_id), bool_and(outcome_linked), "
        "bool_or(removal_of_clothing), any_value(area_code) FROM stop_searches",
    )
    assert got == [(2, True, False, None)]  # fmt: skip


def test_a_bad_search_row_is_rejected_with_its_line(areas_db: Path, write_csv) -> None:
    good = "Person search,2024-03-01T00:55:00+00:00,,,52.1,-1.1,Male,,,,,,Arrest,,\n"
    bad = "Person search,yesterday,,,52.1,-1.1,Male,,,,,,Arrest,maybe,\n"
    path = write_csv("x-stop-and-search.csv", HEADER + good + bad)
    run = run_cli("import", "police-uk", "--db", areas_db, path)
    assert run.code == 3
    assert ":3:" in run.err
