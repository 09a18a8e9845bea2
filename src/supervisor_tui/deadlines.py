"""The deadline engine: every clock of every figure family, classified at T by one rule.

A clock (``figures.spec.Clock``) is a query returning one row per item —
``kind, item_id, area_code, team_id, officer_id, started_at, due_at, done_at, label`` — for
the items whose clock has started by T and that are not done by T (a query may return done
items too, and columns of its own after these, such as an incident's victim update). Each
row then gets one state at T:

- ``overdue``: not done by T and due_at ≤ T; for a strict clock (attendance) due_at < T;
- ``due_soon``: not done by T, not overdue, due_at ≤ T + the kind's horizon;
- ``done_on_time`` / ``done_late``: done_at ≤ T, at or before / after due_at;
- ``not_due``: anything else.

The action queue is the overdue items (most overdue first) then the due-soon ones (soonest
first), ties by kind then item_id. See docs/metrics.md, "Deadlines and the action queue".
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from supervisor_tui import figures
from supervisor_tui.db import Session
from supervisor_tui.figures.report import missing
from supervisor_tui.figures.spec import Clock
from supervisor_tui.scope import Scope

STATES: tuple[str, ...] = ("overdue", "due_soon", "done_on_time", "done_late", "not_due")
#: Every clock row's columns and their types, in order.
SCHEMA = {
    "kind": pl.String,
    "item_id": pl.String,
    "area_code": pl.String,
    "team_id": pl.String,
    "officer_id": pl.String,
    "started_at": pl.Datetime("us"),
    "due_at": pl.Datetime("us"),
    "done_at": pl.Datetime("us"),
    "label": pl.String,
}
COLUMNS: tuple[str, ...] = tuple(SCHEMA)


def clocks(kinds: set[str] | None = None) -> list[Clock]:
    """Every registered clock (of ``kinds``, or all), in family order."""
    return [c for c in figures.clocks() if kinds is None or c.kind in kinds]


def horizons(scope: Scope) -> dict[str, timedelta]:
    """How far ahead "due soon" looks, per kind, under the scope's thresholds."""
    return {c.kind: c.horizon_of(scope.thresholds) for c in clocks()}


def _sources(session: Session, wanted: list[Clock]) -> list[tuple[str, Clock | None, set[str]]]:
    """The sources the wanted clocks read — (query, None, kinds) for a query shared by
    several kinds, (kind, clock, {kind}) for a computed clock — skipping families whose
    tables the file does not hold."""
    available = {
        c.kind for f in figures.families() if missing(f, session) is None for c in f.clocks
    }
    by_query: dict[str, set[str]] = {}
    computed: dict[str, Clock] = {}
    for clock in wanted:
        if clock.kind not in available:
            continue
        if clock.compute is not None:
            computed[clock.kind] = clock
        else:
            by_query.setdefault(clock.query, set()).add(clock.kind)
    out: list[tuple[str, Clock | None, set[str]]] = [
        (query, None, kinds) for query, kinds in by_query.items()
    ]
    out += [(kind, clock, {kind}) for kind, clock in computed.items()]
    return out


def _classified(session: Session, scope: Scope, source: str, clock: Clock | None) -> pl.DataFrame:
    """Every row of one source in scope, classified at the scope's as-of time. One read
    runs and classifies each source once, however many families ask (the panels, the
    queue): the data cannot change while the read is open."""
    memo = session.memo
    key = ("classified", source, scope)
    if key not in memo:
        if clock is not None:
            frame = clock.compute(session, scope)  # type: ignore[misc]
        else:
            frame = session.query(source, scope.params())
        extra = [c for c in frame.columns if c not in SCHEMA]
        frame = frame.select(*(pl.col(c).cast(SCHEMA[c]) for c in COLUMNS), *extra)
        memo[key] = classify(_in_scope(frame, scope), scope.as_of, scope)
    return memo[key]


def _in_scope(frame: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    if scope.area is not None:
        frame = frame.filter(pl.col("area_code") == scope.area)
    if scope.team is not None:
        frame = frame.filter(pl.col("team_id") == scope.team)
    return frame


def classify(frame: pl.DataFrame, as_of: datetime, scope: Scope) -> pl.DataFrame:
    """``frame`` (clock rows) with ``state``, ``horizon_s`` and ``due_in_s`` at ``as_of``."""
    wanted = clocks()
    strict = [c.kind for c in wanted if c.strict]
    horizon = {c.kind: c.horizon_of(scope.thresholds).total_seconds() for c in wanted}
    t = pl.lit(as_of, dtype=pl.Datetime("us"))
    done = pl.col("done_at").is_not_null() & (pl.col("done_at") <= t)
    past_due = (
        pl.when(pl.col("kind").is_in(strict))
        .then(pl.col("due_at") < t)
        .otherwise(pl.col("due_at") <= t)
    )
    horizon_s = pl.col("kind").replace_strict(horizon, default=0.0, return_dtype=pl.Float64)
    due_in_s = (pl.col("due_at") - t).dt.total_microseconds() / 1e6
    return frame.with_columns(
        horizon_s.alias("horizon_s"),
        due_in_s.alias("due_in_s"),
    ).with_columns(
        pl.when(done & (pl.col("done_at") <= pl.col("due_at")))
        .then(pl.lit("done_on_time"))
        .when(done)
        .then(pl.lit("done_late"))
        .when(past_due)
        .then(pl.lit("overdue"))
        .when(pl.col("due_in_s") <= pl.col("horizon_s"))
        .then(pl.lit("due_soon"))
        .otherwise(pl.lit("not_due"))
        .alias("state")
    )


def items(session: Session, scope: Scope, kinds: set[str] | None = None) -> pl.DataFrame:
    """Every clock row in scope (area, team) with its state at the scope's as-of time."""
    frames = []
    for source, clock, source_kinds in _sources(session, clocks(kinds)):
        frame = _classified(session, scope, source, clock)
        if clock is None and source_kinds != {c.kind for c in clocks() if c.query == source}:
            frame = frame.filter(pl.col("kind").is_in(sorted(source_kinds)))
        frames.append(frame)
    if not frames:
        return classify(pl.DataFrame(schema=SCHEMA), scope.as_of, scope)
    if len(frames) == 1:
        return frames[0]
    return pl.concat(frames, how="diagonal_relaxed")


def order(frame: pl.DataFrame) -> pl.DataFrame:
    """Overdue first by due_at, then due soon by due_at; ties by kind then item_id."""
    return (
        frame.with_columns((pl.col("state") != "overdue").alias("_later"))
        .sort(["_later", "due_at", "kind", "item_id"])
        .drop("_later")
    )


def queue(session: Session, scope: Scope, kinds: set[str] | None = None) -> pl.DataFrame:
    """The action queue: every overdue and due-soon item in scope, in queue order."""
    frame = items(session, scope, kinds)
    return order(frame.filter(pl.col("state").is_in(["overdue", "due_soon"])))


def counts(frame: pl.DataFrame, kind: str) -> tuple[int, int]:
    """(overdue, due soon) of ``kind`` in a classified frame (one pass over it)."""
    of_kind = pl.col("kind") == kind
    overdue, due_soon = frame.select(
        (of_kind & (pl.col("state") == "overdue")).sum().alias("overdue"),
        (of_kind & (pl.col("state") == "due_soon")).sum().alias("due_soon"),
    ).row(0)
    return int(overdue), int(due_soon)
