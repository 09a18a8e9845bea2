"""Clare's Law (the Domestic Violence Disclosure Scheme): open applications, those past the
disclosure limit or without initial checks, and the window's disclosures made within the
limit (``queries/dvds_summary.sql``, ``queries/clock_dvds.sql``; docs/figures/safeguarding.md).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from supervisor_tui import fmt, status
from supervisor_tui.config import Thresholds
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import Session
from supervisor_tui.figures.calls import figures_of
from supervisor_tui.figures.spec import Clock, Detail, Family, Headline, Section, Setting, positive
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("dvds", "disclose_within_days", 28, "whole days > 0", positive,
            help="a Clare's Law application should be concluded this soon after it is received"),
    Setting("dvds", "initial_checks_hours", 24, "whole hours > 0", positive,
            help="a Clare's Law application needs its initial checks this soon"),
    Setting("due_soon", "dvds_disclosure_days", 7.0, "days > 0", positive,
            help="a Clare's Law application this close to its disclosure limit is due soon"),
    Setting("due_soon", "dvds_initial_checks_hours", 6.0, "hours > 0", positive,
            help="a Clare's Law application this close to its initial-checks limit is due soon"),
)  # fmt: skip

CLOCKS = (
    Clock("dvds_disclosure", "Clare's Law disclosure", "clock_dvds", "dvds_disclosure_days",
          timedelta(days=1), "dvds_application", short="Clare's Law"),
    Clock("dvds_initial_checks", "Clare's Law initial checks", "clock_dvds",
          "dvds_initial_checks_hours", timedelta(hours=1), "dvds_application",
          short="DVDS checks"),
)  # fmt: skip

#: The family's figures in the JSON report, in order.
FIGURES: tuple[str, ...] = (
    "open",
    "over_28_days",
    "initial_checks_overdue",
    "disclosures",
    "disclosed_within_28d_pct",
)
#: Personal columns of its rows: the officer's name (an application holds no applicant).
NAMES = ("officer_name",)
NO_APPLICATIONS = "no Clare's Law applications received by then"


def summary(session: Session, scope: Scope, *, by_area: bool = False) -> pl.DataFrame:
    return session.query("dvds_summary", scope.params(by_area=by_area))


def applications(session: Session, scope: Scope) -> pl.DataFrame:
    """Applications open at T or disclosed in the window, fewest days left first."""
    return session.query("dvds_list", scope.params()).sort(["days_left", "application_id"])


def fetch(session: Session, scope: Scope) -> dict[str, Any]:
    """State at T and the window's disclosures from the summary; the due-soon counts from the
    deadline engine (the same rule as the action queue)."""
    from supervisor_tui import deadlines

    frame = summary(session, scope)
    row = frame.row(0, named=True) if frame.height else {}
    now = deadlines.items(session, scope, {c.kind for c in CLOCKS})
    _, disclosure_soon = deadlines.counts(now, "dvds_disclosure")
    _, checks_soon = deadlines.counts(now, "dvds_initial_checks")
    received = session.query("dvds_received", scope.params()).row(0, named=True)["received"]
    return {
        **figures_of(row, (*FIGURES, "disclosed_within_28d")),
        "due_soon": disclosure_soon,
        "initial_checks_due_soon": checks_soon,
        "received": int(received or 0),
    }


def to_json(data: dict[str, Any], scope: Scope) -> dict[str, Any]:
    return {name: data[name] for name in FIGURES}


def headlines(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    days = t.disclose_within_days
    within = data["disclosed_within_28d_pct"]
    value = fmt.pct(within)
    if within is not None:
        value = f"{value} ({data['disclosed_within_28d']:,} of {data['disclosures']:,})"
    return [
        Headline("dvds.open", "Clare's Law open", fmt.count(data["open"]), "", None),
        Headline("dvds.over_28_days", f"Clare's Law open > {days} d",
                 fmt.count(data["over_28_days"]), "0", status.zero(data["over_28_days"])),
        Headline("dvds.initial_checks_overdue",
                 f"Clare's Law no checks {t.initial_checks_hours} h",
                 fmt.count(data["initial_checks_overdue"]), "0",
                 status.zero(data["initial_checks_overdue"])),
        Headline("dvds.disclosed_within_28d_pct", f"Clare's Law disclosed in {days} d", value, "",
                 None),
    ]  # fmt: skip


def details(data: dict[str, Any], t: Thresholds) -> list[Detail]:
    return [
        Detail(f"due in {fmt.num(t.dvds_disclosure_days)} d", fmt.count(data["due_soon"])),
        Detail("disclosures", fmt.count(data["disclosures"])),
    ]


def days_left_text(days: float) -> str:
    """``12 d 04 h left``, ``over``, ``3 d 02 h over``: the sign in words, never colour
    alone. An application is over its limit from the moment it falls due."""
    if days <= 0:
        return "over" if days == 0 else f"{fmt.duration_s(-days * 86400)} over"
    return f"{fmt.duration_s(days * 86400)} left"


def sections(
    session: Session, scope: Scope, data: Any, limit: int, tz: str, redact: bool
) -> list[Section]:
    t = scope.thresholds
    overdue = applications(session, scope).filter(
        pl.col("is_open") & (pl.col("over_28_days") | pl.col("initial_checks_overdue"))
    )
    shown = overdue.head(limit)
    rows = []
    for r in shown.iter_rows(named=True):
        why = []
        if r["over_28_days"]:
            why.append(f"{t.disclose_within_days} d")
        if r["initial_checks_overdue"]:
            why.append("checks")
        rows.append([
            str(r["application_id"]),
            r["route"].replace("_", " "),
            r["area_code"] or "",
            fmt.local(r["received_at"], tz, fmt.DATE),
            days_left_text(r["days_left"]),
            ", ".join(why),
            r["officer_id"] or "",
        ])  # fmt: skip
    return [
        Section(
            f"Clare's Law applications overdue, fewest days left first "
            f"({fmt.showing(shown.height, overdue.height)})",
            [("Application", "l"), ("Route", "l"), ("Area", "l"), ("Received", "l"),
             ("Days left", "r"), ("Overdue", "l"), ("Officer", "l")],
            rows,
            "None: every open application is within its limits.",
        )
    ]  # fmt: skip


def gap(coverage: Coverage, as_of: Any) -> str | None:
    return NO_APPLICATIONS


FAMILIES = (
    Family(
        id="dvds",
        title="Clare's Law",
        order=90,
        summary="Clare's Law applications open past the disclosure limit or without initial "
        "checks, and disclosures made within the limit",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("dvds_applications", "officers"),
        json_path=("dvds",),
        to_json=to_json,
        list_query="dvds_list",
        list_key="application_id",
        list_columns=(
            ("application_id", "Application", "text"),
            ("route", "Route", "text"),
            ("area_code", "Area", "text"),
            ("received_at", "Received", "time"),
            ("days_left", "Days left", "dec1"),
            ("over_28_days", "Over limit", "flag"),
            ("initial_checks_overdue", "Checks overdue", "flag"),
            ("officer_id", "Officer", "text"),
        ),
        names=NAMES,
        clocks=CLOCKS,
        schema=2,
        empty=lambda data: not data["received"],
        gap=gap,
    ),
)
