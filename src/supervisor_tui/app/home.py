"""The home screen: every figure family's panel, in the registry's order (also the Tab order).

From ``FULL_FROM`` columns up the panels stand in a grid of three columns (a panel whose layout
says ``FULL_ROW``, the crime picture, spans a whole row). Narrower, the home is **compact**:
one row per panel — its title, status and headline figures, worst first — so that every
status fits one 80×24 screen; a row is the same focusable panel, and Enter opens its
drill-down as in the grid. The layout follows the terminal live as it is resized.

One worker per refresh round reads every panel's figures in one ``Database.read()``
(:func:`supervisor_tui.figures.report.read`) and hands each panel its own; a panel whose
figures fail shows STALE on its own, and one whose figures are unchanged is not redrawn.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.worker import get_current_worker

from supervisor_tui import metrics
from supervisor_tui.app.panels import Panel, panels
from supervisor_tui.app.panels.base import Loaded, Outcome
from supervisor_tui.app.widgets.footer import AppFooter
from supervisor_tui.app.widgets.status_bar import StatusBar
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import Session, file_stamp
from supervisor_tui.figures import report

log = logging.getLogger(__name__)
if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

#: From this width the panels stand in a grid of three; narrower, the home is compact.
#: Three columns give each panel 34 cells of text, the least in which a headline keeps its
#: target and status on one line and the action kinds, the on-duty areas and the crime
#: types keep their number columns; two columns would fit only two or three of the 14
#: panels on a 24-line screen, so below 120 one row per panel shows more.
FULL_FROM = 120
#: Columns of the full grid.
COLUMNS = 3


class PanelGrid(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The panels in a grid; they stretch to fill the screen and scroll when they cannot fit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "screen.move('up')", "Move between panels", id="panel_up", show=False),
        Binding("down", "screen.move('down')", "Move between panels", id="panel_down", show=False),
        Binding("left", "screen.move('left')", "Move between panels", id="panel_left", show=False),
        Binding(
            "right", "screen.move('right')", "Move between panels", id="panel_right", show=False
        ),
        Binding("pageup", "page_up", "Scroll the panels", id="panels_page_up", show=False),
        Binding("pagedown", "page_down", "Scroll the panels", id="panels_page_down", show=False),
    ]

    @property
    def compact(self) -> bool:
        return self.screen.size.width < FULL_FROM

    def columns(self) -> int:
        return 1 if self.compact else COLUMNS

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.height)

    def rows(self, panels: list[Panel]) -> int:
        """Grid rows: the panels that share rows, then one row for each full-row panel."""
        columns = self.columns()
        shared = sum(1 for p in panels if not p.FULL_ROW)
        return max(1, -(-shared // columns) + len(panels) - shared)

    def fit(self, height: int) -> None:
        """Compact: one row per panel, two when the screen has room for two each. Full: every
        panel the same height, a share of the screen or what the tallest needs."""
        panels = list(self.query(Panel))
        if not panels:
            return
        if self.compact:
            lines = 2 if height >= 2 * len(panels) else 1
            for panel in panels:
                panel.styles.column_span = 1
                panel.styles.height = lines
                panel.styles.min_height = lines
                panel.set_compact(lines)
            return
        columns = self.columns()
        place = 0  # the column the next shared panel goes in
        for i, panel in enumerate(panels):
            panel.styles.height = None  # the stylesheet's: as tall as its content
            panel.set_compact(0)
            panel.styles.column_span = columns if panel.FULL_ROW else 1
            if not panel.FULL_ROW:
                place = (place + 1) % columns
                continue
            if place and i:  # a row left part-empty: its last panel stretches to fill it
                panels[i - 1].styles.column_span = columns - place + 1
            place = 0
        rows = self.rows(panels)
        needed = max(p.MIN_LINES for p in panels) + 2  # + the border
        each = max(needed, height // rows)
        for panel in panels:
            panel.lines_available = each - 2
            panel.styles.min_height = each


class HomeScreen(Screen[None]):
    """What needs action now, at a glance."""

    crumb = "Home"
    #: The round's one read also reads how far the data goes (the app does not read it again).
    READS_COVERAGE: ClassVar[bool] = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next panel", id="next_panel", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous panel", id="previous_panel",
                show=False),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.rounds = 0  # refresh rounds whose figures were read (tests count them)
        self._generation = 0
        #: (inputs, file stamp) of the last round every panel read without error.
        self._last_read: tuple[object, ...] | None = None
        #: Whether that round's figures change by the second (``Figures.ticking``).
        self._ticking = True
        #: The figures on show after the last good round that read figures (None: none yet).
        self._held: report.Figures | None = None
        self.ticks = 0  # rounds that read only the ticking families (tests count them)

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with PanelGrid(id="panels"):
            yield from panels()
        yield AppFooter()

    def on_mount(self) -> None:
        self._reflow(self.size.width)
        self.query_one(Panel).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._reflow(event.size.width)

    def _reflow(self, width: int) -> None:
        self.set_class(width < FULL_FROM, "-compact")
        grid = self.query_one(PanelGrid)
        grid.fit(grid.size.height)

    @property
    def panels(self) -> list[Panel]:
        return list(self.query(Panel))

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    def last_good_round(self) -> tuple[metrics.Scope, tuple[object, ...], bool] | None:
        """The scope, file stamp and ticking of the last round every panel read without error
        (the app holds a live as-of time while the file keeps that stamp)."""
        if self._last_read is None:
            return None
        inputs, stamp = self._last_read
        return inputs[0], stamp, self._ticking

    def held_as_of(self) -> datetime | None:
        """When figures on show were kept from an earlier round while the ticking ones were
        read at the scope's as-of time: the as-of time of the kept ones (None: all at it)."""
        held = self._held
        if held is None or held.held_as_of is None or held.scope != self.dashboard.scope:
            return None
        return held.held_as_of

    def _tick_from(
        self, inputs: tuple[metrics.Scope, bool, tuple[str | None, ...]]
    ) -> list[object]:
        """``[figures, file stamp]`` when this round may read only the ticking families: the
        same panels and redaction as the last good round, whose figures the app may tick
        (``DashboardApp.may_tick``), and the file is to be as it was then (checked in the
        worker). Else ``[]``. A list, so the worker can let go of the figures when it ends."""
        held, last = self._held, self._last_read
        if last is None:
            return []
        last_inputs, stamp = last
        if cast(tuple, last_inputs)[1:] != inputs[1:]:
            return []  # other panels or redaction
        return [held, stamp] if self.dashboard.may_tick(held, inputs[0]) else []

    def reload(self) -> None:
        """Refresh every panel in one worker; a round still running is cancelled (its figures
        are for an older scope and are never shown)."""
        scope = self.dashboard.scope
        self._generation += 1
        panels = self.panels
        shown = all(p.data is not None and p.error is None for p in panels)
        jobs = [(panel, panel.begin(scope), panel.data) for panel in panels]
        inputs = (scope, self.dashboard.redact, tuple(p.id for p in panels))
        last = self._last_read if shown else None
        tick_from = self._tick_from(inputs) if shown else []
        self._read_all(inputs, self._generation, jobs, last, tick_from)

    @work(
        thread=True,
        exclusive=True,
        group="home-load",
        exit_on_error=False,
        description="read every panel of the home screen",
    )
    def _read_all(
        self,
        inputs: tuple[metrics.Scope, bool, tuple[str | None, ...]],
        generation: int,
        jobs: list[tuple[Panel, int, Loaded | None]],
        last: tuple[object, ...] | None,
        tick_from: list[object],
    ) -> None:
        """Every panel's figures in one ``Database.read()``: the registry's figures for every
        family at once (one session: queries the families share run once), then each panel's
        extras; a family that fails is read again on its own so the others still show.

        When the scope (as-of time included) and the database file are exactly as at the
        last good round (``last``: time travel, a paused clock, or a live one the app holds
        while nothing is written), the figures cannot
        differ: the file is still opened — so a lock or a missing file is reported as
        ever — but no query runs. When only the as-of time moved, the file is unchanged and
        some figures tick (``tick_from``), only the ticking families and their panels are
        read; the others keep their figures (``figures.report.tick``)."""
        scope, redact, _ids = inputs
        worker = get_current_worker()
        outcomes: list[tuple[Panel, int, Outcome]] = []
        stamp: tuple[object, ...] | None = None
        coverage: Coverage | None = None
        ticking: bool | None = None  # unchanged figures: as at the last round
        figures: report.Figures | None = None
        fresh = True  # figures were read (``figures``: None when they failed)
        reread: frozenset[str] | None = None  # a tick round: the families read again
        try:
            database = self.dashboard.dbs.get()
            with database.read() as session:
                on_file = file_stamp(database.path)
                try:  # the file as at the last good round: the coverage shown is still its
                    if last is None or last[1] != on_file:
                        coverage = Coverage.from_extent(metrics.data_extent(session))
                except Exception:  # the panels report the failure; the last coverage stays
                    log.debug("reading the data extent failed", exc_info=True)
                stamp = (inputs, on_file)
                if stamp == last:
                    outcomes = [(p, g, Outcome(d, unchanged=True, previous=d)) for p, g, d in jobs]
                    fresh = False
                else:
                    self.rounds += 1
                    held = tick_from[0] if tick_from and tick_from[1] == on_file else None
                    if held is not None:
                        figures = self._tick(session, scope, cast("report.Figures", held))
                    if figures is not None:  # only the ticking families were read again
                        self.ticks += 1
                        stamp = last
                        reread = cast("report.Figures", held).ticking_ids()
                    else:
                        try:
                            figures = report.read(session, scope, surface="home")
                        except Exception:  # one family's figures failed: each panel reads its own
                            figures = None
                    ticking = True if figures is None else figures.ticking()
                    for panel, panel_generation, previous in jobs:
                        if worker.is_cancelled:
                            return
                        if reread is None or panel.family.id in reread:
                            outcome = panel.read(session, scope, redact, figures, previous)
                        else:
                            outcome = Outcome(previous, unchanged=True, previous=previous,
                                              held=True)  # fmt: skip
                        outcomes.append((panel, panel_generation, outcome))
        except Exception as exc:  # the database could not be read at all
            outcomes, stamp = [(p, g, p.failure(exc)) for p, g, _ in jobs], None
        finally:
            # A finished Worker and its context refer to each other, so its arguments live
            # until a full garbage collection, which a busy app runs rarely: every round's
            # previous figures (the action queue's frame among them) stayed with it, 100 MB
            # over a few hundred rounds (tests/app/test_live.py).
            jobs.clear()
            tick_from.clear()
        if not worker.is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(
                    self._deliver, generation, outcomes, stamp, coverage, ticking,
                    (figures,) if fresh else None,
                )  # fmt: skip

    @staticmethod
    def _tick(
        session: Session, scope: metrics.Scope, held: report.Figures
    ) -> report.Figures | None:
        """``held`` moved on to ``scope`` by reading only its ticking families (None: that
        failed, so the round reads every family)."""
        try:
            return report.tick(session, held, scope)
        except Exception:
            log.debug("reading the ticking families failed", exc_info=True)
            return None

    def _deliver(
        self,
        generation: int,
        outcomes: list[tuple[Panel, int, Outcome]],
        stamp: tuple[object, ...] | None,
        coverage: Coverage | None = None,
        ticking: bool | None = None,
        figures: tuple[report.Figures | None] | None = None,
    ) -> None:
        """``figures``: ``(figures,)`` when the round read figures (None inside when every
        family could not be read at once), None when it kept those on show."""
        if generation != self._generation:
            return
        ok = all(outcome.error is None for _p, _g, outcome in outcomes)
        # unread: the file could not be opened (the last coverage stays), or it is as at the
        # last good round (the same coverage, whose age is checked against the clock again)
        if coverage is None and ok and stamp is not None:
            coverage = self.dashboard.coverage
        if coverage is not None:
            self.dashboard.set_coverage(coverage)
        self._last_read = stamp if ok else None
        if not ok:
            self._held = None
        elif figures is not None:
            self._held = figures[0]
        if ticking is not None:
            self._ticking = ticking
        for panel, panel_generation, outcome in outcomes:
            if panel.is_attached:
                panel.deliver(panel_generation, outcome)

    def action_move(self, direction: str) -> None:
        """Focus the nearest panel in ``direction`` (by position, so it follows the reflow)."""
        panels = self.panels
        current = self.focused if isinstance(self.focused, Panel) else None
        # Screen.set_focus at once, not Widget.focus (which waits for the next idle moment),
        # so a held-down arrow key moves one panel per repeat instead of re-reading the old one
        if current is None:
            self.set_focus(panels[0])
            return
        here = current.virtual_region
        cx, cy = here.x + here.width / 2, here.y + here.height / 2

        def ahead(p: Panel) -> bool:
            r = p.virtual_region
            return {
                "up": r.y + r.height <= here.y,
                "down": r.y >= here.y + here.height,
                "left": r.x + r.width <= here.x,
                "right": r.x >= here.x + here.width,
            }[direction]

        def distance(p: Panel) -> tuple[bool, float, float]:
            """Panels in line with this one first, then the nearest edge (panels differ in
            height), then the nearest centre."""
            r = p.virtual_region
            px, py = r.x + r.width / 2, r.y + r.height / 2
            gap = {
                "up": here.y - (r.y + r.height),
                "down": r.y - (here.y + here.height),
                "left": here.x - (r.x + r.width),
                "right": r.x - (here.x + here.width),
            }[direction]
            if direction in ("up", "down"):
                in_line = r.x < here.x + here.width and here.x < r.x + r.width
                across = abs(px - cx)
            else:
                in_line = r.y < here.y + here.height and here.y < r.y + r.height
                across = abs(py - cy)
            return not in_line, gap, across

        candidates = [p for p in panels if p is not current and ahead(p)]
        if candidates:
            target = min(candidates, key=distance)
            self.set_focus(target)
            target.scroll_visible()
