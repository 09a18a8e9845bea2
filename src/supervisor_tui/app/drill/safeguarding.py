"""Clare's Law and neighbourhood abstraction drill-downs.

Clare's Law: by area (the window's disclosures over the last 28 days unless the window is
changed on the drill) → applications, fewest days left first → one application
(``DvdsScreen``, the record the ``dvds_*`` clocks open). Neighbourhood: by area, or by reason
(`r`) → officers → their abstractions (when recorded against when they started). Nothing
personal beyond the application id is shown for an application; officers' names are
``personal`` columns (hidden by ``--redact``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

import polars as pl
from textual.binding import Binding, BindingType
from textual.screen import Screen

from supervisor_tui import deadlines, metrics
from supervisor_tui.app.drill.breakdowns import ALL, BUCKET, LABEL, NAME, AreaBreakdown, Breakdown
from supervisor_tui.app.drill.columns import Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.records import RecordScreen, Section
from supervisor_tui.app.drill.table import DrillTable
from supervisor_tui.db import Session
from supervisor_tui.figures import dvds, neighbourhood

#: The Clare's Law drill counts disclosures over this window (the inspectorate's figure is
#: over months) until the window is changed while on it.
DVDS_WINDOW = timedelta(days=28)


class DvdsWindow:
    """Reads with the 28-day window while the dashboard's window is the one it was opened
    with; a window chosen on the drill (`w`) is followed."""

    opened_window: timedelta | None = None

    def drill_scope(self, scope: metrics.Scope) -> metrics.Scope:
        if self.opened_window is None:
            self.opened_window = scope.window
        if scope.window != self.opened_window:
            return scope
        return scope.with_(window=DVDS_WINDOW)


def dvds_rows(session: Session, scope: metrics.Scope) -> pl.DataFrame:
    """Applications open at T or disclosed in the window; days left only while open, and
    ``limit`` saying it in words (``3 d 02 h over``)."""
    frame = dvds.applications(session, scope)
    frame = frame.with_columns(
        pl.when(pl.col("is_open")).then(pl.col("days_left")).alias("days_left"),
        pl.when(pl.col("is_open"))
        .then(pl.lit("open"))
        .when(pl.col("disclosed_at").is_not_null())
        .then(pl.lit("disclosed"))
        .otherwise(pl.lit("closed"))
        .alias("state"),
    )
    limit = [None if d is None else dvds.days_left_text(d) for d in frame["days_left"]]
    return frame.with_columns(pl.Series("limit", limit, dtype=pl.String)).sort(
        ["days_left", "application_id"], nulls_last=True
    )


class DvdsByArea(DvdsWindow, AreaBreakdown):
    """Clare's Law per area (the application's area)."""

    export_name = "dvds-by-area"
    cols = (
        Col(LABEL, "Area"),
        Col(NAME, "Name"),
        Col("open", "Open", "int"),
        Col("over_28_days", "Over limit", "int"),
        Col("initial_checks_overdue", "Checks overdue", "int"),
        Col("disclosures", "Disclosures", "int"),
        Col("disclosed_within_28d", "Within limit", "int"),
        Col("disclosed_within_28d_pct", "Within limit %", "dec1"),
    )

    def __init__(self) -> None:
        super().__init__("Clare's Law › By area")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        scope = self.drill_scope(scope)
        whole = dvds.summary(session, scope)
        parts = dvds.summary(session, scope, by_area=True)
        return self.area_rows(whole, parts, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        label, where = self.area_filter(key)
        screen = DvdsList(label, where)
        screen.opened_window = self.opened_window
        return screen


class DvdsList(DvdsWindow, ListScreen):
    """Applications open at T (fewest days left first), then those disclosed in the window."""

    export_name = "dvds-applications"
    noun = "applications"
    key = "application_id"
    cols = (
        Col("application_id", "Application"),
        Col("state", "State"),
        Col("limit", "Limit"),
        Col("days_left", "Days left", "dec1"),
        Col("route", "Route"),
        Col("area_code", "Area"),
        Col("received_at", "Received", "time"),
        Col("initial_checks_at", "Checks", "time"),
        Col("initial_checks_overdue", "Checks overdue", "flag"),
        Col("disclosed_at", "Disclosed", "time"),
        Col("officer_id", "Officer"),
    )

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return dvds_rows(session, self.drill_scope(scope))

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return DvdsScreen(key)


class DvdsScreen(RecordScreen):
    """One Clare's Law application: route, dates, checks, disclosure, officer, and its
    deadlines as the action queue sees them; `o` opens the officer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "officer", "Officer", id="drill.dvds_officer",
                tooltip="Open the officer dealing with this application"),
    ]  # fmt: skip

    noun = "application"
    RECORD = "dvds_application"
    field_cols = (
        Col("application_id", "Application"),
        Col("route", "Route"),
        Col("state", "State"),
        Col("area_code", "Area"),
        Col("received_at", "Received", "time"),
        Col("limit", "Disclosure limit"),
        Col("due_at", "Due by", "time"),
        Col("checks_due_at", "Checks due by", "time"),
        Col("initial_checks_at", "Initial checks", "time"),
        Col("disclosed_at", "Disclosed", "time"),
        Col("closed_at", "Closed", "time"),
        Col("officer_id", "Officer"),
        Col("officer_name", "Officer name", personal=True),
        Col("team", "Team"),
    )
    sections = (
        Section("clocks", "Deadlines", "deadlines", (
            Col("title", "Deadline"),
            Col("due_at", "Due", "time"),
            Col("state", "State"),
            Col("done_at", "Done", "time"),
        )),
    )  # fmt: skip

    def __init__(self, application_id: str) -> None:
        super().__init__(application_id, f"Clare's Law {application_id}")

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        found = session.query("dvds_record", scope.params(application_id=self.record_id))
        if not found.height:
            return None
        record = found.row(0, named=True)
        closed = record["closed_at"] is not None
        record["state"] = (
            "open" if not closed else "disclosed" if record["disclosed_at"] else "closed"
        )
        record["limit"] = "concluded" if closed else dvds.days_left_text(record["days_left"])
        team = record.get("team_name")
        record["team"] = f"{record['team_id']} {team}" if team else record.get("team_id")
        anywhere = scope.with_(area=None, team=None)
        kinds = {c.kind for c in dvds.CLOCKS}
        clocks = deadlines.items(session, anywhere, kinds).filter(
            pl.col("item_id") == self.record_id
        )
        titles = {c.kind: c.title for c in dvds.CLOCKS}
        clocks = clocks.with_columns(
            pl.col("kind").replace_strict(titles, default=None).alias("title"),
            pl.col("state").str.replace_all("_", " "),
        ).sort("due_at")
        return {"record": record, "clocks": clocks}

    def action_officer(self) -> None:
        officer = (self.record or {}).get("officer_id")
        if officer is None:
            self.notify("No officer recorded for this application", timeout=4)
            return
        from supervisor_tui.app.drill.records import OfficerScreen

        self.app.push_screen(OfficerScreen(str(officer)))

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        self.action_officer()
        return None


