"""The wallboard: every figure family's headline in big digits with its status word, the
action queue's counts, and a slow rotation through what is breaching or overdue.

For a screen across the room (``supervisor-tui wall``, and the default screen of
``--kiosk``). One tile per figure family on the home surface, in registry order; each shows
the family's deciding headline (the one with the worst status, else its first), its status
(✖ BREACH, ▲ NEAR, ✔ OK, – NO DATA; never colour alone) and the target. The queue's tile
shows overdue and due soon side by side. Below, one family at a time (the next every
``rotate_seconds``, ``n`` to step): its breaching headlines and its overdue items from the
action queue, most overdue first.

Each refresh round is one ``Database.read()`` in a thread worker (figures from
:func:`supervisor_tui.figures.report.read` and the data extent); nothing on screen is redrawn
when the figures are unchanged. Below :data:`BIG_MIN_HEIGHT` rows or :data:`BIG_MIN_WIDTH`
columns the tiles are one line each, so every status still shows at 80×24.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

import polars as pl
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, Static
from textual.worker import get_current_worker

from supervisor_tui import figures, fmt, metrics, status
from supervisor_tui.app.failures import describe_failure
from supervisor_tui.app.widgets.contrast import badge, on_background
from supervisor_tui.app.widgets.footer import AppFooter
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.app.widgets.status_bar import StatusBar
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import file_stamp
from supervisor_tui.errors import UserError
from supervisor_tui.figures import report
from supervisor_tui.figures.actions import NAMES as OWNER_NAMES
from supervisor_tui.figures.actions import ActionFigures
from supervisor_tui.figures.spec import Family, Headline
from supervisor_tui.redact import redact_frame
from supervisor_tui.status import Level, Status

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

log = logging.getLogger(__name__)

#: Big digits need this many rows and columns; below either, one line per tile.
BIG_MIN_HEIGHT = 30
BIG_MIN_WIDTH = 100
#: Seconds each family's list stays on show before the next.
ROTATE_SECONDS = 15.0
#: The surface whose families the wallboard shows (every home panel).
SURFACE = "home"

_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:\s*%)?(?:\s*/\s*\d[\d,]*)?")


def big_text(value: str) -> str:
    """The part of a headline value the big digits show: ``12.0 % (10 of 83)`` → ``12.0%``,
    ``560 / 20`` → ``560/20``, ``–`` (no value) → ``-``."""
    return split_value(value)[0]


def split_value(value: str) -> tuple[str, str]:
    """``12.0 % (10 of 83)`` → (``12.0%``, ``(10 of 83)``): big digits and the rest."""
    text = value.strip()
    match = _NUMBER.match(text)
    if not match:
        return "-", "" if text in ("", "–", "-") else text
    return match.group(0).replace(" ", ""), text[match.end() :].strip()


def lead(rows: list[Headline]) -> Headline | None:
    """The headline a tile shows: the first with the worst status, else the first."""
    with_status = [r for r in rows if r.status is not None]
    if with_status:
        worst = status.worst(*(r.status for r in with_status))
        return next(r for r in with_status if r.status == worst)
    return rows[0] if rows else None


@dataclass(frozen=True)
class TileView:
    """What one tile shows (compared between rounds: equal means nothing is redrawn)."""

    family_id: str
    title: str
    status: Status | None
    big: str
    label: str
    value: str
    target: str
    #: The queue's tile: the due-soon count beside the overdue one.
    second: tuple[str, str] | None = None
    unavailable: str | None = None


@dataclass(frozen=True)
class Item:
    """One overdue item in a family's list."""

    what: str
    item: str
    area: str
    owner: str
    overdue_by: str


@dataclass(frozen=True)
class Page:
    """One family's turn in the rotation: its breaching headlines and overdue items."""

    family_id: str
    title: str
    status: Status | None
    headlines: tuple[Headline, ...]
    items: tuple[Item, ...]
    overdue: int


