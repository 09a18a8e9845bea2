"""Sample uses of force and stop and searches, calibrated to the issue (14) and the
published Leicestershire data:

- a use of force at about 3 % of attended incidents (more at violence and disorder), by an
  officer sent to it; most forms submitted within hours, ~5 % late and ~3 % never; most
  checked within three days, a tail late and ~6 % unchecked; BWV missing on ~4 % of forms;
- about 15 stop and searches a day at scale 1 (the force publishes 400-500 a month), mostly
  in the evening, by response and neighbourhood officers in their area; grounds missing on
  ~8 % (null, empty or spaces), outcome linked on ~25 % (empty, as published, exactly when
  there was no further action), the self-defined ethnicity mix of the published 2024 files,
  and supervisor reviews a day or two later with a tail past 72 h.
"""

from __future__ import annotations

from datetime import UTC

import numpy as np
import polars as pl

from supervisor_tui.sample_families import SampleContext

TABLES = {
    "use_of_force": "used_at, uof_id",
    "stop_searches": "searched_at, search_id",
}

HOUR = 3600
TACTICS = (
    ("Handcuffing - compliant", 0.34),
    ("Handcuffing - non-compliant", 0.20),
    ("Unarmed skills", 0.22),
    ("Limb restraints", 0.06),
    ("Spit and bite guard", 0.04),
    ("Taser drawn", 0.08),
    ("Taser fired", 0.02),
    ("Incapacitant spray drawn", 0.03),
    ("Baton drawn", 0.01),
)
SOURCES = (("form", 0.62), ("incident", 0.23), ("custody", 0.15))
#: Self-defined ethnicity as published (the group before " - "), roughly the 2024 mix.
ETHNICITIES = (
    ("White - English/Welsh/Scottish/Northern Irish/British", 0.44),
    ("White - Any other White background", 0.08),
    ("Asian/Asian British - Indian", 0.10),
    ("Asian/Asian British - Pakistani", 0.03),
    ("Asian/Asian British - Any other Asian background", 0.04),
    ("Black/African/Caribbean/Black British - African", 0.06),
    ("Black/African/Caribbean/Black British - Caribbean", 0.03),
    ("Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background", 0.03),
    ("Mixed/Multiple ethnic groups - White and Black Caribbean", 0.03),
    ("Other ethnic group - Any other ethnic group", 0.04),
    ("Other ethnic group - Not stated", 0.08),
    ("", 0.04),
)
OFFICER_DEFINED = {
    "White": "White",
    "Asian/Asian British": "Asian",
    "Black/African/Caribbean/Black British": "Black",
    "Mixed/Multiple ethnic groups": "Other",
    "Other ethnic group": "Other",
}
#: (legislation, object of search, share)
GROUNDS = (
    ("Misuse of Drugs Act 1971 (section 23)", "Controlled drugs", 0.62),
    ("Police and Criminal Evidence Act 1984 (section 1)", "Offensive weapons", 0.14),
    ("Police and Criminal Evidence Act 1984 (section 1)", "Stolen goods", 0.10),
    ("Police and Criminal Evidence Act 1984 (section 1)", "Article for use in theft", 0.07),
    ("Police and Criminal Evidence Act 1984 (section 1)", "Articles for use in criminal damage",
     0.03),
    ("Firearms Act 1968 (section 47)", "Firearms", 0.02),
    ("Criminal Justice and Public Order Act 1994 (section 60)", "Offensive weapons", 0.02),
)  # fmt: skip
#: Outcomes other than no further action, and how often each is linked to the object.
OUTCOMES = (
    ("Arrest", 0.40, 0.75),
    ("Community resolution", 0.25, 0.85),
    ("Khat or Cannabis warning", 0.15, 0.95),
    ("Summons / charged by post", 0.10, 0.80),
    ("Penalty Notice for Disorder", 0.05, 0.60),
    ("Caution (simple or conditional)", 0.05, 0.80),
)
NFA = "A no further action disposal"
NFA_SHARE = 0.69
GROUNDS_TEXT = (
    "Smell of cannabis; seen passing an item in a known drug-dealing area",
    "Matched the description of a suspect given by the caller minutes earlier",
    "Seen concealing a bladed article in waistband",
    "Intelligence that the subject carries drugs for supply",
    "Running from the scene of a reported burglary carrying a holdall",
)
GENDERS = (("Male", 0.88), ("Female", 0.11), ("Other", 0.01))
AGES = (("10-17", 0.17), ("18-24", 0.36), ("25-34", 0.26), ("over 34", 0.18), ("", 0.03))
SEARCHES_PER_DAY = 15.0
#: Relative search rate by hour of the day (evening peak).
BY_HOUR = np.array(
    [5, 4, 3, 2, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 7, 8, 9, 10, 11, 12, 12, 11, 9, 7], dtype=float
)
UOF_SHARE = 0.03
VIOLENT = ("violence", "disorder", "fight", "assault", "domestic", "weapon")


