"""Open supervisor-tui databases.

Readers never hold the file open between reads: each read opens an in-memory DuckDB, runs
``ATTACH '<file>' AS live (TYPE DUCKDB, READ_ONLY)``, the queries, then ``DETACH``, so a
writer in another process can append in between. A lock held by a writer is retried with
jittered backoff. Writers open, write one transaction, and close. ``TYPE DUCKDB`` stops DuckDB
guessing a file type from the name (``force.csv`` is then refused as not a database).

Two schema versions are read: 2 (``queries/schema.sql``, what ``init`` creates) and 1 (the
first wave, ``queries/schema_v1.sql``; ``supervisor-tui migrate`` upgrades it). A session says
which it is and which tables the file holds, so a figure that needs a v2 table reports itself
unavailable on a v1 file instead of failing. A newer version than this program knows is
refused.
"""

from __future__ import annotations

import functools
import itertools
import logging
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from supervisor_tui import gate, queries
from supervisor_tui.errors import DatabaseBusy, DatabaseError

log = logging.getLogger(__name__)

#: The newest schema version this program writes (``init``, ``migrate``) and reads.
SCHEMA_VERSION = 2
#: The oldest schema version it still reads (read-only; ``migrate`` upgrades it).
OLDEST_READABLE_VERSION = 1
#: The tables of schema v1 (queries/schema_v1.sql), in dependency order.
SCHEMA_TABLES: tuple[str, ...] = (
    "meta",
    "areas",
    "teams",
    "officers",
    "duties",
    "calls",
    "incidents",
    "deployments",
    "crimes",
    "suspects",
    "suspect_reviews",
    "street_crimes",
)
#: The tables schema v2 adds (queries/schema.sql), in dependency order.
SCHEMA_V2_TABLES: tuple[str, ...] = (
    "crime_actions",
    "key_decisions",
    "bail",
    "bail_extensions",
    "use_of_force",
    "stop_searches",
    "dvds_applications",
    "abstractions",
)
#: Every table of the current schema, in dependency order.
ALL_TABLES: tuple[str, ...] = SCHEMA_TABLES + SCHEMA_V2_TABLES
#: The schema version that introduced each table.
TABLE_VERSIONS: dict[str, int] = {
    **{table: 1 for table in SCHEMA_TABLES},
    **{table: 2 for table in SCHEMA_V2_TABLES},
}
#: Nullable columns a later version added to an older table, with that version. Every
#: existing row has them null after ``migrate``; a loader's file may leave them out.
ADDED_COLUMNS: dict[tuple[str, str], int] = {
    ("teams", "kind"): 2,
    ("crimes", "allocated_at"): 2,
    ("crimes", "victim_enhanced"): 2,
    ("crimes", "domestic_abuse"): 2,
    ("crimes", "sexual_offence"): 2,
}
#: The file that creates each version from nothing.
SCHEMA_FILES: dict[int, str] = {1: "schema_v1", 2: "schema"}
DEFAULT_RETRY_SECONDS = 5.0

#: Reads one in-memory connection serves before a fresh one replaces it. A long-lived
#: connection keeps memory from every read (measured: RSS +50 MB over the first 200 full
#: refreshes before it levels off); a new one costs about 30 ms, so every 25 reads keeps a
#: dashboard's memory flat over a shift for about 1 ms a read (benchmarks/soak.py).
RECYCLE_AFTER_READS = 25

#: Run on every reader connection. DuckDB keeps freed query memory in its allocator's caches
#: and returns it to the system only above a flush threshold; a dashboard reading every few
#: seconds all shift held ~55 MB more that way. With a 1 MB threshold and background threads
#: returning it, three 4-minute soaks grew RSS by +3.8/+5.1/+8.3 MB against +9.9/+6.2/+10.4 MB
#: without, and settled at 192-196 MB against 244-249 MB (docs/reliability.md, sixth run).
READER_SETTINGS: tuple[str, ...] = (
    "SET allocator_flush_threshold = '1MB'",
    "SET allocator_background_threads = true",
)


