"""The live feed's second wave: what :class:`~supervisor_tui.feed.Feed` writes, in the same
transaction as each batch of calls and incidents, into a schema-2 database.

In (since, now] of each batch:

- **stop and searches** by officers on duty (response and neighbourhood first), reviewed by a
  supervisor a day or so later; **uses of force** by officers on duty (the incident they are
  committed to, when there is one), the form submitted hours later (a few never) and checked
  later still; **Clare's Law applications**, their initial checks hours later; **abstractions**
  of neighbourhood officers on duty (a few hours each, for the sample's reasons). Their
  numbers per call presented are the last 7 days' (``searches``, ``uses_of_force``,
  ``applications``, ``abstractions`` of ``ingest_feed_wave2_profile``; a fallback when the
  database has none), times :attr:`SecondWave.scale`;
- for every crime the feed recorded: an **investigation plan** and later a **supervisor
  review** (``crime_actions``);
- for every suspect arrested (resolved) in the batch: a **key decision** ``arrest`` and, for
  some, pre-charge **bail** (28 days) or release under investigation with its own key decision;
  the victim is told of each decision later (most within the Victims' Code's days);
- **bail extensions** for bail close to its end, by an inspector, then a superintendent, then
  a court.

As in the first wave, only times at or before ``now`` are written (bail's ``ends_at`` and an
extension's new end are plans), planned waits come from :meth:`Feed.wait` (a hash of the
record's id and the seed), and only records the feed itself wrote (at or after its start) are
updated, so the history before the start is never rewritten. A schema-1 database gets none of
this (:func:`load` returns ``None``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from supervisor_tui.sample_families import powers, safeguarding

if TYPE_CHECKING:
    from supervisor_tui.db import Session
    from supervisor_tui.feed import Feed, _Batch

PROFILE_DAYS = 7
#: Records per call presented when the database has none of a kind in the last 7 days
#: (about the sample's: 15 searches, 30 uses of force, 1.2 applications a day; abstractions).
FALLBACK_PER_CALL = {
    "searches": 0.008,
    "uses_of_force": 0.016,
    "applications": 0.0007,
    "abstractions": 0.05,
}
#: Planned waits, (median seconds, spread) of a log-normal.
SEARCH_REVIEW = (30 * 3600.0, 0.6)
FORM_SUBMIT = (3 * 3600.0, 1.0)
FORM_CHECK = (30 * 3600.0, 0.8)
DVDS_CHECKS = (8 * 3600.0, 0.9)
PLAN_AFTER = (6 * 3600.0, 1.0)
REVIEW_AFTER = (3 * 86400.0, 0.8)
INFORM_AFTER = (36 * 3600.0, 0.9)
ABSTRACTION_LENGTH = (3 * 3600.0, 0.4)
#: Shares.
FORM_NEVER = 0.03
CHECK_NEVER = 0.06
BWV_MISSING = 0.04
GROUNDS_MISSING = 0.08
INFORM_NEVER = 0.1
BAIL_SHARE = 0.35
RUI_SHARE = 0.1
BAIL_DAYS = 28
#: Bail this close to its end may be extended, at a mean of once per EXTEND_MEAN.
EXTEND_WITHIN_DAYS = 7
EXTEND_MEAN = timedelta(days=3)
EXTENSION_DAYS = {"inspector": 63, "superintendent": 91, "court": 91}
LEVELS = ("inspector", "superintendent", "court")
#: Inserts counted in a batch's summary: (summary field, table).
TABLES = {
    "searches": "stop_searches",
    "uses_of_force": "use_of_force",
    "applications": "dvds_applications",
    "abstractions": "abstractions",
    "crime_actions": "crime_actions",
    "key_decisions": "key_decisions",
    "bail": "bail",
    "bail_extensions": "bail_extensions",
}


def _pick(rng: Any, options: tuple[tuple[Any, float], ...]) -> Any:
    weights = [w for *_, w in options]
    total = sum(weights)
    row = options[int(rng.choice(len(options), p=[w / total for w in weights]))]
    return row[0]


@dataclass
class SecondWave:
    """The second wave's rates (records per call presented) for one feed."""

    per_call: dict[str, float]
    #: Multiplies every per-call rate (a soak or a demo may want more of them).
    scale: float = 1.0

    def step(self, batch: _Batch) -> None:
        """Write the second wave's records of ``batch``'s (since, now] into its transaction."""
        _Wave(self, batch).run()


