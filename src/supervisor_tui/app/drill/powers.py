"""Use of powers: the use-of-force list and record, stop and search by self-defined ethnic
group, the searches of a group and a search's record.

Nothing here counts or ranks searches per officer (national guidance: search numbers are not
a productivity measure); a record names its officer, and `o` opens them.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl
from textual.binding import Binding, BindingType
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.drill.breakdowns import ALL, BUCKET, LABEL, Breakdown, _all_first
from supervisor_tui.app.drill.columns import HIGH, KEEP, LOW, Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.records import IncidentScreen, OfficerScreen, RecordScreen
from supervisor_tui.app.drill.table import DrillTable
from supervisor_tui.db import Session
from supervisor_tui.figures.stop_search import by_group


def _state(row: dict[str, Any]) -> str:
    if row.get("form_overdue"):
        return "form overdue"
    if row.get("awaiting_check"):
        return "check overdue"
    if row.get("submitted_at") is None:
        return "form pending"
    if row.get("checked_at") is None:
        return "check pending"
    return "checked"


class UseOfForceList(ListScreen):
    """Uses of force in the window, and older ones with a form or check outstanding."""

    export_name = "use-of-force"
    noun = "uses of force"
    key = "uof_id"
    cols = (
        Col("uof_id", "Use"),
        Col("used_at", "Used", "time", priority=HIGH),
        Col("state", "State", priority=KEEP),
        Col("area_code", "Area", priority=LOW),
        Col("tactic", "Tactic", priority=LOW),
        Col("collar_number", "Officer", priority=HIGH),
        Col("name", "Name", personal=True),
        Col("submitted_at", "Form", "time", priority=HIGH),
        Col("checked_at", "Checked", "time", priority=HIGH),
        Col("bwv_recorded", "BWV", "yesno", priority=KEEP),
        Col("incident_id", "Incident", priority=LOW),
    )

    def __init__(self, crumb: str = "Use of force › List", where: pl.Expr | None = None):
        super().__init__(crumb, where)

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        frame = session.query("use_of_force_list", scope.params())
        states = [_state(r) for r in frame.iter_rows(named=True)]
        return frame.with_columns(pl.Series("state", states, dtype=pl.String))

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return UseOfForceScreen(key)


class _WithOfficer(RecordScreen):
    """A record whose `o` opens its officer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "officer", "Officer", id="drill.powers_officer",
                tooltip="Open the officer of this record"),
    ]  # fmt: skip

    def action_officer(self) -> None:
        officer = (self.record or {}).get("officer_id")
        if officer is None:
            self.notify(f"No officer recorded for this {self.noun}", timeout=4)
            return
        self.app.push_screen(OfficerScreen(str(officer)))


class UseOfForceScreen(_WithOfficer):
    """One use of force: officer, incident, tactic, injuries, form and check times, BWV;
    `o` opens the officer, `i` the incident."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "incident", "Incident", id="drill.uof_incident",
                tooltip="Open the incident force was used at"),
    ]  # fmt: skip

    noun = "use of force"
    RECORD = "use_of_force"
    field_cols = (
        Col("uof_id", "Use of force"),
        Col("used_at", "Used", "time_s"),
        Col("officer", "Officer"),
        Col("name", "Name", personal=True),
        Col("rank", "Rank"),
        Col("team_id", "Team"),
        Col("area_code", "Area"),
        Col("incident", "Incident"),
        Col("tactic", "Tactic"),
        Col("source", "Known from"),
        Col("subject_injured", "Subject injured", "yesno"),
        Col("officer_injured", "Officer injured", "yesno"),
        Col("form_due_at", "Form due", "time_s"),
        Col("submitted_at", "Form submitted", "time_s"),
        Col("checked_at", "Checked", "time_s"),
        Col("bwv_recorded", "BWV recorded", "yesno"),
        Col("state", "State"),
    )

    def __init__(self, uof_id: str) -> None:
        super().__init__(uof_id, f"Use of force {uof_id}")

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        found = session.query("use_of_force_record", scope.params(uof_id=self.record_id))
        if not found.height:
            return None
        record = found.row(0, named=True)
        record["officer"] = record.get("collar_number") or record["officer_id"]
        incident = record.get("incident_id")
        category = record.get("incident_category")
        record["incident"] = f"{incident} {category}" if incident and category else incident
        t = scope.thresholds
        record["form_overdue"] = (
            record["submitted_at"] is None
            and (scope.as_of - record["used_at"]).total_seconds() >= t.form_due_hours * 3600
        )
        record["awaiting_check"] = (
            record["submitted_at"] is not None
            and record["checked_at"] is None
            and (scope.as_of - record["submitted_at"]).total_seconds() >= t.check_due_hours * 3600
        )
        record["state"] = _state(record)
        return {"record": record}

    def action_incident(self) -> None:
        incident = (self.record or {}).get("incident_id")
        if incident is None:
            self.notify("No incident recorded for this use of force", timeout=4)
            return
        self.app.push_screen(IncidentScreen(str(incident)))


# --- stop and search ---------------------------------------------------------------------

#: The whole scope's row and each group's: searches, share, outcome linked and the gap.
GROUP_COLS: tuple[Col, ...] = (
    Col(LABEL, "Self-defined ethnic group"),
    Col("searches", "Searches", "int"),
    Col("share_pct", "Share %", "dec1"),
    Col("outcome_linked", "Linked", "int"),
    Col("outcome_linked_pct", "Linked %", "dec1"),
    Col("vs_all_pts", "vs all pts", "dec1"),
)


def group_rows(whole: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """The whole scope first, then each group with its share of the searches and its
    outcome-linked rate against the whole scope's (in points)."""
    total = int(whole["searches"][0]) if whole.height else 0
    force = 100.0 * int(whole["outcome_linked"][0]) / total if total and whole.height else None

    def figures(frame: pl.DataFrame) -> pl.DataFrame:
        linked = pl.when(pl.col("searches") > 0).then(
            100.0 * pl.col("outcome_linked") / pl.col("searches")
        )
        share = pl.lit(None, dtype=pl.Float64) if not total else 100.0 * pl.col("searches") / total
        gap = pl.lit(None, dtype=pl.Float64) if force is None else linked - force
        return frame.with_columns(
            linked.alias("outcome_linked_pct"), share.alias("share_pct"), gap.alias("vs_all_pts")
        )

    parts = figures(groups).with_columns(
        pl.col("ethnic_group").alias(BUCKET), pl.col("ethnic_group").alias(LABEL)
    )
    return _all_first(figures(whole), parts, "All searches")


