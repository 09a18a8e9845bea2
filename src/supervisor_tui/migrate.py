"""Upgrade a database file to the current schema version, in one transaction.

v1 → v2 (``queries/migrate_1_to_2.sql``) adds five nullable columns to ``teams`` and
``crimes`` and creates the second-wave tables empty, then sets ``meta.schema_version`` to
``'2'``. No existing row changes. Everything happens inside one DuckDB transaction, so a
crash (even ``kill -9``) at any moment leaves either the untouched v1 file or the complete v2
one: DuckDB writes a transaction to its write-ahead log only at commit, and a reopened file
replays a complete log entry or ignores a torn one. After the commit a checkpoint folds the
log into the file; that, too, is crash-safe.

Before writing, the file is checked: it must be a supervisor-tui database of a version this
program knows; an older file must not already hold something v2 would add with another shape
(an outside tool's own ``bail`` table, or a ``teams.kind`` of another type), which is refused
with a one-line error naming it, and nothing is changed.
"""

from __future__ import annotations

import os
import re
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from supervisor_tui import queries
from supervisor_tui.db import (
    ADDED_COLUMNS,
    DEFAULT_RETRY_SECONDS,
    SCHEMA_V2_TABLES,
    SCHEMA_VERSION,
    Database,
    create_schema,
    describe_error,
    missing_database_message,
    writer,
)
from supervisor_tui.errors import DatabaseBusy, DatabaseError

#: Seconds to pause after each statement of the migration, and after its commit, before the
#: checkpoint. Only for the crash tests (they kill the process while it pauses).
PAUSE_ENV = "SUPERVISOR_TUI_TEST_PAUSE_IN_MIGRATION"
#: With ``PAUSE_ENV``: pause only at this point (1 = after the first statement; the number of
#: statements plus one = after the commit). Unset: at every point.
PAUSE_AT_ENV = "SUPERVISOR_TUI_TEST_PAUSE_AT"
#: The SQL file of each step, by the version it starts from.
STEPS: dict[int, str] = {1: "migrate_1_to_2"}

_STATEMENT_END = re.compile(r";[ \t]*(?:\n|$)")


@dataclass(frozen=True)
class MigrationResult:
    path: Path
    from_version: int
    to_version: int
    seconds: float

    @property
    def changed(self) -> bool:
        return self.from_version != self.to_version


def statements(step: str) -> list[str]:
    """The statements of a migration file, in order (each ends with ``;`` at a line end)."""
    sql = queries.load(step).sql
    return [part.strip() for part in _STATEMENT_END.split(sql + ";\n") if part.strip()]


# --- the expected shape of what a step adds -------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    columns: tuple[tuple[str, str, bool], ...]  # name, type, nullable


@cache
def _target_shapes() -> tuple[dict[str, _Shape], dict[tuple[str, str], str]]:
    """The v2 tables' columns and the added columns' types, from the schema contract."""
    con = duckdb.connect(":memory:")
    try:
        create_schema(con)
        types = _column_types(con)
        return _table_shapes(con, SCHEMA_V2_TABLES), {k: types[k] for k in ADDED_COLUMNS}
    finally:
        con.close()


