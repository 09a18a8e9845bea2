"""101 calls: abandonment vs the target (under 10 %), and the longest wait now."""

from __future__ import annotations

from rich.text import Text

from supervisor_tui import status
from supervisor_tui.app.panels.base import pct
from supervisor_tui.app.panels.calls import CallsPanel, LineFigures


class Calls101Panel(CallsPanel):
    PANEL_ID = "calls_101"
    TITLE = "101 calls"
    LINE = "101"
    TREND_OF = "abandoned_pct"

    def status(self, data: LineFigures) -> status.Status:
        return status.calls_101(data.figures.get("abandoned_pct"), self.thresholds)

    def target(self) -> tuple[str, float]:
        t = self.thresholds
        return f"< {t.abandoned_max_pct:g} % abandoned", t.abandoned_max_pct

    def headline(self, data: LineFigures) -> Text:
        line = Text(end="")
        line.append(pct(data.figures.get("abandoned_pct")), self.style("figure"))
        line.append(" abandoned", self.style("label"))
        return line
