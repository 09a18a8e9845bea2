"""Benchmark supervisor-tui: ``python benchmarks/run.py`` (see benchmarks/README.md).

Builds (once) cached sample databases in ``benchmarks/.cache/``, measures generation, load,
home-screen refresh against bare DuckDB and a SQLite + pandas peer, first paint, drill-down,
peak RSS and live latency, prints a table with PASS/MISS per target and writes it to
``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results.md"
sys.path.insert(0, str(HERE))

import peer  # noqa: E402

from supervisor_tui import metrics  # noqa: E402
from supervisor_tui.db import Database  # noqa: E402

#: Data end and as-of of every measurement: a Monday 07:00 UTC, the start of the early shift.
END = datetime(2026, 3, 2, 7, 0)
SEED = 1
PEER_RUNS = 5
LIVE_WRITES = 20
PAINT_RUNS = 3
GENERATE = """
import json, sys
from datetime import datetime
from supervisor_tui.sample import generate
path, days, end, seed, scale = sys.argv[1:6]
s = generate(path, days=int(days), end=datetime.fromisoformat(end), seed=int(seed),
             scale=float(scale))
print(json.dumps({"seconds": s.seconds, "rows": sum(s.rows.values())}))
"""


@dataclass
class Dataset:
    label: str
    days: int
    scale: float
    path: Path = field(init=False)
    meta: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.path = CACHE / f"sample_s{self.scale:g}_{self.days}d_seed{SEED}.duckdb"


# --- machine and datasets ----------------------------------------------------------------------


def machine() -> dict[str, str]:
    memory = "unknown"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": str(cores),
        "memory": memory,
        "cpu": cpu,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "os": platform.platform(),
        "load_start": f"{load_average():.1f}",
    }


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def generator_fingerprint() -> str:
    spec = importlib.util.find_spec("supervisor_tui.sample")
    assert spec and spec.origin
    return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()[:16]


def ensure_dataset(ds: Dataset, rebuild: bool) -> None:
    """Generate the dataset unless a cache from the same generator source exists."""
    meta_path = ds.path.with_suffix(".json")
    fingerprint = generator_fingerprint()
    if not rebuild and ds.path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("generator") == fingerprint:
            ds.meta = meta | {"cached": True}
            return
    ds.path.unlink(missing_ok=True)
    log(f"generating {ds.label}: {ds.days} days at scale {ds.scale:g} ...")
    # In a child, so the generator's memory is not held by this process for the whole run.
    done = child(
        ["-c", GENERATE, str(ds.path), str(ds.days), END.isoformat(), str(SEED), str(ds.scale)]
    )
    if done.returncode:
        raise SystemExit(f"generating {ds.label} failed:\n{done.stderr}")
    ds.meta = {"generator": fingerprint, **json.loads(done.stdout.strip().splitlines()[-1])}
    meta_path.write_text(json.dumps(ds.meta))
    ds.meta["cached"] = False


# --- measurements ------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def child(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=False, **kwargs
    )


def measure_core(ds: Dataset, runs: int) -> None:
    """Core refresh, drill-down, bare DuckDB and the SQLite peer, in one child process."""
    sqlite_path = ds.path.with_suffix(".sqlite")
    if not sqlite_path.exists() or sqlite_path.stat().st_mtime < ds.path.stat().st_mtime:
        log(f"{ds.label}: copying into SQLite for the peer ...")
        ds.meta["sqlite_copy_s"] = peer.copy_to_sqlite(ds.path, sqlite_path)
        meta = {k: v for k, v in ds.meta.items() if k != "cached"}
        ds.path.with_suffix(".json").write_text(json.dumps(meta))
    log(f"{ds.label}: core refresh, drill-down, bare DuckDB ({runs} runs each), peer ...")
    done = child(
        [
            str(HERE / "core.py"),
            str(ds.path),
            "--as-of",
            END.isoformat(),
            "--runs",
            str(runs),
            "--sqlite",
            str(sqlite_path),
            "--peer-runs",
            str(PEER_RUNS),
        ]
    )
    if done.returncode:
        raise SystemExit(f"core benchmark failed:\n{done.stderr}")
    ds.results.update(json.loads(done.stdout))
    problems = ds.results["peer_problems"]
    ds.results["peer_equal"] = not problems
    assert not problems, f"{ds.label}: the peer's figures differ from the core's: {problems}"


def measure_full_only(ds: Dataset, runs: int) -> None:
    """The full refresh alone (history independence: the same as-of, different history)."""
    log(f"{ds.label}: full refresh ({runs} runs) ...")
    done = child(
        [str(HERE / "core.py"), str(ds.path), "--as-of", END.isoformat(), "--runs", str(runs),
         "--full-only"]
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"core benchmark failed:\n{done.stderr}")
    ds.results.update(json.loads(done.stdout))


def measure_report(ds: Dataset) -> None:
    """``report --format json`` as a process against the bare-SQL reference process."""
    log(f"{ds.label}: report --format json as a process against the bare reference ...")
    done = child([str(HERE / "report_process.py"), str(ds.path), "--as-of", END.isoformat()])
    if done.returncode:
        ds.results["report_process"] = f"n/a ({done.stderr.strip()[-80:]})"
        return
    ds.results["report_process"] = json.loads(done.stdout)


def measure_load(ds: Dataset) -> dict[str, str]:
    """rows/s of ``supervisor-tui load`` for CSV and Parquet (the calls table of ``ds``)."""
    if importlib.util.find_spec("supervisor_tui.commands.load") is None:
        return {"csv": "n/a (load not available)", "parquet": "n/a (load not available)"}
    exe = shutil.which("supervisor-tui", path=str(Path(sys.executable).parent))
    base = [exe] if exe else [sys.executable, "-m", "supervisor_tui"]
    out: dict[str, str] = {}
    con = duckdb.connect(str(ds.path), read_only=True)
    rows = con.sql("SELECT count(*) FROM calls").fetchall()[0][0]
    for fmt, option in (("csv", "(HEADER)"), ("parquet", "(FORMAT parquet)")):
        source = CACHE / f"calls_s{ds.scale:g}_{ds.days}d.{fmt}"
        if not source.exists() or source.stat().st_mtime < ds.path.stat().st_mtime:
            con.execute(f"COPY (SELECT * FROM calls ORDER BY presented_at) TO '{source}' {option}")
        target = CACHE / f"load_{fmt}.duckdb"
        target.unlink(missing_ok=True)
        subprocess.run([*base, "init", "--db", str(target)], check=True, capture_output=True)
        log(f"{ds.label}: load {rows:,} calls from {fmt} ...")
        started = time.perf_counter()
        done = subprocess.run(
            [*base, "load", "--db", str(target), "calls", str(source)],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        if done.returncode:
            out[fmt] = f"failed ({done.stderr.strip().splitlines()[-1][:60]})"
        else:
            out[fmt] = f"{rows / seconds:,.0f} rows/s ({seconds:.1f} s)"
        target.unlink(missing_ok=True)
    con.close()
    return out


def measure_first_paint(ds: Dataset) -> None:
    """Process start until every home panel shows figures (headless Textual run)."""
    script = HERE / "first_paint.py"
    if importlib.util.find_spec("supervisor_tui.app.app") is None or not script.exists():
        ds.results["paint"] = "n/a (dashboard not available)"
        return
    times, rss = [], 0.0
    for _ in range(PAINT_RUNS):
        started = time.monotonic()
        done = child([str(script), str(ds.path), "--as-of", END.isoformat()])
        if done.returncode:
            ds.results["paint"] = f"n/a ({(done.stderr.strip().splitlines() or ['?'])[-1][:70]})"
            return
        result = json.loads(done.stdout)
        times.append(result["painted_at"] - started)
        rss = max(rss, result["rss_mb"])
    ds.results["paint_s"] = statistics.median(times)
    ds.results["paint_rss_mb"] = rss


def measure_live(ds: Dataset) -> None:
    """Commit of a write transaction in another process until ``Database.read()`` sees it.

    The reader polls the 999 panel's figure (``metrics.calls_summary``, last hour) every
    10 ms; the writer appends one 999 call per transaction, as a live feed does.
    """
    copy = CACHE / "live.duckdb"
    shutil.copyfile(ds.path, copy)
    log(f"{ds.label}: live latency ({LIVE_WRITES} writes) ...")
    db = Database(copy, retry_seconds=30)
    scope = metrics.Scope(as_of=END, window=timedelta(hours=1))

    def presented() -> int:
        with db.read() as session:
            frame = metrics.calls_summary(session, scope)
        return frame.filter(frame["line"] == "999")["presented"][0]

    base = presented()
    writer = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "live_writer.py"),
            str(copy),
            str(LIVE_WRITES),
            (END - timedelta(minutes=1)).isoformat(),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    seen: dict[int, float] = {}
    deadline = time.monotonic() + 120
    while len(seen) < LIVE_WRITES and time.monotonic() < deadline and writer.poll() is None:
        count = presented() - base
        now = time.monotonic()
        for n in range(len(seen) + 1, count + 1):
            seen[n] = now
        time.sleep(0.010)
    if len(seen) < LIVE_WRITES:
        count = presented() - base
        now = time.monotonic()
        for n in range(len(seen) + 1, count + 1):
            seen[n] = now
    out, _ = writer.communicate(timeout=60)
    db.close()
    copy.unlink(missing_ok=True)
    commits = {int(n): float(t) for n, t in (line.split() for line in out.splitlines())}
    lags = sorted((seen[n] - commits[n]) * 1000 for n in commits if n in seen)
    if writer.returncode or not lags:
        ds.results["live"] = f"n/a (writer exit {writer.returncode}, {len(lags)} writes seen)"
        return
    ds.results["live_p50_ms"] = statistics.median(lags)
    ds.results["live_p95_ms"] = lags[min(len(lags) - 1, round(0.95 * (len(lags) - 1)))]


# --- report ------------------------------------------------------------------------------------


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f} ms"


def build_report(
    datasets: list[Dataset],
    history: list[Dataset],
    load: dict[str, str],
    info: dict[str, str],
    total_s: float,
) -> str:
    s1, s10 = datasets
    short, long_ = history
    rows: list[tuple[str, str, str]] = []

    def add(name: str, fn: Any) -> None:
        rows.append((name, fn(s1), fn(s10)))

    def gen(ds: Dataset) -> str:
        m = ds.meta
        note = " (cached)" if m.get("cached") else ""
        rate = m["rows"] / m["seconds"]
        return f"{m['rows']:,} rows in {m['seconds']:.1f} s = {rate:,.0f} rows/s{note}"

    add("sample generation", gen)
    add(
        "**full refresh** (every family + action queue, one read) p50 / p95",
        lambda d: f"{ms(d.results['full']['p50_ms'])} / {ms(d.results['full']['p95_ms'])}",
    )
    add(
        "full refresh, CPU time of the process (both threads) p50",
        lambda d: ms(d.results["full_cpu"]["p50_ms"]),
    )
    add(
        "full refresh, bare replay of its statements p50 / p95",
        lambda d: (
            f"{ms(d.results['full_bare']['p50_ms'])} / {ms(d.results['full_bare']['p95_ms'])}"
        ),
    )
    add("full refresh core ÷ bare (p50)", lambda d: f"{ratio_full(d):.2f}×")
    add(
        "full refresh: statements sent per read (queries)",
        lambda d: f"{d.results['full_statements']} ({d.results['full_queries']})",
    )
    rows.append(
        (
            f"history: full refresh p50, scale 1, {short.days} d → {long_.days} d",
            f"{ms(short.results['full']['p50_ms'])} → {ms(long_.results['full']['p50_ms'])} "
            f"= {ratio_history(history):.2f}×",
            "–",
        )
    )
    rp = s1.results.get("report_process")
    rows.append(
        (
            "`report --format json` process / bare-SQL reference process (median of 5)",
            f"{rp['report_s']:.2f} s / {rp['reference_s']:.2f} s = {rp['ratio']:.2f}×"
            if isinstance(rp, dict)
            else str(rp),
            "–",
        )
    )
    rows.append(("load CSV (calls)", load["csv"], "–"))
    rows.append(("load Parquet (calls)", load["parquet"], "–"))
    add(
        "first-wave home refresh via core p50 / p95",
        lambda d: f"{ms(d.results['refresh']['p50_ms'])} / {ms(d.results['refresh']['p95_ms'])}",
    )
    add(
        "same SQL, bare DuckDB p50 / p95",
        lambda d: f"{ms(d.results['bare']['p50_ms'])} / {ms(d.results['bare']['p95_ms'])}",
    )
    add("first-wave refresh core ÷ bare (p50)", lambda d: f"{ratio_bare(d):.2f}×")
    add(
        "SQLite + pandas peer p50 (core p50 between its runs)",
        lambda d: f"{ms(d.results['peer']['p50_ms'])} ({ms(d.results['peer_core']['p50_ms'])})",
    )
    add(
        "peer ÷ core (p50); figures equal",
        lambda d: (
            f"{ratio_peer(d):.1f}× faster; {'equal' if d.results['peer_equal'] else 'DIFFER'}"
        ),
    )
    add(
        "first paint (median of 3)",
        lambda d: f"{d.results['paint_s']:.2f} s" if "paint_s" in d.results else d.results["paint"],
    )
    add("drill-down panel → list, worst p95", lambda d: "{1} ({0})".format(*worst_drill(d, "list")))
    add(
        "drill-down list → record, worst p95",
        lambda d: "{1} ({0})".format(*worst_drill(d, "record")),
    )
    add(
        "peak RSS: core process / dashboard",
        lambda d: (
            f"{d.results['rss_mb']:.0f} MB / "
            + (f"{d.results['paint_rss_mb']:.0f} MB" if "paint_rss_mb" in d.results else "n/a")
        ),
    )
    live = (
        f"{ms(s1.results['live_p50_ms'])} / {ms(s1.results['live_p95_ms'])}"
        if "live_p50_ms" in s1.results
        else s1.results.get("live", "n/a")
    )
    rows.append(("live: commit → `Database.read()` sees it, p50 / p95", live, "–"))

    checks = targets(s1, s10, history)
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python benchmarks/run.py` "
        f"in {total_s:.0f} s.",
        "",
        f"Machine: {info['cores']} cores ({info['cpu']}), {info['memory']} memory; "
        f"{info['os']}; Python {info['python']}, DuckDB {info['duckdb']}. Load average "
        f"(1 min) {info['load_start']} at the start, {load_average():.1f} at the end: other work "
        f"on the machine slows every timing.",
        f"Data: sample generator, seed {SEED}, ending {END:%Y-%m-%d %H:%M} UTC (the as-of of "
        f"every figure; window 24 h, whole force). Scale 1 = {s1.days} days; scale 10 = "
        f"{s10.days} days (chosen so the whole run stays under 10 minutes).",
        "",
        f"| measure | scale 1, {s1.days} d | scale 10, {s10.days} d |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        "",
        "| target | measured | result |",
        "|---|---|---|",
        *(f"| {name} | {value} | {'PASS' if ok else 'MISS'} |" for name, value, ok in checks),
        "",
        "Full refresh = one `Database.read()` running every family's `fetch` from "
        "`supervisor_tui.figures.families()` (the action queue included); its bare replay = "
        "the very statements that read sends (attach, schema check, each shared state at T "
        "once into a temporary table, every distinct query once, detach) on a plain in-memory "
        "DuckDB connection, results fetched as Arrow: no polars, no Python classification. "
        "The peer computes the first-wave figures only (not extended to the second wave).",
        "",
        f"First-wave home refresh = `metrics.report` + the home panels' breakdowns in one "
        f"`Database.read()` ({', '.join(s1.results['queries'])}); bare = the same query texts "
        f"and parameters on one `duckdb.connect(path, read_only=True)`.",
    ]
    return "\n".join(lines) + "\n"


def ratio_bare(ds: Dataset) -> float:
    return ds.results["refresh"]["p50_ms"] / ds.results["bare"]["p50_ms"]


def ratio_peer(ds: Dataset) -> float:
    """Peer p50 over the p50 of the core refreshes run between the peer's runs."""
    return ds.results["peer"]["p50_ms"] / ds.results["peer_core"]["p50_ms"]


