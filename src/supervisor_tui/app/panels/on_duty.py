"""On duty: officers on duty and committed to incidents now, by area."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text

from supervisor_tui import metrics
from supervisor_tui.app.panels.base import Panel, count
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.db import Session

MIN_AREAS = 3


@dataclass(frozen=True)
class OnDutyFigures:
    total: dict[str, Any]
    areas: list[dict[str, Any]]


class OnDutyPanel(Panel):
    PANEL_ID = "on_duty"
    TITLE = "On duty"
    MIN_LINES = 3 + MIN_AREAS
    COUNTS_RECORDS = True

    def fetch(self, session: Session, scope: metrics.Scope) -> OnDutyFigures:
        total = metrics.on_duty_summary(session, scope)
        by_area = metrics.on_duty_summary(session, scope, by_area=True)
        return OnDutyFigures(
            total=total.row(0, named=True) if total.height else {},
            areas=list(by_area.iter_rows(named=True)),
        )

    def is_empty(self, data: OnDutyFigures) -> bool:
        return not data.total.get("officers")

    def headline(self, data: OnDutyFigures) -> Text:
        line = Text(end="")
        line.append(count(data.total.get("officers", 0)), self.style("figure"))
        line.append(" on duty  ", self.style("label"))
        line.append(count(data.total.get("committed", 0)), self.style("figure"))
        line.append(" committed", self.style("label"))
        return line

    def body(self, data: OnDutyFigures, width: int) -> list[Text]:
        if not data.areas:
            return [Text("nobody on duty", self.style("label"), end="")]
        header = Text(f"{'area':<8}{'on duty':>9}{'committed':>11}", self.style("label"), end="")
        lines = [header]
        room = max(MIN_AREAS, self.lines_available - 2)
        if len(data.areas) > room:
            room = max(MIN_AREAS, room - 1)
        shown = data.areas[:room]
        for row in shown:
            code = clean(row.get("area_code") or "–")[:7]
            line = Text(f"{code:<8}", end="")
            line.append(f"{count(row.get('officers')):>9}", self.style("figure"))
            line.append(f"{count(row.get('committed')):>11}", self.style("figure"))
            lines.append(line)
        if len(data.areas) > len(shown):
            more = len(data.areas) - len(shown)
            lines.append(Text(f"+{more} more areas (Enter for all)", self.style("label"), end=""))
        return lines
