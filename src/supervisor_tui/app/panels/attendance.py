"""Attendance: the family's figures per grade and the grade 1 and grade 2 late trends (the
same hours, the same scale, with the span they cover)."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.panels.base import Loaded, Panel
from supervisor_tui.app.panels.calls import Trends, trend_block, trend_of, trend_unit
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import Family


class AttendancePanel(Panel):
    FAMILY = "attendance"
    MIN_LINES = 6

    def fetch_extra(self, session: Session, scope: metrics.Scope) -> Trends | None:
        unit = trend_unit(scope.window)
        if unit is None:
            return None
        buckets = (
            metrics.attendance_summary(session, scope, by_hour=True)
            if unit == "hour"
            else metrics.attendance_summary_by_day(session, scope)
        )
        lines = tuple(
            (f"G{grade} % late", trend_of(buckets.filter(pl.col("grade") == grade), "late_pct",
                                          unit, scope))
            for grade in (1, 2)
        )  # fmt: skip
        return Trends(lines, scope.as_of)

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        if not isinstance(data.extra, Trends) or not data.extra:
            return []
        tz = self.dashboard.config.timezone
        return trend_block(self, data.extra, width, self.thresholds.late_max_pct, tz)

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.breakdowns import AttendanceByArea

        return AttendanceByArea()