#: The longest pause between a gated writer's tries for the file (seconds): while it holds
#: the write gate only the reads under way keep it out, so it tries often.
WRITER_GATED_RETRY_SECONDS = 0.02


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    if "unique file handle conflict" in text:  # a writer in this same process has it open
        return True
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _is_damage(exc: BaseException) -> bool:
    """A read failed because the file is truncated or corrupt (not because of a query)."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.IOException) or "corrupt" in text or "checksum" in text


def describe_error(path: Path, exc: BaseException) -> str:
    """One line a person can act on, for a DuckDB error while opening ``path``."""
    text = str(exc)
    lowered = text.lower()
    if _is_lock_error(exc):
        return f"database {path} is locked by another process; retry when its writer has finished"
    if "not a valid duckdb database" in lowered or "not a database" in lowered:
        return f"{path} is not a DuckDB database; point --db at a supervisor-tui database"
    if "permission denied" in lowered:
        return f"database {path} cannot be opened: permission denied; check the file permissions"
    if "no such file" in lowered or "cannot open file" in lowered:
        return f"database {path} cannot be opened ({text.splitlines()[0]})"
    if "serialization" in lowered or "storage version" in lowered:
        return (
            f"database {path} was written by a newer DuckDB; upgrade supervisor-tui "
            f"({text.splitlines()[0]})"
        )
    return f"database {path} cannot be opened: {text.splitlines()[0] if text else type(exc)}"


def missing_database_message(path: Path) -> str:
    return (
        f"database {path} does not exist; create one with "
        f"`supervisor-tui sample --db {path}` (sample data) or `supervisor-tui init --db {path}`"
    )


def with_retry(
    action: Any, path: Path, budget: float = DEFAULT_RETRY_SECONDS, *, longest: float = 0.25
) -> Any:
    """Run ``action()``, retrying DuckDB lock conflicts with jittered exponential backoff
    (5 ms doubling up to ``longest`` seconds between tries)."""
    deadline = time.monotonic() + budget
    delay = 0.005
    while True:
        try:
            return action()
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() + delay > deadline:
                raise DatabaseBusy(describe_error(path, exc)) from None
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, longest)


def table_version(table: str) -> int:
    """The schema version that introduced ``table`` (KeyError for a table not in it)."""
    return TABLE_VERSIONS[table]


def _frozen(value: object) -> object:
    """A parameter value as a hashable memo key (lists become tuples)."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def file_stamp(path: Path | str) -> tuple[object, ...]:
    """What changes whenever the database file (or its write-ahead log) is written:
    identity, size and modification times, ``None`` for a file that is not there.

    Two reads of the same file with equal stamps saw the same data: a writer holds the file
    locked while it writes (no read can attach meanwhile) and every write it makes moves the
    file's or the log's modification time, which the kernel keeps to a few milliseconds —
    less than one read takes, so a write after a read cannot keep the stamp the read took."""
    target = Path(path)
    stamps: list[object] = []
    for candidate in (target, target.with_name(f"{target.name}.wal")):
        try:
            st = candidate.stat()
        except OSError:
            stamps.append(None)
            continue
        stamps.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return (str(target.resolve()), *stamps)


def _key(name: str, bound: dict[str, object]) -> tuple[object, ...]:
    return (name, tuple(sorted((k, _frozen(v)) for k, v in bound.items())))


_SHARED_IDS = itertools.count()


