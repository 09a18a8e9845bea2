"""The home screen: the panels in a grid that reflows with the terminal width.

One panel per figure family, in the registry's order (also the Tab order); a panel whose
layout says ``FULL_ROW`` (the crime picture, a monthly view) spans a whole row.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen

from supervisor_tui.app.panels import Panel, panels
from supervisor_tui.app.widgets.footer import AppFooter
from supervisor_tui.app.widgets.status_bar import StatusBar

#: Below this width the panels go two to a row, below NARROW_ONE one to a row.
NARROW = 110
NARROW_ONE = 60


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

    def columns(self) -> int:
        width = self.screen.size.width
        return 1 if width < NARROW_ONE else 2 if width < NARROW else 3

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.height)

    def rows(self, panels: list[Panel]) -> int:
        """Grid rows: the panels that share rows, then one row for each full-row panel."""
        columns = self.columns()
        shared = sum(1 for p in panels if not p.FULL_ROW)
        return max(1, -(-shared // columns) + len(panels) - shared)

    def fit(self, height: int) -> None:
        """Give every panel the same height: a share of the screen, or what the tallest needs."""
        panels = list(self.query(Panel))
        if not panels:
            return
        columns = self.columns()
        place = 0  # the column the next shared panel goes in
        for i, panel in enumerate(panels):
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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next panel", id="next_panel", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous panel", id="previous_panel",
                show=False),
    ]  # fmt: skip

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
        self.set_class(width < NARROW, "-narrow")
        self.set_class(width < NARROW_ONE, "-single")
        grid = self.query_one(PanelGrid)
        grid.fit(grid.size.height)

    @property
    def panels(self) -> list[Panel]:
        return list(self.query(Panel))

    def reload(self) -> None:
        """Refresh every panel, each in its own worker."""
        for panel in self.panels:
            panel.reload()

    def action_move(self, direction: str) -> None:
        """Focus the nearest panel in ``direction`` (by position, so it follows the reflow)."""
        panels = self.panels
        current = self.focused if isinstance(self.focused, Panel) else None
        if current is None:
            panels[0].focus()
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
            target.focus()
            target.scroll_visible()
