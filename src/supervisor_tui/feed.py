"""The live feed: continue a database's data in (simulated) real time, in small batches.

A :class:`Feed` starts its simulated clock at the latest event in the database and moves it
forward ``speed`` simulated seconds per real second. Each :meth:`Feed.step` brings the data up
to a new simulated time ``now`` in one transaction (open, write, commit, close), so a reader in
another process sees either all of a batch or none of it:

- new calls are presented at the configured rate (999 and 101 as in the recent data); a call
  is answered or abandoned once its planned wait has passed;
- some answered calls open an incident (its grade, category, summary and area drawn from the
  recent incidents); incidents are dispatched from the officers on duty in their area, the
  officers arrive and clear, and the incident closes; some closed incidents record a crime,
  some crimes a suspect; outstanding suspects are arrested (resolved) and reviewed;
- the duty roster repeats the rota of one cycle earlier (56 days when the data reaches that
  far back, else 28, 14 or 7).

Every event time written is at or before ``now``; the one later time is a duty's rostered
``ends_at``, written when the duty starts (a plan, as in the sample data). A record that was
already waiting when the feed started (a call on hold, an unattended incident) has its wait
counted from the feed's start, so history before the start is never rewritten.

Planned waits come from a hash of the record's id and the seed, so a restarted feed continues
the same plans; counts of new records come from a seeded random generator.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path
from statistics import NormalDist
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import polars as pl

from supervisor_tui import feed_families, queries
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Database
from supervisor_tui.errors import DatabaseBusy, DatabaseError, UserError
from supervisor_tui.ingest import store
from supervisor_tui.ingest.tables import spec
from supervisor_tui.ingest.validate import polars_type
from supervisor_tui.timeutil import utc_now

log = logging.getLogger(__name__)

LOCAL = ZoneInfo("Europe/London")
DEFAULT_SPEED = 1.0
DEFAULT_INTERVAL = 1.0
FALLBACK_RATE = 60.0  # calls an hour when the database has no recent calls
MAX_RATE = 100_000.0
MAX_SPEED = 100_000.0
LOOKBACK_HOURS = 48
PROFILE_DAYS = 7
ROTA_CYCLES = (56, 28, 14, 7)
#: How far either side of a batch the roster one cycle earlier is read (more than the
#: largest change of the clocks, one hour in the UK).
ROSTER_MARGIN = timedelta(hours=2)
#: Longer than any duty: a feed starting where nobody is on duty (a roster that stopped days
#: before the start) rosters the duties of the cycle that began this long before it and are
#: still running at the start, as the force's rota would have them.
LONGEST_DUTY = timedelta(hours=24)
_NORMAL = NormalDist()

#: Planned waits: (median seconds, spread) of a log-normal.
ANSWER_999 = (4.0, 0.7)
ANSWER_101 = (100.0, 1.0)
ABANDON_999 = (20.0, 0.6)
ABANDON_101 = (150.0, 0.8)
ABANDON_SHARE = {"999": 0.015, "101": 0.17}
INCIDENT_SHARE = {"999": 0.55, "101": 0.2}
GRADE_WEIGHTS = {"999": (0.40, 0.40, 0.15, 0.05), "101": (0.02, 0.25, 0.50, 0.23)}
OPEN_DELAY = (90.0, 0.5)
DEPLOY_SHARE = {1: 1.0, 2: 0.95, 3: 0.7, 4: 0.15}
DISPATCH_DELAY = {1: (90.0, 0.5), 2: (600.0, 0.7), 3: (3600.0, 0.8), 4: (4 * 3600.0, 0.6)}
OFFICERS_SENT = {1: 2, 2: 1, 3: 1, 4: 1}
TRAVEL = {1: (540.0, 0.45), 2: (1500.0, 0.6), 3: (1800.0, 0.6), 4: (1800.0, 0.6)}
RURAL_TRAVEL_FACTOR = 1.5
JOB_TIME = (3000.0, 0.6)
CLOSE_DELAY = (600.0, 0.5)
UNDEPLOYED_CLOSE = (3 * 3600.0, 0.7)
VICTIM_UPDATE_SHARE = 0.6
VICTIM_UPDATE_DELAY = (900.0, 0.5)
CRIME_SHARE = 0.35
SUSPECT_SHARE = 0.45
RISK_WEIGHTS = {"high": 0.08, "medium": 0.30, "standard": 0.62}
ARREST_MEAN_DAYS = {"high": 5.0, "medium": 20.0, "standard": 40.0}
HIGH_RISK_REVIEW_AFTER = timedelta(hours=20)
HIGH_RISK_REVIEW_MEAN = timedelta(hours=3)
WEEKLY_REVIEW_AFTER = timedelta(days=7)
WEEKLY_REVIEW_MEAN = timedelta(days=1)
SENIOR_REVIEW_MEAN = timedelta(days=10)
DISPATCH_ANYWHERE_AFTER = timedelta(minutes=30)


@dataclass
class BatchSummary:
    """What one batch wrote, up to simulated time ``at``."""

    at: datetime
    calls: int = 0
    answered: int = 0
    abandoned: int = 0
    incidents: int = 0
    dispatched: int = 0
    arrived: int = 0
    cleared: int = 0
    closed: int = 0
    victim_updates: int = 0
    crimes: int = 0
    suspects: int = 0
    arrested: int = 0
    reviews: int = 0
    duties: int = 0
    # the second wave (supervisor_tui.feed_families), schema 2 only
    searches: int = 0
    searches_reviewed: int = 0
    uses_of_force: int = 0
    forms_submitted: int = 0
    forms_checked: int = 0
    applications: int = 0
    checks_done: int = 0
    abstractions: int = 0
    crime_actions: int = 0
    key_decisions: int = 0
    victims_informed: int = 0
    bail: int = 0
    bail_extensions: int = 0

    @property
    def changes(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "at")

    def add(self, other: BatchSummary) -> None:
        for f in fields(self):
            if f.name != "at":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        self.at = other.at

    def line(self) -> str:
        parts = [
            f"{self.calls} calls",
            f"{self.answered} answered",
            f"{self.abandoned} abandoned",
            f"{self.incidents} incidents",
            f"{self.dispatched} dispatched",
            f"{self.arrived} arrived",
            f"{self.cleared} cleared",
            f"{self.closed} closed",
            f"{self.crimes} crimes",
            f"{self.suspects} suspects",
            f"{self.arrested} arrested",
            f"{self.reviews} reviews",
            f"{self.duties} duties started",
        ]
        second = [
            f"{self.searches} stop and searches",
            f"{self.searches_reviewed} reviewed",
            f"{self.uses_of_force} uses of force",
            f"{self.forms_submitted} forms submitted",
            f"{self.forms_checked} checked",
            f"{self.applications} Clare's Law applications",
            f"{self.checks_done} checked",
            f"{self.abstractions} abstractions",
            f"{self.crime_actions} crime actions",
            f"{self.key_decisions} key decisions",
            f"{self.victims_informed} victims told",
            f"{self.bail} bail or RUI",
            f"{self.bail_extensions} bail extensions",
        ]
        names = [f.name for f in fields(self)]
        if any(getattr(self, name) for name in names[names.index("searches") :]):
            parts += second  # only when the second wave wrote something
        return f"{self.at:%Y-%m-%d %H:%M:%S} UTC: " + ", ".join(parts)

    def inserted(self) -> dict[str, int]:
        """Rows inserted, by table (updates of existing rows are not counted)."""
        return {
            "calls": self.calls,
            "incidents": self.incidents,
            "deployments": self.dispatched,
            "crimes": self.crimes,
            "suspects": self.suspects,
            "suspect_reviews": self.reviews,
            "duties": self.duties,
            **{table: getattr(self, name) for name, table in feed_families.TABLES.items()},
        }


def _rows(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None
) -> pl.DataFrame:
    q = queries.load(name)
    return con.sql(q.sql, params=q.bind(params or {})).pl()


def _frame(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    table_spec = spec(table)
    schema = {c.name: polars_type(c) for c in table_spec.columns}
    return pl.DataFrame([{k: row.get(k) for k in schema} for row in rows], schema=schema)


def _shift_local(moment: datetime, days: int) -> datetime:
    """``moment`` (naive UTC) moved by ``days`` local days, keeping the local clock time."""
    local = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(LOCAL)
    moved = (local.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=LOCAL)
    return moved.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


class Feed:
    """Continue the data of the database at ``path``; see the module doc. Use it from one
    thread (for example a worker thread of the dashboard, with :meth:`run`).

    ``rate``: new calls per simulated hour (default: the last 7 days' average);
    ``speed``: simulated seconds per real second; ``seed``: for repeatable runs;
    ``start``: the simulated start (default: the latest event in the database);
    ``interval``: real seconds between batches in :meth:`run`.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        rate: float | None = None,
        speed: float = DEFAULT_SPEED,
        seed: int | None = None,
        start: datetime | None = None,
        interval: float = DEFAULT_INTERVAL,
        lock_timeout: float = 10.0,
        thresholds: Thresholds | None = None,
    ) -> None:
        if rate is not None and not 0 < rate <= MAX_RATE:
            raise UserError(f"rate {rate:g} must be more than 0 and at most {MAX_RATE:,.0f}")
        if not 0 < speed <= MAX_SPEED:
            raise UserError(f"speed {speed:g} must be more than 0 and at most {MAX_SPEED:,.0f}")
        if not 0 < interval <= 3600:
            raise UserError(f"interval {interval:g} must be more than 0 and at most 3600 s")
        self.path = Path(path)
        self.speed = float(speed)
        self.interval = float(interval)
        self.lock_timeout = lock_timeout
        self.thresholds = thresholds or Thresholds()
        self.seed = int(seed) if seed is not None else int(np.random.SeedSequence().entropy % 2**31)
        self._rng = np.random.default_rng(self.seed)
        self._load_reference(rate, start)
        with store.transaction(self.path, lock_timeout=lock_timeout, check=False):
            pass  # a read-only or locked database is reported now, not at the first batch
        self.clock = self.start
        self._real0: float | None = None
        self._sim0 = self.start
        self._ids: dict[str, int] | None = None  # next id numbers, kept between batches

    # --- set-up --------------------------------------------------------------------------

    def _load_reference(self, rate: float | None, start: datetime | None) -> None:
        db = Database(self.path, retry_seconds=self.lock_timeout)
        try:
            with db.read() as session:
                clock = session.query("ingest_feed_clock").row(0, named=True)
                if not clock["areas"] or not clock["officers"]:
                    missing = "areas" if not clock["areas"] else "officers"
                    raise UserError(
                        f"database {self.path} has no {missing}; the live feed continues "
                        f"existing data: create it with `supervisor-tui sample --db "
                        f"{self.path}` (or load areas, teams, officers and duties)"
                    )
                latest = clock["latest_event_at"]
                self.start = (start or latest or utc_now()).replace(microsecond=0)
                profile = session.query(
                    "ingest_feed_profile", {"as_of": self.start, "days": PROFILE_DAYS}
                ).row(0, named=True)
                self.rate = float(rate or profile["calls_per_hour"] or FALLBACK_RATE)
                self.share_999 = float(profile["share_999"] or 0.33)
                self.incident_types = session.query(
                    "ingest_feed_incident_types", {"as_of": self.start, "days": 28}
                )
                self.areas = session.query("areas")
                self.crime_types = session.query("ingest_feed_crime_types")
                names = session.query("ingest_feed_suspect_names")["name"].to_list()
                first = session.query("ingest_feed_earliest_duty")["first_duty_at"][0]
                #: The second wave's rates (None before schema 2); see feed_families.
                self.second_wave = feed_families.load(session, self)
        finally:
            db.close()
        self.first_names = sorted({n.split()[0] for n in names if n.split()}) or ["Alex"]
        self.surnames = sorted({n.split()[-1] for n in names if len(n.split()) > 1}) or ["Smith"]
        self.rota_cycle = None
        if first is not None:
            for days in ROTA_CYCLES:
                if first <= self.start - timedelta(days=days):
                    self.rota_cycle = days
                    break

    # --- clock ---------------------------------------------------------------------------

    def simulated_now(self) -> datetime:
        """The simulated time now: the run's start plus real time elapsed times ``speed``."""
        if self._real0 is None:
            self._real0 = time.monotonic()
            self._sim0 = self.clock
        elapsed = (time.monotonic() - self._real0) * self.speed
        return (self._sim0 + timedelta(seconds=elapsed)).replace(microsecond=0)

    def step(self, now: datetime | None = None) -> BatchSummary:
        """Write everything that happens in (clock, now] as one transaction."""
        target = (now or self.simulated_now()).replace(microsecond=0)
        if target <= self.clock:
            return BatchSummary(at=self.clock)
        state = self._rng.bit_generator.state
        try:
            summary = self._write(target)
        except duckdb.ConstraintException:
            # another writer took ids this feed meant to use: count again and redo the batch
            self._ids = None
            self._rng.bit_generator.state = state
            try:
                summary = self._write(target)
            except duckdb.ConstraintException as exc:
                raise DatabaseError(
                    f"database {self.path}: the live feed's batch breaks a rule of the "
                    f"database ({str(exc).splitlines()[0]}); nothing of it was written"
                ) from None
        self.clock = target
        return summary

    def _write(self, target: datetime) -> BatchSummary:
        # the schema was checked when the feed was made; each batch only opens and writes
        with store.transaction(self.path, lock_timeout=self.lock_timeout, check=False) as con:
            if self._ids is None:
                self._ids = {
                    k: int(v)
                    for k, v in _rows(con, "ingest_feed_next_ids").row(0, named=True).items()
                }
            ids = dict(self._ids)
            batch = _Batch(self, con, self.clock, target, ids)
            summary = batch.run()
        self._ids = ids
        return summary

    def run(
        self,
        stop: threading.Event,
        *,
        on_batch: Callable[[BatchSummary], None] | None = None,
        max_batches: int | None = None,
    ) -> BatchSummary:
        """Write a batch every ``interval`` real seconds until ``stop`` is set.

        The first batch comes one interval after the start. A batch in progress always
        completes; ``stop`` is looked at between batches. A database held by another writer
        for longer than the lock timeout skips that tick (logged) and the next batch catches
        up. Returns the totals.
        """
        total = BatchSummary(at=self.clock)
        batches = 0
        self.simulated_now()  # pin the real-time origin
        while not stop.wait(self.interval):
            try:
                summary = self.step()
            except DatabaseBusy as exc:
                log.warning("live feed: %s; trying again", exc)
                continue
            total.add(summary)
            batches += 1
            if on_batch is not None:
                on_batch(summary)
            if max_batches is not None and batches >= max_batches:
                break
        return total

    # --- planned waits -------------------------------------------------------------------

    def u(self, salt: str, key: str) -> float:
        """A uniform number in (0, 1) fixed by the seed, ``salt`` and ``key``."""
        digest = hashlib.blake2b(f"{self.seed}:{salt}:{key}".encode(), digest_size=8).digest()
        return (int.from_bytes(digest, "big") + 0.5) / 2**64

    def wait(self, salt: str, key: str, shape: tuple[float, float]) -> timedelta:
        median, sigma = shape
        z = _NORMAL.inv_cdf(min(max(self.u(salt, key), 1e-9), 1 - 1e-9))
        seconds = min(max(median * math.exp(sigma * z), 1.0), 30 * 86400.0)
        return timedelta(seconds=round(seconds))

    def base(self, moment: datetime) -> datetime:
        """When a wait starts counting: the record's time, or the feed's start if later."""
        return max(moment, self.start)