class Session:
    """One attached, read-only view of the database; run named queries against it.

    ``schema_version`` is the file's version (1 or 2) and ``tables`` the tables it holds, so a
    caller can tell "this file cannot hold that figure" from an error.

    The data cannot change while a session is open, so within one session each query runs
    once per distinct set of parameters (a second ``query`` with the same values returns the
    same frame), and a file named in another's ``-- requires:`` (the state at T that several
    figures share: open crimes, outstanding suspects, active bail) is computed once into a
    temporary table that every query requiring it reads (a file named in ``-- inline:`` is
    placed as its own text instead). ``close`` drops those tables; they never outlive the
    read, so they are never stale.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        schema_version: int = SCHEMA_VERSION,
        tables: frozenset[str] | None = None,
    ) -> None:
        self._con = con
        self.schema_version = schema_version
        self.tables: frozenset[str] = frozenset(ALL_TABLES) if tables is None else frozenset(tables)
        #: Results a caller may reuse within this one read (the data cannot change while it
        #: is attached): the deadline engine keeps each clock's rows here.
        self.memo: dict[Any, Any] = {}
        self._frames: dict[tuple[object, ...], pl.DataFrame] = {}
        self._shared: dict[tuple[object, ...], str] = {}

    def has(self, *tables: str) -> bool:
        """True when the file holds every one of ``tables``."""
        return all(table in self.tables for table in tables)

    def _statement(self, name: str, values: dict[str, object]) -> tuple[str, dict[str, object]]:
        """The SQL to run for ``name`` and its parameters: each required file read from this
        session's table of it (made on first use)."""
        q = queries.load(name)
        bound = q.bind(values)
        if not q.requires and not q.inline:
            return q.sql, bound
        ctes = {
            dep: f"SELECT * FROM temp.main.{self._shared_table(dep, values)}" for dep in q.requires
        }
        # An inlined file is its own text (its own requirements from this read's tables), so
        # the engine pushes the consumer's filter into it (one incident's calls, not all).
        ctes.update({dep: self._statement(dep, values)[0] for dep in q.inline})
        sql = queries.with_ctes(q.body, ctes)
        return sql, {k: bound[k] for k in queries.params_of(sql)}

    def _shared_table(self, name: str, values: dict[str, object]) -> str:
        key = _key(name, queries.load(name).bind(values))
        table = self._shared.get(key)
        if table is None:
            sql, params = self._statement(name, values)
            table = f"_shared_{name}_{next(_SHARED_IDS)}"
            self._con.execute(f"CREATE TEMP TABLE {table} AS {sql}", params)
            self._shared[key] = table
        return table

    def query(self, name: str, params: dict[str, object] | None = None) -> pl.DataFrame:
        values = params or {}
        key = _key(name, queries.load(name).bind(values))
        frame = self._frames.get(key)
        if frame is None:
            sql, bound = self._statement(name, values)
            # Through the Arrow C stream interface: the same frame as ``.pl()`` without
            # importing pyarrow (a quarter of a second off the dashboard's first paint).
            frame = pl.DataFrame(self._con.sql(sql, params=bound))
            self._frames[key] = frame
        return frame

    def rows(self, name: str, params: dict[str, object] | None = None) -> list[tuple[Any, ...]]:
        sql, bound = self._statement(name, params or {})
        return self._con.sql(sql, params=bound).fetchall()

    def close(self) -> None:
        """Drop this session's shared tables (the read is over)."""
        tables, self._shared = list(self._shared.values()), {}
        self._frames.clear()
        for table in tables:
            self._con.execute(f"DROP TABLE IF EXISTS temp.main.{table}")