def worst_drill(ds: Dataset, kind: str) -> tuple[str, str]:
    steps = {k: v for k, v in ds.results["drill"].items() if k.startswith(kind)}
    name = max(steps, key=lambda k: steps[k]["p95_ms"])
    return name.split(": ", 1)[1], ms(steps[name]["p95_ms"])


def ratio_full(ds: Dataset) -> float:
    return ds.results["full"]["p50_ms"] / ds.results["full_bare"]["p50_ms"]


def ratio_history(history: list[Dataset]) -> float:
    short, long_ = history
    return long_.results["full"]["p50_ms"] / short.results["full"]["p50_ms"]


def targets(s1: Dataset, s10: Dataset, history: list[Dataset]) -> list[tuple[str, str, bool]]:
    """The issue-16 targets."""
    out: list[tuple[str, str, bool]] = []
    full95 = s1.results["full"]["p95_ms"]
    out.append(("scale 1: full refresh p95 ≤ 40 ms", ms(full95), full95 <= 40))
    out.append(
        (
            "scale 1: full refresh ≤ 1.2× its bare replay (p50)",
            f"{ratio_full(s1):.2f}×",
            ratio_full(s1) <= 1.2,
        )
    )
    out.append(
        (
            f"history: {history[1].days} d ≤ 1.15× {history[0].days} d (full refresh p50)",
            f"{ratio_history(history):.2f}×",
            ratio_history(history) <= 1.15,
        )
    )
    s10_95 = s10.results["full"]["p95_ms"]
    out.append(("scale 10, 90 d: full refresh p95 ≤ 150 ms", ms(s10_95), s10_95 <= 150))
    out.append(
        (
            "scale 1: ≥ 20× faster than the SQLite + pandas peer (first-wave figures)",
            f"{ratio_peer(s1):.1f}×",
            ratio_peer(s1) >= 20,
        )
    )
    rp = s1.results.get("report_process")
    if isinstance(rp, dict):
        out.append(
            (
                "scale 1: `report --format json` process ≤ 1.3× bare-SQL reference",
                f"{rp['ratio']:.2f}×",
                rp["ratio"] <= 1.3,
            )
        )
    paint = s1.results.get("paint_s")
    out.append(
        (
            "scale 1: first paint ≤ 0.6 s",
            f"{paint:.2f} s" if paint is not None else str(s1.results.get("paint")),
            paint is not None and paint <= 0.6,
        )
    )
    worst = max(v["p95_ms"] for v in s1.results["drill"].values())
    out.append(("scale 1: drill-down p95 ≤ 30 ms (every step)", ms(worst), worst <= 30))
    rss = max(s1.results["rss_mb"], s1.results.get("paint_rss_mb", 0.0))
    out.append(("scale 1: peak RSS ≤ 250 MB", f"{rss:.0f} MB", rss <= 250))
    if "live_p95_ms" in s1.results:
        live = s1.results["live_p95_ms"]
        out.append(
            (
                "live: commit → read sees it p95 ≤ 100 ms (shown within one interval + 100 ms)",
                ms(live),
                live <= 100,
            )
        )
    return out


