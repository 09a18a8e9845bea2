"""Sample Clare's Law applications and neighbourhood abstractions, calibrated to the public
inspection findings behind issue 15:

- a few dozen applications a month (``DVDS_PER_MONTH``), about 76 % of disclosures made
  within 28 days, and a tail still open past 28 days;
- neighbourhood officers abstracted for about 15–25 % of their rostered hours, mostly
  unplanned (response cover, constant watch), the rest planned with notice (events,
  training, court).

Both reach back as far as the duties do (the investigation look-back), so every window the
dashboard offers has data. Nothing is later than the sample's end: a time after it is not
known yet (null), an abstraction in progress at the end is cut there. ``teams.kind`` is set
from the team id's suffix (``-NBH`` neighbourhood, ``-R1`` response, ``-INV``
investigation).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from supervisor_tui.sample_families import SampleContext

TABLES: dict[str, str] = {
    "dvds_applications": "received_at, application_id",
    "abstractions": "starts_at, officer_id",
}

#: Applications received per month at scale 1 (force-wide).
DVDS_PER_MONTH = 36.0
#: Days from receipt to conclusion: lognormal with this median and sigma
#: (P(<= 28 d) = Φ(ln(28/20.5)/0.55) ≈ 0.72; disclosures seen by the end lean fast, ≈ 0.76).
CONCLUDE_MEDIAN_DAYS = 20.5
CONCLUDE_SIGMA = 0.55
#: Share of concluded applications ending in a disclosure.
DISCLOSED_SHARE = 0.7
RIGHT_TO_ASK_SHARE = 0.6
#: Hours from receipt to initial checks: lognormal (about 9 in 10 within 24 h).
CHECKS_MEDIAN_HOURS = 8.0
CHECKS_SIGMA = 0.9

#: Chance a neighbourhood officer's duty has an abstraction, and the share of the duty's
#: remaining time it takes (uniform): 0.35 × 0.55 ≈ 19 % of rostered hours.
ABSTRACTED_DUTY_SHARE = 0.35
ABSTRACTED_LENGTH = (0.3, 0.8)
PLANNED_SHARE = 0.3
UNPLANNED_REASONS = {"response cover": 0.7, "constant watch": 0.3}
PLANNED_REASONS = {"event": 0.4, "training": 0.35, "court": 0.25}

_KIND_BY_SUFFIX = (
    (r"-NBH\d*$", "neighbourhood"),
    (r"-R\d+$", "response"),
    (r"-INV\d*$", "investigation"),
)


def team_kinds(teams: pl.DataFrame) -> pl.DataFrame:
    """``teams`` with ``kind`` from the id's suffix (``other`` when none matches)."""
    kind = pl.lit("other")
    for pattern, name in reversed(_KIND_BY_SUFFIX):
        kind = pl.when(pl.col("team_id").str.contains(pattern)).then(pl.lit(name)).otherwise(kind)
    return teams.with_columns(kind.alias("kind"))


def _first(ctx: SampleContext) -> np.datetime64:
    duties = ctx.frames.get("duties")
    first = ctx.start if duties is None or not duties.height else duties["starts_at"].min()
    return np.datetime64(first, "s")


def _seconds(values: np.ndarray) -> pl.Series:
    return pl.Series(values.astype("datetime64[us]"))


