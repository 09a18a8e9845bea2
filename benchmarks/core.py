"""Child process of ``run.py``: time the core against one database, print JSON on stdout.

Runs in its own process so its peak RSS is the core's alone (no generator, no SQLite peer).
Order: home-screen refresh through the core, drill-downs through the core (peak RSS taken
here), then the same refresh SQL run bare on a plain read-only DuckDB connection.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from supervisor_tui import figures as registry
from supervisor_tui import metrics, queries
from supervisor_tui.db import Database, Session


def refresh(session: Session, scope: metrics.Scope) -> dict[str, Any]:
    """Every home-screen figure: the report plus the breakdowns the home panels draw."""
    figures = metrics.report(session, scope)
    metrics.calls_summary(session, scope, by_hour=True)  # 999 and 101 trend lines
    metrics.attendance_summary(session, scope, by_hour=True)  # attendance trend
    metrics.on_duty_summary(session, scope, by_area=True)  # on duty per area
    return figures


def full_refresh(session: Session, scope: metrics.Scope) -> None:
    """Every figure family's fetch, the action queue included, as one home refresh round."""
    for family in registry.families():
        family.fetch(session, scope)


class Recorder:
    """A DuckDB connection that notes every statement a read sends (attach, schema check,
    the per-read shared tables, the queries, detach), to replay them bare."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.seen: list[tuple[str, str, object]] = []

    def sql(self, text: str, params: object = None):
        self.seen.append(("sql", text, params))
        return self.con.sql(text, params=params)

    def execute(self, text: str, params: object = None):
        self.seen.append(("execute", text, params))
        return self.con.execute(text, params) if params is not None else self.con.execute(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


def record_full(db: Database, scope: metrics.Scope) -> list[tuple[str, str, object]]:
    """The statements one full refresh sends, in order (the bare formulation replays them)."""
    real = db._connection()
    recorder = Recorder(real)
    db._con = recorder  # type: ignore[assignment]
    try:
        with db.read() as session:
            full_refresh(session, scope)
    finally:
        db._con = real
    return recorder.seen


def bare_full(path: Path, seen: list[tuple[str, str, object]]) -> Callable[[], None]:
    """The best bare-DuckDB formulation of the full refresh we have: the very statements the
    core sends (each shared state computed once into a temporary table, every query once),
    on one plain in-memory connection with the file attached read-only, every result fetched
    as Arrow (no polars, no Python-side classification)."""
    con = duckdb.connect(":memory:")
    steps = [(kind, text, params) for kind, text, params in seen]

    def run() -> None:
        for kind, text, params in steps:
            if kind == "execute":
                con.execute(text, params) if params is not None else con.execute(text)
            else:
                con.sql(text, params=params).to_arrow_table()

    return run


def record_queries(db: Database, scope: metrics.Scope) -> list[tuple[str, dict[str, object]]]:
    """The (query, parameters) a core refresh runs, in order, so the bare run replays them."""
    seen: list[tuple[str, dict[str, object]]] = []
    original = Session.query

    def recording(self: Session, name: str, params: dict[str, object] | None = None):
        seen.append((name, dict(params or {})))
        return original(self, name, params)

    Session.query = recording  # type: ignore[method-assign]
    try:
        with db.read() as session:
            refresh(session, scope)
    finally:
        Session.query = original  # type: ignore[method-assign]
    return seen


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; unlike ru_maxrss it is not inherited from
    the parent across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        out.append(time.perf_counter() - started)
    return out


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": p95 * 1000,
        "runs": len(ordered),
    }


def drill_downs(db: Database, scope: metrics.Scope, runs: int) -> dict[str, dict[str, float]]:
    """Panel -> list and list -> record, each in its own read as the dashboard does."""
    with db.read() as session:
        incidents = metrics.incidents_list(session, scope)
        breaching = incidents.filter(incidents["breaching_now"])
        incident_id = (breaching if breaching.height else incidents)["incident_id"][0]
        officer_id = metrics.workload_list(session, scope)["officer_id"][0]
        suspect_id = metrics.suspects_list(session, scope)["suspect_id"][0]

    def read(fn: Callable[[Session], object]) -> Callable[[], object]:
        def run() -> object:
            with db.read() as session:
                return fn(session)

        return run

    steps: dict[str, Callable[[Session], object]] = {
        "list: calls": lambda s: metrics.calls_list(s, scope),
        "list: incidents": lambda s: metrics.incidents_list(s, scope),
        "list: workload": lambda s: metrics.workload_list(s, scope),
        "list: suspects": lambda s: metrics.suspects_list(s, scope),
        "list: on duty": lambda s: metrics.on_duty_list(s, scope),
        "record: incident": lambda s: metrics.incident_record(s, scope, incident_id),
        "record: officer": lambda s: metrics.officer_record(s, scope, officer_id),
        "record: suspect": lambda s: metrics.suspect_record(s, scope, suspect_id),
    }
    return {name: summary(timed(read(fn), runs)) for name, fn in steps.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--as-of", required=True, help="naive UTC ISO time")
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--sqlite", type=Path, help="SQLite copy for the pandas peer")
    parser.add_argument("--peer-runs", type=int, default=5)
    parser.add_argument("--full-only", action="store_true", help="only the full refresh")
    args = parser.parse_args()
    scope = metrics.Scope(as_of=datetime.fromisoformat(args.as_of))
    db = Database(args.db)

    def core_refresh() -> dict[str, Any]:
        with db.read() as session:
            return refresh(session, scope)

    figures = core_refresh()  # warm-up (and the figures the peer must match)
    if args.full_only:
        full_out = measure_full(db, args.db, scope, args.runs)
        db.close()
        json.dump(full_out, sys.stdout, default=str)
        return
    drills = drill_downs(db, scope, max(20, args.runs))
    timed(core_refresh, 5)
    rss_mb = peak_rss_mb()  # before the bare connection and pandas add their own memory
    plan = record_queries(db, scope)

    con = duckdb.connect(str(args.db), read_only=True)
    bound = [(queries.load(name).sql, queries.load(name).bind(params)) for name, params in plan]

    def bare_refresh() -> None:
        for sql, params in bound:
            con.sql(sql, params=params).fetchall()

    bare_refresh()  # warm-up
    # Interleaved, so both series see the same load from anything else on the machine.
    core: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        core += timed(core_refresh, 1)
        bare += timed(bare_refresh, 1)
    con.close()
    full_out = measure_full(db, args.db, scope, args.runs)
    out: dict[str, Any] = {
        **full_out,
        "figures": figures,
        "refresh": summary(core),
        "bare": summary(bare),
        "queries": [name for name, _ in plan],
        "drill": drills,
        "rss_mb": rss_mb,
    }
    if args.sqlite:
        out.update(run_peer(args.sqlite, scope, figures, core_refresh, args.peer_runs))
    db.close()
    json.dump(out, sys.stdout, default=str)


def measure_full(db: Database, path: Path, scope: metrics.Scope, runs: int) -> dict[str, Any]:
    """The full refresh (every family, the queue included) through the core, interleaved with
    its bare replay; wall and CPU time (both threads) per run."""

    def core() -> None:
        with db.read() as session:
            full_refresh(session, scope)

    core()  # warm-up
    seen = record_full(db, scope)
    bare = bare_full(path, seen)
    bare()  # warm-up
    wall: list[float] = []
    cpu: list[float] = []
    bare_wall: list[float] = []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        core()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        bare_wall += timed(bare, 1)
    statements = [text for kind, text, _ in seen if kind == "sql"]
    return {
        "full": summary(wall),
        "full_cpu": summary(cpu),
        "full_bare": summary(bare_wall),
        "full_statements": len(seen),
        "full_queries": len(statements),
    }


def run_peer(
    path: Path,
    scope: metrics.Scope,
    figures: dict[str, Any],
    core_refresh: Callable[[], object],
    runs: int,
) -> dict[str, Any]:
    """The SQLite + pandas peer, each run paired with a core refresh; figures compared."""
    import sqlite3

    import peer

    con = sqlite3.connect(path)
    peer_times: list[float] = []
    core_times: list[float] = []
    result: dict[str, Any] = {}
    for _ in range(runs):
        started = time.perf_counter()
        result = peer.figures(con, scope.as_of, scope.window, scope.area)
        peer_times.append(time.perf_counter() - started)
        core_times += timed(core_refresh, 1)
    con.close()
    keys = ("calls", "attendance", "workload", "suspects", "on_duty")
    problems = peer.compare({k: figures[k] for k in keys}, {k: result[k] for k in keys})
    # Figures added after the peer was written (waiting now, held over) it does not compute:
    # those are not differences; every figure it does compute must be equal.
    problems = [p for p in problems if not p.endswith(": only in core")]
    return {
        "peer": summary(peer_times),
        "peer_core": summary(core_times),
        "peer_problems": problems[:5],
    }


if __name__ == "__main__":
    main()
