"""``supervisor-tui load``: validation, idempotent upsert, accounting, rejects, exit status."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from ingest_helpers import query, run_cli, summary, table_digest

CALLS_HEADER = "call_id,line,presented_at,answered_at,abandoned_at,handler_id,incident_id\n"
CALLS = (
    CALLS_HEADER
    + "C1,999,2026-03-01T10:00:00Z,2026-03-01T10:00:07Z,,H1,I1\n"
    + "C2,101,2026-03-01T10:05:00+01:00,,2026-03-01T09:06:30+00:00,,\n"
    + "C3,999,2026-03-01 11:00:00,2026-03-01T11:00:12.5Z,,H2,\n"
)


def test_load_valid_calls_converts_times_to_utc(areas_db: Path, write_csv) -> None:
    path = write_csv("calls.csv", CALLS)
    run = run_cli("load", "--db", areas_db, "calls", path)
    assert run.code == 0, run.err
    assert summary(run.out) == {"read": 3, "loaded": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    rows = query(areas_db, "SELECT * FROM calls ORDER BY call_id")
    assert rows == [
        (
            "C1",
            "999",
            datetime(2026, 3, 1, 10, 0),
            datetime(2026, 3, 1, 10, 0, 7),
            None,
            "H1",
            "I1",
        ),
        # +01:00 is an hour ahead of UTC
        ("C2", "101", datetime(2026, 3, 1, 9, 5), None, datetime(2026, 3, 1, 9, 6, 30), None, None),
        # no offset means UTC; fractions of a second are kept
        (
            "C3",
            "999",
            datetime(2026, 3, 1, 11, 0),
            datetime(2026, 3, 1, 11, 0, 12, 500000),
            None,
            "H2",
            None,
        ),
    ]


def test_same_file_again_changes_nothing(areas_db: Path, write_csv) -> None:
    path = write_csv("calls.csv", CALLS)
    assert run_cli("load", "--db", areas_db, "calls", path).code == 0
    before = table_digest(areas_db)
    run = run_cli("load", "--db", areas_db, "calls", path)
    assert run.code == 0
    assert summary(run.out) == {"read": 3, "loaded": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert table_digest(areas_db) == before


def test_changed_values_update_in_place(areas_db: Path, write_csv) -> None:
    assert run_cli("load", "--db", areas_db, "calls", write_csv("a.csv", CALLS)).code == 0
    changed = CALLS.replace(
        "C1,999,2026-03-01T10:00:00Z,2026-03-01T10:00:07Z,,H1,I1",
        "C1,999,2026-03-01T10:00:00Z,2026-03-01T10:00:09Z,,H7,I1",
    )
    changed += "C4,101,2026-03-01T12:00:00Z,,,,\n"
    run = run_cli("load", "--db", areas_db, "calls", write_csv("b.csv", changed))
    assert run.code == 0
    assert summary(run.out) == {"read": 4, "loaded": 1, "updated": 1, "unchanged": 2, "rejected": 0}
    assert query(areas_db, "SELECT answered_at, handler_id FROM calls WHERE call_id = 'C1'") == [
        (datetime(2026, 3, 1, 10, 0, 9), "H7")
    ]
    assert query(areas_db, "SELECT count(*) FROM calls") == [(4,)]


def test_bad_rows_rejected_with_line_and_reason(areas_db: Path, write_csv, tmp_path) -> None:
    content = (
        CALLS_HEADER
        + "C1,999,2026-03-01T10:00:00Z,2026-03-01T10:00:07Z,,H1,\n"  # 2 ok
        + "C2,998,2026-03-01T10:00:00Z,,,,\n"  # 3 line
        + "C3,999,2026-02-30T10:00:00Z,,,,\n"  # 4 no such day
        + "C4,999,2026-03-01T10:00:00Z,2026-03-01T09:59:00Z,,,\n"  # 5 answered before
        + "C5,101,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,2026-03-01T10:02:00Z,,\n"  # 6
        + "C6,999,2026-03-01T10:00:00Z\n"  # 7 too few fields
        + "C7,999,2026-03-01T10:00:00Z,,,,,extra\n"  # 8 too many fields
        + "C8,101,,,,,\n"  # 9 required
        + "C9,999,2026-03-01T10:00:00Z,,,,\n"  # 10 duplicate key ...
        + "C9,999,2026-03-01T10:00:01Z,,,,\n"  # 11 ... of line 10
        + "C10,101,2026-03-01T10:00:00Z,,,,\n"  # 12 ok
    )
    rejects = tmp_path / "rejects"
    run = run_cli(
        "load", "--db", areas_db, "calls", write_csv("calls.csv", content), "--rejects", rejects
    )
    assert run.code == 3
    assert summary(run.out) == {
        "read": 11,
        "loaded": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 9,
    }
    with (rejects / "calls.csv.rejects.csv").open(newline="", encoding="utf-8") as f:
        found = {int(row["line_number"]): row["reason"] for row in csv.DictReader(f)}
    assert sorted(found) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert found[3] == "line '998' is not one of 999, 101"
    assert found[4].startswith("presented_at '2026-02-30T10:00:00Z' is not an ISO 8601")
    assert found[5] == (
        "answered_at 2026-03-01T09:59:00Z is before presented_at 2026-03-01T10:00:00Z"
    )
    assert found[6] == "both answered_at and abandoned_at are set; only one of them may be"
    assert found[7] == "has 3 fields; the header has 7"
    assert found[8] == "has 8 fields; the header has 7"
    assert found[9] == "presented_at is empty; it is required"
    assert (
        found[10]
        == found[11]
        == ("call_id 'C9' repeats on lines 10, 11; keep one row per key in a file")
    )
    assert query(areas_db, "SELECT call_id FROM calls ORDER BY call_id") == [("C1",), ("C10",)]
    # the first reasons are also on stderr, as file:line: reason
    assert any(
        line.endswith("calls.csv:3: line '998' is not one of 999, 101") for line in run.err_lines
    )


def test_bom_crlf_and_no_final_newline(areas_db: Path, write_csv) -> None:
    content = ("\ufeff" + CALLS).replace("\n", "\r\n").rstrip("\r\n")
    run = run_cli("load", "--db", areas_db, "calls", write_csv("calls.csv", content))
    assert run.code == 0, run.err
    assert summary(run.out)["loaded"] == 3
    assert query(areas_db, "SELECT call_id, incident_id FROM calls ORDER BY call_id") == [
        ("C1", "I1"),
        ("C2", None),
        ("C3", None),
    ]


def test_quoted_fields_with_commas_line_breaks_and_markup(areas_db: Path, write_csv) -> None:
    content = (
        "incident_id,opened_at,grade,category,area_code,closed_at,victim_updated_at,summary\n"
        'I1,2026-03-01T10:00:00Z,1,Violence,LEI,,,"Fight, two injured"\n'
        'I2,2026-03-01T10:00:00Z,2,Theft,CHA,,,"Shop theft\nsecond line"\n'
        'I3,2026-03-01T10:00:00Z,3,Other,BLA,,,"[bold red]not markup[/] ""quoted"""\n'
        "I4,2026-03-01T10:00:00Z,4,Other,XXX,,,bad area\n"
    )
    run = run_cli("load", "--db", areas_db, "incidents", write_csv("inc.csv", content))
    assert run.code == 3
    assert summary(run.out) == {"read": 4, "loaded": 3, "updated": 0, "unchanged": 0, "rejected": 1}
    assert query(areas_db, "SELECT incident_id, summary FROM incidents ORDER BY 1") == [
        ("I1", "Fight, two injured"),
        ("I2", "Shop theft\nsecond line"),
        ("I3", '[bold red]not markup[/] "quoted"'),
    ]
    # the row after a quoted line break keeps its true line number (line 6, not 5)
    assert any("inc.csv:6: area_code XXX is not a known area" in line for line in run.err_lines)


