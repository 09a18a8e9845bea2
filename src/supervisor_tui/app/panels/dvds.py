"""Clare's Law: the family's figures and the open applications with the fewest days left
(the application id, its area and the days left in words: never colour alone)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.panels.base import Loaded, Panel
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.db import Session
from supervisor_tui.figures import dvds
from supervisor_tui.figures.spec import Family

#: Applications fetched for the panel; as many as fit are shown.
TOP = 10


class DvdsPanel(Panel):
    FAMILY = "dvds"
    MIN_LINES = 6

    def fetch_extra(self, session: Session, scope: metrics.Scope) -> list[dict[str, Any]]:
        frame = dvds.applications(session, scope)
        frame = frame.filter(frame["is_open"]).head(TOP)
        return [
            {"application_id": r["application_id"], "area_code": r["area_code"],
             "days_left": r["days_left"]}
            for r in frame.iter_rows(named=True)
        ]  # fmt: skip

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        rows = data.extra or []
        used = len(self.headlines(data)) + len(self.detail_lines(data, width))
        room = max(1, self.lines_available - used)
        lines = []
        for row in rows[:room]:
            left = dvds.days_left_text(row["days_left"])
            who = " ".join(clean(v) for v in (row["application_id"], row["area_code"]) if v)
            line = Text(who, end="")
            line.append(" " * max(width - len(who) - len(left), 1))
            line.append(
                left, self.style("alert") if row["days_left"] <= 0 else self.style("figure")
            )
            lines.append(line)
        return lines

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.safeguarding import DvdsByArea

        return DvdsByArea()
