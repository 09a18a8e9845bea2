"""``supervisor-tui load`` for the schema-v2 tables: a round trip for each (CSV and Parquet,
loaded again unchanged, a change updated), a bad-row corpus for each (every domain rule
rejected with its reason), the added columns on crimes and teams, and v1 files (told to run
migrate)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from ingest_helpers import query, run_cli, summary, table_digest

from supervisor_tui.db import SCHEMA_V2_TABLES, create_schema


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def v2_db(areas_db: Path) -> Path:
    """The areas database with two officers, two crimes, two suspects and two bails:
    B1 is pre-charge bail ending 2026-03-20 00:00, B2 a release under investigation."""
    con = duckdb.connect(str(areas_db))
    try:
        con.execute(
            "INSERT INTO officers (officer_id, collar_number, name, rank, team_id, area_code) "
            "VALUES ('O1', '101', 'Ann Lee', 'constable', NULL, 'LEI'), "
            "('O2', '102', 'Bob Stone', 'sergeant', NULL, 'LEI')"
        )
        con.execute(
            "INSERT INTO crimes (crime_id, recorded_at, crime_type, area_code, oic_officer_id) "
            "VALUES ('CR1', '2026-02-01 10:00', 'burglary', 'LEI', 'O1'), "
            "('CR2', '2026-02-02 10:00', 'assault', 'LEI', 'O2')"
        )
        con.execute(
            "INSERT INTO suspects (suspect_id, crime_id, name, risk, outstanding_since) "
            "VALUES ('S1', 'CR1', 'X', 'high', '2026-02-01 10:00'), "
            "('S2', 'CR2', 'Y', 'standard', '2026-02-02 10:00')"
        )
        con.execute(
            "INSERT INTO bail VALUES "
            "('B1', 'S1', 'CR1', 'bail', '2026-02-20 10:00', '2026-03-20 00:00', NULL), "
            "('B2', 'S2', 'CR2', 'rui', '2026-02-21 10:00', NULL, NULL)"
        )
    finally:
        con.close()
    return areas_db


# --- round trips ------------------------------------------------------------------------------

#: Per table: a CSV of two valid rows, the rows expected in the table afterwards (ordered by
#: the ORDER BY given; bail also holds the fixture's B1 and B2, filtered out), and a change to
#: one non-key value (old text, new text) that must count as one update.
ROUND_TRIPS: dict[str, tuple[str, str, list[tuple[object, ...]], tuple[str, str]]] = {
    "crime_actions": (
        "crime_id,kind,acted_at,officer_id,rank\n"
        "CR1,investigation_plan,2026-03-01T10:00:00Z,O1,constable\n"
        # enumerations are matched in any case; an offset is converted to UTC
        "CR1,Supervisor_Review,2026-03-02T11:00:00+01:00,O2,sergeant\n",
        "SELECT * FROM crime_actions ORDER BY acted_at",
        [
            ("CR1", "investigation_plan", ts("2026-03-01 10:00"), "O1", "constable"),
            ("CR1", "supervisor_review", ts("2026-03-02 10:00"), "O2", "sergeant"),
        ],
        (",O2,sergeant", ",O2,inspector"),
    ),
    "key_decisions": (
        "decision_id,crime_id,suspect_id,kind,decided_at,victim_informed_at\n"
        "KD1,CR1,S1,arrest,2026-03-01T12:00:00Z,2026-03-01T15:00:00Z\n"
        "KD2,CR2,,not_investigated,2026-03-02T12:00:00Z,\n",
        "SELECT * FROM key_decisions ORDER BY decision_id",
        [
            ("KD1", "CR1", "S1", "arrest", ts("2026-03-01 12:00"), ts("2026-03-01 15:00")),
            ("KD2", "CR2", None, "not_investigated", ts("2026-03-02 12:00"), None),
        ],
        ("2026-03-02T12:00:00Z,\n", "2026-03-02T12:00:00Z,2026-03-03T09:00:00Z\n"),
    ),
    "bail": (
        "bail_id,suspect_id,crime_id,kind,started_at,ends_at,concluded_at\n"
        "B3,S1,CR1,bail,2026-03-01T10:00:00Z,2026-03-29T10:00:00Z,\n"
        "B4,S2,CR2,RUI,2026-03-02T10:00:00Z,,2026-04-01T10:00:00Z\n",
        "SELECT * FROM bail WHERE bail_id IN ('B3', 'B4') ORDER BY bail_id",
        [
            ("B3", "S1", "CR1", "bail", ts("2026-03-01 10:00"), ts("2026-03-29 10:00"), None),
            ("B4", "S2", "CR2", "rui", ts("2026-03-02 10:00"), None, ts("2026-04-01 10:00")),
        ],
        ("2026-03-29T10:00:00Z,\n", "2026-03-29T10:00:00Z,2026-03-15T10:00:00Z\n"),
    ),
    "bail_extensions": (
        "bail_id,authorised_at,ends_at,level\n"
        "B1,2026-03-18T09:00:00Z,2026-04-20T00:00:00Z,superintendent\n"
        "B1,2026-04-18T09:00:00Z,2026-06-20T00:00:00Z,court\n",
        "SELECT * FROM bail_extensions ORDER BY authorised_at",
        [
            ("B1", ts("2026-03-18 09:00"), ts("2026-04-20 00:00"), "superintendent"),
            ("B1", ts("2026-04-18 09:00"), ts("2026-06-20 00:00"), "court"),
        ],
        ("2026-06-20T00:00:00Z", "2026-07-20T00:00:00Z"),
    ),
    "use_of_force": (
        "uof_id,officer_id,used_at,incident_id,area_code,source,submitted_at,checked_at,"
        "bwv_recorded,tactic,subject_injured,officer_injured\n"
        "U1,O1,2026-03-01T22:00:00Z,INC1,LEI,form,2026-03-02T06:00:00Z,2026-03-03T09:00:00Z,"
        "yes,Handcuffing,no,false\n"
        "U2,O2,2026-03-02T01:00:00Z,,,custody,,,,,,\n",
        "SELECT * FROM use_of_force ORDER BY uof_id",
        [
            (
                "U1",
                "O1",
                ts("2026-03-01 22:00"),
                "INC1",
                "LEI",
                "form",
                ts("2026-03-02 06:00"),
                ts("2026-03-03 09:00"),
                True,
                "Handcuffing",
                False,
                False,
            ),
            ("U2", "O2", ts("2026-03-02 01:00"), *([None] * 2), "custody", *([None] * 6)),
        ],
        ("Handcuffing", "Handcuffing and limb restraints"),
    ),
    "stop_searches": (
        "search_id,searched_at,officer_id,area_code,type,legislation,object_of_search,grounds,"
        "self_defined_ethnicity,officer_defined_ethnicity,gender,age_range,outcome,"
        "outcome_linked,removal_of_clothing,bwv_recorded,reviewed_at,latitude,longitude\n"
        "SS1,2026-03-01T20:00:00Z,O1,LEI,Person search,Misuse of Drugs Act 1971 (section 23),"
        '"Controlled drugs","Smell of cannabis, seen passing a package",White - English,White,'
        "Male,18-24,Arrest,true,false,true,2026-03-02T09:00:00Z,52.63,-1.13\n"
        "SS2,2026-03-02T20:00:00Z,,,,,,,,,,,,,,,,,\n",
        "SELECT * FROM stop_searches ORDER BY search_id",
        [
            (
                "SS1",
                ts("2026-03-01 20:00"),
                "O1",
                "LEI",
                "Person search",
                "Misuse of Drugs Act 1971 (section 23)",
                "Controlled drugs",
                "Smell of cannabis, seen passing a package",
                "White - English",
                "White",
                "Male",
                "18-24",
                "Arrest",
                True,
                False,
                True,
                ts("2026-03-02 09:00"),
                52.63,
                -1.13,
            ),
            ("SS2", ts("2026-03-02 20:00"), *([None] * 17)),
        ],
        ("18-24,Arrest", "18-24,Community resolution"),
    ),
    "dvds_applications": (
        "application_id,route,received_at,area_code,officer_id,initial_checks_at,"
        "disclosed_at,closed_at\n"
        "D1,right_to_ask,2026-03-01T09:00:00Z,LEI,O1,2026-03-01T12:00:00Z,"
        "2026-03-10T12:00:00Z,2026-03-11T12:00:00Z\n"
        "D2,right_to_know,2026-03-02T09:00:00Z,,,,,\n",
        "SELECT * FROM dvds_applications ORDER BY application_id",
        [
            (
                "D1",
                "right_to_ask",
                ts("2026-03-01 09:00"),
                "LEI",
                "O1",
                ts("2026-03-01 12:00"),
                ts("2026-03-10 12:00"),
                ts("2026-03-11 12:00"),
            ),
            ("D2", "right_to_know", ts("2026-03-02 09:00"), *([None] * 5)),
        ],
        ("2026-03-02T09:00:00Z,,,,,", "2026-03-02T09:00:00Z,,O2,,,"),
    ),
    "abstractions": (
        "officer_id,starts_at,ends_at,reason,recorded_at\n"
        "O1,2026-03-01T08:00:00Z,2026-03-01T16:00:00Z,Response cover,2026-02-28T17:00:00Z\n"
        "O2,2026-03-02T08:00:00Z,2026-03-02T12:00:00Z,Court,2026-03-01T10:00:00Z\n",
        "SELECT * FROM abstractions ORDER BY officer_id",
        [
            (
                "O1",
                ts("2026-03-01 08:00"),
                ts("2026-03-01 16:00"),
                "Response cover",
                ts("2026-02-28 17:00"),
            ),
            ("O2", ts("2026-03-02 08:00"), ts("2026-03-02 12:00"), "Court", ts("2026-03-01 10:00")),
        ],
        ("Response cover", "Response cover (night)"),
    ),
}


def test_every_v2_table_has_a_round_trip_and_a_corpus() -> None:
    assert set(ROUND_TRIPS) == set(SCHEMA_V2_TABLES)
    assert set(CORPUS) == set(SCHEMA_V2_TABLES)


@pytest.mark.parametrize("table", sorted(ROUND_TRIPS))
def test_csv_round_trip(table: str, v2_db: Path, write_csv) -> None:
    text, sql, expected, (old, new) = ROUND_TRIPS[table]
    path = write_csv(f"{table}.csv", text)
    run = run_cli("load", "--db", v2_db, table, path)
    assert run.code == 0, run.err
    assert summary(run.out) == {"read": 2, "loaded": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert query(v2_db, sql) == expected
    # the same file again changes nothing
    before = table_digest(v2_db)
    run = run_cli("load", "--db", v2_db, table, path)
    assert run.code == 0, run.err
    assert summary(run.out) == {"read": 2, "loaded": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    assert table_digest(v2_db) == before
    # one changed value is one update, matched by the key
    assert text.count(old) == 1
    changed = write_csv(f"{table}-changed.csv", text.replace(old, new))
    run = run_cli("load", "--db", v2_db, table, changed)
    assert run.code == 0, run.err
    assert summary(run.out) == {"read": 2, "loaded": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    assert len(query(v2_db, sql)) == 2


@pytest.mark.parametrize("table", sorted(ROUND_TRIPS))
def test_parquet_round_trip_gives_the_same_rows(
    table: str, v2_db: Path, tmp_path: Path, write_csv
) -> None:
    text, sql, expected, _ = ROUND_TRIPS[table]
    csv_path = write_csv(f"{table}.csv", text)
    frame = pl.read_csv(csv_path, infer_schema=False)
    parquet = tmp_path / f"{table}.parquet"
    frame.write_parquet(parquet)
    run = run_cli("load", "--db", v2_db, table, parquet)
    assert run.code == 0, run.err
    assert summary(run.out)["loaded"] == 2
    assert query(v2_db, sql) == expected


# --- bad-row corpus ---------------------------------------------------------------------------

#: Per table: a header, one good row (loaded), and bad rows, each breaking one rule, with a
#: fragment its reason must contain.
CORPUS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "crime_actions": (
        "crime_id,kind,acted_at,officer_id,rank",
        "CR1,victim_update,2026-03-01T10:00:00Z,O1,constable",
        [
            ("CR9,victim_update,2026-03-01T10:00:00Z,O1,", "crime_id 'CR9' is not a known crime"),
            (
                "CR1,victim_update,2026-03-01T11:00:00Z,O9,",
                "officer_id 'O9' is not a known officer",
            ),
            (
                "CR1,review,2026-03-01T10:00:00Z,O1,",
                "kind 'review' is not one of investigation_plan, supervisor_review, victim_update",
            ),
            ("CR1,victim_update,,O1,", "acted_at is empty; it is required"),
            (",victim_update,2026-03-01T12:00:00Z,O1,", "crime_id is empty; it is required"),
            ("CR1,victim_update,last tuesday,O1,", "acted_at 'last tuesday' is not an ISO 8601"),
            ("CR2,victim_update,2026-03-01T10:00:00Z,O1,", "repeats on lines 9, 10"),
            ("CR2,victim_update,2026-03-01T10:00:00Z,O2,", "repeats on lines 9, 10"),
        ],
    ),
    "key_decisions": (
        "decision_id,crime_id,suspect_id,kind,decided_at,victim_informed_at",
        "KD1,CR1,S1,charge,2026-03-01T12:00:00Z,",
        [
            ("KD2,CR9,S1,charge,2026-03-01T12:00:00Z,", "crime_id 'CR9' is not a known crime"),
            ("KD3,CR1,S9,charge,2026-03-01T12:00:00Z,", "suspect_id 'S9' is not a known suspect"),
            ("KD4,CR1,S1,caution,2026-03-01T12:00:00Z,", "kind 'caution' is not one of arrest"),
            ("KD5,CR1,S1,charge,,", "decided_at is empty; it is required"),
            ("KD6,CR1,S1,,2026-03-01T12:00:00Z,", "kind is empty; it is required"),
            ("KD7,CR1,S1,charge,2026-03-01T12:00:00Z,soon", "victim_informed_at 'soon' is not"),
            ("KD8,CR1,S1,arrest,2026-03-01T12:00:00Z,", "decision_id 'KD8' repeats on lines 9, 10"),
            ("KD8,CR1,S1,interview,2026-03-01T13:00:00Z,", "decision_id 'KD8' repeats"),
        ],
    ),
    "bail": (
        "bail_id,suspect_id,crime_id,kind,started_at,ends_at,concluded_at",
        "B3,S1,CR1,bail,2026-03-01T10:00:00Z,2026-03-29T10:00:00Z,",
        [
            (
                "B4,S1,CR1,bail,2026-03-01T10:00:00Z,,",
                "ends_at is empty for kind bail; pre-charge bail needs the end of its bail period",
            ),
            (
                "B5,S1,CR1,rui,2026-03-01T10:00:00Z,2026-03-29T10:00:00Z,",
                "ends_at 2026-03-29T10:00:00Z is set for kind rui; released under investigation",
            ),
            (
                "B6,S1,CR1,bail,2026-03-01T10:00:00Z,2026-02-28T10:00:00Z,",
                "ends_at 2026-02-28T10:00:00Z is not after started_at 2026-03-01T10:00:00Z",
            ),
            (
                "B7,S1,CR1,bail,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z,",
                "ends_at 2026-03-01T10:00:00Z is not after started_at 2026-03-01T10:00:00Z",
            ),
            ("B8,S9,CR1,rui,2026-03-01T10:00:00Z,,", "suspect_id 'S9' is not a known suspect"),
            ("B9,S1,CR9,rui,2026-03-01T10:00:00Z,,", "crime_id 'CR9' is not a known crime"),
            ("B10,S1,CR1,remand,2026-03-01T10:00:00Z,,", "kind 'remand' is not one of bail, rui"),
            ("B11,S1,CR1,rui,,,", "started_at is empty; it is required"),
        ],
    ),
    "bail_extensions": (
        "bail_id,authorised_at,ends_at,level",
        "B1,2026-03-18T09:00:00Z,2026-04-20T00:00:00Z,inspector",
        [
            (
                "B9,2026-03-18T09:00:00Z,2026-04-20T00:00:00Z,court",
                "bail_id 'B9' is not a known bail",
            ),
            (
                "B2,2026-03-18T09:00:00Z,2026-04-20T00:00:00Z,court",
                "bail 'B2' has no ends_at; a release under investigation (rui) has no bail period",
            ),
            (
                "B1,2026-03-19T09:00:00Z,2026-03-20T00:00:00Z,court",
                "ends_at 2026-03-20T00:00:00Z is not after the bail's ends_at 2026-03-20T00:00:00Z "
                "(bail 'B1')",
            ),
            (
                "B1,2026-03-19T10:00:00Z,2026-03-01T00:00:00Z,court",
                "ends_at 2026-03-01T00:00:00Z is not after the bail's ends_at",
            ),
            (
                "B1,2026-03-19T11:00:00Z,2026-05-20T00:00:00Z,sergeant",
                "level 'sergeant' is not one of inspector, superintendent, court",
            ),
            ("B1,2026-03-19T12:00:00Z,,court", "ends_at is empty; it is required"),
        ],
    ),
    "use_of_force": (
        "uof_id,officer_id,used_at,incident_id,area_code,source,submitted_at,checked_at,"
        "bwv_recorded,tactic,subject_injured,officer_injured",
        "U1,O1,2026-03-01T22:00:00Z,,LEI,incident,2026-03-01T23:00:00Z,2026-03-01T23:00:00Z,,,,",
        [
            (
                "U2,O1,2026-03-01T22:00:00Z,,,form,2026-03-01T21:00:00Z,,,,,",
                "submitted_at 2026-03-01T21:00:00Z is before used_at 2026-03-01T22:00:00Z",
            ),
            (
                "U3,O1,2026-03-01T22:00:00Z,,,form,2026-03-02T06:00:00Z,2026-03-02T05:00:00Z,,,,",
                "checked_at 2026-03-02T05:00:00Z is before submitted_at 2026-03-02T06:00:00Z",
            ),
            ("U4,O9,2026-03-01T22:00:00Z,,,form,,,,,,", "officer_id 'O9' is not a known officer"),
            ("U5,,2026-03-01T22:00:00Z,,,form,,,,,,", "officer_id is empty; it is required"),
            (
                "U6,O1,2026-03-01T22:00:00Z,,,bodycam,,,,,,",
                "source 'bodycam' is not one of form, custody, incident",
            ),
            ("U7,O1,2026-03-01T22:00:00Z,,ZZZ,form,,,,,,", "area_code ZZZ is not a known area"),
            ("U8,O1,2026-03-01T22:00:00Z,,,form,,,maybe,,,", "bwv_recorded 'maybe' is not true"),
        ],
    ),
    "stop_searches": (
        "search_id,searched_at,officer_id,area_code,type,legislation,object_of_search,grounds,"
        "self_defined_ethnicity,officer_defined_ethnicity,gender,age_range,outcome,"
        "outcome_linked,removal_of_clothing,bwv_recorded,reviewed_at,latitude,longitude",
        "SS1,2026-03-01T20:00:00Z,O1,LEI,,,,,,,,,,,,,,52.6,-1.1",
        [
            (
                "SS2,2026-03-01T20:00:00Z,,,,,,,,,,,,,,,,95,-1.1",
                "latitude 95.0 is outside -90 to 90",
            ),
            ("SS3,2026-03-01T20:00:00Z,,,,,,,,,,,,,,,,52,200", "longitude 200.0 is outside -180"),
            ("SS4,2026-03-01T20:00:00Z,O9,,,,,,,,,,,,,,,,", "officer_id 'O9' is not a known"),
            ("SS5,2026-03-01T20:00:00Z,,ZZZ,,,,,,,,,,,,,,,", "area_code ZZZ is not a known area"),
            ("SS6,,,,,,,,,,,,,,,,,,", "searched_at is empty; it is required"),
            ("SS7,2026-03-01T20:00:00Z,,,,,,,,,,,,perhaps,,,,,", "outcome_linked 'perhaps'"),
            ("SS8,2026-03-01T20:00:00Z,,,,,,,,,,,,,,,2026-99-01,,", "reviewed_at '2026-99-01'"),
        ],
    ),
    "dvds_applications": (
        "application_id,route,received_at,area_code,officer_id,initial_checks_at,"
        "disclosed_at,closed_at",
        "D1,right_to_know,2026-03-01T09:00:00Z,LEI,O1,,,2026-03-01T09:00:00Z",
        [
            (
                "D2,right_to_ask,2026-03-01T09:00:00Z,,,,,2026-02-28T09:00:00Z",
                "closed_at 2026-02-28T09:00:00Z is before received_at 2026-03-01T09:00:00Z",
            ),
            (
                "D3,ask,2026-03-01T09:00:00Z,,,,,",
                "route 'ask' is not one of right_to_ask, right_to_know",
            ),
            ("D4,right_to_ask,2026-03-01T09:00:00Z,,O9,,,", "officer_id 'O9' is not a known"),
            ("D5,right_to_ask,2026-03-01T09:00:00Z,ZZZ,,,,", "area_code ZZZ is not a known area"),
            ("D6,,2026-03-01T09:00:00Z,,,,,", "route is empty; it is required"),
        ],
    ),
    "abstractions": (
        "officer_id,starts_at,ends_at,reason,recorded_at",
        "O1,2026-03-01T08:00:00Z,2026-03-01T16:00:00Z,Court,2026-03-01T07:00:00Z",
        [
            (
                "O1,2026-03-02T08:00:00Z,2026-03-02T08:00:00Z,Court,2026-03-01T07:00:00Z",
                "ends_at 2026-03-02T08:00:00Z is not after starts_at 2026-03-02T08:00:00Z",
            ),
            (
                "O1,2026-03-03T08:00:00Z,2026-03-03T07:00:00Z,Court,2026-03-01T07:00:00Z",
                "ends_at 2026-03-03T07:00:00Z is not after starts_at",
            ),
            (
                "O9,2026-03-01T08:00:00Z,2026-03-01T16:00:00Z,Court,2026-03-01T07:00:00Z",
                "officer_id 'O9' is not a known officer",
            ),
            ("O2,2026-03-01T08:00:00Z,2026-03-01T16:00:00Z,,2026-03-01T07:00:00Z", "reason is"),
            ("O2,2026-03-02T08:00:00Z,2026-03-02T16:00:00Z,Court,", "recorded_at is empty"),
        ],
    ),
}


@pytest.mark.parametrize("table", sorted(CORPUS))
def test_bad_rows_are_rejected_each_with_its_reason(
    table: str, v2_db: Path, write_csv, tmp_path: Path
) -> None:
    header, good, bad = CORPUS[table]
    lines = [header, good, *(row for row, _ in bad)]
    path = write_csv(f"{table}.csv", "\n".join(lines) + "\n")
    rejects = tmp_path / "rejects"
    run = run_cli("load", "--db", v2_db, table, path, "--rejects", rejects)
    assert run.code == 3, run.err
    assert summary(run.out) == {
        "read": 1 + len(bad),
        "loaded": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": len(bad),
    }
    saved = pl.read_csv(rejects / f"{table}.csv.rejects.csv", infer_schema=False)
    reason = "reject_reason" if table == "abstractions" else "reason"  # it has a reason column
    reasons = dict(zip(saved["line_number"].cast(int), saved[reason], strict=True))
    assert sorted(reasons) == list(range(3, 3 + len(bad)))
    for line, (row, fragment) in enumerate(bad, start=3):
        assert fragment in reasons[line], (line, row, reasons[line])
        assert f"{path}:{line}: " in run.err or len(bad) > 10
    assert "Traceback" not in run.err


def test_an_extension_is_checked_against_the_bail_in_the_database(v2_db: Path, write_csv) -> None:
    """Moving B1's end later (a reload of bail) makes an extension ending before it fail."""
    con = duckdb.connect(str(v2_db))
    con.execute("UPDATE bail SET ends_at = '2026-05-01 00:00' WHERE bail_id = 'B1'")
    con.close()
    path = write_csv(
        "ext.csv",
        "bail_id,authorised_at,ends_at,level\nB1,2026-04-28T09:00:00Z,2026-04-20T00:00:00Z,court\n",
    )
    run = run_cli("load", "--db", v2_db, "bail_extensions", path)
    assert run.code == 3
    assert "is not after the bail's ends_at 2026-05-01T00:00:00Z" in run.err


