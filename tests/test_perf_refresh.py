"""One refresh runs each query once and shares the state at T: the results equal the
definitions run inline, on a real generated database, and nothing is kept between reads.

Speed is measured by benchmarks/ (never asserted here); these tests prove the faster path
gives exactly the figures the definitions give.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from supervisor_tui import figures, queries
from supervisor_tui.db import Database, Session
from supervisor_tui.figures.report import read, to_json
from supervisor_tui.sample import generate
from supervisor_tui.scope import Scope

END = datetime(2026, 3, 2, 7, 0)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("perf") / "sample.duckdb"
    generate(path, days=35, end=END, seed=3, scale=0.3)
    return path


def scopes(path: Path) -> list[Scope]:
    con = duckdb.connect(str(path), read_only=True)
    area = con.sql("SELECT min(area_code) FROM areas").fetchall()[0][0]
    team = con.sql("SELECT min(team_id) FROM officers WHERE team_id IS NOT NULL").fetchall()[0][0]
    con.close()
    return [
        Scope(as_of=END),
        Scope(as_of=END, area=area),
        Scope(as_of=END - timedelta(days=3), window=timedelta(hours=8), team=team),
    ]


def full_refresh(session: Session, scope: Scope) -> None:
    for family in figures.families():
        family.fetch(session, scope)


def recorded(db: Database, scope: Scope) -> list[tuple[str, dict[str, Any], pl.DataFrame]]:
    """Every (query, parameters, frame) a full refresh asked the session for."""
    seen: list[tuple[str, dict[str, Any], pl.DataFrame]] = []
    original = Session.query

    def query(self: Session, name: str, params: dict[str, object] | None = None):
        frame = original(self, name, params)
        seen.append((name, dict(params or {}), frame))
        return frame

    Session.query = query  # type: ignore[method-assign]
    try:
        with db.read() as session:
            full_refresh(session, scope)
    finally:
        Session.query = original  # type: ignore[method-assign]
    return seen


def ordered(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


@pytest.mark.parametrize("which", [0, 1, 2])
def test_every_query_of_a_full_refresh_equals_its_definition_run_inline(
    sample_db: Path, which: int
) -> None:
    """Through the session (memoised, shared tables for what several queries require) every
    frame equals the query file's whole text, every required file inlined, run on its own
    read-only connection."""
    scope = scopes(sample_db)[which]
    seen = recorded(Database(sample_db), scope)
    assert len({name for name, _, _ in seen}) >= 20  # every family read something
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        for name, params, frame in seen:
            q = queries.load(name)
            inline = pl.DataFrame(con.sql(q.sql, params=q.bind(params)))
            assert frame.columns == inline.columns, name
            assert_frame_equal(ordered(frame), ordered(inline), check_dtypes=True)
    finally:
        con.close()


def test_a_read_sends_each_statement_once(sample_db: Path) -> None:
    """However many families ask for the same figures, one read sends each statement once
    (summaries asked for twice, the shared state at T, the clocks)."""
    sent: list[tuple[str, str]] = []

    class Counting:
        def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
            self.con = con

        def sql(self, text: str, params: object = None) -> Any:
            sent.append((text, repr(sorted((params or {}).items()))))
            return self.con.sql(text, params=params)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.con, name)

    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{sample_db}' AS live (TYPE DUCKDB, READ_ONLY)")
    con.execute("USE live")
    session = Session(Counting(con))  # type: ignore[arg-type]
    full_refresh(session, Scope(as_of=END))
    full_refresh(session, Scope(as_of=END))  # a second round in the same read: all memoised
    twice = [text[:60] for text, n in Counter(sent).items() if n > 1]
    assert not twice
    shared = con.sql(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'"
    ).fetchall()[0][0]
    assert shared >= 3  # active bail, open crimes, outstanding suspects, ...
    session.close()
    left = con.sql("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'").fetchall()
    assert left[0][0] == 0
    con.close()


def test_the_shared_state_is_rebuilt_every_read_so_a_write_is_seen(
    sample_db: Path, tmp_path: Path
) -> None:
    """Nothing derived outlives a read: after an outside tool writes the tables directly,
    the next read of the same Database gives the figures a fresh reader gives, and no
    temporary table is left on the reader's connection between reads."""
    path = tmp_path / "copy.duckdb"
    path.write_bytes(sample_db.read_bytes())
    db = Database(path)
    scope = Scope(as_of=END)
    with db.read() as session:
        before = to_json(read(session, scope))
    left = (
        db._connection()
        .sql("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'")
        .fetchall()
    )
    assert left[0][0] == 0
    writer = duckdb.connect(str(path))
    # close every open crime and resolve every outstanding suspect, conclude all bail
    writer.execute(
        "UPDATE crimes SET closed_at = TIMESTAMP '2026-03-01 00:00' WHERE closed_at IS NULL"
    )
    writer.execute(
        "UPDATE suspects SET resolved_at = TIMESTAMP '2026-03-01 00:00' WHERE resolved_at IS NULL"
    )
    writer.execute(
        "UPDATE bail SET concluded_at = TIMESTAMP '2026-03-01 00:00' WHERE concluded_at IS NULL"
    )
    writer.close()
    with db.read() as session:
        after = to_json(read(session, scope))
    db.close()
    with Database(path).read() as session:
        fresh = to_json(read(session, scope))
    assert after == fresh
    assert before["suspects"]["outstanding"] > 0 and after["suspects"]["outstanding"] == 0
    assert before["investigations"]["open"] > 0 and after["investigations"]["open"] == 0
    assert after["bail"]["bail_active"] == 0 and after["bail"]["rui_active"] == 0
    assert after["workload"]["officers_over"] == []


