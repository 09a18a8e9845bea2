"""What the two call-handling panels (999 and 101) share: loading and layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import polars as pl
from rich.text import Text

from supervisor_tui import metrics
from supervisor_tui.app.panels.base import Panel, count, duration
from supervisor_tui.app.widgets.sparkline import hour_series
from supervisor_tui.db import Session

#: Below this many hours a by-hour trend says nothing; the trend line is left out.
MIN_TREND_HOURS = 3


@dataclass(frozen=True)
class LineFigures:
    """One line's figures from ``metrics.calls_summary`` and a by-hour series of one of them."""

    figures: dict[str, Any]
    trend: list[float | None]


def load_line(session: Session, scope: metrics.Scope, line: str, trend_of: str) -> LineFigures:
    summary = metrics.calls_summary(session, scope).filter(pl.col("line") == line)
    figures = summary.row(0, named=True) if summary.height else {}
    trend: list[float | None] = []
    if scope.window.total_seconds() >= MIN_TREND_HOURS * 3600:
        hourly = metrics.calls_summary(session, scope, by_hour=True).filter(
            (pl.col("line") == line) & pl.col("hour").is_not_null()
        )
        points = dict(zip(hourly["hour"].to_list(), hourly[trend_of].to_list(), strict=True))
        trend = hour_series(points, scope.window_start, scope.as_of)
    return LineFigures(figures=figures, trend=trend)


class CallsPanel(Panel):
    """The shared layout of the 999 and 101 panels; subclasses name the line and its target."""

    FORCE_WIDE = True
    LINE: ClassVar[str] = ""
    TREND_OF: ClassVar[str] = ""

    def fetch(self, session: Session, scope: metrics.Scope) -> LineFigures:
        return load_line(session, scope, self.LINE, self.TREND_OF)

    def target(self) -> tuple[str, float]:
        """The target as words, and its value for scaling the trend."""
        raise NotImplementedError

    def body(self, data: LineFigures, width: int) -> list[Text]:
        f = data.figures
        words, value = self.target()
        waiting = int(f.get("waiting") or 0)
        longest = duration(f.get("longest_wait_now_s")) if waiting else "none waiting"
        lines = [
            self.labelled(("target", words)),
            self.labelled(("presented", count(f.get("presented"))),
                          ("answered", count(f.get("answered")))),
            self.labelled(("abandoned", count(f.get("abandoned"))),
                          ("waiting now", count(f.get("waiting")))),
            self.labelled(("longest wait now", longest), alert=waiting > 0),
        ]  # fmt: skip
        if data.trend:
            lines.append(self.trend(data.trend, width, "% by hour", value))
        return lines
