"""The two call-handling panels (999 and 101): the family's figures and an hourly trend."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

import polars as pl
from rich.text import Text
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.panels.base import Loaded, Panel
from supervisor_tui.app.widgets.sparkline import Trend, bucket_series
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import Family

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


class CallsPanel(Panel):
    """One line's panel; subclasses name the line, the figure trended and its target."""

    MIN_LINES = 5
    LINE: ClassVar[str] = ""
    TREND_OF: ClassVar[str] = ""
    #: The threshold the trend is scaled to include.
    TREND_TARGET: ClassVar[str] = ""

    def fetch_extra(self, session: Session, scope: metrics.Scope) -> Trend:
        unit = trend_unit(scope.window)
        if unit is None:
            return Trend(())
        buckets = (
            metrics.calls_summary(session, scope, by_hour=True)
            if unit == "hour"
            else metrics.calls_summary_by_day(session, scope)
        )
        return trend_of(buckets.filter(pl.col("line") == self.LINE), self.TREND_OF, unit, scope)

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        target = getattr(self.thresholds, self.TREND_TARGET)
        trend = self.trend(data.extra, width, "%", target) if data.extra else None
        return [trend] if trend is not None else []

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.breakdowns import CallsByHour

        return CallsByHour(cls.LINE)


class Calls999Panel(CallsPanel):
    FAMILY = "calls_999"
    LINE = "999"
    TREND_OF = "answered_within_10s_pct"
    TREND_TARGET = "answered_within_target_pct"


class Calls101Panel(CallsPanel):
    FAMILY = "calls_101"
    LINE = "101"
    TREND_OF = "abandoned_pct"
    TREND_TARGET = "abandoned_max_pct"
