"""The lists: calls, incidents, officers (workload, on duty) and suspects."""

from __future__ import annotations

import polars as pl
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.drill.columns import Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.table import DrillTable
from supervisor_tui.db import Session

OFFICER_COLS: tuple[Col, ...] = (
    Col("officer_id", "Officer"),
    Col("collar_number", "Collar"),
    Col("name", "Name", personal=True),
    Col("rank", "Rank"),
    Col("team_id", "Team"),
    Col("area_code", "Area"),
)


class CallsList(ListScreen):
    """Calls presented in the window (one line, one hour or the whole window)."""

    export_name = "calls"
    noun = "calls"
    key = "call_id"
    carry = ("incident_id",)
    cols = (
        Col("call_id", "Call"),
        Col("presented_at", "Presented", "time_s"),
        Col("status", "Status"),
        Col("answer_s", "Answer s", "dec1"),
        Col("waiting_s", "Waiting s", "dec1"),
        Col("within_target", "In target", "yesno"),
        Col("incident_id", "Incident"),
        Col("handler_id", "Handler"),
    )
    default_sort = (1, True)  # newest first

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return metrics.calls_list(session, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        incident = self.table_view.carried(key, "incident_id")
        if incident is None:
            self.notify(f"Call {key} has no incident", timeout=4)
            return None
        from supervisor_tui.app.drill.records import IncidentScreen

        return IncidentScreen(str(incident))


class IncidentsList(ListScreen):
    """Grade 1 and 2 incidents opened in the window, with their attendance status."""

    export_name = "incidents"
    noun = "incidents"
    key = "incident_id"
    cols = (
        Col("incident_id", "Incident"),
        Col("opened_at", "Opened", "time"),
        Col("grade", "Grade", "int"),
        Col("area_code", "Area"),
        Col("status", "Status"),
        Col("target_min", "Target min", "int"),
        Col("response_min", "Response min", "dec1"),
        Col("sent", "Sent"),
        Col("first_dispatched_at", "Dispatched", "time"),
        Col("first_arrival", "Arrived", "time"),
        Col("victim_not_updated", "Victim not updated", "flag"),
        Col("category", "Category"),
        Col("summary", "Summary"),
    )
    default_sort = (1, True)

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return metrics.incidents_list(session, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.records import IncidentScreen

        return IncidentScreen(key)


class WorkloadList(ListScreen):
    """Officers in charge of open crimes with outstanding suspects, most crimes first."""

    export_name = "workload"
    noun = "officers"
    key = "officer_id"
    cols = (
        *OFFICER_COLS,
        Col("crimes", "Crimes", "int"),
        Col("over_trigger", "Over trigger", "flag"),
        Col("outstanding_suspects", "Suspects", "int"),
        Col("high_risk_suspects", "High risk", "int"),
        Col("oldest_outstanding_since", "Oldest since", "time"),
    )

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return metrics.workload_list(session, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.records import OfficerScreen

        return OfficerScreen(key)


class OnDutyList(ListScreen):
    """Officers on duty at the as-of time and what they are committed to."""

    export_name = "on-duty"
    noun = "officers on duty"
    key = "officer_id"
    cols = (
        *OFFICER_COLS,
        Col("role", "Role"),
        Col("starts_at", "From", "time"),
        Col("ends_at", "To", "time"),
        Col("committed", "Committed", "yesno"),
        Col("committed_to", "Committed to"),
        Col("committed_since", "Since", "time"),
    )

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return metrics.on_duty_list(session, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.records import OfficerScreen

        return OfficerScreen(key)


SUSPECT_COLS: tuple[Col, ...] = (
    Col("suspect_id", "Suspect"),
    Col("name", "Name", personal=True),
    Col("risk", "Risk"),
    Col("over_90_days_unreviewed", "90d unreviewed", "flag"),
    Col("high_risk_not_reviewed_24h", "High risk 24h unreviewed", "flag"),
    Col("outstanding_since", "Outstanding since", "time"),
    Col("days_outstanding", "Days", "dec1"),
    Col("reviews", "Reviews", "int"),
    Col("last_review_at", "Last review", "time"),
    Col("crime_id", "Crime"),
    Col("crime_type", "Crime type"),
    Col("area_code", "Area"),
    Col("oic_officer_id", "Officer in charge"),
)


class SuspectsList(ListScreen):
    """Suspects outstanding at the as-of time (of one area, one crime or all)."""

    export_name = "suspects"
    noun = "suspects"
    key = "suspect_id"
    cols = SUSPECT_COLS

    def __init__(self, crumb: str, where: pl.Expr | None = None, *, any_area: bool = False):
        super().__init__(crumb, where)
        self.any_area = any_area  # a named crime's suspects: not narrowed by the area filter

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return metrics.suspects_list(session, scope.with_(area=None) if self.any_area else scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.records import SuspectScreen

        return SuspectScreen(key)


def crime_suspects(crime_id: str) -> SuspectsList:
    """The outstanding suspects of one crime (from an officer's open crimes)."""
    return SuspectsList(f"Suspects of {crime_id}", pl.col("crime_id") == crime_id, any_area=True)


class OpenIncidentsList(ListScreen):
    """Every incident open at T, any grade, oldest first: the shift handover's list."""

    export_name = "open-incidents"
    noun = "incidents"
    key = "incident_id"
    cols = (
        Col("incident_id", "Incident"),
        Col("opened_at", "Opened", "time"),
        Col("grade", "Grade", "int"),
        Col("area_code", "Area"),
        Col("category", "Category"),
        Col("open_s", "Open for", "duration_s"),
        Col("sent", "Sent"),
        Col("first_arrival", "Arrived", "time"),
        Col("summary", "Summary"),
    )

    def __init__(self) -> None:
        super().__init__("Open incidents")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return session.query("open_incidents", scope.params())

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.records import IncidentScreen

        return IncidentScreen(key)
