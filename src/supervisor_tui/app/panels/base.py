"""A home-screen panel: loads its figures in its own worker thread and draws them as text."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

import duckdb
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import get_current_worker

from supervisor_tui import figures, fmt, metrics, status
from supervisor_tui.app.failures import describe_failure
from supervisor_tui.app.widgets.contrast import badge, on_background
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.app.widgets.sparkline import Trend, fit_trend, sparkline
from supervisor_tui.config import Thresholds
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import Session
from supervisor_tui.errors import UserError
from supervisor_tui.figures.report import missing
from supervisor_tui.figures.spec import Detail, Family, Headline
from supervisor_tui.redact import redact_value
from supervisor_tui.status import Status, worst

__all__ = ["Loaded", "Panel", "count", "describe_failure", "duration", "pct", "worst"]

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

log = logging.getLogger(__name__)


def pct(value: float | None) -> str:
    return fmt.pct(value)


count = fmt.count
duration = fmt.duration_s


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis."""
    if cell_len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def two_ends(left: str, right: str, width: int, right_style: Style) -> Text:
    """One panel line: ``left`` (shortened to leave room) and ``right`` flush right."""
    left = fit(left, max(width - cell_len(right) - 1, 4))
    line = Text(left, end="")
    line.append(" " * max(width - cell_len(left) - cell_len(right), 1))
    line.append(right, right_style)
    return line


@dataclass(frozen=True)
class Loaded:
    """What one refresh read: the family's figures (None when the database cannot hold
    them: ``unavailable`` says why) and the panel's own extras (a trend, say)."""

    figures: Any
    extra: Any = None
    unavailable: str | None = None


