"""The core commands through the real entry point: ``init``, ``report --format json``, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from scenario import HOUR, MIN, SEC, Scenario, T
from supervisor_tui.cli import main
from supervisor_tui.db import SCHEMA_TABLES

AS_OF = "2026-03-10T12:00:00Z"  # T
ZERO_CALLS = {
    "presented": 0,
    "answered": 0,
    "abandoned": 0,
    "waiting": 0,
    "waiting_now": 0,
    "answered_within_10s": 0,
    "answered_within_10s_pct": None,
    "abandoned_pct": None,
    "mean_answer_s": None,
    "longest_wait_now_s": None,
}
ZERO_ATTENDANCE = {
    "opened": 0,
    "due": 0,
    "late": 0,
    "late_pct": None,
    "breaching_now": 0,
    "victim_not_updated": 0,
}
EMPTY_REPORT = {
    "schema_version": 2,
    "as_of": AS_OF,
    "window": {"start": "2026-03-09T12:00:00Z", "end": AS_OF},
    "area": None,
    "actions": {
        # each kind's due-soon horizon in seconds, at the defaults
        "horizon": {
            "attendance_g1": 10 * 60.0,
            "attendance_g2": 30 * 60.0,
            "suspect_90d_review": 7 * 86400.0,
            "suspect_high_risk_review": 4 * 3600.0,
            "crime_allocation": 12 * 3600.0,
            "investigation_plan": 2 * 86400.0,
            "supervisor_review": 7 * 86400.0,
            "victim_informed": 24 * 3600.0,
            "bail_expiry": 14 * 86400.0,
            "rui_review": 7 * 86400.0,
            "uof_form": 4 * 3600.0,
            "uof_check": 12 * 3600.0,
            "stop_search_review": 12 * 3600.0,
            "dvds_disclosure": 7 * 86400.0,
            "dvds_initial_checks": 6 * 3600.0,
        },
        "items": [],
    },
    "calls": {"999": ZERO_CALLS, "101": ZERO_CALLS},
    "attendance": {"1": ZERO_ATTENDANCE, "2": ZERO_ATTENDANCE},
    "workload": {"threshold": 5, "officers_over": []},
    "suspects": {"outstanding": 0, "over_90_days_unreviewed": 0, "high_risk_not_reviewed_24h": 0},
    "on_duty": {"officers": 0, "committed": 0, "held_over": 0},
    "investigations": {
        "open": 0,
        "unallocated": 0,
        "plan_overdue": 0,
        "review_overdue": 0,
        "victim_not_informed": 0,
        "long_open": 0,
    },
    "bail": {
        "bail_active": 0,
        "bail_expired": 0,
        "bail_due_soon": 0,
        "rui_active": 0,
        "rui_review_overdue": 0,
        "rui_high_harm": 0,
    },
    "use_of_force": {
        "uses": 0,
        "bwv_not_recorded_pct": None,
        "forms_overdue": 0,
        "awaiting_check": 0,
    },
    "stop_search": {
        "searches": 0,
        "grounds_recorded_pct": None,
        "outcome_linked_pct": None,
        "bwv_recorded_pct": None,
        "awaiting_review": 0,
        "by_ethnicity": {},
    },
    "dvds": {
        "open": 0,
        "over_28_days": 0,
        "initial_checks_overdue": 0,
        "disclosures": 0,
        "disclosed_within_28d_pct": None,
    },
    "neighbourhood": {
        "rostered_hours": 0.0,
        "abstracted_hours": 0.0,
        "abstracted_pct": None,
        "unplanned_pct": None,
        "by_reason": {},
    },
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys: pytest.CaptureFixture[str], db: Path, *extra: str) -> dict[str, Any]:
    code, out, err = run(capsys, "report", "--db", str(db), "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must fail: one line on stderr, nothing on stdout, non-zero exit."""
    code, out, err = run(capsys, *argv)
    assert code != 0
    assert out == ""
    assert err.startswith("supervisor-tui: error: ")
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# --- init and the empty report -------------------------------------------------------------


