"""Regenerate docs/screenshot-home.svg: the home screen at 120x36 on a 3-day sample (seed 1,
ending 25 Nov 2026 14:00 UTC, frozen clock), with the real data.police.uk files from
../shared/data imported in place of the sample's synthetic street crimes when they are there.

    python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb

from supervisor_tui import metrics
from supervisor_tui.app.app import DashboardApp
from supervisor_tui.cli import main
from supervisor_tui.config import Config
from supervisor_tui.sample import generate

FROZEN = datetime(2026, 11, 25, 14, 0, 0)
DOCS = Path(__file__).resolve().parent
POLICE = DOCS.parent.parent / "shared" / "data" / "police-uk" / "leicestershire"


async def shoot(db: Path, target: Path) -> None:
    config = Config()
    with duckdb.connect(str(db), read_only=True) as con:
        names = dict(con.execute("SELECT area_code, name FROM areas").fetchall())
    app = DashboardApp(
        db_path=db,
        config=config,
        scope=metrics.Scope(as_of=FROZEN, thresholds=config.thresholds),
        clock=lambda: FROZEN,
        refresh_seconds=3600,
        is_sample=True,
        area_names=names,
    )
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(30):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause(0.5)
        app.save_screenshot(filename=target.name, path=str(target.parent))


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "screenshot.duckdb"
        generate(db, days=3, end=FROZEN, seed=1)
        if POLICE.is_dir():
            with duckdb.connect(str(db)) as con:
                con.execute("DELETE FROM street_crimes")
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                assert main(["import", "police-uk", "--db", str(db), str(POLICE)]) == 0
        asyncio.run(shoot(db, DOCS / "screenshot-home.svg"))


if __name__ == "__main__":
    run()