def written_notes() -> str:
    """The hand-written sections of results.md (from its first ``## `` heading on): a run
    replaces the measured tables above them and keeps them."""
    if not RESULTS.exists():
        return ""
    text = RESULTS.read_text(encoding="utf-8")
    start = text.find("\n## ")
    return "" if start < 0 else "\n" + text[start:].lstrip("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached databases")
    parser.add_argument("--runs", type=int, default=25, help="runs per refresh timing (>= 20)")
    parser.add_argument("--scale10-days", type=int, default=90, help="days at scale 10")
    args = parser.parse_args()
    started = time.monotonic()
    CACHE.mkdir(exist_ok=True)
    info = machine()
    datasets = [Dataset("scale 1", 365, 1.0), Dataset("scale 10", args.scale10_days, 10.0)]
    history = [Dataset("scale 1, 90 d", 90, 1.0), Dataset("scale 1, 3 years", 3 * 365, 1.0)]
    for ds in datasets + history:
        ensure_dataset(ds, args.rebuild)
    load = measure_load(datasets[0])
    for ds in datasets:
        measure_core(ds, max(20, args.runs))
        measure_first_paint(ds)
    for ds in history:
        measure_full_only(ds, max(20, args.runs))
    measure_report(datasets[0])
    measure_live(datasets[0])
    report = build_report(datasets, history, load, info, time.monotonic() - started)
    RESULTS.write_text(report + written_notes(), encoding="utf-8")
    print(report)
    log(
        f"written to {RESULTS.relative_to(HERE.parent)}; peak RSS of this process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