def test_init_then_report_on_the_empty_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "force.duckdb"
    code, out, err = run(capsys, "init", "--db", str(db))
    assert (code, out) == (0, "")
    assert "created" in err and str(db) in err
    assert db.is_file()
    assert report(capsys, db, "--as-of", AS_OF) == EMPTY_REPORT


def test_init_creates_every_schema_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "force.duckdb"
    run(capsys, "init", "--db", str(db))
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {row[0] for row in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
        version = con.sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    finally:
        con.close()
    assert tables >= set(SCHEMA_TABLES)
    assert version == [("2",)]


def test_init_on_an_existing_database_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sc = Scenario(tmp_path)
    sc.call("C1", "999", presented=T - HOUR, answered=T - HOUR + SEC)
    db = sc.save()
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    code, out, err = run(capsys, "init", "--db", str(db))
    assert (code, out) == (0, "")
    assert "nothing changed" in err
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert report(capsys, db, "--as-of", AS_OF)["calls"]["999"]["presented"] == 1


def test_init_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "--db" in fails(capsys, "init")
    assert "does not exist" in fails(capsys, "init", "--db", str(tmp_path / "no" / "x.duckdb"))
    text = tmp_path / "notes.txt"
    text.write_text("shift notes\n" * 100)
    assert "not a DuckDB database" in fails(capsys, "init", "--db", str(text))
    assert text.read_text() == "shift notes\n" * 100


# --- report ---------------------------------------------------------------------------------


def scenario_db(tmp_path: Path) -> Path:
    sc = Scenario(tmp_path)
    sc.call("C1", "999", presented=T - HOUR, answered=T - HOUR + 8 * SEC)
    sc.call("C2", "999", presented=T - 2 * HOUR, answered=T - 2 * HOUR + 12 * SEC)
    sc.call("C3", "101", presented=T - 3 * HOUR, abandoned=T - 3 * HOUR + MIN)
    sc.incident("I1", grade=1, opened=T - HOUR, area="LEI")
    sc.incident("I2", grade=1, opened=T - HOUR, area="MEL")
    sc.deployment("I2", "P1", dispatched=T - HOUR, arrived=T - 50 * MIN)
    sc.duty("P1", starts=T - 5 * HOUR, ends=T + 5 * HOUR, area="MEL")
    return sc.save()


def test_report_json_is_alone_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = scenario_db(tmp_path)
    code, out, err = run(capsys, "report", "--db", str(db), "--format", "json", "--as-of", AS_OF)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == list(EMPTY_REPORT)
    assert data["calls"]["999"] == {
        **ZERO_CALLS,
        "presented": 2,
        "answered": 2,
        "answered_within_10s": 1,
        "answered_within_10s_pct": 50.0,
        "abandoned_pct": 0.0,
        "mean_answer_s": 10.0,
    }
    assert data["calls"]["101"]["abandoned_pct"] == 100.0
    assert data["attendance"]["1"] == {
        "opened": 2,
        "due": 2,
        "late": 1,
        "late_pct": 50.0,
        "breaching_now": 1,
        "victim_not_updated": 1,
    }
    assert data["on_duty"] == {"officers": 1, "committed": 1, "held_over": 0}


def test_report_keys_are_exactly_the_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = report(capsys, scenario_db(tmp_path), "--as-of", AS_OF)

    def keys(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: keys(v) for k, v in value.items()}
        return None

    assert keys(data) == keys(EMPTY_REPORT)


def test_report_area_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = scenario_db(tmp_path)
    data = report(capsys, db, "--as-of", AS_OF, "--area", "mel")  # any case
    assert data["area"] == "MEL"
    assert data["calls"]["999"]["presented"] == 2  # calls stay force-wide
    assert data["attendance"]["1"]["opened"] == 1
    assert data["attendance"]["1"]["late"] == 0
    assert data["on_duty"]["officers"] == 1
    assert report(capsys, db, "--as-of", AS_OF, "--area", "LEI")["on_duty"]["officers"] == 0


@pytest.mark.parametrize(
    ("window", "start"),
    [
        ("1h", "2026-03-10T11:00:00Z"),
        ("8h", "2026-03-10T04:00:00Z"),
        ("24h", "2026-03-09T12:00:00Z"),
        ("7d", "2026-03-03T12:00:00Z"),
        ("28d", "2026-02-10T12:00:00Z"),
    ],
)
def test_report_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], window: str, start: str
) -> None:
    data = report(capsys, scenario_db(tmp_path), "--as-of", AS_OF, "--window", window)
    assert data["window"] == {"start": start, "end": AS_OF}
    assert data["calls"]["999"]["presented"] == (1 if window == "1h" else 2)


