"""The two call-handling panels (999 and 101): the family's figures and an hourly (or daily)
trend with its scale and span, the same hours on both; `h` opens the line's calls per
handler and `n` the callers waiting now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

import polars as pl
from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.panels.base import Loaded, Panel, fit
from supervisor_tui.app.widgets.sparkline import MIN_BARS, Trend, bucket_series, sparkline
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import Family
from supervisor_tui.timeutil import to_local

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
class Trends:
    """A panel's trends over the same buckets (one line each: name, series) up to ``end``
    (the as-of time, naive UTC)."""

    lines: tuple[tuple[str, Trend], ...]
    end: datetime

    def __bool__(self) -> bool:
        return any(trend for _, trend in self.lines)


def span_text(bars: int, unit: str, end: datetime, tz: str) -> str:
    """What ``bars`` bars up to ``end`` cover: ``24 h to 14:00``, ``8 d to 25 Nov``."""
    local = to_local(end, tz)
    if unit == "day":
        return f"{bars} d to {local:%d %b}"
    return f"{bars} h to {local:%H:%M}"


def scale_of(values: list[float | None], target: float) -> tuple[float, float]:
    """The bars' scale: the values and the target, from 0 when the target is low."""
    present = [v for v in values if v is not None]
    low = min([*present, target, 0.0 if target <= 50 else target])
    high = max([*present, target])
    return low, high


def trend_block(panel: Panel, trends: Trends, width: int, target: float, tz: str) -> list[Text]:
    """One line of bars per trend (the same buckets, the same scale) with its name, then the
    scale and the span they cover (``0–33 % · 24 h to 14:00``). As many of the latest
    buckets as fit ``width`` (at least :data:`MIN_BARS`); nothing when none has a value."""
    names = [name for name, _ in trends.lines]
    longest = max(len(trend.values) for _, trend in trends.lines)
    bars = min(longest, width - 1 - max(cell_len(name) for name in names))
    if bars < MIN_BARS:
        return []
    shown = [list(trend.values)[-bars:] for _, trend in trends.lines]
    every = [v for values in shown for v in values]
    if all(v is None for v in every):
        return []
    low, high = scale_of(every, target)
    lines: list[Text] = []
    for name, values in zip(names, shown, strict=True):
        line = Text(end="")
        line.append(sparkline(values, len(values), low=low, high=high), panel.style("trend"))
        line.append(f" {name}", panel.style("label"))
        lines.append(line)
    unit = trends.lines[0][1].unit
    scale = f"{low:.0f}–{high:.0f} % · {span_text(bars, unit, trends.end, tz)}"
    lines.append(Text(fit(scale, width), style=panel.style("label"), end=""))
    return lines


class CallsPanel(Panel):
    """One line's panel; subclasses name the line, the figure trended and its target."""

    MIN_LINES = 5
    LINE: ClassVar[str] = ""
    TREND_OF: ClassVar[str] = ""
    #: The threshold the trend is scaled to include.
    TREND_TARGET: ClassVar[str] = ""

    #: The trend's name on its line.
    TREND_NAME: ClassVar[str] = ""

    def fetch_extra(self, session: Session, scope: metrics.Scope) -> Trends | None:
        unit = trend_unit(scope.window)
        if unit is None:
            return None
        buckets = (
            metrics.calls_summary(session, scope, by_hour=True)
            if unit == "hour"
            else metrics.calls_summary_by_day(session, scope)
        )
        trend = trend_of(buckets.filter(pl.col("line") == self.LINE), self.TREND_OF, unit, scope)
        return Trends(((self.TREND_NAME, trend),), scope.as_of)

    def shared_width(self, width: int) -> int:
        """The narrowest calls panel's width on the screen, so that the 999 and 101 trends
        side by side cover the same hours."""
        widths = [width]
        for panel in self.screen.query(CallsPanel):
            if panel is not self and panel.content_region.width > 0:
                widths.append(max(panel.content_region.width, 10))
        return min(widths)

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        if not isinstance(data.extra, Trends) or not data.extra:
            return []
        target = getattr(self.thresholds, self.TREND_TARGET)
        return trend_block(
            self, data.extra, self.shared_width(width), target, self.dashboard.config.timezone
        )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "by_handler", "By handler", id="calls.by_handler", show=False,
                tooltip="This line's calls per call handler (presented, answered, in target)"),
        Binding("n", "waiting_now", "Waiting now", id="calls.waiting_now", show=False,
                tooltip="Every caller waiting now on this line, longest wait first"),
    ]  # fmt: skip

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.breakdowns import CallsByHour

        return CallsByHour(cls.LINE)

    def action_by_handler(self) -> None:
        from supervisor_tui.app.drill.breakdowns import CallsByHandler

        self.app.push_screen(CallsByHandler(self.LINE))

    def action_waiting_now(self) -> None:
        from supervisor_tui.app.drill.lists import WaitingNowList

        self.app.push_screen(WaitingNowList(self.LINE))


class Calls999Panel(CallsPanel):
    FAMILY = "calls_999"
    LINE = "999"
    TREND_OF = "answered_within_10s_pct"
    TREND_TARGET = "answered_within_target_pct"
    TREND_NAME = "% in target"


class Calls101Panel(CallsPanel):
    FAMILY = "calls_101"
    LINE = "101"
    TREND_OF = "abandoned_pct"
    TREND_TARGET = "abandoned_max_pct"
    TREND_NAME = "% abandoned"
