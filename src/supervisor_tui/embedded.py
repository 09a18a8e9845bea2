"""The built-in sample database: kept current and fed live while a dashboard shows it.

- :func:`ensure_sample` creates the sample when it is missing, and regenerates it when its
  data no longer reaches the present (it ends more than ``MAX_GAP`` ago) or it is not a
  current-schema supervisor-tui sample. A lock file makes two dashboards starting together
  generate it once.
- :class:`SampleFeeder` runs the live feed (:mod:`supervisor_tui.feed`) in a child process
  while the dashboard is open, so the figures move as a control room's do. Only one feeder
  runs per sample database (an exclusive lock held by the feeding process); the child stops
  when asked, when the dashboard exits, or when its parent disappears.

A database the user names is never written: none of this runs for it.
"""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from supervisor_tui.errors import DatabaseBusy, DatabaseError
from supervisor_tui.progress import stage_progress
from supervisor_tui.timeutil import utc_now

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The sample is regenerated when its latest event is older than this.
MAX_GAP = timedelta(minutes=10)
#: Seconds between the live feed's batches.
FEED_INTERVAL = 2.0
GENERATOR = "supervisor-tui sample"


def _lock_path(path: Path, kind: str) -> Path:
    return path.with_name(f"{path.name}.{kind}.lock")


@contextmanager
def _file_lock(path: Path, *, blocking: bool) -> Iterator[bool]:
    """An exclusive advisory lock on ``path`` (created if needed); yields whether it is held."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def sample_reaches(path: Path) -> datetime | None:
    """The latest event in the sample at ``path``; None when it is missing or unusable."""
    from supervisor_tui import metrics
    from supervisor_tui.db import Database

    if not path.is_file():
        return None
    db = Database(path, retry_seconds=10.0)
    try:
        with db.read() as session:
            extent = metrics.data_extent(session)
    except DatabaseError as exc:
        log.info("sample database %s will be regenerated: %s", path, exc)
        return None
    finally:
        db.close()
    if extent.get("generator") != GENERATOR:
        return None
    latest = [t for t in (extent["last_call_at"], extent["last_incident_at"]) if t is not None]
    return max(latest) if latest else None


def needs_generation(path: Path, now: datetime) -> bool:
    reaches = sample_reaches(path)
    return reaches is None or now - reaches > MAX_GAP


def ensure_sample(path: Path, *, now: datetime | None = None, days: int = 35) -> bool:
    """Make the sample at ``path`` current; True when it was (re)generated.

    Generation writes a new file and swaps it in atomically, so a reader never sees half of
    it; a Rich progress bar shows when it takes over a second.
    """
    from supervisor_tui.sample import generate

    with _file_lock(_lock_path(path, "generate"), blocking=True):
        moment = now or utc_now()
        if not needs_generation(path, moment):
            return False
        existed = path.exists()
        verb = "bringing up to date" if existed else "creating"
        print(
            f"supervisor-tui: {verb} the built-in sample database at {path} (generated data)",
            file=sys.stderr,
        )
        started = time.monotonic()
        with stage_progress("Generating sample data") as progress:
            generate(path, days=days, end=now or utc_now(), progress=progress)
        log.info("sample generated in %.1f s", time.monotonic() - started)
        return True


class SampleFeeder:
    """Run the live feed for the sample at ``path`` in a child process."""

    def __init__(self, path: Path, *, interval: float = FEED_INTERVAL) -> None:
        self.path = Path(path)
        self.interval = interval
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.path.with_name(f"{self.path.name}.feed.log")

    def start(self) -> None:
        if self.process is not None:
            return
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "supervisor_tui.embedded",
                    str(self.path),
                    "--parent",
                    str(os.getpid()),
                    "--interval",
                    str(self.interval),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log_file,
                start_new_session=True,  # Ctrl+C in the terminal goes to the dashboard only
            )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the feed to stop after its current batch; kill it if it does not."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> SampleFeeder:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _watch_parent(parent: int, stop: threading.Event) -> None:
    while not stop.wait(1.0):
        if os.getppid() != parent:
            stop.set()


def feed_main(argv: list[str] | None = None) -> int:
    """The feeder process: catch up to now, then write a batch every ``--interval`` s."""
    from supervisor_tui.feed import Feed

    parser = argparse.ArgumentParser(prog="supervisor_tui.embedded")
    parser.add_argument("path", type=Path)
    parser.add_argument("--parent", type=int, default=None)
    parser.add_argument("--interval", type=float, default=FEED_INTERVAL)
    parser.add_argument("--lock-timeout", type=float, default=10.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s feed: %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if args.parent is not None:
        threading.Thread(target=_watch_parent, args=(args.parent, stop), daemon=True).start()
    with _file_lock(_lock_path(args.path, "feed"), blocking=False) as held:
        if not held:
            return 0  # another dashboard is feeding this sample
        feed = _when_free(
            stop,
            args.interval,
            lambda: Feed(
                args.path, speed=1.0, interval=args.interval, lock_timeout=args.lock_timeout
            ),
        )
        if feed is None:
            return 0
        # catch up from the latest event to now (run() would start from the latest event)
        if _when_free(stop, args.interval, lambda: feed.step(utc_now())) is None:
            return 0
        feed.run(stop)
    return 0


def _when_free(stop: threading.Event, wait: float, attempt: Callable[[], T]) -> T | None:
    """``attempt()`` once the database lets it write: a lock held past the feed's lock
    timeout (another writer, readers back to back on a busy machine) is waited out, as the
    feed's own batches do, not a reason to stop feeding. None when ``stop`` is set first."""
    while not stop.is_set():
        try:
            return attempt()
        except DatabaseBusy as exc:
            log.warning("live feed: %s; trying again", exc)
            stop.wait(wait)
    return None


if __name__ == "__main__":
    raise SystemExit(feed_main())
