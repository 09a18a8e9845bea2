"""The lists: calls, incidents, officers (workload, on duty) and suspects."""

from __future__ import annotations

import polars as pl
from textual.screen import Screen

from supervisor_tui import call_handling, metrics
from supervisor_tui.app.drill.columns import HIGH, KEEP, LOW, Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.table import DrillTable
from supervisor_tui.db import Session

OFFICER_COLS: tuple[Col, ...] = (
    Col("officer_id", "Officer"),
    Col("collar_number", "Collar", priority=LOW),
    Col("name", "Name", personal=True, priority=HIGH),
    Col("rank", "Rank", priority=LOW),
    Col("team_id", "Team", priority=LOW),
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
        Col("presented_at", "Presented", "time_s", priority=HIGH),
        Col("status", "Status", priority=KEEP),
        Col("answer_s", "Answer s", "dec1", priority=KEEP),
        Col("waiting_s", "Waiting s", "dec1", priority=HIGH),
        Col("within_target", "In target", "yesno", priority=KEEP),
        Col("incident_id", "Incident", priority=LOW),
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


class WaitingNowList(ListScreen):
    """Every caller waiting now (state at T, whenever presented), longest wait first."""

    noun = "calls waiting"
    key = "call_id"
    cols = (
        Col("call_id", "Call"),
        Col("waiting_s", "Waiting", "duration_s", priority=KEEP),
        Col("line", "Line", priority=HIGH),
        Col("presented_at", "Presented", "time_s"),
        Col("handler_id", "Handler", priority=LOW),
    )
    default_sort = (1, True)  # longest wait first

    def __init__(self, line: str | None = None, crumb: str | None = None) -> None:
        super().__init__(crumb or ("Waiting now" if line is None else f"{line} waiting now"))
        self.line = line
        self.export_name = "calls-waiting-now" if line is None else f"{line}-calls-waiting-now"

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return call_handling.waiting_now(session, scope, self.line)


class IncidentsList(ListScreen):
    """Grade 1 and 2 incidents opened in the window, with their attendance status."""

    export_name = "incidents"
    noun = "incidents"
    key = "incident_id"
    cols = (
        Col("incident_id", "Incident"),
        Col("opened_at", "Opened", "time", priority=HIGH),
        Col("grade", "Grade", "int", priority=KEEP),
        Col("area_code", "Area"),
        Col("status", "Status", priority=KEEP),
        Col("target_min", "Target min", "int", priority=LOW),
        Col("response_min", "Response min", "dec1", priority=KEEP),
        Col("sent", "Sent"),
        Col("first_dispatched_at", "Dispatched", "time", priority=LOW),
        Col("first_arrival", "Arrived", "time", priority=LOW),
        Col("victim_not_updated", "Victim not updated", "flag", priority=HIGH),
        Col("category", "Category", priority=LOW),
        Col("summary", "Summary", priority=LOW),
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
        Col("crimes", "Crimes", "int", priority=KEEP),
        Col("over_trigger", "Over trigger", "flag", priority=KEEP),
        Col("outstanding_suspects", "Suspects", "int", priority=HIGH),
        Col("high_risk_suspects", "High risk", "int", priority=HIGH),
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
        Col("role", "Role", priority=LOW),
        Col("starts_at", "From", "time"),
        Col("ends_at", "To", "time", priority=HIGH),
        Col("committed", "Committed", "yesno", priority=KEEP),
        Col("committed_to", "Committed to", priority=HIGH),
        Col("committed_since", "Since", "time", priority=LOW),
    )

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return metrics.on_duty_list(session, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.records import OfficerScreen

        return OfficerScreen(key)


SUSPECT_COLS: tuple[Col, ...] = (
    Col("suspect_id", "Suspect"),
    Col("name", "Name", personal=True, priority=HIGH),
    Col("risk", "Risk", priority=KEEP),
    Col("over_90_days_unreviewed", "90d unreviewed", "flag", priority=KEEP),
    Col("high_risk_not_reviewed_24h", "High risk 24h unreviewed", "flag", priority=KEEP),
    Col("outstanding_since", "Outstanding since", "time", priority=LOW),
    Col("days_outstanding", "Days", "dec1", priority=HIGH),
    Col("reviews", "Reviews", "int", priority=LOW),
    Col("last_review_at", "Last review", "time"),
    Col("crime_id", "Crime"),
    Col("crime_type", "Crime type", priority=LOW),
    Col("area_code", "Area", priority=LOW),
    Col("oic_officer_id", "Officer in charge", priority=LOW),
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
        Col("opened_at", "Opened", "time", priority=HIGH),
        Col("grade", "Grade", "int", priority=KEEP),
        Col("area_code", "Area"),
        Col("category", "Category", priority=LOW),
        Col("open_s", "Open for", "duration_s", priority=KEEP),
        Col("sent", "Sent", priority=HIGH),
        Col("first_arrival", "Arrived", "time"),
        Col("summary", "Summary", priority=LOW),
    )

    def __init__(self) -> None:
        super().__init__("Open incidents")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return session.query("open_incidents", scope.params())

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        from supervisor_tui.app.drill.records import IncidentScreen

        return IncidentScreen(key)
