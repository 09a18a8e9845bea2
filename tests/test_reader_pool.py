"""The dashboard's readers: a read borrows a connection no other read is using, so the app
holds as many in-memory connections as reads it ran at once, whatever thread runs them."""

from __future__ import annotations

import threading
from pathlib import Path

from supervisor_tui.db import ThreadDatabases


def one_read(pool: ThreadDatabases) -> int:
    with pool.get().read() as session:
        return len(session.tables)


def test_reads_in_turn_from_many_threads_share_one_connection(empty_db: Path) -> None:
    pool = ThreadDatabases(empty_db)
    seen: list[int] = []
    for _ in range(6):  # six worker threads, one after another
        thread = threading.Thread(target=lambda: seen.append(one_read(pool)))
        thread.start()
        thread.join()
    assert len(seen) == 6 and len(set(seen)) == 1
    assert pool.connections == 1
    pool.close()
    assert pool.connections == 0


def test_reads_at_the_same_time_each_get_their_own(empty_db: Path) -> None:
    pool = ThreadDatabases(empty_db)
    inside, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def long_read() -> None:
        try:
            with pool.get().read():
                inside.set()
                release.wait(30)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=long_read)
    thread.start()
    assert inside.wait(30)
    one_read(pool)  # while the other read is open
    assert pool.connections == 2
    release.set()
    thread.join()
    for _ in range(3):
        one_read(pool)
    assert pool.connections == 2 and not errors
    pool.close()
    one_read(pool)  # a read after close opens a fresh connection
    assert pool.connections == 1
    pool.close()