def _choose(rng: np.random.Generator, table: tuple, n: int) -> np.ndarray:
    values = [row[0] for row in table]
    weights = np.array([row[-1] for row in table], dtype=float)
    return rng.choice(np.array(values, dtype=object), size=n, p=weights / weights.sum())


def _at(seconds: np.ndarray, known: np.ndarray) -> pl.Series:
    """Epoch seconds to timestamps; null where not ``known`` (not yet happened at the end)."""
    micros = pl.Series(np.where(known, seconds, 0).astype(np.int64) * 1_000_000)
    stamps = micros.cast(pl.Datetime("us"))
    return pl.select(pl.when(pl.Series(known)).then(stamps)).to_series()


def _bools(rng: np.random.Generator, n: int, true: float, null: float = 0.0) -> pl.Series:
    draw = rng.random(n)
    values = [None if d < null else bool(d < null + true) for d in draw]
    return pl.Series(values, dtype=pl.Boolean)


def _uses(ctx: SampleContext, end_s: int) -> pl.DataFrame:
    rng = ctx.rng
    sent = ctx.frames["deployments"].filter(pl.col("arrived_at").is_not_null())
    incidents = ctx.frames["incidents"].select("incident_id", "area_code", "category")
    sent = sent.join(incidents, on="incident_id", how="left")
    violent = sent["category"].fill_null("").str.to_lowercase().str.contains("|".join(VIOLENT))
    chance = np.where(violent.to_numpy(), UOF_SHARE * 3, UOF_SHARE * 0.6)
    picked = sent.filter(pl.Series(rng.random(sent.height) < chance))
    n = picked.height
    used = picked["arrived_at"].dt.epoch("s").to_numpy() + rng.integers(60, 40 * 60, n)
    keep = used < end_s
    picked, used, n = picked.filter(pl.Series(keep)), used[keep], int(keep.sum())
    lag = np.exp(np.log(3 * HOUR) + 0.7 * rng.standard_normal(n)).clip(600, 20 * HOUR)
    form_draw = rng.random(n)  # < 0.03: never submitted; < 0.08: submitted late
    lag = np.where(form_draw < 0.08, rng.uniform(25 * HOUR, 60 * HOUR, n), lag)
    submitted = used + lag.astype(np.int64)
    has_form = form_draw >= 0.03
    check_lag = rng.uniform(4 * HOUR, 60 * HOUR, n)
    check_draw = rng.random(n)
    check_lag = np.where(check_draw < 0.08, rng.uniform(73 * HOUR, 150 * HOUR, n), check_lag)
    checked = submitted + check_lag.astype(np.int64)
    has_check = has_form & (check_draw < 0.94)
    return pl.DataFrame(
        {
            "uof_id": pl.Series([f"UF{i:07d}" for i in range(1, n + 1)], dtype=pl.String),
            "officer_id": picked["officer_id"],
            "used_at": _at(used, np.ones(n, dtype=bool)),
            "incident_id": picked["incident_id"],
            "area_code": picked["area_code"],
            "source": pl.Series(_choose(rng, SOURCES, n), dtype=pl.String),
            "submitted_at": _at(submitted, has_form & (submitted <= end_s)),
            "checked_at": _at(checked, has_check & (checked <= end_s)),
            "bwv_recorded": _bools(rng, n, 0.95, null=0.01),
            "tactic": pl.Series(_choose(rng, TACTICS, n), dtype=pl.String),
            "subject_injured": _bools(rng, n, 0.08),
            "officer_injured": _bools(rng, n, 0.05),
        }
    )