# --- neighbourhood -----------------------------------------------------------------------

_REASON_BINDING: list[BindingType] = [
    Binding("r", "by_reason", "By reason", id="drill.nbh_reason",
            tooltip="Abstracted hours per reason"),
]  # fmt: skip


class NeighbourhoodByArea(AreaBreakdown):
    """Neighbourhood abstraction per area (the officer's area); `r` shows it by reason."""

    BINDINGS: ClassVar[list[BindingType]] = _REASON_BINDING
    export_name = "neighbourhood-by-area"
    cols = (
        Col(LABEL, "Area"),
        Col(NAME, "Name"),
        Col("abstracted_pct", "Abstracted %", "dec1"),
        Col("unplanned_pct", "Unplanned %", "dec1"),
        Col("rostered_hours", "Rostered h", "dec1"),
        Col("abstracted_hours", "Abstracted h", "dec1"),
        Col("unplanned_hours", "Unplanned h", "dec1"),
        Col("officers", "Officers", "int"),
    )

    def __init__(self) -> None:
        super().__init__("Neighbourhood › By area")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        whole = neighbourhood.summary(session, scope)
        parts = neighbourhood.summary(session, scope, by_area=True)
        return self.area_rows(whole, parts, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        label, where = self.area_filter(key)
        return NeighbourhoodOfficers(label, where)

    def action_by_reason(self) -> None:
        self.app.push_screen(NeighbourhoodByReason())


class NeighbourhoodByReason(Breakdown):
    """Abstracted hours per reason, most first; the whole-scope row first."""

    noun = "reasons"
    export_name = "neighbourhood-by-reason"
    cols = (
        Col(LABEL, "Reason"),
        Col("hours", "Hours", "dec1"),
        Col("unplanned_hours", "Unplanned h", "dec1"),
        Col("unplanned_pct", "Unplanned %", "dec1"),
        Col("abstractions", "Abstractions", "int"),
    )

    def __init__(self) -> None:
        super().__init__("By reason")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        parts = neighbourhood.by_reason(session, scope)
        whole = parts.select(
            pl.col("abstractions").sum(),
            pl.col("hours").sum(),
            pl.col("unplanned_hours").sum(),
        ).with_columns((100.0 * pl.col("unplanned_hours") / pl.col("hours")).alias("unplanned_pct"))
        parts = parts.with_columns(pl.col("reason").alias(BUCKET), pl.col("reason").alias(LABEL))
        whole = whole.with_columns(pl.lit(ALL).alias(BUCKET), pl.lit("All reasons").alias(LABEL))
        return pl.concat([whole, parts.drop("reason")], how="diagonal_relaxed")

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        if key == ALL:
            return AbstractionsList("All reasons")
        return AbstractionsList(key, pl.col("reason") == key)


class NeighbourhoodOfficers(ListScreen):
    """Neighbourhood officers rostered or abstracted in the window, most abstracted first."""

    BINDINGS: ClassVar[list[BindingType]] = _REASON_BINDING
    export_name = "neighbourhood-officers"
    noun = "officers"
    key = "officer_id"
    cols = (
        Col("officer_id", "Officer"),
        Col("collar_number", "Collar"),
        Col("name", "Name", personal=True),
        Col("team_id", "Team"),
        Col("area_code", "Area"),
        Col("abstracted_pct", "Abstracted %", "dec1"),
        Col("rostered_hours", "Rostered h", "dec1"),
        Col("abstracted_hours", "Abstracted h", "dec1"),
        Col("unplanned_hours", "Unplanned h", "dec1"),
        Col("abstractions", "Abstractions", "int"),
    )

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return neighbourhood.officers(session, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return AbstractionsList(f"Abstractions of {key}", pl.col("officer_id") == key)

    def action_by_reason(self) -> None:
        self.app.push_screen(NeighbourhoodByReason())


class AbstractionsList(ListScreen):
    """Abstractions known at T that overlap the window: when each was recorded against when
    it started (notice), planned or not, and its hours in the window. Enter opens the
    officer."""

    export_name = "abstractions"
    noun = "abstractions"
    key = "abstraction"
    carry = ("officer_id",)
    default_sort = (4, True)  # latest start first
    cols = (
        Col("officer_id", "Officer"),
        Col("name", "Name", personal=True),
        Col("area_code", "Area"),
        Col("reason", "Reason"),
        Col("starts_at", "Starts", "time"),
        Col("ends_at", "Ends", "time"),
        Col("recorded_at", "Recorded", "time"),
        Col("notice_h", "Notice", "duration_min"),
        Col("planned", "Planned", "yesno"),
        Col("hours", "Hours in window", "dec1"),
    )

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        frame = neighbourhood.abstractions(session, scope)
        return frame.with_columns(
            pl.concat_str(
                [pl.col("officer_id"), pl.col("starts_at").dt.strftime("%Y-%m-%dT%H:%M:%S")],
                separator="@",
            ).alias("abstraction"),
            (pl.col("notice_hours") * 60).alias("notice_h"),
        )

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        officer = self.table_view.carried(key, "officer_id")
        if officer is None:
            return None
        from supervisor_tui.app.drill.records import OfficerScreen

        return OfficerScreen(str(officer))
