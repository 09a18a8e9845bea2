"""The live feed (``supervisor_tui.feed`` and ``supervisor-tui simulate``) on real sample data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from ingest_helpers import query, run_cli, table_digest

from supervisor_tui.errors import UserError
from supervisor_tui.feed import Feed
from supervisor_tui.ingest.tables import specs

#: Event times per table (a duty's ends_at is a rostered plan and may lie ahead).
EVENT_COLUMNS = {
    "calls": ("presented_at", "answered_at", "abandoned_at"),
    "incidents": ("opened_at", "closed_at", "victim_updated_at"),
    "deployments": ("dispatched_at", "arrived_at", "cleared_at"),
    "crimes": ("recorded_at", "closed_at"),
    "suspects": ("outstanding_since", "resolved_at"),
    "suspect_reviews": ("reviewed_at",),
    "duties": ("starts_at",),
}


def latest_event(path: Path) -> datetime:
    parts = [
        f"(SELECT max({col}) FROM {table})" for table, cols in EVENT_COLUMNS.items() for col in cols
    ]
    return query(path, f"SELECT greatest({', '.join(parts)})")[0][0]


def frames(path: Path) -> dict[str, pl.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.sql(f"SELECT * FROM {t}").pl() for t in EVENT_COLUMNS}
    finally:
        con.close()


def test_empty_database_is_a_clear_error(empty_db: Path) -> None:
    with pytest.raises(UserError, match="has no areas; the live feed continues existing data"):
        Feed(empty_db)
    run = run_cli("simulate", "--db", empty_db, "--batches", "1")
    assert run.code == 2
    assert len(run.err_lines) == 1
    assert f"supervisor-tui sample --db {empty_db}" in run.err


def test_feed_continues_from_the_latest_event_and_never_writes_ahead(sample_db: Path) -> None:
    start = latest_event(sample_db)
    before = frames(sample_db)
    feed = Feed(sample_db, seed=11, rate=120)
    assert feed.start == start
    now = start
    totals = {t: len(f) for t, f in before.items()}
    for _ in range(6):
        now += timedelta(minutes=20)
        summary = feed.step(now)
        assert summary.at == now == feed.clock
        con = duckdb.connect(str(sample_db), read_only=True)
        try:
            for table, columns in EVENT_COLUMNS.items():
                for column in columns:
                    latest = con.sql(f"SELECT max({column}) FROM {table}").fetchall()[0][0]
                    assert latest is None or latest <= now, (table, column)
            counts = {t: con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in totals}
        finally:
            con.close()
        assert counts["calls"] - totals["calls"] == summary.calls
        assert counts["incidents"] - totals["incidents"] == summary.incidents
        assert counts["deployments"] - totals["deployments"] == summary.dispatched
        assert counts["crimes"] - totals["crimes"] == summary.crimes
        assert counts["suspects"] - totals["suspects"] == summary.suspects
        assert counts["suspect_reviews"] - totals["suspect_reviews"] == summary.reviews
        assert counts["duties"] - totals["duties"] == summary.duties
        totals = counts
    after = frames(sample_db)
    new_calls = len(after["calls"]) - len(before["calls"])
    assert 100 <= new_calls <= 380  # 2 hours at 120 an hour
    for table in ("calls", "incidents", "deployments"):
        assert len(after[table]) > len(before[table])
    _history_kept(before, after, start)


def _history_kept(before: dict[str, pl.DataFrame], after: dict[str, pl.DataFrame], start):
    """Rows that existed before keep every value they had; what the feed filled in is later
    than the feed's start."""
    for table, old in before.items():
        table_spec = specs()[table]
        key = list(table_spec.key)
        joined = old.join(after[table], on=key, how="left", suffix="_new")
        assert joined.height == old.height
        for column in table_spec.names:
            if column in key:
                continue
            new = joined[f"{column}_new"]
            kept = joined[column].is_null() | (joined[column] == new)
            assert kept.all(), (table, column)
            filled = joined[column].is_null() & new.is_not_null()
            if column in EVENT_COLUMNS[table] and filled.any():
                assert (new.filter(filled) > start).all(), (table, column)