class Panel(Widget, can_focus=True):
    """The home panel of one figure family (``FAMILY``, an id in the figure registry).

    Everything it shows — title, headline labels, values, targets, statuses, details — comes
    from the family; a subclass only lays it out (``extra_lines``, ``fetch_extra``) and says
    which screen Enter opens (``drill``). A family with no panel module of its own gets this
    class as it is.
    """

    FAMILY: ClassVar[str] = ""
    #: Content lines the panel needs at least (the home grid makes every panel this tall).
    MIN_LINES: ClassVar[int] = 6
    #: Takes a whole row of the home grid (a wide, monthly view such as the crime picture).
    FULL_ROW: ClassVar[bool] = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open_panel", tooltip="Drill down into this panel"),
    ]

    DEFAULT_CSS = """
    Panel {
        height: auto;
        min-height: 5;
        border: round $primary 60%;
        border-title-color: $text;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    Panel:focus {
        border: double $accent;
        border-title-color: $accent;
        background-tint: $foreground 4%;
    }
    Panel.-stale {
        border: round $error;
        border-subtitle-color: $error;
        border-subtitle-style: bold;
    }
    Panel.-stale:focus { border: double $error; }
    /* badges: the text colour is chosen for contrast with the background (contrast.py) */
    Panel > .panel--ok { background: $success; text-style: bold; }
    Panel > .panel--near { background: $warning; text-style: bold; }
    Panel > .panel--breach { background: $error; text-style: bold; }
    Panel > .panel--none { background: $panel; text-style: bold; }
    Panel > .panel--ok-text { color: $success; text-style: bold; }
    Panel > .panel--near-text { color: $warning; text-style: bold; }
    Panel > .panel--breach-text { color: $error; text-style: bold; }
    Panel > .panel--none-text { color: $text-muted; text-style: bold; }
    Panel > .panel--figure { text-style: bold; }
    Panel > .panel--label { color: $text-muted; }
    Panel > .panel--alert { color: $error; text-style: bold; }
    Panel > .panel--trend { color: $primary-lighten-2; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "panel--ok",
        "panel--near",
        "panel--breach",
        "panel--none",
        "panel--ok-text",
        "panel--near-text",
        "panel--breach-text",
        "panel--none-text",
        "panel--figure",
        "panel--label",
        "panel--alert",
        "panel--trend",
    }

    def __init__(self, family_id: str | None = None) -> None:
        self.family: Family = figures.family(family_id or self.FAMILY)
        super().__init__(id=self.family.id)
        self.data: Loaded | None = None
        self.error: str | None = None
        self.loads = 0  # worker runs started (tests count them)
        self.lines_available = self.MIN_LINES  # set by the home grid from the screen size
        self.data_scope: metrics.Scope | None = None  # what ``data`` was read for
        self._generation = 0
        self._pending_scope: metrics.Scope | None = None

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    @property
    def thresholds(self) -> Thresholds:
        return self.dashboard.scope.thresholds

    def on_mount(self) -> None:
        self.sync_title()
        self.watch(self.app, "theme", lambda _theme: self.sync_title(), init=False)
        self.watch(self.app, "coverage", self._coverage_changed, init=False)

    def _coverage_changed(self, _coverage: object) -> None:
        self.sync_title()
        self.refresh()

    # --- loading (worker thread) ---------------------------------------------------------

    def fetch(self, session: Session, scope: metrics.Scope) -> Loaded:
        """Read the family's figures and the panel's extras (worker thread; core calls only)."""
        reason = missing(self.family, session)
        if reason is not None:
            return Loaded(None, unavailable=reason)
        return Loaded(self.family.fetch(session, scope), self.fetch_extra(session, scope))

    def fetch_extra(self, session: Session, scope: metrics.Scope) -> Any:
        """Anything more the layout draws (a trend); None by default."""
        return None

    def reload(self) -> None:
        """Start a refresh; a refresh still running for an older scope is cancelled."""
        self._generation += 1
        self._pending_scope = self.dashboard.scope
        self._load(self.dashboard.scope, self._generation, self.dashboard.redact)

    @work(thread=True, exclusive=True, group="panel-load", exit_on_error=False)
    def _load(self, scope: metrics.Scope, generation: int, redact: bool) -> None:
        worker = get_current_worker()
        self.loads += 1
        try:
            with self.dashboard.dbs.get().read() as session:
                data = self.fetch(session, scope)
                if redact:
                    data = self.redacted(data)
        except Exception as exc:
            if not isinstance(exc, UserError | duckdb.Error):
                log.exception("%s panel refresh failed", self.family.id)
            outcome, value = self._failed, describe_failure(exc, self.dashboard.dbs.path)
        else:
            outcome, value = self._loaded, data
        if not worker.is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(outcome, generation, value)

    def redacted(self, data: Loaded) -> Loaded:
        """``data`` with the family's personal-name columns hidden."""
        if not self.family.names:
            return data
        return Loaded(
            redact_value(data.figures, self.family.names),
            redact_value(data.extra, self.family.names),
            data.unavailable,
        )

    def _loaded(self, generation: int, data: Any) -> None:
        if generation != self._generation:
            return
        self.data = data
        self.data_scope = self._pending_scope
        self.error = None
        self.remove_class("-stale")
        self.sync_title()
        self.refresh(layout=True)
        self.dashboard.report_fresh(key=self.family.id, screen=self.screen)
        self.after_load(data)

    def after_load(self, data: Loaded) -> None:
        """Called on the UI thread after each successful refresh (alerts, say)."""

    def _failed(self, generation: int, reason: str) -> None:
        if generation != self._generation:
            return
        self.error = reason
        self.add_class("-stale")
        self.sync_title()
        self.refresh(layout=True)
        self.dashboard.report_stale(reason, key=self.family.id, screen=self.screen)

    # --- drawing -------------------------------------------------------------------------

    def headlines(self, data: Loaded) -> list[Headline]:
        return self.family.headlines(data.figures, self.thresholds)

    def details(self, data: Loaded) -> list[Detail]:
        if self.family.details is None:
            return []
        return self.family.details(data.figures, self.thresholds)

    def status(self, data: Loaded) -> Status | None:
        """Exactly the family's status: the worst of its headline statuses."""
        if data.unavailable is not None:
            return status.NO_DATA
        return self.family.status(data.figures, self.thresholds)

    def headline_lines(self, row: Headline, width: int, *, own_line: bool = False) -> list[Text]:
        """``label value  target …  ✔ OK``; when that would not fit, the target goes on a
        line of its own (``own_line``: the panel's first figure) or is left to the help."""
        line = Text(end="")
        line.append(f"{row.label} ", self.style("label"))
        alert = row.status is not None and row.status.level is status.Level.BREACH
        line.append(clean(row.value), self.style("alert") if alert else self.style("figure"))
        tail = Text(end="")
        if row.status is not None:
            tail.append("  ")
            tail.append_text(self.status_word(row.status))
        target = f"target {row.target}" if row.target else ""
        if not target:
            line.append_text(tail)
            return [line]
        if line.cell_len + 2 + len(target) + tail.cell_len <= width:
            line.append(f"  {target}", self.style("label"))
            line.append_text(tail)
            return [line]
        line.append_text(tail)
        if not own_line:
            return [line]
        return [line, Text(f"  {target}", self.style("label"), end="")]

    def detail_lines(self, data: Loaded, width: int) -> list[Text]:
        """The supporting figures, as many to a line as fit."""
        lines: list[Text] = []
        current = Text(end="")
        for detail in self.details(data):
            piece = self.labelled((detail.label, detail.value), alert=detail.alert)
            if current.cell_len and current.cell_len + 2 + piece.cell_len > width:
                lines.append(current)
                current = Text(end="")
            if current.cell_len:
                current.append("  ")
            current.append_text(piece)
        if current.cell_len:
            lines.append(current)
        return lines

    def headline(self, data: Loaded) -> Text:
        width = max(self.content_region.width, 10)
        rows = self.headlines(data)
        return (
            Text("\n", end="").join(self.headline_lines(rows[0], width, own_line=True))
            if rows
            else Text()
        )

    def body(self, data: Loaded, width: int) -> list[Text]:
        rows = self.headlines(data)[1:]
        lines = [line for row in rows for line in self.headline_lines(row, width)]
        lines += self.detail_lines(data, width)
        lines += self.extra_lines(data, width)
        return lines

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        """Lines the panel's own layout adds under the figures (a trend, a list of names)."""
        return []

    #: Badge styles (a background from the stylesheet, text chosen for contrast) and styles
    #: whose colour must read on the panel's background.
    BADGES: ClassVar[frozenset[str]] = frozenset({"ok", "near", "breach", "none"})
    ON_BACKGROUND: ClassVar[frozenset[str]] = frozenset(
        {"ok-text", "near-text", "breach-text", "alert"}
    )

    def style(self, name: str) -> Style:
        style = self.get_component_rich_style(f"panel--{name}", partial=True)
        if name in self.BADGES:
            return badge(style, self.background_colors[1])
        if name in self.ON_BACKGROUND:
            return on_background(style, self.background_colors[1])
        return style

    def status_pill(self, status: Status) -> Text:
        return Text(f" {status.label} ", style=self.style(status.level.value), end="")

    def status_word(self, status: Status) -> Text:
        """The status as coloured words (for a status inside a line)."""
        return Text(status.label, style=self.style(f"{status.level.value}-text"), end="")

    def labelled(self, *pairs: tuple[str, str], alert: bool = False) -> Text:
        """``label value · label value`` with muted labels."""
        line = Text(end="")
        for i, (label, value) in enumerate(pairs):
            if i:
                line.append("  ")
            line.append(f"{label} ", self.style("label"))
            line.append(clean(value), self.style("alert") if alert else self.style("figure"))
        return line

    def trend(self, trend: Trend, width: int, what: str, target: float) -> Text | None:
        """One bar per hour (or day) scaled to include ``target``, then what it shows and over
        how long (``% by hour``, ``%, last 17 h``); None when too few bars fit or none has
        a value."""
        values, label = fit_trend(trend, width, what)
        present = [v for v in values if v is not None]
        if not present:  # a line of gaps says nothing
            return None
        low = min([*present, target, 0.0 if target <= 50 else target])
        high = max([*present, target])
        line = Text(end="")
        line.append(sparkline(values, len(values), low=low, high=high), self.style("trend"))
        line.append(f" {label}", self.style("label"))
        return line

    def render(self) -> Text:
        width = max(self.content_region.width, 10)
        if self.data is None:
            message = f"cannot load: {self.error}" if self.error else "loading…"
            return Text(message, style=self.style("label"), end="")
        if self.data.unavailable is not None:
            return Text(f"– NO DATA · {self.data.unavailable}", style=self.style("label"), end="")
        lines = [self.headline(self.data), *self.body(self.data, width)]
        return Text("\n", end="").join(lines)

    # --- nothing to count ----------------------------------------------------------------

    def gap_reason(self, coverage: Coverage, as_of: datetime) -> str | None:
        """Why the database has nothing for this panel at ``as_of`` (None: it has)."""
        if self.family.gap is not None:
            return self.family.gap(coverage, as_of)
        return coverage.gap(as_of)

    def gap(self) -> str | None:
        """Why the panel's zeros mean "no data" rather than "nothing wrong" (or None)."""
        coverage = self.dashboard.coverage
        data = self.data
        if data is None or data.unavailable is not None:
            return None
        if self.family.empty is None or coverage is None:
            return None
        if not self.family.empty(data.figures):
            return None
        scope = self.data_scope or self.dashboard.scope
        return self.gap_reason(coverage, scope.as_of)

    def shown_status(self) -> Status | None:
        """The status in the title: the figures' own, or NO DATA when there is nothing."""
        if self.data is None:
            return None
        current = self.status(self.data)
        if current is not None and self.gap() is not None:
            return status.NO_DATA
        return current

    def sync_title(self) -> None:
        """The border title: the panel's name and its status (symbol, word and colour)."""
        title = Text(self.family.title, end="")
        current = self.shown_status()
        if current is not None:
            title.append(" ")
            title.append_text(self.status_pill(current))
        self.border_title = title
        notes = []
        if self.error is not None:
            notes.append("STALE")
        gap = self.gap()
        if gap is not None:
            notes.append(gap)
        scope = self.dashboard.scope
        if self.family.force_wide and (scope.area is not None or scope.team is not None):
            notes.append("force-wide")
        subtitle = Text(" · ".join(notes), end="")
        if self.error is not None:
            subtitle.stylize(self.style("alert"), 0, len("STALE"))
        self.border_subtitle = subtitle

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        """The first screen behind this panel (None: the family has no drill-down yet)."""
        from supervisor_tui.app.drill.generic import FamilyList

        if family.list_query is None:
            return None
        return FamilyList(family)

    def action_open(self) -> None:
        self.dashboard.open_drill(self.family.id)
