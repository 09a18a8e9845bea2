"""How long a writer waits for the database while many dashboards read it.

    python benchmarks/writer_wait.py [--db PATH] [--readers 8,16,24] [--seconds 40]
                                     [--interval 5] [--write-every 1] [--json]

DuckDB lets one process write a file only while no other process has it open, so every
dashboard's read (attach, every figure, detach) shuts a writer out for as long as it lasts.
This measures what that costs a live feed. At each step it starts ``--readers`` reader
processes, each reading every home figure (``figures.report.read``, one ``Database.read()``)
once per ``--interval`` seconds at its own random phase, as that many dashboards or served
tabs do while the data changes; meanwhile this process writes one call every
``--write-every`` seconds through ``db.writer`` (the path ``load``, ``simulate`` and the
sample feed take), as a live feed does. Over ``--seconds`` it reports:

- the writer's wait: from asking for the database to the transaction committed, p50 / p95 /
  max, and how many writes went in;
- the readers' read time p50 / p95 (what a dashboard's round takes, any wait included).

Without ``--db`` a 35-day sample is generated into a temporary directory (the database is
written to: use a copy). Figures come from this one run; nothing is compared with a stored
figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

_FCNTL = None

READER = """
import random, sys, time
from supervisor_tui import metrics
from supervisor_tui.db import Database
from supervisor_tui.figures import report
from supervisor_tui.timeutil import utc_now
path, interval, until = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
if sys.argv[4] == "off":
    from supervisor_tui import gate
    gate.fcntl = None  # as before the write gate: readers never wait for a writer
db = Database(path, retry_seconds=30)
time.sleep(random.uniform(0, interval))
while time.time() < until:
    began = time.monotonic()
    with db.read() as session:
        report.read(session, metrics.Scope(as_of=utc_now()), surface="home")
    took = time.monotonic() - began
    print(took, flush=True)
    time.sleep(max(0.0, interval - took))
"""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def step(
    path: Path, readers: int, seconds: float, interval: float, every: float, gated: bool
) -> dict:
    from supervisor_tui import gate
    from supervisor_tui.db import writer

    if not gated:
        gate.fcntl = None  # type: ignore[assignment]

    warmup = interval + 3.0
    switch = "on" if gated else "off"
    until = time.time() + warmup + seconds + 1.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(path), str(interval), str(until), switch],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(readers)
    ]
    time.sleep(warmup)
    waits: list[float] = []
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
        asked = time.monotonic()
        with writer(path, retry_seconds=60) as con:
            con.execute("BEGIN TRANSACTION")
            con.execute(
                "INSERT INTO calls (call_id, line, presented_at) VALUES (?, '999', ?)",
                [f"WRITER-WAIT-{os.getpid()}-{time.time_ns()}", datetime(2000, 1, 1)],
            )
            con.execute("COMMIT")
        waits.append(time.monotonic() - asked)
        time.sleep(max(0.0, every - waits[-1]))
    reads: list[float] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        reads += [float(line) for line in out.split()]
    if not gated:
        gate.fcntl = _FCNTL
    return {
        "gate": gated,
        "readers": readers,
        "writes": len(waits),
        "write_wait_ms_p50": statistics.median(waits) * 1000,
        "write_wait_ms_p95": pct(waits, 0.95) * 1000,
        "write_wait_ms_max": max(waits) * 1000,
        "read_ms_p50": statistics.median(reads) * 1000 if reads else None,
        "read_ms_p95": pct(reads, 0.95) * 1000,
        "reads": len(reads),
    }


def main() -> int:
    global _FCNTL
    from supervisor_tui import gate

    _FCNTL = gate.fcntl
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database to write to (default: a sample)")
    parser.add_argument("--readers", default="8,16,24", help="reader counts to step through")
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--interval", type=float, default=5.0, help="each reader's interval")
    parser.add_argument("--write-every", type=float, default=1.0, help="seconds between writes")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="run each step without the write gate too (as before it), alternating",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db
        if path is None:
            from supervisor_tui.sample import generate

            path = Path(tmp) / "sample.duckdb"
            generate(path, days=35, seed=1)
        results = []
        steps = [(int(c), g) for c in args.readers.split(",") for g in
                 ((False, True) if args.compare else (True,))]  # fmt: skip
        for count, gated in steps:
            result = step(path, count, args.seconds, args.interval, args.write_every, gated)
            results.append(result)
            if not args.json:
                print(
                    f"{count:3d} readers, gate {'on ' if gated else 'off'}: "
                    f"write wait p50 {result['write_wait_ms_p50']:.0f} ms, "
                    f"p95 {result['write_wait_ms_p95']:.0f} ms, "
                    f"max {result['write_wait_ms_max']:.0f} ms ({result['writes']} writes); "
                    f"read p50 {result['read_ms_p50']:.0f} ms, p95 {result['read_ms_p95']:.0f} ms"
                    f" ({result['reads']} reads)",
                    flush=True,
                )
        if args.json:
            print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
