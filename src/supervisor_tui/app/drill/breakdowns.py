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

from supervisor_tui import call_handling, metrics, status
from supervisor_tui.app.drill.columns import HIGH, KEEP, LOW, Col, compact_time
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


#: The hourly rows' status column (✖ BREACH, ▲ NEAR, ✔ OK per hour, by the panel's rule).
HOUR_STATUS = Col("hour_status", "Status", priority=KEEP)
#: "part" on an hour only partly in the window (cut by its start, or the current hour).
PART_HOUR = Col("part", "Part", priority=HIGH)


#: The hour label, compact on a narrow screen (``13:00`` on the as-of day).
HOUR_LABEL = Col(LABEL, "Hour", short="label_short")


def hour_rows(frame: pl.DataFrame, tz: str, as_of: datetime) -> pl.DataFrame:
    """By-hour rows keyed by their UTC hour, labelled in ``tz`` (and compactly, relative to
    the as-of day), with the part-hour mark."""
    today = to_local(as_of, tz).date()
    local = (
        pl.col("hour")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(tz)
        .dt.strftime("%Y-%m-%d %H:%M")
    )
    return frame.with_columns(
        pl.col("hour").dt.strftime("%Y-%m-%dT%H:%M").alias(BUCKET),
        local.alias(LABEL),
        compact_time(pl.col("hour"), "hour", tz, today).alias("label_short"),
        pl.when(pl.col("part_hour")).then(pl.lit("part")).otherwise(pl.lit("")).alias("part"),
    )


class CallsByHour(Breakdown):
    """999 or 101 call handling per hour presented (times in the display time zone), each
    hour with its status by the panel's rule and part hours marked; `h` opens the calls per
    handler and `n` the callers waiting now."""

    noun = "hours"
    default_sort = (0, True)  # newest hour first
    COLS: ClassVar[dict[str, tuple[Col, ...]]] = {
        "999": (
            HOUR_LABEL,
            Col("answered_within_10s_pct", "% in 10 s", "dec1", priority=KEEP),
            HOUR_STATUS,
            PART_HOUR,
            Col("presented", "Presented", "int", priority=HIGH),
            Col("answered", "Answered", "int"),
            Col("answered_within_10s", "In 10 s", "int"),
            Col("abandoned", "Abandoned", "int"),
            Col("waiting", "Waiting", "int", priority=LOW),
            Col("mean_answer_s", "Mean answer s", "dec1"),
            Col("longest_wait_now_s", "Longest wait s", "dec1", priority=LOW),
        ),
        "101": (
            HOUR_LABEL,
            Col("abandoned_pct", "Abandoned %", "dec1", priority=KEEP),
            HOUR_STATUS,
            PART_HOUR,
            Col("presented", "Presented", "int", priority=HIGH),
            Col("answered", "Answered", "int"),
            Col("abandoned", "Abandoned", "int", priority=HIGH),
            Col("waiting", "Waiting", "int", priority=LOW),
            Col("mean_answer_s", "Mean answer s", "dec1"),
            Col("longest_wait_now_s", "Longest wait s", "dec1", priority=LOW),
        ),
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "by_handler", "By handler", id="drill.calls_by_handler", show=False,
                tooltip="The line's calls per call handler (presented, answered, in target)"),
        Binding("n", "waiting_now", "Waiting now", id="drill.calls_waiting_now", show=False,
                tooltip="Every caller waiting now, longest wait first"),
    ]  # fmt: skip

    def __init__(self, line: str) -> None:
        super().__init__(f"{line} calls › By hour")
        self.line = line
        self.cols = self.COLS[line]
        self.export_name = f"{line}-calls-by-hour"

    def action_by_handler(self) -> None:
        self.app.push_screen(CallsByHandler(self.line, crumb="By handler"))

    def action_waiting_now(self) -> None:
        from supervisor_tui.app.drill.lists import WaitingNowList

        self.app.push_screen(WaitingNowList(self.line, crumb="Waiting now"))

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        line = pl.col("line") == self.line
        whole = metrics.calls_summary(session, scope).filter(line)
        figure = self.cols[1].key
        word = call_handling.hour_status(self.line, whole[figure][0], scope.thresholds).label
        whole = whole.with_columns(pl.lit(word).alias("hour_status"), pl.lit("").alias("part"))
        hours = metrics.calls_summary(session, scope, by_hour=True).filter(
            line & pl.col("hour").is_not_null()
        )
        hours = call_handling.calls_hours(hours, scope, self.line)
        hours = hour_rows(hours, self.tz, scope.as_of)
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


NO_HANDLER = "__none__"


