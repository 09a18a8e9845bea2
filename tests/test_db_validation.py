"""``db.Database.read`` across schema versions: v1 and v2 files open (the session says which
and what tables the file holds), newer, unreadable and foreign ones are refused with one line;
a v1 file read by this program gives the first-wave figures."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from scenario import HOUR, SEC, Scenario, T
from supervisor_tui import figures
from supervisor_tui.cli import main
from supervisor_tui.db import (
    ADDED_COLUMNS,
    ALL_TABLES,
    SCHEMA_TABLES,
    SCHEMA_V2_TABLES,
    SCHEMA_VERSION,
    TABLE_VERSIONS,
    Database,
    DatabaseError,
    Session,
    create_schema,
    table_version,
)
from test_migrate import first_wave

AS_OF = "2026-03-10T12:00:00Z"


def make(path: Path, version: int) -> Path:
    con = duckdb.connect(str(path))
    try:
        create_schema(con, version=version)
    finally:
        con.close()
    return path


def session_facts(path: Path) -> tuple[int, frozenset[str]]:
    db = Database(path)
    try:
        with db.read() as session:
            return session.schema_version, session.tables
    finally:
        db.close()


def test_the_version_lists_are_consistent() -> None:
    assert SCHEMA_VERSION == 2
    assert ALL_TABLES == SCHEMA_TABLES + SCHEMA_V2_TABLES
    assert len(set(ALL_TABLES)) == len(ALL_TABLES)
    assert {table_version(t) for t in SCHEMA_TABLES} == {1}
    assert {table_version(t) for t in SCHEMA_V2_TABLES} == {2}
    assert set(TABLE_VERSIONS) == set(ALL_TABLES)
    assert {t for t, _ in ADDED_COLUMNS} == {"teams", "crimes"}
    # dependency order: a table comes after the tables it names
    order = {t: i for i, t in enumerate(ALL_TABLES)}
    assert order["bail"] < order["bail_extensions"]
    assert order["suspects"] < order["key_decisions"] and order["crimes"] < order["crime_actions"]


@pytest.mark.parametrize("version", [1, 2])
def test_each_known_version_opens_with_its_tables(tmp_path: Path, version: int) -> None:
    path = make(tmp_path / f"v{version}.duckdb", version)
    found, tables = session_facts(path)
    assert found == version
    assert tables == frozenset(SCHEMA_TABLES if version == 1 else ALL_TABLES)


def test_session_has(tmp_path: Path) -> None:
    path = make(tmp_path / "v1.duckdb", 1)
    db = Database(path)
    try:
        with db.read() as session:
            assert session.has("calls", "crimes")
            assert session.has()
            assert not session.has("calls", "bail")
            assert not session.has("bail")
    finally:
        db.close()


def test_outside_tables_and_views_are_listed_only_when_tables(tmp_path: Path) -> None:
    path = make(tmp_path / "v2.duckdb", 2)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE force_extras (x INTEGER)")
    con.execute("CREATE VIEW open_calls AS SELECT * FROM calls")
    con.execute("CREATE SCHEMA other")
    con.execute("CREATE TABLE other.bail_copy (x INTEGER)")
    con.close()
    _, tables = session_facts(path)
    assert tables == frozenset(ALL_TABLES) | {"force_extras"}


def test_an_outside_tool_missing_a_v2_table_is_seen(tmp_path: Path) -> None:
    path = make(tmp_path / "v2.duckdb", 2)
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE stop_searches")
    con.close()
    version, tables = session_facts(path)
    assert version == 2 and "stop_searches" not in tables


def test_a_default_session_is_the_current_schema() -> None:
    """Sessions made on a bare connection (the property tests) claim every current table."""
    con = duckdb.connect(":memory:")
    try:
        session = Session(con)
        assert session.schema_version == SCHEMA_VERSION
        assert session.tables == frozenset(ALL_TABLES)
    finally:
        con.close()


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("3", "schema version 3, newer than this supervisor-tui understands (2); upgrade"),
        ("99", "schema version 99, newer than"),
        ("0", "schema version 0, which no supervisor-tui wrote"),
        ("-1", "schema version -1, which no supervisor-tui wrote"),
        ("two", "unreadable schema_version 'two'"),
        ("", "unreadable schema_version ''"),
    ],
)
def test_other_versions_are_refused_with_one_line(
    tmp_path: Path, value: str, fragment: str
) -> None:
    path = make(tmp_path / "odd.duckdb", 2)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [value])
    con.close()
    with pytest.raises(DatabaseError) as exc:
        session_facts(path)
    message = str(exc.value)
    assert fragment in message
    assert "\n" not in message


def test_a_version_with_spaces_is_read(tmp_path: Path) -> None:
    path = make(tmp_path / "spaced.duckdb", 1)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ' 1 ' WHERE key = 'schema_version'")
    con.close()
    assert session_facts(path)[0] == 1


def test_create_schema_refuses_an_unknown_version() -> None:
    con = duckdb.connect(":memory:")
    try:
        with pytest.raises(ValueError, match="no schema version 7"):
            create_schema(con, version=7)
    finally:
        con.close()


# --- a v1 file read by this program ----------------------------------------------------------


def v1_scenario(tmp_path: Path) -> Path:
    """The same calls in a v2 scenario file and, copied, in a genuine v1 file."""
    sc = Scenario(tmp_path, "v2.duckdb")
    sc.call("C1", "999", presented=T - HOUR, answered=T - HOUR + 5 * SEC)
    sc.call("C2", "999", presented=T - HOUR, answered=T - HOUR + 20 * SEC)
    sc.call("C3", "101", presented=T - HOUR, abandoned=T - HOUR + 30 * SEC)
    sc.save()
    v1 = make(tmp_path / "v1.duckdb", 1)
    con = duckdb.connect(str(v1))
    try:
        con.execute(f"ATTACH '{sc.path}' AS src (READ_ONLY)")
        for table in ("areas", "calls"):
            con.execute(f"INSERT INTO {table} SELECT * FROM src.main.{table}")
        con.execute("DETACH src")
    finally:
        con.close()
    return v1


def test_a_v1_file_gives_the_first_wave_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v1 = v1_scenario(tmp_path)
    reports = {}
    for name in ("v1", "v2"):
        code = main(
            [
                "report",
                "--db",
                str(tmp_path / f"{name}.duckdb"),
                "--format",
                "json",
                "--as-of",
                AS_OF,
            ]
        )
        out, err = capsys.readouterr()
        assert (code, err) == (0, ""), err
        reports[name] = json.loads(out)
    assert reports["v1"]["schema_version"] == 1
    assert reports["v2"]["schema_version"] == 2
    calls = reports["v1"]["calls"]
    # 2 calls on 999, 1 answered within 10 s: 50 %; 1 call on 101, abandoned: 100 %
    assert (calls["999"]["presented"], calls["999"]["answered_within_10s"]) == (2, 1)
    assert calls["999"]["answered_within_10s_pct"] == 50.0
    assert calls["101"]["abandoned_pct"] == 100.0
    for report in reports.values():
        report.pop("schema_version")
    assert first_wave(reports["v1"]) == first_wave(reports["v2"])
    second = [f for f in figures.families() if f.schema >= 2]
    assert second and all(reports["v1"][f.json_path[0]] is None for f in second)
    version, tables = session_facts(v1)
    assert version == 1 and tables == frozenset(SCHEMA_TABLES)
    # text and markdown briefings read it too
    for fmt in ("text", "markdown"):
        code = main(["report", "--db", str(v1), "--format", fmt, "--as-of", AS_OF])
        out, err = capsys.readouterr()
        assert code in (0, 4) and "Traceback" not in err and out


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            "ALTER TABLE calls ALTER presented_at TYPE TEXT",
            "column calls.presented_at is VARCHAR, schema v2 says TIMESTAMP",
        ),
        ("ALTER TABLE suspects DROP COLUMN risk", "table suspects has no column risk"),
    ],
)
def test_a_table_that_breaks_the_schema_is_one_line_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str, said: str
) -> None:
    path = make(tmp_path / "bad.duckdb", 2)
    con = duckdb.connect(str(path))
    con.execute(change)
    con.close()
    for argv in (["report"], ["report", "--format", "json"], []):
        code = main([*argv, "--db", str(path)] if argv else ["--db", str(path)])
        out, err = capsys.readouterr()
        assert code == 2 and out == "", argv
        assert err.count("\n") == 1 and said in err and "Traceback" not in err, err


def test_extra_columns_an_outside_tool_adds_are_allowed(tmp_path: Path) -> None:
    path = make(tmp_path / "extra.duckdb", 2)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE calls ADD COLUMN queue TEXT")
    con.close()
    assert session_facts(path)[0] == 2


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_damaged_file_is_one_line_and_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    from supervisor_tui.sample import generate

    path = tmp_path / "damaged.duckdb"
    generate(path, days=1, seed=3)
    size = path.stat().st_size
    with path.open("r+b") as f:
        if damage == "truncated":
            f.truncate(size // 2)
        else:
            f.seek(20_000)
            f.write(b"\xff" * 5_000)
    before = path.read_bytes()
    code = main(["report", "--db", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "damaged" in err or "cannot be opened" in err, err
    assert path.read_bytes() == before  # a reader never writes
