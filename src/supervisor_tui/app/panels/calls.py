"""What the two call-handling panels (999 and 101) share: loading and layout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

import polars as pl
from rich.text import Text

from supervisor_tui import metrics
from supervisor_tui.app.panels.base import Panel, count, duration
from supervisor_tui.app.widgets.sparkline import Trend, bucket_series
from supervisor_tui.db import Session

#: Below this many hours a by-hour trend says nothing; the trend line is left out.
MIN_TREND_HOURS = 3
#: Windows longer than this trend by day (7d, 28d), shorter ones by hour (8h, 24h).
HOURLY_UP_TO = timedelta(hours=24)


def trend_unit(window: timedelta) -> str | None:
    """``hour`` or ``day`` bars for a window; None when it is too short for a trend."""
    if window.total_seconds() < MIN_TREND_HOURS * 3600:
        return None
    return "hour" if window <= HOURLY_UP_TO else "day"


def trend_of(frame: pl.DataFrame, value: str, unit: str, scope: metrics.Scope) -> Trend:
    """One value per hour or day of the window from a summary's ``hour``/``day`` rows."""
    rows = frame.filter(pl.col(unit).is_not_null())
    points = dict(zip(rows[unit].to_list(), rows[value].to_list(), strict=True))
    return Trend(tuple(bucket_series(points, scope.window_start, scope.as_of, unit)), unit)


@dataclass(frozen=True)
class LineFigures:
    """One line's figures from ``metrics.calls_summary`` and a by-hour series of one of them."""

    figures: dict[str, Any]
    trend: Trend


def load_line(session: Session, scope: metrics.Scope, line: str, value: str) -> LineFigures:
    summary = metrics.calls_summary(session, scope).filter(pl.col("line") == line)
    figures = summary.row(0, named=True) if summary.height else {}
    trend = Trend(())
    unit = trend_unit(scope.window)
    if unit is not None:
        buckets = (
            metrics.calls_summary(session, scope, by_hour=True)
            if unit == "hour"
            else metrics.calls_summary_by_day(session, scope)
        )
        trend = trend_of(buckets.filter(pl.col("line") == line), value, unit, scope)
    return LineFigures(figures=figures, trend=trend)


class CallsPanel(Panel):
    """The shared layout of the 999 and 101 panels; subclasses name the line and its target."""

    FORCE_WIDE = True
    COUNTS_RECORDS = True
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
            self.labelled(("target:", words)),
            self.labelled(("presented", count(f.get("presented"))),
                          ("answered", count(f.get("answered")))),
            self.labelled(("abandoned", count(f.get("abandoned"))),
                          ("waiting now", count(f.get("waiting")))),
            self.labelled(("longest wait now", longest), alert=waiting > 0),
        ]  # fmt: skip
        trend = self.trend(data.trend, width, "%", value) if data.trend else None
        if trend is not None:
            lines.append(trend)
        return lines

    def is_empty(self, data: LineFigures) -> bool:
        return not data.figures.get("presented")
