"""The sample-data generator: determinism, atomic writes, consistency and calibration.

Every check is plain SQL on a real generated file (not the metric queries).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from supervisor_tui.cli import main
from supervisor_tui.errors import SampleError
from supervisor_tui.sample import SampleSummary, generate

END = datetime(2025, 11, 21, 18, 30)  # a Friday evening: busy, so "now" looks live
WEEK = 7
TABLES = (
    "meta",
    "areas",
    "teams",
    "officers",
    "duties",
    "calls",
    "incidents",
    "deployments",
    "crimes",
    "suspects",
    "suspect_reviews",
)


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleSummary]:
    path = tmp_path_factory.mktemp("week") / "week.duckdb"
    return path, generate(path, days=WEEK, end=END, seed=1)


@pytest.fixture
def con(week: tuple[Path, SampleSummary]) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(week[0]), read_only=True)
    yield connection
    connection.close()


def row(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> tuple:
    """The first row (fetching the whole result, so the connection is free afterwards)."""
    return con.execute(sql, params or []).fetchall()[0]


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> object:
    return row(con, sql, params)[0]


def table_contents(path: Path) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(path), read_only=True) as c:
        return {t: c.sql(f"SELECT * FROM {t} ORDER BY ALL").pl() for t in TABLES}


# --- determinism and writing -------------------------------------------------------------------


def test_same_arguments_give_identical_tables_and_another_seed_differs(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.duckdb", tmp_path / "b.duckdb", tmp_path / "c.duckdb"
    generate(first, days=3, end=END, seed=7)
    generate(second, days=3, end=END, seed=7)
    generate(other, days=3, end=END, seed=8)
    a, b, c = table_contents(first), table_contents(second), table_contents(other)
    for table in TABLES:
        assert a[table].height > 0, table
        assert a[table].equals(b[table]), f"{table} differs between identical runs"
    for table in ("officers", "duties", "calls", "incidents", "crimes", "suspects"):
        assert not a[table].equals(c[table]), f"{table} is the same for another seed"


def test_summary_meta_and_progress(tmp_path: Path) -> None:
    path = tmp_path / "sample.duckdb"
    stages: list[tuple[str, float]] = []
    summary = generate(
        path, days=2, end=END, seed=3, scale=0.5, progress=lambda s, f: stages.append((s, f))
    )
    assert (summary.path, summary.days, summary.end, summary.seed) == (path, 2, END, 3)
    assert summary.scale == 0.5 and summary.seconds > 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.days = 9  # type: ignore[misc]
    fractions = [f for _, f in stages]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(stages) >= 5
    with duckdb.connect(str(path), read_only=True) as c:
        meta = dict(c.execute("SELECT key, value FROM meta").fetchall())
        for table, rows in summary.rows.items():
            assert one(c, f"SELECT count(*) FROM {table}") == rows, table
    assert meta["schema_version"] == "2"
    assert meta["generator"] == "supervisor-tui sample"
    assert meta["sample_seed"] == "3" and meta["sample_days"] == "2"
    assert float(meta["sample_scale"]) == 0.5
    assert datetime.fromisoformat(meta["sample_end"]) == END


def test_writes_atomically_and_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "live.duckdb"
    path.write_bytes(b"an old file")
    generate(path, days=1, end=END)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.duckdb"]
    with duckdb.connect(str(path), read_only=True) as c:
        assert one(c, "SELECT count(*) FROM calls") > 0


@pytest.mark.parametrize(
    "bad",
    [
        {"days": 0},
        {"days": -3},
        {"days": 2.5},
        {"scale": 0},
        {"scale": -1.0},
        {"scale": float("nan")},
        {"seed": -1},
        {"end": "2025-11-21"},
        {"end": datetime(1970, 6, 1)},
        {"days": 365, "scale": 100},  # far too big for a sample
    ],
)
def test_bad_arguments_raise_before_anything_is_written(tmp_path: Path, bad: dict) -> None:
    path = tmp_path / "keep.duckdb"
    path.write_bytes(b"keep me")
    with pytest.raises(SampleError):
        generate(path, **{"end": END, **bad})
    assert path.read_bytes() == b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.duckdb"]


def test_a_folder_is_not_a_database_path(tmp_path: Path) -> None:
    with pytest.raises(SampleError):
        generate(tmp_path, days=1, end=END)


def test_end_defaults_to_now_and_aware_end_is_converted(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    summary = generate(tmp_path / "now.duckdb", days=1)
    assert before <= summary.end <= before + timedelta(minutes=1)
    assert summary.end.microsecond == 0 and summary.end.tzinfo is None
    aware = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
    assert generate(tmp_path / "aware.duckdb", days=1, end=aware).end == datetime(2025, 7, 1, 12)


# --- time ranges -------------------------------------------------------------------------------


def test_nothing_is_later_than_end(con: duckdb.DuckDBPyConnection) -> None:
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type = 'TIMESTAMP' ORDER BY ALL"
    ).fetchall()
    assert len(columns) >= 15
    #: Times set in advance: a duty's rostered end, a bail period's end (and an extension's)
    scheduled = {("duties", "ends_at"), ("bail", "ends_at"), ("bail_extensions", "ends_at")}
    for table, column in columns:
        if (table, column) in scheduled:
            continue  # checked below
        assert one(con, f"SELECT count(*) FROM {table} WHERE {column} > ?", [END]) == 0, column
    assert one(con, "SELECT count(*) FROM duties WHERE starts_at > ?", [END]) == 0
    assert one(con, "SELECT count(*) FROM duties WHERE starts_at <= ? AND ends_at > ?", [END] * 2)
    # bail set by the end, its end (3 months on, or an extension's) may lie beyond it
    assert one(con, "SELECT count(*) FROM bail WHERE started_at > ?", [END]) == 0
    assert one(con, "SELECT count(*) FROM bail_extensions WHERE authorised_at > ?", [END]) == 0
    assert one(con, "SELECT count(*) FROM bail WHERE ends_at > ?", [END]) > 0


def test_operational_and_investigation_ranges(con: duckdb.DuckDBPyConnection) -> None:
    start = END - timedelta(days=WEEK)
    for table, column in (
        ("calls", "presented_at"),
        ("incidents", "opened_at"),
        ("deployments", "dispatched_at"),
    ):
        first, last = row(con, f"SELECT min({column}), max({column}) FROM {table}")
        assert start <= first < start + timedelta(hours=1), table
        assert END - timedelta(hours=1) < last <= END, table
    first_crime = one(con, "SELECT min(recorded_at) FROM crimes")
    assert start - timedelta(days=181) < first_crime < start - timedelta(days=179)
    assert one(con, "SELECT min(starts_at) FROM duties") < start - timedelta(days=179)


def test_rows_are_stored_in_time_order(con: duckdb.DuckDBPyConnection) -> None:
    for table, column in (
        ("duties", "starts_at"),
        ("calls", "presented_at"),
        ("incidents", "opened_at"),
        ("deployments", "dispatched_at"),
        ("crimes", "recorded_at"),
        ("suspects", "outstanding_since"),
        ("suspect_reviews", "reviewed_at"),
    ):
        backwards = f"""
            SELECT count(*) FROM (
                SELECT {column} < lag({column}) OVER (ORDER BY rowid) AS back FROM {table})
            WHERE back
        """
        assert one(con, backwards) == 0, table


# --- consistency -------------------------------------------------------------------------------


def test_calls_are_consistent(con: duckdb.DuckDBPyConnection) -> None:
    bad = """
        SELECT count(*) FROM calls WHERE
            (answered_at IS NOT NULL AND abandoned_at IS NOT NULL)
            OR answered_at < presented_at OR abandoned_at < presented_at
            OR ((handler_id IS NOT NULL) <> (answered_at IS NOT NULL))
            OR (incident_id IS NOT NULL AND answered_at IS NULL)
    """
    assert one(con, bad) == 0
    waiting = "SELECT count(*) FROM calls WHERE answered_at IS NULL AND abandoned_at IS NULL"
    assert one(con, waiting) > 0  # "now" is live: some callers are waiting
    assert one(con, waiting + " AND presented_at < ?", [END - timedelta(hours=3)]) == 0
    ids = con.execute("SELECT call_id, handler_id FROM calls ORDER BY presented_at").fetchall()
    assert [c for c, _ in ids] == sorted(c for c, _ in ids)
    assert all(re.fullmatch(r"C\d{8}", c) for c, _ in ids)
    assert all(h is None or re.fullmatch(r"H\d{3}", h) for _, h in ids)
    linked = """
        SELECT count(*), count(DISTINCT c.incident_id),
               count(*) FILTER (WHERE i.opened_at < c.answered_at
                                   OR i.opened_at > c.answered_at + INTERVAL 1 HOUR)
        FROM calls c JOIN incidents i USING (incident_id)
    """
    n, distinct, too_early_or_late = row(con, linked)
    incidents = one(con, "SELECT count(*) FROM incidents")
    assert n == distinct and too_early_or_late == 0
    assert 0.75 < n / incidents < 0.95  # most incidents come from a call


def test_incidents_and_deployments_are_consistent(con: duckdb.DuckDBPyConnection) -> None:
    deployment_problems = """
        SELECT count(*) FROM deployments d JOIN incidents i USING (incident_id) WHERE
            i.grade = 4 OR d.dispatched_at < i.opened_at OR d.arrived_at < d.dispatched_at
            OR d.cleared_at < d.arrived_at OR (d.cleared_at IS NOT NULL AND d.arrived_at IS NULL)
            OR epoch(d.cleared_at - d.arrived_at) NOT BETWEEN 30 * 60 AND 180 * 60
            OR i.closed_at < d.cleared_at OR (i.closed_at IS NOT NULL AND d.cleared_at IS NULL)
    """
    assert one(con, deployment_problems) == 0
    assert one(con, "SELECT count(*) FROM incidents WHERE closed_at < opened_at") == 0
    closed_unattended = """
        SELECT count(*) FROM incidents i WHERE grade < 4 AND closed_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM deployments d WHERE d.incident_id = i.incident_id)
    """
    assert one(con, closed_unattended) == 0
    twice = """
        SELECT count(*) FROM (
            SELECT incident_id, officer_id FROM deployments GROUP BY ALL HAVING count(*) > 1)
    """
    assert one(con, twice) == 0
    two_officers = """
        SELECT avg((n = 2)::INT) FROM (
            SELECT incident_id, count(*) AS n
            FROM incidents JOIN deployments USING (incident_id)
            WHERE grade = 1 GROUP BY 1)
    """
    assert 0.3 < one(con, two_officers) < 0.8


def test_deployed_officers_are_on_duty_in_the_incident_area(con: duckdb.DuckDBPyConnection) -> None:
    off_duty = """
        SELECT count(*) FROM deployments d JOIN incidents i USING (incident_id)
        WHERE NOT EXISTS (
            SELECT 1 FROM duties u
            WHERE u.officer_id = d.officer_id AND u.area_code = i.area_code
              AND u.role = 'response' AND u.starts_at <= d.dispatched_at
              AND d.dispatched_at < u.ends_at)
    """
    assert one(con, off_duty) == 0
    double_booked = """
        SELECT avg((dispatched_at < previous_clear)::INT) FROM (
            SELECT dispatched_at, lag(coalesce(cleared_at, TIMESTAMP '9999-12-31'))
                   OVER (PARTITION BY officer_id ORDER BY dispatched_at) AS previous_clear
            FROM deployments)
    """
    assert one(con, double_booked) < 0.08


def test_victim_updates_only_after_a_missed_target(con: duckdb.DuckDBPyConnection) -> None:
    sql = """
        WITH x AS (
            SELECT i.grade,
                   epoch(i.victim_updated_at - i.opened_at) / 60 AS update_min,
                   epoch(min(d.arrived_at) - i.opened_at) / 60 AS response_min,
                   CASE WHEN grade = 1 AND a.urban THEN 15 WHEN grade = 1 THEN 20 ELSE 60 END
                       AS target_min
            FROM incidents i JOIN areas a USING (area_code)
            LEFT JOIN deployments d USING (incident_id)
            GROUP BY i.incident_id, i.grade, i.victim_updated_at, i.opened_at, a.urban)
        SELECT count(*) FILTER (WHERE update_min IS NOT NULL
                                  AND (grade > 2 OR update_min < target_min
                                       OR response_min <= target_min
                                       OR update_min > response_min)),
               count(*) FILTER (WHERE update_min IS NOT NULL),
               count(*) FILTER (WHERE response_min > target_min AND grade <= 2)
        FROM x
    """
    wrong, updated, late = row(con, sql)
    assert wrong == 0
    assert 0.35 < updated / late < 0.65


def test_duties_follow_the_rota(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM duties WHERE ends_at <= starts_at") == 0
    overlapping = """
        SELECT count(*) FROM (
            SELECT starts_at, lag(ends_at) OVER (PARTITION BY officer_id ORDER BY starts_at) AS prev
            FROM duties) WHERE starts_at < prev
    """
    assert one(con, overlapping) == 0
    assert one(con, "SELECT count(*) FROM duties d ANTI JOIN officers USING (officer_id)") == 0
    mismatched_area = """
        SELECT count(*) FROM duties d JOIN officers o USING (officer_id)
        WHERE o.area_code IS NOT NULL AND d.area_code <> o.area_code
    """
    assert one(con, mismatched_area) == 0
    roles = {r for (r,) in con.execute("SELECT DISTINCT role FROM duties").fetchall()}
    assert roles == {"response", "neighbourhood", "investigation", "supervisor"}
    # Response: 10-hour days and lates, 9-hour nights (8 or 10 across a clock change)
    # starting 07, 14 or 22 local time.
    hours = con.execute(
        "SELECT DISTINCT hour(starts_at), epoch(ends_at - starts_at) // 3600 FROM duties "
        "WHERE role = 'response' ORDER BY ALL"
    ).fetchall()
    assert {h for h, _ in hours} <= {6, 7, 13, 14, 21, 22}
    assert {n for _, n in hours} <= {8, 9, 10}
    # Over the eight-day cycle a response constable is rostered six shifts; a few are lost to
    # leave and sickness.
    per_officer = """
        SELECT avg(n) FROM (
            SELECT o.officer_id, count(d.officer_id) AS n FROM officers o
            LEFT JOIN duties d ON d.officer_id = o.officer_id
                 AND d.starts_at >= ?::TIMESTAMP - INTERVAL 80 DAY AND d.starts_at < ?
            WHERE o.rank = 'constable' AND o.team_id LIKE '%-R_' GROUP BY 1)
    """
    shifts_per_cycle = one(con, per_officer, [END, END]) / 10
    assert 6 * 0.92 < shifts_per_cycle < 6 * 0.99


# --- officers ----------------------------------------------------------------------------------


def test_officers_and_ranks(con: duckdb.DuckDBPyConnection) -> None:
    officers = con.sql("SELECT * FROM officers ORDER BY officer_id").pl()
    assert 900 <= officers.height <= 1100
    assert officers["officer_id"].str.contains(r"^O\d{4}$").all()
    assert officers["collar_number"].str.contains(r"^\d{4}$").all()
    assert officers["collar_number"].n_unique() == officers.height
    assert officers["name"].str.contains(r"^\w[\w'-]* \w[\w'-]*$").all()
    ranks = dict(officers.group_by("rank").len().iter_rows())
    assert ranks["chief superintendent"] == 1 and ranks["superintendent"] == 2
    assert ranks["chief inspector"] == 9 and ranks["inspector"] == 18
    assert 6.5 < ranks["constable"] / ranks["sergeant"] < 8.5
    no_team = (
        "SELECT count(*) FROM officers ANTI JOIN teams USING (team_id) WHERE team_id IS NOT NULL"
    )
    assert one(con, no_team) == 0


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_officer_numbers_scale(tmp_path: Path, scale: float) -> None:
    summary = generate(tmp_path / "s.duckdb", days=2, end=END, scale=scale)
    assert 900 * scale <= summary.rows["officers"] <= 1100 * scale
    assert 2 * 1780 * scale * 0.85 <= summary.rows["calls"] <= 2 * 1780 * scale * 1.15


# --- calibration (one week) --------------------------------------------------------------------


def test_call_volumes_and_handling(con: duckdb.DuckDBPyConnection) -> None:
    sql = """
        SELECT line, count(*) / ? AS per_day,
               100 * count(*) FILTER (WHERE epoch(answered_at - presented_at) <= 10)
                   / count(*) FILTER (WHERE answered_at IS NOT NULL OR abandoned_at IS NOT NULL)
                   AS within_10s_pct,
               100 * count(*) FILTER (WHERE abandoned_at IS NOT NULL)
                   / count(*) FILTER (WHERE answered_at IS NOT NULL OR abandoned_at IS NOT NULL)
                   AS abandoned_pct,
               median(epoch(answered_at - presented_at)) AS median_answer_s
        FROM calls GROUP BY line
    """
    rows = {r[0]: r[1:] for r in con.execute(sql, [WEEK]).fetchall()}
    per_day, within, abandoned, _ = rows["999"]
    assert 480 <= per_day <= 680
    assert 85 <= within <= 93
    assert 0.5 <= abandoned <= 3
    per_day, _, abandoned, median_answer = rows["101"]
    assert 1000 <= per_day <= 1400
    assert 13 <= abandoned <= 21
    assert 60 <= median_answer <= 15 * 60  # minutes, not seconds


def test_calls_follow_a_daily_rhythm(con: duckdb.DuckDBPyConnection) -> None:
    by_hour = dict(
        con.execute(
            "SELECT line || '@' || hour(presented_at), count(*) FROM calls GROUP BY 1"
        ).fetchall()
    )
    # UTC hours in November are local hours.
    assert by_hour["999@4"] * 2 < by_hour["999@21"]
    assert by_hour["101@3"] * 5 < by_hour["101@11"]
    peak = """
        SELECT 100 * count(*) FILTER (WHERE epoch(answered_at - presented_at) <= 10) / count(*)
        FROM calls WHERE line = '999' AND answered_at IS NOT NULL AND hour(presented_at) IN {}
    """
    assert one(con, peak.format("(3, 4, 5, 6)")) > one(con, peak.format("(20, 21, 22, 23)"))


def test_incident_volume_and_grade_mix(con: duckdb.DuckDBPyConnection) -> None:
    per_day = one(con, "SELECT count(*) FROM incidents") / WEEK
    assert 600 <= per_day <= 800
    shares = dict(
        con.execute(
            "SELECT grade, 100 * count(*) / sum(count(*)) OVER () FROM incidents GROUP BY grade"
        ).fetchall()
    )
    for grade, expected in {1: 12, 2: 35, 3: 30, 4: 23}.items():
        assert abs(shares[grade] - expected) <= 4, (grade, shares[grade])
    categories = one(con, "SELECT count(DISTINCT category) FROM incidents")
    assert categories >= 8
    assert one(con, "SELECT count(*) FROM incidents WHERE summary IS NULL OR category IS NULL") == 0


def test_attendance_lateness(con: duckdb.DuckDBPyConnection) -> None:
    sql = """
        WITH x AS (
            SELECT i.incident_id, i.grade, i.opened_at, i.closed_at, min(d.arrived_at) AS first,
                   CASE WHEN grade = 1 AND a.urban THEN 15 WHEN grade = 1 THEN 20 ELSE 60 END
                       AS target_min
            FROM incidents i JOIN areas a USING (area_code)
            LEFT JOIN deployments d USING (incident_id)
            WHERE grade <= 2 GROUP BY ALL)
        SELECT grade,
               100 * count(*) FILTER (WHERE epoch(first - opened_at) > target_min * 60)
                   / count(first) AS late_pct,
               count(*) FILTER (WHERE first IS NULL AND closed_at IS NULL
                                  AND epoch(?::TIMESTAMP - opened_at) > target_min * 60)
                   AS breaching_now,
               max(epoch(first - opened_at)) / 3600 AS longest_wait_hours
        FROM x GROUP BY grade
    """
    rows = {r[0]: r[1:] for r in con.execute(sql, [END]).fetchall()}
    late1, _, _ = rows[1]
    late2, breaching2, longest2 = rows[2]
    assert 5 <= late1 <= 25
    assert 5 <= late2 <= 30
    assert longest2 > 3  # a tail of queued grade 2 incidents waits hours
    assert breaching2 + rows[1][1] >= 1  # someone is waiting too long right now


# --- crimes, suspects, reviews -----------------------------------------------------------------


def test_crimes(con: duckdb.DuckDBPyConnection) -> None:
    per_day = one(con, "SELECT count(*) FROM crimes") / (WEEK + 180)
    assert 250 <= per_day <= 310
    types = dict(
        con.execute(
            "SELECT crime_type, count(*) / sum(count(*)) OVER () FROM crimes GROUP BY 1"
        ).fetchall()
    )
    assert {"Violence and sexual offences", "Burglary", "Shoplifting", "Drugs"} <= set(types)
    assert max(types, key=types.get) == "Violence and sexual offences"
    wrong_oic = """
        SELECT count(*) FROM crimes c LEFT JOIN officers o ON o.officer_id = c.oic_officer_id
        WHERE o.officer_id IS NULL OR o.area_code <> c.area_code
           OR o.rank NOT IN ('constable', 'sergeant')
    """
    assert one(con, wrong_oic) == 0
    outcome_mismatch = "SELECT count(*) FROM crimes WHERE (closed_at IS NULL) <> (outcome IS NULL)"
    assert one(con, outcome_mismatch) == 0
    assert one(con, "SELECT count(*) FROM crimes WHERE closed_at < recorded_at") == 0
    closed_share = """
        SELECT avg((closed_at IS NOT NULL)::INT) FROM crimes
        WHERE recorded_at < ?::TIMESTAMP - INTERVAL 60 DAY
    """
    assert one(con, closed_share, [END]) > 0.8


def test_suspects(con: duckdb.DuckDBPyConnection) -> None:
    with_suspects = one(
        con, "SELECT count(DISTINCT crime_id) / (SELECT count(*) FROM crimes) FROM suspects"
    )
    assert 0.28 <= with_suspects <= 0.42
    risk = dict(
        con.execute(
            "SELECT risk, count(*) / sum(count(*)) OVER () FROM suspects GROUP BY 1"
        ).fetchall()
    )
    assert 0.06 <= risk["high"] <= 0.10 and 0.25 <= risk["medium"] <= 0.35
    wrong = """
        SELECT count(*) FROM suspects s JOIN crimes c USING (crime_id)
        WHERE s.outstanding_since < c.recorded_at OR s.resolved_at < s.outstanding_since
    """
    assert one(con, wrong) == 0
    open_share = """
        SELECT avg((c.closed_at IS NULL)::INT) FROM suspects s JOIN crimes c USING (crime_id)
        WHERE s.resolved_at IS NULL
    """
    assert one(con, open_share) > 0.9  # a crime with an outstanding suspect normally stays open
    assert one(con, "SELECT count(*) FROM suspects ANTI JOIN crimes USING (crime_id)") == 0


def test_reviews_happen_while_outstanding(con: duckdb.DuckDBPyConnection) -> None:
    wrong = """
        SELECT count(*) FROM suspect_reviews r LEFT JOIN suspects s USING (suspect_id)
        WHERE s.suspect_id IS NULL OR r.reviewed_at < s.outstanding_since
           OR r.reviewed_at > s.resolved_at
           OR r.reviewer_rank NOT IN ('constable', 'sergeant', 'inspector', 'chief inspector')
    """
    assert one(con, wrong) == 0
    ranks = {
        r for (r,) in con.execute("SELECT DISTINCT reviewer_rank FROM suspect_reviews").fetchall()
    }
    assert ranks == {"constable", "sergeant", "inspector", "chief inspector"}


def test_at_end_some_officers_are_over_the_workload_trigger(con: duckdb.DuckDBPyConnection) -> None:
    sql = """
        WITH open_crimes AS (
            SELECT c.oic_officer_id, count(DISTINCT c.crime_id) AS crimes
            FROM crimes c JOIN suspects s USING (crime_id)
            WHERE s.resolved_at IS NULL AND c.closed_at IS NULL
            GROUP BY 1)
        SELECT count(*), count(*) FILTER (WHERE crimes > 5) FROM open_crimes
    """
    officers, over = row(con, sql)
    assert officers > 300
    assert 0.01 <= over / officers <= 0.08


def test_at_end_there_is_a_review_backlog(con: duckdb.DuckDBPyConnection) -> None:
    over_90 = """
        WITH old AS (
            SELECT s.suspect_id, bool_or(r.reviewer_rank IN ('inspector', 'chief inspector')
                       AND r.reviewed_at >= s.outstanding_since + INTERVAL 90 DAY) AS reviewed
            FROM suspects s LEFT JOIN suspect_reviews r USING (suspect_id)
            WHERE s.resolved_at IS NULL AND s.outstanding_since <= ?::TIMESTAMP - INTERVAL 90 DAY
            GROUP BY 1)
        SELECT count(*) FILTER (WHERE reviewed),
               count(*) FILTER (WHERE NOT coalesce(reviewed, false))
        FROM old
    """
    reviewed, unreviewed = row(con, over_90, [END])
    assert reviewed > 20 and unreviewed > 20
    early = """
        SELECT count(*) FROM suspect_reviews r JOIN suspects s USING (suspect_id)
        WHERE r.reviewer_rank IN ('inspector', 'chief inspector')
          AND r.reviewed_at < s.outstanding_since + INTERVAL 90 DAY
    """
    assert one(con, early) > 0  # reviews before the mark exist (and do not count)
    high_risk = """
        SELECT count(*), count(*) FILTER (WHERE last_review > ?::TIMESTAMP - INTERVAL 24 HOUR)
        FROM (SELECT s.suspect_id, max(r.reviewed_at) AS last_review
              FROM suspects s LEFT JOIN suspect_reviews r USING (suspect_id)
              WHERE s.risk = 'high' AND s.resolved_at IS NULL
                AND s.outstanding_since <= ?::TIMESTAMP - INTERVAL 24 HOUR
              GROUP BY 1)
    """
    total, recent = row(con, high_risk, [END, END])
    assert total > 20
    assert 0.75 <= recent / total < 1.0  # most reviewed daily, a few not


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--seed", "-1"], "sample --seed must be a whole number >= 0, not -1"),
        (["--days", "365", "--scale", "100"], "would write about"),
    ],
)
def test_bad_sample_arguments_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    path = tmp_path / "s.duckdb"
    code = main(["sample", "--db", str(path), *argv])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert err.startswith("supervisor-tui: error: ") and err.count("\n") == 1, err
    assert said in err and "Traceback" not in err
    assert not path.exists()