def test_escape_sequences_rejected_and_not_echoed(areas_db: Path, write_csv) -> None:
    content = CALLS_HEADER + "C1,999,2026-03-01T10:00:00Z,,,\x1b[31mH1\x1b[0m,\n"
    run = run_cli("load", "--db", areas_db, "calls", write_csv("calls.csv", content))
    assert run.code == 3
    assert "\x1b" not in run.err + run.out
    assert "handler_id contains a control character" in run.err


@pytest.mark.parametrize(
    ("table", "header", "row", "changed_row", "key"),
    [
        (
            "duties",
            "officer_id,starts_at,ends_at,area_code,role",
            "O1,2026-03-01T07:00:00Z,2026-03-01T17:00:00Z,LEI,response",
            "O1,2026-03-01T07:00:00Z,2026-03-01T19:00:00Z,LEI,response",
            "(officer_id, starts_at)",
        ),
        (
            "deployments",
            "incident_id,officer_id,dispatched_at,arrived_at,cleared_at",
            "I1,O1,2026-03-01T10:00:00Z,,",
            "I1,O1,2026-03-01T10:00:00Z,2026-03-01T10:09:00Z,",
            "(incident_id, officer_id, dispatched_at)",
        ),
    ],
)
def test_natural_keys_make_keyless_tables_idempotent(
    areas_db: Path, write_csv, table: str, header: str, row: str, changed_row: str, key: str
) -> None:
    first = write_csv("a.csv", f"{header}\n{row}\n")
    assert summary(run_cli("load", "--db", areas_db, table, first).out)["loaded"] == 1
    assert summary(run_cli("load", "--db", areas_db, table, first).out)["unchanged"] == 1
    run = run_cli("load", "--db", areas_db, table, write_csv("b.csv", f"{header}\n{changed_row}\n"))
    assert summary(run.out) == {"read": 1, "loaded": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    assert query(areas_db, f"SELECT count(*) FROM {table}") == [(1,)]
    dup = run_cli(
        "load", "--db", areas_db, table, write_csv("c.csv", f"{header}\n{row}\n{changed_row}\n")
    )
    assert dup.code == 3
    assert f"key {key} repeats on lines 2, 3" in dup.err


def test_suspect_reviews_key_is_every_column(areas_db: Path, write_csv) -> None:
    header = "suspect_id,reviewed_at,reviewer_rank\n"
    path = write_csv(
        "r.csv",
        header + "S1,2026-03-01T10:00:00Z,sergeant\n" + "S1,2026-03-01T10:00:00Z,inspector\n",
    )
    assert summary(run_cli("load", "--db", areas_db, "suspect_reviews", path).out)["loaded"] == 2
    again = run_cli("load", "--db", areas_db, "suspect_reviews", path)
    assert summary(again.out) == {
        "read": 2,
        "loaded": 0,
        "updated": 0,
        "unchanged": 2,
        "rejected": 0,
    }


def test_domain_rules_of_other_tables(areas_db: Path, write_csv) -> None:
    inc = write_csv(
        "i.csv",
        "incident_id,opened_at,grade,category,area_code,closed_at,victim_updated_at,summary\n"
        "I1,2026-03-01T10:00:00Z,5,x,LEI,,,\n"
        "I2,2026-03-01T10:00:00Z,two,x,LEI,,,\n"
        "I3,2026-03-01T10:00:00Z,1,x,LEI,2026-03-01T09:00:00Z,,\n",
    )
    run = run_cli("load", "--db", areas_db, "incidents", inc)
    assert run.code == 3
    assert "grade 5 is outside 1–4" in run.err
    assert "grade 'two' is not a whole number" in run.err
    assert "closed_at 2026-03-01T09:00:00Z is before opened_at" in run.err
    sus = write_csv(
        "s.csv",
        "suspect_id,crime_id,name,risk,outstanding_since,resolved_at\n"
        "S1,CR1,A Person,High,2026-03-01T10:00:00Z,\n"
        "S2,CR1,B Person,severe,2026-03-01T10:00:00Z,\n",
    )
    run = run_cli("load", "--db", areas_db, "suspects", sus)
    assert run.code == 3
    assert "risk 'severe' is not one of high, medium, standard" in run.err
    assert query(areas_db, "SELECT suspect_id, risk FROM suspects") == [("S1", "high")]
    dep = write_csv(
        "d.csv",
        "incident_id,officer_id,dispatched_at,arrived_at,cleared_at\n"
        "I1,O1,2026-03-01T10:00:00Z,2026-03-01T09:50:00Z,\n",
    )
    assert (
        "arrived_at 2026-03-01T09:50:00Z is before dispatched_at"
        in run_cli("load", "--db", areas_db, "deployments", dep).err
    )
    duty = write_csv(
        "du.csv",
        "officer_id,starts_at,ends_at,area_code,role\n"
        "O1,2026-03-01T07:00:00Z,2026-03-01T07:00:00Z,LEI,\n",
    )
    assert (
        "ends_at 2026-03-01T07:00:00Z is not after starts_at"
        in run_cli("load", "--db", areas_db, "duties", duty).err
    )


def test_parquet_with_zoned_timestamps(areas_db: Path, tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "call_id": ["P1", "P2"],
            "line": ["999", "101"],
            "presented_at": [datetime(2026, 3, 1, 11, 0), datetime(2026, 3, 1, 12, 0)],
            "answered_at": [datetime(2026, 3, 1, 11, 0, 5), None],
            "abandoned_at": [None, None],
            "handler_id": ["H1", None],
            "incident_id": [None, None],
        },
        schema_overrides={
            "abandoned_at": pl.Datetime("us"),
            "handler_id": pl.String,
            "incident_id": pl.String,
        },
    ).with_columns(pl.col("presented_at").dt.replace_time_zone("Europe/London"))
    path = tmp_path / "calls.parquet"
    frame.write_parquet(path)
    run = run_cli("load", "--db", areas_db, "calls", path)
    assert run.code == 0, run.err
    # 2026-03-01 is winter time in London: UTC+0
    assert query(areas_db, "SELECT call_id, presented_at FROM calls ORDER BY 1") == [
        ("P1", datetime(2026, 3, 1, 11, 0)),
        ("P2", datetime(2026, 3, 1, 12, 0)),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"\n\n", "file is empty"),
        (CALLS_HEADER.encode(), "has a header but no data rows"),
        (
            b"call_id,line,presented_at\nC1,999,2026-03-01T10:00:00Z\n",
            "missing column(s) answered_at, abandoned_at, handler_id, incident_id",
        ),
        (
            CALLS_HEADER.replace("\n", ",colour\n").encode() + b"C1,999,x,,,,,red\n",
            "unexpected column(s) 'colour'",
        ),
        (
            CALLS_HEADER.encode() + "C1,999,2026-03-01T10:00:00Z,,,Zoë,\n".encode("latin-1"),
            "calls.csv:2: not UTF-8 (byte 0xEB",
        ),
        ("\ufeff".encode("utf-16") + CALLS_HEADER.encode("utf-16-le"), "file is UTF-16"),
    ],
)
def test_unusable_input_loads_nothing(
    areas_db: Path, write_csv, content: bytes, message: str
) -> None:
    good = write_csv("good.csv", CALLS)
    bad = write_csv("calls.csv", content)
    before = table_digest(areas_db)
    run = run_cli("load", "--db", areas_db, "calls", good, bad)
    assert run.code == 2
    assert len(run.err_lines) == 1 and message in run.err_lines[0]
    assert run.err_lines[0].startswith("supervisor-tui: error: ")
    assert table_digest(areas_db) == before  # not even the good file was loaded


