"""Worker processes for the reliability tests; each prints one JSON line of figures.

python procs.py writer DB BATCHES ROWS     append BATCHES batches of ROWS calls each
python procs.py reader DB ROWS FINAL       poll through Database.read() until FINAL calls
python procs.py probe DB FINAL             like reader, with no lock retry (counts conflicts)
python procs.py feed-reader DB SECONDS     poll the headline figures while a feed writes
python procs.py hold DB SECONDS            hold the write lock
"""

from __future__ import annotations

import json
import random
import sys
import time
import traceback
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from supervisor_tui import metrics
from supervisor_tui.db import Database, with_retry
from supervisor_tui.errors import DatabaseBusy

DEADLINE_S = 90.0
#: Readers poll with a short pause, as dashboards do (DuckDB's file lock is not fair: readers
#: attaching back to back with no pause can keep a writer out indefinitely).
POLL_S = (0.02, 0.05)
#: A dashboard refreshes every few seconds; these readers refresh ten times as often.
DASHBOARD_POLL_S = (0.2, 0.5)
BASE = datetime(2026, 1, 5, 8, 0)


def writer(path: Path, batches: int, rows: int) -> dict[str, object]:
    attempts = 0

    def connect() -> duckdb.DuckDBPyConnection:
        nonlocal attempts
        attempts += 1
        return duckdb.connect(str(path))

    for batch in range(batches):
        con = with_retry(connect, path, 30.0)
        try:
            con.execute("BEGIN TRANSACTION")
            for i in range(rows):  # one statement per row: a long window for a torn read
                n = batch * rows + i
                con.execute(
                    "INSERT INTO calls (call_id, line, presented_at) VALUES ($id, '999', $at)",
                    {"id": f"W{n:07d}", "at": BASE + timedelta(seconds=n)},
                )
            con.execute("COMMIT")
        finally:
            con.close()
        time.sleep(0.03)  # a feed writes a batch, then lets readers in
    return {"batches": batches, "rows": batches * rows, "lock_retries": attempts - batches}


def reader(path: Path, rows: int, final: int, *, retry: bool) -> dict[str, object]:
    db = Database(path, retry_seconds=30.0 if retry else 0.0)
    reads = torn = shrank = busy = 0
    errors: list[str] = []
    seen: list[int] = []
    last = -1
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        try:
            with db.read() as session:
                count = int(dict(session.rows("ingest_row_counts"))["calls"])
        except DatabaseBusy:
            busy += 1
            time.sleep(0.005)
            continue
        except Exception:
            errors.append(traceback.format_exc(limit=1).strip().splitlines()[-1])
            continue
        reads += 1
        time.sleep(random.uniform(*POLL_S))
        torn += count % rows != 0
        shrank += count < last
        if count != last:
            seen.append(count)
        last = count
        if count >= final:
            break
    db.close()
    return {
        "reads": reads,
        "torn": torn,
        "shrank": shrank,
        "busy": busy,
        "errors": errors,
        "distinct_counts": len(seen),
        "last": last,
    }


def feed_reader(path: Path, stop_file: Path) -> dict[str, object]:
    db = Database(path, retry_seconds=30.0)
    reads = shrank = broken = 0
    errors: list[str] = []
    last = -1
    baseline = None
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline and not (stop_file.exists() and reads):
        try:
            with db.read() as session:
                extent = session.query("data_extent").row(0, named=True)
                refs = session.query("ingest_check_references").row(0)
                scope = metrics.Scope(as_of=extent["last_call_at"] or BASE)
                metrics.report(session, scope)
        except Exception:
            errors.append(traceback.format_exc(limit=1).strip().splitlines()[-1])
            continue
        reads += 1
        time.sleep(random.uniform(*DASHBOARD_POLL_S))
        if baseline is None:
            baseline = refs
        broken += refs != baseline
        shrank += extent["calls"] < last
        last = extent["calls"]
    db.close()
    return {"reads": reads, "shrank": shrank, "broken": broken, "errors": errors, "last": last}


def hold(path: Path, seconds: float) -> dict[str, object]:
    con = duckdb.connect(str(path))
    print("holding", flush=True)
    time.sleep(seconds)
    con.close()
    return {}


def main(argv: list[str]) -> None:
    kind, path = argv[0], Path(argv[1])
    if kind == "writer":
        result = writer(path, int(argv[2]), int(argv[3]))
    elif kind == "reader":
        result = reader(path, int(argv[2]), int(argv[3]), retry=True)
    elif kind == "probe":
        result = reader(path, 1, int(argv[2]), retry=False)
    elif kind == "feed-reader":
        result = feed_reader(path, Path(argv[2]))
    elif kind == "hold":
        result = hold(path, float(argv[2]))
    else:
        raise SystemExit(f"unknown worker {kind}")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
