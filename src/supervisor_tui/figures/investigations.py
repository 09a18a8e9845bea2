"""Investigations: open crimes not allocated, without a plan or overdue a supervisor's review,
victims not told of a key decision within the Victims' Code, and crimes open a long time
(``queries/investigations_*.sql``, ``queries/clock_investigations.sql``; working days in
:mod:`supervisor_tui.workdays`). Definitions: docs/figures/investigations.md."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from supervisor_tui import fmt, status, workdays
from supervisor_tui.config import Thresholds
from supervisor_tui.coverage import Coverage
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
    positive,
)
from supervisor_tui.scope import Scope


def _whole_positive(value: int) -> bool:
    return value >= 1


SETTINGS = (
    Setting("investigations", "allocate_within_hours", 48, "whole hours > 0", positive,
            help="an open crime should have an officer in charge allocated this soon"),
    Setting("investigations", "plan_within_days", 7, "whole days > 0", positive,
            help="an open crime should have an investigation plan this soon"),
    Setting("investigations", "review_every_days", 28, "whole days > 0", positive,
            help="an open crime needs a supervisor's review at least this often"),
    Setting("investigations", "victims_working_days", 5, "whole working days >= 1",
            _whole_positive,
            help="a victim is told of a key decision by the end of this working day after it"),
    Setting("investigations", "victims_enhanced_working_days", 1, "whole working days >= 1",
            _whole_positive,
            help="the same for a victim with enhanced rights under the Victims' Code"),
    Setting("investigations", "long_open_days", 120, "whole days > 0", positive,
            help="an open crime recorded this long ago is counted as long open"),
    Setting("due_soon", "crime_allocation_hours", 12.0, "hours > 0", positive,
            help="a crime this close to its allocation deadline is due soon"),
    Setting("due_soon", "investigation_plan_days", 2.0, "days > 0", positive,
            help="a crime this close to its investigation plan deadline is due soon"),
    Setting("due_soon", "supervisor_review_days", 7.0, "days > 0", positive,
            help="a crime this close to its next supervisor's review is due soon"),
    Setting("due_soon", "victim_informed_hours", 24.0, "hours > 0", positive,
            help="a victim this close to the Victims' Code deadline is due soon"),
)  # fmt: skip

CLOCK_KINDS: tuple[str, ...] = (
    "crime_allocation",
    "investigation_plan",
    "supervisor_review",
    "victim_informed",
)
FIGURES: tuple[str, ...] = (
    "open",
    "unallocated",
    "plan_overdue",
    "review_overdue",
    "victim_not_informed",
    "long_open",
)
#: Each clock's overdue count is the figure of this name.
FIGURE_OF: dict[str, str] = dict(zip(CLOCK_KINDS, FIGURES[1:5], strict=True))
NO_CRIMES = "no crimes in the database"
NAMES = ("name",)


def victim_clock(session: Session, scope: Scope) -> pl.DataFrame:
    """The ``victim_informed`` clock: one row per key decision made by T whose victim was not
    told by T, due at the end (24:00 in ``scope.tz``) of the N-th working day after the local
    date of the decision (N: ``victims_enhanced_working_days`` for an enhanced-rights victim,
    else ``victims_working_days``)."""
    t = scope.thresholds
    rows = session.query("investigations_decisions", scope.params())
    days = (
        pl.when(pl.col("victim_enhanced"))
        .then(pl.lit(t.victims_enhanced_working_days))
        .otherwise(pl.lit(t.victims_working_days))
    )
    n = rows.select(days.cast(pl.Int64).alias("n"))["n"]
    due = workdays.deadlines(rows["decided_at"].cast(pl.Datetime("us")), n, scope.tz)
    return rows.with_columns(due.alias("due_at")).select(
        pl.lit("victim_informed").alias("kind"),
        pl.col("decision_id").alias("item_id"),
        "area_code",
        "team_id",
        "officer_id",
        pl.col("decided_at").alias("started_at"),
        "due_at",
        pl.col("victim_informed_at").alias("done_at"),
        pl.concat_str(
            [
                pl.lit("victim not told: "),
                pl.col("decision").str.replace_all("_", " "),
                pl.lit(" · "),
                pl.col("crime_id"),
                pl.when(pl.col("victim_enhanced"))
                .then(pl.lit(" · enhanced"))
                .otherwise(pl.lit("")),
            ]
        ).alias("label"),
        "crime_id",
        "decision",
        "victim_enhanced",
    )


CLOCKS = (
    Clock("crime_allocation", "Crime allocation", "clock_investigations",
          "crime_allocation_hours", timedelta(hours=1), "crime", short="Allocation"),
    Clock("investigation_plan", "Investigation plan", "clock_investigations",
          "investigation_plan_days", timedelta(days=1), "crime", short="Plan"),
    Clock("supervisor_review", "Supervisor review of a crime", "clock_investigations",
          "supervisor_review_days", timedelta(days=1), "crime", short="Crime review"),
    Clock("victim_informed", "Victim told of a key decision", "investigations_decisions",
          "victim_informed_hours", timedelta(hours=1), "key_decision", short="Victim update",
          compute=victim_clock),
)  # fmt: skip


def fetch(session: Session, scope: Scope) -> dict[str, Any]:
    """Open and long-open counts from the summary; each overdue figure (and its due-soon
    count) from the deadline engine's clocks."""
    from supervisor_tui import deadlines

    row = first_row(session.query("investigations_summary", scope.params()))
    now = deadlines.items(session, scope, set(CLOCK_KINDS))
    out: dict[str, Any] = {
        "open": int(row.get("open") or 0),
        "long_open": int(row.get("long_open") or 0),
    }
    for kind, figure in FIGURE_OF.items():
        overdue, soon = deadlines.counts(now, kind)
        out[figure] = overdue
        out[f"{kind}_due_soon"] = soon
    return out


