"""Workload: officers in charge of more open crimes with suspects than the trigger, top names."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import polars as pl
from rich.text import Text

from supervisor_tui import metrics, status
from supervisor_tui.app.coverage import Coverage
from supervisor_tui.app.panels.base import Panel, count
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.db import Session
from supervisor_tui.redact import redact_frame

#: Names fetched; as many as fit are shown (at least MIN_NAMES).
TOP = 30
MIN_NAMES = 3
NO_CRIMES = "no crimes in the database"


@dataclass(frozen=True)
class WorkloadFigures:
    over: int
    officers: int
    top: list[dict[str, Any]]


class WorkloadPanel(Panel):
    PANEL_ID = "workload"
    TITLE = "Workload"
    MIN_LINES = 3 + MIN_NAMES  # headline, trigger, names, "+n more"
    COUNTS_RECORDS = True

    def fetch(self, session: Session, scope: metrics.Scope) -> WorkloadFigures:
        frame = metrics.workload_list(session, scope)
        over = frame.filter(pl.col("over_trigger"))
        top = (over if over.height else frame).head(TOP)
        return WorkloadFigures(
            over=over.height, officers=frame.height, top=list(top.iter_rows(named=True))
        )

    def redacted(self, data: WorkloadFigures) -> WorkloadFigures:
        if not data.top:
            return data
        frame = redact_frame(pl.DataFrame(data.top), ["name"])
        return replace(data, top=list(frame.iter_rows(named=True)))

    def status(self, data: WorkloadFigures) -> status.Status:
        return status.zero(data.over)

    def is_empty(self, data: WorkloadFigures) -> bool:
        return not data.officers

    def gap_reason(self, coverage: Coverage, as_of: datetime) -> str | None:
        return NO_CRIMES if not coverage.crimes else coverage.gap(as_of)

    def headline(self, data: WorkloadFigures) -> Text:
        line = Text(end="")
        line.append(count(data.over), self.style("figure"))
        line.append(" officers over trigger" if data.over != 1 else " officer over trigger",
                    self.style("label"))  # fmt: skip
        return line

    def body(self, data: WorkloadFigures, width: int) -> list[Text]:
        trigger = self.thresholds.workload_max_crimes
        lines = [self.labelled(("trigger:", f"> {trigger} crimes with suspects"))]
        if not data.top:
            lines.append(Text("no officer has open crimes with suspects", self.style("label")))
            return lines
        if not data.over:
            lines.append(Text("most open crimes:", self.style("label")))
        listed = data.over or data.officers  # the officers over, else everyone with crimes
        room = max(MIN_NAMES, self.lines_available - len(lines) - 1)
        if listed > room:
            room = max(MIN_NAMES, room - 1)  # a line for "+n more"
        shown = data.top[:room]
        for row in shown:
            crimes = f"{row['crimes']} crimes"
            who = " ".join(clean(v) for v in (row.get("collar_number"), row.get("name")) if v)
            who = who or clean(row.get("officer_id"))
            room = max(width - len(crimes) - 1, 4)
            if len(who) > room:
                who = who[: room - 1] + "…"
            line = Text(who, end="")
            line.append(" " * max(width - len(who) - len(crimes), 1))
            line.append(
                crimes, self.style("alert") if row["over_trigger"] else self.style("figure")
            )
            lines.append(line)
        if listed > len(shown):
            more = listed - len(shown)
            noun = "officer" if more == 1 else "officers"
            lines.append(Text(f"+{more:,} more {noun} (Enter for all)", self.style("label")))
        return lines