@pytest.mark.parametrize(
    ("as_of", "config", "expected"),
    [
        ("2026-03-10T12:00:00Z", "", "2026-03-10T12:00:00Z"),
        ("2026-03-10T14:00+02:00", "", "2026-03-10T12:00:00Z"),
        ("2026-01-15T12:00", "", "2026-01-15T12:00:00Z"),  # London winter: UTC+0
        ("2026-07-01T12:00", "", "2026-07-01T11:00:00Z"),  # London summer: UTC+1
        ("2026-07-01 12:00:00", "", "2026-07-01T11:00:00Z"),
        ("2026-07-01T12:00", '[display]\ntimezone = "UTC"\n', "2026-07-01T12:00:00Z"),
    ],
)
def test_naive_as_of_is_read_in_the_display_time_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str, config: str, expected: str
) -> None:
    db = Scenario(tmp_path).save()
    extra = []
    if config:
        path = tmp_path / "config.toml"
        path.write_text(config)
        extra = ["--config", str(path)]
    assert report(capsys, db, "--as-of", as_of, *extra)["as_of"] == expected


def test_report_opens_the_database_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = scenario_db(tmp_path)
    os.utime(db, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    report(capsys, db, "--as-of", AS_OF)
    report(capsys, db, "--as-of", AS_OF, "--area", "MEL", "--window", "7d")
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert not db.with_name(db.name + ".wal").exists()


# --- errors ---------------------------------------------------------------------------------


def test_missing_database_suggests_sample_or_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.duckdb"
    err = fails(capsys, "report", "--db", str(missing), "--format", "json")
    assert str(missing) in err
    assert "supervisor-tui sample" in err and "supervisor-tui init" in err
    assert not missing.exists()


def test_not_a_duckdb_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "calls.csv"
    text.write_text("call_id,line\nC1,999\n")
    err = fails(capsys, "report", "--db", str(text), "--format", "json")
    assert "not a DuckDB database" in err
    assert text.read_text() == "call_id,line\nC1,999\n"


def test_duckdb_file_without_meta_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE things (x INTEGER)")
    con.close()
    err = fails(capsys, "report", "--db", str(other), "--format", "json")
    assert "not a supervisor-tui database" in err
    assert "init" in err


def test_newer_schema_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = Scenario(tmp_path).save()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    err = fails(capsys, "report", "--db", str(db), "--format", "json")
    assert "schema version 3" in err
    assert "upgrade supervisor-tui" in err


def test_missing_schema_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = Scenario(tmp_path).save()
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM meta")
    con.close()
    assert "schema_version" in fails(capsys, "report", "--db", str(db), "--format", "json")


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--as-of", "yesterday teatime", ["as-of", "yesterday teatime", "ISO 8601"]),
        ("--as-of", "2026-13-01T00:00", ["as-of", "2026-13-01T00:00"]),
        ("--window", "fortnight", ["window", "fortnight", "24h"]),
        ("--window", "0h", ["window", "0h"]),
        ("--area", "NOWHERE", ["NOWHERE", "known areas: LEI, MEL"]),
    ],
)
def test_bad_scope_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, words: list[str]
) -> None:
    db = scenario_db(tmp_path)
    err = fails(capsys, "report", "--db", str(db), "--format", "json", option, value)
    for word in words:
        assert word in err


# --- the installed entry point --------------------------------------------------------------


def test_python_dash_m_runs_the_report(tmp_path: Path) -> None:
    db = scenario_db(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "supervisor_tui",
            "report",
            "--db",
            str(db),
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout)["calls"]["999"]["presented"] == 2


def test_python_dash_m_error_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "supervisor_tui",
            "report",
            "--db",
            str(tmp_path / "none.duckdb"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
