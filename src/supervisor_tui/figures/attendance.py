"""Attendance: grade 1 and 2 incidents attended late against the force's targets, and
incidents breaching their target now (``queries/attendance_summary.sql``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from supervisor_tui import fmt, metrics, status
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.figures.calls import figures_of
from supervisor_tui.figures.spec import (
    Clock,
    Detail,
    Family,
    Headline,
    Section,
    Setting,
    percent,
    positive,
)
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("attendance", "grade1_urban_min", 15.0, "minutes > 0", positive,
            help="grade 1 attendance target in an urban area"),
    Setting("attendance", "grade1_rural_min", 20.0, "minutes > 0", positive,
            help="grade 1 attendance target in a rural area (or unknown area: urban)"),
    Setting("attendance", "grade2_min", 60.0, "minutes > 0", positive,
            help="grade 2 attendance target"),
    Setting("attendance", "late_max_pct", 10.0, "0-100", percent,
            help="share of due incidents attended late that is a breach"),
    Setting("due_soon", "attendance_g1_min", 10.0, "minutes > 0", positive,
            help="a grade 1 incident this close to its target is due soon"),
    Setting("due_soon", "attendance_g2_min", 30.0, "minutes > 0", positive,
            help="a grade 2 incident this close to its target is due soon"),
)  # fmt: skip

CLOCKS = (
    Clock("attendance_g1", "Grade 1 attendance", "clock_attendance", "attendance_g1_min",
          timedelta(minutes=1), "incident", strict=True, short="G1 attendance"),
    Clock("attendance_g2", "Grade 2 attendance", "clock_attendance", "attendance_g2_min",
          timedelta(minutes=1), "incident", strict=True, short="G2 attendance"),
)  # fmt: skip

GRADES: tuple[int, ...] = (1, 2)
FIGURES: tuple[str, ...] = (
    "opened",
    "due",
    "late",
    "late_pct",
    "breaching_now",
    "victim_not_updated",
)


def fetch(session: Session, scope: Scope) -> dict[int, dict[str, Any]]:
    """The window's figures per grade; ``breaching_now`` and ``victim_not_updated`` are state
    at T from the deadline engine (every open, unattended incident past its target, whatever
    its opening time)."""
    from supervisor_tui import deadlines

    rows = {r["grade"]: r for r in metrics.attendance_summary(session, scope).iter_rows(named=True)}
    now = deadlines.items(session, scope, {c.kind for c in CLOCKS})
    overdue = now.filter(pl.col("state") == "overdue")
    out = {}
    for grade in GRADES:
        kind = f"attendance_g{grade}"
        figures = figures_of(rows.get(grade), FIGURES)
        figures["breaching_now"], figures["due_soon"] = deadlines.counts(now, kind)
        figures["victim_not_updated"] = overdue.filter(
            (pl.col("kind") == kind) & pl.col("victim_updated_at").is_null()
        ).height
        out[grade] = figures
    return out


def to_json(data: dict[int, dict[str, Any]], scope: Scope) -> dict[str, Any]:
    """Per grade, FIGURES (due-soon items are in the report's ``actions``)."""
    return {str(grade): {k: data[grade][k] for k in FIGURES} for grade in GRADES}


def headlines(data: dict[int, dict[str, Any]], t: Thresholds) -> list[Headline]:
    rows = []
    edges = (t.late_max_pct, t.late_max_pct - t.near_margin_pct)
    for grade in GRADES:
        a = data[grade]
        late = fmt.pct(a["late_pct"], edges)
        if a["late_pct"] is not None:
            late = f"{late} ({a['late']:,} of {a['due']:,})"
        rows.append(
            Headline(
                f"attendance.{grade}.late_pct",
                f"Grade {grade} attended late",
                late,
                f"< {fmt.num(t.late_max_pct)} %",
                status.attendance_late(a["late_pct"], t),
            )
        )
        rows.append(
            Headline(
                f"attendance.{grade}.breaching_now",
                f"Grade {grade} breaching now",
                fmt.count(a["breaching_now"]),
                "0",
                status.zero(a["breaching_now"]),
            )
        )
    return rows


def details(data: dict[int, dict[str, Any]], t: Thresholds) -> list[Detail]:
    return [
        Detail(
            f"victim not told G{grade}",
            fmt.count(data[grade]["victim_not_updated"]),
            alert=bool(data[grade]["victim_not_updated"]),
        )
        for grade in GRADES
    ]


def sections(
    session: Session, scope: Scope, data: Any, limit: int, tz: str, redact: bool
) -> list[Section]:
    """Every incident breaching now (state at T, whatever the window), oldest first, with
    who has been sent."""
    from supervisor_tui import deadlines

    now = deadlines.items(session, scope, {c.kind for c in CLOCKS})
    breaching = now.filter(pl.col("state") == "overdue").sort(["started_at", "item_id"])
    shown = breaching.head(limit)
    return [
        Section(
            f"Incidents breaching attendance now, oldest first "
            f"({fmt.showing(shown.height, breaching.height)})",
            [("Incident", "l"), ("Gr", "r"), ("Area", "l"), ("Sent · what", "l*"),
             ("Opened", "l"), ("Open for", "r"), ("Target", "r"), ("Victim", "l")],
            [
                [
                    str(r["item_id"]),
                    r["kind"].removeprefix("attendance_g"),
                    str(r["area_code"] or ""),
                    r["label"] or "",
                    fmt.local(r["started_at"], tz),
                    fmt.duration_s((scope.as_of - r["started_at"]).total_seconds()),
                    fmt.duration_s((r["due_at"] - r["started_at"]).total_seconds()),
                    "not told" if r["victim_updated_at"] is None else "told",
                ]
                for r in shown.iter_rows(named=True)
            ],
            "None: no grade 1 or 2 incident is past its attendance target unattended.",
        )
    ]  # fmt: skip


FAMILIES = (
    Family(
        id="attendance",
        title="Attendance",
        order=30,
        summary="grade 1 and 2 incidents attended late, and breaching their target now",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("incidents", "deployments", "areas"),
        json_path=("attendance",),
        to_json=to_json,
        list_query="attendance_classified",
        list_key="incident_id",
        clocks=CLOCKS,
        empty=lambda data: not any(data[g]["opened"] for g in GRADES),
    ),
)
