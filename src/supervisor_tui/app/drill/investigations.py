"""Investigations and bail drill-down: by area → crimes → the crime record (its timeline, key
decisions with their Victims' Code deadline, suspects and their bail); bail and RUI → the
bail record (periods, extensions and who authorised them, days left).

Every flag comes from the deadline engine's states at T, so a list agrees with its panel.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from textual.screen import Screen

from supervisor_tui import deadlines, metrics, workdays
from supervisor_tui.app.drill.breakdowns import AreaBreakdown
from supervisor_tui.app.drill.columns import HIGH, KEEP, LOW, Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.records import RecordScreen, Section, SuspectScreen
from supervisor_tui.app.drill.table import DrillTable
from supervisor_tui.db import Session
from supervisor_tui.figures import bail as bail_family
from supervisor_tui.figures import investigations as inv

#: A state at T as a list shows it.
STATE_TEXT = {
    "overdue": "OVERDUE",
    "due_soon": "due soon",
    "done_on_time": "done",
    "done_late": "done late",
    "not_due": "",
}
#: Per-crime clock kinds and the list column of each one's state.
CRIME_CLOCKS = {
    "crime_allocation": "allocation",
    "investigation_plan": "plan",
    "supervisor_review": "review",
}


def crimes_frame(session: Session, scope: metrics.Scope) -> pl.DataFrame:
    """The open crimes in scope with each clock's state at T, and the crimes (open or
    closed) with a victim not told in time: ``victims_late`` counts those decisions."""
    now = deadlines.items(session, scope, set(inv.CLOCK_KINDS))
    crimes = session.query("investigations_open", scope.params()).with_columns(
        pl.lit(True).alias("crime_open")
    )
    for kind, column in CRIME_CLOCKS.items():
        states = now.filter(pl.col("kind") == kind).select(
            pl.col("item_id").alias("crime_id"),
            pl.col("state").replace_strict(STATE_TEXT, default="").alias(column),
            pl.col("due_at").alias(f"{column}_due_at"),
        )
        crimes = crimes.join(states, on="crime_id", how="left", maintain_order="left")
    late = (
        now.filter((pl.col("kind") == "victim_informed") & (pl.col("state") == "overdue"))
        .group_by("crime_id", "area_code", "team_id", "officer_id")
        .agg(pl.len().cast(pl.Int64).alias("victims_late"))
    )
    closed = late.join(crimes.select("crime_id"), on="crime_id", how="anti").select(
        "crime_id",
        "area_code",
        "team_id",
        pl.col("officer_id").alias("oic_officer_id"),
        pl.lit(False).alias("crime_open"),
    )
    crimes = crimes.join(late.select("crime_id", "victims_late"), on="crime_id", how="left")
    crimes = pl.concat([crimes, closed], how="diagonal_relaxed")
    overdue = pl.any_horizontal(pl.col(c) == "OVERDUE" for c in CRIME_CLOCKS.values())
    return crimes.with_columns(
        pl.col("victims_late").fill_null(0),
        overdue.fill_null(False).alias("any_overdue"),
    ).sort(
        ["any_overdue", "victims_late", "recorded_at", "crime_id"],
        descending=[True, True, False, False],
        nulls_last=True,
    )


class InvestigationsByArea(AreaBreakdown):
    """Open crimes and each overdue figure per area (the crime's area)."""

    export_name = "investigations-by-area"
    cols = (
        Col("label", "Area"),
        Col("area_name", "Name"),
        Col("open", "Open", "int"),
        Col("unallocated", "Unallocated", "int"),
        Col("plan_overdue", "No plan", "int"),
        Col("review_overdue", "No review", "int"),
        Col("victim_not_informed", "Victims not told", "int"),
        Col("long_open", "Long open", "int"),
    )

    def __init__(self) -> None:
        super().__init__("Investigations › By area")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        now = deadlines.items(session, scope, set(inv.CLOCK_KINDS))
        overdue = now.filter(pl.col("state") == "overdue")
        counts = [
            pl.col("kind").eq(kind).sum().cast(pl.Int64).alias(figure)
            for kind, figure in inv.FIGURE_OF.items()
        ]
        summary = session.query("investigations_summary", scope.params(by_area=True))
        parts = summary.join(
            overdue.group_by("area_code").agg(counts), on="area_code", how="full",
            coalesce=True, nulls_equal=True,
        ).sort("area_code", nulls_last=True)  # fmt: skip
        whole = pl.DataFrame([inv.fetch(session, scope)]).select(*(c.key for c in self.cols[2:]))
        figures = [c.key for c in self.cols[2:]]
        parts = parts.with_columns(pl.col(f).fill_null(0) for f in figures)
        return self.area_rows(whole, parts, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        label, where = self.area_filter(key)
        return CrimesList(label, where)


class CrimesList(ListScreen):
    """Open crimes (and closed ones with a victim not told in time), overdue first."""

    export_name = "investigations"
    noun = "crimes"
    key = "crime_id"
    cols = (
        Col("crime_id", "Crime"),
        Col("crime_type", "Type", priority=LOW),
        Col("area_code", "Area"),
        Col("oic_officer_id", "OIC", priority=HIGH),
        Col("allocation", "Allocation", priority=KEEP),
        Col("plan", "Plan", priority=KEEP),
        Col("review", "Review", priority=KEEP),
        Col("victims_late", "Victims not told", "int", priority=KEEP),
        Col("days_open", "Days open", "dec1", priority=HIGH),
        Col("long_open", "Long open", "flag"),
        Col("recorded_at", "Recorded", "time", priority=LOW),
        Col("team_id", "Team", priority=LOW),
        Col("crime_open", "Open", "yesno", priority=LOW),
    )

    def __init__(self, crumb: str = "Crimes", where: pl.Expr | None = None) -> None:
        super().__init__(f"{crumb} › Crimes", where)

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return crimes_frame(session, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return CrimeScreen(key)


def decisions_with_deadlines(frame: pl.DataFrame, scope: metrics.Scope) -> pl.DataFrame:
    """Key decisions with their Victims' Code deadline and whether it was met by T."""
    t = scope.thresholds
    n = frame.select(
        pl.when(pl.col("victim_enhanced"))
        .then(pl.lit(t.victims_enhanced_working_days))
        .otherwise(pl.lit(t.victims_working_days))
        .cast(pl.Int64)
    ).to_series()
    due = workdays.deadlines(frame["decided_at"].cast(pl.Datetime("us")), n, scope.tz)
    as_of = pl.lit(scope.as_of, dtype=pl.Datetime("us"))
    told = pl.col("victim_informed_at")
    met = (
        pl.when(told.is_not_null() & (told <= pl.col("victim_due_at")))
        .then(pl.lit("yes"))
        .when(told.is_not_null())
        .then(pl.lit("late"))
        .when(pl.col("victim_due_at") <= as_of)
        .then(pl.lit("NOT TOLD, overdue"))
        .otherwise(pl.lit("not yet due"))
    )
    return frame.with_columns(due.alias("victim_due_at"), n.alias("working_days")).with_columns(
        met.alias("code_met"), pl.col("decision").str.replace_all("_", " ")
    )


class CrimeScreen(RecordScreen):
    """A crime: its clocks, timeline, key decisions (Victims' Code deadline, met or not) and
    suspects with their bail. Enter on a suspect opens them."""

    noun = "crime"
    RECORD = "crime"
    field_cols = (
        Col("crime_id", "Crime"),
        Col("crime_type", "Type"),
        Col("area", "Area"),
        Col("recorded_at", "Recorded", "time"),
        Col("oic_officer_id", "Officer in charge"),
        Col("oic_name", "OIC name", personal=True),
        Col("team", "Team"),
        Col("allocated_at", "Allocated", "time"),
        Col("allocation", "Allocation"),
        Col("plan", "Plan"),
        Col("review", "Review"),
        Col("review_due_at", "Next review due", "time"),
        Col("victim_enhanced", "Victim enhanced rights", "yesno"),
        Col("harm", "Domestic / sexual"),
        Col("days_open", "Days open", "dec1"),
        Col("closed_at", "Closed", "time"),
    )
    sections = (
        Section("decisions", "Key decisions and the victim", "decisions", (
            Col("decided_at", "Decided", "time"),
            Col("decision", "Decision"),
            Col("suspect_id", "Suspect"),
            Col("victim_due_at", "Victim due by", "time"),
            Col("victim_informed_at", "Victim told", "time"),
            Col("code_met", "Code met"),
            Col("working_days", "Working days", "int"),
        )),
        Section("suspects", "Suspects and their bail", "suspects", (
            Col("suspect_id", "Suspect"),
            Col("name", "Name", personal=True),
            Col("risk", "Risk"),
            Col("outstanding_since", "Outstanding since", "time"),
            Col("resolved_at", "Resolved", "time"),
            Col("bail_kind", "Bail/RUI"),
            Col("bail_id", "Bail"),
            Col("bail_started_at", "Since", "time"),
            Col("bail_concluded_at", "Ended", "time"),
        ), key="suspect_id", carry=("bail_id",)),
        Section("timeline", "Timeline", "events", (
            Col("at", "At", "time"),
            Col("kind", "What"),
            Col("detail", "Detail"),
            Col("officer_id", "Officer"),
            Col("officer_name", "Name", personal=True),
        )),
    )  # fmt: skip

    def __init__(self, crime_id: str) -> None:
        super().__init__(crime_id, f"Crime {crime_id}")

    def crime_id(self, session: Session, scope: metrics.Scope) -> str | None:
        return self.record_id

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        crime_id = self.crime_id(session, scope)
        if crime_id is None:
            return None
        params = scope.params(crime_id=crime_id)
        found = session.query("crime_record", params)
        if found.is_empty():
            return None
        record = dict(found.row(0, named=True))
        name, team = record.get("area_name"), record.get("team_name")
        record["area"] = f"{record['area_code']} {name}" if name else record["area_code"]
        record["team"] = f"{record['team_id']} {team}" if team else record.get("team_id")
        harm = [w for w, on in (("domestic abuse", record["domestic_abuse"]),
                                ("sexual offence", record["sexual_offence"])) if on]  # fmt: skip
        record["harm"] = ", ".join(harm) or "no"
        anywhere = scope.with_(area=None, team=None)
        now = deadlines.items(session, anywhere, set(CRIME_CLOCKS))
        for row in now.filter(pl.col("item_id") == crime_id).iter_rows(named=True):
            column = CRIME_CLOCKS[row["kind"]]
            record[column] = STATE_TEXT[row["state"]] or "not due yet"
            if row["kind"] == "supervisor_review":
                record["review_due_at"] = row["due_at"]
        decisions = decisions_with_deadlines(session.query("crime_record_decisions", params), scope)
        return {
            "record": record,
            "decisions": decisions,
            "suspects": session.query("crime_record_suspects", params),
            "timeline": session.query("crime_record_timeline", params),
        }

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        if table.parent is not None and table.parent.id == "suspects":
            bail_id = self.carried(table, key, "bail_id")
            return BailScreen(str(bail_id)) if bail_id else SuspectScreen(key)
        return None


class KeyDecisionScreen(CrimeScreen):
    """A victim_informed item (a key decision) opens the record of its crime."""

    RECORD = "key_decision"

    def __init__(self, decision_id: str) -> None:
        super().__init__(decision_id)
        self.crumb = f"Decision {decision_id}"

    def crime_id(self, session: Session, scope: metrics.Scope) -> str | None:
        found = session.query("crime_record_of_decision", {"decision_id": self.record_id})
        return None if found.is_empty() else str(found["crime_id"][0])


class BailList(ListScreen):
    """Active bail and RUI at T, worst first: expired, RUI overdue review, due soon."""

    export_name = "bail"
    noun = "bail and RUI"
    key = "bail_id"
    cols = (
        Col("bail_id", "Bail"),
        Col("kind", "Kind", priority=HIGH),
        Col("state", "State", priority=KEEP),
        Col("current_end", "Ends", "time", priority=HIGH),
        Col("days_left", "Days left", "dec1", priority=KEEP),
        Col("level", "Extended by", priority=LOW),
        Col("next_authority", "Next authority", priority=HIGH),
        Col("review_due_at", "RUI review due", "time", priority=HIGH),
        Col("high_harm", "High harm", "flag", priority=HIGH),
        Col("suspect_id", "Suspect"),
        Col("name", "Name", personal=True),
        Col("crime_id", "Crime", priority=LOW),
        Col("area_code", "Area", priority=LOW),
    )

    def __init__(self, crumb: str = "Bail and RUI", where: pl.Expr | None = None) -> None:
        super().__init__(f"{crumb} › Active", where)

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        active = session.query("bail_active", scope.params())
        flagged = bail_family.attention(session, scope).select("bail_id", "state")
        frame = active.join(flagged, on="bail_id", how="left", maintain_order="left")
        rank = pl.col("state").replace_strict(bail_family._RANK, default=9, return_dtype=pl.Int64)
        return frame.with_columns(
            pl.col("kind").replace({"rui": "RUI"}), pl.col("state").fill_null("")
        ).sort([rank, "current_end", "bail_id"], nulls_last=True)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return BailScreen(key)


class BailScreen(RecordScreen):
    """A bail or RUI record: its current end and days left, the authority the next extension
    needs, its extensions (who authorised each) and the suspect's other periods."""

    noun = "bail"
    RECORD = "bail"
    field_cols = (
        Col("bail_id", "Bail"),
        Col("kind", "Kind"),
        Col("suspect_id", "Suspect"),
        Col("name", "Name", personal=True),
        Col("crime_id", "Crime"),
        Col("crime_type", "Crime type"),
        Col("started_at", "Started", "time"),
        Col("first_end", "First period ends", "time"),
        Col("current_end", "Current end", "time"),
        Col("days_left", "Days left", "dec1"),
        Col("level", "Extended by"),
        Col("next_authority", "Next extension by"),
        Col("concluded_at", "Concluded", "time"),
        Col("high_harm", "High harm", "yesno"),
        Col("oic_officer_id", "Officer in charge"),
        Col("area_code", "Area"),
    )
    sections = (
        Section("extensions", "Extensions", "extensions", (
            Col("authorised_at", "Authorised", "time"),
            Col("authorised_by", "Authorised by"),
            Col("previous_end", "Replaced end", "time"),
            Col("ends_at", "New end", "time"),
            Col("days_from_start", "Days from start", "dec1"),
        )),
        Section("periods", "Bail and RUI periods of this suspect and crime", "periods", (
            Col("bail_id", "Bail"),
            Col("kind", "Kind"),
            Col("started_at", "Started", "time"),
            Col("first_end", "First end", "time"),
            Col("concluded_at", "Concluded", "time"),
        ), key="bail_id"),
    )  # fmt: skip

    def __init__(self, bail_id: str) -> None:
        super().__init__(bail_id, f"Bail {bail_id}")

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any] | None:
        params = scope.params(bail_id=self.record_id)
        found = session.query("bail_record", params)
        if found.is_empty():
            return None
        record = dict(found.row(0, named=True))
        if record["kind"] == "rui":
            record["kind"], record["next_authority"] = "RUI (no end date)", "–"
        return {
            "record": record,
            "extensions": session.query("bail_record_extensions", params),
            "periods": session.query("bail_record_periods", params),
        }

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return None if key == self.record_id else BailScreen(key)
