"""Capacity of ``supervisor-tui serve``: how many browser sessions one machine holds.

    python benchmarks/serve_capacity.py [--db PATH] [--sessions 4,8] [--seconds 30]
                                        [--warmup 10] [--slack 2] [--json]

Starts the real server (``supervisor-tui serve`` on loopback, a free port) against the scale-1
sample (generated into a temporary directory unless ``--db``), then opens browser sessions
over textual-serve's websocket protocol with aiohttp's client, as a browser tab does (each
session is one dashboard process, the command textual-serve runs), stepping up to each count
in ``--sessions``. At each step, after every session has drawn its first screen and
``--warmup`` seconds more, it measures over ``--seconds`` of wall time:

- memory per session: RSS and PSS (``/proc/PID/smaps_rollup``: shared pages divided among the
  processes that share them, the fair figure for "how many fit") of each dashboard process;
- idle CPU per session: user + system time of each dashboard process (nothing writes to the
  database), as a percentage of one core; and the server's own;
- the refresh: each session's header says ``Updated HH:MM:SS``; a new stamp must reach the
  browser at most ``refresh + --slack`` seconds after the previous one (the dashboard
  refreshes every 5 s by default). Sessions whose largest gap is over that miss the target.

It then reports how many sessions fit on this machine: memory (total RAM less a reserve of
2 GB for the system and the server, divided by PSS per session), CPU (80 % of every core,
divided by idle CPU per session), and the smaller of the two is the capacity and its limiting
resource. Ratios and figures come from this one run; nothing is compared with a stored figure.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import aiohttp

TICKS = os.sysconf("SC_CLK_TCK")
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
STAMP = re.compile(r"Updated (\d\d:\d\d:\d\d)")
RESERVE_BYTES = 2 * 1024**3
CPU_BUDGET = 0.8  # of every core
REFRESH_S = 5.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float | None:
    """User + system seconds of ``pid``; None once the process has ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
            out.append(int(entry.name))
    return out


def dashboards(server_pid: int) -> list[int]:
    """Every dashboard process under the server (textual-serve starts each through a shell)."""
    found, todo = [], children(server_pid)
    while todo:
        pid = todo.pop()
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"supervisor_tui" in cmdline and b"serve" not in cmdline and b"-c" not in cmdline:
            found.append(pid)
        else:
            todo.extend(children(pid))
    return sorted(found)


def memory_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


def mem_total_bytes() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no MemTotal")


@dataclass
class Session:
    index: int
    opened: float = 0.0
    first_paint_s: float | None = None
    stamps: list[tuple[float, str]] = field(default_factory=list)
    buffer: str = ""


@dataclass
class Step:
    sessions: int
    sessions_ended: int
    seconds: float
    rss_mb_mean: float
    pss_mb_mean: float
    cpu_pct_per_session: float
    cpu_pct_sessions_total: float
    server_cpu_pct: float
    server_rss_mb: float
    first_paint_s_max: float
    refresh_gap_s_p95: float
    refresh_gap_s_max: float
    sessions_over_target: int
    fit_by_memory: int
    fit_by_cpu: int
    capacity: int
    limited_by: str
    load_average: float