def test_feed_records_hang_together(sample_db: Path) -> None:
    feed = Feed(sample_db, seed=5, rate=200)
    for minutes in (20, 60, 100, 180):
        feed.step(feed.start + timedelta(minutes=minutes))
    since = feed.start
    orphans = query(
        sample_db,
        "SELECT "
        "(SELECT count(*) FROM calls c WHERE c.presented_at > $1 AND c.incident_id IS NOT NULL "
        " AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.incident_id = c.incident_id)), "
        "(SELECT count(*) FROM deployments d WHERE d.dispatched_at > $1 "
        " AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.incident_id = d.incident_id)), "
        "(SELECT count(*) FROM deployments d WHERE d.dispatched_at > $1 "
        " AND NOT EXISTS (SELECT 1 FROM officers o WHERE o.officer_id = d.officer_id)), "
        "(SELECT count(*) FROM suspects s WHERE s.outstanding_since > $1 "
        " AND NOT EXISTS (SELECT 1 FROM crimes c WHERE c.crime_id = s.crime_id)), "
        "(SELECT count(*) FROM calls WHERE presented_at > $1 AND answered_at IS NOT NULL "
        " AND abandoned_at IS NOT NULL), "
        "(SELECT count(*) FROM deployments WHERE dispatched_at > $1 AND "
        " (arrived_at < dispatched_at OR cleared_at < arrived_at))",
        [since],
    )
    assert orphans == [(0, 0, 0, 0, 0, 0)]
    # every incident the feed opened came from a call it answered
    assert query(
        sample_db,
        "SELECT count(*) FROM incidents i WHERE i.opened_at > $1 AND NOT EXISTS "
        "(SELECT 1 FROM calls c WHERE c.incident_id = i.incident_id AND c.answered_at <= "
        "i.opened_at)",
        [since],
    ) == [(0,)]


def test_duties_repeat_the_rota_without_overlaps(sample_db: Path) -> None:
    feed = Feed(sample_db, seed=2)
    assert feed.rota_cycle is not None
    # 24 hours in 3-hour batches passes every shift change once
    started = sum(feed.step(feed.start + timedelta(hours=3 * i)).duties for i in range(1, 9))
    assert started > 0
    assert query(
        sample_db,
        "WITH recent AS (SELECT * FROM duties WHERE ends_at > $1) "
        "SELECT count(*) FROM recent a JOIN recent b ON a.officer_id = b.officer_id "
        "AND a.starts_at < b.starts_at AND b.starts_at < a.ends_at",
        [feed.start - timedelta(days=1)],
    ) == [(0,)]
    assert query(sample_db, "SELECT count(*) FROM duties WHERE starts_at > $1", [feed.clock]) == [
        (0,)
    ]


def test_a_feed_starting_after_a_gap_rosters_the_duties_running_at_its_start(
    sample_db: Path,
) -> None:
    """Days after the roster stopped, the first batch puts on duty those the rota has
    running at the start (each the same officer and local times one cycle earlier), not
    nobody until the next shift change."""
    from zoneinfo import ZoneInfo

    start = (latest_event(sample_db) + timedelta(days=3)).replace(minute=0, second=0)
    in_effect = "SELECT count(*) FROM duties WHERE starts_at <= $1 AND ends_at > $1"
    assert query(sample_db, in_effect, [start]) == [(0,)]
    feed = Feed(sample_db, seed=5, start=start)
    assert feed.rota_cycle is not None
    feed.step(start + timedelta(minutes=10))
    [(on_duty,)] = query(sample_db, in_effect, [start])
    assert on_duty > 0
    new = query(
        sample_db,
        "SELECT officer_id, starts_at, ends_at FROM duties WHERE starts_at <= $1 AND ends_at > $1",
        [start],
    )
    london, utc = ZoneInfo("Europe/London"), ZoneInfo("UTC")

    def cycle_earlier(moment: datetime) -> datetime:
        local = moment.replace(tzinfo=utc).astimezone(london).replace(tzinfo=None)
        before = (local - timedelta(days=feed.rota_cycle)).replace(tzinfo=london)
        return before.astimezone(utc).replace(tzinfo=None)

    for officer, starts, ends in new:
        assert query(
            sample_db,
            "SELECT count(*) FROM duties WHERE officer_id = $1 AND starts_at = $2 AND ends_at = $3",
            [officer, cycle_earlier(starts), cycle_earlier(ends)],
        ) == [(1,)], (officer, starts)
    # a feed starting where the roster runs adds nothing behind its clock
    again = Feed(sample_db, seed=6)
    behind = "SELECT count(*) FROM duties WHERE starts_at <= $1"
    [(before,)] = query(sample_db, behind, [again.start])
    again.step(again.start + timedelta(minutes=10))
    assert query(sample_db, behind, [again.start]) == [(before,)]


