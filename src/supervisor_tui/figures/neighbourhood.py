"""Neighbourhood abstraction: how much of neighbourhood officers' rostered time was taken by
abstractions to other duties in the window, how much of it unplanned, and for what
(``queries/neighbourhood_summary.sql``; docs/figures/safeguarding.md)."""

from __future__ import annotations

from typing import Any

import polars as pl

from supervisor_tui import fmt, status
from supervisor_tui.config import Thresholds
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import (
    Detail,
    Family,
    Headline,
    Section,
    Setting,
    non_negative,
    percent,
)
from supervisor_tui.redact import redact_frame
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("neighbourhood", "planned_notice_hours", 24, "whole hours >= 0", non_negative,
            help="an abstraction recorded at least this long before it starts is planned"),
    Setting("neighbourhood", "max_abstracted_pct", 20.0, "0-100", percent,
            help="share of neighbourhood officers' rostered hours abstracted that is a breach"),
)  # fmt: skip

#: The family's figures in the JSON report, in order (then ``by_reason``).
FIGURES: tuple[str, ...] = (
    "rostered_hours",
    "abstracted_hours",
    "abstracted_pct",
    "unplanned_pct",
)
NAMES = ("name",)
NO_ROSTER = "no neighbourhood officers rostered in the window"


def summary(session: Session, scope: Scope, *, by_area: bool = False) -> pl.DataFrame:
    return session.query("neighbourhood_summary", scope.params(by_area=by_area))


def by_reason(session: Session, scope: Scope) -> pl.DataFrame:
    """Abstracted hours per reason, most first."""
    return session.query("neighbourhood_by_reason", scope.params())


def officers(session: Session, scope: Scope) -> pl.DataFrame:
    """Neighbourhood officers rostered or abstracted in the window, most abstracted first."""
    return session.query("neighbourhood_officers", scope.params())


def abstractions(session: Session, scope: Scope) -> pl.DataFrame:
    """Abstractions known at T overlapping the window, latest first."""
    return session.query("neighbourhood_abstractions", scope.params()).sort(
        ["starts_at", "officer_id"], descending=[True, False]
    )


def fetch(session: Session, scope: Scope) -> dict[str, Any]:
    frame = summary(session, scope)
    row = frame.row(0, named=True) if frame.height else {}
    reasons = by_reason(session, scope)
    return {
        "rostered_hours": float(row.get("rostered_hours") or 0.0),
        "abstracted_hours": float(row.get("abstracted_hours") or 0.0),
        "unplanned_hours": float(row.get("unplanned_hours") or 0.0),
        "abstracted_pct": row.get("abstracted_pct"),
        "unplanned_pct": row.get("unplanned_pct"),
        "officers": int(row.get("officers") or 0),
        "by_reason": {r["reason"]: float(r["hours"]) for r in reasons.iter_rows(named=True)},
    }


def to_json(data: dict[str, Any], scope: Scope) -> dict[str, Any]:
    return {**{name: data[name] for name in FIGURES}, "by_reason": dict(data["by_reason"])}


def hours(value: float | None) -> str:
    """``1,234.5 h``."""
    return fmt.DASH if value is None else f"{value:,.1f} h"


def headlines(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    edges = (t.max_abstracted_pct, t.max_abstracted_pct - t.near_margin_pct)
    pct = data["abstracted_pct"]
    value = fmt.pct(pct, edges)
    if pct is not None:
        value = f"{value} ({data['abstracted_hours']:,.0f} of {data['rostered_hours']:,.0f} h)"
    return [
        Headline("neighbourhood.abstracted_pct", "Neighbourhood abstracted", value,
                 f"< {fmt.num(t.max_abstracted_pct)} %",
                 status.at_most(pct, t.max_abstracted_pct, t.near_margin_pct)),
        Headline("neighbourhood.unplanned_pct", "Of which unplanned",
                 fmt.pct(data["unplanned_pct"]), "", None),
    ]  # fmt: skip


def details(data: dict[str, Any], t: Thresholds) -> list[Detail]:
    top = list(data["by_reason"].items())[:3]
    return [Detail(reason, hours(value)) for reason, value in top]


def sections(
    session: Session, scope: Scope, data: Any, limit: int, tz: str, redact: bool
) -> list[Section]:
    reasons = by_reason(session, scope)
    most = officers(session, scope).filter(pl.col("abstracted_hours") > 0).head(limit)
    if redact:
        most = redact_frame(most, NAMES)
    return [
        Section(
            "Neighbourhood abstraction by reason",
            [("Reason", "l*"), ("Hours", "r"), ("Unplanned", "r"), ("Abstractions", "r")],
            [
                [r["reason"], hours(r["hours"]), fmt.pct(r["unplanned_pct"]),
                 f"{r['abstractions']:,}"]
                for r in reasons.iter_rows(named=True)
            ],
            "None: no neighbourhood officer was abstracted in the window.",
        ),
        Section(
            f"Neighbourhood officers most abstracted ({most.height})",
            [("Officer", "l"), ("Name", "l*"), ("Area", "l"), ("Rostered", "r"),
             ("Abstracted", "r"), ("Share", "r"), ("Unplanned", "r")],
            [
                [str(r["collar_number"] or r["officer_id"]), r["name"] or "", r["area_code"] or "",
                 hours(r["rostered_hours"]), hours(r["abstracted_hours"]),
                 fmt.pct(r["abstracted_pct"]), hours(r["unplanned_hours"])]
                for r in most.iter_rows(named=True)
            ],
            "None: no neighbourhood officer was abstracted in the window.",
        ),
    ]  # fmt: skip


def gap(coverage: Coverage, as_of: Any) -> str | None:
    return NO_ROSTER


FAMILIES = (
    Family(
        id="neighbourhood",
        title="Neighbourhood",
        order=95,
        summary="the share of neighbourhood officers' rostered hours abstracted to other "
        "duties, and how much of it unplanned",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("abstractions", "duties", "officers", "teams"),
        json_path=("neighbourhood",),
        to_json=to_json,
        list_query="neighbourhood_officers",
        list_key="officer_id",
        list_columns=(
            ("officer_id", "Officer", "text"),
            ("name", "Name", "text"),
            ("area_code", "Area", "text"),
            ("rostered_hours", "Rostered h", "dec1"),
            ("abstracted_hours", "Abstracted h", "dec1"),
            ("abstracted_pct", "Abstracted %", "dec1"),
            ("unplanned_hours", "Unplanned h", "dec1"),
        ),
        names=NAMES,
        schema=2,
        empty=lambda data: not data["rostered_hours"] and not data["abstracted_hours"],
        gap=gap,
    ),
)