def load(session: Session, feed: Feed) -> SecondWave | None:
    """The second wave for ``feed``, or ``None`` when the database is older than schema 2."""
    if session.schema_version < 2:
        return None
    profile = session.query(
        "ingest_feed_wave2_profile", {"as_of": feed.start, "days": PROFILE_DAYS}
    ).row(0, named=True)
    per_call = {
        kind: float(profile[kind]) if profile[kind] else fallback
        for kind, fallback in FALLBACK_PER_CALL.items()
    }
    return SecondWave(per_call)


class _Wave:
    """One batch's second-wave records."""

    def __init__(self, wave: SecondWave, batch: _Batch) -> None:
        self.wave = wave
        self.batch = batch
        self.feed = batch.feed
        self.rng = batch.rng
        self.since, self.now = batch.since, batch.now
        self.summary = batch.summary
        self._on_duty: pl.DataFrame | None = None

    def run(self) -> None:
        from supervisor_tui.feed import _rows

        if "uof" not in self.batch.ids:
            ids = _rows(self.batch.con, "ingest_feed_wave2_next_ids").row(0, named=True)
            self.batch.ids.update({k: int(v) for k, v in ids.items()})
        calls = self.summary.calls
        self._searches(self.count("searches", calls))
        self._uses_of_force(self.count("uses_of_force", calls))
        self._applications(self.count("applications", calls))
        self._abstractions(self.count("abstractions", calls))
        self._crime_actions()
        self._decisions()
        self._bail_extensions()

    # --- helpers --------------------------------------------------------------------------

    def rows(self, name: str, **params: object) -> list[dict[str, Any]]:
        from supervisor_tui.feed import _rows

        return _rows(self.batch.con, name, dict(params)).to_dicts()

    def count(self, kind: str, calls: int) -> int:
        mean = self.wave.per_call[kind] * self.wave.scale * calls
        return int(self.rng.poisson(mean)) if mean > 0 else 0

    def on_duty(self, roles: tuple[str, ...] = ()) -> pl.DataFrame:
        if self._on_duty is None:
            from supervisor_tui.feed import _rows

            self._on_duty = _rows(
                self.batch.con, "on_duty_officers", {"as_of": self.now, "area": None, "team": None}
            )
        if not roles:
            return self._on_duty
        wanted = self._on_duty.filter(pl.col("role").is_in(list(roles)))
        return wanted if wanted.height else self._on_duty

    def officer(self, roles: tuple[str, ...] = ()) -> dict[str, Any] | None:
        pool = self.on_duty(roles)
        if pool.height == 0:
            return None
        return pool.row(int(self.rng.integers(pool.height)), named=True)

    def after(self, salt: str, key: str, moment: datetime, shape: tuple[float, float]) -> datetime:
        return self.feed.base(moment) + self.feed.wait(salt, key, shape)

    def due(self, salt: str, key: str, moment: datetime, shape: tuple[float, float]) -> bool:
        return self.after(salt, key, moment, shape) <= self.now

    def next_id(self, kind: str, prefix: str, digits: int) -> str:
        number = int(self.batch.ids[kind])
        self.batch.ids[kind] = number + 1
        return f"{prefix}{number:0{digits}d}"

    # --- stop and search, use of force, Clare's Law, abstractions -------------------------

    def _searches(self, count: int) -> None:
        feed, new = self.feed, []
        for at in sorted(self.batch.when() for _ in range(count)):
            officer = self.officer(("response", "neighbourhood"))
            search_id = self.next_id("search", "SS", 7)
            legislation, obj = powers.GROUNDS[
                int(self.rng.choice(len(powers.GROUNDS), p=_weights(powers.GROUNDS)))
            ][:2]
            linked = False
            outcome = powers.NFA
            if self.rng.random() >= powers.NFA_SHARE:
                row = powers.OUTCOMES[
                    int(self.rng.choice(len(powers.OUTCOMES), p=_weights(powers.OUTCOMES, 1)))
                ]
                outcome, linked = row[0], bool(self.rng.random() < row[2])
            ethnicity = _pick(self.rng, powers.ETHNICITIES)
            grounds = None
            if self.rng.random() >= GROUNDS_MISSING:
                grounds = powers.GROUNDS_TEXT[int(self.rng.integers(len(powers.GROUNDS_TEXT)))]
            new.append(
                {
                    "search_id": search_id,
                    "searched_at": at,
                    "officer_id": officer["officer_id"] if officer else None,
                    "area_code": officer["area_code"] if officer else None,
                    "type": "Person search",
                    "legislation": legislation,
                    "object_of_search": obj,
                    "grounds": grounds,
                    "self_defined_ethnicity": ethnicity,
                    "officer_defined_ethnicity": powers.OFFICER_DEFINED.get(
                        ethnicity.split(" - ")[0]
                    ),
                    "gender": _pick(self.rng, powers.GENDERS),
                    "age_range": _pick(self.rng, powers.AGES),
                    "outcome": outcome,
                    "outcome_linked": linked,
                    "removal_of_clothing": False,
                    "bwv_recorded": bool(feed.u("search-bwv", search_id) >= BWV_MISSING),
                    "reviewed_at": None,
                }
            )
        self.batch.insert("stop_searches", new)
        self.summary.searches += len(new)
        reviewed = []
        for row in self.rows("ingest_feed_wave2_open_searches", start=feed.start, as_of=self.now):
            at = self.after("search-review", row["search_id"], row["searched_at"], SEARCH_REVIEW)
            if at <= self.now:
                reviewed.append({**row, "reviewed_at": at})
        self.batch.update("stop_searches", reviewed)
        self.summary.searches_reviewed += len(reviewed)

    def _uses_of_force(self, count: int) -> None:
        feed, new = self.feed, []
        for at in sorted(self.batch.when() for _ in range(count)):
            officer = self.officer(("response",))
            if officer is None:
                continue
            uof_id = self.next_id("uof", "UF", 7)
            new.append(
                {
                    "uof_id": uof_id,
                    "officer_id": officer["officer_id"],
                    "used_at": at,
                    "incident_id": officer.get("committed_to"),
                    "area_code": officer["area_code"],
                    "source": _pick(self.rng, powers.SOURCES),
                    "submitted_at": None,
                    "checked_at": None,
                    "bwv_recorded": bool(feed.u("uof-bwv", uof_id) >= BWV_MISSING),
                    "tactic": _pick(self.rng, powers.TACTICS),
                    "subject_injured": bool(self.rng.random() < 0.1),
                    "officer_injured": bool(self.rng.random() < 0.05),
                }
            )
        self.batch.insert("use_of_force", new)
        self.summary.uses_of_force += len(new)
        changed = []
        for row in self.rows("ingest_feed_wave2_open_force", start=feed.start, as_of=self.now):
            key, touched = row["uof_id"], False
            if row["submitted_at"] is None and feed.u("form-never", key) >= FORM_NEVER:
                at = self.after("form-submit", key, row["used_at"], FORM_SUBMIT)
                if at <= self.now:
                    row["submitted_at"], touched = at, True
                    self.summary.forms_submitted += 1
            checking = row["submitted_at"] is not None and row["checked_at"] is None
            if checking and feed.u("check-never", key) >= CHECK_NEVER:
                at = self.after("form-check", key, row["submitted_at"], FORM_CHECK)
                if at <= self.now:
                    row["checked_at"], touched = at, True
                    self.summary.forms_checked += 1
            if touched:
                changed.append(row)
        self.batch.update("use_of_force", changed)

    def _applications(self, count: int) -> None:
        feed, new = self.feed, []
        areas = self.feed.areas["area_code"].to_list()
        for at in sorted(self.batch.when() for _ in range(count)):
            officer = self.officer(("investigation",))
            route = (
                "right_to_ask"
                if self.rng.random() < safeguarding.RIGHT_TO_ASK_SHARE
                else "right_to_know"
            )
            area = officer["area_code"] if officer else areas[int(self.rng.integers(len(areas)))]
            new.append(
                {
                    "application_id": self.next_id("dvds", "DV", 5),
                    "route": route,
                    "received_at": at,
                    "area_code": area,
                    "officer_id": officer["officer_id"] if officer else None,
                    "initial_checks_at": None,
                    "disclosed_at": None,
                    "closed_at": None,
                }
            )
        self.batch.insert("dvds_applications", new)
        self.summary.applications += len(new)
        checked = []
        shape = (safeguarding.CHECKS_MEDIAN_HOURS * 3600.0, safeguarding.CHECKS_SIGMA)
        for row in self.rows(
            "ingest_feed_wave2_open_applications", start=feed.start, as_of=self.now
        ):
            at = self.after("dvds-checks", row["application_id"], row["received_at"], shape)
            if at <= self.now:
                checked.append({**row, "initial_checks_at": at})
        self.batch.update("dvds_applications", checked)
        self.summary.checks_done += len(checked)

    def _abstractions(self, count: int) -> None:
        new, taken = [], set()
        reasons = {**safeguarding.UNPLANNED_REASONS, **safeguarding.PLANNED_REASONS}
        options = tuple(reasons.items())
        for at in sorted(self.batch.when() for _ in range(count)):
            officer = self.officer(("neighbourhood",))
            if officer is None or (officer["officer_id"], at) in taken:
                continue
            taken.add((officer["officer_id"], at))
            key = f"{officer['officer_id']}/{at:%Y%m%d%H%M%S}"
            ends = at + self.feed.wait("abstraction-length", key, ABSTRACTION_LENGTH)
            new.append(
                {
                    "officer_id": officer["officer_id"],
                    "starts_at": at,
                    "ends_at": max(ends, at + timedelta(minutes=15)),
                    "reason": _pick(self.rng, options),
                    "recorded_at": at,
                }
            )
        self.batch.insert("abstractions", new)
        self.summary.abstractions += len(new)

    # --- investigations -------------------------------------------------------------------

    def _crime_actions(self) -> None:
        new = []
        for crime in self.rows("ingest_feed_wave2_new_crimes", start=self.feed.start,
                               as_of=self.now):  # fmt: skip
            key = crime["crime_id"]
            plan_at = self.after("plan", key, crime["recorded_at"], PLAN_AFTER)
            if not crime["planned"] and plan_at <= self.now:
                new.append(
                    {
                        "crime_id": key,
                        "kind": "investigation_plan",
                        "acted_at": plan_at,
                        "officer_id": crime["oic_officer_id"],
                        "rank": "constable",
                    }
                )
            review_at = self.after("crime-review", key, plan_at, REVIEW_AFTER)
            if not crime["reviewed"] and review_at <= self.now:
                new.append(
                    {
                        "crime_id": key,
                        "kind": "supervisor_review",
                        "acted_at": review_at,
                        "officer_id": None,
                        "rank": "sergeant",
                    }
                )
        self.batch.insert("crime_actions", new)
        self.summary.crime_actions += len(new)

    def _decisions(self) -> None:
        feed, decisions, bail = self.feed, [], []
        resolved = self.rows("ingest_feed_wave2_resolved_suspects", since=self.since,
                             as_of=self.now)  # fmt: skip
        for suspect in resolved:
            at, key = suspect["resolved_at"], suspect["suspect_id"]
            decisions.append(self._decision(suspect, "arrest", at))
            u = feed.u("bail-or-rui", key)
            if u < BAIL_SHARE + RUI_SHARE:
                kind = "bail" if u < BAIL_SHARE else "rui"
                bail.append(
                    {
                        "bail_id": self.next_id("bail", "B", 8),
                        "suspect_id": key,
                        "crime_id": suspect["crime_id"],
                        "kind": kind,
                        "started_at": at,
                        "ends_at": at + timedelta(days=BAIL_DAYS) if kind == "bail" else None,
                        "concluded_at": None,
                    }
                )
                decisions.append(self._decision(suspect, kind, at))
        self.batch.insert("key_decisions", decisions)
        self.batch.insert("bail", bail)
        self.summary.key_decisions += len(decisions)
        self.summary.bail += len(bail)
        told = []
        for row in self.rows("ingest_feed_wave2_uninformed_decisions", start=feed.start,
                             as_of=self.now):  # fmt: skip
            key = row["decision_id"]
            if feed.u("inform-never", key) < INFORM_NEVER:
                continue
            at = self.after("inform", key, row["decided_at"], INFORM_AFTER)
            if at <= self.now:
                told.append({**row, "victim_informed_at": at})
        self.batch.update("key_decisions", told)
        self.summary.victims_informed += len(told)

    def _decision(self, suspect: dict[str, Any], kind: str, at: datetime) -> dict[str, Any]:
        return {
            "decision_id": self.next_id("decision", "KD", 8),
            "crime_id": suspect["crime_id"],
            "suspect_id": suspect["suspect_id"],
            "kind": kind,
            "decided_at": at,
            "victim_informed_at": None,
        }

    def _bail_extensions(self) -> None:
        ending = self.rows("ingest_feed_wave2_bail_ending", as_of=self.now,
                           days=EXTEND_WITHIN_DAYS)  # fmt: skip
        if not ending:
            return
        chance = 1 - math.exp(-(self.now - self.since) / EXTEND_MEAN)
        draws = self.rng.random(len(ending))
        new = []
        for row, draw in zip(ending, draws, strict=True):
            done = int(row["extensions"])
            if draw >= chance or done >= len(LEVELS):
                continue
            at = self.batch.when()
            if row["last_authorised_at"] is not None and at <= row["last_authorised_at"]:
                continue
            level = LEVELS[done]
            new.append(
                {
                    "bail_id": row["bail_id"],
                    "authorised_at": at,
                    "ends_at": row["current_end"] + timedelta(days=EXTENSION_DAYS[level]),
                    "level": level,
                }
            )
        self.batch.insert("bail_extensions", new)
        self.summary.bail_extensions += len(new)


def _weights(options: tuple[tuple[Any, ...], ...], index: int = -1) -> list[float]:
    weights = [float(row[index]) for row in options]
    total = sum(weights)
    return [w / total for w in weights]
