"""A home-screen panel: loads its figures in its own worker thread and draws them as text."""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

import duckdb
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.worker import get_current_worker

from supervisor_tui import metrics, status
from supervisor_tui.app.coverage import Coverage
from supervisor_tui.app.failures import describe_failure
from supervisor_tui.app.widgets.contrast import badge, on_background
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.app.widgets.sparkline import Trend, fit_trend, sparkline
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.errors import UserError
from supervisor_tui.status import Level, Status

__all__ = ["Panel", "count", "describe_failure", "duration", "pct", "worst"]

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

log = logging.getLogger(__name__)

_SEVERITY = {Level.NONE: 0, Level.OK: 1, Level.NEAR: 2, Level.BREACH: 3}


def worst(*statuses: Status | None) -> Status | None:
    """The most severe of ``statuses`` (BREACH > NEAR > OK > NO DATA); None if none given."""
    present = [s for s in statuses if s is not None]
    if not present:
        return None
    return max(present, key=lambda s: _SEVERITY[s.level])


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def duration(seconds: float | None) -> str:
    """``35 s``, ``4 min 05 s``, ``1 h 02 min``."""
    if seconds is None:
        return "–"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


class Panel(Widget, can_focus=True):
    """Subclasses set PANEL_ID and TITLE and implement fetch (thread), status and body."""

    PANEL_ID: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    #: True for figures that have no area (calls): the title says "whole force" under a filter.
    FORCE_WIDE: ClassVar[bool] = False
    #: Content lines the panel needs at least (the home grid makes every panel this tall).
    MIN_LINES: ClassVar[int] = 6

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

    def __init__(self) -> None:
        super().__init__(id=self.PANEL_ID)
        self.data: Any = None
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

    def fetch(self, session: Session, scope: metrics.Scope) -> Any:
        """Read this panel's figures (runs in a worker thread; only core calls)."""
        raise NotImplementedError

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
                log.exception("%s panel refresh failed", self.PANEL_ID)
            outcome, value = self._failed, describe_failure(exc, self.dashboard.dbs.path)
        else:
            outcome, value = self._loaded, data
        if not worker.is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(outcome, generation, value)

    def redacted(self, data: Any) -> Any:
        """``data`` with personal names hidden (panels that show names override this)."""
        return data

    def _loaded(self, generation: int, data: Any) -> None:
        if generation != self._generation:
            return
        self.data = data
        self.data_scope = self._pending_scope
        self.error = None
        self.remove_class("-stale")
        self.sync_title()
        self.refresh(layout=True)
        self.dashboard.report_fresh(key=self.PANEL_ID, screen=self.screen)

    def _failed(self, generation: int, reason: str) -> None:
        if generation != self._generation:
            return
        self.error = reason
        self.add_class("-stale")
        self.sync_title()
        self.refresh(layout=True)
        self.dashboard.report_stale(reason, key=self.PANEL_ID, screen=self.screen)

    # --- drawing -------------------------------------------------------------------------

    def status(self, data: Any) -> Status | None:
        return None

    def headline(self, data: Any) -> Text:
        raise NotImplementedError

    def body(self, data: Any, width: int) -> list[Text]:
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
        lines = [self.headline(self.data), *self.body(self.data, width)]
        return Text("\n", end="").join(lines)

    # --- nothing to count ----------------------------------------------------------------

    #: Panels whose figures count calls, incidents, crimes or suspects set this: with no
    #: records at the as-of time they say NO DATA (and why), not ✔ OK.
    COUNTS_RECORDS: ClassVar[bool] = False

    def is_empty(self, data: Any) -> bool:
        """True when ``data`` counts nothing at all (zeros because there is nothing)."""
        return False

    def gap_reason(self, coverage: Coverage, as_of: datetime) -> str | None:
        """Why the database has nothing for this panel at ``as_of`` (None: it has)."""
        return coverage.gap(as_of)

    def gap(self) -> str | None:
        """Why the panel's zeros mean "no data" rather than "nothing wrong" (or None)."""
        coverage = self.dashboard.coverage
        if not self.COUNTS_RECORDS or coverage is None or self.data is None:
            return None
        if not self.is_empty(self.data):
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
        title = Text(self.TITLE, end="")
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
        if self.FORCE_WIDE and self.dashboard.scope.area is not None:
            notes.append("force-wide")
        subtitle = Text(" · ".join(notes), end="")
        if self.error is not None:
            subtitle.stylize(self.style("alert"), 0, len("STALE"))
        self.border_subtitle = subtitle

    def action_open(self) -> None:
        self.dashboard.open_drill(self.PANEL_ID)
