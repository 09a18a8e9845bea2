"""Workload: officers over the trigger, and as many of their names as fit."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.screen import Screen

from supervisor_tui.app.panels.base import Loaded, Panel, two_ends
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.figures.spec import Family

#: Names fetched; as many as fit are shown (at least MIN_NAMES).
TOP = 30
MIN_NAMES = 3


class WorkloadPanel(Panel):
    FAMILY = "workload"
    MIN_LINES = 2 + MIN_NAMES  # headline, names, "+n more"

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.lists import WorkloadList

        return WorkloadList("Workload › Officers")

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        figures = data.figures
        over = figures.over.height
        officers = figures.officers.height
        top: list[dict[str, Any]] = list((figures.over if over else figures.officers).head(TOP)
                                         .iter_rows(named=True))  # fmt: skip
        lines: list[Text] = []
        if not top:
            lines.append(Text("no officer has open crimes with suspects", self.style("label")))
            return lines
        if not over:
            lines.append(Text("most open crimes:", self.style("label")))
        listed = over or officers  # the officers over, else everyone with crimes
        room = max(MIN_NAMES, self.lines_available - len(lines) - 2)
        if listed > room:
            room = max(MIN_NAMES, room - 1)  # a line for "+n more"
        shown = top[:room]
        for row in shown:
            crimes = f"{row['crimes']} crimes"
            who = " ".join(clean(v) for v in (row.get("collar_number"), row.get("name")) if v)
            who = who or clean(row.get("officer_id"))
            style = self.style("alert") if row["over_trigger"] else self.style("figure")
            lines.append(two_ends(who, crimes, width, style))
        if listed > len(shown):
            more = listed - len(shown)
            noun = "officer" if more == 1 else "officers"
            lines.append(Text(f"+{more:,} more {noun} (Enter for all)", self.style("label")))
        return lines
