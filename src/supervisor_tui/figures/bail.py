"""Bail: pre-charge bail and release under investigation (RUI) active at T, bail past or near
its current end (with the authority the next extension needs), RUI overdue a supervisor's
review and high-harm RUI (``queries/bail_*.sql``, ``queries/clock_bail.sql``).
Definitions: docs/figures/investigations.md, "Bail"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from supervisor_tui import fmt, status
from supervisor_tui.config import Thresholds
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import (
    Clock,
    Detail,
    Family,
    Headline,
    Section,
    Setting,
    first_row,
    positive,
)
from supervisor_tui.redact import redact_frame
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("bail", "expiry_horizon_days", 14, "whole days > 0", positive,
            help="bail ending within this many days is due soon (list it with the authority "
                 "its extension needs); also the action queue's due-soon horizon for bail"),
    Setting("bail", "rui_review_days", 28, "whole days > 0", positive,
            help="a release under investigation needs a supervisor's review this often"),
    Setting("due_soon", "rui_review_days", 7.0, "days > 0", positive,
            attr="rui_review_due_soon_days",
            help="an RUI this close to its next supervisor's review is due soon"),
)  # fmt: skip

CLOCKS = (
    # The bail_expiry horizon is [bail] expiry_horizon_days itself, so the panel's "due soon"
    # and the action queue's are one figure (docs/figures/investigations.md).
    Clock("bail_expiry", "Bail expiry", "clock_bail", "expiry_horizon_days",
          timedelta(days=1), "bail", short="Bail expiry"),
    Clock("rui_review", "RUI review", "clock_bail", "rui_review_due_soon_days",
          timedelta(days=1), "bail", short="RUI review"),
)  # fmt: skip

FIGURES: tuple[str, ...] = (
    "bail_active",
    "bail_expired",
    "bail_due_soon",
    "rui_active",
    "rui_review_overdue",
    "rui_high_harm",
)
NO_BAIL = "no bail or RUI in the database"
NAMES = ("name",)


def fetch(session: Session, scope: Scope) -> dict[str, Any]:
    """Active counts from the summary; expired, due soon and overdue reviews from the
    deadline engine (bail_expiry overdue = expired, due soon = due soon)."""
    from supervisor_tui import deadlines

    row = first_row(session.query("bail_summary", scope.params()))
    now = deadlines.items(session, scope, {c.kind for c in CLOCKS})
    expired, due_soon = deadlines.counts(now, "bail_expiry")
    review, review_soon = deadlines.counts(now, "rui_review")
    return {
        "bail_active": int(row.get("bail_active") or 0),
        "bail_expired": expired,
        "bail_due_soon": due_soon,
        "rui_active": int(row.get("rui_active") or 0),
        "rui_review_overdue": review,
        "rui_high_harm": int(row.get("rui_high_harm") or 0),
        "rui_review_due_soon": review_soon,
    }


def to_json(data: dict[str, Any], scope: Scope) -> dict[str, Any]:
    return {name: data[name] for name in FIGURES}


def headlines(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    return [
        Headline("bail.bail_active", "Pre-charge bail active", fmt.count(data["bail_active"]),
                 "", None),
        Headline("bail.bail_expired", "Bail past its end", fmt.count(data["bail_expired"]),
                 "0", status.zero(data["bail_expired"])),
        Headline("bail.bail_due_soon", f"Bail ending in {t.expiry_horizon_days} d",
                 fmt.count(data["bail_due_soon"]), "", None),
        Headline("bail.rui_active", "RUI active", fmt.count(data["rui_active"]), "", None),
        Headline("bail.rui_review_overdue", f"RUI not reviewed in {t.rui_review_days} d",
                 fmt.count(data["rui_review_overdue"]), "0",
                 status.zero(data["rui_review_overdue"])),
        Headline("bail.rui_high_harm", "High-harm RUI (consider bail)",
                 fmt.count(data["rui_high_harm"]), "", None),
    ]  # fmt: skip


def details(data: dict[str, Any], t: Thresholds) -> list[Detail]:
    return [Detail("RUI review due soon", fmt.count(data["rui_review_due_soon"]))]


#: Worst first: expired, then RUI overdue review, then bail due soon, then high-harm RUI.
_RANK = {"expired": 0, "rui overdue": 1, "due soon": 2, "high harm": 3}


def attention(session: Session, scope: Scope) -> pl.DataFrame:
    """Active bail and RUI needing attention at T, worst first, each with why (``state``):
    expired, rui overdue (review), due soon (with the next authority), high harm (RUI)."""
    from supervisor_tui import deadlines

    active = session.query("bail_active", scope.params())
    now = deadlines.items(session, scope, {c.kind for c in CLOCKS}).select(
        pl.col("item_id").alias("bail_id"), pl.col("state").alias("clock_state"), "due_in_s"
    )
    frame = active.join(now, on="bail_id", how="left")
    why = (
        pl.when((pl.col("kind") == "bail") & (pl.col("clock_state") == "overdue"))
        .then(pl.lit("expired"))
        .when((pl.col("kind") == "rui") & (pl.col("clock_state") == "overdue"))
        .then(pl.lit("rui overdue"))
        .when((pl.col("kind") == "bail") & (pl.col("clock_state") == "due_soon"))
        .then(pl.lit("due soon"))
        .when((pl.col("kind") == "rui") & pl.col("high_harm"))
        .then(pl.lit("high harm"))
    )
    frame = frame.with_columns(why.alias("state")).filter(pl.col("state").is_not_null())
    order = pl.col("state").replace_strict(_RANK, return_dtype=pl.Int64)
    return frame.sort([order, "due_in_s", "bail_id"], nulls_last=True)


def sections(
    session: Session, scope: Scope, data: Any, limit: int, tz: str, redact: bool
) -> list[Section]:
    rows = attention(session, scope)
    shown = rows.head(limit)
    if redact:
        shown = redact_frame(shown, NAMES)
    return [
        Section(
            f"Bail and RUI needing attention, worst first "
            f"({fmt.showing(shown.height, rows.height)})",
            [("Bail", "l"), ("Kind", "l"), ("Suspect", "l"), ("Name", "l*"), ("Area", "l"),
             ("Why", "l"), ("Ends", "l"), ("Next authority", "l")],
            [
                [
                    str(r["bail_id"]),
                    "RUI" if r["kind"] == "rui" else "bail",
                    str(r["suspect_id"]),
                    r["name"] or "",
                    r["area_code"] or "",
                    r["state"],
                    fmt.local(r["current_end"], tz, fmt.DATE) or "–",
                    r["next_authority"] if r["kind"] == "bail" else "–",
                ]
                for r in shown.iter_rows(named=True)
            ],
            "None: no bail past or near its end, no RUI overdue review or of high harm.",
        )
    ]  # fmt: skip


def gap(coverage: Coverage, as_of: Any) -> str | None:
    return "no crimes in the database" if not coverage.crimes else coverage.gap(as_of)


FAMILIES = (
    Family(
        id="bail",
        title="Bail and RUI",
        order=75,
        summary="pre-charge bail past or near its end, RUI overdue a review, high-harm RUI",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("bail", "bail_extensions", "crimes", "officers", "suspects", "crime_actions"),
        json_path=("bail",),
        to_json=to_json,
        list_query="bail_active",
        list_key="bail_id",
        list_columns=(
            ("bail_id", "Bail", "text"),
            ("kind", "Kind", "text"),
            ("suspect_id", "Suspect", "text"),
            ("crime_id", "Crime", "text"),
            ("current_end", "Ends", "time"),
            ("next_authority", "Next authority", "text"),
        ),
        names=NAMES,
        clocks=CLOCKS,
        schema=2,
        empty=lambda data: not data["bail_active"] and not data["rui_active"],
        gap=gap,
    ),
)
