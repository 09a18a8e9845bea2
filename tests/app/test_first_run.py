"""First run: the built-in sample is brought up to date and fed live while a dashboard shows it;
the feed is one process however many dashboards are open, and nothing is left running on exit."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from supervisor_tui import embedded, metrics
from supervisor_tui.app.app import DashboardApp
from supervisor_tui.app.panels import Panel
from supervisor_tui.config import Config
from supervisor_tui.db import Database
from supervisor_tui.sample import generate
from supervisor_tui.timeutil import utc_now

SIZE = (120, 36)


def extent(path: Path) -> dict:
    db = Database(path, retry_seconds=10)
    try:
        with db.read() as session:
            return metrics.data_extent(session)
    finally:
        db.close()


def calls_in_db(path: Path) -> int:
    return extent(path)["calls"]


def wait_until(condition, seconds: float = 60.0) -> bool:
    """Poll ``condition`` (waits for the feed's real-time batches; not a speed check)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def children_running_feed() -> list[int]:
    """Processes whose parent is this test process and that run the sample feed."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and "supervisor_tui.embedded" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_missing_sample_is_created_and_reaches_now(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "sample.duckdb"
    now = datetime(2026, 11, 25, 14, 0)
    assert embedded.ensure_sample(path, now=now, days=2) is True
    assert embedded.sample_reaches(path) is not None
    assert now - embedded.sample_reaches(path) <= embedded.MAX_GAP
    # current now: nothing to do
    assert embedded.ensure_sample(path, now=now + timedelta(minutes=5), days=2) is False


def test_a_stale_sample_is_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "sample.duckdb"
    old_end = datetime(2026, 11, 20, 9, 0)
    generate(path, days=2, end=old_end, seed=3)
    now = datetime(2026, 11, 25, 14, 0)
    assert embedded.needs_generation(path, now)
    assert embedded.ensure_sample(path, now=now, days=2) is True
    reaches = embedded.sample_reaches(path)
    assert reaches is not None and old_end < reaches <= now
    assert now - reaches <= embedded.MAX_GAP
    # the last 24 hours hold data right up to the present
    db = Database(path)
    try:
        with db.read() as session:
            figures = metrics.report(session, metrics.Scope(as_of=now))
    finally:
        db.close()
    assert figures["calls"]["999"]["presented"] > 300
    assert figures["on_duty"]["officers"] > 0


def test_a_sample_just_past_the_gap_is_regenerated_and_one_inside_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "sample.duckdb"
    end = datetime(2026, 11, 25, 14, 0)
    generate(path, days=1, end=end, seed=3)
    reaches = embedded.sample_reaches(path)
    assert reaches is not None
    assert not embedded.needs_generation(path, reaches + embedded.MAX_GAP)
    assert embedded.needs_generation(path, reaches + embedded.MAX_GAP + timedelta(seconds=1))


def test_a_broken_or_foreign_sample_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "sample.duckdb"
    path.write_text("not a database")
    now = datetime(2026, 11, 25, 14, 0)
    assert embedded.ensure_sample(path, now=now, days=1) is True
    assert embedded.sample_reaches(path) is not None
    # a schema-v1 database not made by the generator is not taken for the sample
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM meta WHERE key = 'generator'")
    con.close()
    assert embedded.sample_reaches(path) is None


def test_the_feed_moves_the_sample_and_stops_with_nothing_left(tmp_path: Path) -> None:
    path = tmp_path / "sample.duckdb"
    generate(path, days=2, end=utc_now() - timedelta(minutes=2), seed=5)
    before = calls_in_db(path)
    threads = threading.active_count()
    feeder = embedded.SampleFeeder(path, interval=0.5)
    feeder.start()
    try:
        # the first batch catches up the two minutes since the data ended
        assert wait_until(lambda: calls_in_db(path) > before)
        assert feeder.running
    finally:
        feeder.stop()
    assert not feeder.running
    assert children_running_feed() == []
    assert threading.active_count() == threads
    # what the feed wrote is consistent: no event after now, nothing answered and abandoned
    con = duckdb.connect(str(path), read_only=True)
    try:
        (future,) = con.sql(
            "SELECT count(*) FROM calls WHERE presented_at > now()::TIMESTAMP "
            "OR answered_at > now()::TIMESTAMP"
        ).fetchall()[0]
        (both,) = con.sql(
            "SELECT count(*) FROM calls WHERE answered_at IS NOT NULL AND abandoned_at IS NOT NULL"
        ).fetchall()[0]
    finally:
        con.close()
    assert future == 0 and both == 0


HOLD_WRITE_LOCK = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
sys.stdin.readline()
con.close()
"""


def test_the_feed_waits_out_a_lock_held_when_it_starts(tmp_path: Path) -> None:
    """Another process holds the sample for writing past the feed's lock timeout while the
    feed sets up: the feed waits (logging why) instead of ending, then catches up."""
    path = tmp_path / "sample.duckdb"
    generate(path, days=1, end=utc_now() - timedelta(minutes=30), seed=7)
    before = calls_in_db(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    log_path = tmp_path / "feed.log"
    with open(log_path, "wb") as log_file:
        feed = subprocess.Popen(
            [sys.executable, "-m", "supervisor_tui.embedded", str(path),
             "--interval", "0.5", "--lock-timeout", "0.3"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log_file,
        )  # fmt: skip
    try:
        assert wait_until(lambda: "trying again" in log_path.read_text(errors="replace"))
        assert feed.poll() is None  # still waiting for the lock, not ended
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(timeout=30) == 0
        assert wait_until(lambda: calls_in_db(path) > before)  # the 30 minutes caught up
        assert feed.poll() is None
    finally:
        if holder.poll() is None:
            holder.kill()
        feed.terminate()
        feed.wait(timeout=30)
    assert "Traceback" not in log_path.read_text(errors="replace")


def test_two_dashboards_on_the_sample_feed_once(tmp_path: Path) -> None:
    path = tmp_path / "sample.duckdb"
    generate(path, days=1, end=utc_now(), seed=6)
    first = embedded.SampleFeeder(path, interval=0.5)
    second = embedded.SampleFeeder(path, interval=0.5)
    first.start()
    try:
        assert wait_until(lambda: embedded._lock_path(path, "feed").exists())
        time.sleep(1.0)  # the first feeder holds the feed lock by now
        second.start()
        assert second.process is not None
        assert second.process.wait(timeout=60) == 0  # it found a feeder and left
        assert first.running
        # readers keep working while the one feeder writes
        counts = [calls_in_db(path) for _ in range(5)]
        assert counts == sorted(counts)
    finally:
        first.stop()
        second.stop()
    assert children_running_feed() == []


async def test_a_row_written_by_the_feed_appears_on_screen_after_a_refresh(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sample.duckdb"
    generate(path, days=2, end=utc_now() - timedelta(minutes=8), seed=8)
    config = Config()
    app = DashboardApp(
        db_path=path,
        config=config,
        scope=metrics.Scope(as_of=utc_now(), thresholds=config.thresholds),
        clock=utc_now,
        refresh_seconds=3600.0,
        is_sample=True,
    )

    def presented(app: DashboardApp) -> int:
        return sum(
            app.screen.query_one(f"#{panel_id}", Panel).data.figures["presented"]
            for panel_id in ("calls_999", "calls_101")
        )

    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        shown = presented(app)
        start = calls_in_db(path)
        with embedded.SampleFeeder(path, interval=0.5):
            # the feed's first batch writes the calls of the minutes since the data ended
            assert wait_until(lambda: calls_in_db(path) > start)
            await pilot.press("r")
            await _settle(pilot)
            assert presented(app) > shown
            assert "SAMPLE DATA" in app.screen.query_one("StatusBar").render().plain
    assert children_running_feed() == []


async def _settle(pilot) -> None:
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return
    raise AssertionError("workers did not settle")
