"""Realistic, deterministic sample data: one police force's calls, incidents, duties and crimes.

``generate(path, days=35, end=None, seed=1, scale=1.0)`` writes a new supervisor-tui database
covering ``[end - days, end]`` (operational data: duties, calls, incidents, deployments) and
``days + 180`` days before ``end`` for the investigation side (crimes, suspects, reviews) so the
90-day suspect backlog exists however short ``days`` is. Scale 1 is calibrated on one real
force (Leicestershire): ~1,000 officers, ~580 999 calls, ~1,200 101 calls, ~700 incidents and
~280 crimes a day. ``scale`` multiplies volumes and officer numbers. It also holds twelve
months of published street crimes (data.police.uk format, ~9,000 a month) ending the month
before ``end``, drawn from a random generator of their own.

Every time is an integer of seconds since the epoch (UTC) while generating. Each event is
first given a *latent* time (when it happens, possibly after ``end``); anything later than
``end`` is written as NULL, so ``end`` looks live: calls waiting, incidents not yet attended,
deployments not cleared, suspects outstanding. Only a duty in progress at ``end`` keeps its
rostered ``ends_at`` after ``end`` (it is a plan, not an event, and it makes the officer on
duty "now"); duties starting after ``end`` are not written.

The same ``(days, end, seed, scale)`` always gives identical tables: every random draw comes
from one ``numpy.random.Generator(PCG64(seed))`` in a fixed order and every sort has a
unique key.
"""

from __future__ import annotations

import math
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
from numpy.typing import NDArray

from supervisor_tui.db import create_schema
from supervisor_tui.errors import SampleError
from supervisor_tui.resources import sample_data_dir
from supervisor_tui.sample_families import extend

__all__ = ["SampleSummary", "generate"]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

TZ = "Europe/London"
MINUTE = 60
HOUR = 3600
DAY = 86400
NEVER = 10**11  # a latent time that never comes (year 5138); always > end
INVESTIGATION_LOOKBACK_DAYS = 180
MAX_DAYS = 3660
MAX_SCALE = 100.0
MAX_ROWS = 40_000_000  # refuse requests that would need tens of gigabytes
#: Force headquarters (Enderby) is in Blaby: force-wide officers' duties are recorded there.
HQ_AREA = "BLA"

# --- names -----------------------------------------------------------------------------------

_FIRST_NAMES = (
    "James Oliver Jack Harry George Thomas Daniel Samuel Matthew Ryan Adam Luke Liam Callum "
    "Michael David Paul Mark Richard Stephen Andrew Christopher Jonathan Mohammed Imran Ravi "
    "Sanjay Arjun Kiran Rajesh Tariq Bilal Gurpreet Harjit Dev Piotr Tomasz Andrei Kwame Emily "
    "Sophie Charlotte Hannah Jessica Laura Rebecca Amy Lauren Chloe Megan Olivia Grace Rachel "
    "Claire Sarah Helen Joanne Nicola Priya Anjali Sunita Aisha Fatima Zara Amira Kasia Natalia "
    "Simran Leah Jade"
)
_SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Lewis Harris Martin Cooper Hill Ward "
    "Hughes Turner Moore King Baker Harrison Morris Bailey Mason Marshall Cox Chapman Oakley "
    "Peberdy Bilson Mee Gamble Freer Hextall Patel Mistry Chauhan Parmar Solanki Lad Mehta Shah "
    "Joshi Singh Kaur Sandhu Gill Khan Hussain Ahmed Ali Begum Mahmood Kowalski Nowak "
    "Wisniewski Mensah Okafor Campbell"
)
FIRST_NAMES: tuple[str, ...] = tuple(_FIRST_NAMES.split())
SURNAMES: tuple[str, ...] = tuple(_SURNAMES.split())

# --- crimes (data.police.uk categories) --------------------------------------------------------

#: crime type -> (share of recorded crime, probability a suspect is identified)
CRIME_TYPES: dict[str, tuple[float, float]] = {
    "Violence and sexual offences": (0.360, 0.48),
    "Shoplifting": (0.100, 0.50),
    "Public order": (0.090, 0.42),
    "Criminal damage and arson": (0.090, 0.22),
    "Other theft": (0.080, 0.14),
    "Vehicle crime": (0.070, 0.08),
    "Burglary": (0.050, 0.14),
    "Drugs": (0.030, 0.90),
    "Other crime": (0.030, 0.40),
    "Bicycle theft": (0.016, 0.05),
    "Possession of weapons": (0.012, 0.85),
    "Theft from the person": (0.012, 0.12),
    "Robbery": (0.010, 0.30),
}
#: Outcome when every suspect has been dealt with (data.police.uk outcome wording).
OUTCOMES_SUSPECT: dict[str, float] = {
    "Suspect charged": 0.30,
    "Unable to prosecute suspect": 0.36,
    "Local resolution": 0.13,
    "Offender given a caution": 0.08,
    "Further investigation is not in the public interest": 0.05,
    "Formal action is not in the public interest": 0.04,
    "Action to be taken by another organisation": 0.04,
}
OUTCOMES_NO_SUSPECT: dict[str, float] = {
    "Investigation complete; no suspect identified": 0.88,
    "Unable to prosecute suspect": 0.08,
    "Action to be taken by another organisation": 0.04,
}
#: Outcome for a crime filed while a suspect is still outstanding (the exception).
OUTCOME_FILED = "Unable to prosecute suspect"

# --- rhythms (local time) ----------------------------------------------------------------------

CALLS_999_BY_HOUR = np.array(
    [1.25, 1.05, 0.85, 0.60, 0.50, 0.45, 0.50, 0.65, 0.80, 0.90, 0.95, 1.00,
     1.00, 1.00, 1.05, 1.10, 1.15, 1.20, 1.25, 1.30, 1.30, 1.35, 1.35, 1.30]
)  # fmt: skip
CALLS_101_BY_HOUR = np.array(
    [0.30, 0.20, 0.15, 0.10, 0.10, 0.12, 0.25, 0.60, 1.30, 1.70, 1.75, 1.70,
     1.60, 1.60, 1.60, 1.55, 1.50, 1.40, 1.30, 1.20, 1.05, 0.90, 0.70, 0.50]
)  # fmt: skip
CRIMES_BY_HOUR = np.array(
    [0.50, 0.40, 0.30, 0.20, 0.20, 0.20, 0.30, 0.60, 1.00, 1.30, 1.40, 1.40,
     1.40, 1.40, 1.40, 1.40, 1.40, 1.30, 1.20, 1.10, 1.00, 0.90, 0.80, 0.70]
)  # fmt: skip
CALLS_999_BY_WEEKDAY = np.array([0.97, 0.95, 0.96, 0.98, 1.05, 1.10, 1.00])  # Monday first
CALLS_101_BY_WEEKDAY = np.array([1.12, 1.05, 1.03, 1.02, 1.00, 0.80, 0.78])
CRIMES_BY_WEEKDAY = np.array([1.05, 1.00, 1.00, 1.00, 1.02, 0.98, 0.95])

CALLS_999_PER_DAY = 580.0
CALLS_101_PER_DAY = 1200.0
OTHER_INCIDENTS_PER_DAY = 100.0  # online reports and officer-generated incidents
CRIMES_PER_DAY = 280.0
#: Chance an answered call becomes an incident, and the grade mix by source (999, 101, other).
INCIDENT_FROM_999 = 0.77
INCIDENT_FROM_101 = 0.175
GRADE_MIX = np.array(
    [
        [0.195, 0.450, 0.250, 0.105],
        [0.000, 0.200, 0.450, 0.350],
        [0.000, 0.170, 0.260, 0.570],
    ]
)

# --- rota --------------------------------------------------------------------------------------

