"""The live feed's second wave (``supervisor_tui.feed_families``) on real sample data: every
second-wave table grows by what each batch says it wrote, the records hang together and keep
the load rules, nothing is written ahead of the simulated now or before the feed's start, the
same seed writes the same rows, and a schema-1 file gets the first wave only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from ingest_helpers import query, run_cli, table_digest

from supervisor_tui import feed_families
from supervisor_tui.db import SCHEMA_V2_TABLES
from supervisor_tui.feed import BatchSummary, Feed
from test_migrate import to_v1

#: Event times of the second wave (bail's and an extension's ends_at are plans).
EVENT_COLUMNS = {
    "stop_searches": ("searched_at", "reviewed_at"),
    "use_of_force": ("used_at", "submitted_at", "checked_at"),
    "dvds_applications": ("received_at", "initial_checks_at", "disclosed_at", "closed_at"),
    "abstractions": ("starts_at", "recorded_at"),
    "crime_actions": ("acted_at",),
    "key_decisions": ("decided_at", "victim_informed_at"),
    "bail": ("started_at", "concluded_at"),
    "bail_extensions": ("authorised_at",),
}


def counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in SCHEMA_V2_TABLES}
    finally:
        con.close()


def run_feed(
    path: Path, hours: int, *, seed: int = 4, scale: float = 20.0
) -> tuple[Feed, BatchSummary]:
    feed = Feed(path, seed=seed, rate=400)
    assert feed.second_wave is not None
    feed.second_wave.scale = scale
    total = BatchSummary(at=feed.start)
    for step in range(1, hours + 1):  # hourly batches
        total.add(feed.step(feed.start + timedelta(hours=step)))
    return feed, total


def test_every_second_wave_table_grows_by_what_the_batches_say(sample_db: Path) -> None:
    before = counts(sample_db)
    feed, total = run_feed(sample_db, hours=6)
    after = counts(sample_db)
    inserted = total.inserted()
    for table in SCHEMA_V2_TABLES:
        assert after[table] - before[table] == inserted[table], table
    for field in feed_families.TABLES:
        assert getattr(total, field) > 0, field  # six hours of a busy feed write every kind
    assert total.forms_submitted > 0 and total.victims_informed >= 0
    assert "stop and searches" in total.line() and "bail extensions" in total.line()
    # nothing ahead of the simulated now, nothing new before the feed's start
    for table, columns in EVENT_COLUMNS.items():
        for column in columns:
            latest = query(sample_db, f"SELECT max({column}) FROM {table}")[0][0]
            assert latest is None or latest <= feed.clock, (table, column)


def test_second_wave_records_hang_together(sample_db: Path) -> None:
    feed, _ = run_feed(sample_db, hours=6, seed=8)
    start = feed.start
    broken = query(
        sample_db,
        "SELECT "
        "(SELECT count(*) FROM use_of_force WHERE used_at >= $1 AND (submitted_at < used_at "
        " OR checked_at < submitted_at OR (checked_at IS NOT NULL AND submitted_at IS NULL))), "
        "(SELECT count(*) FROM use_of_force u WHERE used_at >= $1 AND NOT EXISTS "
        " (SELECT 1 FROM officers o WHERE o.officer_id = u.officer_id)), "
        "(SELECT count(*) FROM stop_searches WHERE searched_at >= $1 AND "
        " (reviewed_at < searched_at OR area_code NOT IN (SELECT area_code FROM areas))), "
        "(SELECT count(*) FROM dvds_applications WHERE received_at >= $1 AND "
        " initial_checks_at < received_at), "
        "(SELECT count(*) FROM abstractions WHERE recorded_at >= $1 AND ends_at <= starts_at), "
        "(SELECT count(*) FROM crime_actions a WHERE acted_at >= $1 AND NOT EXISTS "
        " (SELECT 1 FROM crimes c WHERE c.crime_id = a.crime_id AND c.recorded_at <= a.acted_at)), "
        "(SELECT count(*) FROM key_decisions k WHERE decided_at >= $1 AND NOT EXISTS "
        " (SELECT 1 FROM suspects s WHERE s.suspect_id = k.suspect_id "
        "  AND s.crime_id = k.crime_id AND s.resolved_at = k.decided_at)), "
        "(SELECT count(*) FROM key_decisions WHERE decided_at >= $1 AND "
        " victim_informed_at < decided_at), "
        "(SELECT count(*) FROM bail WHERE started_at >= $1 AND ((kind = 'bail') <> "
        " (ends_at IS NOT NULL) OR ends_at <= started_at)), "
        "(SELECT count(*) FROM bail_extensions e JOIN bail b USING (bail_id) "
        " WHERE e.authorised_at >= $1 AND (e.ends_at <= b.ends_at OR b.kind <> 'bail'))",
        [start],
    )
    assert broken == [(0,) * 10]
    # each arrest the feed made has its key decision; bail and rui have theirs too
    assert query(
        sample_db,
        "SELECT count(*) FROM suspects s WHERE s.resolved_at > $1 AND NOT EXISTS "
        "(SELECT 1 FROM key_decisions k WHERE k.suspect_id = s.suspect_id AND k.kind = 'arrest')",
        [start],
    ) == [(0,)]
    assert query(
        sample_db,
        "SELECT count(*) FROM bail b WHERE b.started_at >= $1 AND NOT EXISTS "
        "(SELECT 1 FROM key_decisions k WHERE k.suspect_id = b.suspect_id AND k.kind = b.kind)",
        [start],
    ) == [(0,)]


def test_history_before_the_start_is_kept(sample_db: Path) -> None:
    def old_rows() -> dict[str, list[tuple[object, ...]]]:
        return {
            table: query(
                sample_db, f"SELECT * FROM {table} WHERE {columns[0]} < $1 ORDER BY ALL", [start]
            )
            for table, columns in EVENT_COLUMNS.items()
            if table != "bail_extensions"
        }

    start = Feed(sample_db, seed=1).start
    before = old_rows()
    run_feed(sample_db, hours=3, seed=6)
    assert old_rows() == before


def test_same_seed_same_second_wave(sample_template: Path, tmp_path: Path) -> None:
    digests = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.duckdb"
        path.write_bytes(sample_template.read_bytes())
        run_feed(path, hours=2, seed=21)
        digests.append(table_digest(path))
    assert digests[0] == digests[1]


def test_a_schema_1_file_gets_the_first_wave_only(sample_template: Path, tmp_path: Path) -> None:
    path = to_v1(sample_template, tmp_path / "v1.duckdb")
    feed = Feed(path, seed=3, rate=400)
    assert feed.second_wave is None
    total = feed.step(feed.start + timedelta(hours=1))
    assert total.calls > 0
    assert all(total.inserted()[table] == 0 for table in feed_families.TABLES.values())
    assert "stop and searches" not in total.line()


def test_simulate_writes_the_second_wave(sample_db: Path) -> None:
    before = counts(sample_db)
    run = run_cli("simulate", "--db", sample_db, "--speed", "3600", "--interval", "0.2",
                  "--batches", "3", "--seed", "9", "--rate", "2000")  # fmt: skip
    assert run.code == 0, run.err
    after = counts(sample_db)
    grew = {t for t in SCHEMA_V2_TABLES if after[t] > before[t]}
    assert {"stop_searches", "use_of_force", "abstractions"} <= grew, grew
    assert "uses of force" in run.out


@pytest.mark.parametrize("missing", ["abstractions"])
def test_fallback_rates_when_the_last_week_has_none(sample_db: Path, missing: str) -> None:
    con = duckdb.connect(str(sample_db))
    con.execute(f"DELETE FROM {missing}")
    con.close()
    feed = Feed(sample_db, seed=3)
    assert feed.second_wave is not None
    assert feed.second_wave.per_call[missing] == feed_families.FALLBACK_PER_CALL[missing]