def test_unknown_table_and_unreadable_parquet(areas_db: Path, write_csv) -> None:
    run = run_cli("load", "--db", areas_db, "meta", write_csv("m.csv", "key,value\na,b\n"))
    assert run.code == 2 and "unknown table 'meta'" in run.err
    broken = write_csv("calls.parquet", b"PAR1 this is not really parquet PAR1")
    run = run_cli("load", "--db", areas_db, "calls", broken)
    assert run.code == 2 and "not a readable Parquet file" in run.err
    assert len(run.err_lines) == 1


def test_unknown_area_code_names_the_known_ones(areas_db: Path, write_csv) -> None:
    path = write_csv("t.csv", "team_id,name,area_code\nX-R1,Team,ZZZ\n")
    run = run_cli("load", "--db", areas_db, "teams", path)
    assert run.code == 3
    assert (
        "area_code ZZZ is not a known area (known: BLA, CHA, HAR, HNB, LEI, MEL, NWL, OAW, RUT)"
        in run.err
    )


def test_several_files_accounted_separately_and_in_total(areas_db: Path, write_csv) -> None:
    a = write_csv("a.csv", CALLS)
    b = write_csv("b.csv", CALLS_HEADER + "C1,999,2026-03-01T10:00:00Z,,,,\nC9,101,bad,,,,\n")
    run = run_cli("load", "--db", areas_db, "calls", a, b)
    assert run.code == 3
    lines = run.out.strip().splitlines()
    assert lines[0].endswith("3 rows read: 3 loaded, 0 updated, 0 unchanged, 0 rejected")
    # b's C1 differs from a's (no answer): an update within the same transaction
    assert lines[1].endswith("2 rows read: 0 loaded, 1 updated, 0 unchanged, 1 rejected")
    assert lines[2] == "total: 5 rows read: 3 loaded, 1 updated, 0 unchanged, 1 rejected"


def test_parquet_rejects_name_the_row(areas_db: Path, tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "call_id": ["P1", "P2"],
            "line": ["999", "112"],
            "presented_at": ["2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"],
            "answered_at": [None, None],
            "abandoned_at": [None, None],
            "handler_id": [None, None],
            "incident_id": [None, None],
        },
        schema_overrides={
            c: pl.String for c in ("answered_at", "abandoned_at", "handler_id", "incident_id")
        },
    )
    frame.write_parquet(tmp_path / "calls.parquet")
    rejects = tmp_path / "rejects"
    run = run_cli(
        "load", "--db", areas_db, "calls", tmp_path / "calls.parquet", "--rejects", rejects
    )
    assert run.code == 3
    assert "calls.parquet row 2: line '112' is not one of 999, 101" in run.err
    saved = pl.read_csv(rejects / "calls.parquet.rejects.csv", infer_schema=False)
    assert saved.columns[:3] == ["row_number", "reason", "call_id"]
    assert saved.row(0)[:3] == ("2", "line '112' is not one of 999, 101", "P2")
