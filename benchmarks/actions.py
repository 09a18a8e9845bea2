"""What the action queue adds to a full refresh (issue: at most 10 ms at scale 1, one year).

    python benchmarks/actions.py [--db PATH] [--runs N]

Without --db it generates the benchmark's scale-1 database (one year of one force, seed 1,
ending 2026-03-02 07:00 UTC) into benchmarks/.cache/. Each run is one ``Database.read()``
reading every figure family through the registry, alternately with and without the Actions
family (its queue reuses the clock rows the other families' fetches classified in the same
read). Prints p50 / p95 of both and the difference, measured in this one run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime
from pathlib import Path

from supervisor_tui import figures
from supervisor_tui.db import Database
from supervisor_tui.scope import Scope

CACHE = Path(__file__).resolve().parent / ".cache"
END = datetime(2026, 3, 2, 7, 0)


def database(path: str | None) -> Path:
    if path:
        return Path(path)
    target = CACHE / "actions-scale1-365d.duckdb"
    if not target.exists():
        from supervisor_tui.sample import generate

        CACHE.mkdir(exist_ok=True)
        generate(target, days=365, end=END, seed=1, scale=1.0)
    return target


def refresh(db: Database, scope: Scope, with_actions: bool) -> float:
    began = time.perf_counter()
    with db.read() as session:
        for family in figures.families():
            if family.id == "actions" and not with_actions:
                continue
            family.fetch(session, scope)
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    db = Database(database(args.db))
    scope = Scope(as_of=END)
    for flag in (True, False):  # warm-up
        refresh(db, scope, flag)
    timings: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.runs):
        for flag in (False, True):
            timings[flag].append(refresh(db, scope, flag))

    def p(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1]

    without, with_ = timings[False], timings[True]
    added = statistics.median(with_) - statistics.median(without)
    print(f"full refresh without Actions: p50 {statistics.median(without):.1f} ms, "
          f"p95 {p(without, 95):.1f} ms")  # fmt: skip
    print(f"full refresh with Actions:    p50 {statistics.median(with_):.1f} ms, "
          f"p95 {p(with_, 95):.1f} ms")  # fmt: skip
    verdict = "met" if added <= 10 else "missed"
    print(
        f"the action queue adds {added:.1f} ms at p50 (target <= 10 ms: {verdict}); "
        f"ratio {statistics.median(with_) / statistics.median(without):.3f}"
    )


if __name__ == "__main__":
    main()
