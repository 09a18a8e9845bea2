"""Profile what limits the refresh and the first paint (needs ``pip install pyinstrument``).

    python benchmarks/profile_limits.py [DB]

DB defaults to the cached scale-10 database that ``run.py`` builds. Prints a pyinstrument
profile of ten home-screen refreshes through the core, the DuckDB plan timings of the two
slowest queries, and a profile of one headless first paint (run in a child process).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pyinstrument import Profiler

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import core  # noqa: E402
import duckdb  # noqa: E402
import run  # noqa: E402

from supervisor_tui import metrics, queries  # noqa: E402
from supervisor_tui.db import Database  # noqa: E402


def main() -> None:
    default = sorted(run.CACHE.glob("sample_s10_*.duckdb"))
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else (default[0] if default else None)
    if path is None or not path.exists():
        raise SystemExit("no database: run `python benchmarks/run.py` first or pass a path")
    scope = metrics.Scope(as_of=run.END)
    db = Database(path)
    with db.read() as session:
        core.refresh(session, scope)
    profiler = Profiler(interval=0.001)
    profiler.start()
    for _ in range(10):
        with db.read() as session:
            core.refresh(session, scope)
    profiler.stop()
    db.close()
    print(profiler.output_text(unicode=True, color=False))

    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET enable_progress_bar = false")
    for name in ("workload_officers", "suspects_summary"):
        q = queries.load(name)
        params = q.bind(scope.params())
        con.sql(q.sql, params=params).fetchall()
        plan = con.sql("EXPLAIN ANALYZE " + q.sql, params=params).fetchall()[0][1]
        print(f"--- EXPLAIN ANALYZE {name} (operators over 5 ms) ---")
        print("\n".join(line for line in plan.splitlines() if "ms" in line or "Total" in line))
    con.close()

    print("--- first paint ---")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pyinstrument",
            "-i",
            "0.002",
            str(HERE / "first_paint.py"),
            str(path),
            "--as-of",
            run.END.isoformat(),
        ],
        check=False,
        env={**os.environ, "PYINSTRUMENT_IGNORE_OVERHEAD_WARNING": "1"},
    )


if __name__ == "__main__":
    main()