@dataclass(frozen=True)
class WallView:
    tiles: tuple[TileView, ...]
    pages: tuple[Page, ...]


def queue_of(read: report.Figures) -> ActionFigures | None:
    """The action queue among the figures read (the family whose figures are the queue)."""
    for value in read.data.values():
        if isinstance(value, ActionFigures):
            return value
    return None


def build_view(
    read: report.Figures,
    *,
    redact: bool,
    coverage: Coverage | None = None,
    max_items: int = 50,
) -> WallView:
    """Tiles and rotation pages from one round's figures (pure: no UI, no database). With
    the data's ``coverage``, a family with nothing to count shows NO DATA and why, as its
    home panel does (:meth:`Family.gap_reason`)."""
    t = read.scope.thresholds
    queue = queue_of(read)
    overdue = (
        queue.queue.filter(pl.col("state") == "overdue")
        if queue is not None
        else pl.DataFrame(schema={"kind": pl.String})
    )
    if redact and overdue.height:
        overdue = redact_frame(overdue, OWNER_NAMES)
    tiles: list[TileView] = []
    pages: list[Page] = []
    for family in figures.families():
        if not family.on(SURFACE) or family.id not in read.data:
            continue
        data = read.data[family.id]
        if data is None:
            reason = read.unavailable.get(family.id, "")
            tiles.append(
                TileView(family.id, family.title, status.NO_DATA, "-", "", "–", "", None, reason)
            )
            continue
        rows = family.headlines(data, t)
        tile = _tile(family, data, rows, t)
        gap = family.gap_reason(data, coverage, read.scope.as_of)
        if gap is not None:  # nothing to count: the status and note its home panel shows
            shown = family.shown_status(data, t, coverage, read.scope.as_of)
            tile = dataclasses.replace(tile, status=shown, unavailable=gap)
        tiles.append(tile)
        if isinstance(data, ActionFigures):
            continue  # the queue's items each show on their own family's page
        pages_for = _page(family, data, rows, t, overdue, queue, max_items)
        if pages_for is not None:
            pages.append(pages_for)
    return WallView(tuple(tiles), tuple(pages))


def _tile(family: Family, data: Any, rows: list[Headline], t: Any) -> TileView:
    family_status = family.status(data, t)
    if isinstance(data, ActionFigures) and len(rows) >= 2:
        first, second = rows[0], rows[1]
        return TileView(
            family.id,
            family.title,
            family_status,
            big_text(first.value),
            "overdue",
            first.value,
            "",
            (big_text(second.value), "due soon"),
        )
    row = lead(rows)
    if row is None:
        return TileView(family.id, family.title, family_status, "-", "", "–", "")
    return TileView(
        family.id,
        family.title,
        family_status,
        big_text(row.value),
        row.label,
        row.value,
        row.target,
    )


def _page(
    family: Family,
    data: Any,
    rows: list[Headline],
    t: Any,
    overdue: pl.DataFrame,
    queue: ActionFigures | None,
    max_items: int,
) -> Page | None:
    kinds = {c.kind for c in family.clocks}
    mine = overdue.filter(pl.col("kind").is_in(sorted(kinds))) if kinds else overdue.head(0)
    breaching = tuple(r for r in rows if r.status is not None and r.status.level is Level.BREACH)
    if not breaching and not mine.height:
        return None
    short = queue.short if queue is not None else {}
    items = tuple(
        Item(
            what=short.get(r["kind"], r["kind"]),
            item=str(r["item_id"]),
            area=r.get("area_code") or "",
            owner=fmt.officer(r) if r.get("officer_id") else "none",
            overdue_by=fmt.duration_s(max(-(r.get("due_in_s") or 0.0), 0.0)),
        )
        for r in mine.head(max_items).iter_rows(named=True)
    )
    return Page(family.id, family.title, family.status(data, t), breaching, items, mine.height)


# --- widgets -----------------------------------------------------------------------------