def test_same_seed_same_data(sample_template: Path, tmp_path: Path) -> None:
    digests = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.duckdb"
        path.write_bytes(sample_template.read_bytes())
        feed = Feed(path, seed=99, rate=150)
        for minutes in (7, 20, 45, 60):
            feed.step(feed.start + timedelta(minutes=minutes))
        digests.append(table_digest(path))
    assert digests[0] == digests[1]


def test_waiting_calls_get_answered_after_the_start(sample_db: Path) -> None:
    waiting = query(
        sample_db, "SELECT call_id FROM calls WHERE answered_at IS NULL AND abandoned_at IS NULL"
    )
    assert waiting, "the sample ends with calls waiting"
    feed = Feed(sample_db, seed=3)
    feed.step(feed.start + timedelta(hours=12))
    settled = query(
        sample_db,
        "SELECT count(*), min(coalesce(answered_at, abandoned_at)) FROM calls "
        "WHERE list_contains($1, call_id) "
        "AND (answered_at IS NOT NULL OR abandoned_at IS NOT NULL)",
        [[c for (c,) in waiting]],
    )
    assert settled[0][0] == len(waiting)
    assert settled[0][1] > feed.start


def test_simulate_command_writes_batches(sample_db: Path) -> None:
    run = run_cli(
        "simulate",
        "--db",
        sample_db,
        "--speed",
        "3600",
        "--interval",
        "0.2",
        "--batches",
        "3",
        "--seed",
        "4",
        "--rate",
        "600",
    )
    assert run.code == 0, run.err
    lines = run.out.strip().splitlines()
    assert len(lines) == 3
    assert all(" UTC: " in line and " calls, " in line for line in lines)
    assert "stopped; totals to" in run.err


@pytest.mark.slow
def test_ctrl_c_stops_after_the_current_batch(sample_db: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "supervisor_tui",
            "simulate",
            "--db",
            str(sample_db),
            "--speed",
            "600",
            "--interval",
            "0.2",
            "--seed",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        first = proc.stdout.readline()  # one batch written
        assert " UTC: " in first
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped; totals to" in err
    # the database is whole and readable after the stop
    assert query(sample_db, "SELECT count(*) > 0 FROM calls") == [(True,)]


def test_feed_recovers_when_another_writer_takes_its_next_id(sample_db: Path) -> None:
    feed = Feed(sample_db, seed=6, rate=600)
    feed.step(feed.start + timedelta(minutes=10))
    (latest,) = query(sample_db, "SELECT max(call_id) FROM calls WHERE call_id LIKE 'C%'")[0]
    taken = f"C{int(latest[1:]) + 1:08d}"
    con = duckdb.connect(str(sample_db))
    con.execute(
        "INSERT INTO calls (call_id, line, presented_at) VALUES ($id, '101', $at)",
        {"id": taken, "at": feed.clock},
    )
    con.close()
    summary = feed.step(feed.start + timedelta(minutes=20))
    assert summary.calls > 0
    assert query(sample_db, "SELECT count(*) FROM calls WHERE call_id = $1", [taken]) == [(1,)]
    assert query(sample_db, "SELECT count(*) - count(DISTINCT call_id) FROM calls") == [(0,)]


def test_duties_are_rostered_across_a_change_of_the_clocks_whatever_the_batch(
    tmp_path: Path,
) -> None:
    """The rota keeps local times: 56 days before 3 December is British Summer Time, so a
    shift starting at 07:00 then started at 06:00 UTC and starts at 07:00 UTC now. Batches of
    ten minutes must roster every duty that one six-hour batch does (03:00 to 09:00 takes in
    the early shifts)."""
    from supervisor_tui.sample import generate

    template = tmp_path / "template.duckdb"
    generate(template, days=2, end=datetime(2026, 12, 3, 3, 0), seed=1)
    started = {}
    for batch_minutes in (6 * 60, 10):
        path = tmp_path / f"batches_{batch_minutes}.duckdb"
        path.write_bytes(template.read_bytes())
        feed = Feed(path, seed=5, rate=60)
        assert feed.rota_cycle == 56
        steps = range(1, 6 * 60 // batch_minutes + 1)
        started[batch_minutes] = sum(
            feed.step(feed.start + timedelta(minutes=batch_minutes * i)).duties for i in steps
        )
        rostered = query(
            path,
            "SELECT count(*) FROM duties WHERE starts_at > $1 AND starts_at <= $2",
            [feed.start, feed.start + timedelta(hours=6)],
        )[0][0]
        assert rostered == started[batch_minutes]
    assert started[10] == started[6 * 60] > 0