def test_report_json_does_not_import_rich(sample_db: Path) -> None:
    """The JSON report needs no Rich (the briefing's renderer): it is not imported."""
    code = (
        "import sys\n"
        "from supervisor_tui.cli import main\n"
        f"code = main(['report', '--db', {str(sample_db)!r}, '--as-of', '2026-03-02 07:00',"
        " '--format', 'json'])\n"
        "sys.stderr.write('rich imported' if 'rich' in sys.modules else 'no rich')\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("no rich")
    assert '"calls"' in done.stdout


def test_a_fresh_connection_every_so_many_reads_gives_the_same_figures(sample_db: Path) -> None:
    """The in-memory connection is replaced after RECYCLE_AFTER_READS reads (so a dashboard's
    memory stays flat over a shift): the read after the swap gives exactly the figures of the
    read before it, and the old connection is closed."""
    from supervisor_tui import db as db_module

    db = Database(sample_db)
    scope = Scope(as_of=END)
    first = None
    for _ in range(db_module.RECYCLE_AFTER_READS):
        with db.read() as session:
            first = first or to_json(read(session, scope))
            old = session._con
    assert db.reads_on_connection == db_module.RECYCLE_AFTER_READS
    with db.read() as session:
        assert session._con is not old  # a new connection serves this read
        after = to_json(read(session, scope))
    assert db.reads_on_connection == 1
    assert after == first
    with pytest.raises(duckdb.ConnectionException):
        old.sql("SELECT 1").fetchall()


def test_every_reader_connection_returns_freed_memory_to_the_system(sample_db: Path) -> None:
    """A reader connection, the first and a recycled one, runs with the allocator settings that
    keep a shift-long dashboard's memory flat (db.READER_SETTINGS; docs/reliability.md)."""
    from supervisor_tui import db as db_module

    db = Database(sample_db)
    probe = (
        "SELECT current_setting('allocator_flush_threshold'), "
        "current_setting('allocator_background_threads')"
    )
    seen = set()
    for _ in range(db_module.RECYCLE_AFTER_READS + 1):
        with db.read() as session:
            seen.add(session._con.sql(probe).fetchall()[0])
    assert db.reads_on_connection == 1  # the last read ran on the replacement connection
    assert seen == {("1MB", True)}