def _searches(ctx: SampleContext, start_s: int, end_s: int) -> pl.DataFrame:
    rng = ctx.rng
    days = max((end_s - start_s) / 86400, 0.0)
    n = int(rng.poisson(SEARCHES_PER_DAY * ctx.scale * days)) if days else 0
    day = rng.integers(0, max(int(np.ceil(days)), 1), n)
    hour = rng.choice(24, size=n, p=BY_HOUR / BY_HOUR.sum())
    searched = start_s + day * 86400 + hour * HOUR + rng.integers(0, HOUR // 60, n) * 60
    searched = np.sort(searched[searched < end_s])
    n = searched.size
    officers = ctx.frames["officers"].filter(
        pl.col("kind").is_in(["response", "neighbourhood"]) & (pl.col("rank") == "constable")
    )
    who = officers[rng.integers(0, max(officers.height, 1), n)] if officers.height else None
    grounds_idx = rng.choice(len(GROUNDS), size=n, p=np.array([g[2] for g in GROUNDS]))
    ethnicity = _choose(rng, ETHNICITIES, n)
    group = [e.split(" - ")[0] for e in ethnicity]
    officer_defined = [
        OFFICER_DEFINED.get(g) if rng.random() < 0.95 else None for g in group
    ]  # officers sometimes leave it empty
    nfa = rng.random(n) < NFA_SHARE
    kinds = rng.choice(len(OUTCOMES), size=n, p=np.array([o[1] for o in OUTCOMES]))
    linked_draw = rng.random(n)
    outcome = [NFA if nfa[i] else OUTCOMES[k][0] for i, k in enumerate(kinds)]
    linked = [
        None if nfa[i] else bool(linked_draw[i] < OUTCOMES[k][2]) for i, k in enumerate(kinds)
    ]
    g_draw = rng.random(n)
    grounds = [
        None if d < 0.04 else ("" if d < 0.06 else ("   " if d < 0.08 else GROUNDS_TEXT[i % 5]))
        for i, d in enumerate(g_draw)
    ]
    review_lag = rng.uniform(6 * HOUR, 60 * HOUR, n)
    r_draw = rng.random(n)
    review_lag = np.where(r_draw < 0.10, rng.uniform(73 * HOUR, 140 * HOUR, n), review_lag)
    reviewed = searched + review_lag.astype(np.int64)
    reviewed_known = (r_draw < 0.96) & (reviewed <= end_s)
    types = rng.choice(
        np.array(["Person search", "Person and Vehicle search", "Vehicle search"], dtype=object),
        size=n,
        p=[0.8, 0.17, 0.03],
    )
    return pl.DataFrame(
        {
            "search_id": pl.Series([f"SS{i:07d}" for i in range(1, n + 1)], dtype=pl.String),
            "searched_at": _at(searched, np.ones(n, dtype=bool)),
            "officer_id": who["officer_id"] if who is not None else pl.Series([None] * n),
            "area_code": who["area_code"] if who is not None else pl.Series([None] * n),
            "type": pl.Series(types, dtype=pl.String),
            "legislation": pl.Series([GROUNDS[i][0] for i in grounds_idx], dtype=pl.String),
            "object_of_search": pl.Series([GROUNDS[i][1] for i in grounds_idx], dtype=pl.String),
            "grounds": pl.Series(grounds, dtype=pl.String),
            "self_defined_ethnicity": pl.Series(ethnicity, dtype=pl.String),
            "officer_defined_ethnicity": pl.Series(officer_defined, dtype=pl.String),
            "gender": pl.Series(_choose(rng, GENDERS, n), dtype=pl.String),
            "age_range": pl.Series(_choose(rng, AGES, n), dtype=pl.String),
            "outcome": pl.Series(outcome, dtype=pl.String),
            "outcome_linked": pl.Series(linked, dtype=pl.Boolean),
            "removal_of_clothing": _bools(rng, n, 0.03),
            "bwv_recorded": _bools(rng, n, 0.93, null=0.02),
            "reviewed_at": _at(reviewed, reviewed_known),
        }
    )  # fmt: skip


def generate(ctx: SampleContext) -> dict[str, pl.DataFrame]:
    start_s = int(ctx.start.replace(tzinfo=UTC).timestamp())
    end_s = int(ctx.end.replace(tzinfo=UTC).timestamp())
    return {"use_of_force": _uses(ctx, end_s), "stop_searches": _searches(ctx, start_s, end_s)}
