"""Sample investigations, key decisions and bail, calibrated to the inspection findings:
most crimes allocated within a day (a tail past 48 h), a minority never planned, supervisor
reviews every few weeks with a tail overdue, victims mostly told within the Victims' Code
with a tail late, ~20 % of victims with enhanced rights, ~52 % of arrests on pre-charge bail
and ~7 % released under investigation, some bail approaching 3, 6 and 9 months and a few past
their end.

Adds ``allocated_at``, ``victim_enhanced``, ``domestic_abuse`` and ``sexual_offence`` to the
crimes (same rows) and fills ``crime_actions``, ``key_decisions``, ``bail`` and
``bail_extensions``. Arrests happen when a suspect stops being outstanding (``resolved_at``).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import polars as pl

from supervisor_tui.sample_families import SampleContext

TABLES = {
    "crime_actions": "acted_at, crime_id, kind",
    "key_decisions": "decided_at, decision_id",
    "bail": "started_at, bail_id",
    "bail_extensions": "authorised_at, bail_id",
}

HOUR = 3600
DAY = 86400
#: The outcome of an interview: pre-charge bail, RUI, charge, released without charge.
OUTCOMES = ("bail", "rui", "charge", "released_no_charge")
OUTCOME_SHARE = np.array([0.52, 0.07, 0.18, 0.23])
#: Bail periods: 3 months, then 6 (inspector), 9 (superintendent), then a court's 3 more.
PERIOD_DAYS = (91, 182, 273, 365)
LEVELS = ("inspector", "superintendent", "court")
VIOLENCE = "Violence and sexual offences"


def _epoch(frame: pl.DataFrame, column: str) -> np.ndarray:
    """Seconds since the epoch (NEVER-like large value for null)."""
    values = frame[column].dt.epoch("s").fill_null(np.iinfo(np.int64).max // 4)
    return values.to_numpy().astype(np.int64)


def _ts(values: np.ndarray, end_s: int) -> pl.Series:
    """Seconds to timestamps; anything after ``end`` is not known yet (null)."""
    keep = values <= end_s
    micros = pl.Series(np.where(keep, values, 0) * 1_000_000).cast(pl.Datetime("us"))
    return pl.DataFrame({"v": micros, "k": keep}).select(
        pl.when(pl.col("k")).then(pl.col("v")).otherwise(None)
    )["v"]


def _lognormal(rng: np.random.Generator, median: float, sigma: float, n: int) -> np.ndarray:
    return median * np.exp(sigma * rng.standard_normal(n))


def _ids(prefix: str, n: int) -> pl.Series:
    return pl.Series([f"{prefix}{i:08d}" for i in range(1, n + 1)], dtype=pl.String)


def _crime_columns(ctx: SampleContext, crimes: pl.DataFrame, end_s: int) -> pl.DataFrame:
    rng, n = ctx.rng, crimes.height
    recorded = _epoch(crimes, "recorded_at")
    allocate = recorded + _lognormal(rng, 6 * HOUR, 1.2, n).astype(np.int64)
    allocate = np.where(rng.random(n) < 0.015, np.iinfo(np.int64).max // 4, allocate)
    violent = (crimes["crime_type"] == VIOLENCE).to_numpy()
    domestic = rng.random(n) < np.where(violent, 0.35, 0.04)
    sexual = violent & ~domestic & (rng.random(n) < 0.12)
    enhanced = rng.random(n) < np.where(domestic | sexual, 0.6, 0.12)
    return crimes.with_columns(
        _ts(allocate, end_s).alias("allocated_at"),
        pl.Series("victim_enhanced", enhanced),
        pl.Series("domestic_abuse", domestic),
        pl.Series("sexual_offence", sexual),
    )


def _sergeants(ctx: SampleContext, areas: pl.Series) -> tuple[pl.Series, pl.Series]:
    """A reviewing supervisor for each row: a sergeant of the area (an inspector at times)."""
    officers = ctx.frames["officers"]
    rng, n = ctx.rng, len(areas)
    senior = rng.random(n) < 0.1
    ids = np.empty(n, dtype=object)
    ranks = np.where(senior, "inspector", "sergeant")
    for rank in ("sergeant", "inspector"):
        pool = officers.filter(pl.col("rank") == rank)
        by_area = {
            code: group["officer_id"].to_numpy() for (code,), group in pool.group_by("area_code")
        }
        everyone = pool["officer_id"].to_numpy()
        for code in set(areas.to_list()):
            at = np.flatnonzero((areas.to_numpy() == code) & (ranks == rank))
            choices = by_area.get(code, everyone)
            if len(at) and len(choices):
                ids[at] = choices[rng.integers(0, len(choices), len(at))]
    return pl.Series(ids.tolist(), dtype=pl.String), pl.Series(ranks.tolist(), dtype=pl.String)


def _actions(ctx: SampleContext, crimes: pl.DataFrame, end_s: int) -> pl.DataFrame:
    rng, n = ctx.rng, crimes.height
    recorded = _epoch(crimes, "recorded_at")
    until = np.minimum(_epoch(crimes, "closed_at"), end_s)
    # An investigation plan for ~88 % of crimes, mostly within a few days.
    plan_at = recorded + _lognormal(rng, 2 * DAY, 0.8, n).astype(np.int64)
    planned = (rng.random(n) < 0.88) & (plan_at <= until)
    # Supervisor reviews every few weeks while open (a few never reviewed).
    span = np.maximum(until - recorded, 0)
    count = np.where(rng.random(n) < 0.95, span // (10 * DAY) + 1, 0).astype(np.int64)
    crime = np.repeat(np.arange(n), count)
    gaps = _lognormal(rng, 18 * DAY, 0.45, len(crime)).astype(np.int64)
    starts = np.cumsum(count) - count
    cum = np.cumsum(gaps)
    some = count > 0  # a crime with no reviews has no first one (its start may be past the end)
    cum -= np.repeat(cum[starts[some]] - gaps[starts[some]], count[some])
    review_at = recorded[crime] + cum
    keep = review_at <= until[crime]
    crime, review_at = crime[keep], review_at[keep]
    # A victim update now and then.
    updated = rng.random(n) < 0.5
    update_at = recorded + _lognormal(rng, 5 * DAY, 0.8, n).astype(np.int64)
    updated &= update_at <= until

    ids = crimes["crime_id"]
    areas = crimes["area_code"].fill_null("")
    plan_rows = np.flatnonzero(planned)
    update_rows = np.flatnonzero(updated)
    reviewers, ranks = _sergeants(ctx, areas.gather(crime))
    oic = crimes["oic_officer_id"]
    frames = [
        pl.DataFrame({
            "crime_id": ids.gather(plan_rows),
            "kind": "investigation_plan",
            "acted_at": _ts(plan_at[plan_rows], end_s),
            "officer_id": oic.gather(plan_rows),
            "rank": "constable",
        }),
        pl.DataFrame({
            "crime_id": ids.gather(crime),
            "kind": "supervisor_review",
            "acted_at": _ts(review_at, end_s),
            "officer_id": reviewers,
            "rank": ranks,
        }),
        pl.DataFrame({
            "crime_id": ids.gather(update_rows),
            "kind": "victim_update",
            "acted_at": _ts(update_at[update_rows], end_s),
            "officer_id": oic.gather(update_rows),
            "rank": "constable",
        }),
    ]  # fmt: skip
    return pl.concat(frames, how="vertical_relaxed").unique(
        ["crime_id", "kind", "acted_at"], keep="first", maintain_order=True
    )


def _periodic(
    rng: np.random.Generator, start: np.ndarray, until: np.ndarray, median: float
) -> tuple[np.ndarray, np.ndarray]:
    """Times every ~``median`` seconds (log-normal gaps) from each start until its end: the
    row each belongs to and the time."""
    count = (np.maximum(until - start, 0) // int(median / 2) + 1).astype(np.int64)
    row = np.repeat(np.arange(len(start)), count)
    gaps = _lognormal(rng, median, 0.4, len(row)).astype(np.int64)
    first = np.cumsum(count) - count
    cum = np.cumsum(gaps)
    cum -= np.repeat(cum[first] - gaps[first], count)
    at = start[row] + cum
    keep = at <= until[row]
    return row[keep], at[keep]


def _custody(ctx: SampleContext, crimes: pl.DataFrame, end_s: int) -> dict[str, pl.DataFrame]:
    """Arrests, interviews and their outcomes; bail and RUI with extensions and conclusions;
    decisions not to investigate; when the victim was told of each."""
    rng = ctx.rng
    suspects = ctx.frames["suspects"]
    resolved = _epoch(suspects, "resolved_at")
    arrested = np.flatnonzero((resolved <= end_s) & (rng.random(suspects.height) < 0.85))
    m = len(arrested)
    arrest_at = resolved[arrested]
    interview_at = arrest_at + _lognormal(rng, 6 * HOUR, 0.6, m).astype(np.int64)
    outcome_at = interview_at + _lognormal(rng, 2 * HOUR, 0.5, m).astype(np.int64)
    outcome = rng.choice(len(OUTCOMES), m, p=OUTCOME_SHARE)
    suspect_ids = suspects["suspect_id"].gather(arrested)
    crime_ids = suspects["crime_id"].gather(arrested)

    # Bail and RUI: concluded (charge or no further action) some weeks or months on.
    on_bail = np.flatnonzero(outcome <= 1)
    kind = outcome[on_bail]
    start = outcome_at[on_bail]
    lasts = np.where(kind == 0, _lognormal(rng, 45 * DAY, 0.9, len(on_bail)),
                     _lognormal(rng, 70 * DAY, 0.8, len(on_bail))).astype(np.int64)  # fmt: skip
    concluded = start + lasts
    first_end = start + PERIOD_DAYS[0] * DAY
    ext_bail, ext_at, ext_end, ext_level = [], [], [], []
    extending = kind == 0
    for k in range(len(LEVELS)):
        boundary = start + PERIOD_DAYS[k] * DAY
        extending &= concluded > boundary
        # A few are not extended in time: expired, until they are moved on some days later.
        missed = extending & (rng.random(len(on_bail)) < 0.06)
        late = boundary + _lognormal(rng, 7 * DAY, 0.6, len(on_bail)).astype(np.int64)
        concluded = np.where(missed, np.minimum(concluded, late), concluded)
        extending &= ~missed
        rows = np.flatnonzero(extending)
        ext_bail.append(rows)
        ext_at.append(boundary[rows] - rng.integers(1, 10, len(rows)) * DAY)
        ext_end.append(start[rows] + PERIOD_DAYS[k + 1] * DAY)
        ext_level.append(np.full(len(rows), k))
    e_bail, e_at = np.concatenate(ext_bail), np.concatenate(ext_at)
    e_end, e_level = np.concatenate(ext_end), np.concatenate(ext_level)
    known = e_at <= end_s
    bail_ids = _ids("B", len(on_bail))
    bail = pl.DataFrame({
        "bail_id": bail_ids,
        "suspect_id": suspect_ids.gather(on_bail),
        "crime_id": crime_ids.gather(on_bail),
        "kind": np.where(kind == 0, "bail", "rui").tolist(),
        "started_at": _ts(start, end_s),
        "ends_at": _masked_ends(first_end, kind == 0),
        "concluded_at": _ts(concluded, end_s),
    }).filter(pl.col("started_at").is_not_null())  # fmt: skip
    extensions = pl.DataFrame({
        "bail_id": bail_ids.gather(e_bail[known]),
        "authorised_at": _ts(e_at[known], end_s),
        "ends_at": pl.Series(e_end[known] * 1_000_000).cast(pl.Datetime("us")),
        "level": [LEVELS[i] for i in e_level[known]],
    }).filter(pl.col("bail_id").is_in(bail["bail_id"].implode()))  # fmt: skip

    # RUI: a supervisor reviews the crime every few weeks while it lasts.
    rui = np.flatnonzero(kind == 1)
    row, review_at = _periodic(rng, start[rui], np.minimum(concluded[rui], end_s), 20 * DAY)
    rui_reviews = pl.DataFrame({
        "crime_id": crime_ids.gather(on_bail[rui[row]]),
        "kind": "supervisor_review",
        "acted_at": _ts(review_at, end_s),
        "officer_id": pl.Series([None] * len(row), dtype=pl.String),
        "rank": "sergeant",
    })  # fmt: skip

    # Key decisions: arrest, interview, the outcome, the bail's conclusion, some variations.
    done = np.flatnonzero(concluded <= end_s)
    varied = np.flatnonzero((kind == 0) & (rng.random(len(on_bail)) < 0.05))
    varied_at = start[varied] + rng.integers(5, 30, len(varied)) * DAY
    varied, varied_at = (
        varied[varied_at < concluded[varied]],
        varied_at[varied_at < concluded[varied]],
    )
    no_suspect = np.flatnonzero(~crimes["crime_id"].is_in(suspects["crime_id"].implode()).to_numpy()
                                & (rng.random(crimes.height) < 0.25))  # fmt: skip
    recorded = _epoch(crimes, "recorded_at")
    parts = [
        (crime_ids, suspect_ids, "arrest", arrest_at),
        (crime_ids, suspect_ids, "interview", interview_at),
        (crime_ids, suspect_ids, np.array(OUTCOMES)[outcome], outcome_at),
        (crime_ids.gather(on_bail[done]), suspect_ids.gather(on_bail[done]),
         np.where(rng.random(len(done)) < 0.45, "charge", "released_no_charge"), concluded[done]),
        (crime_ids.gather(on_bail[varied]), suspect_ids.gather(on_bail[varied]),
         "bail_varied", varied_at),
        (crimes["crime_id"].gather(no_suspect),
         pl.Series([None] * len(no_suspect), dtype=pl.String),
         "not_investigated",
         recorded[no_suspect] + _lognormal(rng, 2 * DAY, 0.7, len(no_suspect)).astype(np.int64)),
    ]  # fmt: skip
    frames = []
    for crime_col, suspect_col, what, at in parts:
        n = len(at)
        frames.append(pl.DataFrame({
            "crime_id": crime_col, "suspect_id": suspect_col,
            "kind": np.broadcast_to(np.asarray(what, dtype=object), (n,)).tolist(),
            "decided_at": _ts(at, end_s),
        }))  # fmt: skip
    decisions = pl.concat(frames).filter(pl.col("decided_at").is_not_null())
    decisions = decisions.sort(["decided_at", "crime_id", "kind"])
    enhanced = decisions.join(
        crimes.select("crime_id", "victim_enhanced"),
        on="crime_id",
        how="left",
        maintain_order="left",
    )["victim_enhanced"].to_numpy()
    n = decisions.height
    decided = _epoch(decisions, "decided_at")
    delay = np.where(enhanced, _lognormal(rng, 0.5 * DAY, 0.9, n),
                     _lognormal(rng, 1.5 * DAY, 1.0, n)).astype(np.int64)  # fmt: skip
    # A late tail (days or weeks late) and a very few never told.
    draw = rng.random(n)
    late = _lognormal(rng, 9 * DAY, 0.5, n).astype(np.int64)
    delay = np.where(draw < 0.04, late, delay)
    informed = np.where(draw > 0.999, np.iinfo(np.int64).max // 4, decided + delay)
    decisions = decisions.with_columns(
        _ids("KD", n).alias("decision_id"), _ts(informed, end_s).alias("victim_informed_at")
    ).select("decision_id", "crime_id", "suspect_id", "kind", "decided_at", "victim_informed_at")
    return {
        "key_decisions": decisions,
        "bail": bail,
        "bail_extensions": extensions,
        "rui_reviews": rui_reviews,
    }


def _masked_ends(ends: np.ndarray, keep: np.ndarray) -> pl.Series:
    """A bail's first end (an RUI has none); an end after the sample's end is still known."""
    return _ts(np.where(keep, ends, np.iinfo(np.int64).max // 4), np.iinfo(np.int64).max // 8)


def generate(ctx: SampleContext) -> dict[str, pl.DataFrame]:
    end_s = int((ctx.end - datetime(1970, 1, 1)).total_seconds())
    crimes = _crime_columns(ctx, ctx.frames["crimes"], end_s)
    actions = _actions(ctx, crimes, end_s)
    custody = _custody(ctx, crimes, end_s)
    actions = pl.concat([actions, custody.pop("rui_reviews")], how="vertical_relaxed").unique(
        ["crime_id", "kind", "acted_at"], keep="first", maintain_order=True
    )
    return {"crimes": crimes, "crime_actions": actions, **custody}