def status_words(value: Status | None) -> str:
    return value.label if value is not None else "no target"


def level_class(value: Status | None) -> str:
    return "-info" if value is None else f"-{value.level.value}"


class Tile(Vertical):
    """One figure family: title, big digits, status word and the figure in words."""

    LEVELS: ClassVar[tuple[str, ...]] = ("-ok", "-near", "-breach", "-none", "-info")

    def __init__(self, family: Family, *, queue: bool = False) -> None:
        super().__init__(id=f"tile-{family.id}", classes="tile -queue" if queue else "tile")
        self.family = family
        self.view: TileView | None = None
        self.border_title = family.title

    def compose(self) -> ComposeResult:
        with Horizontal(classes="tile--digits"):
            with Vertical(classes="tile--figure"):
                yield Digits("-", classes="tile--big")
                yield Static("", classes="tile--caption")
            if "-queue" in self.classes:
                with Vertical(classes="tile--figure"):
                    yield Digits("-", classes="tile--big tile--second")
                    yield Static("", classes="tile--caption tile--second-caption")
        yield Static("", classes="tile--status")
        yield Static("", classes="tile--line")

    def show(self, view: TileView) -> None:
        if view == self.view:
            return
        self.view = view
        for name in self.LEVELS:
            self.remove_class(name)
        self.add_class(level_class(view.status))
        digits = list(self.query(Digits))
        digits[0].update(view.big)
        captions = list(self.query(".tile--caption").results(Static))
        captions[0].update(clean(view.label))
        if view.second is not None and len(digits) > 1:
            digits[1].update(view.second[0])
            captions[1].update(view.second[1])
        self.query_one(".tile--status", Static).update(self.status_line(view))
        self.query_one(".tile--line", Static).update(self.compact_line(view))

    def status_line(self, view: TileView) -> Text:
        """``✖ BREACH  (10 of 83) · target < 10 %``: the status word, the rest of the value
        and the target (the label is the caption above)."""
        line = Text(status_words(view.status), style="bold", end="")
        if view.unavailable:
            line.append(f"  {clean(view.unavailable)}")
        elif view.second is None:
            words = []
            if view.target:
                words.append(f"target {clean(view.target)}")
            rest = clean(split_value(view.value)[1])
            if rest:
                words.append(rest)
            if words:
                line.append("  " + " · ".join(words))
        else:
            line.append(f"  {clean(view.value)} overdue · {view.second[0]} due soon")
        return line

    def compact_line(self, view: TileView) -> Text:
        """One line for a small screen: ``✖ BREACH 101 calls 17.9 %``."""
        word = status_words(view.status) if view.status is not None else "·"
        line = Text(f"{word:<10}", style="bold", end="")
        line.append(f"{view.title} ")
        if view.second is not None:
            line.append(f"{clean(view.value)} overdue · {view.second[0]} due soon")
        else:
            line.append(clean(view.value))
        return line

    def on_click(self) -> None:
        if self.can_focus:
            self.focus()


