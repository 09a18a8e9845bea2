"""On duty: officers on duty at T and those committed to an incident, by area
(``queries/on_duty_summary.sql``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from supervisor_tui import fmt, metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.figures.calls import figures_of
from supervisor_tui.figures.spec import Detail, Family, Headline, Section, first_row, rows_of
from supervisor_tui.scope import Scope

FIGURES: tuple[str, ...] = ("officers", "committed")


@dataclass(frozen=True)
class OnDutyFigures:
    total: dict[str, Any]
    areas: list[dict[str, Any]]
    #: Officers held over: off duty at T with a deployment still open (oldest duty end first).
    held_over: list[dict[str, Any]] = field(default_factory=list)

    def held_over_in(self, area: str | None) -> int:
        return sum(1 for r in self.held_over if r["area_code"] == area)


def fetch(session: Session, scope: Scope) -> OnDutyFigures:
    return OnDutyFigures(
        total=first_row(metrics.on_duty_summary(session, scope)),
        areas=rows_of(metrics.on_duty_summary(session, scope, by_area=True)),
        held_over=rows_of(session.query("on_duty_held_over", scope.params())),
    )


def to_json(data: OnDutyFigures, scope: Scope) -> dict[str, Any]:
    return {**figures_of(data.total or None, FIGURES), "held_over": len(data.held_over)}


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


def details(data: OnDutyFigures, t: Thresholds) -> list[Detail]:
    held = len(data.held_over)
    return [Detail("held over", fmt.count(held), alert=held > 0)] if held else []


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
    held = data.held_over[:limit]
    if redact:
        held = [{**r, "name": None} for r in held]
    held_over = Section(
        f"Officers held over: off duty with an incident still open "
        f"({fmt.showing(len(held), len(data.held_over))})",
        [("Officer", "l*"), ("Area", "l"), ("Duty ended", "l"), ("Over by", "r"),
         ("Incident", "l")],
        [
            [fmt.officer(r), r["area_code"] or "", fmt.local(r["duty_ended_at"], tz, "%H:%M"),
             fmt.duration_s(r["held_over_s"]), str(r["incident_id"])]
            for r in held
        ],
        "None: every officer off duty has cleared their incidents.",
    )  # fmt: skip
    incidents = session.query("open_incidents", scope.params())
    listed = incidents.head(limit)
    open_incidents = Section(
        "Open incidents at handover, oldest first "
        f"({fmt.showing(listed.height, incidents.height)})",
        [("Incident", "l"), ("Gr", "r"), ("Area", "l"), ("Category", "l*"), ("Open for", "r"),
         ("Sent", "l*"), ("Arrived", "l")],
        [
            [str(r["incident_id"]), str(r["grade"]), r["area_code"] or "", r["category"] or "",
             fmt.duration_s(r["open_s"]), r["sent"], fmt.local(r["first_arrival"], tz)
             or "no"]
            for r in listed.iter_rows(named=True)
        ],
        "None: no incident is open.",
    )  # fmt: skip
    return [
        held_over,
        open_incidents,
        Section(
            "On duty and committed by area",
            [("Area", "l*"), ("On duty", "r"), ("Committed", "r"), ("Available", "r")],
            rows,
            "None: no officer is on duty.",
        ),
    ]


FAMILIES = (
    Family(
        id="on_duty",
        title="On duty",
        order=60,
        summary="officers on duty now and how many are committed to an incident, by area",
        fetch=fetch,
        headlines=headlines,
        details=details,
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