# --- the added columns on v1 tables ----------------------------------------------------------

CRIMES_V1 = (
    "crime_id,recorded_at,crime_type,area_code,oic_officer_id,closed_at,outcome\n"
    "CR1,2026-02-01T10:00:00Z,burglary,LEI,O1,,\n"
)
CRIMES_V2 = (
    "crime_id,recorded_at,crime_type,area_code,oic_officer_id,closed_at,outcome,"
    "allocated_at,victim_enhanced,domestic_abuse,sexual_offence\n"
    "CR1,2026-02-01T10:00:00Z,burglary,LEI,O1,,,2026-02-01T12:00:00Z,yes,no,\n"
    "CR3,2026-02-03T10:00:00Z,rape,LEI,,,,,true,true,true\n"
)
CRIMES_SQL = (
    "SELECT crime_id, allocated_at, victim_enhanced, domestic_abuse, sexual_offence "
    "FROM crimes ORDER BY crime_id"
)


def test_crimes_with_the_v2_columns_load_and_a_v1_file_leaves_them_alone(
    v2_db: Path, write_csv
) -> None:
    run = run_cli("load", "--db", v2_db, "crimes", write_csv("v2.csv", CRIMES_V2))
    assert run.code == 0, run.err
    assert summary(run.out) == {"read": 2, "loaded": 1, "updated": 1, "unchanged": 0, "rejected": 0}
    expected = [
        ("CR1", ts("2026-02-01 12:00"), True, False, None),
        ("CR2", None, None, None, None),
        ("CR3", None, True, True, True),
    ]
    assert query(v2_db, CRIMES_SQL) == expected
    # a v1-era export of the same crime: equal on its own columns, so unchanged, and the
    # columns it does not have keep their values
    run = run_cli("load", "--db", v2_db, "crimes", write_csv("v1.csv", CRIMES_V1))
    assert run.code == 0, run.err
    assert summary(run.out)["unchanged"] == 1
    assert query(v2_db, CRIMES_SQL) == expected