DAY_SHIFT, LATE_SHIFT, NIGHT_SHIFT, OFFICE_DAY = 0, 1, 2, 3
#: (local start hour, local end hour) per shift code; hours past 24 end the next day.
SHIFT_HOURS = np.array([[7, 17], [14, 24], [22, 31], [8, 18]])
#: Eight-day response pattern: 2 days, 2 lates, 2 nights, 2 rest days. Team t on local day
#: number d is at position (d + 2t) mod 8, so each day three teams work and one rests.
ROTA = np.array([DAY_SHIFT, DAY_SHIFT, LATE_SHIFT, LATE_SHIFT, NIGHT_SHIFT, NIGHT_SHIFT, -1, -1])
LEAVE_RATE = 0.04
CONSTABLES = 860.0  # force-wide at scale 1


@dataclass(frozen=True)
class SampleSummary:
    """What :func:`generate` wrote."""

    path: Path
    days: int
    end: datetime
    seed: int
    scale: float
    rows: dict[str, int]
    seconds: float


# --- time helpers ------------------------------------------------------------------------------


def _epoch(moment: datetime) -> int:
    return int(moment.replace(tzinfo=UTC).timestamp())


def _to_local(utc_s: Ints) -> Ints:
    """UTC epoch seconds -> Europe/London wall-clock seconds (as if the wall clock were UTC)."""
    series = pl.from_epoch(pl.Series(utc_s, dtype=pl.Int64), "s")
    local = series.dt.replace_time_zone("UTC").dt.convert_time_zone(TZ).dt.replace_time_zone(None)
    return local.dt.epoch("s").to_numpy().astype(np.int64)


def _to_utc(local_s: Ints) -> Ints:
    """Europe/London wall-clock seconds -> UTC epoch seconds (ambiguous times: the first)."""
    series = pl.from_epoch(pl.Series(np.ravel(local_s), dtype=pl.Int64), "s")
    utc = series.dt.replace_time_zone(TZ, ambiguous="earliest", non_existent="null")
    utc = utc.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    return utc.dt.epoch("s").fill_null(0).to_numpy().astype(np.int64).reshape(np.shape(local_s))


def _weekday(local_day: Ints) -> Ints:
    """Monday = 0 for a local day number (1970-01-01 was a Thursday)."""
    return (local_day + 3) % 7


def _shift_of(local_s: Ints) -> tuple[Ints, Ints]:
    """The response shift whose team takes work at a local time: (local day, shift code).

    Day 07-14, Late 14-22, Night 22-07 (the latest-starting shift on duty).
    """
    day = local_s // DAY
    hour = (local_s % DAY) // HOUR
    code = np.where(hour < 7, NIGHT_SHIFT, np.where(hour < 14, DAY_SHIFT, LATE_SHIFT))
    code = np.where(hour >= 22, NIGHT_SHIFT, code)
    return day - (hour < 7), code


def _team_on(local_day: Ints, code: Ints) -> Ints:
    """The rota team (0-3) working shift ``code`` on ``local_day``."""
    return ((2 * code + local_day % 2 - local_day) % 8) // 2


