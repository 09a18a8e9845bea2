"""What every drill-down screen shares: the header, the refresh worker and the list keys.

A screen says what to read (:meth:`DrillScreen.fetch`, run in a worker thread with that
thread's database) and how to show it (:meth:`DrillScreen.show`, on the UI thread). A failed
read keeps the rows on show and reports STALE with the reason; the next good read clears it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import get_current_worker

from supervisor_tui import metrics
from supervisor_tui.app.drill.export import FORMATS, export_list
from supervisor_tui.app.drill.table import SORT_MARKS, DrillTable, TableView
from supervisor_tui.app.failures import describe_failure
from supervisor_tui.app.pickers import ChoiceDialog
from supervisor_tui.app.widgets.footer import AppFooter
from supervisor_tui.app.widgets.status_bar import StatusBar
from supervisor_tui.db import Session
from supervisor_tui.errors import UserError
from supervisor_tui.timeutil import to_local

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

log = logging.getLogger(__name__)

#: The sort picker's choice for "no sort: the order the list comes in".
NATURAL_ORDER = "natural"


class SortPicker(ChoiceDialog):
    """`s`: choose the column to sort by. Enter sorts by it (smallest, earliest or A first);
    choosing the column already sorted by reverses it. Dismisses with the column's index as
    text, :data:`NATURAL_ORDER`, or None."""

    HINT = "Type a name or ↑↓ · Enter sort (again: reverse) · Esc cancel"

    def __init__(self, view: TableView) -> None:
        state = view.sort_state
        options: list[tuple[str, str | Text]] = []
        for i, col in enumerate(view.cols):
            label = Text(col.label)
            if state is not None and state[0] == i:
                label.append(f" {SORT_MARKS[state[1]]} (now; Enter reverses)", style="bold")
            options.append((str(i), label))
        options.append((NATURAL_ORDER, "(the list's own order)"))
        current = NATURAL_ORDER if state is None else str(state[0])
        title = "Sort by which column?" if view.title is None else f"Sort {view.title} by"
        super().__init__(title, options, current)


class ExportPicker(ChoiceDialog):
    """`e`: CSV or Parquet. Dismisses with a key of :data:`FORMATS`, or None."""

    HINT = "c, p or ↑↓ · Enter write it to the current folder · Esc cancel"

    def __init__(self, view: TableView) -> None:
        rows = 0 if view.result is None else view.result.height
        options: list[tuple[str, str | Text]] = []
        for fmt, (suffix, about) in FORMATS.items():
            label = Text(fmt.upper() if fmt == "csv" else fmt.title(), style="bold", end="")
            label.append(f"  {suffix}, {about}")
            options.append((fmt, label))
        noun = "row" if rows == 1 else "rows"
        super().__init__(f"Export the {rows:,} {noun} of the list as", options, "csv")


def failure_reason(exc: BaseException, path: Path | None = None) -> str:
    """One line for the STALE badge: the core's own words for database problems (and "has
    gone" when the file went away during the session)."""
    return describe_failure(exc, path)