class StopSearchByEthnicity(Breakdown):
    """The window's searches per self-defined ethnic group: how many, their share, and the
    share whose outcome was linked to the object of the search against all searches'."""

    export_name = "stop-search-by-ethnicity"
    noun = "groups"
    cols = GROUP_COLS

    def __init__(self) -> None:
        super().__init__("Stop and search › By ethnic group")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        whole = session.query("stop_search_summary", scope.params(by_group=False))
        return group_rows(whole, by_group(session, scope))

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        if key == ALL:
            return StopSearchList("All searches", pl.col("in_window"))
        return StopSearchList(key, pl.col("in_window") & (pl.col("ethnic_group") == key))


class StopSearchList(ListScreen):
    """Searches (of one group) in the window, newest first."""

    export_name = "stop-searches"
    noun = "searches"
    key = "search_id"
    cols = (
        Col("search_id", "Search"),
        Col("searched_at", "Searched", "time", priority=HIGH),
        Col("area_code", "Area", priority=LOW),
        Col("object_of_search", "Object", priority=LOW),
        Col("outcome", "Outcome"),
        Col("linked", "Linked", "yesno", priority=KEEP),
        Col("grounds_recorded", "Grounds", "yesno", priority=KEEP),
        Col("bwv_recorded", "BWV", "yesno", priority=KEEP),
        Col("reviewed_at", "Reviewed", "time", priority=HIGH),
        Col("ethnic_group", "Group", priority=LOW),
    )

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return session.query("stop_search_list", scope.params())

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return StopSearchScreen(key)


class StopSearchScreen(_WithOfficer):
    """One stop and search, every published field and the force's own; `o` opens the
    officer."""

    noun = "search"
    RECORD = "stop_search"
    field_cols = (
        Col("search_id", "Search"),
        Col("searched_at", "Searched", "time_s"),
        Col("type", "Type"),
        Col("area_code", "Area"),
        Col("officer", "Officer"),
        Col("name", "Name", personal=True),
        Col("legislation", "Legislation"),
        Col("object_of_search", "Object"),
        Col("grounds", "Grounds"),
        Col("outcome", "Outcome"),
        Col("outcome_linked", "Outcome linked", "yesno"),
        Col("removal_of_clothing", "More than outer clothing", "yesno"),
        Col("self_defined_ethnicity", "Self-defined ethnicity"),
        Col("officer_defined_ethnicity", "Officer-defined"),
        Col("gender", "Gender"),
        Col("age_range", "Age"),
        Col("bwv_recorded", "BWV recorded", "yesno"),
        Col("review_due_at", "Review due", "time_s"),
        Col("reviewed_at", "Reviewed", "time_s"),
    )

    def __init__(self, search_id: str) -> None:
        super().__init__(search_id, f"Search {search_id}")

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        found = session.query("stop_search_record", scope.params(search_id=self.record_id))
        if not found.height:
            return None
        record = found.row(0, named=True)
        officer = record.get("officer_id")
        record["officer"] = record.get("collar_number") or officer or "not published"
        return {"record": record}
