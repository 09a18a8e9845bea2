"""Use of force: uses in the window, forms not submitted within 24 h, forms not checked
within 72 h of submission, and uses whose form says body-worn video did not record
(``queries/use_of_force_*.sql``, ``queries/clock_use_of_force.sql``). Definitions:
docs/figures/powers.md."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from supervisor_tui import fmt, status
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import (
    Clock,
    Detail,
    Family,
    Headline,
    OverdueList,
    Section,
    Setting,
    first_row,
    percent,
    positive,
)
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("use_of_force", "form_due_hours", 24, "whole hours > 0", positive,
            help="an officer submits the use-of-force form this soon after using force"),
    Setting("use_of_force", "check_due_hours", 72, "whole hours > 0", positive,
            help="a supervisor checks a submitted form this soon after its submission"),
    Setting("use_of_force", "bwv_not_recorded_max_pct", 5.0, "0-100", percent,
            help="share of submitted forms saying body-worn video did not record that is "
                 "a breach"),
    Setting("due_soon", "uof_form_hours", 4.0, "hours > 0", positive,
            help="a use-of-force form this close to its deadline is due soon"),
    Setting("due_soon", "uof_check_hours", 12.0, "hours > 0", positive,
            help="a submitted use-of-force form this close to its check deadline is due soon"),
)  # fmt: skip

CLOCKS = (
    Clock("uof_form", "Use-of-force form", "clock_use_of_force", "uof_form_hours",
          timedelta(hours=1), "use_of_force", short="UoF form"),
    Clock("uof_check", "Use-of-force form check", "clock_use_of_force", "uof_check_hours",
          timedelta(hours=1), "use_of_force", short="UoF check"),
)  # fmt: skip

FIGURES: tuple[str, ...] = ("uses", "bwv_not_recorded_pct", "forms_overdue", "awaiting_check")
FIGURE_OF: dict[str, str] = {"uof_form": "forms_overdue", "uof_check": "awaiting_check"}
NAMES = ("name",)


def share(part: int, whole: int) -> float | None:
    """100 × part ÷ whole, unrounded; None on a zero denominator."""
    return None if not whole else 100.0 * part / whole


def fetch(session: Session, scope: Scope) -> dict[str, Any]:
    """The window's uses and BWV from the summary; overdue forms and checks (and their
    due-soon counts) from the deadline engine."""
    from supervisor_tui import deadlines

    row = first_row(session.query("use_of_force_summary", scope.params()))
    known, missing = int(row.get("bwv_known") or 0), int(row.get("bwv_not_recorded") or 0)
    out: dict[str, Any] = {
        "uses": int(row.get("uses") or 0),
        "bwv_known": known,
        "bwv_not_recorded": missing,
        "bwv_not_recorded_pct": share(missing, known),
    }
    now = deadlines.items(session, scope, set(FIGURE_OF))
    for kind, figure in FIGURE_OF.items():
        overdue, soon = deadlines.counts(now, kind)
        out[figure] = overdue
        out[f"{kind}_due_soon"] = soon
    return out


def to_json(data: dict[str, Any], scope: Scope) -> dict[str, Any]:
    return {name: data[name] for name in FIGURES}


def bwv_status(value: float | None, t: Thresholds) -> status.Status:
    return status.at_most(value, t.bwv_not_recorded_max_pct, t.near_margin_pct)


def headlines(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    edges = (t.bwv_not_recorded_max_pct, t.bwv_not_recorded_max_pct - t.near_margin_pct)
    bwv = fmt.pct(data["bwv_not_recorded_pct"], edges)
    if data["bwv_not_recorded_pct"] is not None:
        bwv = f"{bwv} ({data['bwv_not_recorded']:,} of {data['bwv_known']:,})"
    return [
        Headline("use_of_force.forms_overdue", f"UoF forms > {t.form_due_hours} h",
                 fmt.count(data["forms_overdue"]), "0", status.zero(data["forms_overdue"])),
        Headline("use_of_force.awaiting_check", f"UoF unchecked > {t.check_due_hours} h",
                 fmt.count(data["awaiting_check"]), "0", status.zero(data["awaiting_check"])),
        Headline("use_of_force.bwv_not_recorded_pct", "UoF BWV not recorded", bwv,
                 f"< {fmt.num(t.bwv_not_recorded_max_pct)} %",
                 bwv_status(data["bwv_not_recorded_pct"], t)),
        Headline("use_of_force.uses", "Uses of force", fmt.count(data["uses"]), "", None),
    ]  # fmt: skip


def details(data: dict[str, Any], t: Thresholds) -> list[Detail]:
    soon = sum(data[f"{kind}_due_soon"] for kind in FIGURE_OF)
    return [Detail("due soon", fmt.count(soon))]


OVERDUE = OverdueList(
    "Use-of-force forms overdue, most overdue first",
    "None: every use of force has its form submitted and checked in time.",
    item="Use",
    when=("Since", "started_at"),
)


def sections(
    session: Session, scope: Scope, data: Any, limit: int, tz: str, redact: bool
) -> list[Section]:
    from supervisor_tui.figures.actions import overdue_section

    kinds = set(FIGURE_OF)
    return [overdue_section(session, scope, kinds, OVERDUE, limit=limit, tz=tz, redact=redact)]


FAMILIES = (
    Family(
        id="use_of_force",
        title="Use of force",
        order=80,
        summary="use-of-force forms not submitted or not checked in time, and forms saying "
        "body-worn video did not record",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("use_of_force", "officers"),
        json_path=("use_of_force",),
        to_json=to_json,
        list_query="use_of_force_list",
        list_key="uof_id",
        list_columns=(
            ("uof_id", "Use", "text"),
            ("used_at", "Used", "time"),
            ("officer_id", "Officer", "text"),
            ("area_code", "Area", "text"),
            ("tactic", "Tactic", "text"),
            ("submitted_at", "Form", "time"),
            ("checked_at", "Checked", "time"),
            ("bwv_recorded", "BWV", "yesno"),
        ),
        names=NAMES,
        clocks=CLOCKS,
        schema=2,
        empty=lambda data: (
            not data["uses"] and not data["forms_overdue"] and not data["awaiting_check"]
        ),
    ),
)