@dataclass(frozen=True)
class _Clock:
    """Hour slots from the start of the investigation range to ``end``, with local time."""

    start_s: int  # operational start
    inv_start_s: int
    end_s: int
    slot0: int
    slots: Ints  # UTC start of each hour
    offset: Ints  # local minus UTC seconds in each slot (clock changes fall on the hour)
    hour: Ints  # local hour of each slot
    weekday: Ints
    local_day: Ints

    @classmethod
    def build(cls, start_s: int, inv_start_s: int, end_s: int) -> _Clock:
        slot0 = inv_start_s - inv_start_s % HOUR
        slots = np.arange(slot0, end_s + 1, HOUR, dtype=np.int64)
        local = _to_local(slots)
        day = local // DAY
        return cls(
            start_s,
            inv_start_s,
            end_s,
            slot0,
            slots,
            local - slots,
            (local % DAY) // HOUR,
            _weekday(day),
            day,
        )

    def slot_of(self, t: Ints) -> Ints:
        return np.clip((t - self.slot0) // HOUR, 0, len(self.slots) - 1)

    def local(self, t: Ints) -> Ints:
        """Wall-clock seconds of UTC times within the clock's range."""
        return t + self.offset[self.slot_of(t)]


def _rhythm(clock: _Clock, by_hour: Floats, by_weekday: Floats, weekend_nights: bool) -> Floats:
    """Relative rate per slot, normalised so a typical week averages 1."""

    def weights(hour: Ints, weekday: Ints) -> Floats:
        w = by_hour[hour] * by_weekday[weekday]
        if weekend_nights:
            friday_saturday_evening = ((weekday == 4) | (weekday == 5)) & (hour >= 20)
            saturday_sunday_small_hours = ((weekday == 5) | (weekday == 6)) & (hour < 4)
            w = w * np.where(friday_saturday_evening, 1.3, 1.0)
            w = w * np.where(saturday_sunday_small_hours, 1.5, 1.0)
        return w

    week_hour = np.arange(168)
    norm = weights(week_hour % 24, week_hour // 24).mean()
    return weights(clock.hour, clock.weekday) / norm


def _events(
    rng: np.random.Generator, clock: _Clock, rate: Floats, per_day: float, from_s: int
) -> tuple[Ints, Ints]:
    """Poisson arrivals per hour slot at ``per_day * rate / 24``; sorted times in
    ``[from_s, end]`` and their slot index."""
    first = int(clock.slot_of(np.array([from_s]))[0])
    lam = per_day / 24.0 * rate[first:]
    counts = rng.poisson(lam)
    slot = np.repeat(np.arange(first, len(clock.slots)), counts)
    t = clock.slots[slot] + rng.integers(0, HOUR, size=len(slot))
    keep = (t >= from_s) & (t <= clock.end_s)
    t, slot = t[keep], slot[keep]
    order = np.argsort(t, kind="stable")
    return t[order], slot[order]


def _lognormal(rng: np.random.Generator, median: float, sigma: float, n: int) -> Floats:
    return median * np.exp(sigma * rng.standard_normal(n))


def _pick(rng: np.random.Generator, weights: dict[str, float] | Floats, n: int) -> Ints:
    p = np.asarray(list(weights.values()) if isinstance(weights, dict) else weights, float)
    return rng.choice(len(p), size=n, p=p / p.sum())


# --- frame helpers -----------------------------------------------------------------------------


def _ts(values: Ints, end_s: int) -> pl.Series:
    """Epoch seconds -> TIMESTAMP, NULL when later than ``end``."""
    s = pl.Series(np.asarray(values, dtype=np.int64))
    masked = pl.select(pl.when(pl.lit(s) <= end_s).then(pl.lit(s))).to_series()
    return pl.from_epoch(masked, "s")


def _ids(prefix: str, numbers: Ints, width: int) -> pl.Series:
    digits = pl.Series(np.asarray(numbers, dtype=np.int64)).cast(pl.String).str.zfill(width)
    return pl.select(pl.lit(prefix) + pl.lit(digits)).to_series()


def _names(rng: np.random.Generator, n: int) -> pl.Series:
    first = np.array(FIRST_NAMES)[rng.integers(0, len(FIRST_NAMES), n)]
    last = np.array(SURNAMES)[rng.integers(0, len(SURNAMES), n)]
    return pl.Series(np.char.add(np.char.add(first, " "), last)).cast(pl.String)


def _choose(labels: list[str | None] | tuple[str | None, ...], index: Ints) -> pl.Series:
    return pl.Series(list(labels), dtype=pl.String).gather(np.asarray(index, dtype=np.int64))


# --- reference data, officers, duties ----------------------------------------------------------


@dataclass(frozen=True)
class _Reference:
    areas: pl.DataFrame  # area_code, name, urban, population, demand_weight
    teams: pl.DataFrame  # team_id, name, area_code, kind
    incident_types: pl.DataFrame  # category, summary, grade1..grade4 (relative weights)


def _reference() -> _Reference:
    folder = sample_data_dir()
    return _Reference(
        pl.read_csv(folder / "areas.csv", schema_overrides={"urban": pl.Boolean}),
        pl.read_csv(folder / "teams.csv"),
        pl.read_csv(folder / "incident_types.csv"),
    )


def _officers(
    rng: np.random.Generator, areas: pl.DataFrame, teams: pl.DataFrame, scale: float
) -> pl.DataFrame:
    """Officers, with generator-only columns kind (response, neighbourhood, investigation,
    inspector, command), rota (response pattern 0-3, -1 for weekday office hours), duty_area
    (force-wide officers: HQ), its index area, and duty role. Constables per area: a quarter
    shared equally, the rest by demand weight."""
    n_areas = areas.height
    weight = dict(zip(areas["area_code"], areas["demand_weight"], strict=True))
    total = sum(weight.values())

    def scaled(n: float, minimum: int = 1) -> int:
        return max(minimum, round(n * scale))

    blocks: list[tuple[str | None, str | None, str, str, int, int]] = []
    # (team_id, area_code, kind, rank, rota team, count)
    blocks.append((None, None, "command", "chief superintendent", -1, scaled(1)))
    blocks.append((None, None, "command", "superintendent", -1, scaled(2)))
    for area in areas["area_code"]:
        constables = CONSTABLES * (0.25 / n_areas + 0.75 * weight[area] / total)
        blocks.append((None, area, "command", "chief inspector", -1, scaled(1)))
        for i in range(scaled(2)):
            blocks.append((None, area, "inspector", "inspector", (2 * i + i // 2) % 4, 1))
        area_teams = teams.filter(pl.col("area_code") == area)
        responders = (area_teams["kind"] == "response").sum()
        response_no = 0
        for team_id, kind in area_teams.select("team_id", "kind").rows():
            share = {"response": 0.55 / responders, "neighbourhood": 0.22, "investigation": 0.23}
            n = scaled(constables * share[kind], 3 if kind == "response" else 2)
            rota = response_no % 4 if kind == "response" else -1
            response_no += kind == "response"
            blocks.append((team_id, area, kind, "sergeant", rota, max(1, round(n / 7.5))))
            blocks.append((team_id, area, kind, "constable", rota, n))
    counts = np.array([b[-1] for b in blocks])
    rep = np.repeat(np.arange(len(blocks)), counts)
    n = int(counts.sum())
    collar = rng.choice(np.arange(1000, 1000 + max(9000, n)), size=n, replace=False)
    officers = pl.DataFrame(
        {
            "officer_id": _ids("O", np.arange(1, n + 1), 4),
            "collar_number": pl.Series(collar).cast(pl.String),
            "name": _names(rng, n),
            "rank": _choose([b[3] for b in blocks], rep),
            "team_id": _choose([b[0] for b in blocks], rep),
            "area_code": _choose([b[1] for b in blocks], rep),
            "kind": _choose([b[2] for b in blocks], rep),
            "rota": pl.Series(np.array([b[4] for b in blocks])[rep], dtype=pl.Int64),
        }
    )
    codes = list(areas["area_code"])
    return officers.with_columns(
        duty_area=pl.col("area_code").fill_null(HQ_AREA),
        role=pl.when(pl.col("rank") != "constable")
        .then(pl.lit("supervisor"))
        .otherwise(pl.col("kind")),
    ).with_columns(area=pl.col("duty_area").replace_strict(codes, list(range(len(codes)))))


def _duties(rng: np.random.Generator, officers: pl.DataFrame, clock: _Clock) -> pl.DataFrame:
    """One row per officer per worked shift over the whole range (a few percent lost to leave
    and sickness), with generator-only columns: area (index), local_day and shift (the rota
    keys deployments are matched on) and key (the order jobs go round a shift)."""
    first_day = int(clock.local(np.array([clock.inv_start_s]))[0] // DAY) - 1
    last_day = int(clock.local(np.array([clock.end_s]))[0] // DAY)
    days = np.arange(first_day, last_day + 1, dtype=np.int64)
    # Per (rota team, day): the shift worked (-1: rest), then per officer and day.
    team = np.arange(-1, 4)[:, None]
    code = np.where(team >= 0, ROTA[(days + 2 * team) % 8], OFFICE_DAY)
    code = np.where((team >= 0) | (_weekday(days) < 5), code, -1)
    starts_at = _to_utc(days[:, None] * DAY + SHIFT_HOURS[:, 0] * HOUR)  # per (day, shift)
    ends_at = _to_utc(days[:, None] * DAY + SHIFT_HOURS[:, 1] * HOUR)
    oi = np.repeat(np.arange(officers.height), len(days))
    d = np.tile(np.arange(len(days)), officers.height)
    code = code[officers["rota"].to_numpy()[oi] + 1, d]
    works = np.flatnonzero(code >= 0)
    oi, d, code = oi[works], d[works], code[works]
    day, starts, ends = days[d], starts_at[d, code], ends_at[d, code]
    keep = np.flatnonzero((starts <= clock.end_s) & (ends > clock.inv_start_s))
    oi, day, code, starts, ends = oi[keep], day[keep], code[keep], starts[keep], ends[keep]
    leave = rng.random(len(oi)) < LEAVE_RATE
    key = rng.random(len(oi))
    # Leave never empties a response shift: if every constable is off, the first stays on.
    area = officers["area"].to_numpy()[oi]
    responder = (officers["role"] == "response").to_numpy()[oi]
    group = _shift_group(area, day - first_day, code, len(days))
    staffed = np.bincount(group[responder & ~leave], minlength=group.max() + 1)
    empty = np.flatnonzero(responder & (staffed[group] == 0))
    leave[empty[np.unique(group[empty], return_index=True)[1]]] = False
    worked = np.flatnonzero(~leave)
    worked = worked[np.lexsort((oi[worked], starts[worked]))]
    oi = oi[worked]
    return pl.DataFrame(
        {
            "officer_id": officers["officer_id"].gather(oi),
            "starts_at": pl.from_epoch(pl.Series(starts[worked]), "s"),
            "ends_at": pl.from_epoch(pl.Series(ends[worked]), "s"),
            "area_code": officers["duty_area"].gather(oi),
            "role": officers["role"].gather(oi),
            "oi": oi,
            "area": area[worked],
            "local_day": day[worked],
            "shift": code[worked],
            "key": key[worked],
        }
    )


def _shift_group(area: Ints, day_index: Ints, shift: Ints, n_days: int) -> Ints:
    """One integer per (area, day, shift)."""
    return (area * (n_days + 2) + day_index) * 4 + shift


# --- calls -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Calls:
    presented: Ints
    answered: Ints  # latent; NEVER when abandoned
    abandoned: Ints  # latent; NEVER when answered
    is_999: Bools


def _calls(rng: np.random.Generator, clock: _Clock, scale: float, load999: Floats) -> _Calls:
    """999 and 101 calls in time order. Answer delay and abandonment rise with the load (the
    hour's relative call rate); 999: ~89 % answered in 10 s, ~1.5 % abandoned; 101: minutes of
    waiting against caller patience, ~17 % abandoned."""
    day_noise = _day_noise(rng, clock)
    t9, s9 = _events(rng, clock, load999 * day_noise, CALLS_999_PER_DAY * scale, clock.start_s)
    load101 = _rhythm(clock, CALLS_101_BY_HOUR, CALLS_101_BY_WEEKDAY, False)
    t1, s1 = _events(rng, clock, load101 * day_noise, CALLS_101_PER_DAY * scale, clock.start_s)

    n9, load = len(t9), load999[s9] * day_noise[s9]
    gone9 = rng.random(n9) < np.clip(0.012 * load**2, 0.002, 0.08)
    fast = rng.random(n9) < np.clip(0.915 - 0.12 * (load - 1.0), 0.55, 0.99)
    delay9 = np.where(
        fast, rng.integers(2, 11, n9), 11 + np.round(rng.exponential(12.0 * load, n9))
    ).astype(np.int64)
    quit9 = rng.integers(3, 46, n9)

    n1, load = len(t1), load101[s1] * day_noise[s1]
    wait = 30 + np.round(rng.exponential(200.0 * load**1.8, n1)).astype(np.int64)
    patience = np.round(rng.exponential(1900.0, n1)).astype(np.int64) + 5
    gone1 = patience < wait

    presented = np.concatenate([t9, t1])
    gone = np.concatenate([gone9, gone1])
    delay = np.concatenate([delay9, wait])
    quit_ = np.concatenate([quit9, patience])
    is_999 = np.concatenate([np.ones(n9, bool), np.zeros(n1, bool)])
    order = np.lexsort((~is_999, presented))
    presented, gone, delay, quit_, is_999 = (
        presented[order], gone[order], delay[order], quit_[order], is_999[order]
    )  # fmt: skip
    answered = np.where(gone, NEVER, presented + delay)
    abandoned = np.where(gone, presented + quit_, NEVER)
    return _Calls(presented, answered, abandoned, is_999)


def _day_noise(rng: np.random.Generator, clock: _Clock) -> Floats:
    """A per-local-day busyness factor (weather, events) for each slot."""
    first = int(clock.local_day.min())
    factor = np.exp(0.06 * rng.standard_normal(int(clock.local_day.max()) - first + 1))
    return factor[clock.local_day - first]


def _calls_frame(
    rng: np.random.Generator, clock: _Clock, calls: _Calls, incident_of_call: Ints, scale: float
) -> pl.DataFrame:
    """The calls table. Handlers (H001...) work in four watches on the response rota."""
    end_s = clock.end_s
    n = len(calls.presented)
    per_watch = max(2, round(15 * scale))
    local_day, shift = _shift_of(clock.local(np.minimum(calls.answered, end_s)))
    handler = _team_on(local_day, shift) * per_watch + rng.integers(0, per_watch, n) + 1
    answered = calls.answered <= end_s
    handler_ids = _ids("H", handler, 3)
    incident = _ids("I", incident_of_call + 1, 8)
    return pl.DataFrame(
        {
            "call_id": _ids("C", np.arange(1, n + 1), 8),
            "line": pl.Series(np.where(calls.is_999, "999", "101")).cast(pl.String),
            "presented_at": _ts(calls.presented, end_s),
            "answered_at": _ts(calls.answered, end_s),
            "abandoned_at": _ts(calls.abandoned, end_s),
            "handler_id": pl.select(pl.when(pl.lit(answered)).then(pl.lit(handler_ids)))
            .to_series()
            .alias("handler_id"),
            "incident_id": pl.select(
                pl.when(pl.lit(incident_of_call >= 0)).then(pl.lit(incident))
            ).to_series(),
        }
    )


# --- incidents and deployments -----------------------------------------------------------------


def _incident_sources(
    rng: np.random.Generator, clock: _Clock, calls: _Calls, scale: float
) -> tuple[Ints, Ints, Ints]:
    """Opening times in order, the call each came from (-1: none) and the source (0: 999,
    1: 101, 2: online or officer-generated). Opened a minute or few after the call's answer."""
    chance = np.where(calls.is_999, INCIDENT_FROM_999, INCIDENT_FROM_101)
    from_call = np.flatnonzero((calls.answered < NEVER) & (rng.random(len(chance)) < chance))
    source = np.where(calls.is_999[from_call], 0, 1)
    k = len(from_call)
    delay = np.where(
        source == 0, 30 + _lognormal(rng, 90, 0.6, k), 120 + _lognormal(rng, 300, 0.6, k)
    )
    daytime = _rhythm(clock, CALLS_101_BY_HOUR, CALLS_101_BY_WEEKDAY, False)
    other, _ = _events(rng, clock, daytime, OTHER_INCIDENTS_PER_DAY * scale, clock.start_s)
    opened = np.concatenate([calls.answered[from_call] + delay.astype(np.int64), other])
    call = np.concatenate([from_call, np.full(len(other), -1)])
    source = np.concatenate([source, np.full(len(other), 2)])
    keep = np.flatnonzero(opened <= clock.end_s)
    order = keep[np.lexsort((call[keep], opened[keep]))]
    return opened[order], call[order], source[order]


@dataclass(frozen=True)
class _Response:
    """Latent deployments (one row per officer sent) and incident times."""

    incident: Ints  # incident index per deployment
    crew_slot: Ints  # 0 for the first officer, 1 for the second
    primary: Ints  # dispatch time of the incident's first officer
    dispatched: Ints
    arrived: Ints
    cleared: Ints
    victim_updated: Ints  # per incident
    closed: Ints  # per incident


def _response(
    rng: np.random.Generator, opened: Ints, grade: Ints, urban: Bools, load: Floats
) -> _Response:
    """Dispatch delay (longer when busy; grade 2 sometimes queues for hours), travel, time at
    scene, victim update for about half of late grade 1-2 incidents, and closure."""
    n = len(opened)
    queued = rng.random(n) < np.clip(0.03 + 0.05 * load**2, 0.0, 0.4)
    wait = np.select(
        [grade == 1, grade == 2, grade == 3],
        [
            _lognormal(rng, 100, 0.6, n) * np.sqrt(load),
            np.where(
                queued,
                2400 + rng.exponential(9000, n),
                _lognormal(rng, 900, 0.7, n) * np.sqrt(load),
            ),
            _lognormal(rng, 4 * HOUR, 0.8, n),
        ],
        0.0,
    ).astype(np.int64)
    extra = rng.random(n)
    crew = np.select(
        [grade == 1, grade == 2, grade == 3], [1 + (extra < 0.55), 1 + (extra < 0.2), 1], 0
    )
    inc = np.repeat(np.arange(n), crew)
    crew_slot = np.arange(len(inc)) - np.repeat(np.cumsum(crew) - crew, crew)
    m = len(inc)
    g, u = grade[inc], urban[inc]
    primary = opened[inc] + wait[inc]
    dispatched = primary + (crew_slot > 0) * rng.integers(0, 91, m)
    travel = np.select([(g == 1) & u, g == 1, (g == 2) & u, g == 2], [520, 780, 780, 1080], 1200)
    arrived = dispatched + (travel * np.exp(0.45 * rng.standard_normal(m))).astype(np.int64)
    at_scene = np.clip(_lognormal(rng, 4200, 0.5, m) * np.where(g == 1, 1.2, 1.0), 1800, 10800)
    cleared = arrived + at_scene.astype(np.int64)

    first_arrival = np.full(n, NEVER, dtype=np.int64)
    np.minimum.at(first_arrival, inc, arrived)
    last_cleared = np.zeros(n, dtype=np.int64)
    np.maximum.at(last_cleared, inc, cleared)
    target = np.where(grade == 1, np.where(urban, 15, 20), 60) * MINUTE
    overdue = first_arrival - opened - target
    told = (grade <= 2) & (overdue > 0) & (rng.random(n) < 0.5)
    # The victim is told of the delay soon after the target passes (before any arrival).
    soon = np.minimum(rng.uniform(0.15, 0.85, n) * overdue, 300 + rng.exponential(1500, n))
    victim = opened + target + soon.astype(np.int64)
    closed = np.where(
        grade == 4,
        opened + np.maximum(300, _lognormal(rng, 5400, 1.0, n)),
        last_cleared + _lognormal(rng, 1200, 0.6, n),
    ).astype(np.int64)
    return _Response(
        inc, crew_slot, primary, dispatched, arrived, cleared, np.where(told, victim, NEVER), closed
    )


def _incidents(
    rng: np.random.Generator,
    clock: _Clock,
    calls: _Calls,
    load999: Floats,
    reference: _Reference,
    officers: pl.DataFrame,
    duties: pl.DataFrame,
    scale: float,
) -> tuple[pl.DataFrame, pl.DataFrame, Ints]:
    """Incidents, their deployments, and for each call the incident it created (-1: none)."""
    end_s = clock.end_s
    opened, call, source = _incident_sources(rng, clock, calls, scale)
    n = len(opened)
    incident_of_call = np.full(len(calls.presented), -1, dtype=np.int64)
    incident_of_call[call[call >= 0]] = np.flatnonzero(call >= 0)

    cumulative = np.cumsum(GRADE_MIX, axis=1)[source, :3]
    grade = 1 + (rng.random(n)[:, None] > cumulative).sum(axis=1)
    areas, types = reference.areas, reference.incident_types
    area = _pick(rng, areas["demand_weight"].to_numpy(), n)
    urban = areas["urban"].to_numpy()[area]
    kind = np.zeros(n, dtype=np.int64)
    for g in range(1, 5):
        at = np.flatnonzero(grade == g)
        kind[at] = _pick(rng, types[f"grade{g}"].to_numpy(), len(at))
    times = _response(rng, opened, grade, urban, load999[clock.slot_of(opened)])

    area_codes = areas["area_code"].gather(area)
    incidents = pl.DataFrame(
        {
            "incident_id": _ids("I", np.arange(1, n + 1), 8),
            "opened_at": _ts(opened, end_s),
            "grade": pl.Series(grade, dtype=pl.Int16),
            "category": types["category"].gather(kind),
            "area_code": area_codes,
            "closed_at": _ts(times.closed, end_s),
            "victim_updated_at": _ts(times.victim_updated, end_s),
            "summary": types["summary"].gather(kind),
        }
    )
    sent = np.flatnonzero(times.dispatched <= end_s)
    inc = times.incident[sent]
    local_day, shift = _shift_of(clock.local(times.dispatched[sent]))
    officer = _assign_officers(
        duties, area[inc], local_day, shift, (times.primary[sent], inc, times.crew_slot[sent])
    )
    sent, inc, officer = sent[officer >= 0], inc[officer >= 0], officer[officer >= 0]
    rows = np.lexsort((officer, inc, times.dispatched[sent]))
    sent, inc, officer = sent[rows], inc[rows], officer[rows]
    deployments = pl.DataFrame(
        {
            "incident_id": incidents["incident_id"].gather(inc),
            "officer_id": officers["officer_id"].gather(officer),
            "dispatched_at": _ts(times.dispatched[sent], end_s),
            "arrived_at": _ts(times.arrived[sent], end_s),
            "cleared_at": _ts(times.cleared[sent], end_s),
        }
    )
    return incidents, deployments, incident_of_call


def _assign_officers(
    duties: pl.DataFrame, area: Ints, local_day: Ints, shift: Ints, order: tuple[Ints, ...]
) -> Ints:
    """For each job, the index of the response constable sent (-1: nobody on duty): one on the
    shift taking work in that area at dispatch. Within each (area, day, shift) jobs, in
    ``order``, go round the team in turn, so an officer's next job usually comes after the
    last one has cleared."""
    pool = duties.filter(pl.col("role") == "response")
    day0 = min(int(pool["local_day"].min()), int(local_day.min(initial=0)))
    n_days = max(int(pool["local_day"].max()), int(local_day.max(initial=0))) - day0 + 1
    pool_group = _shift_group(
        pool["area"].to_numpy(),
        pool["local_day"].to_numpy() - day0,
        pool["shift"].to_numpy(),
        n_days,
    )
    ranked = np.lexsort((pool["key"].to_numpy(), pool_group))
    pool_group, pool_officer = pool_group[ranked], pool["oi"].to_numpy()[ranked]
    groups, first, size = np.unique(pool_group, return_index=True, return_counts=True)

    group = _shift_group(area, local_day - day0, shift, n_days)
    jobs = np.lexsort((*reversed(order), group))
    sorted_group = group[jobs]
    start_of_run = np.r_[True, sorted_group[1:] != sorted_group[:-1]]
    run_start = np.maximum.accumulate(np.where(start_of_run, np.arange(len(jobs)), 0))
    turn = np.arange(len(jobs)) - run_start
    at = np.clip(np.searchsorted(groups, sorted_group), 0, max(len(groups) - 1, 0))
    found = (len(groups) > 0) & (groups[at] == sorted_group)
    officer = np.where(found, pool_officer[first[at] + turn % np.maximum(size[at], 1)], -1)
    result = np.empty(len(jobs), dtype=np.int64)
    result[jobs] = officer
    return result


# --- crimes, suspects, reviews -----------------------------------------------------------------


@dataclass(frozen=True)
class _Suspects:
    crime: Ints
    since: Ints
    resolved: Ints  # latent; NEVER when never resolved
    high_risk: Bools


def _crimes(
    rng: np.random.Generator,
    clock: _Clock,
    areas: pl.DataFrame,
    officers: pl.DataFrame,
    scale: float,
) -> tuple[pl.DataFrame, pl.DataFrame, _Suspects]:
    """Crimes over the investigation range, their suspects, and the latent suspect times."""
    end_s = clock.end_s
    rate = _rhythm(clock, CRIMES_BY_HOUR, CRIMES_BY_WEEKDAY, False) * _day_noise(rng, clock)
    recorded, _ = _events(rng, clock, rate, CRIMES_PER_DAY * scale, clock.inv_start_s)
    n = len(recorded)
    types = list(CRIME_TYPES)
    crime_type = _pick(rng, np.array([CRIME_TYPES[t][0] for t in types]), n)
    area = _pick(rng, areas["demand_weight"].to_numpy(), n)

    # Suspects: on ~35 % of crimes, sometimes two or three.
    p_suspect = 0.88 * np.array([CRIME_TYPES[t][1] for t in types])[crime_type]
    draw = rng.random(n)
    count = np.where(rng.random(n) < p_suspect, 1 + (draw < 0.18) + (draw < 0.04), 0)
    crime = np.repeat(np.arange(n), count)
    m = len(crime)
    since = recorded[crime] + np.minimum(_lognormal(rng, 6 * HOUR, 1.0, m), 7 * DAY).astype(
        np.int64
    )
    risk_draw = rng.random(m)
    risk = np.where(risk_draw < 0.08, 0, np.where(risk_draw < 0.38, 1, 2))
    kind = rng.random(m)
    outstanding_for = np.select(
        [kind < 0.004, kind < 0.075],
        [np.full(m, float(NEVER)), 20 * DAY + rng.exponential(80 * DAY, m)],
        _lognormal(rng, 3.5 * DAY, 1.0, m),
    ) * np.where(risk == 0, 0.6, 1.0)
    resolved = np.minimum(since + outstanding_for.astype(np.int64), NEVER)
    names = _names(rng, m)
    known = since <= end_s  # a suspect identified after ``end`` does not exist yet
    order = np.lexsort((crime[known], since[known]))
    idx = np.flatnonzero(known)[order]
    suspects = _Suspects(crime[idx], since[idx], resolved[idx], risk[idx] == 0)

    # Crime closure: after the last suspect is dealt with; a few are filed with a suspect
    # still outstanding; crimes without suspects close after days or weeks.
    has_suspect = np.zeros(n, dtype=bool)
    has_suspect[suspects.crime] = True
    last_resolved = np.zeros(n, dtype=np.int64)
    np.maximum.at(last_resolved, suspects.crime, suspects.resolved)
    filed = recorded + _lognormal(rng, 30 * DAY, 0.6, n).astype(np.int64)
    is_filed = has_suspect & (rng.random(n) < 0.04) & (filed < last_resolved)
    closed = np.where(
        has_suspect,
        np.minimum(last_resolved + _lognormal(rng, 4 * DAY, 0.8, n).astype(np.int64), NEVER),
        recorded + _lognormal(rng, 12 * DAY, 1.0, n).astype(np.int64),
    )
    closed = np.where(is_filed, filed, closed)
    # One label list: outcomes with a suspect, without, the filed outcome, then NULL (open).
    labels: list[str | None] = [*OUTCOMES_SUSPECT, *OUTCOMES_NO_SUSPECT, OUTCOME_FILED, None]
    outcome = np.where(
        has_suspect,
        _pick(rng, OUTCOMES_SUSPECT, n),
        len(OUTCOMES_SUSPECT) + _pick(rng, OUTCOMES_NO_SUSPECT, n),
    )
    outcome = np.where(is_filed, len(labels) - 2, outcome)
    outcome = np.where(closed <= end_s, outcome, len(labels) - 1)

    crimes = pl.DataFrame(
        {
            "crime_id": _ids("CR", np.arange(1, n + 1), 8),
            "recorded_at": _ts(recorded, end_s),
            "crime_type": _choose(types, crime_type),
            "area_code": _choose(list(areas["area_code"]), area),
            "oic_officer_id": _allocate(rng, officers, areas, area),
            "closed_at": _ts(closed, end_s),
            "outcome": _choose(labels, outcome),
        }
    )
    m = len(idx)
    suspect_frame = pl.DataFrame(
        {
            "suspect_id": _ids("S", np.arange(1, m + 1), 8),
            "crime_id": crimes["crime_id"].gather(suspects.crime),
            "name": names.gather(idx),
            "risk": _choose(["high", "medium", "standard"], risk[idx]),
            "outstanding_since": _ts(suspects.since, end_s),
            "resolved_at": _ts(suspects.resolved, end_s),
        }
    )
    return crimes, suspect_frame, suspects


def _allocate(
    rng: np.random.Generator, officers: pl.DataFrame, areas: pl.DataFrame, area: Ints
) -> pl.Series:
    """Officer in charge: a constable or sergeant of the crime's area. Investigators carry
    more, sergeants less; a personal factor, 2.5 times for ~4 % of officers, leaves a few
    overloaded."""
    n = officers.height
    kind_weight = {"investigation": 1.6, "neighbourhood": 1.2, "response": 1.0}
    personal = rng.gamma(4.0, 1 / 4, n) * np.where(rng.random(n) < 0.04, 2.5, 1.0)
    weight = (
        officers.select(
            pl.col("kind").replace_strict(kind_weight, default=0.0, return_dtype=pl.Float64)
            * pl.when(pl.col("rank") == "sergeant").then(0.25).otherwise(1.0)
        )
        .to_series()
        .to_numpy()
        * personal
    )
    home = officers["area_code"].to_numpy()
    chosen = np.zeros(len(area), dtype=np.int64)
    for i, code in enumerate(areas["area_code"]):
        pool = np.flatnonzero((home == code) & (weight > 0))
        at = np.flatnonzero(area == i)
        chosen[at] = pool[_pick(rng, weight[pool], len(at))]
    return officers["officer_id"].gather(chosen)


def _reviews(rng: np.random.Generator, suspects: _Suspects, end_s: int) -> pl.DataFrame:
    """Sergeants review outstanding suspects about weekly (high risk: daily, most days); an
    inspector or chief inspector reviews ~60 % once they pass 90 days (a few earlier)."""
    since = suspects.since
    until = np.minimum(suspects.resolved, end_s)  # reviews happen while outstanding
    n = len(since)

    def periodic(every: int, who: Ints) -> tuple[Ints, Ints]:
        count = np.maximum(0, (until[who] - since[who]) // every)
        suspect = np.repeat(who, count)
        k = 1 + np.arange(len(suspect)) - np.repeat(np.cumsum(count) - count, count)
        return suspect, since[suspect] + k * every

    weekly, weekly_at = periodic(7 * DAY, np.arange(n))
    weekly_at = weekly_at + (DAY * rng.standard_normal(len(weekly)) * 0.8).astype(np.int64)
    weekly_done = rng.random(len(weekly)) < 0.85
    weekly_rank = np.where(rng.random(len(weekly)) < 0.9, 1, 0)

    daily, daily_at = periodic(DAY, np.flatnonzero(suspects.high_risk))
    daily_at = daily_at - rng.integers(0, 3 * HOUR, len(daily))
    daily_done = rng.random(len(daily)) < 0.95

    mark = since + 90 * DAY
    senior = (until > mark) & (rng.random(n) < 0.62)
    senior_at = mark + rng.exponential(12 * DAY, n).astype(np.int64)
    early = (until > since + 60 * DAY) & (rng.random(n) < 0.12)
    early_at = since + rng.integers(55 * DAY, 89 * DAY, n)
    senior_rank = np.where(rng.random(n) < 0.8, 2, 3)

    everyone = np.arange(n)
    suspect = np.concatenate([weekly, daily, everyone, everyone])
    at = np.concatenate([weekly_at, daily_at, senior_at, early_at])
    rank = np.concatenate([weekly_rank, np.ones(len(daily), np.int64), senior_rank, senior_rank])
    done = np.concatenate([weekly_done, daily_done, senior, early])
    done &= (at > since[suspect]) & (at < until[suspect]) & (at <= end_s)
    suspect, at, rank = suspect[done], at[done], rank[done]
    order = np.lexsort((rank, suspect, at))
    suspect, at, rank = suspect[order], at[order], rank[order]
    return pl.DataFrame(
        {
            "suspect_id": _ids("S", suspect + 1, 8),
            "reviewed_at": _ts(at, end_s),
            "reviewer_rank": _choose(
                ["constable", "sergeant", "inspector", "chief inspector"], rank
            ),
        }
    )


# --- published street crimes (data.police.uk format) -----------------------------------------

#: Street crimes a month, force-wide at scale 1 (Leicestershire 2024: 8,216 to 9,563).
STREET_CRIMES_PER_MONTH = 9000.0
STREET_MONTHS = 12
#: Month-to-month spread (log scale) of an area's and of a crime type's volume.
STREET_AREA_SWING = 0.05
STREET_TYPE_SWING = 0.08
#: Relative volume by calendar month, January first (Leicestershire 2024 monthly totals).
STREET_BY_MONTH = np.array(
    [8324, 8243, 8906, 9128, 9394, 9490, 9563, 9358, 9155, 9172, 8953, 8216], dtype=float
)
#: Share of a month's street crimes per area (by LSOA district, Leicestershire 2024); the
#: rest have no area: "No Location" rows and LSOAs outside the force.
STREET_AREA_SHARE: dict[str, float] = {
    "LEI": 0.4618,
    "CHA": 0.1412,
    "BLA": 0.0696,
    "HAR": 0.0483,
    "HNB": 0.0752,
    "MEL": 0.0334,
    "NWL": 0.0768,
    "OAW": 0.0382,
    "RUT": 0.0174,
}
STREET_NO_LOCATION_SHARE = 0.0292
STREET_OUTSIDE_SHARE = 0.0089
OUTSIDE_DISTRICTS: tuple[str, ...] = (
    "Rugby",
    "South Derbyshire",
    "Rushcliffe",
    "North Northamptonshire",
    "West Northamptonshire",
    "Nottingham",
)
#: Share of street crimes per data.police.uk crime type (Leicestershire 2024).
STREET_TYPE_SHARE: dict[str, float] = {
    "Violence and sexual offences": 0.3630,
    "Anti-social behaviour": 0.1066,
    "Public order": 0.0945,
    "Criminal damage and arson": 0.0882,
    "Shoplifting": 0.0767,
    "Other theft": 0.0729,
    "Vehicle crime": 0.0631,
    "Burglary": 0.0479,
    "Drugs": 0.0272,
    "Other crime": 0.0232,
    "Bicycle theft": 0.0115,
    "Possession of weapons": 0.0087,
    "Theft from the person": 0.0084,
    "Robbery": 0.0080,
}
STREET_ASB = "Anti-social behaviour"
#: Last outcome of a street crime (anti-social behaviour has none), Leicestershire 2024.
STREET_OUTCOMES: dict[str, float] = {
    "Investigation complete; no suspect identified": 0.4342,
    "Unable to prosecute suspect": 0.3410,
    "Court result unavailable": 0.0738,
    "Local resolution": 0.0392,
    "Action to be taken by another organisation": 0.0291,
    "Status update unavailable": 0.0235,
    "Formal action is not in the public interest": 0.0191,
    "Further action is not in the public interest": 0.0143,
    "Awaiting court outcome": 0.0132,
    "Offender given a caution": 0.0084,
    "Further investigation is not in the public interest": 0.0050,
}
#: Approximate centre (longitude, latitude) of each area, for street-crime coordinates.
AREA_CENTRES: dict[str, tuple[float, float]] = {
    "LEI": (-1.133, 52.637),
    "CHA": (-1.200, 52.760),
    "BLA": (-1.210, 52.570),
    "HAR": (-0.950, 52.500),
    "HNB": (-1.370, 52.560),
    "MEL": (-0.880, 52.765),
    "NWL": (-1.370, 52.725),
    "OAW": (-1.090, 52.595),
    "RUT": (-0.680, 52.660),
}
_STREETS = (
    "High Street|Station Road|Church Street|London Road|Main Street|Park Road|Victoria Road|"
    "Queen Street|King Street|Market Place|Granby Street|Belgrave Gate|Narborough Road|"
    "Humberstone Road|Melton Road|Loughborough Road|Welford Road|Aylestone Road|"
    "Hinckley Road|Groby Road|Uppingham Road|Evington Road|Charles Street|Churchgate|"
    "Ashby Road|Derby Road|Leicester Road|Burton Road|Mill Lane|School Lane|Green Lane|"
    "Parking Area|Supermarket|Shopping Area|Petrol Station|Sports/Recreation Area|"
    "Further/Higher Educational Building|Hospital|Nightclub|Bus/Coach Station"
)
STREETS: tuple[str, ...] = tuple(_STREETS.split("|"))
HEX_DIGITS = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _month_starts(end: datetime, count: int) -> list[date]:
    """The first days of the ``count`` months before the month of ``end``, oldest first."""
    index = end.year * 12 + end.month - 1
    return [date((i - 1) // 12, (i - 1) % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _hex(rng: np.random.Generator, n: int, digits: int) -> pl.Series:
    """``n`` random lower-case hex strings of ``digits`` characters (built as ASCII bytes)."""
    ascii_digits = HEX_DIGITS[rng.integers(0, 16, size=(n, digits), dtype=np.uint8)]
    fixed = np.ascontiguousarray(ascii_digits).view(f"S{digits}").ravel()
    return pl.Series(fixed).cast(pl.String)


def _street_crimes(areas: pl.DataFrame, end: datetime, seed: int, scale: float) -> pl.DataFrame:
    """Twelve monthly batches of published street crimes ending the month before ``end``.

    Counts per month, area and crime type are Poisson around the 2024 Leicestershire shares
    times ``scale``; anti-social behaviour has no Crime ID (its row_key is ``asb-`` + 40 hex
    digits, as the importer makes) and no outcome; "No Location" rows have no coordinates,
    LSOA or area. Drawn from a generator of its own, so the other tables do not change.
    """
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 0x57EE7])))
    months = _month_starts(end, STREET_MONTHS)
    codes = list(areas["area_code"])
    names = dict(zip(areas["area_code"], areas["name"], strict=True))
    # Places: the force's areas, then "No Location", then LSOAs outside the force.
    shares = [STREET_AREA_SHARE.get(c, 0.0) for c in codes]
    place_share = np.array([*shares, STREET_NO_LOCATION_SHARE, STREET_OUTSIDE_SHARE])
    no_location = len(codes)
    types = list(STREET_TYPE_SHARE)
    type_share = np.array(list(STREET_TYPE_SHARE.values()))
    # Each area's crime mix differs a little from the force's.
    mix = type_share * np.exp(0.18 * rng.standard_normal((len(place_share), len(types))))
    mix = mix / mix.sum(axis=1, keepdims=True)
    season = STREET_BY_MONTH / STREET_BY_MONTH.mean()
    month_weight = np.array([season[m.month - 1] for m in months])
    # Months differ by more than chance: per area and per crime type (as published figures do).
    n_months, n_places, n_types = len(months), len(place_share), len(types)
    swing = np.exp(
        STREET_AREA_SWING * rng.standard_normal((n_months, n_places, 1))
        + STREET_TYPE_SWING * rng.standard_normal((n_months, 1, n_types))
    )
    lam = (
        STREET_CRIMES_PER_MONTH
        * scale
        * month_weight[:, None, None]
        * (place_share / place_share.sum())[None, :, None]
        * mix[None, :, :]
        * swing
    )
    counts = rng.poisson(lam).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    month_i, rest = np.divmod(cell, n_places * n_types)
    place, type_i = np.divmod(rest, n_types)
    n = len(cell)

    # LSOAs: about one per 1,600 residents of an area (six outside), the busier ones first;
    # outside the force the district is one of a few neighbours.
    population = dict(zip(areas["area_code"], areas["population"], strict=True))
    lsoas = np.array([max(4, round(population[c] / 1600)) for c in codes] + [1, 6])
    lsoa_no = (rng.random(n) ** 1.4 * lsoas[place]).astype(np.int64)
    outside_district = rng.integers(0, len(OUTSIDE_DISTRICTS), n)
    centres = [AREA_CENTRES.get(c, (-1.1, 52.65)) for c in codes] + [(0.0, 0.0), (-1.3, 52.4)]
    centre = np.array(centres)[place]
    lon = np.round(centre[:, 0] + 0.035 * rng.standard_normal(n), 6)
    lat = np.round(centre[:, 1] + 0.022 * rng.standard_normal(n), 6)
    street = rng.integers(0, len(STREETS), n)
    outcome = _pick(rng, STREET_OUTCOMES, n)
    ids = _hex(rng, n, 64)

    districts = [names[c] for c in codes] + [None, None]
    frame = pl.DataFrame(
        {
            "place": pl.Series(place, dtype=pl.Int64),
            "crime_type": _choose(types, type_i),
            "month": pl.Series(months, dtype=pl.Date).gather(month_i),
            "district": _choose(districts, place),
            "outside": _choose(OUTSIDE_DISTRICTS, outside_district),
            "od": pl.Series(outside_district, dtype=pl.Int64),
            "lsoa_no": pl.Series(lsoa_no),
            "street": _choose(STREETS, street),
            "outcome": _choose(list(STREET_OUTCOMES), outcome),
            "lon": pl.Series(lon),
            "lat": pl.Series(lat),
            "hex": ids,
        }
    )
    asb = pl.col("crime_type") == STREET_ASB
    located = pl.col("place") != no_location
    in_force = pl.col("place") < no_location
    lsoa_name = pl.concat_str(
        pl.coalesce("district", "outside"),
        pl.lit(" "),
        (pl.col("lsoa_no") // 4 + 1).cast(pl.String).str.zfill(3),
        pl.col("lsoa_no").mod(4).replace_strict([0, 1, 2, 3], list("ABCD"), return_dtype=pl.String),
    )
    lsoa_serial = pl.col("lsoa_no") + pl.when(located & ~in_force).then(
        pl.col("od") * 10
    ).otherwise(0)
    lsoa_code = pl.format(
        "E0{}", (1_020_000 + pl.col("place") * 1000 + lsoa_serial).cast(pl.String)
    )
    force = pl.lit("Leicestershire Police")
    return frame.select(
        row_key=pl.when(asb)
        .then(pl.format("asb-{}", pl.col("hex").str.slice(0, 40)))
        .otherwise(pl.col("hex")),
        crime_id=pl.when(~asb).then(pl.col("hex")),
        month=pl.col("month"),
        reported_by=force,
        falls_within=force,
        longitude=pl.when(located).then(pl.col("lon")),
        latitude=pl.when(located).then(pl.col("lat")),
        location=pl.when(located)
        .then(pl.format("On or near {}", pl.col("street")))
        .otherwise(pl.lit("No Location")),
        lsoa_code=pl.when(located).then(lsoa_code),
        lsoa_name=pl.when(located).then(lsoa_name),
        crime_type=pl.col("crime_type"),
        last_outcome=pl.when(~asb).then(pl.col("outcome")),
        area_code=pl.when(in_force).then(_choose([*codes, None, None], place)),
    )


# --- writing -----------------------------------------------------------------------------------

#: Tables in insertion order, each with the ORDER BY its rows are inserted in.
TABLES: dict[str, str] = {
    "areas": "area_code",
    "teams": "team_id",
    "officers": "officer_id",
    "duties": "starts_at, officer_id",
    "calls": "presented_at, call_id",
    "incidents": "opened_at, incident_id",
    "deployments": "dispatched_at, incident_id, officer_id",
    "crimes": "recorded_at, crime_id",
    "suspects": "outstanding_since, suspect_id",
    "suspect_reviews": "reviewed_at, suspect_id, reviewer_rank",
    "street_crimes": "month, row_key",
}


def _write(
    target: Path,
    frames: dict[str, pl.DataFrame],
    tables: dict[str, str],
    meta: dict[str, str],
    report: Callable[[str, float], None],
) -> None:
    """Create the schema in a new database at ``target`` and insert every frame (only the
    schema's columns), time-ordered, in one transaction."""
    con = duckdb.connect(str(target))
    try:
        create_schema(con)
        con.execute("BEGIN TRANSACTION")
        con.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta.items())
        )
        for i, (table, order) in enumerate(tables.items()):
            report(f"writing {table}", i / len(tables))
            # the schema's columns that the sample fills (the rest stay null)
            described = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
            columns = [c for c in described if c in frames[table].columns]
            con.register("sample_frame", frames[table].select(columns))
            cols = ", ".join(columns)
            con.execute(
                f"INSERT INTO {table} ({cols}) SELECT {cols} FROM sample_frame ORDER BY {order}"
            )
            con.unregister("sample_frame")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _validate(days: int, end: datetime | None, seed: int, scale: float) -> datetime:
    """Check the arguments (before anything is written); return ``end`` as naive UTC."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise SampleError(
            f"sample --days must be a whole number from 1 to {MAX_DAYS}, not {days!r}"
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SampleError(f"sample --seed must be a whole number >= 0, not {seed!r}")
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float)
        or not math.isfinite(scale)
        or not 0 < scale <= MAX_SCALE
    ):
        raise SampleError(
            f"sample --scale must be a number above 0 and at most {MAX_SCALE:g}, not {scale!r}"
        )
    rows = scale * (
        days * (CALLS_999_PER_DAY + CALLS_101_PER_DAY) * 1.5
        + (days + 180) * 900
        + STREET_MONTHS * STREET_CRIMES_PER_MONTH
    )
    if rows > MAX_ROWS:
        raise SampleError(
            f"days={days} at scale={scale:g} would write about {rows / 1e6:.0f} million rows "
            f"(limit {MAX_ROWS / 1e6:.0f} million); use fewer days or a smaller scale"
        )
    if end is None:
        return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    if not isinstance(end, datetime):
        raise SampleError(f"end must be a datetime (naive UTC), not {end!r}")
    if end.tzinfo is not None:
        end = end.astimezone(UTC).replace(tzinfo=None)
    if not datetime(1971, 1, 1) + timedelta(days + INVESTIGATION_LOOKBACK_DAYS) < end:
        raise SampleError(f"end {end.isoformat()} is too early")
    return end.replace(microsecond=0)


def generate(
    path: Path,
    *,
    days: int = 35,
    end: datetime | None = None,
    seed: int = 1,
    scale: float = 1.0,
    progress: Callable[[str, float], None] | None = None,
) -> SampleSummary:
    """Write a new sample database at ``path`` (replacing any file there, atomically).

    ``end`` is naive UTC (None: now, to the second); operational data covers
    ``[end - days, end]``, crimes and suspects reach 180 days further back. Nothing is later
    than ``end`` except the rostered end of duties in progress at ``end``. ``progress`` is
    called as ``progress(stage, fraction_done)`` between stages.
    """
    began = time.perf_counter()
    end = _validate(days, end, seed, scale)
    target = Path(path)
    if target.is_dir():
        raise SampleError(f"{target} is a folder; give --db a database file name")
    scale = float(scale)

    def report(stage: str, fraction: float) -> None:
        if progress is not None:
            progress(stage, fraction)

    rng = np.random.Generator(np.random.PCG64(seed))
    end_s = _epoch(end)
    start_s = end_s - days * DAY
    clock = _Clock.build(start_s, start_s - INVESTIGATION_LOOKBACK_DAYS * DAY, end_s)

    report("officers and duties", 0.0)
    reference = _reference()
    officers = _officers(rng, reference.areas, reference.teams, scale)
    duties = _duties(rng, officers, clock)
    report("calls", 0.15)
    load999 = _rhythm(clock, CALLS_999_BY_HOUR, CALLS_999_BY_WEEKDAY, True)
    calls = _calls(rng, clock, scale, load999)
    report("incidents and deployments", 0.3)
    incidents, deployments, incident_of_call = _incidents(
        rng, clock, calls, load999, reference, officers, duties, scale
    )
    calls_frame = _calls_frame(rng, clock, calls, incident_of_call, scale)
    report("crimes and suspects", 0.5)
    crimes, suspects, latent = _crimes(rng, clock, reference.areas, officers, scale)
    report("suspect reviews", 0.6)
    reviews = _reviews(rng, latent, end_s)
    report("published street crimes", 0.65)
    street = _street_crimes(reference.areas, end, seed, scale)

    frames = {
        "areas": reference.areas,
        "teams": reference.teams,
        "officers": officers,
        "duties": duties,
        "calls": calls_frame,
        "incidents": incidents,
        "deployments": deployments,
        "crimes": crimes,
        "suspects": suspects,
        "suspect_reviews": reviews,
        "street_crimes": street,
    }
    report("second-wave tables", 0.68)
    start = end - timedelta(days=days)
    tables = {**TABLES, **extend(frames, seed, start, end, scale)}
    meta = {
        "generator": "supervisor-tui sample",
        "sample_seed": str(seed),
        "sample_end": end.isoformat(),
        "sample_days": str(days),
        "sample_scale": repr(scale),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        _write(temp, frames, tables, meta, lambda stage, f: report(stage, 0.7 + 0.3 * f))
        # A write-ahead log left by a writer of the old file would be replayed onto the new one.
        target.with_name(target.name + ".wal").unlink(missing_ok=True)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        temp.with_name(temp.name + ".wal").unlink(missing_ok=True)
        raise
    report("done", 1.0)
    return SampleSummary(
        path=target,
        days=days,
        end=end,
        seed=seed,
        scale=scale,
        rows={table: frames[table].height for table in tables},
        seconds=time.perf_counter() - began,
    )
