"""``report --format json`` as a process against a bare-SQL reference process.

    python benchmarks/report_process.py DB --as-of 2026-03-02T07:00 [--runs N]

The reference is the best bare formulation of the same figures we have: a Python process
that imports only DuckDB and sends the very statements ``report --format json`` sends
(recorded once in this process: attach, schema check, each shared state at T once into a
temporary table, every query once, detach), printing every result as JSON. Both are timed
from process start to exit, alternately, ``--runs`` times; prints JSON with the medians and
their ratio, measured in this one run.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

REFERENCE = """
import json, pickle, sys
import duckdb
steps = pickle.loads(open(sys.argv[1], "rb").read())
con = duckdb.connect(":memory:")
out = []
for kind, text, params in steps:
    if kind == "execute":
        con.execute(text, params) if params is not None else con.execute(text)
    else:
        out.append(con.sql(text, params=params).fetchall())
json.dump(out, sys.stdout, default=str)
"""


def record(db_path: Path, as_of: datetime) -> list[tuple[str, str, object]]:
    from core import Recorder

    from supervisor_tui.db import Database
    from supervisor_tui.figures.report import read
    from supervisor_tui.scope import Scope

    db = Database(db_path)
    real = db._connection()
    recorder = Recorder(real)
    db._con = recorder  # type: ignore[assignment]
    with db.read() as session:
        read(session, Scope(as_of=as_of))
    db._con = real
    db.close()
    return recorder.seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    as_of = datetime.fromisoformat(args.as_of)
    steps = record(args.db, as_of)
    exe = shutil.which("supervisor-tui", path=str(Path(sys.executable).parent))
    base = [exe] if exe else [sys.executable, "-m", "supervisor_tui"]
    report = [*base, "report", "--db", str(args.db), "--as-of", f"{as_of:%Y-%m-%d %H:%M}",
              "--format", "json"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "steps.pickle"
        plan.write_bytes(pickle.dumps(steps))
        reference = [sys.executable, "-c", REFERENCE, str(plan)]
        times: dict[str, list[float]] = {"report": [], "reference": []}
        for _ in range(args.runs + 1):  # the first pair warms the file cache
            for name, argv in (("report", report), ("reference", reference)):
                started = time.perf_counter()
                done = subprocess.run(argv, capture_output=True, text=True, check=False)
                times[name].append(time.perf_counter() - started)
                if done.returncode:
                    raise SystemExit(f"{name} failed: {done.stderr.strip()[-300:]}")
    report_s = statistics.median(times["report"][1:])
    reference_s = statistics.median(times["reference"][1:])
    json.dump(
        {
            "report_s": report_s,
            "reference_s": reference_s,
            "ratio": report_s / reference_s,
            "statements": len(steps),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