def test_teams_kind_is_optional_and_checked(v2_db: Path, write_csv) -> None:
    path = write_csv(
        "teams.csv",
        "team_id,name,area_code,kind\nT1,One,LEI,Neighbourhood\nT2,Two,LEI,\nT3,Three,LEI,cid\n",
    )
    run = run_cli("load", "--db", v2_db, "teams", path)
    assert run.code == 3
    assert "kind 'cid' is not one of response, neighbourhood, investigation, other" in run.err
    got = query(v2_db, "SELECT team_id, kind FROM teams WHERE team_id LIKE 'T_' ORDER BY 1")
    assert got == [("T1", "neighbourhood"), ("T2", None)]


def test_a_wrong_header_names_the_optional_columns(v2_db: Path, write_csv) -> None:
    path = write_csv("crimes.csv", "crime_id,recorded_at\nCR1,2026-02-01T10:00:00Z\n")
    run = run_cli("load", "--db", v2_db, "crimes", path)
    assert run.code == 2
    assert len(run.err_lines) == 1
    assert "missing column(s) crime_type, area_code, oic_officer_id, closed_at, outcome" in run.err
    assert "may add allocated_at,victim_enhanced,domestic_abuse,sexual_offence" in run.err


# --- v1 files -----------------------------------------------------------------------------------


