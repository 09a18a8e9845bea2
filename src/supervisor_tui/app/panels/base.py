"""A home-screen panel: draws one family's figures as text, in full or as one compact row.

The home screen reads every panel's figures in one worker and one ``Database.read()`` per
refresh round (:meth:`Panel.read`, then :meth:`Panel.deliver`). A refresh whose figures
equal the last ones does not redraw the panel.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, cast

import duckdb
import polars as pl
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from supervisor_tui import figures, fmt, metrics, status
from supervisor_tui.app.failures import describe_failure
from supervisor_tui.app.widgets.contrast import badge, on_background
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.app.widgets.sparkline import Trend, fit_trend, sparkline
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.errors import UserError
from supervisor_tui.figures.report import Figures, missing
from supervisor_tui.figures.spec import Detail, Family, Headline
from supervisor_tui.redact import redact_value
from supervisor_tui.status import Status, worst

__all__ = [
    "Loaded",
    "Panel",
    "count",
    "describe_failure",
    "duration",
    "pct",
    "same",
    "worst",
]

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


def same(a: Any, b: Any) -> bool:
    """True when two refreshes read equal figures: dicts, lists, dataclasses and polars
    frames compared by value (frames with their column types), so an unchanged database
    gives no redraw."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, pl.DataFrame):
        return a.schema == b.schema and a.equals(b)
    if isinstance(a, pl.Series):
        return a.dtype == b.dtype and a.equals(b)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # a value with no truth for ==: say it changed
        return False


#: Headlines in a compact row: breaches first, then near, OK and the informational ones.
SEVERITY_ORDER: dict[status.Level | None, int] = {
    status.Level.BREACH: 0,
    status.Level.NEAR: 1,
    status.Level.OK: 2,
    status.Level.NONE: 3,
    None: 4,
}
#: Between two figures of a compact row.
SEPARATOR = " · "


@cache
def compact_columns() -> tuple[int, int]:
    """The compact rows' title and status columns: the longest family title (at most 16
    cells) and the longest status pill, so every row's figures start in one column."""
    title = min(16, max(cell_len(f.title) for f in figures.families()))
    pill = max(cell_len(s.label) for s in (status.OK, status.NEAR, status.BREACH, status.NO_DATA))
    return title, pill + 2


def breaching(headline: Headline) -> bool:
    return headline.status is not None and headline.status.level is status.Level.BREACH


#: A label is shortened to no fewer cells than this to keep its figure on the line.
MIN_LABEL = 8


@dataclass(frozen=True)
class Piece:
    """One item of a compact row: a figure's label and value (or words: ``value`` only)."""

    value: Text
    label: Text | None = None

    @property
    def cells(self) -> int:
        return self.value.cell_len + (self.label.cell_len + 1 if self.label is not None else 0)

    def text(self, room: int) -> Text | None:
        """The piece in ``room`` cells: whole, else with its label shortened (…) so the
        value stays whole; words are cut. None when not even that fits."""
        if self.cells <= room:
            return self.whole()
        if self.label is None:
            cut = self.value.copy()
            cut.truncate(room, overflow="ellipsis")
            return cut if room >= MIN_LABEL else None
        label_room = room - self.value.cell_len - 1
        if label_room < MIN_LABEL:
            return None
        out = self.label.copy()
        out.truncate(label_room, overflow="ellipsis")
        out.append(" ")
        out.append_text(self.value)
        return out

    def whole(self) -> Text:
        out = Text(end="")
        if self.label is not None:
            out.append_text(self.label)
            out.append(" ")
        out.append_text(self.value)
        return out


def fill(pieces: list[Piece], width: int, lines: int) -> list[Text]:
    """``pieces`` joined by `` · `` into at most ``lines`` lines of ``width`` cells, in
    order. A piece that does not fit goes on the next line; on the last line the row's
    first figure is shortened to the room left (:meth:`Piece.text`) rather than left out,
    and the pieces after it are left out."""
    out: list[Text] = []
    current = Text(end="")
    figure_shown = False
    for piece in pieces:
        last_line = len(out) + 1 >= lines
        if figure_shown and last_line and piece.cells > width - current.cell_len - 3:
            break  # a later figure is left whole or out, never cut
        figure_shown = figure_shown or piece.label is not None
        gap = len(SEPARATOR) if current.cell_len else 0
        room = width - current.cell_len - gap
        if piece.cells <= room:
            if gap:
                current.append(SEPARATOR)
            current.append_text(piece.whole())
            continue
        if current.cell_len and len(out) + 1 < lines:  # a fresh line for it
            out.append(current)
            current, gap, room = Text(end=""), 0, width
        shortened = piece.text(room)
        if shortened is not None:
            if gap:
                current.append(SEPARATOR)
            current.append_text(shortened)
        break
    if current.cell_len:
        out.append(current)
    return out[:lines]


