"""Write validated rows: open the database for writing, upsert by key, in one transaction.

SQL here is built from the schema contract's table and column names only (quoted
identifiers from :mod:`supervisor_tui.ingest.tables`); values are always bound or scanned
from a registered frame, never pasted into SQL.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from supervisor_tui import queries
from supervisor_tui.db import Database, missing_database_message, writer
from supervisor_tui.errors import DatabaseBusy, DatabaseError
from supervisor_tui.ingest.tables import TableSpec

CHUNK_ROWS = 100_000
#: Seconds to pause after each written chunk, inside the open transaction. Only for the
#: crash tests (they kill the process while it pauses); never set in normal use.
PAUSE_ENV = "SUPERVISOR_TUI_TEST_PAUSE_AFTER_CHUNK"

Progress = Callable[[str, float], None]


@dataclass
class Counts:
    loaded: int = 0
    updated: int = 0
    unchanged: int = 0


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_WRITE_DENIED = ("permission denied", "operation not permitted", "read-only file system")


def _write_error(path: Path, exc: BaseException) -> DatabaseError | None:
    """A one-line error when ``exc`` means the database cannot be written, else None."""
    lowered = str(exc).lower()
    for reason in _WRITE_DENIED:
        if reason in lowered:
            return DatabaseError(
                f"database {path} cannot be written ({reason}); nothing was written; check "
                f"that the file and its folder are writable"
            )
    return None


class SchemaTooOld(DatabaseError):
    """The database's schema version lacks a table or column being written: run migrate."""


def schema_version(path: Path, *, lock_timeout: float) -> int:
    """The schema version of the supervisor-tui database at ``path`` (one-line error if it
    is missing, foreign, newer than this program, or locked for over ``lock_timeout``)."""
    if not path.exists():
        raise DatabaseError(missing_database_message(path))
    db = Database(path, retry_seconds=lock_timeout)
    try:
        with db.read() as session:
            return session.schema_version
    finally:
        db.close()


def require_version(path: Path, have: int, needs: int, what: str) -> None:
    """Refuse writing ``what`` (needing schema ``needs``) into a file of version ``have``."""
    if have < needs:
        raise SchemaTooOld(
            f"{what} needs schema version {needs}, but database {path} has version {have}; "
            f"upgrade it with `supervisor-tui migrate --db {path}`, then load again "
            f"(nothing was loaded)"
        )


