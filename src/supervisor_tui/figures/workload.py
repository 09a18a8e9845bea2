"""Workload: officers in charge of more open crimes with outstanding suspects than the
trigger (``queries/workload_officers.sql``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from supervisor_tui import fmt, metrics, status
from supervisor_tui.config import Thresholds
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import Family, Headline, Section, Setting
from supervisor_tui.redact import redact_frame
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("workload", "max_crimes", 5, "a whole number >= 0", lambda v: v >= 0,
            attr="workload_max_crimes",
            help="an officer in charge of more open crimes with suspects than this needs support"),
)  # fmt: skip

NO_CRIMES = "no crimes in the database"
NAMES = ("name",)


@dataclass(frozen=True)
class WorkloadFigures:
    """Every officer with open crimes with suspects (most first) and those over the trigger."""

    officers: pl.DataFrame
    over: pl.DataFrame


def fetch(session: Session, scope: Scope) -> WorkloadFigures:
    frame = metrics.workload_list(session, scope)
    return WorkloadFigures(officers=frame, over=frame.filter(pl.col("over_trigger")))


def to_json(data: WorkloadFigures, scope: Scope) -> dict[str, Any]:
    return {
        "threshold": scope.thresholds.workload_max_crimes,
        "officers_over": [
            {"officer_id": r["officer_id"], "crimes": r["crimes"]}
            for r in data.over.select("officer_id", "crimes").iter_rows(named=True)
        ],
    }


def headlines(data: WorkloadFigures, t: Thresholds) -> list[Headline]:
    over = data.over.height
    return [
        Headline(
            "workload.officers_over",
            f"Officers over workload trigger (> {t.workload_max_crimes})",
            fmt.count(over),
            "0",
            status.zero(over),
        )
    ]


def sections(
    session: Session, scope: Scope, data: WorkloadFigures, limit: int, tz: str, redact: bool
) -> list[Section]:
    shown = data.over.head(limit)
    if redact:
        shown = redact_frame(shown, NAMES)
    return [
        Section(
            f"Officers over the workload trigger: > {scope.thresholds.workload_max_crimes} open "
            f"crimes with suspects ({fmt.showing(shown.height, data.over.height)})",
            [("Officer", "l*"), ("Rank", "l"), ("Area", "l"), ("Crimes", "r"),
             ("Suspects", "r"), ("High risk", "r")],
            [
                [
                    fmt.officer(r),
                    r["rank"] or "",
                    r["area_code"] or "",
                    fmt.count(r["crimes"]),
                    fmt.count(r["outstanding_suspects"]),
                    fmt.count(r["high_risk_suspects"]),
                ]
                for r in shown.iter_rows(named=True)
            ],
            "None: no officer is over the trigger.",
        )
    ]  # fmt: skip


def gap(coverage: Coverage, as_of: Any) -> str | None:
    return NO_CRIMES if not coverage.crimes else coverage.gap(as_of)


FAMILIES = (
    Family(
        id="workload",
        title="Workload",
        order=40,
        summary="officers in charge of more open crimes with suspects than the trigger",
        fetch=fetch,
        headlines=headlines,
        sections=sections,
        tables=("crimes", "suspects", "officers"),
        json_path=("workload",),
        to_json=to_json,
        list_query="workload_officers",
        list_key="officer_id",
        names=NAMES,
        empty=lambda data: not data.officers.height,
        gap=gap,
    ),
)