async def run_session(http: aiohttp.ClientSession, url: str, session: Session, stop: asyncio.Event):
    session.opened = time.monotonic()
    async with http.ws_connect(f"{url}?width=120&height=36", max_msg_size=0) as ws:
        await ws.send_str(json.dumps(["resize", {"width": 120, "height": 36}]))
        while not stop.is_set():
            try:
                message = await ws.receive(timeout=1.0)
            except TimeoutError:
                continue
            if message.type != aiohttp.WSMsgType.BINARY:
                if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    return
                continue
            session.buffer = (
                session.buffer + ANSI.sub("", message.data.decode("utf-8", "replace"))
            )[-4000:]
            for stamp in STAMP.findall(session.buffer):
                if not session.stamps or session.stamps[-1][1] != stamp:
                    now = time.monotonic()
                    if session.first_paint_s is None:
                        session.first_paint_s = now - session.opened
                    session.stamps.append((now, stamp))
            session.buffer = session.buffer[-200:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database (default: a fresh scale-1 sample)")
    parser.add_argument("--sessions", default="4,8", help="session counts to step through")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--slack", type=float, default=2.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.sessions.split(",")})
    tmp = Path(tempfile.mkdtemp(prefix="serve-capacity-"))
    db = Path(args.db) if args.db else tmp / "scale1.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPERVISOR_TUI_")}
    env.update(XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"))
    if not args.db:
        subprocess.run(
            [sys.executable, "-m", "supervisor_tui", "sample", "--db", str(db), "--force"],
            check=True, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    port = free_port()
    log = (tmp / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "supervisor_tui", "serve", "--db", str(db), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    try:
        steps = asyncio.run(measure(server.pid, port, counts, args))
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        print(json.dumps([asdict(s) for s in steps], indent=2))
        return 0
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores, {mem_total_bytes() / 1024**3:.1f} GB RAM; db {db}")
    print(f"refresh target: a new 'Updated' stamp within {REFRESH_S + args.slack:.0f} s")
    header = (
        "sessions  RSS/session  PSS/session  CPU/session  CPU all  server CPU  first paint max"
        "  gap p95  gap max  over target  fit mem  fit CPU  capacity (limit)  load avg"
    )
    print(header)
    for s in steps:
        print(
            f"{s.sessions:>8}  {s.rss_mb_mean:>8.0f} MB  {s.pss_mb_mean:>8.0f} MB  "
            f"{s.cpu_pct_per_session:>9.1f} %  {s.cpu_pct_sessions_total:>5.0f} %  "
            f"{s.server_cpu_pct:>8.1f} %  {s.first_paint_s_max:>13.1f} s  "
            f"{s.refresh_gap_s_p95:>5.1f} s  {s.refresh_gap_s_max:>5.1f} s  "
            f"{s.sessions_over_target:>11}  {s.fit_by_memory:>7}  {s.fit_by_cpu:>7}  "
            f"{s.capacity:>8} ({s.limited_by})  {s.load_average:>5.1f}"
            + (f"  ({s.sessions_ended} session processes ended)" if s.sessions_ended else "")
        )
    # CPU per session is taken from the smallest step: with more sessions than the cores can
    # serve, each one gets less CPU than it asks for (and misses its refresh), so a larger
    # step under-states the need. Memory per session from the largest step.
    small, large = steps[0], steps[-1]
    fit_cpu = small.fit_by_cpu
    fit_mem = large.fit_by_memory
    limit = "memory" if fit_mem < fit_cpu else "CPU"
    inside = [s.sessions for s in steps if s.sessions_over_target == 0 and not s.sessions_ended]
    print(
        f"capacity: {min(fit_mem, fit_cpu)} sessions, limited by {limit} "
        f"({small.cpu_pct_per_session:.1f} % of a core per idle session at {small.sessions}; "
        f"{large.pss_mb_mean:.0f} MB PSS per session at {large.sessions}); largest step with "
        f"every refresh inside its target: {max(inside) if inside else 'none'} "
        f"(load average {min(s.load_average for s in steps):.1f}-"
        f"{max(s.load_average for s in steps):.1f} during the run)"
    )
    return 0


async def measure(server_pid: int, port: int, counts: list[int], args: argparse.Namespace):
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        deadline = time.monotonic() + 60
        while True:
            try:
                async with http.get(base + "/") as page:
                    if page.status == 200:
                        break
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            await asyncio.sleep(0.2)
        stop = asyncio.Event()
        sessions: list[Session] = []
        tasks: list[asyncio.Task] = []
        steps: list[Step] = []
        cores = os.cpu_count() or 1
        for count in counts:
            while len(sessions) < count:
                session = Session(len(sessions))
                sessions.append(session)
                tasks.append(asyncio.create_task(run_session(http, base + "/ws", session, stop)))
            painted_by = time.monotonic() + 120
            while any(s.first_paint_s is None for s in sessions):
                if time.monotonic() > painted_by:
                    raise RuntimeError("not every session drew its first screen in 120 s")
                await asyncio.sleep(0.2)
            await asyncio.sleep(args.warmup)
            pids = dashboards(server_pid)
            start = time.monotonic()
            cpu0 = {pid: cpu_seconds(pid) for pid in pids}
            server0 = cpu_seconds(server_pid)
            await asyncio.sleep(args.seconds)
            wall = time.monotonic() - start
            cpu1 = {pid: cpu_seconds(pid) for pid in pids}
            server1 = cpu_seconds(server_pid)
            # a dashboard process that ended while measured counts as a session lost
            ended = [p for p in pids if cpu0[p] is None or cpu1[p] is None]
            pids = [p for p in pids if p not in ended]
            memory = [memory_kb(pid) for pid in pids]
            per_session = [(cpu1[p] - cpu0[p]) / wall * 100 for p in pids]
            gaps: list[float] = []
            over = 0
            target = REFRESH_S + args.slack
            for s in sessions:
                times = [t for t, _ in s.stamps if start - target <= t <= start + wall]
                own = [b - a for a, b in itertools.pairwise(times)]
                # the time since the last stamp counts too (a session that stopped updating)
                own.append(start + wall - (times[-1] if times else start - target))
                gaps += own
                over += max(own) > target
            pss_mb = statistics.mean(p for _, p in memory) / 1024
            cpu_pct = statistics.mean(per_session)
            fit_mem = int((mem_total_bytes() - RESERVE_BYTES) / (pss_mb * 1024**2))
            fit_cpu = int(cores * CPU_BUDGET * 100 / cpu_pct) if cpu_pct > 0 else 10**6
            steps.append(
                Step(
                    sessions=len(pids),
                    sessions_ended=len(ended),
                    seconds=round(wall, 1),
                    rss_mb_mean=statistics.mean(r for r, _ in memory) / 1024,
                    pss_mb_mean=pss_mb,
                    cpu_pct_per_session=cpu_pct,
                    cpu_pct_sessions_total=sum(per_session),
                    server_cpu_pct=(server1 - server0) / wall * 100,
                    server_rss_mb=memory_kb(server_pid)[0] / 1024,
                    first_paint_s_max=max(s.first_paint_s or 0.0 for s in sessions),
                    refresh_gap_s_p95=statistics.quantiles(gaps, n=20, method="inclusive")[-1]
                    if len(gaps) > 1
                    else gaps[0],
                    refresh_gap_s_max=max(gaps),
                    sessions_over_target=over,
                    fit_by_memory=fit_mem,
                    fit_by_cpu=fit_cpu,
                    capacity=min(fit_mem, fit_cpu),
                    limited_by="memory" if fit_mem < fit_cpu else "CPU",
                    load_average=os.getloadavg()[0],
                )
            )
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        return steps


if __name__ == "__main__":
    raise SystemExit(main())