@pytest.fixture
def v1_db(tmp_path: Path) -> Path:
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con, version=1)
    con.execute("INSERT INTO areas VALUES ('LEI', 'Leicester', true)")
    con.execute(
        "INSERT INTO officers (officer_id, name, rank) VALUES ('O1', 'Ann Lee', 'constable')"
    )
    con.close()
    return path


@pytest.mark.parametrize("table", SCHEMA_V2_TABLES)
def test_a_v2_table_into_a_v1_file_says_to_migrate(table: str, v1_db: Path, write_csv) -> None:
    text = ROUND_TRIPS[table][0]
    before = table_digest(v1_db)
    run = run_cli("load", "--db", v1_db, table, write_csv(f"{table}.csv", text))
    assert run.code == 2
    assert run.out == ""
    assert len(run.err_lines) == 1 and "Traceback" not in run.err
    assert f"table {table} needs schema version 2, but database {v1_db} has version 1" in run.err
    assert f"supervisor-tui migrate --db {v1_db}" in run.err
    assert table_digest(v1_db) == before


def test_v2_columns_into_a_v1_file_say_to_migrate_and_v1_columns_still_load(
    v1_db: Path, write_csv
) -> None:
    before = table_digest(v1_db)
    run = run_cli("load", "--db", v1_db, "crimes", write_csv("v2.csv", CRIMES_V2))
    assert run.code == 2 and len(run.err_lines) == 1
    assert "column(s) allocated_at, victim_enhanced, domestic_abuse, sexual_offence" in run.err
    assert "needs schema version 2" in run.err and "migrate" in run.err
    assert table_digest(v1_db) == before
    run = run_cli("load", "--db", v1_db, "crimes", write_csv("v1.csv", CRIMES_V1))
    assert run.code == 0, run.err
    assert query(v1_db, "SELECT crime_id, oic_officer_id FROM crimes") == [("CR1", "O1")]


def test_after_migrate_the_v2_table_loads(v1_db: Path, write_csv, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(v1_db, copy)
    assert run_cli("migrate", "--db", copy).code == 0
    text = (
        ROUND_TRIPS["abstractions"][0]
        .replace("O2,", "O1,")
        .replace("2026-03-02T08:00:00Z,2026-03-02T12", "2026-03-02T08:00:00Z,2026-03-02T12")
    )
    run = run_cli("load", "--db", copy, "abstractions", write_csv("a.csv", text))
    assert run.code == 0, run.err
    assert query(copy, "SELECT count(*) FROM abstractions") == [(2,)]