@contextmanager
def transaction(
    path: Path, *, lock_timeout: float, check: bool = True, needs: int = 1, what: str = ""
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Check ``path`` is a supervisor-tui database, open it for writing and run one transaction.

    The transaction commits when the block ends and rolls back on any error, so either every
    row of the block is written or none is. ``check=False`` skips the schema check (for a
    writer that already checked this database, e.g. the live feed's later batches); with the
    check, a file older than schema version ``needs`` is refused (``what`` names what needs
    it).
    """
    if not path.exists():
        raise DatabaseError(missing_database_message(path))
    if check:
        # a clear error for a missing, foreign, newer, older-than-needed or locked database
        have = schema_version(path, lock_timeout=lock_timeout)
        require_version(path, have, needs, what or "this load")
    try:
        with writer(path, retry_seconds=lock_timeout) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                with suppress(duckdb.Error):
                    con.execute("ROLLBACK")
                raise
    except (DatabaseBusy, duckdb.ConstraintException):
        raise  # the caller decides: wait and retry, or recount and redo
    except (DatabaseError, duckdb.Error) as exc:
        denied = _write_error(path, exc)
        if denied is not None:
            raise denied from None
        if isinstance(exc, DatabaseError):
            raise
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DatabaseError(
            f"database {path}: write failed, nothing was written ({first})"
        ) from None


def known_areas(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.sql(queries.load("areas").sql).fetchall()
    return [row[0] for row in rows]


def upsert(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    frame: pl.DataFrame,
    *,
    progress: Progress | None = None,
    label: str = "",
) -> Counts:
    """Insert new keys, update changed rows, leave equal rows; return the three counts.

    ``frame`` holds the table's columns (extra columns such as ``_line`` are ignored) with
    each key at most once. Runs inside the caller's transaction.
    """
    if frame.height == 0:
        return Counts()
    names = list(spec.names)
    key = list(spec.key)
    others = [name for name in names if name not in key]
    staged = frame.select(names).with_row_index("_i")
    status = _classify(con, spec, staged, key, others)
    changed_ids = status.filter(pl.col("status") == "changed")["_i"]
    if status.height:
        new_rows = staged.filter(~pl.col("_i").is_in(status["_i"].implode())).drop("_i")
    else:
        new_rows = staged.drop("_i")  # every key is new
    pause = float(os.environ.get(PAUSE_ENV, "0") or 0)
    total = max(new_rows.height, 1)
    for chunk, start in enumerate(range(0, new_rows.height, CHUNK_ROWS), start=1):
        insert_rows(con, spec, new_rows.slice(start, CHUNK_ROWS))
        if progress is not None:
            progress(f"writing {label}", min(1.0, (start + CHUNK_ROWS) / total))
        _pause(pause, f"chunk {chunk} of {spec.name} written")
    if changed_ids.len() and others:
        update_rows(con, spec, staged.filter(pl.col("_i").is_in(changed_ids.implode())))
        _pause(pause, f"updates of {spec.name} written")
    unchanged = status.height - changed_ids.len()
    return Counts(loaded=new_rows.height, updated=changed_ids.len(), unchanged=unchanged)


def insert_rows(con: duckdb.DuckDBPyConnection, spec: TableSpec, frame: pl.DataFrame) -> None:
    """Insert every row of ``frame`` (the table's columns) into the table."""
    if frame.height == 0:
        return
    names = list(spec.names)
    column_list = ", ".join(quote(n) for n in names)
    con.register("_ingest_rows", frame.select(names))
    try:
        con.execute(
            f"INSERT INTO {quote(spec.name)} ({column_list}) SELECT {column_list} FROM _ingest_rows"
        )
    finally:
        with suppress(duckdb.Error):  # after a failed statement
            con.unregister("_ingest_rows")


def update_rows(con: duckdb.DuckDBPyConnection, spec: TableSpec, frame: pl.DataFrame) -> None:
    """Set every non-key column of the rows whose key is in ``frame`` to ``frame``'s values."""
    key = list(spec.key)
    others = [name for name in spec.names if name not in key]
    if frame.height == 0 or not others:
        return
    match = " AND ".join(f"t.{quote(k)} = s.{quote(k)}" for k in key)
    assignments = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in others)
    con.register("_ingest_rows", frame.select(spec.names))
    try:
        con.execute(
            f"UPDATE {quote(spec.name)} AS t SET {assignments} FROM _ingest_rows AS s WHERE {match}"
        )
    finally:
        with suppress(duckdb.Error):  # after a failed statement
            con.unregister("_ingest_rows")


def _classify(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    staged: pl.DataFrame,
    key: list[str],
    others: list[str],
) -> pl.DataFrame:
    """``_i`` and status (``same`` or ``changed``) of every staged row whose key exists."""
    table = quote(spec.name)
    empty = pl.DataFrame(schema={"_i": pl.UInt32, "status": pl.String})
    if not con.sql(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchall()[0][0]:
        return empty
    match = " AND ".join(f"t.{quote(k)} = s.{quote(k)}" for k in key)
    same = " AND ".join(f"t.{quote(c)} IS NOT DISTINCT FROM s.{quote(c)}" for c in others)
    con.register("_ingest_staged", staged)
    try:
        found = con.sql(
            f"SELECT s._i, CASE WHEN bool_and({same or 'true'}) THEN 'same' ELSE 'changed' END "
            f"AS status FROM _ingest_staged AS s JOIN {table} AS t ON {match} GROUP BY s._i"
        ).pl()
    finally:
        with suppress(duckdb.Error):  # after a failed statement
            con.unregister("_ingest_staged")
    return found.cast({"_i": pl.UInt32}) if found.height else empty


def _pause(seconds: float, what: str) -> None:
    if seconds > 0:
        print(f"supervisor-tui: {what}; pausing {seconds:g} s", file=sys.stderr, flush=True)
        time.sleep(seconds)
