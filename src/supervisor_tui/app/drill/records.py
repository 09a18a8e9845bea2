"""Records: one incident, officer or suspect with the lists that belong to it.

An incident shows its calls, deployments and timeline; an officer their open crimes and
outstanding suspects; a suspect their reviews and (key `o`) the officer in charge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, ClassVar

import polars as pl
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from supervisor_tui import metrics
from supervisor_tui.app.drill.base import DrillScreen
from supervisor_tui.app.drill.columns import NO, YES, Col, record_text, view_frame
from supervisor_tui.app.drill.listing import redacted
from supervisor_tui.app.drill.lists import SUSPECT_COLS, CallsList, crime_suspects
from supervisor_tui.app.drill.table import DrillTable, TableView
from supervisor_tui.app.widgets.safe import safe_text
from supervisor_tui.db import Session
from supervisor_tui.redact import redact_name

#: A window start before any data: a record shows all of its calls, not only the window's.


@dataclass
class Section:
    """One list inside a record."""

    id: str
    title: str
    noun: str
    cols: Sequence[Col]
    key: str | None = None
    carry: Sequence[str] = ()


@dataclass
class Prepared:
    """A record ready to show: its fields as (label, text) and a view frame per section."""

    fields: list[tuple[str, str]] | None
    views: dict[str, pl.DataFrame] = field(default_factory=dict)
    record: dict[str, Any] | None = None


class RecordScreen(DrillScreen):
    """A record: fields at the top, then its lists (Tab moves between them)."""

    noun: ClassVar[str] = "record"
    #: The kind of record this screen shows (``Clock.record``: incident, officer, suspect…).
    RECORD: ClassVar[str] = ""
    sections: ClassVar[Sequence[Section]] = ()
    field_cols: ClassVar[Sequence[Col]] = ()

    def __init__(self, record_id: str, crumb: str) -> None:
        super().__init__(crumb)
        self.record_id = record_id
        self.export_name = f"{self.noun} {record_id}"
        self.found: bool | None = None
        self.record: dict[str, Any] | None = None

    def compose_body(self) -> ComposeResult:
        # One scrolling column: at 80×24 the lists below the fields scroll into view (Tab).
        with VerticalScroll(id="record-body", can_focus=False):
            yield Static("loading…", id="record-fields", classes="record-fields")
            for section in self.sections:
                yield TableView(section.cols, noun=section.noun, title=section.title, id=section.id)

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        """``{"record": {...}, "<section id>": frame, ...}`` or None when not found."""
        raise NotImplementedError

    def prepare(self, data: Any, redact: bool) -> Prepared:
        if data is None:
            return Prepared(None)
        record = dict(data["record"])
        if redact:
            for col in self.field_cols:
                if col.personal and col.key in record:
                    record[col.key] = redact_name(record[col.key])
        views = {}
        as_of = self.dashboard.scope.as_of  # "today" of the compact dates
        for section in self.sections:
            frame = redacted(data[section.id], section.cols, redact)
            views[section.id] = view_frame(
                frame, section.cols, self.tz, section.key, section.carry, as_of=as_of
            )
        return Prepared(record_text(record, self.field_cols, self.tz), views, data["record"])

    def show(self, prepared: Any) -> None:
        assert isinstance(prepared, Prepared)
        self.record = prepared.record
        box = self.query_one("#record-fields", Static)
        self.found = prepared.fields is not None
        if prepared.fields is None:
            box.update(Text(f"No {self.noun} {self.record_id} at this as-of time.", style="bold"))
        else:
            box.update(fields_grid(prepared.fields))
        for section in self.sections:
            table_view = self.query_one(f"#{section.id}", TableView)
            view = prepared.views.get(section.id)
            if view is None:
                table_view.set_empty("none")
            else:
                table_view.set_view(view)

    def carried(self, table: DrillTable, key: str, name: str) -> object:
        parent = table.parent
        return parent.carried(key, name) if isinstance(parent, TableView) else None


def fields_grid(fields: list[tuple[str, str]], per_row: int = 2) -> Table:
    """Label/value pairs, two to a line; every value is DB text shown literally."""
    grid = Table.grid(padding=(0, 1), expand=True)
    for _ in range(per_row):
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(ratio=1)
    for start in range(0, len(fields), per_row):
        cells: list[Text] = []
        for label, value in fields[start : start + per_row]:
            cells += [Text(label), safe_text(value or "–")]
        grid.add_row(*cells)
    return grid


def _officer_of(table: DrillTable, key: str, screen: RecordScreen) -> Screen | None:
    officer = screen.carried(table, key, "officer_id")
    if officer is None:
        return None
    return OfficerScreen(str(officer))


class IncidentScreen(RecordScreen):
    """An incident with its calls, deployments and timeline."""

    noun = "incident"
    RECORD = "incident"
    field_cols = (
        Col("incident_id", "Incident"),
        Col("opened_at", "Opened", "time_s"),
        Col("grade", "Grade", "int"),
        Col("category", "Category"),
        Col("area", "Area"),
        Col("target_min", "Target min", "int"),
        Col("status", "Attendance"),
        Col("response_min", "Response min", "dec1"),
        Col("first_arrival", "First arrival", "time_s"),
        Col("victim_updated_at", "Victim updated", "time_s"),
        Col("closed_at", "Closed", "time_s"),
        Col("summary", "Summary"),
    )
    sections = (
        Section("calls", "Calls", "calls", [
            CallsList.cols[0],
            Col("line", "Line"),
            *(c for c in CallsList.cols[1:] if c.key != "incident_id"),
        ], key="call_id"),
        Section("deployments", "Deployments", "deployments", (
            Col("officer_id", "Officer"),
            Col("collar_number", "Collar"),
            Col("officer_name", "Name", personal=True),
            Col("rank", "Rank"),
            Col("dispatched_at", "Dispatched", "time_s"),
            Col("arrived_at", "Arrived", "time_s"),
            Col("cleared_at", "Cleared", "time_s"),
        ), carry=("officer_id",)),
        Section("timeline", "Timeline", "events", (
            Col("at", "At", "time_s"),
            Col("kind", "Kind"),
            Col("detail", "Detail"),
            Col("officer_id", "Officer"),
            Col("officer_name", "Name", personal=True),
        ), carry=("officer_id",)),
    )  # fmt: skip

    def __init__(self, incident_id: str) -> None:
        super().__init__(incident_id, f"Incident {incident_id}")

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        found = metrics.incident_record(session, scope, self.record_id)
        if found is None:
            return None
        record = dict(found.incident)
        name = record.get("area_name")
        record["area"] = f"{record['area_code']} {name}" if name else record["area_code"]
        # Its attendance classification: the core's list over a window that starts at it.
        opened = record["opened_at"]
        around = scope.with_(area=None, window=scope.as_of - opened + timedelta(seconds=1))
        mine = metrics.incidents_list(session, around).filter(
            pl.col("incident_id") == self.record_id
        )
        if mine.height:
            record.update(mine.select("status", "response_min", "first_arrival").row(0, named=True))
        return {
            "record": record,
            "calls": found.calls,
            "deployments": found.deployments,
            "timeline": found.timeline,
        }

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return _officer_of(table, key, self)


class OfficerScreen(RecordScreen):
    """An officer with their open crimes (the workload figure) and outstanding suspects."""

    noun = "officer"
    RECORD = "officer"
    field_cols = (
        Col("officer_id", "Officer"),
        Col("collar_number", "Collar"),
        Col("name", "Name", personal=True),
        Col("rank", "Rank"),
        Col("team", "Team"),
        Col("area_code", "Area"),
        Col("duty", "On duty"),
        Col("duty_role", "Role"),
    )
    sections = (
        Section("crimes", "Open crimes with outstanding suspects", "crimes", (
            Col("crime_id", "Crime"),
            Col("crime_type", "Type"),
            Col("area_code", "Area"),
            Col("recorded_at", "Recorded", "time"),
            Col("outstanding_suspects", "Suspects", "int"),
            Col("high_risk_suspects", "High risk", "int"),
            Col("oldest_outstanding_since", "Oldest since", "time"),
            Col("any_over_90_days_unreviewed", "90d unreviewed", "flag"),
        ), key="crime_id"),
        Section("suspects", "Outstanding suspects", "suspects",
                [c for c in SUSPECT_COLS if c.key != "oic_officer_id"], key="suspect_id"),
        Section("actions", "Their items overdue or due soon (every clock)", "items", (
            Col("due", "Due"),
            Col("what", "What"),
            Col("item_id", "Item"),
            Col("due_at", "Due at", "time"),
            Col("label", "Why"),
        ), key="row_key", carry=("kind", "item_id")),
    )  # fmt: skip

    def __init__(self, officer_id: str) -> None:
        super().__init__(officer_id, f"Officer {officer_id}")

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        found = metrics.officer_record(session, scope, self.record_id)
        if found is None:
            return None
        record = dict(found.officer)
        team = record.get("team_name")
        record["team"] = f"{record['team_id']} {team}" if team else record.get("team_id")
        record["duty"] = duty_text(record, self.dashboard.fmt_time)
        anywhere = scope.with_(area=None)
        suspects = metrics.suspects_list(session, anywhere).filter(
            (pl.col("oic_officer_id") == self.record_id) & pl.col("crime_open")
        )
        from supervisor_tui.app.drill.actions import queue_rows

        mine = queue_rows(session, anywhere.with_(team=None))
        mine = mine.filter(pl.col("officer_id") == self.record_id)
        return {"record": record, "crimes": found.crimes, "suspects": suspects, "actions": mine}

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        if table.parent is not None and table.parent.id == "crimes":
            return crime_suspects(key)
        if table.parent is not None and table.parent.id == "actions":
            from supervisor_tui.app.drill.actions import item_screen

            return item_screen(self, table, key)
        return SuspectScreen(key)


def duty_text(record: dict[str, Any], fmt: Any) -> str:
    """The "On duty" field: ``yes, 07:00–17:00 in LEI`` for the duty on at the as-of time,
    or ``no``."""
    starts, ends = record.get("duty_starts_at"), record.get("duty_ends_at")
    if starts is None or ends is None:
        return NO
    return f"{YES}, {fmt(starts)}–{fmt(ends)} in {record.get('duty_area_code') or '?'}"


class SuspectScreen(RecordScreen):
    """A suspect with their reviews; `o` opens the officer in charge."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "officer", "Officer in charge", id="drill.oic",
                tooltip="Open the officer in charge of this suspect's crime"),
    ]  # fmt: skip

    noun = "suspect"
    RECORD = "suspect"
    field_cols = (
        Col("suspect_id", "Suspect"),
        Col("name", "Name", personal=True),
        Col("risk", "Risk"),
        Col("outstanding_since", "Outstanding since", "time"),
        Col("days_outstanding", "Days outstanding", "dec1"),
        Col("resolved_at", "Resolved", "time"),
        Col("over_90_days_unreviewed", "90d unreviewed", "flag"),
        Col("high_risk_not_reviewed_24h", "High risk 24h unreviewed", "flag"),
        Col("last_senior_review_at", "Last senior review", "time"),
        Col("last_review_at", "Last review", "time"),
        Col("crime_id", "Crime"),
        Col("crime_type", "Crime type"),
        Col("recorded_at", "Recorded", "time"),
        Col("area_code", "Area"),
        Col("oic_officer_id", "Officer in charge"),
        Col("oic_name", "OIC name", personal=True),
    )
    sections = (
        Section("reviews", "Reviews", "reviews", (
            Col("reviewed_at", "Reviewed", "time"),
            Col("reviewer_rank", "Reviewer rank"),
        )),
    )  # fmt: skip

    def __init__(self, suspect_id: str) -> None:
        super().__init__(suspect_id, f"Suspect {suspect_id}")

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        found = metrics.suspect_record(session, scope, self.record_id)
        if found is None:
            return None
        record = dict(found.suspect)
        flags = metrics.suspects_list(session, scope.with_(area=None)).filter(
            pl.col("suspect_id") == self.record_id
        )
        if flags.height:
            wanted = [
                "days_outstanding",
                "over_90_days_unreviewed",
                "high_risk_not_reviewed_24h",
                "last_senior_review_at",
                "last_review_at",
            ]
            record.update(flags.select(wanted).row(0, named=True))
        return {"record": record, "reviews": found.reviews}

    def action_officer(self) -> None:
        oic = (self.record or {}).get("oic_officer_id")
        if oic is None:
            self.notify("No officer in charge recorded for this suspect's crime", timeout=4)
            return
        self.app.push_screen(OfficerScreen(str(oic)))

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        self.action_officer()
        return None


def record_screen(record: str, record_id: str) -> RecordScreen | None:
    """The screen showing ``record_id``: the :class:`RecordScreen` whose ``RECORD`` is
    ``record`` (a ``Clock.record`` kind), found in any module of this package; None if none."""
    import importlib
    import pkgutil

    from supervisor_tui.app import drill

    for info in pkgutil.iter_modules(drill.__path__):
        importlib.import_module(f"{drill.__name__}.{info.name}")
    pending: list[type[RecordScreen]] = [RecordScreen]
    while pending:
        cls = pending.pop()
        if record == cls.RECORD:
            return cls(record_id)  # type: ignore[call-arg]
        pending.extend(cls.__subclasses__())
    return None