class _Batch:
    """One transaction's worth of events in (since, now]."""

    def __init__(
        self,
        feed: Feed,
        con: duckdb.DuckDBPyConnection,
        since: datetime,
        now: datetime,
        ids: dict[str, int],
    ) -> None:
        self.feed = feed
        self.con = con
        self.since = since
        self.now = now
        self.summary = BatchSummary(at=now)
        self.rng = feed._rng
        self.ids = ids

    def run(self) -> BatchSummary:
        self._duties()
        self._calls()
        self._incidents_from_calls()
        self._deployments()
        self._open_incidents()
        self._suspects()
        if self.feed.second_wave is not None:
            self.feed.second_wave.step(self)
        return self.summary

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            store.insert_rows(self.con, spec(table), _frame(table, rows))

    def update(self, table: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            store.update_rows(self.con, spec(table), _frame(table, rows))

    def next_id(self, kind: str, prefix: str) -> str:
        number = int(self.ids[kind])
        self.ids[kind] = number + 1
        return f"{prefix}{number:08d}"

    def when(self) -> datetime:
        """A random second in (since, now]."""
        span = int((self.now - self.since).total_seconds())
        return self.since + timedelta(seconds=int(self.rng.integers(1, span + 1)))

    # --- duties --------------------------------------------------------------------------

    def _duties(self) -> None:
        cycle = self.feed.rota_cycle
        if cycle is None:
            return
        since = self.since
        if (
            since == self.feed.start
            and not _rows(self.con, "ingest_feed_duties_in_effect", {"as_of": since})["duties"][0]
        ):
            since -= LONGEST_DUTY  # and keep only those still running at the start
        # The rota keeps local clock times, so across a change of the clocks a duty one cycle
        # earlier starts an hour earlier or later in UTC: look a margin either side and keep
        # the duties whose moved start falls in (since, now] (a batch shorter than the
        # change otherwise lost every duty starting in that hour).
        roster = _rows(
            self.con,
            "ingest_feed_roster",
            {
                "since": since - ROSTER_MARGIN,
                "as_of": self.now + ROSTER_MARGIN,
                "cycle_days": cycle,
            },
        )
        planned = [
            {
                **row,
                "starts_at": _shift_local(row["starts_at"], cycle),
                "ends_at": _shift_local(row["ends_at"], cycle),
            }
            for row in roster.iter_rows(named=True)
        ]
        planned = [
            row
            for row in planned
            if since < row["starts_at"] <= self.now and row["ends_at"] > self.since
        ]
        if not planned:
            return
        overlaps = _rows(
            self.con,
            "ingest_feed_duty_overlaps",
            {
                "officer_ids": sorted({row["officer_id"] for row in planned}),
                "starts_at": min(row["starts_at"] for row in planned),
                "ends_at": max(row["ends_at"] for row in planned),
            },
        )
        busy: dict[str, list[tuple[datetime, datetime]]] = {}
        for officer, starts, ends in overlaps.iter_rows():
            busy.setdefault(officer, []).append((starts, ends))
        rows = []
        for row in planned:
            spans = busy.setdefault(row["officer_id"], [])
            if any(s < row["ends_at"] and e > row["starts_at"] for s, e in spans):
                continue
            spans.append((row["starts_at"], row["ends_at"]))
            rows.append(row)
        self.insert("duties", rows)
        self.summary.duties += len(rows)

    # --- calls ---------------------------------------------------------------------------

    def _calls(self) -> None:
        feed = self.feed
        seconds = (self.now - self.since).total_seconds()
        count = int(self.rng.poisson(feed.rate * seconds / 3600.0))
        new = []
        for presented in sorted(self.when() for _ in range(count)):
            line = "999" if self.rng.random() < feed.share_999 else "101"
            new.append(
                {
                    "call_id": self.next_id("call", "C"),
                    "line": line,
                    "presented_at": presented,
                    "answered_at": None,
                    "abandoned_at": None,
                    "handler_id": None,
                    "incident_id": None,
                }
            )
        waiting = _rows(
            self.con, "ingest_feed_waiting_calls", {"as_of": self.now, "hours": LOOKBACK_HOURS}
        ).to_dicts()
        for call in new:
            self._settle_call(call)
        settled = [call for call in waiting if self._settle_call(call)]
        self.insert("calls", new)
        self.update("calls", settled)
        self.summary.calls += len(new)

    def _settle_call(self, call: dict[str, Any]) -> bool:
        """Answer or abandon ``call`` if its planned wait is over by now."""
        feed, key = self.feed, call["call_id"]
        line = call["line"] if call["line"] in ABANDON_SHARE else "101"
        start = feed.base(call["presented_at"])
        if feed.u("abandons", key) < ABANDON_SHARE[line]:
            shape = ABANDON_999 if line == "999" else ABANDON_101
            at = start + feed.wait("abandon-after", key, shape)
            if at <= self.now:
                call["abandoned_at"] = at
                self.summary.abandoned += 1
                return True
            return False
        shape = ANSWER_999 if line == "999" else ANSWER_101
        at = start + feed.wait("answer-after", key, shape)
        if at <= self.now:
            call["answered_at"] = at
            call["handler_id"] = f"H{int(feed.u('handler', key) * 120) + 1:03d}"
            self.summary.answered += 1
            return True
        return False

    # --- incidents -----------------------------------------------------------------------

    def _incidents_from_calls(self) -> None:
        feed = self.feed
        since = max(feed.start, self.now - timedelta(hours=2))
        calls = _rows(
            self.con, "ingest_feed_answered_calls", {"since": since, "as_of": self.now}
        ).to_dicts()
        incidents, updated = [], []
        for call in calls:
            key = call["call_id"]
            line = call["line"] if call["line"] in INCIDENT_SHARE else "101"
            if feed.u("opens-incident", key) >= INCIDENT_SHARE[line]:
                continue
            opened = call["answered_at"] + feed.wait("open-after", key, OPEN_DELAY)
            if opened > self.now:
                continue
            incident = self._new_incident(line, opened)
            call["incident_id"] = incident["incident_id"]
            incidents.append(incident)
            updated.append(call)
        self.insert("incidents", incidents)
        self.update("calls", updated)
        self.summary.incidents += len(incidents)

    def _new_incident(self, line: str, opened: datetime) -> dict[str, Any]:
        grade = int(self.rng.choice([1, 2, 3, 4], p=GRADE_WEIGHTS[line]))
        types = self.feed.incident_types
        pool = types.filter(pl.col("grade") == grade)
        if pool.height == 0:
            pool = types
        if pool.height:
            weights = pool["weight"].cast(pl.Float64).to_numpy()
            row = pool.row(int(self.rng.choice(pool.height, p=weights / weights.sum())), named=True)
            category, summary, area = row["category"], row["summary"], row["area_code"]
        else:
            areas = self.feed.areas["area_code"].to_list()
            category, summary = "Other", "Reported incident"
            area = areas[int(self.rng.integers(len(areas)))]
        return {
            "incident_id": self.next_id("incident", "I"),
            "opened_at": opened,
            "grade": grade,
            "category": category,
            "area_code": area,
            "closed_at": None,
            "victim_updated_at": None,
            "summary": summary,
        }

    def _deployments(self) -> None:
        """Arrivals and clearances of deployments already dispatched."""
        feed = self.feed
        open_rows = _rows(
            self.con, "ingest_feed_open_deployments", {"as_of": self.now, "hours": LOOKBACK_HOURS}
        ).to_dicts()
        changed = []
        for dep in open_rows:
            key = f"{dep['incident_id']}/{dep['officer_id']}/{dep['dispatched_at']:%Y%m%d%H%M%S}"
            grade = int(dep.pop("grade"))
            urban = bool(dep.pop("urban"))
            touched = False
            if dep["arrived_at"] is None:
                travel = feed.wait("travel", key, TRAVEL.get(grade, TRAVEL[4]))
                if not urban:
                    travel = timedelta(seconds=round(travel.total_seconds() * RURAL_TRAVEL_FACTOR))
                at = feed.base(dep["dispatched_at"]) + travel
                if at <= self.now:
                    dep["arrived_at"] = at
                    self.summary.arrived += 1
                    touched = True
            if dep["arrived_at"] is not None:
                at = feed.base(dep["arrived_at"]) + feed.wait("job", key, JOB_TIME)
                if at <= self.now:
                    dep["cleared_at"] = at
                    self.summary.cleared += 1
                    touched = True
            if touched:
                changed.append(dep)
        self.update("deployments", changed)

    def _open_incidents(self) -> None:
        """Dispatch, update victims of and close the open incidents."""
        feed = self.feed
        incidents = _rows(
            self.con, "ingest_feed_open_incidents", {"as_of": self.now, "hours": LOOKBACK_HOURS}
        ).to_dicts()
        on_duty: pl.DataFrame | None = None
        taken: set[str] = set()
        deployments, updated, closed = [], [], []
        t = feed.thresholds
        for inc in incidents:
            key, grade = inc["incident_id"], int(inc["grade"])
            urban = bool(inc.pop("urban"))
            deployed, arrived, cleared = inc.pop("deployed"), inc.pop("arrived"), inc.pop("cleared")
            last_cleared, first_officer = inc.pop("last_cleared_at"), inc.pop("first_officer_id")
            start = feed.base(inc["opened_at"])
            sends = feed.u("deploys", key) < DEPLOY_SHARE.get(grade, 0.15)
            if deployed == 0 and sends:
                due = start + feed.wait(
                    "dispatch-after", key, DISPATCH_DELAY.get(grade, (3600.0, 0.8))
                )
                if due <= self.now:
                    if on_duty is None:
                        on_duty = _rows(
                            self.con,
                            "on_duty_officers",
                            {"as_of": self.now, "area": None, "team": None},
                        )
                    chosen = self._choose_officers(on_duty, inc, taken, due)
                    # a dispatch waiting for a free officer happens in this batch
                    dispatched = max(due, self.since + timedelta(seconds=1))
                    for officer in chosen:
                        deployments.append(
                            {
                                "incident_id": key,
                                "officer_id": officer,
                                "dispatched_at": dispatched,
                                "arrived_at": None,
                                "cleared_at": None,
                            }
                        )
                    self.summary.dispatched += len(chosen)
            if grade in (1, 2) and arrived == 0 and inc["victim_updated_at"] is None:
                target = (
                    t.grade2_min
                    if grade == 2
                    else (t.grade1_urban_min if urban else t.grade1_rural_min)
                )
                if feed.u("victim-update", key) < VICTIM_UPDATE_SHARE:
                    at = (
                        start
                        + timedelta(minutes=target)
                        + feed.wait("victim-after", key, VICTIM_UPDATE_DELAY)
                    )
                    if at <= self.now:
                        inc["victim_updated_at"] = at
                        updated.append(inc)
                        self.summary.victim_updates += 1
            close_at = None
            if deployed and cleared == deployed and last_cleared is not None:
                close_at = feed.base(last_cleared) + feed.wait("close-after", key, CLOSE_DELAY)
            elif deployed == 0 and not sends:
                close_at = start + feed.wait("close-undeployed", key, UNDEPLOYED_CLOSE)
            if close_at is not None and close_at <= self.now:
                inc["closed_at"] = close_at
                if inc not in updated:
                    updated.append(inc)
                closed.append((inc, first_officer))
        self.insert("deployments", deployments)
        self.update("incidents", updated)
        self.summary.closed += len(closed)
        self._crimes(closed)

    def _choose_officers(
        self, on_duty: pl.DataFrame, incident: dict[str, Any], taken: set[str], due: datetime
    ) -> list[str]:
        free = on_duty.filter(~pl.col("committed") & ~pl.col("officer_id").is_in(sorted(taken)))
        local = free.filter(pl.col("area_code") == incident["area_code"])
        pool = local.filter(pl.col("role") == "response")
        if pool.height == 0:
            pool = local
        if pool.height == 0 and self.now - due >= DISPATCH_ANYWHERE_AFTER:
            pool = free
        wanted = OFFICERS_SENT.get(int(incident["grade"]), 1)
        if pool.height == 0:
            return []
        picks = self.rng.choice(pool.height, size=min(wanted, pool.height), replace=False)
        chosen = [pool["officer_id"][int(i)] for i in sorted(picks)]
        taken.update(chosen)
        return chosen

    # --- crimes and suspects -------------------------------------------------------------

    def _crimes(self, closed: list[tuple[dict[str, Any], str | None]]) -> None:
        feed = self.feed
        crimes, suspects = [], []
        types = feed.crime_types
        for inc, officer in closed:
            if officer is None or feed.u("records-crime", inc["incident_id"]) >= CRIME_SHARE:
                continue
            if types.height:
                weights = types["weight"].cast(pl.Float64).to_numpy()
                crime_type = types["crime_type"][
                    int(self.rng.choice(types.height, p=weights / weights.sum()))
                ]
            else:
                crime_type = "Other crime"
            crime_id = self.next_id("crime", "CR")
            crimes.append(
                {
                    "crime_id": crime_id,
                    "recorded_at": inc["closed_at"],
                    "crime_type": crime_type,
                    "area_code": inc["area_code"],
                    "oic_officer_id": officer,
                    "closed_at": None,
                    "outcome": None,
                }
            )
            if feed.u("has-suspect", crime_id) < SUSPECT_SHARE:
                risk = str(self.rng.choice(list(RISK_WEIGHTS), p=list(RISK_WEIGHTS.values())))
                suspects.append(
                    {
                        "suspect_id": self.next_id("suspect", "S"),
                        "crime_id": crime_id,
                        "name": f"{self.rng.choice(feed.first_names)} "
                        f"{self.rng.choice(feed.surnames)}",
                        "risk": risk,
                        "outstanding_since": inc["closed_at"],
                        "resolved_at": None,
                    }
                )
        self.insert("crimes", crimes)
        self.insert("suspects", suspects)
        self.summary.crimes += len(crimes)
        self.summary.suspects += len(suspects)

    def _suspects(self) -> None:
        """Arrests (resolved) and reviews of outstanding suspects, at random in (since, now]."""
        t = self.feed.thresholds
        outstanding = _rows(
            self.con,
            "ingest_feed_outstanding_suspects",
            {
                "as_of": self.now,
                "review_ranks": t.review_ranks,
                "review_after_days": t.review_after_days,
            },
        )
        if outstanding.height == 0:
            return
        dt_days = (self.now - self.since).total_seconds() / 86400.0
        resolved, reviews = [], []
        draws = self.rng.random((outstanding.height, 2))
        for i, row in enumerate(outstanding.to_dicts()):
            last = row.pop("last_review_at")
            senior_done = row.pop("senior_reviewed")
            mean = ARREST_MEAN_DAYS.get(row["risk"], 40.0)
            if draws[i, 0] < 1 - math.exp(-dt_days / mean):
                row["resolved_at"] = max(self.when(), row["outstanding_since"])
                resolved.append(row)
                continue
            since_review = self.now - (last or row["outstanding_since"])
            rank = None
            if row["risk"] == "high" and since_review >= HIGH_RISK_REVIEW_AFTER:
                rank, mean_gap = "sergeant", HIGH_RISK_REVIEW_MEAN
            elif since_review >= WEEKLY_REVIEW_AFTER:
                rank, mean_gap = "sergeant", WEEKLY_REVIEW_MEAN
            elif not senior_done and self.now - row["outstanding_since"] >= timedelta(
                days=t.review_after_days
            ):
                rank, mean_gap = t.review_min_rank, SENIOR_REVIEW_MEAN
            if rank is None:
                continue
            if draws[i, 1] < 1 - math.exp(-(self.now - self.since) / mean_gap):
                at = self.when()
                if last is not None and at <= last:
                    continue
                reviews.append(
                    {"suspect_id": row["suspect_id"], "reviewed_at": at, "reviewer_rank": rank}
                )
        self.update("suspects", resolved)
        self.insert("suspect_reviews", reviews)
        self.summary.arrested += len(resolved)
        self.summary.reviews += len(reviews)
