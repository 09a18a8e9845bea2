"""The dashboard application: scope, live refresh scheduling, freshness and the app keys."""

from __future__ import annotations

import contextlib
import logging
import math
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

import duckdb
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.worker import WorkerState

from supervisor_tui import figures, metrics
from supervisor_tui.app.palette import BindingsProvider
from supervisor_tui.app.themes import THEMES
from supervisor_tui.app.widgets.status_bar import age_text
from supervisor_tui.config import Config
from supervisor_tui.coverage import Coverage, age_badge
from supervisor_tui.db import ThreadDatabases, file_stamp
from supervisor_tui.figures import report
from supervisor_tui.timeutil import to_local, utc_now

log = logging.getLogger(__name__)

#: The home panels, in order: one per figure family in the registry.
PANEL_IDS: tuple[str, ...] = tuple(f.id for f in figures.families())
STALE_AFTER_INTERVALS = 3
#: Live, while nothing is written to the database and no figure on show ticks by the second
#: (``Family.ticking``: a call waiting), a refresh round keeps the as-of time of the last
#: one for up to this long: the round opens the file, sees it unchanged and reads no figure.
#: Figures that change only as the clock moves (a call leaving the window, a deadline
#: passing) therefore show at most this late while the database is quiet; a write is seen
#: at the next round as ever. While some figure ticks, the as-of time follows the clock and
#: only the families that tick are read again (``figures.report.tick``); the others are kept
#: from the last full round for up to this long, and the header shows their as-of time.
HOLD_UNCHANGED_SECONDS = 30.0
ROUND_POLL_SECONDS = 0.1
#: Timed rounds start every refresh interval; one that left less than this share of an
#: interval is followed by the next at least this share later (``next_round_delay``).
MIN_GAP_SHARE = 0.2
_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)
_EPOCH = datetime(1970, 1, 1)


def hold_slot(at: datetime, seconds: float, phase: float) -> int:
    """Which slot of ``seconds`` the clock is in at ``at``, slots starting ``phase`` seconds
    into each (counted from 1970-01-01 on the clock's own time line)."""
    since = (at.replace(tzinfo=None) - _EPOCH).total_seconds()
    return math.floor((since - phase) / seconds)


def next_round_delay(
    interval: float, elapsed: float, draw: Callable[[], float] = random.random
) -> float:
    """Seconds from the end of a round that took ``elapsed`` to the start of the next: one
    ``interval`` after it started. A round that left less than ``MIN_GAP_SHARE`` of an
    interval is followed after a random share between that and a whole interval (``draw``:
    0 to 1), so dashboards a busy machine slowed together do not go on reading in step."""
    least = interval * MIN_GAP_SHARE
    if interval - elapsed >= least:
        return interval - elapsed
    return least + (interval - least) * draw()


#: Actions that change what the figures cover; not offered while a dialog is open.
_SCOPE_ACTIONS = {
    "pick_window",
    "pick_area",
    "pick_team",
    "toggle_pause",
    "refresh_now",
    "time_travel",
}
#: Actions a kiosk (a wall screen anyone can walk up to) never offers: ending the session,
#: writing files, leaving "now" or changing what the figures cover, the framework's palette
#: (theme, screenshot, quit) and suspending. Hidden from the footer and help as well.
KIOSK_BLOCKED = frozenset(
    {
        "quit",
        "help_quit",
        "suspend_process",
        "command_palette",
        "change_theme",
        "screenshot",
        "export",
        "pick_window",
        "pick_area",
        "pick_team",
        "toggle_pause",
        "time_travel",
    }
)
#: Action-name prefixes a kiosk blocks too (whatever writes the config or the data).
KIOSK_BLOCKED_PREFIXES = ("edit_", "config", "save", "write")