@dataclass(frozen=True)
class Loaded:
    """What one refresh read: the family's figures (None when the database cannot hold
    them: ``unavailable`` says why) and the panel's own extras (a trend, say)."""

    figures: Any
    extra: Any = None
    unavailable: str | None = None


@dataclass(frozen=True)
class Outcome:
    """One panel's part of a refresh: its figures, or the error to show instead.
    ``unchanged``: the figures equal ``previous``, those on show when the refresh began."""

    data: Loaded | None
    error: str | None = None
    unchanged: bool = False
    previous: Loaded | None = None
    #: Kept from an earlier round without reading (``figures.report.tick``): the figures
    #: stay those of the scope they were read for.
    held: bool = False


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
        self.loads = 0  # refreshes started (tests count them)
        self.redraws = 0  # refreshes whose new figures were drawn (tests count them)
        #: Lines of the compact home row (1 or 2), or 0: the full panel (set by the grid).
        self.compact_lines = 0
        self._shown_title: tuple[Text, Text] | None = None
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

    def fetch(
        self, session: Session, scope: metrics.Scope, figures: Figures | None = None
    ) -> Loaded:
        """Read the family's figures and the panel's extras (worker thread; core calls only).
        ``figures``: every family's figures already read in this session (the home screen's
        round), used instead of fetching the family again."""
        if figures is not None and self.family.id in figures.data:
            reason = figures.unavailable.get(self.family.id)
            if reason is not None:
                return Loaded(None, unavailable=reason)
            value = figures.data[self.family.id]
        else:
            reason = missing(self.family, session)
            if reason is not None:
                return Loaded(None, unavailable=reason)
            value = self.family.fetch(session, scope)
        return Loaded(value, self.fetch_extra(session, scope))

    def fetch_extra(self, session: Session, scope: metrics.Scope) -> Any:
        """Anything more the layout draws (a trend); None by default."""
        return None

    def begin(self, scope: metrics.Scope) -> int:
        """A refresh for ``scope`` starts (UI thread): any older one's result will be
        dropped. Returns the refresh's generation for :meth:`deliver`."""
        self._generation += 1
        self._pending_scope = scope
        self.loads += 1
        return self._generation

    def read(
        self,
        session: Session,
        scope: metrics.Scope,
        redact: bool,
        figures: Figures | None = None,
        previous: Loaded | None = None,
    ) -> Outcome:
        """This panel's part of a refresh (worker thread): its figures, redacted when asked,
        and whether they equal ``previous`` (the figures on show when the refresh began); a
        failure is the reason to show instead."""
        try:
            data = self.fetch(session, scope, figures)
            if redact:
                data = self.redacted(data)
        except Exception as exc:
            return self.failure(exc)
        return Outcome(data, unchanged=previous is not None and same(previous, data),
                       previous=previous)  # fmt: skip

    def failure(self, exc: BaseException) -> Outcome:
        if not isinstance(exc, UserError | duckdb.Error):
            log.error("%s panel refresh failed", self.family.id, exc_info=exc)
        return Outcome(None, error=describe_failure(exc, self.dashboard.dbs.path))

    def deliver(self, generation: int, outcome: Outcome) -> None:
        """Show a refresh's outcome (UI thread) unless a newer refresh has begun since."""
        if outcome.error is not None:
            self._failed(generation, outcome.error)
        else:
            same_as = outcome.previous if outcome.unchanged else None
            self._loaded(generation, outcome.data, same_as=same_as, held=outcome.held)

    def redacted(self, data: Loaded) -> Loaded:
        """``data`` with the family's personal-name columns hidden."""
        if not self.family.names:
            return data
        return Loaded(
            redact_value(data.figures, self.family.names),
            redact_value(data.extra, self.family.names),
            data.unavailable,
        )

    def _loaded(
        self, generation: int, data: Any, same_as: Loaded | None = None, held: bool = False
    ) -> None:
        """New figures; ``same_as``: the figures they were found equal to in the worker —
        when those are still the ones on show, nothing is redrawn. Figures that differ but
        draw the same text (a due time in seconds where the panel shows days) are not
        redrawn either, and the layout is redone only when the panel's height may change.
        The title follows the scope and the data's coverage, and changes when its text does.
        ``held``: the figures were kept from an earlier round (their scope stays theirs).
        """
        if generation != self._generation:
            return
        was_stale = self.error is not None
        changed = same_as is None or same_as is not self.data
        before = None
        if changed and self.data is not None and not was_stale:
            before = self.render()  # what is on show
        if changed:
            self.data = data
        if not held or self.data_scope is None:
            self.data_scope = self._pending_scope
        self.error = None
        if was_stale:
            self.remove_class("-stale")
        self.sync_title()
        if changed or was_stale:
            after = self.render()
            if before is None or after != before:
                self.redraws += 1
                lines = after.plain.count("\n")
                same_height = before is not None and before.plain.count("\n") == lines
                self.refresh(layout=not (self.compact_lines or same_height))
        self.dashboard.report_fresh(key=self.family.id, screen=self.screen)
        self.after_load(self.data)

    def after_load(self, data: Loaded) -> None:
        """Called on the UI thread after each successful refresh (alerts, say)."""

    def _failed(self, generation: int, reason: str) -> None:
        if generation != self._generation:
            return
        if self.error == reason and self.has_class("-stale"):
            self.dashboard.report_stale(reason, key=self.family.id, screen=self.screen)
            return  # still failing for the same reason: nothing new to draw
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
        if self.compact_lines:
            return self.compact_row(width)
        if self.data is None:
            message = f"cannot load: {self.error}" if self.error else "loading…"
            return Text(message, style=self.style("label"), end="")
        if self.data.unavailable is not None:
            return Text(f"– NO DATA · {self.data.unavailable}", style=self.style("label"), end="")
        lines = [self.headline(self.data), *self.body(self.data, width)]
        return Text("\n", end="").join(lines)

    # --- the compact home row ------------------------------------------------------------

    def set_compact(self, lines: int) -> None:
        """Draw as a compact row of ``lines`` lines (1 or 2), or in full (0)."""
        if lines != self.compact_lines:
            self.compact_lines = lines
            self.refresh(layout=True)

    def on_focus(self) -> None:
        if self.compact_lines:
            self.refresh()  # the ▶ marker

    def on_blur(self) -> None:
        if self.compact_lines:
            self.refresh()

    def compact_row(self, width: int) -> Text:
        """``▶ Title  ✖ BREACH  label value · label value …``: the panel's status and its
        headline figures, worst first, as many as fit in ``compact_lines`` lines (the
        second line, when there is one, goes on with the details). STALE, NO DATA and the
        reason there is nothing to count are said in words."""
        title_cells, pill_cells = compact_columns()
        lead = Text("▶ " if self.has_focus else "  ", self.style("figure"), end="")
        lead.append(fit(self.family.title, title_cells).ljust(title_cells), self.style("figure"))
        lead.append(" ")
        current = self.shown_status()
        pill = self.status_pill(current) if current is not None else Text(end="")
        lead.append_text(pill)
        lead.append(" " * (pill_cells - pill.cell_len + 1))
        indent = lead.cell_len
        lines = fill(self.compact_pieces(), max(width - indent, 8), self.compact_lines)
        first = lead
        first.append_text(lines[0] if lines else Text(end=""))
        rest = [Text(" " * indent, end="") + line for line in lines[1:]]
        return Text("\n", end="").join([first, *rest])

    def compact_pieces(self) -> list[Piece]:
        """What the compact row says after the status, most important first."""
        pieces: list[Piece] = []
        label, alert = self.style("label"), self.style("alert")
        if self.error is not None:
            pieces.append(Piece(Text("STALE", alert, end="")))
        data = self.data
        if data is None:
            message = f"cannot load: {self.error}" if self.error else "loading…"
            return [Piece(Text(message, alert if self.error else label, end=""))]
        if data.unavailable is not None:
            return [*pieces, Piece(Text(f"no data: {data.unavailable}", label, end=""))]
        gap = self.gap()
        if gap is not None:
            return [*pieces, Piece(Text(gap, label, end=""))]
        scope = self.dashboard.scope
        if self.family.force_wide and (scope.area is not None or scope.team is not None):
            pieces.append(Piece(Text("force-wide", label, end="")))  # the figures' scope
        rows = sorted(self.headlines(data), key=lambda h: SEVERITY_ORDER[
            h.status.level if h.status is not None else None])  # fmt: skip
        figures = [(h.label, h.value, breaching(h)) for h in rows]
        figures += [(d.label, d.value, d.alert) for d in self.details(data)]
        for name, value, alerting in figures:
            shown = Text(clean(value), alert if alerting else self.style("figure"), end="")
            pieces.append(Piece(shown, Text(name, label, end="")))
        return pieces

    # --- nothing to count ----------------------------------------------------------------

    def gap(self) -> str | None:
        """Why the panel's zeros mean "no data" rather than "nothing wrong" (or None)."""
        data = self.data
        if data is None or data.unavailable is not None:
            return None
        scope = self.data_scope or self.dashboard.scope
        return self.family.gap_reason(data.figures, self.dashboard.coverage, scope.as_of)

    def shown_status(self) -> Status | None:
        """The status in the title: the figures' own, or NO DATA when there is nothing."""
        if self.data is None:
            return None
        if self.data.unavailable is not None:
            return status.NO_DATA
        scope = self.data_scope or self.dashboard.scope
        return self.family.shown_status(
            self.data.figures, self.thresholds, self.dashboard.coverage, scope.as_of
        )

    def sync_title(self) -> None:
        """The border title: the panel's name and its status (symbol, word and colour)."""
        title = Text(self.family.title, end="")
        current = self.shown_status()
        if current is not None:
            title.append(" ")
            title.append_text(self.status_pill(current))
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
        if self._shown_title != (title, subtitle):  # setting either redraws the panel
            self._shown_title = (title, subtitle)
            self.border_title = title
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
