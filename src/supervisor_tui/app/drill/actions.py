"""The action queue: every overdue and due-soon item in scope, most urgent first; Enter opens
the item's record (an incident, a suspect, …)."""

from __future__ import annotations

import polars as pl
from textual.screen import Screen

from supervisor_tui import deadlines, metrics
from supervisor_tui.app.drill.columns import HIGH, KEEP, LOW, Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.records import record_screen
from supervisor_tui.app.drill.table import DrillTable, TableView
from supervisor_tui.db import Session
from supervisor_tui.figures import actions


class ActionsList(ListScreen):
    """The queue as the JSON report's ``actions.items`` orders it, with owner and why."""

    export_name = "actions"
    noun = "items"
    key = "row_key"
    carry = ("kind", "item_id")
    cols = (
        Col("due", "Due"),
        Col("what", "What", priority=KEEP),
        Col("item_id", "Item", priority=KEEP),
        Col("collar_number", "Owner", priority=HIGH),
        Col("name", "Owner name", personal=True, priority=HIGH),
        Col("area_code", "Area"),
        Col("team_id", "Team", priority=LOW),
        Col("due_at", "Due at", "time"),
        Col("started_at", "Started", "time", priority=LOW),
        Col("label", "Why", priority=LOW),
    )

    def __init__(self, where: pl.Expr | None = None) -> None:
        super().__init__("Actions › Queue", where)

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        return queue_rows(session, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        return item_screen(self, table, key)


def queue_rows(session: Session, scope: metrics.Scope) -> pl.DataFrame:
    """The action queue for ``scope`` as list rows: due text, kind title, a unique row key."""
    found = actions.fetch(session, scope)
    frame = found.queue
    due = [
        actions.due_text(state, due_in)
        for state, due_in in zip(frame["state"], frame["due_in_s"], strict=True)
    ]
    return frame.with_columns(
        pl.Series("due", due, dtype=pl.String),
        pl.col("kind").replace_strict(found.short, default=pl.col("kind")).alias("what"),
        pl.concat_str([pl.col("kind"), pl.lit(":"), pl.col("item_id")]).alias("row_key"),
        pl.col("collar_number").fill_null(pl.lit("none sent")),
    )


def item_screen(screen: Screen, table: DrillTable, key: str) -> Screen | None:
    """The record screen of the queue row ``key`` in ``table`` (its kind's ``Clock.record``)."""
    view = table.parent
    if not isinstance(view, TableView):
        return None
    kind, item = view.carried(key, "kind"), view.carried(key, "item_id")
    record = {c.kind: c.record for c in deadlines.clocks()}.get(str(kind))
    found = None if record is None or item is None else record_screen(record, str(item))
    if found is None:
        screen.notify(f"No record screen for {kind} items yet", timeout=4)
    return found
