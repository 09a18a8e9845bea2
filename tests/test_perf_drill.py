"""The incident record reads only its own incident's rows: its calls are classified like every
call list (calls_classified) without computing the whole call history into a per-read table,
and its timeline reads the incident's calls and deployments once each. Hand-built database,
hand-written expected rows; speed is measured by benchmarks/core.py, never asserted here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from supervisor_tui import metrics, queries
from supervisor_tui.db import Database
from supervisor_tui.scope import Scope

AS_OF = datetime(2026, 3, 2, 10, 30)


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(2026, 3, 2, hh, mm, ss)


@pytest.fixture
def incident_db(empty_db: Path) -> Path:
    con = duckdb.connect(str(empty_db))
    con.execute("INSERT INTO areas VALUES ('A1', 'North', true)")
    con.execute(
        "INSERT INTO officers VALUES ('O1', '101', 'Ann Able', 'constable', NULL, 'A1'), "
        "('O2', '102', 'Ben Best', 'constable', NULL, 'A1')"
    )
    con.executemany(
        "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("I1", at(10, 0), 1, "assault", "A1", at(10, 40), at(10, 20), "fight outside"),
            ("I2", at(9, 0), 2, "theft", "A1", None, None, "another incident"),
        ],
    )
    con.executemany(
        "INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            ("C1", "999", at(9, 58), at(9, 58, 10), None, "H1", "I1"),
            ("C2", "101", at(9, 59), None, at(9, 59, 30), None, "I1"),
            ("C3", "999", at(10, 25), None, None, None, "I1"),  # still waiting at as_of
            ("C4", "999", at(10, 35), at(10, 35, 5), None, "H1", "I1"),  # after as_of
            ("C5", "999", at(8, 58), at(8, 58, 4), None, "H1", "I2"),  # another incident
        ],
    )
    con.executemany(
        "INSERT INTO deployments VALUES (?, ?, ?, ?, ?)",
        [
            ("I1", "O1", at(10, 2), at(10, 9), at(11, 0)),  # cleared after as_of
            ("I1", "O2", at(10, 5), None, None),
            ("I2", "O2", at(9, 1), at(9, 20), at(9, 50)),
        ],
    )
    con.close()
    return empty_db


def test_incident_record_classifies_only_its_calls_without_a_per_read_table(
    incident_db: Path,
) -> None:
    db = Database(incident_db)
    scope = Scope(as_of=AS_OF)
    with db.read() as session:
        record = metrics.incident_record(session, scope, "I1")
        tables = session._con.sql(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'"
        ).fetchall()[0][0]
    assert record is not None
    assert tables == 0  # calls_classified placed as its own text, not a table of all calls
    calls = record.calls.select("call_id", "status", "answered_at", "abandoned_at", "waiting_s")
    assert calls.rows() == [
        ("C1", "answered", at(9, 58, 10), None, None),
        ("C2", "abandoned", None, at(9, 59, 30), None),
        ("C3", "waiting", None, None, 300.0),  # 10:25 -> 10:30
    ]  # C4 is presented after as_of, C5 belongs to I2
    assert queries.load("drill_incident_calls").inline == ("calls_classified",)


def test_incident_timeline_lists_each_event_known_at_as_of_in_time_order(
    incident_db: Path,
) -> None:
    db = Database(incident_db)
    with db.read() as session:
        record = metrics.incident_record(session, Scope(as_of=AS_OF), "I1")
    assert record is not None
    assert record.timeline.select("at", "kind", "detail", "officer_id", "officer_name").rows() == [
        (at(9, 58), "call", "999 call C1 presented", None, None),
        (at(9, 58, 10), "call", "999 call C1 answered", "H1", None),
        (at(9, 59), "call", "101 call C2 presented", None, None),
        (at(9, 59, 30), "call", "101 call C2 abandoned", None, None),
        (at(10, 0), "incident", "opened, grade 1", None, None),
        (at(10, 2), "deployment", "dispatched", "O1", "Ann Able"),
        (at(10, 5), "deployment", "dispatched", "O2", "Ben Best"),
        (at(10, 9), "deployment", "arrived", "O1", "Ann Able"),
        (at(10, 20), "victim", "victim told of delay", None, None),
        (at(10, 25), "call", "999 call C3 presented", None, None),
    ]  # O1 cleared at 11:00, the closure at 10:40 and C4 are after as_of
    assert record.deployments.select("officer_id", "arrived_at", "cleared_at").rows() == [
        ("O1", at(10, 9), None),
        ("O2", None, None),
    ]