class DrillScreen(Screen):
    """A drill-down level. Subclasses set ``crumb`` and implement ``fetch``/``show``."""

    CSS_PATH = "drill.tcss"
    AUTO_FOCUS = "DrillTable"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="drill.filter", key_display="/",
                tooltip="Narrow the list to rows containing the typed text"),
        Binding("s", "sort", "Sort", id="drill.sort",
                tooltip="Choose the column to sort by (type its name to jump to it)"),
        Binding("S", "reverse_sort", "Reverse", id="drill.reverse", show=False,
                tooltip="Reverse the sort direction"),
        Binding("e", "export", "Export", id="drill.export",
                tooltip="Write the list (filtered and sorted, every row) to a CSV or Parquet file"),
        Binding("c", "columns", "Columns", id="drill.columns", show=False,
                tooltip="Every column, scrolling sideways, or only those that fit the width"),
    ]  # fmt: skip

    crumb: str = ""
    #: Name of the list in export file names.
    export_name: str = "list"

    def __init__(self, crumb: str | None = None) -> None:
        super().__init__()
        if crumb is not None:
            self.crumb = crumb
        self.loaded = False  # True once a read has been shown
        self.last_export: Path | None = None

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    @property
    def tz(self) -> str:
        return self.dashboard.config.timezone

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A kiosk never offers an export (or any other refused key) on a list either."""
        return not self.dashboard.kiosk_blocks(action)

    def compose(self) -> ComposeResult:
        yield StatusBar()
        yield from self.compose_body()
        yield AppFooter()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - every screen overrides
        yield from ()

    # --- refresh ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read again (the app calls this on every refresh of the screen on show)."""
        self.read_in_worker(self.dashboard.scope, self.dashboard.redact)

    @work(
        thread=True,
        exclusive=True,
        group="drill-load",
        exit_on_error=False,
        description="read the drill-down list",
    )
    def read_in_worker(self, scope: metrics.Scope, redact: bool) -> None:
        worker = get_current_worker()
        app = self.dashboard
        try:
            with app.dbs.get().read() as session:
                data = self.fetch(session, scope)
            prepared = self.prepare(data, redact)
        except Exception as exc:
            if not isinstance(exc, UserError):
                log.exception("drill-down read failed")
            if not worker.is_cancelled:
                app.call_from_thread(self.read_failed, failure_reason(exc, app.dbs.path))
            return
        if not worker.is_cancelled:
            app.call_from_thread(self.read_done, prepared)

    def read_done(self, prepared: Any) -> None:
        if not self.is_attached:
            return
        self.show(prepared)
        self.loaded = True
        self.dashboard.report_fresh(screen=self)

    def read_failed(self, reason: str) -> None:
        if self.is_attached:
            self.dashboard.report_stale(reason, screen=self)

    def fetch(self, session: Session, scope: metrics.Scope) -> Any:
        """Read what the screen shows (worker thread): call the core, filter in polars."""
        raise NotImplementedError

    def prepare(self, data: Any, redact: bool) -> Any:
        """Turn what ``fetch`` read into what ``show`` needs (worker thread)."""
        return data

    def show(self, prepared: Any) -> None:
        """Put a successful read on screen (UI thread)."""
        raise NotImplementedError

    # --- the list keys ----------------------------------------------------------------------

    def current_view(self) -> TableView | None:
        """The list the keys act on: the one with focus, else the first."""
        focused = self.focused
        while focused is not None and not isinstance(focused, TableView):
            focused = focused.parent  # type: ignore[assignment]
        if isinstance(focused, TableView):
            return focused
        views = self.query(TableView)
        return views.first() if views else None

    def action_filter(self) -> None:
        view = self.current_view()
        if view is not None:
            view.open_filter()

    def action_sort(self) -> None:
        view = self.current_view()
        if view is None:
            return

        def chosen(result: str | None) -> None:
            if result is not None and view.is_attached:
                view.sort_chosen(None if result == NATURAL_ORDER else int(result))

        self.app.push_screen(SortPicker(view), chosen)

    def action_columns(self) -> None:
        view = self.current_view()
        if view is not None:
            view.toggle_fit()

    def action_reverse_sort(self) -> None:
        view = self.current_view()
        if view is not None:
            view.reverse_sort()

    def action_export(self) -> None:
        view = self.current_view()
        if view is None or view.view is None:
            self.notify("Nothing to export yet", severity="warning")
            return

        def chosen(fmt: str | None) -> None:
            if fmt is not None and view.is_attached:
                self.export(view, fmt)

        self.app.push_screen(ExportPicker(view), chosen)

    def export(self, view: TableView, fmt: str) -> Path | None:
        """Write ``view``'s whole filtered, sorted list as ``fmt`` (``csv`` or ``parquet``)
        to a new file in the current folder, and say where."""
        frame = view.export_frame() if fmt == "csv" else view.export_values(self.tz)
        stamp = to_local(self.dashboard.clock(), self.tz).replace(tzinfo=None)
        name = self.export_name if view.title is None else f"{self.export_name} {view.title}"
        try:
            path = export_list(frame, name, stamp, fmt=fmt)
        except UserError as exc:
            self.notify(str(exc), title="Export failed", severity="error", timeout=10)
            return None
        self.last_export = path
        rows = f"{frame.height:,} row{'' if frame.height == 1 else 's'}"
        self.notify(f"{rows} written to {path}", title="Exported", timeout=10)
        return path

    # --- drilling further -------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        table = event.data_table
        if isinstance(table, DrillTable) and event.row_key.value is not None:
            screen = self.open_row(table, event.row_key.value)
            if screen is not None:
                self.app.push_screen(screen)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        """The screen Enter opens for row ``key`` of ``table`` (None: nothing to open)."""
        return None