class BreachList(Static):
    """The rotation: one family's breaching headlines and overdue items at a time."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "breach-list--title",
        "breach-list--label",
        "breach-list--breach",
    }

    def __init__(self) -> None:
        super().__init__("", id="breach-list")
        self.pages: tuple[Page, ...] = ()
        self.index = 0
        self._drawn: tuple[Any, ...] | None = None

    @property
    def page(self) -> Page | None:
        return self.pages[self.index % len(self.pages)] if self.pages else None

    def set_pages(self, pages: tuple[Page, ...]) -> None:
        """New figures: stay on the same family when it is still breaching."""
        current = self.page
        self.pages = pages
        ids = [p.family_id for p in pages]
        self.index = ids.index(current.family_id) if current and current.family_id in ids else 0
        self.redraw()

    def step(self, by: int = 1) -> None:
        if self.pages:
            self.index = (self.index + by) % len(self.pages)
        self.redraw()

    def on_resize(self, event: events.Resize) -> None:
        self.redraw()

    def _style(self, name: str) -> Style:
        style = self.get_component_rich_style(f"breach-list--{name}", partial=True)
        if name == "breach":
            return badge(style, self.background_colors[1])
        return on_background(style, self.background_colors[1])

    def redraw(self) -> None:
        width = max(self.content_region.width, 20)
        height = max(self.content_region.height, 1)
        key = (self.page, self.index, len(self.pages), width, height)
        if key == self._drawn:
            return
        self._drawn = key
        self.update(self.render_page(width, height))

    def render_page(self, width: int, height: int) -> Text:
        page = self.page
        if page is None:
            return Text("✔ Nothing is breaching and nothing is overdue.", style="bold", end="")
        lines: list[Text] = []
        head = Text(end="")
        head.append(f" {status_words(page.status)} ", self._style("breach"))
        head.append(f" {page.title}", self._style("title"))
        more = f"   {self.index % len(self.pages) + 1} of {len(self.pages)} breaching · n next"
        head.append(more, self._style("label"))
        lines.append(head)
        for row in page.headlines:
            line = Text(f"  {row.status.symbol if row.status else '·'} ", style="bold", end="")
            line.append(f"{clean(row.label)} ")
            line.append(clean(row.value), style="bold")
            if row.target:
                line.append(f"  target {clean(row.target)}", self._style("label"))
            lines.append(line)
        room = height - len(lines) - 1
        if page.items and room >= 2:
            shown = page.items[: room - 1]
            rest = page.overdue - len(shown)
            title = f"Overdue, most overdue first ({page.overdue:,})"
            if rest > 0:
                title += f"; {rest:,} more on the drill-down"
            lines.append(Text(title, style="bold underline", end=""))
            lines.extend(self._item_line(item, width) for item in shown)
        elif page.overdue:
            lines.append(Text(f"{page.overdue:,} overdue", style="bold", end=""))
        for line in lines:
            line.no_wrap = True
            line.overflow = "ellipsis"
            line.truncate(width, overflow="ellipsis")
        return Text("\n", end="").join(lines[:height])

    def _item_line(self, item: Item, width: int) -> Text:
        """``overdue 3 h  G1 attendance  INC123  LEI  1234 A Name``."""
        due = f"{item.overdue_by:>12}"
        what = fit(clean(item.what), 18)
        line = Text(f"  {due}  ", style="bold", end="")
        line.append(f"{what:<18}  {fit(clean(item.item), 14):<14}  {item.area:<4} ")
        room = max(width - line.cell_len, 4)
        line.append(fit(clean(item.owner), room), self._style("label"))
        return line


def fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


class WallScreen(Screen[None]):
    """The wallboard (see the module docstring)."""

    CSS_PATH = "wall.tcss"
    crumb = "Wallboard"
    #: The app reads the data extent in this screen's own round (one read per round).
    READS_COVERAGE: ClassVar[bool] = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_list", "Next list", id="wall.next",
                tooltip="Show the next family's breaching and overdue items now"),
        Binding("N", "previous_list", "Previous list", id="wall.previous", show=False,
                tooltip="Show the previous family's breaching and overdue items"),
        Binding("enter", "open_tile", "Open", id="wall.open",
                tooltip="Drill down into the focused family"),
        Binding("h", "home", "Home", id="wall.home",
                tooltip="The full dashboard: every panel (Esc comes back here)"),
        Binding("tab", "app.focus_next", "Next tile", id="wall.next_tile", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous tile", id="wall.previous_tile",
                show=False),
    ]  # fmt: skip

    def __init__(self, *, rotate_seconds: float | None = None) -> None:
        super().__init__()
        self.rotate_seconds = rotate_seconds
        self.view: WallView | None = None
        self.rounds = 0  # reads finished (tests count them)
        self.reads = 0  # rounds that read the figures (not held: the file had changed)
        self.redraws = 0  # rounds whose figures changed what is on screen
        self._generation = 0
        #: ((scope, redact), file stamp, ticking) of the last good round.
        self._last_read: tuple[object, ...] | None = None
        #: The figures behind the view on show (None: none yet, or the last round failed).
        self._figures: report.Figures | None = None
        self.ticks = 0  # rounds that read only the ticking families (tests count them)

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    @property
    def kiosk(self) -> bool:
        return bool(getattr(self.app, "kiosk", False))

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(id="wall-body"):
            with Widget(id="tiles"):
                for family in figures.families():
                    if family.on(SURFACE):
                        tile = Tile(family, queue=family.id == self._queue_family_id())
                        tile.can_focus = not self.kiosk
                        yield tile
            yield BreachList()
        yield AppFooter()

    @staticmethod
    def _queue_family_id() -> str | None:
        """The family whose figures are the action queue (its tile shows both counts)."""
        for family in figures.families():
            if family.fetch.__module__ == ActionFigures.__module__:
                return family.id
        return None

    def on_mount(self) -> None:
        self._reflow()
        seconds = self.rotate_seconds or getattr(self.app, "wall_rotate_seconds", None)
        self.set_interval(float(seconds or ROTATE_SECONDS), self.rotate, name="wall-rotate")
        if not self.kiosk:
            tiles = list(self.query(Tile))
            if tiles:
                tiles[0].focus()

    def on_resize(self, event: events.Resize) -> None:
        self._reflow()

    def _reflow(self) -> None:
        width, height = self.size
        big = height >= BIG_MIN_HEIGHT and width >= BIG_MIN_WIDTH
        self.set_class(not big, "-compact")
        self.set_class(big and height >= 50, "-tall")
        tiles = self.query_one("#tiles")
        wide, narrow = (5, 4) if big else (2, 1)
        columns = wide if width >= (110 if big else 60) else narrow
        tiles.styles.grid_size_columns = columns
        for tile in self.query(Tile):
            tile.styles.column_span = min(2, columns) if "-queue" in tile.classes else 1

    # --- refresh -------------------------------------------------------------------------

    def last_good_round(self) -> tuple[metrics.Scope, tuple[object, ...], bool] | None:
        """The scope, file stamp and ticking of the last good round (see HomeScreen)."""
        if self._last_read is None:
            return None
        (scope, _redact), stamp, ticking = self._last_read
        return scope, stamp, ticking

    def held_as_of(self) -> datetime | None:
        """The as-of time of figures kept from an earlier round while the ticking ones were
        read again (None: every figure on show is at the scope's as-of time)."""
        held = self._figures
        if held is None or held.held_as_of is None or held.scope != self.dashboard.scope:
            return None
        return held.held_as_of

    def _tick_from(self, scope: metrics.Scope, redact: bool) -> report.Figures | None:
        """The last good round's figures when this round may read only the ticking families:
        the same redaction, figures the app may tick (``DashboardApp.may_tick``); the worker
        checks that the file is as it was then."""
        held, last = self._figures, self._last_read
        if last is None or cast(tuple, last[0])[1] != redact:
            return None
        return held if self.dashboard.may_tick(held, scope) else None

    def reload(self) -> None:
        """One round: read every family and the data extent in one session (worker)."""
        self._generation += 1
        scope, redact = self.dashboard.scope, self.dashboard.redact
        tick_from = self._tick_from(scope, redact)
        self._read(scope, redact, self._generation, self._last_read, tick_from)

    @work(
        thread=True,
        exclusive=True,
        group="wall-load",
        exit_on_error=False,
        description="read every wallboard figure",
    )
    def _read(
        self,
        scope: metrics.Scope,
        redact: bool,
        generation: int,
        last: tuple[object, ...] | None,
        tick_from: report.Figures | None = None,
    ) -> None:
        """Every family and the data extent in one session; when the scope and the file are
        as at the last good round the figures cannot differ, so none is read again. When
        only the as-of time moved, the file is unchanged and some figures tick
        (``tick_from``), only the ticking families are read (``figures.report.tick``)."""
        worker = get_current_worker()
        app = self.dashboard
        try:
            database = app.dbs.get()
            with database.read() as session:
                stamp = file_stamp(database.path)
                coverage = None  # the file as at the last good round: its coverage stays
                if last is None or last[1] != stamp:
                    coverage = Coverage.from_extent(metrics.data_extent(session))
                same = last is not None and last[:2] == ((scope, redact), stamp)
                held = self.view if same else None
                read: report.Figures | None = None
                ticked = tick_from is not None and last is not None and last[1] == stamp
                if held is None and ticked:
                    try:
                        read = report.tick(session, cast("report.Figures", tick_from), scope)
                    except Exception:  # the round reads every family instead
                        log.debug("reading the ticking families failed", exc_info=True)
                        ticked = False
                if held is None and read is None:
                    read = report.read(session, scope, surface=SURFACE)
            if read is None:
                view, ticking = cast("WallView", held), bool(cast(tuple, last)[2])
            else:
                extent = coverage if coverage is not None else app.coverage  # the same file's
                view, ticking = build_view(read, redact=redact, coverage=extent), read.ticking()
        except Exception as exc:
            if not isinstance(exc, UserError):
                log.exception("wallboard refresh failed")
            reason = describe_failure(exc, app.dbs.path)
            if not worker.is_cancelled:
                with contextlib.suppress(RuntimeError):
                    app.call_from_thread(self._failed, generation, reason)
            return
        if not worker.is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app is closing
                app.call_from_thread(
                    self._loaded,
                    generation,
                    view,
                    coverage,
                    ((scope, redact), stamp, ticking),
                    read is not None,
                    read,
                    ticked,
                )

    def _loaded(
        self,
        generation: int,
        view: WallView,
        coverage: Coverage | None,
        good: tuple[object, ...] | None = None,
        read_figures: bool = True,
        read: report.Figures | None = None,
        ticked: bool = False,
    ) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self._last_read = good
        if read is not None:
            self._figures = read
        self.rounds += 1
        self.reads += read_figures
        self.ticks += ticked and read_figures
        coverage = coverage or self.dashboard.coverage  # None: the file is as it was
        if coverage is not None:  # (its age is checked against the clock again)
            self.dashboard.set_coverage(coverage)
        self.dashboard.report_fresh(screen=self)
        self.remove_class("-stale")
        if view == self.view:
            return  # nothing changed: nothing is redrawn
        self.view = view
        self.redraws += 1
        tiles = {t.family.id: t for t in self.query(Tile)}
        for tile_view in view.tiles:
            tile = tiles.get(tile_view.family_id)
            if tile is not None:
                tile.show(tile_view)
        self.query_one(BreachList).set_pages(view.pages)

    def _failed(self, generation: int, reason: str) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self._last_read = None
        self._figures = None
        self.add_class("-stale")
        self.dashboard.report_stale(reason, screen=self)

    # --- keys ----------------------------------------------------------------------------

    def rotate(self) -> None:
        """The timer: the next family's list (not while a dialog is open over the wall)."""
        if self.app.screen is self:
            self.query_one(BreachList).step()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_tile", "home") and self.kiosk:
            return False  # a wall is for looking at: no drilling away from it
        if action == "open_tile":
            return isinstance(self.focused, Tile)
        return True

    def action_next_list(self) -> None:
        self.query_one(BreachList).step()

    def action_previous_list(self) -> None:
        self.query_one(BreachList).step(-1)

    def action_open_tile(self) -> None:
        if isinstance(self.focused, Tile):
            self.dashboard.open_drill(self.focused.family.id)

    def action_home(self) -> None:
        from supervisor_tui.app.home import HomeScreen

        self.app.push_screen(HomeScreen())
