"""Soak: a live writer against three dashboards and a ``report --check`` loop, for a shift's
worth of refreshes (default 10 minutes).

    python benchmarks/soak.py [--minutes 10] [--dashboards 3] [--json OUT]

What runs, each in its own process, on one sample database (``--history-days``, default 335
days of a force's history, seed 1, ending ``--gap-days`` before the writer's first row):

- **writer**: the live feed (``supervisor_tui.feed.Feed``, first and second wave) writing a
  batch every ``--interval`` seconds in one small transaction each, tuned to about 100 rows a
  second (``--rate`` calls per simulated hour, ``--speed`` simulated seconds per second,
  ``--wave2-scale`` times the second wave's per-call rates). The simulated clock starts
  ``(speed - 1) x minutes`` before now and reaches the wall clock at the end, so every row is
  visible to a live dashboard when written. Every ``--stall-every`` batches it also holds the
  file open for writing ``--stall-seconds`` (a slow loader), longer than the readers wait, so
  they go STALE and must recover. After each commit it logs the rows it inserted per table.
- **dashboards**: the real ``DashboardApp``, headless (``run_async(headless=True)``), live,
  refreshing every ``--refresh`` seconds over a window of ``--window-days`` (default 7, the
  dashboard's "7d"). The history ends a day more than that before the writer's first row, so
  the window's start never passes a record while the soak runs and counts of calls,
  incidents, uses of force, searches and applications can only grow; the figures that are
  state at T (outstanding suspects, open investigations, active bail) read the whole
  history. (``--window-days 366 --gap-days 0`` reads a window holding every record instead.)
  Each samples its figures, STALE reason and VmRSS twice a second, and its VmRSS just after
  each round lands.
- **report loop**: ``supervisor-tui report --check --window <that>d --format json`` again and
  again (exit 0 or 4 is a good read; a one-line "locked" error a STALE one).

At the end: each table's rows added equal the writer's log (nothing lost, nothing twice) and
no natural key is duplicated; no process crashed (exit status, no traceback); no count
decreased between two reads of the same reader; every reader's STALE episodes are counted and
the last reading of each is fresh; each dashboard's RSS growth from the minute after warm-up to
the last minute (medians of the RSS just after each round: RSS swings by tens of MB within a
round, so a sample taken anywhere measures where in the swing it fell), and how far its last
minute lies above a **fresh dashboard** started on the final database once the writer has
stopped (reading every round, as the soaked ones did): what the rows written cost any
dashboard, soaked or not.
The simulated clock runs at 200x (10 minutes are 33 hours: shift changes, investigation plans
and reviews, bail and its extensions all fall due). The figures are printed
and written as JSON (``--json``); the exit status is 0 when every check passes, 1 otherwise.
``tests/test_soak.py`` runs a short version.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

TABLES = (
    "calls",
    "incidents",
    "deployments",
    "crimes",
    "suspects",
    "suspect_reviews",
    "duties",
    "stop_searches",
    "use_of_force",
    "dvds_applications",
    "abstractions",
    "crime_actions",
    "key_decisions",
    "bail",
    "bail_extensions",
)
#: Dashboard figures that cannot decrease while the window starts before every record:
#: (panel id, path into the panel's figures).
DASHBOARD_COUNTS = (
    ("calls_999", ("presented",)),
    ("calls_999", ("answered",)),
    ("calls_999", ("abandoned",)),
    ("calls_101", ("presented",)),
    ("calls_101", ("answered",)),
    ("calls_101", ("abandoned",)),
    ("attendance", (1, "opened")),
    ("attendance", (2, "opened")),
    ("use_of_force", ("uses",)),
    ("stop_search", ("searches",)),
    ("dvds", ("received",)),
)
#: The same in the report's JSON.
REPORT_COUNTS = (
    ("calls", "999", "presented"),
    ("calls", "999", "answered"),
    ("calls", "999", "abandoned"),
    ("calls", "101", "presented"),
    ("calls", "101", "answered"),
    ("calls", "101", "abandoned"),
    ("attendance", "1", "opened"),
    ("attendance", "2", "opened"),
    ("use_of_force", "uses"),
    ("stop_search", "searches"),
)
#: The sample the writer starts on: most of a force-year of history, as a force's database
#: has (a window longer than all of it, ``--window-days 366 --gap-days 0``, stays within the
#: longest window ``report`` accepts).
HISTORY_DAYS = 335
#: The readers' window: a week, the dashboard's own "7d". The history ends a day more than
#: that before the writer's first row (``--gap-days``), so the window holds the writer's rows
#: alone and its counts can only grow, while every figure that is state at T (outstanding
#: suspects, open investigations, active bail) still reads the whole history.
WINDOW_DAYS = 7
RSS_LIMIT_MB = 10.0


def rss_kb(pid: int | str = "self") -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def dig(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        if value is None:
            return None
        value = value[key]
    return value


# --- the writer --------------------------------------------------------------------------------


def writer_main(args: argparse.Namespace) -> int:
    from supervisor_tui.db import writer
    from supervisor_tui.errors import DatabaseBusy
    from supervisor_tui.feed import Feed
    from supervisor_tui.timeutil import utc_now

    start = datetime.fromisoformat(args.start)
    feed = Feed(
        args.db,
        rate=args.rate,
        speed=args.speed,
        seed=args.seed,
        start=start,
        interval=args.interval,
        lock_timeout=args.lock_timeout,
    )
    assert feed.second_wave is not None, "the soak needs a schema-2 database"
    feed.second_wave.scale = args.wave2_scale
    log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - one line per commit
    deadline = time.monotonic() + args.minutes * 60
    feed.simulated_now()  # pin the real-time origin
    batches = busy = stalls = 0
    durations: list[float] = []
    while time.monotonic() < deadline:
        time.sleep(args.interval)
        target = min(feed.simulated_now(), utc_now().replace(microsecond=0))
        began = time.monotonic()
        try:
            summary = feed.step(target)
        except DatabaseBusy:
            busy += 1
            continue
        durations.append(time.monotonic() - began)
        batches += 1
        log.write(json.dumps({"at": summary.at.isoformat(), "rows": summary.inserted()}) + "\n")
        log.flush()
        if args.stall_every and batches % args.stall_every == 0:
            with writer(args.db, retry_seconds=args.lock_timeout):
                time.sleep(args.stall_seconds)  # a slow loader holding the file
            stalls += 1
    log.close()
    stats = {
        "batches": batches,
        "busy_skips": busy,
        "stalls": stalls,
        "batch_p50_s": statistics.median(durations) if durations else None,
        "batch_max_s": max(durations) if durations else None,
        "clock_end": feed.clock.isoformat(),
    }
    print(json.dumps(stats), flush=True)
    return 0


# --- a dashboard ---------------------------------------------------------------------------------


def dashboard_main(args: argparse.Namespace) -> int:
    from supervisor_tui import metrics
    from supervisor_tui.app.app import DashboardApp
    from supervisor_tui.config import Config
    from supervisor_tui.timeutil import utc_now

    if args.every_round:  # as the soaked dashboards do, with a writer changing the file
        from supervisor_tui.app import app as app_module

        app_module.HOLD_UNCHANGED_SECONDS = 0.0
    config = Config()
    scope = metrics.Scope(
        as_of=utc_now(),
        window=timedelta(days=args.window_days),
        thresholds=config.thresholds,
        tz=config.timezone,
    )
    app = DashboardApp(
        db_path=args.db,
        config=config,
        scope=scope,
        refresh_seconds=args.refresh,
        retry_seconds=args.retry,
    )
    stop_file = Path(args.stop_file)
    out = sys.stdout

    def sample(final: bool = False) -> None:
        figures = {}
        for panel in getattr(app.screen, "panels", ()):
            figures[panel.id] = panel.data.figures if panel.data is not None else None
        counts = {}
        for panel_id, path in DASHBOARD_COUNTS:
            with contextlib.suppress(KeyError, TypeError, IndexError):
                counts[f"{panel_id}.{'.'.join(map(str, path))}"] = dig(figures.get(panel_id), path)
        line = {
            "t": time.monotonic(),
            "rounds": app.rounds,
            "stale": app.staleness(),
            "counts": counts,
            "rss_kb": rss_kb(),
            "final": final,
        }
        out.write(json.dumps(line) + "\n")
        out.flush()

    async def probe() -> None:
        while not getattr(app.screen, "panels", None):
            await asyncio.sleep(0.1)
        try:
            seen, next_sample = app.rounds, time.monotonic() + 0.5
            while not stop_file.exists():
                await asyncio.sleep(0.05)
                if app.rounds != seen:  # RSS at one point of every round: just after it lands
                    seen = app.rounds
                    line = {"kind": "round", "t": time.monotonic(), "rounds": seen}
                    out.write(json.dumps({**line, "rss_kb": rss_kb()}) + "\n")
                if time.monotonic() >= next_sample:
                    next_sample += 0.5
                    sample()
            # the writer has stopped: one more refresh must be fresh (recovered)
            for _ in range(240):
                rounds = app.rounds
                app.call_later(app.refresh_now)  # in the app's own context
                while app.rounds == rounds or app.screen_busy():
                    await asyncio.sleep(0.1)
                await asyncio.sleep(0.3)
                if app.staleness() is None:
                    break
            sample(final=True)
        finally:
            app.call_later(app.exit, 0)

    async def run() -> int | None:
        task = asyncio.get_running_loop().create_task(probe())
        result = await app.run_async(headless=True, size=(120, 36))
        if task.done() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
        return result

    result = asyncio.run(run())
    return 0 if result in (0, None) and app.return_code in (0, None) else 1


# --- the parent ----------------------------------------------------------------------------------


def table_counts(path: Path) -> dict[str, dict[str, int]]:
    import duckdb

    from supervisor_tui.ingest.tables import spec

    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            key = ", ".join(spec(table).key)
            rows, keys = con.sql(
                f"SELECT count(*), count(DISTINCT ({key})) FROM {table}"
            ).fetchall()[0]
            out[table] = {"rows": rows, "duplicates": rows - keys}
        return out
    finally:
        con.close()


def one_report(db: Path, window_days: int) -> dict[str, Any]:
    """One ``report --check`` run: exit status, stderr, and the counts of a good read."""
    began = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "supervisor_tui", "report", "--db", str(db), "--check",
         "--window", f"{window_days}d", "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    row: dict[str, Any] = {"t": began, "rc": proc.returncode, "err": proc.stderr.strip()}
    if proc.returncode in (0, 4):
        report = json.loads(proc.stdout)
        row["counts"] = {".".join(p): dig(report, p) for p in REPORT_COUNTS}
    return row


def report_loop(
    db: Path, window_days: int, stop: threading.Event, results: list[dict[str, Any]]
) -> None:
    while not stop.is_set():
        results.append(one_report(db, window_days))


def decreases(readings: list[dict[str, Any]]) -> list[str]:
    """Every count that went down between two fresh readings, as 'name: a -> b'."""
    found, last = [], {}
    for reading in readings:
        for name, value in (reading.get("counts") or {}).items():
            if value is None:
                continue
            if name in last and value < last[name]:
                found.append(f"{name}: {last[name]} -> {value}")
            last[name] = value
    return found


def quarters(readings: list[dict[str, Any]], began: float, elapsed: float) -> list[float]:
    """VmRSS (MB) at the end of each quarter of the writing."""
    out = []
    for q in (0.25, 0.5, 0.75, 1.0):
        upto = [r for r in readings if r["t"] <= began + q * elapsed and r["rss_kb"]]
        if upto:
            out.append(round(upto[-1]["rss_kb"] / 1024, 1))
    return out


def episodes(stale_flags: list[bool]) -> int:
    count, before = 0, False
    for flag in stale_flags:
        if flag and not before:
            count += 1
        before = flag
    return count


def prepare(
    folder: Path, minutes: float, speed: float, history_days: int, gap_days: float
) -> tuple[Path, datetime]:
    """The sample the writer continues (``history_days`` ending ``gap_days`` before the
    writer's first simulated moment) and that first moment."""
    from supervisor_tui.sample import generate
    from supervisor_tui.timeutil import utc_now

    start = utc_now().replace(microsecond=0) - timedelta(minutes=(speed - 1) * minutes)
    db = folder / "soak.duckdb"
    generate(db, days=history_days, end=start - timedelta(days=gap_days), seed=1)
    return db, start


def start_dashboard(
    db: Path, stop_file: Path, args: argparse.Namespace, err: IO[str], *extra: str
) -> tuple[subprocess.Popen[str], list[dict[str, Any]], threading.Thread]:
    """One headless dashboard process (``dashboard_main``) and a thread collecting the
    readings it prints, one JSON line each, into the list returned."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "dashboard", "--db", str(db),
         "--stop-file", str(stop_file), "--refresh", str(args.refresh),
         "--retry", str(args.retry), "--window-days", str(args.window_days), *extra],
        stdout=subprocess.PIPE, stderr=err, text=True,
    )  # fmt: skip
    lines: list[dict[str, Any]] = []
    assert proc.stdout is not None
    out = proc.stdout
    thread = threading.Thread(
        target=lambda: lines.extend(json.loads(line) for line in out), daemon=True
    )
    thread.start()
    return proc, lines, thread


def fresh_baseline(db: Path, folder: Path, args: argparse.Namespace, seconds: float) -> dict:
    """A new dashboard process on the final database, nothing writing, reading every round
    for ``seconds``: its median RSS over the last minute is what the final data costs a
    dashboard that has not run for a shift (the soaked dashboards' growth beyond it is theirs,
    not the data's)."""
    stop_file = folder / "stop-fresh"
    stop_file.unlink(missing_ok=True)
    with open(folder / "fresh.err", "w") as err:
        proc, lines, thread = start_dashboard(db, stop_file, args, err, "--every-round")
        time.sleep(seconds)
        stop_file.touch()
        code = proc.wait(timeout=300)
        thread.join(timeout=10)
    samples, rounds = split_readings(lines)
    during = [r for r in samples if not r["final"] and r["rss_kb"]]
    span = min(60.0, seconds / 2)
    end = during[-1]["t"] if during else 0.0
    return {
        "exit": code,
        "rounds": during[-1]["rounds"] if during else 0,
        "rss_median_mb": median_mb(during, end - span, end),
        "rss_round_median_mb": median_mb(rounds, end - span, end),
    }


def split_readings(
    lines: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A dashboard's readings: its half-second samples, and its RSS just after each round."""
    rounds = [r for r in lines if r.get("kind") == "round" and r["rss_kb"]]
    return [r for r in lines if "kind" not in r], rounds


def median_mb(readings: list[dict[str, Any]], t0: float, t1: float) -> float | None:
    """The median RSS (MB) of the readings taken in [t0, t1]."""
    values = [r["rss_kb"] for r in readings if t0 <= r["t"] <= t1 and r["rss_kb"]]
    return round(statistics.median(values) / 1024, 1) if values else None


def run_soak(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(args.workdir)
    folder.mkdir(parents=True, exist_ok=True)
    db, start = prepare(folder, args.minutes, args.speed, args.history_days, args.gap_days)
    before = table_counts(db)
    log, stop_file = folder / "writer.log", folder / "stop"
    for stale in (log, stop_file):
        stale.unlink(missing_ok=True)
    me = [sys.executable, str(Path(__file__).resolve())]
    dashboards, readers = [], []
    for n in range(args.dashboards):
        err = open(folder / f"dashboard-{n}.err", "w")  # noqa: SIM115 - kept for the run
        proc, lines, thread = start_dashboard(db, stop_file, args, err)
        dashboards.append((proc, err, lines))
        readers.append(thread)
    time.sleep(args.warmup_start)  # the dashboards' first paint before the writer starts
    stop_reports = threading.Event()
    reports: list[dict[str, Any]] = []
    report_thread = threading.Thread(
        target=report_loop, args=(db, args.window_days, stop_reports, reports)
    )
    report_thread.start()
    began = time.monotonic()
    load_start = os.getloadavg()
    writer = subprocess.run(
        [*me, "writer", "--db", str(db), "--log", str(log), "--start", start.isoformat(),
         "--minutes", str(args.minutes), "--rate", str(args.rate), "--speed", str(args.speed),
         "--wave2-scale", str(args.wave2_scale), "--interval", str(args.interval),
         "--stall-every", str(args.stall_every), "--stall-seconds", str(args.stall_seconds),
         "--seed", str(args.seed)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.monotonic() - began
    stop_reports.set()
    report_thread.join()
    final_report = [one_report(db, args.window_days)]  # after the writer: must be a good read
    stop_file.touch()
    exits = []
    for proc, err, _lines in dashboards:
        exits.append(proc.wait(timeout=300))
        err.close()
    for thread in readers:
        thread.join(timeout=10)
    after = table_counts(db)
    # the yardstick of the memory check, which a run shorter than 5 minutes does not make
    fresh = (
        fresh_baseline(db, folder, args, seconds=max(90.0, args.warmup + 30.0))
        if args.minutes >= 5
        else None
    )

    logged = dict.fromkeys(TABLES, 0)
    for line in log.read_text().splitlines():
        for table, n in json.loads(line)["rows"].items():
            logged[table] += n
    tables = {}
    for table in TABLES:
        added = after[table]["rows"] - before[table]["rows"]
        tables[table] = {
            "logged": logged[table],
            "added": added,
            "lost": max(logged[table] - added, 0),
            "extra": max(added - logged[table], 0),
            "duplicate_keys": after[table]["duplicates"] - before[table]["duplicates"],
        }
    writer_stats = (
        json.loads(writer.stdout.strip().splitlines()[-1]) if writer.returncode == 0 else {}
    )
    result: dict[str, Any] = {
        "minutes": args.minutes,
        "elapsed_s": round(elapsed, 1),
        "machine": {"cores": os.cpu_count(), "load_start": load_start, "load_end": os.getloadavg()},
        "writer": {
            "exit": writer.returncode,
            "traceback": "Traceback" in writer.stderr,
            "stderr_tail": writer.stderr.strip().splitlines()[-3:],
            **writer_stats,
            "rows": sum(logged.values()),
            "rows_per_s": round(sum(logged.values()) / elapsed, 1),
        },
        "tables": tables,
        "dashboards": [],
    }
    result["fresh_dashboard"] = fresh
    fresh_mb = fresh["rss_round_median_mb"] if fresh else None
    warm_at = began + args.warmup
    for n, ((_proc, _err, readings), code) in enumerate(zip(dashboards, exits, strict=True)):
        err_text = (folder / f"dashboard-{n}.err").read_text()
        (folder / f"dashboard-{n}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in readings)
        )
        lines, rounds = split_readings(readings)
        during = [r for r in lines if not r["final"]]
        warm = next((r for r in during if r["t"] >= warm_at), during[0] if during else None)
        end = during[-1] if during else None
        final = next((r for r in lines if r["final"]), None)
        rss_growth = (
            (end["rss_kb"] - warm["rss_kb"]) / 1024 if warm and end and warm["rss_kb"] else None
        )
        # RSS swings by tens of MB within a refresh round: medians over a minute are steadier
        span = min(60.0, elapsed / 10)
        first = [r["rss_kb"] for r in during if warm_at <= r["t"] < warm_at + span and r["rss_kb"]]
        last = [r["rss_kb"] for r in during if r["t"] >= began + elapsed - span and r["rss_kb"]]
        median_growth = (
            (statistics.median(last) - statistics.median(first)) / 1024 if first and last else None
        )
        # the check's figure: RSS at the same point of every round (just after it lands), so
        # where a sample falls in the read's swing does not move it
        round_first = median_mb(rounds, warm_at, warm_at + span)
        round_last = median_mb(rounds, began + elapsed - span, began + elapsed)
        round_growth = round(round_last - round_first, 1) if round_first and round_last else None
        result["dashboards"].append(
            {
                "exit": code,
                "traceback": "Traceback" in err_text,
                "samples": len(lines),
                "rounds": end["rounds"] if end else 0,
                "stale_episodes": episodes([r["stale"] is not None for r in lines]),
                "stale_samples": sum(r["stale"] is not None for r in lines),
                "stale_reasons": sorted({r["stale"][:60] for r in lines if r["stale"]})[:4],
                "recovered": final is not None and final["stale"] is None,
                "decreases": decreases(lines),
                "rss_warm_mb": round(warm["rss_kb"] / 1024, 1) if warm and warm["rss_kb"] else None,
                "rss_end_mb": round(end["rss_kb"] / 1024, 1) if end and end["rss_kb"] else None,
                "rss_growth_mb": round(rss_growth, 2) if rss_growth is not None else None,
                "rss_by_quarter_mb": quarters(during, began, elapsed),
                "rss_median_growth_mb": None if median_growth is None else round(median_growth, 2),
                "rss_last_minute_mb": round(statistics.median(last) / 1024, 1) if last else None,
                "rss_round_growth_mb": round_growth,
                "rss_round_last_minute_mb": round_last,
                "rss_beyond_fresh_mb": round(round_last - fresh_mb, 1)
                if round_last and fresh_mb
                else None,
                "rss_range_mb": [
                    round(min(r["rss_kb"] for r in during if r["t"] >= warm_at) / 1024, 1),
                    round(max(r["rss_kb"] for r in during if r["t"] >= warm_at) / 1024, 1),
                ]
                if any(r["t"] >= warm_at for r in during)
                else None,
                "final_counts": final["counts"] if final else None,
            }
        )
    good = [r for r in reports if r["rc"] in (0, 4)]
    bad = [r for r in reports if r["rc"] not in (0, 4)]
    result["report_loop"] = {
        "runs": len(reports),
        "good": len(good),
        "stale_runs": len(bad),
        "stale_episodes": episodes([r["rc"] not in (0, 4) for r in reports]),
        "errors": sorted({r["err"][:160] for r in bad})[:3],
        "one_line_errors": all(
            r["err"].count("\n") == 0 and "Traceback" not in r["err"] for r in bad
        ),
        "recovered": bool(final_report) and final_report[0]["rc"] in (0, 4),
        "decreases": decreases(reports + final_report),
        "final_counts": final_report[0].get("counts") if final_report else None,
    }
    result["checks"] = checks(result, args)
    return result


def checks(result: dict[str, Any], args: argparse.Namespace) -> dict[str, bool]:
    tables, dashes, loop = result["tables"], result["dashboards"], result["report_loop"]
    return {
        "nothing lost or extra": all(t["lost"] == 0 and t["extra"] == 0 for t in tables.values()),
        "no duplicate keys": all(t["duplicate_keys"] == 0 for t in tables.values()),
        "every table written": all(t["logged"] > 0 for t in tables.values())
        if args.minutes >= 5
        else True,
        "no crash": result["writer"]["exit"] == 0
        and not result["writer"]["traceback"]
        and all(d["exit"] == 0 and not d["traceback"] for d in dashes)
        and loop["one_line_errors"],
        "no count decreased": not loop["decreases"] and all(not d["decreases"] for d in dashes),
        "every reader recovered": loop["recovered"] and all(d["recovered"] for d in dashes),
        "dashboards refreshed": all(d["rounds"] >= 3 for d in dashes),
        "rss beyond a fresh dashboard on the final data <= 10 MB": all(
            d["rss_beyond_fresh_mb"] is not None and d["rss_beyond_fresh_mb"] <= RSS_LIMIT_MB
            for d in dashes
        )
        if args.minutes >= 5
        else True,
        "rss growth <= 10 MB": all(
            d["rss_round_growth_mb"] is not None and d["rss_round_growth_mb"] <= RSS_LIMIT_MB
            for d in dashes
        )
        if args.minutes >= 5
        else True,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="role")
    w = sub.add_parser("writer")
    w.add_argument("--db", type=Path, required=True)
    w.add_argument("--log", type=Path, required=True)
    w.add_argument("--start", required=True)
    d = sub.add_parser("dashboard")
    d.add_argument("--db", type=Path, required=True)
    d.add_argument("--stop-file", required=True)
    d.add_argument(
        "--every-round",
        action="store_true",
        help="read the figures every round even with the file unchanged",
    )
    for p in (parser, w):
        p.add_argument("--minutes", type=float, default=10.0)
        # 200x the clock: 10 minutes are 33 simulated hours, long enough for shift changes
        # (duties), investigation plans and reviews, bail and its extensions to fall due;
        # 1,200 calls an hour (about 16x a force's) and 4x the second wave's rates per call
        # make about 100 rows a second in the proportions the sample has
        p.add_argument("--rate", type=float, default=1200.0, help="calls per simulated hour")
        p.add_argument("--speed", type=float, default=200.0)
        p.add_argument("--wave2-scale", type=float, default=4.0)
        p.add_argument("--interval", type=float, default=0.5)
        p.add_argument("--stall-every", type=int, default=40, help="batches (0: never)")
        p.add_argument("--stall-seconds", type=float, default=6.0)
        p.add_argument("--seed", type=int, default=7)
        p.add_argument("--lock-timeout", type=float, default=30.0)
    for p in (parser, d):
        # a window whose start never passes a record while the soak runs, so counts of
        # calls, incidents, uses of force, searches and applications can only grow: shorter
        # than the gap (the default) or longer than the history, the gap and the writing
        p.add_argument("--window-days", type=int, default=WINDOW_DAYS)
        p.add_argument("--refresh", type=float, default=2.0)
        p.add_argument("--retry", type=float, default=2.0, help="a reader's lock wait")
    parser.add_argument("--history-days", type=int, default=HISTORY_DAYS)
    parser.add_argument(
        "--gap-days", type=float, help="days from the history's end to the writer's first row "
        "(default: the window's days and one more)",
    )  # fmt: skip
    parser.add_argument("--dashboards", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=60.0, help="seconds of writing")
    parser.add_argument("--warmup-start", type=float, default=8.0)
    parser.add_argument("--workdir", default="/tmp/supervisor-tui-soak")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.role == "writer":
        return writer_main(args)
    if args.role == "dashboard":
        return dashboard_main(args)
    if args.gap_days is None:
        args.gap_days = args.window_days + 1.0
    writing_days = args.speed * args.minutes / 1440  # simulated days the writer covers
    longest = args.history_days + args.gap_days + writing_days
    if not (args.window_days <= args.gap_days or args.window_days > longest + 1):
        parser.error(
            f"a {args.window_days}-day window would pass records while the soak runs (its "
            f"counts could fall): make it at most --gap-days ({args.gap_days:g}) or longer than "
            f"the history, the gap and the writing ({longest:.0f} days)"
        )
    result = run_soak(args)
    text = json.dumps(result, indent=2, default=str)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