def to_json(data: dict[str, Any], scope: Scope) -> dict[str, Any]:
    return {name: data[name] for name in FIGURES}


def headlines(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    def overdue(figure: str, label: str) -> Headline:
        return Headline(f"investigations.{figure}", label, fmt.count(data[figure]), "0",
                        status.zero(data[figure]))  # fmt: skip

    return [
        Headline("investigations.open", "Open crimes", fmt.count(data["open"]), "", None),
        overdue("unallocated", f"Not allocated in {t.allocate_within_hours} h"),
        overdue("plan_overdue", f"No plan in {t.plan_within_days} d"),
        overdue("review_overdue", f"No supervisor review in {t.review_every_days} d"),
        overdue("victim_not_informed", "Victims not told in time"),
        Headline("investigations.long_open", f"Open over {t.long_open_days} d",
                 fmt.count(data["long_open"]), "", None),
    ]  # fmt: skip


def details(data: dict[str, Any], t: Thresholds) -> list[Detail]:
    soon = sum(data[f"{kind}_due_soon"] for kind in CLOCK_KINDS)
    return [Detail("due soon", fmt.count(soon))]


OVERDUE = OverdueList(
    "Investigations overdue, most overdue first",
    "None: every open crime is allocated, planned and reviewed in time, and every victim "
    "told of each key decision within the Victims' Code.",
    owner="Officer in charge",
)


def sections(
    session: Session, scope: Scope, data: Any, limit: int, tz: str, redact: bool
) -> list[Section]:
    from supervisor_tui.figures.actions import overdue_section

    kinds = set(CLOCK_KINDS)
    return [overdue_section(session, scope, kinds, OVERDUE, limit=limit, tz=tz, redact=redact)]


def gap(coverage: Coverage, as_of: Any) -> str | None:
    return NO_CRIMES if not coverage.crimes else coverage.gap(as_of)


FAMILIES = (
    Family(
        id="investigations",
        title="Investigations",
        order=70,
        summary="open crimes not allocated, planned or reviewed in time, and victims not told "
        "of key decisions within the Victims' Code",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("crimes", "officers", "crime_actions", "key_decisions"),
        json_path=("investigations",),
        to_json=to_json,
        list_query="investigations_open",
        list_key="crime_id",
        list_columns=(
            ("crime_id", "Crime", "text"),
            ("crime_type", "Type", "text"),
            ("area_code", "Area", "text"),
            ("oic_officer_id", "Officer in charge", "text"),
            ("recorded_at", "Recorded", "time"),
            ("days_open", "Days open", "dec1"),
        ),
        clocks=CLOCKS,
        schema=2,
        empty=lambda data: not data["open"] and not data["victim_not_informed"],
        gap=gap,
    ),
)
