"""Breakdowns: a panel's figures per hour or per area, straight from the core's summaries.

Each breakdown's first row is the whole scope (the figure the panel shows); Enter on any row
opens the list behind it, narrowed to that hour or area.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import polars as pl
from textual.binding import Binding, BindingType
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.drill.columns import Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.lists import IncidentsList, OnDutyList, SuspectsList
from supervisor_tui.app.drill.table import DrillTable
from supervisor_tui.db import Session
from supervisor_tui.timeutil import to_local

ALL = "__all__"
NO_AREA = "__none__"
BUCKET = "bucket"
LABEL = "label"
NAME = "area_name"


def _all_first(whole: pl.DataFrame, parts: pl.DataFrame, label: str) -> pl.DataFrame:
    whole = whole.with_columns(pl.lit(ALL).alias(BUCKET), pl.lit(label).alias(LABEL))
    return pl.concat([whole, parts], how="diagonal_relaxed")


class Breakdown(ListScreen):
    """A breakdown: rows keyed by bucket, the whole-scope row pinned first."""

    key = BUCKET
    pinned = (ALL,)


class CallsByHour(Breakdown):
    """999 or 101 call handling per hour presented (times in the display time zone)."""

    noun = "hours"
    default_sort = (0, True)  # newest hour first
    COLS: ClassVar[dict[str, tuple[Col, ...]]] = {
        "999": (
            Col(LABEL, "Hour"),
            Col("answered_within_10s_pct", "% in 10 s", "dec1"),
            Col("presented", "Presented", "int"),
            Col("answered", "Answered", "int"),
            Col("answered_within_10s", "In 10 s", "int"),
            Col("abandoned", "Abandoned", "int"),
            Col("waiting", "Waiting", "int"),
            Col("mean_answer_s", "Mean answer s", "dec1"),
            Col("longest_wait_now_s", "Longest wait s", "dec1"),
        ),
        "101": (
            Col(LABEL, "Hour"),
            Col("abandoned_pct", "Abandoned %", "dec1"),
            Col("presented", "Presented", "int"),
            Col("answered", "Answered", "int"),
            Col("abandoned", "Abandoned", "int"),
            Col("waiting", "Waiting", "int"),
            Col("mean_answer_s", "Mean answer s", "dec1"),
            Col("longest_wait_now_s", "Longest wait s", "dec1"),
        ),
    }

    def __init__(self, line: str) -> None:
        super().__init__(f"{line} calls › By hour")
        self.line = line
        self.cols = self.COLS[line]
        self.export_name = f"{line}-calls-by-hour"

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        line = pl.col("line") == self.line
        whole = metrics.calls_summary(session, scope).filter(line)
        hours = metrics.calls_summary(session, scope, by_hour=True).filter(
            line & pl.col("hour").is_not_null()
        )
        local = (
            pl.col("hour")
            .dt.replace_time_zone("UTC")
            .dt.convert_time_zone(self.tz)
            .dt.strftime("%Y-%m-%d %H:%M")
        )
        hours = hours.with_columns(
            pl.col("hour").dt.strftime("%Y-%m-%dT%H:%M").alias(BUCKET), local.alias(LABEL)
        )
        return _all_first(whole, hours, "Whole window")

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.lists import CallsList

        line = pl.col("line") == self.line
        if key == ALL:
            return CallsList("Whole window", line)
        hour = datetime.fromisoformat(key)
        label = to_local(hour, self.tz).strftime("%Y-%m-%d %H:%M")  # as in the Hour column
        in_hour = pl.col("presented_at").dt.truncate("1h") == hour
        return CallsList(label, line & in_hour)


def whole_label(area: str | None) -> str:
    return "Whole force" if area is None else f"All of {area}"


class AreaBreakdown(Breakdown):
    """A breakdown per area; the whole-scope row reads "Whole force" (or the chosen area)."""

    noun = "areas"

    def area_rows(
        self, whole: pl.DataFrame, parts: pl.DataFrame, scope: metrics.Scope
    ) -> pl.DataFrame:
        names = getattr(self.dashboard, "area_names", {}) or {}
        label = whole_label(scope.area)
        parts = parts.with_columns(
            pl.col("area_code").fill_null(NO_AREA).alias(BUCKET),
            pl.col("area_code").fill_null("(no area)").alias(LABEL),
            pl.col("area_code")
            .replace_strict(names, default=None, return_dtype=pl.String)
            .alias(NAME),
        )
        return _all_first(whole, parts, label)

    def area_filter(self, key: str) -> tuple[str, pl.Expr | None]:
        if key == ALL:
            return whole_label(self.dashboard.scope.area), None
        if key == NO_AREA:
            return "No area", pl.col("area_code").is_null()
        return key, pl.col("area_code") == key


def _by_grade(frame: pl.DataFrame, grade: int) -> pl.DataFrame:
    figures = ["late_pct", "late", "due", "breaching_now", "victim_not_updated"]
    return frame.filter(pl.col("grade") == grade).select(
        "area_code", *(pl.col(f).alias(f"g{grade}_{f}") for f in figures)
    )


class AttendanceByArea(AreaBreakdown):
    """Grade 1 and grade 2 late attendance per area."""

    export_name = "attendance-by-area"
    cols = (
        Col(LABEL, "Area"),
        Col(NAME, "Name"),
        Col("g1_late_pct", "G1 late %", "dec1"),
        Col("g1_late", "G1 late", "int"),
        Col("g1_due", "G1 due", "int"),
        Col("g1_breaching_now", "G1 breaching", "int"),
        Col("g2_late_pct", "G2 late %", "dec1"),
        Col("g2_late", "G2 late", "int"),
        Col("g2_due", "G2 due", "int"),
        Col("g2_breaching_now", "G2 breaching", "int"),
    )

    def __init__(self) -> None:
        super().__init__("Attendance › By area")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        def pivot(frame: pl.DataFrame) -> pl.DataFrame:
            return _by_grade(frame, 1).join(
                _by_grade(frame, 2), on="area_code", how="full", coalesce=True, nulls_equal=True
            )

        per_area = metrics.attendance_summary(session, scope, by_area=True)
        # A grade with no incidents at all comes back as one row with no area: not an area.
        parts = pivot(per_area.filter(pl.col("area_code").is_not_null())).sort("area_code")
        whole = pivot(metrics.attendance_summary(session, scope))
        return self.area_rows(whole, parts, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        label, where = self.area_filter(key)
        return IncidentsList(label, where)


class SuspectsByArea(AreaBreakdown):
    """Outstanding suspects and overdue reviews per area (the crime's area)."""

    export_name = "suspects-by-area"
    cols = (
        Col(LABEL, "Area"),
        Col(NAME, "Name"),
        Col("outstanding", "Outstanding", "int"),
        Col("over_90_days_unreviewed", "90d unreviewed", "int"),
        Col("high_risk", "High risk", "int"),
        Col("high_risk_not_reviewed_24h", "High risk 24h unreviewed", "int"),
    )

    def __init__(self) -> None:
        super().__init__("Suspects › By area")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        whole = metrics.suspects_summary(session, scope)
        parts = metrics.suspects_summary(session, scope, by_area=True)
        return self.area_rows(whole, parts, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        label, where = self.area_filter(key)
        return SuspectsList(label, where)


class OnDutyByArea(AreaBreakdown):
    """Officers on duty, committed and available per duty area."""

    export_name = "on-duty-by-area"
    cols = (
        Col(LABEL, "Area"),
        Col(NAME, "Name"),
        Col("officers", "On duty", "int"),
        Col("committed", "Committed", "int"),
        Col("available", "Available", "int"),
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "open_incidents", "Open incidents", id="drill.open_incidents",
                tooltip="Every incident open now, any grade, oldest first (shift handover)"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__("On duty › By area")

    def action_open_incidents(self) -> None:
        from supervisor_tui.app.drill.lists import OpenIncidentsList

        self.app.push_screen(OpenIncidentsList())

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        whole = metrics.on_duty_summary(session, scope)
        parts = metrics.on_duty_summary(session, scope, by_area=True)
        return self.area_rows(whole, parts, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        label, where = self.area_filter(key)
        return OnDutyList(label, where)