class CallsByHandler(Breakdown):
    """999 or 101 call handling per call handler over the window: presented, answered, in
    target, mean answer and abandoned (the whole line first; they sum to it). Handler names
    come from the officers table where it has them (hidden with --redact)."""

    noun = "handlers"
    default_sort = (2, True)  # busiest first
    COLS: ClassVar[dict[str, tuple[Col, ...]]] = {
        "999": (
            Col(LABEL, "Handler"),
            Col("name", "Name", personal=True, priority=HIGH),
            Col("presented", "Presented", "int", priority=KEEP),
            Col("answered", "Answered", "int", priority=HIGH),
            Col("answered_within_10s_pct", "% in 10 s", "dec1", priority=KEEP),
            Col("mean_answer_s", "Mean answer s", "dec1", priority=KEEP),
            Col("abandoned", "Abandoned", "int", priority=HIGH),
            Col("waiting", "Waiting", "int", priority=LOW),
        ),
        "101": (
            Col(LABEL, "Handler"),
            Col("name", "Name", personal=True, priority=HIGH),
            Col("presented", "Presented", "int", priority=KEEP),
            Col("answered", "Answered", "int", priority=HIGH),
            Col("abandoned", "Abandoned", "int", priority=KEEP),
            Col("abandoned_pct", "Abandoned %", "dec1", priority=HIGH),
            Col("mean_answer_s", "Mean answer s", "dec1", priority=KEEP),
            Col("answered_within_10s_pct", "% in 10 s", "dec1", priority=LOW),
            Col("waiting", "Waiting", "int", priority=LOW),
        ),
    }

    def __init__(self, line: str, crumb: str | None = None) -> None:
        super().__init__(crumb or f"{line} calls › By handler")
        self.line = line
        self.cols = self.COLS[line]
        self.export_name = f"{line}-calls-by-handler"

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        whole = metrics.calls_summary(session, scope).filter(pl.col("line") == self.line)
        parts = call_handling.by_handler(session, scope, self.line)
        collar = pl.col("collar_number").fill_null(pl.col("handler_id"))
        parts = parts.with_columns(
            pl.col("handler_id").fill_null(NO_HANDLER).alias(BUCKET),
            collar.fill_null("(no handler)").alias(LABEL),
        )
        return _all_first(whole, parts, "Whole window")

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.lists import CallsList

        line = pl.col("line") == self.line
        if key == ALL:
            return CallsList(f"{self.line} calls", line)
        if key == NO_HANDLER:
            return CallsList("No handler", line & pl.col("handler_id").is_null())
        return CallsList(f"Handler {key}", line & (pl.col("handler_id") == key))


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


def _hour_grade(frame: pl.DataFrame, grade: int, scope: metrics.Scope) -> pl.DataFrame:
    marked = call_handling.attendance_hours(frame.filter(pl.col("grade") == grade), scope)
    figures = ["late_pct", "late", "due", "breaching_now", "hour_status"]
    return marked.select("hour", "part_hour", *(pl.col(f).alias(f"g{grade}_{f}") for f in figures))


class AttendanceByHour(Breakdown):
    """Grade 1 and grade 2 late attendance per hour opened, each grade's hour with its
    status by the panel's rule and part hours marked (times in the display time zone)."""

    noun = "hours"
    export_name = "attendance-by-hour"
    default_sort = (0, True)  # newest hour first
    cols = (
        HOUR_LABEL,
        Col("g1_late_pct", "G1 late %", "dec1", priority=KEEP),
        Col("g1_hour_status", "G1 status", priority=KEEP),
        Col("g2_late_pct", "G2 late %", "dec1", priority=KEEP),
        Col("g2_hour_status", "G2 status", priority=KEEP),
        PART_HOUR,
        Col("g1_late", "G1 late", "int"),
        Col("g1_due", "G1 due", "int", priority=HIGH),
        Col("g2_late", "G2 late", "int"),
        Col("g2_due", "G2 due", "int", priority=HIGH),
        Col("g1_breaching_now", "G1 breaching", "int", priority=LOW),
        Col("g2_breaching_now", "G2 breaching", "int", priority=LOW),
    )

    def __init__(self, crumb: str | None = None) -> None:
        super().__init__(crumb or "Attendance › By hour")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        per_hour = metrics.attendance_summary(session, scope, by_hour=True)
        per_hour = per_hour.filter(pl.col("hour").is_not_null())
        g1, g2 = _hour_grade(per_hour, 1, scope), _hour_grade(per_hour, 2, scope)
        hours = g1.join(g2, on=["hour", "part_hour"], how="full", coalesce=True).sort("hour")
        whole = _by_grade(metrics.attendance_summary(session, scope), 1).join(
            _by_grade(metrics.attendance_summary(session, scope), 2), on="area_code", how="full",
            coalesce=True, nulls_equal=True,
        )  # fmt: skip
        t = scope.thresholds
        whole = whole.with_columns(
            pl.lit(status.attendance_late(whole["g1_late_pct"][0], t).label).alias(
                "g1_hour_status"
            ),
            pl.lit(status.attendance_late(whole["g2_late_pct"][0], t).label).alias(
                "g2_hour_status"
            ),
            pl.lit("").alias("part"),
        )
        return _all_first(whole, hour_rows(hours, self.tz, scope.as_of), "Whole window")

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        if key == ALL:
            return IncidentsList("Whole window")
        hour = datetime.fromisoformat(key)
        label = to_local(hour, self.tz).strftime("%Y-%m-%d %H:%M")  # as in the Hour column
        return IncidentsList(label, pl.col("opened_at").dt.truncate("1h") == hour)


class AttendanceByArea(AreaBreakdown):
    """Grade 1 and grade 2 late attendance per area; `h` opens them per hour."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "by_hour", "By hour", id="drill.attendance_by_hour", show=False,
                tooltip="Grade 1 and 2 late attendance per hour opened, with each hour's status"),
    ]  # fmt: skip

    export_name = "attendance-by-area"
    cols = (
        Col(LABEL, "Area"),
        Col(NAME, "Name", priority=LOW),
        Col("g1_late_pct", "G1 late %", "dec1", priority=KEEP),
        Col("g1_late", "G1 late", "int"),
        Col("g1_due", "G1 due", "int"),
        Col("g1_breaching_now", "G1 breaching", "int", priority=KEEP),
        Col("g2_late_pct", "G2 late %", "dec1", priority=KEEP),
        Col("g2_late", "G2 late", "int"),
        Col("g2_due", "G2 due", "int"),
        Col("g2_breaching_now", "G2 breaching", "int", priority=KEEP),
    )

    def __init__(self) -> None:
        super().__init__("Attendance › By area")

    def action_by_hour(self) -> None:
        self.app.push_screen(AttendanceByHour("By hour"))

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
        Col(NAME, "Name", priority=LOW),
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
        Col(NAME, "Name", priority=LOW),
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
