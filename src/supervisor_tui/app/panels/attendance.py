"""Attendance: grade 1 and grade 2 late %, incidents breaching now, victims not updated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.text import Text

from supervisor_tui import metrics, status
from supervisor_tui.app.panels.base import Panel, count, pct, worst
from supervisor_tui.app.panels.calls import trend_of, trend_unit
from supervisor_tui.app.widgets.sparkline import Trend
from supervisor_tui.db import Session


@dataclass(frozen=True)
class AttendanceFigures:
    grades: dict[int, dict[str, Any]]
    trend: dict[int, Trend]


class AttendancePanel(Panel):
    PANEL_ID = "attendance"
    TITLE = "Attendance"
    MIN_LINES = 7
    COUNTS_RECORDS = True

    def fetch(self, session: Session, scope: metrics.Scope) -> AttendanceFigures:
        summary = metrics.attendance_summary(session, scope)
        grades = {row["grade"]: row for row in summary.iter_rows(named=True)}
        trend: dict[int, Trend] = {}
        unit = trend_unit(scope.window)
        if unit is not None:
            buckets = (
                metrics.attendance_summary(session, scope, by_hour=True)
                if unit == "hour"
                else metrics.attendance_summary_by_day(session, scope)
            )
            for grade in metrics.GRADES:
                of_grade = buckets.filter(pl.col("grade") == grade)
                trend[grade] = trend_of(of_grade, "late_pct", unit, scope)
        return AttendanceFigures(grades=grades, trend=trend)

    def is_empty(self, data: AttendanceFigures) -> bool:
        return not any(row.get("opened") for row in data.grades.values())

    def grade_status(self, data: AttendanceFigures, grade: int) -> status.Status:
        return status.attendance_late(data.grades.get(grade, {}).get("late_pct"), self.thresholds)

    def status(self, data: AttendanceFigures) -> status.Status | None:
        return worst(*(self.grade_status(data, g) for g in metrics.GRADES))

    def headline(self, data: AttendanceFigures) -> Text:
        line = Text(end="")
        for i, grade in enumerate(metrics.GRADES):
            if i:
                line.append(" · ", self.style("label"))
            line.append(pct(data.grades.get(grade, {}).get("late_pct")), self.style("figure"))
            line.append(f" G{grade}", self.style("label"))
        line.append(" late", self.style("label"))
        return line

    def body(self, data: AttendanceFigures, width: int) -> list[Text]:
        t = self.thresholds
        lines = [self.labelled(("target:", f"< {t.late_max_pct:g} % late"))]
        for grade in metrics.GRADES:
            row = data.grades.get(grade, {})
            line = self.labelled(
                (f"grade {grade}", f"{count(row.get('late'))} of {count(row.get('due'))}")
            )
            line.append("  ")
            line.append_text(self.status_word(self.grade_status(data, grade)))
            lines.append(line)
        for label, name in (("breaching now", "breaching_now"),
                            ("victim not updated", "victim_not_updated")):  # fmt: skip
            values = [int(data.grades.get(g, {}).get(name) or 0) for g in metrics.GRADES]
            lines.append(
                self.labelled(
                    *((f"{label} G{g}" if i == 0 else f"G{g}", count(v))
                      for i, (g, v) in enumerate(zip(metrics.GRADES, values, strict=True))),
                    alert=any(values),
                )
            )  # fmt: skip
        g1 = data.trend.get(1)
        trend = self.trend(g1, width, "G1 % late", t.late_max_pct) if g1 else None
        if trend is not None:
            lines.append(trend)
        return lines
