"""On duty: officers on duty at T and those committed to an incident, by area
(``queries/on_duty_summary.sql``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from supervisor_tui import fmt, metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.figures.calls import figures_of
from supervisor_tui.figures.spec import Family, Headline, Section, first_row, rows_of
from supervisor_tui.scope import Scope

FIGURES: tuple[str, ...] = ("officers", "committed")


@dataclass(frozen=True)
class OnDutyFigures:
    total: dict[str, Any]
    areas: list[dict[str, Any]]


def fetch(session: Session, scope: Scope) -> OnDutyFigures:
    return OnDutyFigures(
        total=first_row(metrics.on_duty_summary(session, scope)),
        areas=rows_of(metrics.on_duty_summary(session, scope, by_area=True)),
    )


def to_json(data: OnDutyFigures, scope: Scope) -> dict[str, Any]:
    return figures_of(data.total or None, FIGURES)


def headlines(data: OnDutyFigures, t: Thresholds) -> list[Headline]:
    total = to_json(data, None)  # type: ignore[arg-type]
    return [
        Headline(
            "on_duty",
            "On duty / committed",
            f"{fmt.count(total['officers'])} / {fmt.count(total['committed'])}",
            "",
            None,
        )
    ]


def sections(
    session: Session, scope: Scope, data: OnDutyFigures, limit: int, tz: str, redact: bool
) -> list[Section]:
    names = {r["area_code"]: r["name"] for r in metrics.areas(session).iter_rows(named=True)}
    rows = [
        [
            f"{r['area_code']} {names.get(r['area_code'], '')}".strip(),
            fmt.count(r["officers"]),
            fmt.count(r["committed"]),
            fmt.count(r["available"]),
        ]
        for r in data.areas
    ]
    total = data.total
    if rows and total:
        rows.append(
            [
                "Total",
                fmt.count(total["officers"]),
                fmt.count(total["committed"]),
                fmt.count(total["available"]),
            ]
        )
    return [
        Section(
            "On duty and committed by area",
            [("Area", "l*"), ("On duty", "r"), ("Committed", "r"), ("Available", "r")],
            rows,
            "None: no officer is on duty.",
        )
    ]


FAMILIES = (
    Family(
        id="on_duty",
        title="On duty",
        order=60,
        summary="officers on duty now and how many are committed to an incident, by area",
        fetch=fetch,
        headlines=headlines,
        sections=sections,
        tables=("duties", "officers", "deployments"),
        json_path=("on_duty",),
        to_json=to_json,
        list_query="on_duty_officers",
        list_key="officer_id",
        names=("name",),
        empty=lambda data: not data.total.get("officers"),
        not_on={"check": "informational: no target"},
    ),
)
