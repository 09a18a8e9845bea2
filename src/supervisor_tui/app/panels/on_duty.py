"""On duty: officers on duty and committed to incidents now, by area."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen

from supervisor_tui.app.panels.base import Loaded, Panel, count
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.figures.spec import Family

MIN_AREAS = 3


class OnDutyPanel(Panel):
    FAMILY = "on_duty"
    MIN_LINES = 3 + MIN_AREAS

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.breakdowns import OnDutyByArea

        return OnDutyByArea()

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        areas = data.figures.areas
        if not areas:
            return [Text("nobody on duty", self.style("label"), end="")]
        header = Text(f"{'area':<8}{'on duty':>9}{'committed':>11}", self.style("label"), end="")
        lines = [header]
        room = max(MIN_AREAS, self.lines_available - 2)
        if len(areas) > room:
            room = max(MIN_AREAS, room - 1)
        shown = areas[:room]
        for row in shown:
            code = clean(row.get("area_code") or "–")[:7]
            line = Text(f"{code:<8}", end="")
            line.append(f"{count(row.get('officers')):>9}", self.style("figure"))
            line.append(f"{count(row.get('committed')):>11}", self.style("figure"))
            lines.append(line)
        if len(areas) > len(shown):
            more = len(areas) - len(shown)
            lines.append(Text(f"+{more} more areas (Enter for all)", self.style("label"), end=""))
        return lines
