"""``supervisor-tui migrate``: v1 → v2 on the sample and the golden databases (every v1 figure
and row the same before and after), the same schema as ``init``, a no-op the second time,
refusals with one line, and ``kill -9`` at every step and at random moments."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from supervisor_tui.cli import main
from supervisor_tui.db import (
    ADDED_COLUMNS,
    SCHEMA_TABLES,
    SCHEMA_V2_TABLES,
    Database,
    create_schema,
)
from supervisor_tui.migrate import PAUSE_AT_ENV, PAUSE_ENV, migrate, statements
from test_briefing import SAMPLE_DAYS, SAMPLE_END, SAMPLE_SEED, build_breaching

AS_OF = "2026-03-01T22:45"


def first_wave(report: dict) -> dict:
    """The report's first-wave sections, and the action queue's first-wave items: what a v1
    file could already say (the second wave's clocks start once their tables exist)."""
    from supervisor_tui import figures

    kinds = {c.kind for f in figures.families() if f.schema == 1 for c in f.clocks}
    second = {f.json_path[0] for f in figures.families() if f.schema >= 2 and f.json_path}
    out = {k: v for k, v in report.items() if k not in second}
    actions = out.get("actions")
    if actions:
        out["actions"] = {
            "horizon": {k: v for k, v in actions["horizon"].items() if k in kinds},
            "items": [i for i in actions["items"] if i["kind"] in kinds],
        }
    return out


def first_wave_lines(text: str) -> list[str]:
    """The briefing's lines except the Actions ones (the second wave adds items there) and
    the second-wave families' NO DATA rows."""
    lines, skipping = [], False
    markdown = text.startswith("# ")
    for line in text.splitlines():
        if markdown and line.startswith("## "):
            skipping = line.startswith("## Actions")
        elif not markdown and line.startswith("Actions"):
            skipping = True
        elif not markdown and not line.strip():
            skipping = False
        headline_row = line.lstrip("| ").startswith("Actions")
        table_rule = line.startswith(("Figure ", "| Figure")) or set(line.strip()) <= set("─-|: ")
        if skipping or headline_row or table_rule or "needs schema 2" in line:
            continue
        lines.append(line.rstrip())
    return lines


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def fails(capsys: pytest.CaptureFixture[str], *argv: object) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    assert out == ""
    assert err.startswith("supervisor-tui: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def v1_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = ? AND table_catalog = current_database() "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
        if (table, name) not in ADDED_COLUMNS
    ]


def v1_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every v1 table, v1 columns only, in a fixed order (but the version)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in SCHEMA_TABLES:
            cols = ", ".join(v1_columns(con, table))
            where = " WHERE key <> 'schema_version'" if table == "meta" else ""
            out[table] = con.sql(f"SELECT {cols} FROM {table}{where} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def to_v1(source: Path, target: Path) -> Path:
    """A true schema-v1 file (made by queries/schema_v1.sql) holding ``source``'s v1 rows."""
    con = duckdb.connect(str(target))
    try:
        create_schema(con, version=1)
        literal = str(source).replace("'", "''")
        con.execute(f"ATTACH '{literal}' AS src (READ_ONLY)")
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM meta")
        for table in SCHEMA_TABLES:
            cols = ", ".join(v1_columns(con, table))
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM src.main.{table}")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        con.execute("COMMIT")
        con.execute("DETACH src")
    finally:
        con.close()
    return target


def version_of(path: Path) -> int:
    db = Database(path)
    try:
        with db.read() as session:
            return session.schema_version
    finally:
        db.close()


def shape(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every column (table, position, name, type, nullable, default) and constraint."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.sql(
            "SELECT table_name, ordinal_position, column_name, data_type, is_nullable, "
            "column_default FROM information_schema.columns "
            "WHERE table_catalog = current_database() ORDER BY ALL"
        ).fetchall()
        constraints = con.sql(
            "SELECT table_name, constraint_type, constraint_column_names::VARCHAR, "
            "expression FROM duckdb_constraints() WHERE database_name = current_database() "
            "ORDER BY ALL"
        ).fetchall()
        return columns, constraints
    finally:
        con.close()


def report_json(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict:
    code, out, err = run(
        capsys, "report", "--db", path, "--format", "json", "--as-of", AS_OF, *extra
    )
    assert code == 0, err
    return json.loads(out)


def report_text(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> str:
    code, out, err = run(capsys, "report", "--db", path, "--as-of", AS_OF, *extra)
    assert code in (0, 4), err
    return out


@pytest.fixture(scope="module")
def sample_v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden briefing's sample (a week, seed 1) as a schema-v1 file."""
    from supervisor_tui.sample import generate

    folder = tmp_path_factory.mktemp("sample-v1")
    generate(folder / "v2.duckdb", days=SAMPLE_DAYS, end=SAMPLE_END, seed=SAMPLE_SEED)
    return to_v1(folder / "v2.duckdb", folder / "v1.duckdb")


@pytest.fixture(scope="module")
def breaching_v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("breaching-v1")
    return to_v1(build_breaching(folder), folder / "v1.duckdb")


@pytest.fixture
def v1_copy(tmp_path: Path):
    def copy(source: Path) -> Path:
        target = tmp_path / source.name
        target.write_bytes(source.read_bytes())
        return target

    return copy


# --- the schema -------------------------------------------------------------------------------


def test_migrated_v1_has_exactly_the_schema_init_creates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.duckdb", tmp_path / "new.duckdb"
    con = duckdb.connect(str(old))
    create_schema(con, version=1)
    con.close()
    assert version_of(old) == 1
    code, _, err = run(capsys, "migrate", "--db", old)
    assert code == 0 and "from schema version 1 to 2" in err
    assert run(capsys, "init", "--db", new)[0] == 0
    assert shape(old) == shape(new)
    assert version_of(old) == 2


def test_the_migration_file_is_the_schema_files_difference() -> None:
    """Every v2 table and added column, and nothing else, appears in migrate_1_to_2.sql."""
    text = "\n".join(statements("migrate_1_to_2"))
    for table in SCHEMA_V2_TABLES:
        assert f"CREATE TABLE IF NOT EXISTS {table} (" in text
    for table, column in ADDED_COLUMNS:
        assert f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} " in text
    assert text.count("CREATE TABLE") == len(SCHEMA_V2_TABLES)
    assert text.count("ALTER TABLE") == len(ADDED_COLUMNS)


# --- the sample and the golden databases: nothing of v1 changes --------------------------------


@pytest.mark.parametrize("which", ["sample", "breaching"])
def test_every_v1_figure_and_row_is_the_same_after_migrating(
    which: str,
    sample_v1: Path,
    breaching_v1: Path,
    v1_copy,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = v1_copy(sample_v1 if which == "sample" else breaching_v1)
    assert version_of(path) == 1
    rows = v1_rows(path)
    assert sum(len(r) for r in rows.values()) > 50
    views = [(), ("--window", "7d"), ("--area", "LEI"), ("--redact",)]
    before_json = [report_json(capsys, path, *v) for v in views]
    before_text = [report_text(capsys, path, *v) for v in views]
    before_md = report_text(capsys, path, "--format", "markdown")
    assert all(j["schema_version"] == 1 for j in before_json)

    code, out, err = run(capsys, "migrate", "--db", path)
    assert (code, out) == (0, "")
    assert f"migrated {path} from schema version 1 to 2" in err

    assert version_of(path) == 2
    assert v1_rows(path) == rows
    after_json = [report_json(capsys, path, *v) for v in views]
    for before, after in zip(before_json, after_json, strict=True):
        assert after.pop("schema_version") == 2
        before.pop("schema_version")
        assert first_wave(after) == first_wave(before)
    # every first-wave line of each briefing is still there, unchanged
    for before, after in zip(before_text, [report_text(capsys, path, *v) for v in views],
                             strict=True):  # fmt: skip
        kept = {line.rstrip() for line in after.splitlines()}
        assert [line for line in first_wave_lines(before) if line not in kept] == []
    after_md = {
        line.rstrip() for line in report_text(capsys, path, "--format", "markdown").splitlines()
    }
    assert [line for line in first_wave_lines(before_md) if line not in after_md] == []
    # what v2 adds is there and empty
    con = duckdb.connect(str(path), read_only=True)
    try:
        for table in SCHEMA_V2_TABLES:
            assert con.sql(f"SELECT count(*) FROM {table}").fetchall() == [(0,)], table
        for table, column in ADDED_COLUMNS:
            nulls = con.sql(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL").fetchall()
            assert nulls == [(0,)], (table, column)
    finally:
        con.close()


def test_twice_is_a_no_op(breaching_v1: Path, v1_copy, capsys: pytest.CaptureFixture[str]) -> None:
    path = v1_copy(breaching_v1)
    assert run(capsys, "migrate", "--db", path)[0] == 0
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    code, out, err = run(capsys, "migrate", "--db", path)
    assert (code, out) == (0, "")
    assert err == f"{path} is already at schema version 2; nothing changed\n"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert migrate(path).changed is False


def test_init_on_a_v1_file_changes_nothing_and_points_at_migrate(
    breaching_v1: Path, v1_copy, capsys: pytest.CaptureFixture[str]
) -> None:
    path = v1_copy(breaching_v1)
    before = path.read_bytes()
    code, _, err = run(capsys, "init", "--db", path)
    assert code == 0
    assert "schema-v1 database; nothing changed" in err and "supervisor-tui migrate" in err
    assert path.read_bytes() == before


# --- refusals ---------------------------------------------------------------------------------


def test_a_newer_version_is_refused(
    breaching_v1: Path, v1_copy, capsys: pytest.CaptureFixture[str]
) -> None:
    path = v1_copy(breaching_v1)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    before = path.read_bytes()
    err = fails(capsys, "migrate", "--db", path)
    assert "schema version 3, newer than this supervisor-tui understands (2)" in err
    assert "upgrade supervisor-tui" in err
    assert path.read_bytes() == before


def test_unusable_targets_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "does not exist" in fails(capsys, "migrate", "--db", tmp_path / "none.duckdb")
    assert "--db" in fails(capsys, "migrate")
    text = tmp_path / "notes.duckdb"
    text.write_text("my notes\n" * 50)
    assert "not a DuckDB database" in fails(capsys, "migrate", "--db", text)
    assert text.read_text() == "my notes\n" * 50
    assert "is a folder" in fails(capsys, "migrate", "--db", tmp_path)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE things (x INTEGER)")
    con.close()
    assert "not a supervisor-tui database" in fails(capsys, "migrate", "--db", other)
    assert "between 0 and 3600" in capsys.readouterr().err + _usage(capsys, other)


def _usage(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    with pytest.raises(SystemExit) as exc:
        main(["migrate", "--db", str(path), "--lock-timeout", "-1"])
    assert exc.value.code == 2
    return capsys.readouterr().err


def test_a_locked_file_is_a_one_line_error(
    breaching_v1: Path, v1_copy, capsys: pytest.CaptureFixture[str]
) -> None:
    path = v1_copy(breaching_v1)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            "con = duckdb.connect(sys.argv[1])\n"
            "print('holding', flush=True)\n"
            "time.sleep(60)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        err = fails(capsys, "migrate", "--db", path, "--lock-timeout", "0.3")
        assert "locked by another process" in err
    finally:
        holder.kill()
        holder.wait()
    assert version_of(path) == 1
    assert run(capsys, "migrate", "--db", path)[0] == 0


def test_an_outside_table_or_column_that_clashes_is_refused(
    breaching_v1: Path, v1_copy, capsys: pytest.CaptureFixture[str]
) -> None:
    path = v1_copy(breaching_v1)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE bail (case_ref TEXT, amount INTEGER)")
    con.close()
    rows = v1_rows(path)
    err = fails(capsys, "migrate", "--db", path)
    assert "already has a table bail (case_ref VARCHAR, amount INTEGER)" in err
    assert "nothing was changed" in err
    assert version_of(path) == 1 and v1_rows(path) == rows

    path = v1_copy(breaching_v1)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE teams ADD COLUMN kind INTEGER")
    con.close()
    err = fails(capsys, "migrate", "--db", path)
    assert "column teams.kind already exists as INTEGER" in err
    assert version_of(path) == 1


def test_an_outside_column_of_the_same_type_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A v1 tool may have added teams.kind itself (the contract allows nullable columns)."""
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con, version=1)
    con.execute("ALTER TABLE teams ADD COLUMN kind TEXT")
    con.execute("INSERT INTO teams VALUES ('T1', 'One', 'LEI', 'response')")
    con.close()
    assert run(capsys, "migrate", "--db", path)[0] == 0
    con = duckdb.connect(str(path), read_only=True)
    assert con.sql("SELECT * FROM teams").fetchall() == [("T1", "One", "LEI", "response")]
    con.close()


# --- kill -9 --------------------------------------------------------------------------------------

#: A v1 file big enough that the migration's commit and checkpoint do real work.
BIG_CRIMES = 1_000_000


@pytest.fixture(scope="module")
def big_v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_big_v1(tmp_path_factory.mktemp("big") / "big.duckdb")


def build_big_v1(path: Path) -> Path:
    """A v1 file of BIG_CRIMES crimes and 50 teams at ``path``."""
    con = duckdb.connect(str(path))
    try:
        create_schema(con, version=1)
        con.execute(
            "INSERT INTO crimes SELECT 'CR' || i, TIMESTAMP '2025-01-01' + i * INTERVAL 1 SECOND, "
            "'burglary', 'LEI', 'O' || (i % 500), NULL, NULL FROM range(?) AS r(i)",
            [BIG_CRIMES],
        )
        con.execute("INSERT INTO teams SELECT 'T' || i, 'Team', 'LEI' FROM range(50) AS r(i)")
    finally:
        con.close()
    return path


def digest(path: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(
            "SELECT (SELECT count(*) FROM crimes), (SELECT sum(hash(crime_id, recorded_at, "
            "oic_officer_id)) FROM crimes), (SELECT count(*) FROM teams)"
        ).fetchall()
    finally:
        con.close()


def start_migration(path: Path, pause: float, at: int | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, PAUSE_ENV: str(pause)}
    if at is not None:
        env[PAUSE_AT_ENV] = str(at)
    return subprocess.Popen(
        [sys.executable, "-m", "supervisor_tui", "migrate", "--db", str(path)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def check_after_kill(path: Path, expected_digest: list[tuple[object, ...]]) -> int:
    """The file opens as v1 or v2, complete either way, with the v1 rows unchanged."""
    db = Database(path)
    try:
        with db.read() as session:
            version, tables = session.schema_version, session.tables
    finally:
        db.close()
    assert version in (1, 2)
    if version == 1:
        assert tables == frozenset(SCHEMA_TABLES)
    else:
        assert tables == frozenset(SCHEMA_TABLES + SCHEMA_V2_TABLES)
        con = duckdb.connect(str(path), read_only=True)
        names = {
            r[0]
            for r in con.sql(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'crimes'"
            ).fetchall()
        }
        con.close()
        assert {c for t, c in ADDED_COLUMNS if t == "crimes"} <= names
    assert digest(path) == expected_digest
    return version


def test_kill_9_at_every_step_leaves_v1_until_the_commit_and_v2_after(
    big_v1: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = digest(big_v1)
    steps = len(statements("migrate_1_to_2"))
    seen: dict[int, int] = {}
    for stop in range(1, steps + 2):  # after statement 1..steps, then after the commit
        path = tmp_path / f"kill-{stop}.duckdb"
        path.write_bytes(big_v1.read_bytes())
        proc = start_migration(path, pause=60, at=stop)
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "pausing" in line, line
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        version = check_after_kill(path, expected)
        seen[stop] = version
        assert version == (2 if stop == steps + 1 else 1), (stop, line)
        # and a later migrate finishes the job
        assert run(capsys, "migrate", "--db", path)[0] == 0
        assert version_of(path) == 2
    assert set(seen.values()) == {1, 2}


#: Trials in the suite; benchmarks/migrate_kill.py runs 50 (and says how long each takes).
SUITE_TRIALS = 12


def migrate_seconds(big: Path, folder: Path) -> tuple[float, float]:
    """How long after its first statement a migration commits, and ends (the 0.01 s pauses
    between statements included), measured on a copy."""
    path = folder / "timing.duckdb"
    path.write_bytes(big.read_bytes())
    proc = start_migration(path, pause=0.01)
    assert proc.stderr is not None
    proc.stderr.readline()
    began = time.monotonic()
    committed = None
    for line in proc.stderr:
        if "committed" in line:
            committed = time.monotonic() - began
    proc.wait()
    assert proc.returncode == 0 and committed is not None
    path.unlink()
    return committed, time.monotonic() - began


def kill_trials(big: Path, folder: Path, trials: int, seed: int) -> list[int]:
    """``kill -9`` a migration once its first statement has run, at a moment drawn uniformly
    up to its commit (odd trials) or up to a third past its end (even ones: the commit, the
    checkpoint, the exit); after each the file is a complete v1 or v2 with every row, and a
    later migrate finishes it. Returns the versions found."""
    expected = digest(big)
    to_commit, to_end = migrate_seconds(big, folder)
    rng = random.Random(seed)
    versions = []
    for attempt in range(trials):
        path = folder / f"random-{attempt}.duckdb"
        path.write_bytes(big.read_bytes())
        proc = start_migration(path, pause=0.01)
        assert proc.stderr is not None
        proc.stderr.readline()  # the first statement has run: the transaction is open
        time.sleep(rng.uniform(0, to_commit * 1.1 if attempt % 2 else to_end * 1.33))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        versions.append(check_after_kill(path, expected))
        assert migrate(path).to_version == 2  # and a later migrate finishes the job
        assert check_after_kill(path, expected) == 2
        path.unlink()
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
    return versions


def test_kill_9_at_random_moments_leaves_v1_or_v2(big_v1: Path, tmp_path: Path) -> None:
    versions = kill_trials(big_v1, tmp_path, SUITE_TRIALS, seed=12)
    assert len(versions) == SUITE_TRIALS and set(versions) <= {1, 2}
