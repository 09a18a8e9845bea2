"""Dashboard test fixtures: one generated sample database per session, a frozen clock, and an
app factory. Tests copy the database when they change it."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from supervisor_tui import metrics
from supervisor_tui.app.app import DashboardApp
from supervisor_tui.config import Config
from supervisor_tui.db import Database

#: The frozen "now" of every dashboard test; the sample data ends here.
FROZEN = datetime(2026, 11, 25, 14, 0, 0)
SEED = 1
DAYS = 3
#: Long enough that no timed refresh happens during a test unless the test asks for one.
NO_TIMED_REFRESH = 3600.0


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3-day sample database ending at FROZEN (fixed seed). Do not modify: copy it."""
    from supervisor_tui.sample import generate

    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    generate(path, days=DAYS, end=FROZEN, seed=SEED)
    return path


@pytest.fixture
def db_copy(sample_db: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database that a test may write to, lock or remove."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, path)
    return path


class Clock:
    """A settable clock (naive UTC)."""

    def __init__(self, now: datetime = FROZEN) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    """A clock frozen at FROZEN that a test can move on."""
    return Clock(FROZEN)


@pytest.fixture
def make_app(sample_db: Path) -> Callable[..., DashboardApp]:
    """Build a DashboardApp on the sample database with a frozen clock."""

    def build(db_path: Path | None = None, **options: Any) -> DashboardApp:
        config = options.pop("config", Config())
        clock = options.pop("clock", lambda: FROZEN)
        scope = metrics.Scope(
            as_of=clock(),
            window=options.pop("window", timedelta(hours=24)),
            area=options.pop("area", None),
            thresholds=config.thresholds,
        )
        options.setdefault("refresh_seconds", NO_TIMED_REFRESH)
        options.setdefault("retry_seconds", 0.2)
        return DashboardApp(
            db_path=db_path or sample_db, config=config, scope=scope, clock=clock, **options
        )

    return build


def _report(db_path: Path, scope: metrics.Scope) -> dict[str, Any]:
    db = Database(db_path)
    try:
        with db.read() as session:
            return metrics.report(session, scope)
    finally:
        db.close()


@pytest.fixture
def report() -> Callable[[Path, metrics.Scope], dict[str, Any]]:
    """The headless report's figures for a scope (what the panels must show)."""
    return _report


async def _settle(pilot: Pilot) -> None:
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return
    raise AssertionError("workers did not settle")


@pytest.fixture
def settle() -> Callable[[Pilot], Any]:
    """``await settle(pilot)``: wait until every worker has finished and its results show."""
    return _settle


@pytest.fixture
def frozen() -> datetime:
    return FROZEN


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (Textual's Pilot needs one)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
