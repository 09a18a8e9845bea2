"""Property tests: random small worlds, the core's report against a plain-Python reading of
the definitions (docs/metrics.md), and invariants that hold by definition.

Times are drawn near the boundaries that matter (10 s, the window edges, targets, 24 h,
90 days) as well as anywhere, so equality at each boundary is exercised.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario import DAY, HOUR, MIN, RURAL, SEC, URBAN, US, T
from supervisor_tui import metrics
from supervisor_tui.config import RANKS, Thresholds
from supervisor_tui.db import Session, create_schema

#: Examples per property; raise it for a deeper search, e.g. SUPERVISOR_TUI_EXAMPLES=2000.
EXAMPLES = settings(
    max_examples=int(os.environ.get("SUPERVISOR_TUI_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
UNKNOWN_AREA = "ZZZ"
AREAS = (URBAN, RURAL, UNKNOWN_AREA)
OFFICERS = ("A", "B", "C", "D")
WINDOWS = (HOUR, 8 * HOUR, DAY)


# --- strategies ----------------------------------------------------------------------------


def near(*anchors: datetime, spread: timedelta = 2 * SEC) -> st.SearchStrategy[datetime]:
    """A moment at, or within ``spread`` (in whole seconds or 1 us) of, one of ``anchors``."""
    steps = int(spread / SEC)
    jitter = st.one_of(
        st.integers(-steps, steps).map(lambda n: n * SEC),
        st.sampled_from([-US, US]),
    )
    return st.builds(lambda a, j: a + j, st.sampled_from(anchors), jitter)


def between(lo: datetime, hi: datetime) -> st.SearchStrategy[datetime]:
    return st.integers(0, int((hi - lo) / SEC)).map(lambda n: lo + n * SEC)


def moment(lo: datetime, hi: datetime, *anchors: datetime) -> st.SearchStrategy[datetime]:
    return st.one_of(near(*anchors), between(lo, hi)) if anchors else between(lo, hi)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def after(start: datetime, *marks: timedelta, up_to: timedelta) -> st.SearchStrategy[datetime]:
    """A moment after ``start``: near start + each mark, or anywhere up to ``up_to``."""
    return st.one_of(
        st.builds(lambda m, j: start + m + j, st.sampled_from(marks), st.sampled_from(JITTER)),
        st.integers(0, int(up_to / SEC)).map(lambda n: start + n * SEC),
    )


JITTER = (-SEC, -US, timedelta(0), US, SEC)


@dataclass
class World:
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    incidents: list[tuple[Any, ...]] = field(default_factory=list)
    deployments: list[tuple[Any, ...]] = field(default_factory=list)
    duties: list[tuple[Any, ...]] = field(default_factory=list)
    crimes: list[tuple[Any, ...]] = field(default_factory=list)
    suspects: list[tuple[Any, ...]] = field(default_factory=list)
    reviews: list[tuple[Any, ...]] = field(default_factory=list)


@st.composite
def call_rows(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    rows = []
    for n in range(draw(st.integers(0, 20))):
        presented = draw(
            moment(T - 26 * HOUR, T + MIN, T, T - 10 * SEC, T - HOUR, T - 8 * HOUR, T - DAY)
        )
        answered = draw(maybe(after(presented, 10 * SEC, up_to=HOUR)))
        abandoned = draw(maybe(after(presented, 10 * SEC, T - presented, up_to=HOUR)))
        rows.append(
            (f"C{n}", draw(st.sampled_from(["999", "101"])), presented, answered, abandoned)
        )
    return rows


TARGETS = (15 * MIN, 20 * MIN, 60 * MIN)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    w = World(calls=draw(call_rows()))
    for n in range(draw(st.integers(0, 10))):
        iid = f"I{n}"
        opened = draw(moment(T - 26 * HOUR, T + MIN, T - 15 * MIN, T - 20 * MIN, T - HOUR))
        closed = draw(maybe(after(opened, *TARGETS, T - opened, up_to=2 * HOUR)))
        victim = draw(maybe(after(opened, T - opened, up_to=2 * HOUR)))
        grade = draw(st.integers(1, 4))
        w.incidents.append((iid, opened, grade, draw(st.sampled_from(AREAS)), closed, victim))
        for _ in range(draw(st.integers(0, 2))):
            dispatched = draw(after(opened, timedelta(0), up_to=HOUR))
            arrived = draw(maybe(after(opened, *TARGETS, T - opened, up_to=2 * HOUR)))
            cleared = draw(maybe(after(dispatched, T - dispatched, up_to=3 * HOUR)))
            officer = draw(st.sampled_from(OFFICERS))
            w.deployments.append((iid, officer, dispatched, arrived, cleared))
    for officer in OFFICERS:
        for _ in range(draw(st.integers(0, 2))):
            starts = draw(moment(T - 12 * HOUR, T + HOUR, T))
            ends = draw(after(starts, T - starts, 10 * HOUR, up_to=12 * HOUR))
            w.duties.append((officer, starts, ends, draw(st.sampled_from((URBAN, RURAL)))))
    s = 0
    for n in range(draw(st.integers(0, 14))):
        cid = f"CR{n}"
        recorded = draw(moment(T - 120 * DAY, T + DAY, T))
        closed = draw(maybe(after(recorded, T - recorded, up_to=120 * DAY)))
        oic = draw(st.sampled_from((*OFFICERS[:3], None)))
        w.crimes.append((cid, recorded, draw(st.sampled_from((URBAN, RURAL))), oic, closed))
        for _ in range(draw(st.integers(0, 3))):
            s += 1
            since = draw(moment(T - 120 * DAY, T + HOUR, T, T - DAY, T - 90 * DAY))
            resolved = draw(maybe(after(since, T - since, up_to=120 * DAY)))
            risk = draw(st.sampled_from(("high", "medium", "standard")))
            w.suspects.append((f"S{s}", cid, risk, since, resolved))
            for _ in range(draw(st.integers(0, 2))):
                at = draw(after(since, 90 * DAY, T - DAY - since, T - since, up_to=120 * DAY))
                rank = draw(st.sampled_from((*RANKS, "Inspector", " Sergeant ")))
                w.reviews.append((f"S{s}", at, rank))
    return w


# --- the database ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """One in-memory schema-v1 database, emptied and refilled for each example."""
    connection = duckdb.connect(":memory:")
    create_schema(connection)
    connection.executemany(
        "INSERT INTO areas VALUES (?, ?, ?)", [(URBAN, "Leicester", True), (RURAL, "Melton", False)]
    )
    yield connection
    connection.close()


INSERTS = {
    "calls": "INSERT INTO calls (call_id, line, presented_at, answered_at, abandoned_at) "
    "VALUES (?, ?, ?, ?, ?)",
    "incidents": "INSERT INTO incidents (incident_id, opened_at, grade, area_code, closed_at, "
    "victim_updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    "deployments": "INSERT INTO deployments VALUES (?, ?, ?, ?, ?)",
    "duties": "INSERT INTO duties (officer_id, starts_at, ends_at, area_code) VALUES (?, ?, ?, ?)",
    "crimes": "INSERT INTO crimes (crime_id, recorded_at, crime_type, area_code, oic_officer_id, "
    "closed_at) VALUES (?, ?, 'burglary', ?, ?, ?)",
    "suspects": "INSERT INTO suspects (suspect_id, crime_id, risk, outstanding_since, "
    "resolved_at) VALUES (?, ?, ?, ?, ?)",
    "suspect_reviews": "INSERT INTO suspect_reviews VALUES (?, ?, ?)",
}


def load(con: duckdb.DuckDBPyConnection, world: World) -> Session:
    for table, sql in INSERTS.items():
        con.execute(f"DELETE FROM {table}")
        rows = getattr(world, "reviews" if table == "suspect_reviews" else table)
        if rows:
            con.executemany(sql, rows)
    return Session(con)


# --- the definitions, read literally -----------------------------------------------------------


def le(moment: datetime | None, t: datetime) -> bool:
    """``moment`` happened at or before ``t`` (a missing time has not happened)."""
    return moment is not None and moment <= t


def pct(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def expected_calls(w: World, t: datetime, s: datetime, th: Thresholds) -> dict[str, Any]:
    target = timedelta(seconds=th.answer_target_s)
    out = {}
    for line in ("999", "101"):
        rows = [c for c in w.calls if c[1] == line and s <= c[2] < t]
        answered = [c for c in rows if le(c[3], t)]
        abandoned = [c for c in rows if le(c[4], t) and not le(c[3], t)]
        waiting = [c for c in rows if not le(c[3], t) and not le(c[4], t)]
        now = [
            c for c in w.calls
            if c[1] == line and c[2] < t and not le(c[3], t) and not le(c[4], t)
        ]  # fmt: skip
        within = [c for c in answered if c[3] - c[2] <= target]
        base = len(answered) + len(abandoned) + sum(1 for c in waiting if t - c[2] > target)
        answer_s = [(c[3] - c[2]).total_seconds() for c in answered]
        out[line] = {
            "presented": len(rows),
            "answered": len(answered),
            "abandoned": len(abandoned),
            "waiting": len(waiting),
            "answered_within_10s": len(within),
            "answered_within_10s_pct": pct(len(within), base),
            "abandoned_pct": pct(len(abandoned), len(answered) + len(abandoned)),
            "mean_answer_s": sum(answer_s) / len(answer_s) if answer_s else None,
            # "now" is state at T: every call presented by T still waiting, whenever
            "waiting_now": len(now),
            "longest_wait_now_s": max((t - c[2]).total_seconds() for c in now) if now else None,
        }
    return out


def expected_attendance(
    w: World, t: datetime, s: datetime, area: str | None, th: Thresholds
) -> dict[str, Any]:
    out = {}
    for grade in (1, 2):
        opened = due = late = breaching = not_updated = 0
        for iid, at, g, inc_area, closed, victim in w.incidents:
            if g != grade or at > t or (area is not None and inc_area != area):
                continue
            if grade == 2:
                target = timedelta(minutes=th.grade2_min)
            elif inc_area == RURAL:
                target = timedelta(minutes=th.grade1_rural_min)
            else:  # urban, or an area missing from the areas table
                target = timedelta(minutes=th.grade1_urban_min)
            arrivals = [d[3] for d in w.deployments if d[0] == iid and le(d[3], t)]
            open_unattended = not arrivals and not le(closed, t)
            # breaching now is state at T: every incident open and unattended past its target,
            # whenever it was opened
            if open_unattended and t - at > target:
                breaching += 1
                not_updated += not le(victim, t)
            if not s <= at < t:
                continue
            opened += 1
            if arrivals:
                due += 1
                late += min(arrivals) - at > target
            elif open_unattended and t - at > target:
                due += 1
                late += 1
        out[str(grade)] = {
            "opened": opened,
            "due": due,
            "late": late,
            "late_pct": pct(late, due),
            "breaching_now": breaching,
            "victim_not_updated": not_updated,
        }
    return out


def expected_state(w: World, t: datetime, area: str | None, th: Thresholds) -> dict[str, Any]:
    crimes = {c[0]: c for c in w.crimes}
    senior = set(th.review_ranks)
    mark = timedelta(days=th.review_after_days)
    recent = timedelta(hours=th.high_risk_review_hours)
    outstanding = [
        p
        for p in w.suspects
        if p[3] <= t and not le(p[4], t) and (area is None or crimes[p[1]][2] == area)
    ]
    over_90 = high_risk = 0
    for sid, _cid, risk, since, _resolved in outstanding:
        reviews = [r for r in w.reviews if r[0] == sid and r[1] <= t]
        if since <= t - mark and not any(
            r[2].strip().lower() in senior and since + mark <= r[1] for r in reviews
        ):
            over_90 += 1
        if risk == "high" and since <= t - recent and not any(r[1] > t - recent for r in reviews):
            high_risk += 1
    open_crimes: dict[str, set[str]] = {}
    for p in outstanding:
        cid, recorded, _area, oic, closed = crimes[p[1]]
        if oic is not None and recorded <= t and not le(closed, t):
            open_crimes.setdefault(oic, set()).add(cid)
    over = sorted(
        (
            {"officer_id": oic, "crimes": len(ids)}
            for oic, ids in open_crimes.items()
            if len(ids) > th.workload_max_crimes
        ),
        key=lambda r: (-r["crimes"], r["officer_id"]),
    )
    on = {d[0] for d in w.duties if d[1] <= t < d[2] and (area is None or d[3] == area)}
    committed = {d[1] for d in w.deployments if d[1] in on and d[2] <= t and not le(d[4], t)}
    # held over: off duty at T (anywhere), latest duty ended by T in the area, a deployment open
    on_anywhere = {d[0] for d in w.duties if d[1] <= t < d[2]}
    ended: dict[str, tuple[datetime, str]] = {}
    for officer, _starts, ends, duty_area in w.duties:
        if ends <= t and (officer not in ended or ends > ended[officer][0]):
            ended[officer] = (ends, duty_area)
    open_now = {d[1] for d in w.deployments if d[2] <= t and not le(d[4], t)}
    held_over = sum(
        1
        for officer, (_ends, duty_area) in ended.items()
        if officer in open_now
        and officer not in on_anywhere
        and (area is None or duty_area == area)
    )
    return {
        "workload": {"threshold": th.workload_max_crimes, "officers_over": over},
        "suspects": {
            "outstanding": len(outstanding),
            "over_90_days_unreviewed": over_90,
            "high_risk_not_reviewed_24h": high_risk,
        },
        "on_duty": {"officers": len(on), "committed": len(committed), "held_over": held_over},
    }


# --- properties ----------------------------------------------------------------------------


@EXAMPLES
@given(
    world=worlds(),
    window=st.sampled_from(WINDOWS),
    area=st.sampled_from((None, URBAN, RURAL)),
    max_crimes=st.integers(0, 3),
    answer_target_s=st.sampled_from((10.0, 20.0)),
)
def test_report_matches_the_definitions(
    con: duckdb.DuckDBPyConnection,
    world: World,
    window: timedelta,
    area: str | None,
    max_crimes: int,
    answer_target_s: float,
) -> None:
    th = Thresholds(workload_max_crimes=max_crimes, answer_target_s=answer_target_s)
    session = load(con, world)
    scope = metrics.Scope(as_of=T, window=window, area=area, thresholds=th)
    report = metrics.report(session, scope)
    json.dumps(report, allow_nan=False)  # the report is plain JSON

    calls = expected_calls(world, T, T - window, th)
    for line in ("999", "101"):
        assert report["calls"][line] == pytest.approx(calls[line]), line
    attendance = expected_attendance(world, T, T - window, area, th)
    for grade in ("1", "2"):
        assert report["attendance"][grade] == pytest.approx(attendance[grade]), grade
    assert {k: report[k] for k in ("workload", "suspects", "on_duty")} == expected_state(
        world, T, area, th
    )

    for line in report["calls"].values():
        assert line["answered"] + line["abandoned"] + line["waiting"] == line["presented"]
        assert line["answered_within_10s"] <= line["answered"]
        for key in ("answered_within_10s_pct", "abandoned_pct"):
            assert line[key] is None or 0 <= line[key] <= 100
        assert (line["abandoned_pct"] is None) == (line["answered"] + line["abandoned"] == 0)
        assert (line["mean_answer_s"] is None) == (line["answered"] == 0)
        assert (line["longest_wait_now_s"] is None) == (line["waiting_now"] == 0)
        assert line["waiting"] <= line["waiting_now"]
    for grade in report["attendance"].values():
        assert grade["late"] <= grade["due"] <= grade["opened"]
        assert grade["victim_not_updated"] <= grade["breaching_now"]
        assert grade["late_pct"] is None or 0 <= grade["late_pct"] <= 100
        assert (grade["late_pct"] is None) == (grade["due"] == 0)
    workload = report["workload"]
    assert all(o["crimes"] > workload["threshold"] for o in workload["officers_over"])
    suspects = report["suspects"]
    assert suspects["over_90_days_unreviewed"] <= suspects["outstanding"]
    assert suspects["high_risk_not_reviewed_24h"] <= suspects["outstanding"]
    assert report["on_duty"]["committed"] <= report["on_duty"]["officers"]


@settings(EXAMPLES, max_examples=max(1, EXAMPLES.max_examples // 3))
@given(
    world=worlds(),
    steps=st.lists(st.integers(1, 3 * 3600), min_size=1, max_size=3),
)
def test_moving_as_of_forward_with_a_fixed_start(
    con: duckdb.DuckDBPyConnection, world: World, steps: list[int]
) -> None:
    """With the window start fixed, later as-of times never lose presented, answered or
    answered-within calls, nor opened incidents."""
    session = load(con, world)
    start = T - DAY
    as_of = T - 2 * HOUR
    previous = None
    for step in [0, *steps]:
        as_of += step * SEC
        scope = metrics.Scope(as_of=as_of, window=as_of - start)
        calls = metrics.calls_summary(session, scope)
        attendance = metrics.attendance_summary(session, scope)
        now = [
            *calls.select(MONOTONE_CALLS).rows(),
            *attendance.select("opened").rows(),
        ]
        if previous is not None:
            assert all(
                b >= a
                for old, new in zip(previous, now, strict=True)
                for a, b in zip(old, new, strict=True)
            )
        previous = now


MONOTONE_CALLS = ("presented", "answered", "answered_within_10s")