class Database:
    """Read access to one database file. Use one instance per thread."""

    def __init__(self, path: Path | str, *, retry_seconds: float = DEFAULT_RETRY_SECONDS) -> None:
        self.path = Path(path)
        self.retry_seconds = retry_seconds
        self._con: duckdb.DuckDBPyConnection | None = None
        self._columns_checked: tuple[int, int] | None = None
        #: Reads the current connection has served (see RECYCLE_AFTER_READS).
        self.reads_on_connection = 0

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is not None and self.reads_on_connection >= RECYCLE_AFTER_READS:
            self.close()
        if self._con is None:
            self._con = duckdb.connect(":memory:")
            for setting in READER_SETTINGS:
                self._con.execute(setting)
            self.reads_on_connection = 0
        self.reads_on_connection += 1
        return self._con

    def _attach(self, con: duckdb.DuckDBPyConnection) -> None:
        if not self.path.exists():
            raise DatabaseError(missing_database_message(self.path))
        if self.path.is_dir():
            raise DatabaseError(f"{self.path} is a folder, not a database file")
        literal = str(self.path).replace("'", "''")
        deadline = time.monotonic() + self.retry_seconds

        def attach() -> None:
            # a writer of ours waiting for the file goes first (supervisor_tui.gate); the
            # wait comes out of the same lock budget, so a busy file is reported as soon
            gate.pass_before_read(self.path, max(0.0, deadline - time.monotonic()))
            con.execute(f"ATTACH '{literal}' AS live (TYPE DUCKDB, READ_ONLY)")

        try:
            with_retry(attach, self.path, self.retry_seconds)
        except DatabaseError:
            raise
        except duckdb.Error as exc:
            raise DatabaseError(describe_error(self.path, exc)) from None
        con.execute("USE live")

    def _check_schema(self, con: duckdb.DuckDBPyConnection) -> int:
        """The file's schema version, or a one-line error when it cannot be read here."""
        try:
            found = con.sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        except duckdb.CatalogException:
            raise DatabaseError(
                f"{self.path} is a DuckDB file but not a supervisor-tui database (no meta "
                f"table); create one with `supervisor-tui init --db PATH`"
            ) from None
        if not found:
            raise DatabaseError(
                f"{self.path} has no schema_version in its meta table; it was not made by "
                f"supervisor-tui init"
            )
        try:
            version = int(str(found[0][0]).strip())
        except ValueError:
            raise DatabaseError(
                f"{self.path} has an unreadable schema_version {found[0][0]!r}; it was not "
                f"made by supervisor-tui"
            ) from None
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path} has schema version {version}, newer than this supervisor-tui "
                f"understands ({SCHEMA_VERSION}); upgrade supervisor-tui"
            )
        if version < OLDEST_READABLE_VERSION:
            raise DatabaseError(
                f"{self.path} has schema version {version}, which no supervisor-tui wrote; "
                f"recreate it with `supervisor-tui init`"
            )
        return version

    @staticmethod
    def _tables(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
        rows = con.sql(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE database_name = 'live' AND schema_name = 'main'"
        ).fetchall()
        return frozenset(row[0] for row in rows)

    def _check_columns(self, con: duckdb.DuckDBPyConnection, version: int) -> None:
        """Every schema table present has the schema's columns with the schema's types (extra
        columns are allowed): a file that breaks the contract is one clear line, not a query
        error later. Checked once per change of the file."""
        try:
            stamp = self.path.stat()
            key = (stamp.st_mtime_ns, stamp.st_size)
        except OSError:
            key = None
        if key is not None and key == self._columns_checked:
            return
        found = {
            (table, column): kind
            for table, column, kind in con.sql(
                "SELECT table_name, column_name, data_type FROM duckdb_columns() "
                "WHERE database_name = 'live' AND schema_name = 'main'"
            ).fetchall()
        }
        present = {table for table, _ in found}
        for (table, column), kind in expected_columns(version).items():
            if table not in present:
                continue
            got = found.get((table, column))
            if got is None:
                raise DatabaseError(
                    f"{self.path}: table {table} has no column {column} ({kind}) that schema "
                    f"v{version} requires; see docs/schema.md"
                )
            if got != kind:
                raise DatabaseError(
                    f"{self.path}: column {table}.{column} is {got}, schema v{version} says "
                    f"{kind}; fix the table (docs/schema.md)"
                )
        self._columns_checked = key

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Attach read-only for the duration of the block, then detach."""
        con = self._connection()
        self._attach(con)
        try:
            try:
                version = self._check_schema(con)
                self._check_columns(con, version)
                session = Session(con, version, self._tables(con))
                try:
                    yield session
                finally:
                    session.close()
            except duckdb.Error as exc:
                if not _is_damage(exc):
                    raise
                raise DatabaseError(
                    f"database {self.path} is damaged ({str(exc).splitlines()[0][:160]}); "
                    f"restore it from a backup or re-create it"
                ) from None
        finally:
            try:
                con.execute("USE memory")
                con.execute("DETACH live")
            except duckdb.Error:  # pragma: no cover - connection already broken
                self.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


class ThreadDatabases:
    """Reads for worker threads: each read borrows a Database (an in-memory connection) that no
    other read is using and gives it back when done, so a dashboard holds as many
    connections as it ever ran reads at once (one or two), not one per worker thread.

    Each connection keeps memory from the reads it served until it is recycled
    (``RECYCLE_AFTER_READS``); one per thread of the worker pool (six on two cores) held six
    such heaps: 90 full reads in turn over six grew RSS by 58 MB, over one by 13 MB.
    """

    def __init__(self, path: Path | str, *, retry_seconds: float = DEFAULT_RETRY_SECONDS) -> None:
        self.path = Path(path)
        self.retry_seconds = retry_seconds
        self._free: list[Database] = []
        self._all: list[Database] = []
        self._lock = threading.Lock()

    def new_database(self) -> Database:
        return Database(self.path, retry_seconds=self.retry_seconds)

    def get(self) -> Borrowed:
        """What a worker reads through: ``with dbs.get().read() as session``."""
        return Borrowed(self)

    def _checkout(self) -> Database:
        with self._lock:
            if self._free:
                return self._free.pop()
        db = self.new_database()
        with self._lock:
            self._all.append(db)
        return db

    def _checkin(self, db: Database) -> None:
        with self._lock:
            if db in self._all:  # not closed meanwhile
                self._free.append(db)

    @property
    def connections(self) -> int:
        """Connections made so far and not closed."""
        with self._lock:
            return len(self._all)

    def close(self) -> None:
        with self._lock:
            databases, self._all, self._free = self._all, [], []
        for db in databases:
            try:
                db.close()
            except duckdb.Error as exc:  # a worker is still using it; it goes with the thread
                log.debug("closing a reader connection: %s", exc)


class Borrowed:
    """A read of a :class:`ThreadDatabases`' file on whichever of its connections is free."""

    def __init__(self, pool: ThreadDatabases) -> None:
        self._pool = pool
        self.path = pool.path

    @contextmanager
    def read(self) -> Iterator[Session]:
        db = self._pool._checkout()
        try:
            with db.read() as session:
                yield session
        finally:
            self._pool._checkin(db)


@contextmanager
def writer(
    path: Path | str, *, retry_seconds: float = DEFAULT_RETRY_SECONDS, gated: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open ``path`` for writing (creating it), retrying lock conflicts; always closes.

    From asking for the file until it is closed the writer holds the write gate
    (:mod:`supervisor_tui.gate`), so dashboards reading the file let it in within about one
    read instead of keeping it out for as long as their reads overlap (``gated=False``: a
    new file no one reads yet, such as ``init``'s, which would leave a gate behind)."""
    target = Path(path)
    deadline = time.monotonic() + retry_seconds  # the gate and the file share one budget
    with gate.writing(target, retry_seconds) if gated else nullcontext(False) as held:
        # holding the gate, no new read starts: try often, the file is free within one read
        longest = WRITER_GATED_RETRY_SECONDS if held else 0.25
        left = max(0.0, deadline - time.monotonic())
        try:
            con = with_retry(lambda: duckdb.connect(str(target)), target, left, longest=longest)
        except DatabaseError:
            raise
        except duckdb.Error as exc:
            raise DatabaseError(describe_error(target, exc)) from None
        try:
            yield con
        finally:
            con.close()


@functools.cache
def expected_columns(version: int) -> dict[tuple[str, str], str]:
    """(table, column) -> DuckDB type of every column of schema ``version``."""
    con = duckdb.connect(":memory:")
    try:
        create_schema(con, version=version)
        rows = con.sql(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE schema_name = 'main'"
        ).fetchall()
    finally:
        con.close()
    return {(table, column): kind for table, column, kind in rows}


def create_schema(con: duckdb.DuckDBPyConnection, *, version: int = SCHEMA_VERSION) -> None:
    """Create every table of schema ``version`` (default the current one) in a new database
    and record the version. Idempotent on a database of that version; use
    :func:`supervisor_tui.migrate.migrate` to upgrade an older file, never this."""
    if version not in SCHEMA_FILES:
        raise ValueError(f"no schema version {version}; known: {sorted(SCHEMA_FILES)}")
    con.execute(queries.load(SCHEMA_FILES[version]).sql)
