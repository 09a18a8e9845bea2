"""999 calls: % answered within the target time vs the standard (90 % in 10 s)."""

from __future__ import annotations

from rich.text import Text

from supervisor_tui import status
from supervisor_tui.app.panels.base import pct
from supervisor_tui.app.panels.calls import CallsPanel, LineFigures


class Calls999Panel(CallsPanel):
    PANEL_ID = "calls_999"
    TITLE = "999 calls"
    LINE = "999"
    TREND_OF = "answered_within_10s_pct"

    def status(self, data: LineFigures) -> status.Status:
        return status.calls_999(data.figures.get("answered_within_10s_pct"), self.thresholds)

    def target(self) -> tuple[str, float]:
        t = self.thresholds
        return f"≥ {t.answered_within_target_pct:g} %", t.answered_within_target_pct

    def headline(self, data: LineFigures) -> Text:
        line = Text(end="")
        line.append(pct(data.figures.get("answered_within_10s_pct")), self.style("figure"))
        line.append(f" answered in {self.thresholds.answer_target_s:g} s", self.style("label"))
        return line
