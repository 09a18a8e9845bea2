"""The peer: what a force analyst would write without supervisor-tui.

Copy the database into SQLite once (timestamps as ISO text, a few obvious indexes), then per
refresh read what each figure needs with ``pandas.read_sql`` and compute the headline figures
with pandas, written straight from the metric definitions in the issue (docs/metrics.md), not
from our SQL. The result has the JSON report's shape so the benchmark can assert equality.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from supervisor_tui.ingest.tables import specs

#: The tables the peer copies into SQLite, with their columns in schema order (read from
#: queries/schema.sql by the loader's table specs).
PEER_TABLES = (
    "areas",
    "officers",
    "duties",
    "calls",
    "incidents",
    "deployments",
    "crimes",
    "suspects",
    "suspect_reviews",
)
TABLES: dict[str, list[str]] = {name: list(specs()[name].names) for name in PEER_TABLES}
TIMESTAMPS = {
    "starts_at",
    "ends_at",
    "presented_at",
    "answered_at",
    "abandoned_at",
    "opened_at",
    "closed_at",
    "victim_updated_at",
    "dispatched_at",
    "arrived_at",
    "cleared_at",
    "recorded_at",
    "outstanding_since",
    "resolved_at",
    "reviewed_at",
}
INDEXES = [
    "CREATE INDEX calls_presented ON calls (presented_at)",
    "CREATE INDEX incidents_opened ON incidents (opened_at)",
    "CREATE INDEX deployments_incident ON deployments (incident_id)",
    "CREATE INDEX deployments_dispatched ON deployments (dispatched_at)",
    "CREATE INDEX duties_starts ON duties (starts_at)",
    "CREATE INDEX reviews_suspect ON suspect_reviews (suspect_id)",
]
TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def copy_to_sqlite(duck_path: Path, sqlite_path: Path) -> float:
    """Copy every table the figures use into a new SQLite file; return the seconds taken."""
    started = time.perf_counter()
    temp = sqlite_path.with_suffix(".tmp")
    temp.unlink(missing_ok=True)
    source = duckdb.connect(str(duck_path), read_only=True)
    source.execute("SET enable_progress_bar = false")
    target = sqlite3.connect(temp)
    try:
        for table, columns in TABLES.items():
            target.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
            select = ", ".join(
                f"strftime({c}, '{TS_FORMAT}') AS {c}" if c in TIMESTAMPS else c for c in columns
            )
            result = source.execute(f"SELECT {select} FROM {table}")
            marks = ", ".join("?" for _ in columns)
            while batch := result.fetchmany(100_000):
                target.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)
        for statement in INDEXES:
            target.execute(statement)
        target.commit()
    finally:
        target.close()
        source.close()
    temp.replace(sqlite_path)
    return time.perf_counter() - started


def _ts(moment: datetime) -> str:
    return moment.strftime(TS_FORMAT)


def _read(con: sqlite3.Connection, sql: str, params: tuple[Any, ...], dates: list[str]):
    frame = pd.read_sql(sql, con, params=params)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame


def _none(value: Any) -> Any:
    """pandas NaN/NaT and numpy scalars to plain Python (None for missing)."""
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def figures(
    con: sqlite3.Connection,
    as_of: datetime,
    window: timedelta = timedelta(hours=24),
    area: str | None = None,
    *,
    answer_target_s: float = 10.0,
    grade1_urban_min: float = 15.0,
    grade1_rural_min: float = 20.0,
    grade2_min: float = 60.0,
    workload_max_crimes: int = 5,
    review_after_days: int = 90,
    review_ranks: tuple[str, ...] = (
        "inspector",
        "chief inspector",
        "superintendent",
        "chief superintendent",
    ),
    high_risk_review_hours: int = 24,
) -> dict[str, Any]:
    """The headline figures as at ``as_of`` (naive UTC), in the JSON report's shape."""
    T = pd.Timestamp(as_of)
    t_text, s_text = _ts(as_of), _ts(as_of - window)
    out: dict[str, Any] = {}

    # Calls (force-wide), presented in [S, T).
    calls = _read(
        con,
        "SELECT line, presented_at, answered_at, abandoned_at FROM calls "
        "WHERE presented_at >= ? AND presented_at < ?",
        (s_text, t_text),
        ["presented_at", "answered_at", "abandoned_at"],
    )
    out["calls"] = {}
    for line in ("999", "101"):
        c = calls[calls["line"] == line]
        answered = c["answered_at"] <= T
        abandoned = (c["abandoned_at"] <= T) & ~answered
        waiting = ~answered & ~abandoned
        answer_s = (c["answered_at"] - c["presented_at"]).dt.total_seconds()
        wait_s = (T - c["presented_at"]).dt.total_seconds()
        within = answered & (answer_s <= answer_target_s)
        base = answered | abandoned | (waiting & (wait_s > answer_target_s))
        n_ans, n_ab = int(answered.sum()), int(abandoned.sum())
        out["calls"][line] = {
            "presented": len(c),
            "answered": n_ans,
            "abandoned": n_ab,
            "waiting": int(waiting.sum()),
            "answered_within_10s": int(within.sum()),
            "answered_within_10s_pct": 100 * within.sum() / base.sum() if base.sum() else None,
            "abandoned_pct": 100 * n_ab / (n_ans + n_ab) if n_ans + n_ab else None,
            "mean_answer_s": _none(answer_s[answered].mean()) if n_ans else None,
            "longest_wait_now_s": _none(wait_s[waiting].max()) if waiting.any() else None,
        }

    # Attendance: grade 1 and 2 incidents opened in [S, T).
    area_sql = " AND area_code = ?" if area else ""
    area_params: tuple[Any, ...] = (area,) if area else ()
    incidents = _read(
        con,
        "SELECT incident_id, grade, area_code, opened_at, closed_at, victim_updated_at "
        "FROM incidents WHERE grade IN (1, 2) AND opened_at >= ? AND opened_at < ?" + area_sql,
        (s_text, t_text, *area_params),
        ["opened_at", "closed_at", "victim_updated_at"],
    )
    arrivals = _read(
        con,
        "SELECT incident_id, arrived_at FROM deployments WHERE incident_id IN ("
        "SELECT incident_id FROM incidents WHERE grade IN (1, 2) AND opened_at >= ? "
        "AND opened_at < ?" + area_sql + ")",
        (s_text, t_text, *area_params),
        ["arrived_at"],
    )
    areas = pd.read_sql("SELECT area_code, urban FROM areas", con)
    urban = dict(zip(areas["area_code"], areas["urban"].astype(bool), strict=True))
    arrivals = arrivals[arrivals["arrived_at"] <= T]
    first = arrivals.groupby("incident_id")["arrived_at"].min().rename("first_arrival")
    inc = incidents.join(first, on="incident_id")
    is_urban = inc["area_code"].map(urban).fillna(True).astype(bool)
    target_min = inc["grade"].map({1: 0.0, 2: grade2_min})
    target_min = target_min.where(
        inc["grade"] != 1, is_urban.map({True: grade1_urban_min, False: grade1_rural_min})
    )
    target_s = target_min * 60
    attended = inc["first_arrival"].notna()
    late_attended = attended & (
        (inc["first_arrival"] - inc["opened_at"]).dt.total_seconds() > target_s
    )
    closed = inc["closed_at"] <= T
    breaching = ~attended & ~closed & ((T - inc["opened_at"]).dt.total_seconds() > target_s)
    told = inc["victim_updated_at"] <= T
    out["attendance"] = {}
    for grade in (1, 2):
        g = inc["grade"] == grade
        due = int((attended & g).sum() + (breaching & g).sum())
        late = int((late_attended & g).sum() + (breaching & g).sum())
        out["attendance"][str(grade)] = {
            "opened": int(g.sum()),
            "due": due,
            "late": late,
            "late_pct": 100 * late / due if due else None,
            "breaching_now": int((breaching & g).sum()),
            "victim_not_updated": int((breaching & g & ~told).sum()),
        }

    # Suspects and workload: state at T.
    suspects = _read(
        con,
        "SELECT s.suspect_id, s.crime_id, s.risk, s.outstanding_since, s.resolved_at, "
        "c.recorded_at, c.closed_at, c.oic_officer_id, c.area_code "
        "FROM suspects s LEFT JOIN crimes c ON c.crime_id = s.crime_id "
        "WHERE s.outstanding_since <= ?",
        (t_text,),
        ["outstanding_since", "resolved_at", "recorded_at", "closed_at"],
    )
    outstanding = suspects[~(suspects["resolved_at"] <= T)]
    if area:
        outstanding = outstanding[outstanding["area_code"] == area]
    crime_open = (outstanding["recorded_at"] <= T) & ~(outstanding["closed_at"] <= T)
    open_with_oic = outstanding[crime_open & outstanding["oic_officer_id"].notna()]
    per_officer = open_with_oic.groupby("oic_officer_id")["crime_id"].nunique()
    over = per_officer[per_officer > workload_max_crimes].reset_index()
    over.columns = ["officer_id", "crimes"]
    over = over.sort_values(["crimes", "officer_id"], ascending=[False, True])
    out["workload"] = {
        "threshold": workload_max_crimes,
        "officers_over": [
            {"officer_id": r.officer_id, "crimes": int(r.crimes)} for r in over.itertuples()
        ],
    }

    reviews = _read(
        con,
        "SELECT suspect_id, reviewed_at, reviewer_rank FROM suspect_reviews WHERE reviewed_at <= ?",
        (t_text,),
        ["reviewed_at"],
    )
    reviews = reviews[reviews["suspect_id"].isin(outstanding["suspect_id"])]
    merged = reviews.merge(outstanding[["suspect_id", "outstanding_since"]], on="suspect_id")
    senior = merged["reviewer_rank"].str.strip().str.lower().isin(review_ranks)
    mark = merged["outstanding_since"] + pd.Timedelta(days=review_after_days)
    reviewed_after_mark = set(merged.loc[senior & (merged["reviewed_at"] >= mark), "suspect_id"])
    recent = merged["reviewed_at"] > T - pd.Timedelta(hours=high_risk_review_hours)
    reviewed_recently = set(merged.loc[recent, "suspect_id"])
    over_90 = (outstanding["outstanding_since"] <= T - pd.Timedelta(days=review_after_days)) & (
        ~outstanding["suspect_id"].isin(reviewed_after_mark)
    )
    high_24 = (
        (outstanding["risk"] == "high")
        & (outstanding["outstanding_since"] <= T - pd.Timedelta(hours=high_risk_review_hours))
        & ~outstanding["suspect_id"].isin(reviewed_recently)
    )
    out["suspects"] = {
        "outstanding": len(outstanding),
        "over_90_days_unreviewed": int(over_90.sum()),
        "high_risk_not_reviewed_24h": int(high_24.sum()),
    }

    # On duty at T, and committed (a deployment dispatched by T, not cleared by T).
    duty_area = " AND area_code = ?" if area else ""
    duties = pd.read_sql(
        "SELECT DISTINCT officer_id FROM duties WHERE starts_at <= ? AND ends_at > ?" + duty_area,
        con,
        params=(t_text, t_text, *area_params),
    )
    busy = pd.read_sql(
        "SELECT DISTINCT officer_id FROM deployments WHERE dispatched_at <= ? "
        "AND (cleared_at IS NULL OR cleared_at > ?)",
        con,
        params=(t_text, t_text),
    )
    out["on_duty"] = {
        "officers": len(duties),
        "committed": int(duties["officer_id"].isin(busy["officer_id"]).sum()),
    }
    return out


def compare(core: dict[str, Any], peer: dict[str, Any], path: str = "") -> list[str]:
    """Differences between two report-shaped dicts (floats equal to 1e-9 relative)."""
    problems: list[str] = []
    if isinstance(core, dict) and isinstance(peer, dict):
        for key in core.keys() | peer.keys():
            if key not in core or key not in peer:
                problems.append(f"{path}.{key}: only in {'core' if key in core else 'peer'}")
            else:
                problems += compare(core[key], peer[key], f"{path}.{key}")
    elif isinstance(core, list) and isinstance(peer, list):
        if len(core) != len(peer):
            problems.append(f"{path}: {len(core)} items in core, {len(peer)} in peer")
        else:
            for index, (a, b) in enumerate(zip(core, peer, strict=True)):
                problems += compare(a, b, f"{path}[{index}]")
    elif isinstance(core, float) or isinstance(peer, float):
        if core is None or peer is None or abs(core - peer) > 1e-9 * max(1.0, abs(core)):
            problems.append(f"{path}: core {core!r}, peer {peer!r}")
    elif core != peer:
        problems.append(f"{path}: core {core!r}, peer {peer!r}")
    return problems
