"""A v1 database migrated while a dashboard reads it: the dashboard (the real app, Pilot) keeps
working through `supervisor-tui migrate` run in another process (at most STALE while the
migration holds the file, the last figures kept), then, once a loader has written second-wave
rows, shows every second-wave panel with its figures — the same panels, line for line, as a
dashboard on the v2 database those rows came from — and no longer "needs schema 2"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from supervisor_tui import figures
from supervisor_tui.app.app import DashboardApp
from supervisor_tui.app.panels import Panel
from supervisor_tui.db import ADDED_COLUMNS, SCHEMA_V2_TABLES
from supervisor_tui.migrate import PAUSE_ENV
from test_migrate import to_v1

SIZE = (160, 60)  # every panel has room for its lines
NEEDS = "needs schema 2"

#: A loader in another process: the second-wave rows and the v2 columns of crimes and teams.
COPY_WAVE_2 = """
import sys, duckdb
target, source, tables, added = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4]
con = duckdb.connect(target)
con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
con.execute("BEGIN TRANSACTION")
for table in tables:
    con.execute(f"INSERT INTO {table} SELECT * FROM src.main.{table}")
for pair in added.split(","):
    table, column = pair.split(".")
    key = {"crimes": "crime_id", "teams": "team_id"}[table]
    con.execute(f"UPDATE {table} AS t SET {column} = s.{column} FROM src.main.{table} AS s "
                f"WHERE t.{key} = s.{key}")
con.execute("COMMIT")
con.close()
"""


def second_wave(app: DashboardApp) -> dict[str, Panel]:
    ids = {f.id for f in figures.families() if f.schema >= 2}
    return {p.id: p for p in app.screen.panels if p.id in ids}


async def test_a_dashboard_keeps_reading_through_migrate_then_shows_the_new_panels(
    make_app, sample_db: Path, tmp_path: Path, settle
) -> None:
    path = to_v1(sample_db, tmp_path / "v1.duckdb")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.staleness() is None
        panels = second_wave(app)
        assert len(panels) >= 6
        for panel_id, panel in panels.items():
            assert NEEDS in panel.render().plain, panel_id
        first_wave = {p.id: p.data for p in app.screen.panels if p.id not in panels}
        assert all(data is not None and data.figures is not None for data in first_wave.values())

        # migrate in another process, slowly (0.2 s between statements: about 3 s holding
        # the file), refreshing all the while
        env = {**os.environ, PAUSE_ENV: "0.2"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "supervisor_tui", "migrate", "--db", str(path)],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
        )  # fmt: skip
        assert proc.stderr is not None
        assert "pausing" in proc.stderr.readline()  # the migration holds the file now
        rounds, stale_seen = 0, []
        while proc.poll() is None:
            app.refresh_now()
            await settle(pilot)
            rounds += 1
            stale_seen.append(app.staleness())
            for p in app.screen.panels:  # never an empty or broken panel
                assert p.data is not None
                if p.id in first_wave:
                    assert p.data.figures is not None, p.id
        _, err = proc.communicate()
        assert proc.returncode == 0, err
        assert rounds >= 1
        for reason in stale_seen:  # at most STALE, and only for the lock
            assert reason is None or "locked" in reason, reason

        # the next refresh is fresh: every second-wave panel is there, without data yet
        app.refresh_now()
        await settle(pilot)
        assert app.staleness() is None
        for panel_id, panel in second_wave(app).items():
            assert NEEDS not in panel.render().plain, panel_id

        # a loader writes the second wave's rows; the next refresh shows them
        added = ",".join(f"{t}.{c}" for t, c in ADDED_COLUMNS)
        subprocess.run(
            [sys.executable, "-c", COPY_WAVE_2, str(path), str(sample_db),
             ",".join(SCHEMA_V2_TABLES), added],
            check=True, timeout=120,
        )  # fmt: skip
        app.refresh_now()
        await settle(pilot)
        assert app.staleness() is None
        migrated = {pid: p.render().plain for pid, p in second_wave(app).items()}

    reference = make_app(sample_db)
    async with reference.run_test(size=SIZE) as pilot:
        await settle(pilot)
        want = {pid: p.render().plain for pid, p in second_wave(reference).items()}
    assert migrated == want
    for text in migrated.values():
        assert NEEDS not in text and "NO DATA" not in text
