"""Stop and search: the window's searches, the share with grounds recorded, with the outcome
linked to the object of the search and with body-worn video, by self-defined ethnic group,
and searches awaiting a supervisor's review (``queries/stop_search_*.sql``,
``queries/clock_stop_search.sql``). Quality and fairness, never volumes: nothing here counts
searches per officer. Definitions: docs/figures/powers.md."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

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
from supervisor_tui.figures.use_of_force import share
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("stop_search", "review_due_hours", 72, "whole hours > 0", positive,
            attr="search_review_due_hours",
            help="a supervisor reviews each search record (and its video) this soon"),
    Setting("stop_search", "grounds_recorded_min_pct", 95.0, "0-100", percent,
            help="share of searches with their grounds recorded below which is a breach"),
    Setting("due_soon", "stop_search_review_hours", 12.0, "hours > 0", positive,
            help="a search this close to its review deadline is due soon"),
)  # fmt: skip

CLOCKS = (
    Clock("stop_search_review", "Stop and search review", "clock_stop_search",
          "stop_search_review_hours", timedelta(hours=1), "stop_search",
          short="Search review"),
)  # fmt: skip

FIGURES: tuple[str, ...] = (
    "searches",
    "grounds_recorded_pct",
    "outcome_linked_pct",
    "bwv_recorded_pct",
    "awaiting_review",
)
KIND = "stop_search_review"
NAMES = ("name",)


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    counts = {
        name: int(row.get(name) or 0)
        for name in ("searches", "grounds_recorded", "outcome_linked", "bwv_known", "bwv_recorded")
    }
    return {
        **counts,
        "grounds_recorded_pct": share(counts["grounds_recorded"], counts["searches"]),
        "outcome_linked_pct": share(counts["outcome_linked"], counts["searches"]),
        "bwv_recorded_pct": share(counts["bwv_recorded"], counts["bwv_known"]),
    }


def by_group(session: Session, scope: Scope) -> pl.DataFrame:
    """The window's searches per self-defined ethnic group: ``ethnic_group, searches,
    outcome_linked, outcome_linked_pct`` (group order), plus the counts behind them."""
    frame = session.query("stop_search_summary", scope.params(by_group=True))
    pct = pl.when(pl.col("searches") > 0).then(
        100.0 * pl.col("outcome_linked") / pl.col("searches")
    )
    return frame.with_columns(pct.alias("outcome_linked_pct")).sort("ethnic_group")


def fetch(session: Session, scope: Scope) -> dict[str, Any]:
    """The window's figures from the summary (whole scope and per group); awaiting review
    (and due soon) from the deadline engine."""
    from supervisor_tui import deadlines

    row = first_row(session.query("stop_search_summary", scope.params(by_group=False)))
    out = _figures(row)
    out["by_ethnicity"] = {
        r["ethnic_group"]: {
            "searches": int(r["searches"]),
            "outcome_linked_pct": r["outcome_linked_pct"],
        }
        for r in by_group(session, scope).iter_rows(named=True)
    }
    now = deadlines.items(session, scope, {KIND})
    out["awaiting_review"], out["review_due_soon"] = deadlines.counts(now, KIND)
    return out


def to_json(data: dict[str, Any], scope: Scope) -> dict[str, Any]:
    return {**{name: data[name] for name in FIGURES}, "by_ethnicity": data["by_ethnicity"]}


def grounds_status(value: float | None, t: Thresholds) -> status.Status:
    return status.at_least(value, t.grounds_recorded_min_pct, t.near_margin_pct)


def _of(data: dict[str, Any], figure: str, part: str, whole: str, edges: tuple = ()) -> str:
    text = fmt.pct(data[figure], edges)
    if data[figure] is not None:
        text = f"{text} ({data[part]:,} of {data[whole]:,})"
    return text


def headlines(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    edges = (t.grounds_recorded_min_pct, t.grounds_recorded_min_pct + t.near_margin_pct)
    return [
        Headline("stop_search.grounds_recorded_pct", "Search grounds recorded",
                 _of(data, "grounds_recorded_pct", "grounds_recorded", "searches", edges),
                 f"≥ {fmt.num(t.grounds_recorded_min_pct)} %",
                 grounds_status(data["grounds_recorded_pct"], t)),
        Headline("stop_search.awaiting_review",
                 f"Searches unreviewed > {t.search_review_due_hours} h",
                 fmt.count(data["awaiting_review"]), "0", status.zero(data["awaiting_review"])),
        Headline("stop_search.outcome_linked_pct", "Search outcome linked",
                 _of(data, "outcome_linked_pct", "outcome_linked", "searches"), "", None),
        Headline("stop_search.bwv_recorded_pct", "Search BWV recorded",
                 _of(data, "bwv_recorded_pct", "bwv_recorded", "bwv_known"), "", None),
        Headline("stop_search.searches", "Searches", fmt.count(data["searches"]), "", None),
    ]  # fmt: skip


def details(data: dict[str, Any], t: Thresholds) -> list[Detail]:
    return [Detail("reviews due soon", fmt.count(data["review_due_soon"]))]


OVERDUE = OverdueList(
    "Stop and searches not reviewed in time, most overdue first",
    "None: every stop and search has been reviewed in time.",
    item="Search",
    when=("Searched", "started_at"),
    show_kind=False,
)


def sections(
    session: Session, scope: Scope, data: Any, limit: int, tz: str, redact: bool
) -> list[Section]:
    from supervisor_tui.figures.actions import overdue_section

    overdue = overdue_section(session, scope, {KIND}, OVERDUE, limit=limit, tz=tz, redact=redact)
    force = data["outcome_linked_pct"]
    groups = [
        [
            group,
            fmt.count(g["searches"]),
            fmt.pct(g["outcome_linked_pct"]),
            _points(g["outcome_linked_pct"], force),
        ]
        for group, g in data["by_ethnicity"].items()
    ]
    return [
        overdue,
        Section(
            f"Stop and search by self-defined ethnic group (outcome linked, all: "
            f"{fmt.pct(force)})",
            [("Group", "l*"), ("Searches", "r"), ("Outcome linked", "r"), ("vs all", "r")],
            groups,
            "None: no searches in the window.",
        ),
    ]  # fmt: skip


def _points(value: float | None, force: float | None) -> str:
    """The group's rate against the whole scope's, in points: ``+3.2 pts``."""
    if value is None or force is None:
        return fmt.DASH
    return f"{value - force:+.1f} pts"


FAMILIES = (
    Family(
        id="stop_search",
        title="Stop and search",
        order=85,
        summary="stop and searches with grounds recorded, outcomes linked to the object, "
        "body-worn video and supervisor reviews, by self-defined ethnic group",
        fetch=fetch,
        headlines=headlines,
        details=details,
        sections=sections,
        tables=("stop_searches", "officers"),
        json_path=("stop_search",),
        to_json=to_json,
        list_query="stop_search_list",
        list_key="search_id",
        list_columns=(
            ("search_id", "Search", "text"),
            ("searched_at", "Searched", "time"),
            ("area_code", "Area", "text"),
            ("object_of_search", "Object", "text"),
            ("outcome", "Outcome", "text"),
            ("linked", "Linked", "yesno"),
            ("grounds_recorded", "Grounds", "yesno"),
            ("reviewed_at", "Reviewed", "time"),
        ),
        names=NAMES,
        clocks=CLOCKS,
        schema=2,
        empty=lambda data: not data["searches"] and not data["awaiting_review"],
    ),
)
