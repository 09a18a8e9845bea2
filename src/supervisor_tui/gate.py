"""The write gate: a writer that is waiting for the database goes in before new readers.

DuckDB lets a process write a file only while no other process has it open, and every
dashboard holds the file open for the length of its read. With many dashboards (served tabs,
wall screens) reading at their own moments, the file is rarely free of all of them at once,
and a live feed waited seconds for each batch (``benchmarks/writer_wait.py``: 24 readers,
p95 5.7 s, up to 11 s). So a supervisor-tui writer (``db.writer``: ``load``, ``simulate``,
``migrate``, the sample's live feed) first takes an exclusive lock on a small file beside the
database, ``<name>.gate``, and keeps it until it has closed the database; a reader passes
the gate (takes and at once drops a shared lock on it) before it attaches. While a writer
waits, new reads wait for it (up to their own lock budget), the reads under way finish, and
the writer gets the file within about one read.

The gate only orders this program's own readers and writers. It never decides whether a
read or write may happen: DuckDB's own file lock does, so a gate that cannot be made (a
read-only folder, a system without ``flock``) or a writer of another program that ignores
it changes nothing but the waiting order. A writer killed mid-write drops its lock with its
process. Readers never create the file.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no gate, DuckDB's lock alone orders access
    fcntl = None  # type: ignore[assignment]

#: Gates held as a writer, by (gate, thread): a read the writing thread makes meanwhile does
#: not wait for itself (another thread's read waits, as another process's does).
_held: dict[tuple[str, int], int] = {}
_held_lock = threading.Lock()
#: How often a waiter tries the gate again (seconds, jittered).
POLL_SECONDS = 0.005


def gate_path(database: Path | str) -> Path:
    """The gate file of ``database``: ``<name>.gate`` in the same folder."""
    target = Path(database)
    return target.with_name(f"{target.name}.gate")


def _flock(fd: int, mode: int, budget: float) -> bool:
    """Take ``mode`` on ``fd`` within ``budget`` seconds (False: not in time)."""
    assert fcntl is not None
    deadline = time.monotonic() + budget
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS * random.uniform(0.5, 1.5))


@contextmanager
def writing(database: Path | str, budget: float) -> Iterator[bool]:
    """Hold ``database``'s gate for a write (yields False when there is no gate to hold:
    none can be made here, or another writer kept it past ``budget`` seconds — DuckDB's own
    lock then decides, as it always does)."""
    if fcntl is None:
        yield False
        return
    gate = gate_path(database)
    try:
        fd = os.open(gate, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield False
        return
    key = (str(gate.resolve()), threading.get_ident())
    try:
        try:
            held = _flock(fd, fcntl.LOCK_EX, budget)
        except OSError:  # a file system without flock: no gate
            held = False
        if not held:
            yield False
            return
        with _held_lock:
            _held[key] = _held.get(key, 0) + 1
        try:
            yield True
        finally:
            with _held_lock:
                _held[key] -= 1
                if not _held[key]:
                    del _held[key]
    finally:
        os.close(fd)  # drops the lock


def pass_before_read(database: Path | str, budget: float) -> bool:
    """Wait (up to ``budget`` seconds) while a writer holds ``database``'s gate, then go on.
    True when the gate was passed (or there is none to pass: no file, no ``flock``, or this
    thread holds it as the writer), False when a writer kept it all the budget (the read
    goes on regardless: DuckDB's lock decides whether it may)."""
    if fcntl is None:
        return True
    gate = gate_path(database)
    try:
        fd = os.open(gate, os.O_RDONLY)
    except OSError:  # no writer of ours has written here (or it cannot be read): no gate
        return True
    try:
        with _held_lock:
            if (str(gate.resolve()), threading.get_ident()) in _held:
                return True
        if not _flock(fd, fcntl.LOCK_SH, budget):
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except OSError:  # a file system without flock: no gate
        return True
    finally:
        os.close(fd)
