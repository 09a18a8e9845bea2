"""The state-at-T queries rewritten so their scans can skip stored history still give the
definitions' figures: hand-built rows on each side of every boundary, hand-counted results.
Speed is measured by benchmarks/ (never asserted here).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from supervisor_tui.db import Database
from supervisor_tui.scope import Scope

T = datetime(2026, 3, 2, 7, 0)


def minutes(n: float) -> datetime:
    return T + timedelta(minutes=n)


def test_calls_waiting_now_counts_each_case_of_not_answered_nor_abandoned_by_as_of(
    empty_db: Path,
) -> None:
    con = duckdb.connect(str(empty_db))
    con.executemany(
        "INSERT INTO calls VALUES (?, ?, ?, ?, ?, NULL, NULL)",
        [
            # waiting at T
            ("W1", "999", minutes(-30), None, None),  # never answered nor abandoned
            ("W2", "999", minutes(-10), minutes(5), None),  # answered after T
            ("W3", "101", minutes(-20), None, minutes(1)),  # abandoned after T
            ("W4", "101", minutes(-5), minutes(2), minutes(3)),  # both after T
            # not waiting at T
            ("N1", "999", minutes(-40), T, None),  # answered exactly at T
            ("N2", "999", minutes(-40), None, T),  # abandoned exactly at T
            ("N3", "101", minutes(-40), minutes(9), minutes(-1)),  # abandoned before T
            ("N4", "101", minutes(-40), minutes(-1), minutes(9)),  # answered before T
            ("N5", "999", T, None, None),  # presented at T: not yet counted
            ("N6", "999", minutes(1), None, None),  # presented after T
        ],
    )
    con.close()
    with Database(empty_db).read() as session:
        rows = session.query("calls_waiting_now", Scope(as_of=T).params()).rows()
    assert rows == [
        ("999", 2, 30 * 60.0),  # W1 and W2; the longest is W1, presented 30 minutes before
        ("101", 2, 20 * 60.0),  # W3 and W4; the longest is W3
    ]


def test_calls_waiting_now_with_nothing_waiting_still_lists_both_lines(empty_db: Path) -> None:
    con = duckdb.connect(str(empty_db))
    con.execute(
        f"INSERT INTO calls VALUES ('N1', '999', TIMESTAMP '{minutes(-9)}', "
        f"TIMESTAMP '{minutes(-8)}', NULL, NULL, NULL)"
    )
    con.close()
    with Database(empty_db).read() as session:
        rows = session.query("calls_waiting_now", Scope(as_of=T).params()).rows()
    assert rows == [("999", 0, None), ("101", 0, None)]