def applications(ctx: SampleContext) -> pl.DataFrame:
    rng = ctx.rng
    end = np.datetime64(ctx.end, "s")
    first = _first(ctx)
    span_s = int((end - first) / np.timedelta64(1, "s"))
    n = int(rng.poisson(DVDS_PER_MONTH * ctx.scale * span_s / (30 * 86400)))
    received = first + np.sort(rng.integers(0, span_s, n)).astype("timedelta64[s]")
    areas = ctx.frames["areas"]
    weight = areas["demand_weight"].to_numpy()
    area = areas["area_code"].to_numpy()[rng.choice(areas.height, n, p=weight / weight.sum())]
    officers = ctx.frames["officers"]
    pool = officers.filter(
        pl.col("kind").is_in(["investigation", "neighbourhood"]) & (pl.col("rank") == "constable")
    )
    officer = []
    for code in area:
        ids = pool.filter(pl.col("area_code") == code)["officer_id"]
        officer.append(ids[int(rng.integers(0, ids.len()))] if ids.len() else None)
    checks_h = rng.lognormal(np.log(CHECKS_MEDIAN_HOURS), CHECKS_SIGMA, n)
    checks = received + (checks_h * 3600).astype("timedelta64[s]")
    conclude_d = rng.lognormal(np.log(CONCLUDE_MEDIAN_DAYS), CONCLUDE_SIGMA, n)
    closed = received + (conclude_d * 86400).astype("timedelta64[s]")
    closed = np.maximum(closed, checks)
    disclosed = rng.random(n) < DISCLOSED_SHARE
    route = np.where(rng.random(n) < RIGHT_TO_ASK_SHARE, "right_to_ask", "right_to_know")
    known_checks = checks <= end
    known_close = closed <= end
    return pl.DataFrame(
        {
            "application_id": [f"DV{i:05d}" for i in range(1, n + 1)],
            "route": route,
            "received_at": _seconds(received),
            "area_code": area,
            "officer_id": pl.Series(officer, dtype=pl.String),
            "initial_checks_at": _seconds(checks),
            "disclosed_at": _seconds(closed),
            "closed_at": _seconds(closed),
        },
        schema_overrides={"area_code": pl.String, "route": pl.String},
    ).with_columns(
        pl.when(pl.Series(known_checks)).then(pl.col("initial_checks_at")),
        pl.when(pl.Series(known_close & disclosed)).then(pl.col("disclosed_at")),
        pl.when(pl.Series(known_close)).then(pl.col("closed_at")),
    )


def abstractions(ctx: SampleContext) -> pl.DataFrame:
    """At most one abstraction per neighbourhood officer's duty (the natural key is the
    officer and the start), within the duty, cut at the sample's end."""
    rng = ctx.rng
    teams = team_kinds(ctx.frames["teams"])
    nbh = teams.filter(pl.col("kind") == "neighbourhood")["team_id"]
    officers = ctx.frames["officers"].filter(pl.col("team_id").is_in(nbh.implode()))
    duties = (
        ctx.frames["duties"]
        .filter(pl.col("officer_id").is_in(officers["officer_id"].implode()))
        .select("officer_id", "starts_at", "ends_at")
        .sort("starts_at", "officer_id")
    )
    n = duties.height
    picked = rng.random(n) < ABSTRACTED_DUTY_SHARE
    starts = duties["starts_at"].to_numpy().astype("datetime64[s]")
    ends = duties["ends_at"].to_numpy().astype("datetime64[s]")
    length = (ends - starts).astype(np.int64)
    share = rng.uniform(*ABSTRACTED_LENGTH, n)
    taken = np.maximum((length * share).astype(np.int64) // 900 * 900, 900)
    offset = (rng.random(n) * np.maximum(length - taken, 0)).astype(np.int64) // 900 * 900
    a_start = starts + offset.astype("timedelta64[s]")
    a_end = np.minimum(a_start + taken.astype("timedelta64[s]"), ends)
    planned = rng.random(n) < PLANNED_SHARE
    unplanned_reason = list(UNPLANNED_REASONS)
    planned_reason = list(PLANNED_REASONS)
    reason = np.where(
        planned,
        np.array(planned_reason)[
            rng.choice(len(planned_reason), n, p=list(PLANNED_REASONS.values()))
        ],
        np.array(unplanned_reason)[
            rng.choice(len(unplanned_reason), n, p=list(UNPLANNED_REASONS.values()))
        ],
    )
    # planned: recorded 2 to 21 days ahead; unplanned: from 6 h before to 1 h after it began
    ahead_s = np.where(
        planned,
        rng.uniform(2 * 86400, 21 * 86400, n),
        rng.uniform(-3600, 6 * 3600, n),
    ).astype(np.int64)
    recorded = a_start - ahead_s.astype("timedelta64[s]")
    end = np.datetime64(ctx.end, "s")
    keep = picked & (a_start < end) & (recorded <= end)
    a_end = np.minimum(a_end, end)
    keep &= a_end > a_start
    frame = pl.DataFrame(
        {
            "officer_id": duties["officer_id"].filter(pl.Series(keep)),
            "starts_at": _seconds(a_start[keep]),
            "ends_at": _seconds(a_end[keep]),
            "reason": pl.Series(reason[keep], dtype=pl.String),
            "recorded_at": _seconds(recorded[keep]),
        }
    )
    return frame.unique(["officer_id", "starts_at"], keep="first", maintain_order=True)


def generate(ctx: SampleContext) -> dict[str, pl.DataFrame]:
    return {
        "teams": team_kinds(ctx.frames["teams"]),
        "dvds_applications": applications(ctx),
        "abstractions": abstractions(ctx),
    }
