"""Suspects: outstanding suspects, those past 90 days without an inspector's review and
high-risk suspects not reviewed in 24 hours (``queries/suspects_summary.sql``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from supervisor_tui import fmt, metrics, status
from supervisor_tui.config import RANKS, Thresholds, ranks_from
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import Session
from supervisor_tui.figures.calls import figures_of
from supervisor_tui.figures.spec import Clock, Detail, Family, Headline, Section, Setting, positive
from supervisor_tui.redact import redact_frame
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("suspects", "review_after_days", 90, "whole days > 0", positive,
            help="a suspect outstanding this long needs a review by the minimum rank"),
    Setting("suspects", "review_min_rank", "inspector", "one of: " + ", ".join(RANKS),
            lambda v: v in RANKS, help="the lowest rank whose review counts",
            params=lambda v: {"review_ranks": ranks_from(v)}),
    Setting("suspects", "high_risk_review_hours", 24, "whole hours > 0", positive,
            help="a high-risk suspect needs a review at least this often"),
    Setting("due_soon", "suspect_90d_review_days", 7.0, "days > 0", positive,
            help="a suspect this close to the review mark is due soon"),
    Setting("due_soon", "suspect_high_risk_review_hours", 4.0, "hours > 0", positive,
            help="a high-risk suspect this close to its next review is due soon"),
)  # fmt: skip

CLOCKS = (
    Clock("suspect_90d_review", "Suspect 90-day review", "clock_suspect_reviews",
          "suspect_90d_review_days", timedelta(days=1), "suspect", short="90-day review"),
    Clock("suspect_high_risk_review", "High-risk suspect review", "clock_suspect_reviews",
          "suspect_high_risk_review_hours", timedelta(hours=1), "suspect",
          short="High-risk review"),
)  # fmt: skip

FIGURES: tuple[str, ...] = ("outstanding", "over_90_days_unreviewed", "high_risk_not_reviewed_24h")
NO_SUSPECTS = "no suspects in the database"
NAMES = ("name",)
_RISK_ORDER = {"high": 0, "medium": 1, "standard": 2}


def fetch(session: Session, scope: Scope) -> dict[str, Any]:
    """Outstanding counts from the summary; the overdue and due-soon reviews from the
    deadline engine's review clocks."""
    from supervisor_tui import deadlines

    summary = metrics.suspects_summary(session, scope)
    row = summary.row(0, named=True) if summary.height else {}
    now = deadlines.items(session, scope, {c.kind for c in CLOCKS})
    review, review_soon = deadlines.counts(now, "suspect_90d_review")
    high, high_soon = deadlines.counts(now, "suspect_high_risk_review")
    return {
        **figures_of(row, FIGURES),
        "over_90_days_unreviewed": review,
        "high_risk_not_reviewed_24h": high,
        "review_90d_due_soon": review_soon,
        "high_risk_review_due_soon": high_soon,
        "high_risk": int(row.get("high_risk") or 0),
    }


def to_json(data: dict[str, Any], scope: Scope) -> dict[str, Any]:
    return {name: data[name] for name in FIGURES}


def headlines(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    return [
        Headline("suspects.outstanding", "Suspects outstanding",
                 fmt.count(data["outstanding"]), "", None),
        Headline("suspects.over_90_days_unreviewed",
                 f"Suspects > {t.review_after_days} d, no {t.review_min_rank} review",
                 fmt.count(data["over_90_days_unreviewed"]), "0",
                 status.zero(data["over_90_days_unreviewed"])),
        Headline("suspects.high_risk_not_reviewed_24h",
                 f"High-risk suspects not reviewed {t.high_risk_review_hours} h",
                 fmt.count(data["high_risk_not_reviewed_24h"]), "0",
                 status.zero(data["high_risk_not_reviewed_24h"])),
    ]  # fmt: skip


def details(data: dict[str, Any], t: Thresholds) -> list[Detail]:
    return [Detail("high risk outstanding", fmt.count(data["high_risk"]))]


def _overdue_by(session: Session, scope: Scope) -> dict[str, str]:
    """Each overdue suspect's reviews and by how much, with the review's period:
    ``3 h 10 min (24 h), 12 d (90 d)``."""
    from supervisor_tui import deadlines

    overdue = deadlines.items(session, scope, {c.kind for c in CLOCKS})
    overdue = overdue.filter(pl.col("state") == "overdue").sort("kind", descending=True)
    t = scope.thresholds
    period = {
        "suspect_high_risk_review": f"{t.high_risk_review_hours} h",
        "suspect_90d_review": f"{t.review_after_days} d",
    }
    out: dict[str, list[str]] = {}
    for row in overdue.iter_rows(named=True):
        late = fmt.duration_s(max(-row["due_in_s"], 0.0))
        out.setdefault(row["item_id"], []).append(f"{late} ({period[row['kind']]})")
    return {suspect: ", ".join(parts) for suspect, parts in out.items()}


def sections(
    session: Session, scope: Scope, data: Any, limit: int, tz: str, redact: bool
) -> list[Section]:
    late_by = _overdue_by(session, scope)
    overdue = metrics.suspects_list(session, scope).filter(
        pl.col("over_90_days_unreviewed") | pl.col("high_risk_not_reviewed_24h")
    )
    overdue = overdue.with_columns(
        pl.col("risk").replace_strict(_RISK_ORDER, default=len(_RISK_ORDER)).alias("_risk_order")
    ).sort(
        ["high_risk_not_reviewed_24h", "_risk_order", "outstanding_since", "suspect_id"],
        descending=[True, False, False, False],
    )
    shown = overdue.head(limit).drop("_risk_order")
    if redact:
        shown = redact_frame(shown, NAMES)
    return [
        Section(
            f"Suspects overdue for review, high-risk first "
            f"({fmt.showing(shown.height, overdue.height)})",
            [("Suspect", "l"), ("Name", "l*"), ("Risk", "l"), ("Area", "l"),
             ("Out for", "r"), ("Overdue by", "l*"), ("Last review", "l")],
            [
                [
                    str(r["suspect_id"]),
                    r["name"] or "",
                    r["risk"],
                    r["area_code"] or "",
                    f"{int(r['days_outstanding'])} d",
                    late_by.get(r["suspect_id"], ""),
                    fmt.local(r["last_review_at"], tz, fmt.DATE) or "never",
                ]
                for r in shown.iter_rows(named=True)
            ],
            "None: every outstanding suspect has had the reviews it needs.",
        )
    ]  # fmt: skip


def gap(coverage: Coverage, as_of: Any) -> str | None:
    return NO_SUSPECTS if not coverage.suspects else coverage.gap(as_of)


FAMILIES = (
    Family(
        id="suspects",
        title="Suspects",
        order=50,
        summary="outstanding suspects overdue for an inspector's or a high-risk review",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("suspects", "suspect_reviews", "crimes"),
        json_path=("suspects",),
        to_json=to_json,
        list_query="suspects_classified",
        list_key="suspect_id",
        names=NAMES,
        clocks=CLOCKS,
        empty=lambda data: not data["outstanding"],
        gap=gap,
    ),
)