def _table_shapes(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> dict[str, _Shape]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type, is_nullable = 'YES' "
        "FROM information_schema.columns WHERE table_schema = 'main' "
        "AND table_catalog = current_database() ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for table, column, data_type, nullable in rows:
        if table in names:
            out.setdefault(table, []).append((column, data_type, bool(nullable)))
    return {table: _Shape(tuple(cols)) for table, cols in out.items()}


def _column_types(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """The type of every column of every table."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_catalog = current_database()"
    ).fetchall()
    return {(t, c): d for t, c, d in rows}


def _clashes(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse, with one line, a v1 file holding a v2 table or column of another shape."""
    tables, added = _target_shapes()
    found = _table_shapes(con, tuple(tables))
    for table, shape in found.items():
        if shape != tables[table]:
            have = ", ".join(f"{c} {t}" for c, t, _ in shape.columns)
            raise DatabaseError(
                f"{path} already has a table {table} ({have}) that is not schema 2's; rename "
                f"or drop it, then run `supervisor-tui migrate` again (nothing was changed)"
            )
    existing = _column_types(con)
    for (table, column), sql_type in added.items():
        have_type = existing.get((table, column))
        if have_type is not None and have_type != sql_type:
            raise DatabaseError(
                f"{path}: column {table}.{column} already exists as {have_type}, but schema 2 "
                f"defines it as {sql_type}; rename or drop it, then run `supervisor-tui "
                f"migrate` again (nothing was changed)"
            )


def _version_in(con: duckdb.DuckDBPyConnection) -> int:
    found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(str(found[0][0]).strip())


def _pause(seconds: float, what: str, point: int) -> None:
    at = os.environ.get(PAUSE_AT_ENV, "")
    if seconds > 0 and (not at or int(at) == point):
        print(
            f"supervisor-tui: migration {what}; pausing {seconds:g} s", file=sys.stderr, flush=True
        )
        time.sleep(seconds)


# --- migrate --------------------------------------------------------------------------------


def migrate(path: Path | str, *, lock_timeout: float = DEFAULT_RETRY_SECONDS) -> MigrationResult:
    """Upgrade the database at ``path`` to :data:`SCHEMA_VERSION`; a no-op when it is there.

    Raises :class:`DatabaseError` (one line) for a missing file, a file that is not a
    supervisor-tui database, a newer version, a clash with what the upgrade adds, or a write
    failure, and :class:`DatabaseBusy` when another process keeps it locked for longer than
    ``lock_timeout`` seconds.
    """
    target = Path(path)
    started = time.monotonic()
    if not target.exists():
        raise DatabaseError(missing_database_message(target))
    reader = Database(target, retry_seconds=lock_timeout)
    try:
        with reader.read() as session:  # one line for a foreign, newer or locked file
            before = session.schema_version
    finally:
        reader.close()
    if before == SCHEMA_VERSION:
        return MigrationResult(target, before, before, time.monotonic() - started)
    pause = float(os.environ.get(PAUSE_ENV, "0") or 0)
    point = 0
    try:
        with writer(target, retry_seconds=lock_timeout) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                before = _version_in(con)  # another migrate may have finished meanwhile
                version = before
                while version < SCHEMA_VERSION:
                    if version == 1:
                        _clashes(con, target)
                    step = STEPS[version]
                    parts = statements(step)
                    for number, statement in enumerate(parts, start=1):
                        con.execute(statement)
                        what = f"statement {number} of {len(parts)} of {step} run"
                        _pause(pause, what, number)
                    point = len(parts) + 1
                    after = _version_in(con)
                    if after <= version:  # pragma: no cover - a step that forgot the version
                        raise DatabaseError(f"migration step {step} did not set the version")
                    version = after
                con.execute("COMMIT")
            except BaseException:
                with suppress(duckdb.Error):
                    con.execute("ROLLBACK")
                raise
            _pause(pause, "committed", point)
            if before != SCHEMA_VERSION:
                con.execute("CHECKPOINT")
    except (DatabaseError, DatabaseBusy):
        raise
    except duckdb.Error as exc:
        lowered = str(exc).lower()
        if any(word in lowered for word in ("permission denied", "read-only", "not permitted")):
            raise DatabaseError(
                f"database {target} cannot be written ({str(exc).splitlines()[0]}); nothing "
                f"was changed; check that the file and its folder are writable"
            ) from None
        if "cannot open" in lowered or "lock" in lowered or "not a valid" in lowered:
            raise DatabaseError(describe_error(target, exc)) from None
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DatabaseError(
            f"database {target}: migration failed, nothing was changed ({first})"
        ) from None
    return MigrationResult(target, before, SCHEMA_VERSION, time.monotonic() - started)