class DashboardApp(App[int]):
    """The live dashboard. Screens read ``scope``, ``live``, ``paused``, ``redact``, ``dbs``."""

    CSS_PATH = "app.tcss"
    TITLE = "supervisor-tui"
    COMMANDS: ClassVar = App.COMMANDS | {BindingsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "pick_window", "Window", id="window",
                tooltip="Choose the time window: 1h, 8h, 24h, 7d, 28d or this shift"),
        Binding("a", "pick_area", "Area", id="area",
                tooltip="Show one area or the whole force"),
        Binding("T", "pick_team", "Team", id="team",
                tooltip="Show one team (figures with an owner) or every team"),
        Binding("p", "toggle_pause", "Pause", id="pause",
                tooltip="Pause or resume the live refresh"),
        Binding("r", "refresh_now", "Refresh", id="refresh", tooltip="Refresh the figures now"),
        Binding("t", "time_travel", "Time travel", id="time_travel",
                tooltip="Figures as at a typed date-time; t again for live"),
        Binding("question_mark", "help", "Help", id="help", key_display="?",
                tooltip="List every key that works here"),
        Binding("escape", "back", "Back", id="back", tooltip="Back one screen"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit supervisor-tui"),
    ]  # fmt: skip

    scope: var[metrics.Scope] = var(metrics.Scope(as_of=datetime(2000, 1, 1)), init=False)
    live: var[bool] = var(True, init=False)
    paused: var[bool] = var(False, init=False)
    stale_reason: var[str | None] = var(None, init=False)
    updated_at: var[datetime | None] = var(None, init=False)
    #: How far the data reaches (read each refresh round; None until the first read).
    coverage: var[Coverage | None] = var(None, init=False)

    def __init__(
        self,
        *,
        db_path: Path | str,
        config: Config | None = None,
        scope: metrics.Scope | None = None,
        live: bool = True,
        refresh_seconds: float | None = None,
        redact: bool = False,
        is_sample: bool = False,
        area_names: dict[str, str] | None = None,
        clock: Callable[[], datetime] = utc_now,
        retry_seconds: float | None = None,
        kiosk: bool = False,
        start: str = "home",
        wall_rotate_seconds: float | None = None,
        hold_phase: float | None = None,
    ) -> None:
        super().__init__()
        for theme in THEMES:
            self.register_theme(theme)
        self.config = config or Config()
        self.clock = clock
        self.refresh_seconds = float(refresh_seconds or self.config.refresh_seconds)
        self.redact = redact
        self.is_sample = is_sample
        #: Read-only wall mode: no quit, export, time travel or scope changes; the wallboard.
        self.kiosk = kiosk
        #: The first screen: ``home`` (the panels) or ``wall`` (the wallboard; always in kiosk).
        self.start = start
        self.wall_rotate_seconds = wall_rotate_seconds
        #: Seconds into each ``HOLD_UNCHANGED_SECONDS`` slot of the clock at which held
        #: figures are read again (``may_hold``); None: only their age counts.
        self.hold_phase = hold_phase
        self.area_names: dict[str, str] = dict(area_names or {})
        retry = retry_seconds if retry_seconds is not None else min(5.0, self.refresh_seconds)
        self.dbs = ThreadDatabases(db_path, retry_seconds=retry)
        start = scope or metrics.Scope(
            as_of=clock(), thresholds=self.config.thresholds, tz=self.config.timezone
        )
        self.set_reactive(DashboardApp.scope, start)
        self.set_reactive(DashboardApp.live, live)
        self.rounds = 0  # refresh rounds started (tests count them)
        self._timer: Timer | None = None
        self._awaiting_round = False
        self._round_watch: Timer | None = None
        self._round_began: float | None = None  # time.monotonic() when the round started
        self.timed_round = False  # the round under way came from the timer (refresh_now)
        self._stale: dict[tuple[int, str], str] = {}
        self._warned_old = False

    # --- lifecycle -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.push_screen(self.first_screen())
        self._schedule_next()

    def first_screen(self) -> Screen:
        """The wallboard in kiosk mode or when asked for (``supervisor-tui wall``), else home."""
        if self.kiosk or self.start == "wall":
            from supervisor_tui.app.wall import WallScreen

            return WallScreen(rotate_seconds=self.wall_rotate_seconds)
        from supervisor_tui.app.home import HomeScreen

        return HomeScreen()

    def on_unmount(self) -> None:
        try:
            self.dbs.close()
        except duckdb.Error:  # a worker thread is still mid-read; its connection dies with it
            log.debug("a database connection was busy at exit", exc_info=True)

    # --- helpers screens use ---------------------------------------------------------------

    def fmt_time(self, moment: datetime, seconds: bool = False, *, date: bool = False) -> str:
        """A naive-UTC time in the display time zone: ``14:05``, ``14:05:09`` or with date."""
        local = to_local(moment, self.config.timezone)
        pattern = "%H:%M:%S" if seconds else "%H:%M"
        if date:
            pattern = f"%Y-%m-%d {pattern} %Z"
        return local.strftime(pattern)

    local = fmt_time

    def area_label(self, code: str | None) -> str:
        if code is None:
            return "Whole force"
        name = self.area_names.get(code)
        return f"{code} {name}" if name and name != code else code

    @property
    def base_screen(self) -> Screen:
        """The top screen that is not a dialog (the one whose figures are showing)."""
        for screen in reversed(self.screen_stack):
            if not isinstance(screen, ModalScreen):
                return screen
        return self.screen

    @property
    def modal_open(self) -> bool:
        return isinstance(self.screen, ModalScreen)

    # --- freshness -----------------------------------------------------------------------

    def report_stale(self, reason: str, *, key: str = "", screen: Screen | None = None) -> None:
        """A refresh failed: keep the last figures, show STALE and ``reason``."""
        target = screen or self.base_screen
        self._stale[(id(target), key)] = reason
        self._update_stale()

    def report_fresh(self, *, key: str = "", screen: Screen | None = None) -> None:
        """A refresh succeeded."""
        target = screen or self.base_screen
        self._stale.pop((id(target), key), None)
        self.updated_at = self.clock()
        self._update_stale()

    def _update_stale(self) -> None:
        current = id(self.base_screen)
        reasons = [reason for (sid, _key), reason in self._stale.items() if sid == current]
        reason = reasons[0] if reasons else None
        if reason is not None and reason != self.stale_reason:
            # the header has one line for it; the whole reason shows here once
            self.notify(reason, title="Figures are stale", severity="warning", timeout=8)
        self.stale_reason = reason

    def staleness(self) -> str | None:
        """Why the figures on show are stale, or ``None`` when they are fresh."""
        if self.stale_reason:
            return self.stale_reason
        if not self.live or self.paused or self.updated_at is None:
            return None
        age = self.clock() - self.updated_at
        if age > timedelta(seconds=STALE_AFTER_INTERVALS * self.refresh_seconds):
            return (
                f"last good refresh {age_text(age.total_seconds())} "
                f"(more than {STALE_AFTER_INTERVALS} refresh intervals)"
            )
        return None

    # --- how far the data reaches -----------------------------------------------------------

    @work(
        thread=True,
        exclusive=True,
        group="coverage",
        exit_on_error=False,
        description="read the data coverage",
    )
    def _read_coverage(self) -> None:
        """Read ``metrics.data_extent`` (one cheap query) in this round's worker thread."""
        try:
            with self.dbs.get().read() as session:
                extent = metrics.data_extent(session)
        except Exception:  # the panels report the failure; the last coverage stays
            log.debug("reading the data extent failed", exc_info=True)
            return
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.call_from_thread(self._set_coverage, Coverage.from_extent(extent))

    def set_coverage(self, coverage: Coverage) -> None:
        """A screen that reads the data extent in its own round hands it over here."""
        self._set_coverage(coverage)

    def _set_coverage(self, coverage: Coverage) -> None:
        if coverage != self.coverage:
            self.coverage = coverage
        self._warn_if_old()

    @property
    def generated(self) -> bool:
        """The data on show was made by the sample generator (built in or opened by path)."""
        return self.is_sample or (self.coverage is not None and self.coverage.generated)

    def data_age(self) -> str | None:
        """``DATA 15 MIN OLD`` when live and the latest call or incident is older than
        :func:`~supervisor_tui.coverage.old_after` (``NO LIVE DATA`` when there is
        none); never in time travel or while paused (those figures are not meant to be
        current)."""
        if self.coverage is None or not self.live or self.paused:
            return None
        return age_badge(self.coverage, self.clock(), self.refresh_seconds)

    def _warn_if_old(self) -> None:
        """Say once, in words, when the data stops arriving (the header keeps the badge)."""
        old = self.data_age()
        coverage = self.coverage
        if old is None or coverage is None or coverage.last_at is None:
            self._warned_old = False
            return
        if self._warned_old:
            return
        self._warned_old = True
        self.notify(
            f"The latest call or incident in the database is from "
            f"{self.fmt_time(coverage.last_at, date=True)}: is the feed still writing?",
            title="No new data",
            severity="warning",
            timeout=10,
        )

    # --- refresh scheduling (no overlap: the next round is timed when the last finished) --

    def _schedule_next(self, began: float | None = None) -> None:
        """The next timed round one interval after ``began`` (the round just done started
        then), so rounds start every ``refresh_seconds`` however long each takes to read —
        but never sooner than ``MIN_GAP_SHARE`` of an interval after the last one ended, so
        a database slower than the interval is still not read back to back
        (``next_round_delay``)."""
        if self._timer is not None:
            self._timer.stop()
        delay = self.refresh_seconds
        if began is not None:
            delay = next_round_delay(delay, time.monotonic() - began)
        self._timer = self.set_timer(delay, self._tick, name="refresh")

    def _tick(self) -> None:
        self._timer = None
        if not self.screen_stack:  # the timer fired while the app was closing
            return
        if self.paused or self.modal_open:
            self._schedule_next()
        elif self.screen_busy():
            self._await_round()
        else:
            self.refresh_now(hold=True)

    def screen_busy(self) -> bool:
        """True while a worker of the screen on show is pending or running."""
        if not self.screen_stack:  # closing: nothing is on show
            return False
        screen = self.base_screen
        for worker in self.workers:
            if worker.state not in _BUSY:
                continue
            node = worker.node
            try:
                owner = node if isinstance(node, Screen) else node.screen  # type: ignore[union-attr]
            except Exception:  # a widget being removed has no screen
                continue
            if owner is screen:
                return True
        return False

    def refresh_now(self, *, advance: bool = True, hold: bool = False) -> None:
        """Start a refresh round on the screen on show.

        Live, the as-of time moves to the clock unless ``advance`` is False (paused: a new
        screen or a new window shows the moment the figures were paused at), or ``hold`` (a
        timed round) and nothing has been written since the last round (``_hold_as_of``).
        Only a timed round may read just the ticking figures (``timed_round``); any other
        (``r``, a new screen or scope) reads every figure.
        """
        self.timed_round = hold
        if self.live and advance:
            now = self.clock()
            if not (hold and self._hold_as_of(now)):
                self.scope = self.scope.with_(as_of=now)
        screen = self.base_screen
        reload = getattr(screen, "reload", None)
        self.rounds += 1
        self._round_began = time.monotonic()
        if self._timer is not None:  # the next round is scheduled when this one is done
            self._timer.stop()
            self._timer = None
        if reload is not None:
            reload()
        if not (reload is not None and getattr(screen, "READS_COVERAGE", False)):
            self._read_coverage()  # a screen that reads it in its own session does not ask twice
        self._await_round()

    def _hold_as_of(self, now: datetime) -> bool:
        """True when the screen's last good round is for this scope, less than
        ``HOLD_UNCHANGED_SECONDS`` old, showed no ticking figure, and the database file is
        exactly as it was then: the figures at ``now`` would differ only by the clock."""
        last_good = getattr(self.base_screen, "last_good_round", None)
        good = last_good() if last_good is not None else None
        if good is None:
            return False
        scope, stamp, ticking = good
        if ticking or scope != self.scope:
            return False
        if not self.may_hold(scope.as_of, now):
            return False
        return file_stamp(self.dbs.path) == stamp

    def may_tick(self, held: report.Figures | None, scope: metrics.Scope) -> bool:
        """True when a round for ``scope`` may read only the ticking families of ``held``, the
        screen's last good figures (``figures.report.tick``): it is a timed round, some of
        them tick, ``scope`` is theirs at a later as-of time, and they may still be held
        (``may_hold``, from the time their kept families were read). The screen checks its
        own inputs and, in the worker, that the file is as it was then."""
        if not self.timed_round or held is None or not held.ticking():
            return False
        if held.scope.with_(as_of=scope.as_of) != scope:
            return False
        return self.may_hold(held.held_as_of or held.scope.as_of, scope.as_of)

    def may_hold(self, read_at: datetime, now: datetime) -> bool:
        """True when figures read as of ``read_at`` may still be shown for ``now`` while the
        database file is unchanged: they are less than ``HOLD_UNCHANGED_SECONDS`` old and,
        with a ``hold_phase``, in the same slot of the clock (slots of that length starting
        ``hold_phase`` seconds into each). Dashboards given different phases read their held
        figures again at different moments however in step their rounds are — many served
        dashboards started together would otherwise all read in full in the same second."""
        hold = HOLD_UNCHANGED_SECONDS
        if not timedelta(0) <= now - read_at < timedelta(seconds=hold):
            return False
        if self.hold_phase is None:
            return True
        return hold_slot(read_at, hold, self.hold_phase) == hold_slot(now, hold, self.hold_phase)

    def _await_round(self) -> None:
        """Check a few times a second until the round's workers are done, then schedule the next
        round (``_schedule_next``), so rounds never overlap, however slow the database."""
        self._awaiting_round = True
        if self._round_watch is None:
            self._round_watch = self.set_interval(ROUND_POLL_SECONDS, self._round_maybe_done)

    def _round_maybe_done(self) -> None:
        if not self.screen_stack:  # the watch fired while the app was closing
            return
        if self._awaiting_round and not self.screen_busy():
            self._awaiting_round = False
            if self._round_watch is not None:
                self._round_watch.stop()
                self._round_watch = None
            self._schedule_next(self._round_began)

    def _screen_changed(self, screen: Screen) -> None:
        live_ids = {id(s) for s in self.screen_stack}
        self._stale = {k: v for k, v in self._stale.items() if k[0] in live_ids}
        self._update_stale()
        if not isinstance(screen, ModalScreen) and hasattr(screen, "reload"):
            self.call_after_refresh(self._reload_if_shown, screen)

    def _reload_if_shown(self, screen: Screen) -> None:
        # a screen already loading (e.g. a dialog just changed the scope) is left to finish
        if self.screen_stack and self.screen is screen and not self.screen_busy():
            self.refresh_now(advance=not self.paused)

    # --- actions -------------------------------------------------------------------------

    def kiosk_blocks(self, action: str) -> bool:
        """True when kiosk mode never offers ``action`` (see :data:`KIOSK_BLOCKED`)."""
        if not self.kiosk:
            return False
        name = action.rsplit(".", 1)[-1]
        return name in KIOSK_BLOCKED or name.startswith(KIOSK_BLOCKED_PREFIXES)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.kiosk_blocks(action):
            return False  # hidden from the footer, the help and the palette; the key does nothing
        if action in _SCOPE_ACTIONS and self.modal_open:
            # not behind a dialog; the command palette runs them once it has closed
            return isinstance(self.screen, CommandPalette)
        if action == "back":
            return len(self.screen_stack) > 2 or self.modal_open
        return True

    def set_scope(self, **changes: object) -> None:
        """Change what the figures cover and refresh the screen on show now."""
        self.scope = self.scope.with_(**changes)
        self.refresh_now(advance=not self.paused)

    def action_pick_window(self) -> None:
        from supervisor_tui.app.pickers import WindowPicker
        from supervisor_tui.app.widgets.status_bar import window_label
        from supervisor_tui.timeutil import SHIFT, parse_window

        def chosen(result: str | None) -> None:
            if result == SHIFT:
                self.scope = self.scope.for_shift(self.config.shift_starts)
                self.refresh_now(advance=not self.paused)
            elif result is not None:
                self.set_scope(window=parse_window(result))

        current = SHIFT if self.scope.shift_starts else window_label(self.scope.window)
        self.push_screen(WindowPicker(current), chosen)

    def action_pick_team(self) -> None:
        from supervisor_tui.app.pickers import TeamPicker

        def chosen(result: str | None) -> None:
            if result is not None:
                self.set_scope(team=result or None)

        self.push_screen(TeamPicker(self.scope.team), chosen)

    def action_pick_area(self) -> None:
        from supervisor_tui.app.pickers import AreaPicker

        def chosen(result: str | None) -> None:
            if result is not None:
                self.set_scope(area=result or None)

        self.push_screen(AreaPicker(self.scope.area), chosen)

    def action_toggle_pause(self) -> None:
        self.paused = not self.paused
        if not self.paused:
            self.refresh_now()
        self.refresh_bindings()

    def action_refresh_now(self) -> None:
        self.refresh_now()

    def action_time_travel(self) -> None:
        if not self.live:
            self.live = True
            self.set_scope(as_of=self.clock())
            self.notify("Back to live figures", timeout=3)
            return
        from supervisor_tui.app.pickers import TimeTravelDialog

        def chosen(as_of: datetime | None) -> None:
            if as_of is None:
                return
            self.live = False
            self.set_scope(as_of=as_of)

        self.push_screen(TimeTravelDialog(self.scope.as_of), chosen)

    async def action_quit(self) -> None:
        if self.kiosk:  # never, whatever asks (the binding is hidden and refused already)
            return
        await super().action_quit()

    def action_help(self) -> None:
        from supervisor_tui.app.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_back(self) -> None:
        if self.modal_open:
            self.screen.dismiss(None)
        elif len(self.screen_stack) > 2:
            self.pop_screen()

    def open_drill(self, panel_id: str) -> None:
        """Enter on a home panel: open its drill-down (the breakdown screen)."""
        from supervisor_tui.app.drill import open_panel

        try:
            screen = open_panel(panel_id)
        except KeyError:
            self.notify("This panel has no drill-down yet", severity="warning", timeout=4)
            return
        self.push_screen(screen)
