"""Actions: one queue of every overdue and due-soon item of every clock in scope, from the
deadline engine (:mod:`supervisor_tui.deadlines`); docs/metrics.md, "The action queue"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import polars as pl

from supervisor_tui import deadlines, fmt, status
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import (
    Detail,
    Family,
    Headline,
    OverdueList,
    Section,
    Setting,
    positive,
)
from supervisor_tui.redact import redact_frame
from supervisor_tui.scope import Scope
from supervisor_tui.timeutil import iso_z

SETTINGS = (
    Setting("actions", "briefing_ahead_hours", 8.0, "hours > 0", positive,
            help="the briefing's Actions section lists what falls due this far ahead "
                 "(the next shift)"),
)  # fmt: skip

#: The JSON report's fields of each queue item, in order.
ITEM_FIELDS: tuple[str, ...] = (
    "kind",
    "item_id",
    "area_code",
    "team_id",
    "officer_id",
    "started_at",
    "due_at",
    "state",
)
NAMES = ("name",)


@dataclass(frozen=True)
class ActionFigures:
    """The queue (overdue, then due soon; with the owners' collar numbers and names), the
    horizon of each kind and every kind's title, in family order."""

    queue: pl.DataFrame
    horizon: dict[str, timedelta]
    titles: dict[str, str]
    short: dict[str, str]

    def count(self, state: str, kind: str | None = None) -> int:
        rows = self.queue.filter(pl.col("state") == state)
        if kind is not None:
            rows = rows.filter(pl.col("kind") == kind)
        return rows.height


def with_owners(session: Session, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with each row's owner (``collar_number``, ``name``) from the officers."""
    owners = session.query("action_owners").select(
        pl.col("officer_id").cast(pl.String),
        pl.col("collar_number").cast(pl.String),
        pl.col("name").cast(pl.String),
    )
    return frame.join(owners, on="officer_id", how="left", maintain_order="left")


def fetch(session: Session, scope: Scope) -> ActionFigures:
    return ActionFigures(
        queue=with_owners(session, deadlines.queue(session, scope)),
        horizon=deadlines.horizons(scope),
        titles={c.kind: c.title for c in deadlines.clocks()},
        short={c.kind: c.short or c.title for c in deadlines.clocks()},
    )


def items_json(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Queue rows as the JSON report gives them (times ISO-8601 UTC)."""
    out = []
    for row in frame.select(ITEM_FIELDS).iter_rows(named=True):
        row["started_at"] = iso_z(row["started_at"]) if row["started_at"] else None
        row["due_at"] = iso_z(row["due_at"])
        out.append(row)
    return out


def to_json(data: ActionFigures, scope: Scope) -> dict[str, Any]:
    return {
        "horizon": {kind: h.total_seconds() for kind, h in data.horizon.items()},
        "items": items_json(data.queue),
    }


def due_text(state: str, due_in_s: float) -> str:
    """``overdue 2 h 10 min`` or ``due in 6 min``."""
    if state == "overdue":
        return f"overdue {fmt.duration_s(max(-due_in_s, 0.0))}"
    return f"due in {fmt.duration_s(due_in_s)}"


def headlines(data: ActionFigures, t: Thresholds) -> list[Headline]:
    overdue, soon = data.count("overdue"), data.count("due_soon")
    return [
        Headline("actions.overdue", "Actions overdue", fmt.count(overdue), "0",
                 status.zero(overdue)),
        Headline("actions.due_soon", "Actions due soon", fmt.count(soon), "",
                 status.NEAR if soon else status.OK),
    ]  # fmt: skip


def details(data: ActionFigures, t: Thresholds) -> list[Detail]:
    rows = []
    for kind, title in data.titles.items():
        overdue, soon = data.count("overdue", kind), data.count("due_soon", kind)
        if overdue or soon:
            rows.append(
                Detail(title, f"{fmt.count(overdue)} overdue · {fmt.count(soon)} due soon",
                       alert=bool(overdue))
            )  # fmt: skip
    return rows


def sections(
    session: Session, scope: Scope, data: ActionFigures, limit: int, tz: str, redact: bool
) -> list[Section]:
    """Overdue now, then what falls due before the end of the next shift."""
    ahead = timedelta(hours=scope.thresholds.briefing_ahead_hours)
    every = deadlines.items(session, scope)
    overdue = pl.col("state") == "overdue"
    undone = pl.col("state").is_in(["due_soon", "not_due"])
    coming = every.filter(overdue | (undone & (pl.col("due_in_s") <= ahead.total_seconds())))
    coming = coming.with_columns(
        pl.when(overdue).then(pl.lit("overdue")).otherwise(pl.lit("due_soon")).alias("state")
    )
    coming = with_owners(session, deadlines.order(coming))
    if redact:
        coming = redact_frame(coming, NAMES)
    sections = []
    for state, title, empty in (
        ("overdue", "Actions overdue, most overdue first", "None: nothing is overdue."),
        (
            "due_soon",
            f"Actions due in the next {fmt.duration_s(ahead.total_seconds())}, soonest first",
            "None: nothing else falls due before then.",
        ),
    ):
        rows = coming.filter(pl.col("state") == state)
        shown = rows.head(limit)
        sections.append(
            Section(
                f"{title} ({fmt.showing(shown.height, rows.height)})",
                [
                    ("Due", "l"),
                    ("What", "l"),
                    ("Item", "l"),
                    ("Owner", "l*"),
                    ("Why", "l*"),
                ],
                [
                    [
                        due_text(state, r["due_in_s"]),
                        data.short.get(r["kind"], r["kind"]),
                        str(r["item_id"]),
                        fmt.officer(r) if r["officer_id"] else "none sent",
                        r["label"] or "",
                    ]
                    for r in shown.iter_rows(named=True)
                ],
                empty,
            )
        )
    return sections


FAMILIES = (
    Family(
        id="actions",
        title="Actions",
        order=5,
        summary="every overdue and due-soon item of every clock, most urgent first",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("officers",),
        json_path=("actions",),
        to_json=to_json,
        names=NAMES,
    ),
)


def overdue_items(session: Session, scope: Scope, kinds: set[str]) -> pl.DataFrame:
    """The overdue items of ``kinds`` in scope, most overdue first, with their owners."""
    now = deadlines.items(session, scope, kinds)
    return with_owners(session, deadlines.order(now.filter(pl.col("state") == "overdue")))


def overdue_section(
    session: Session,
    scope: Scope,
    kinds: set[str],
    spec: OverdueList,
    *,
    limit: int,
    tz: str,
    redact: bool,
) -> Section:
    """One briefing list of the overdue items of ``kinds``: by how much each is overdue."""
    overdue = overdue_items(session, scope, kinds)
    shown = overdue.head(limit)
    if redact:
        shown = redact_frame(shown, NAMES)
    short = {c.kind: c.short or c.title for c in deadlines.clocks()}
    columns = [("What", "l")] if spec.show_kind else []
    columns += [(spec.item, "l"), ("Area", "l"), (spec.owner, "l*"), (spec.when[0], "l"),
                ("Overdue by", "r")]  # fmt: skip
    rows = []
    for r in shown.iter_rows(named=True):
        cells = [short.get(r["kind"], r["kind"])] if spec.show_kind else []
        cells += [
            str(r["item_id"]),
            r["area_code"] or "",
            fmt.officer(r) if r["officer_id"] else "none",
            fmt.local(r[spec.when[1]], tz),
            fmt.duration_s(max(-r["due_in_s"], 0.0)),
        ]
        rows.append(cells)
    title = f"{spec.title} ({fmt.showing(shown.height, overdue.height)})"
    return Section(title, columns, rows, spec.empty)
