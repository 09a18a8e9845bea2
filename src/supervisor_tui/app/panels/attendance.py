"""Attendance: the family's figures per grade and the grade 1 late trend."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.panels.base import Loaded, Panel
from supervisor_tui.app.panels.calls import trend_of, trend_unit
from supervisor_tui.app.widgets.sparkline import Trend
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import Family


class AttendancePanel(Panel):
    FAMILY = "attendance"
    MIN_LINES = 6

    def fetch_extra(self, session: Session, scope: metrics.Scope) -> Trend | None:
        unit = trend_unit(scope.window)
        if unit is None:
            return None
        buckets = (
            metrics.attendance_summary(session, scope, by_hour=True)
            if unit == "hour"
            else metrics.attendance_summary_by_day(session, scope)
        )
        return trend_of(buckets.filter(pl.col("grade") == 1), "late_pct", unit, scope)

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        if not data.extra:
            return []
        trend = self.trend(data.extra, width, "G1 % late", self.thresholds.late_max_pct)
        return [trend] if trend is not None else []

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.breakdowns import AttendanceByArea

        return AttendanceByArea()
