"""The write gate: a supervisor-tui writer waiting for the database goes in before new reads
(supervisor_tui.gate), across threads and processes, without ever deciding access itself."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from supervisor_tui import gate
from supervisor_tui.db import Database, writer

pytestmark = pytest.mark.skipif(gate.fcntl is None, reason="no flock on this system")

#: A child that holds the gate as a writer until its stdin closes.
HOLDER = """
import sys
from supervisor_tui import gate
with gate.writing(sys.argv[1], 5.0) as held:
    print("held" if held else "not held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def database(empty_db: Path) -> Path:
    return empty_db


def test_a_read_waits_while_a_writer_holds_the_gate_and_goes_on_when_it_lets_go(
    database: Path,
) -> None:
    released = threading.Event()
    passed: list[bool] = []
    with gate.writing(database, 5.0) as held:
        assert held
        reader = threading.Thread(
            target=lambda: passed.append(
                gate.pass_before_read(database, 10.0) and released.is_set()
            )
        )
        reader.start()
        reader.join(0.3)
        assert reader.is_alive(), "the read went on while the writer held the gate"
        released.set()
    reader.join(10)
    assert passed == [True]


def test_a_writer_in_another_process_holds_new_reads_back(database: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "held"
        assert gate.pass_before_read(database, 0.2) is False  # still held: the budget ran out
        child.stdin.close()  # the writer is done
        child.wait(10)
        assert gate.pass_before_read(database, 5.0) is True
    finally:
        child.kill()
        child.wait()


def test_db_writer_holds_the_gate_until_it_has_closed_the_database(database: Path) -> None:
    with writer(database) as con:
        con.execute("SELECT 1").fetchall()
        outside = threading.Thread(target=lambda: seen.append(gate.pass_before_read(database, 0.2)))
        seen: list[bool] = []
        outside.start()
        outside.join(10)
        assert seen == [False]  # another thread's read waited the whole budget
        # a read this process makes while it writes does not wait for itself
        assert gate.pass_before_read(database, 0.2) is True
    assert gate.pass_before_read(database, 0.2) is True
    assert gate.gate_path(database).exists()


def test_two_writers_take_turns_at_the_gate(database: Path) -> None:
    order: list[str] = []
    with gate.writing(database, 5.0):
        second = threading.Thread(target=lambda: _write_turn(database, order))
        second.start()
        second.join(0.3)
        assert second.is_alive()
        order.append("first done")
    second.join(10)
    assert order == ["first done", "second in"]


def _write_turn(database: Path, order: list[str]) -> None:
    with gate.writing(database, 10.0) as held:
        assert held
        order.append("second in")


def test_readers_never_make_the_gate_and_a_missing_one_is_no_wait(database: Path) -> None:
    db = Database(database)
    try:
        with db.read() as session:
            assert session.query("areas").height == 0  # read, and nothing made beside it
    finally:
        db.close()
    assert not gate.gate_path(database).exists()
    assert gate.pass_before_read(database, 5.0) is True


def test_a_writer_that_cannot_make_the_gate_still_writes(database: Path) -> None:
    gate_file = gate.gate_path(database)
    gate_file.mkdir()  # something in the way: no gate can be opened there
    with writer(database) as con:
        con.execute("CREATE TABLE IF NOT EXISTS written (n INTEGER)")
        con.execute("INSERT INTO written VALUES (1)")
    db = Database(database)
    try:
        with db.read() as session:
            assert session.rows("data_extent")  # still readable; the read did not wait
    finally:
        db.close()
