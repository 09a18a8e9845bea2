"""Idle cost: how much of one CPU core a dashboard uses when nothing in the database changes.

    python benchmarks/idle.py [--db PATH] [--seconds 60] [--warmup 15] [--size 120x36 ...]

Starts the real dashboard, ``python -m supervisor_tui --db PATH``, in a pseudo-terminal of the
given size (so Textual drives a real terminal and writes every frame it draws), lets it
settle for ``--warmup`` seconds, then reads the process's CPU time (user + system, every
thread, from ``/proc/PID/stat``) at the start and end of ``--seconds`` of wall time. Nothing
writes to the database meanwhile (a database named with ``--db`` is never written by the
dashboard, and no sample feeder runs for it).

Two modes per size:

- ``live``: the as-of time follows the clock, as a supervisor runs it (figures that depend
  on "now", such as the longest wait, may still change as the clock moves);
- ``fixed``: ``--as-of`` the end of the data (time travel), so every refresh reads exactly
  the same figures: what is left is the cost of refreshing and redrawing equal figures.

It prints, for each, the CPU used as a percentage of one core and the bytes per second the
dashboard wrote to its terminal (what redraws cost a terminal or a browser tab). The target
is at most 3 % of a core. Without ``--db`` a 35-day sample is generated into a temporary
directory first.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

TICKS = os.sysconf("SC_CLK_TCK")
TARGET_PCT = 3.0


@dataclass
class Result:
    mode: str
    size: str
    seconds: float
    cpu_pct: float
    bytes_per_s: float
    refresh_s: float


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` (all its threads) and its waited-for children."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / TICKS


def data_end(db: Path) -> str:
    """The latest call or incident time in ``db`` (naive UTC, ISO): the fixed mode's as-of."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.sql(
            "SELECT greatest((SELECT max(presented_at) FROM calls), "
            "(SELECT max(opened_at) FROM incidents))"
        ).fetchall()
    finally:
        con.close()
    row = rows[0] if rows else None
    if row is None or row[0] is None:
        raise SystemExit(f"{db} has no calls or incidents: use a sample database")
    return row[0].strftime("%Y-%m-%dT%H:%M:%SZ")


def measure(
    db: Path, size: tuple[int, int], mode: str, seconds: float, warmup: float, refresh: float
) -> Result:
    columns, rows = size
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    command = [sys.executable, "-m", "supervisor_tui", "--db", str(db), "--refresh", f"{refresh}s"]
    if mode == "fixed":
        command += ["--as-of", data_end(db)]
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    written = [0]
    done = threading.Event()

    def drain() -> None:
        while not done.is_set():
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            written[0] += len(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        time.sleep(warmup)
        if proc.poll() is not None:
            raise SystemExit(f"the dashboard exited during the warm-up (code {proc.returncode})")
        cpu0, bytes0, wall0 = cpu_seconds(proc.pid), written[0], time.monotonic()
        time.sleep(seconds)
        cpu1, bytes1, wall1 = cpu_seconds(proc.pid), written[0], time.monotonic()
        if proc.poll() is not None:
            raise SystemExit(f"the dashboard exited while measured (code {proc.returncode})")
    finally:
        with_quit(master, proc)
        done.set()
        os.close(master)
    wall = wall1 - wall0
    return Result(
        mode=mode,
        size=f"{columns}x{rows}",
        seconds=round(wall, 1),
        cpu_pct=round(100 * (cpu1 - cpu0) / wall, 2),
        bytes_per_s=round((bytes1 - bytes0) / wall),
        refresh_s=refresh,
    )


def with_quit(master: int, proc: subprocess.Popen[bytes]) -> None:
    """Press q; end the dashboard (only this process) if it does not go."""
    try:
        os.write(master, b"q")
        proc.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def parse_size(text: str) -> tuple[int, int]:
    columns, _, rows = text.partition("x")
    return int(columns), int(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a DuckDB file (default: a generated sample)")
    parser.add_argument("--seconds", type=float, default=60.0, help="measured wall seconds")
    parser.add_argument("--warmup", type=float, default=15.0, help="seconds before measuring")
    parser.add_argument("--refresh", type=float, default=5.0, help="refresh interval, seconds")
    parser.add_argument(
        "--size", action="append", type=parse_size, help="terminal COLUMNSxROWS (repeatable)"
    )
    parser.add_argument(
        "--mode", action="append", choices=("live", "fixed"), help="live or fixed (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    sizes = args.size or [(120, 36), (80, 24)]
    modes = args.mode or ["live", "fixed"]
    with tempfile.TemporaryDirectory(prefix="idle-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "sample.duckdb"
            subprocess.run(
                [sys.executable, "-m", "supervisor_tui", "sample", "--db", str(db)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        results = [
            measure(db, size, mode, args.seconds, args.warmup, args.refresh)
            for size in sizes
            for mode in modes
        ]
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
        return
    print(f"idle dashboard, refresh every {args.refresh:g} s, {os.cpu_count()} cores")
    print(f"{'size':>8}  {'mode':<6} {'CPU % of a core':>16} {'terminal bytes/s':>17}  target")
    for r in results:
        verdict = "ok" if r.cpu_pct <= TARGET_PCT else "MISS"
        print(
            f"{r.size:>8}  {r.mode:<6} {r.cpu_pct:>16.2f} {r.bytes_per_s:>17,.0f}  "
            f"≤ {TARGET_PCT:g} % {verdict}"
        )


if __name__ == "__main__":
    main()
