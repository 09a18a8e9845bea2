"""The header every screen shows: where you are, what the figures cover, how fresh they are."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, cast

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from supervisor_tui.app.widgets.contrast import badge, on_background
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.timeutil import WINDOW_CHOICES, format_window, parse_window

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

CRUMB_SEPARATOR = " › "
#: The data-age badge's symbol (never colour alone).
OLD_SYMBOL = "◷"
BADGES = frozenset({"sample", "old", "paused", "stale", "travel", "redacted"})


def fit_crumbs(crumbs: list[str], room: int) -> list[str]:
    """The breadcrumb shortened to ``room`` cells by replacing the middle crumbs with ``…``
    (keeping Home and the screens nearest this one), so the badges beside it stay on the
    line; as a last resort this screen's own name is cut with an ellipsis."""

    def size(parts: list[str]) -> int:
        return cell_len(CRUMB_SEPARATOR.join(parts))

    if size(crumbs) <= room or len(crumbs) < 3:
        return crumbs
    for keep in range(len(crumbs) - 2, 0, -1):
        shortened = [crumbs[0], "…", *crumbs[-keep:]]
        if size(shortened) <= room:
            return shortened
    shortened = [crumbs[0], "…", crumbs[-1]]
    if size(shortened) <= room:
        return shortened
    # even Home › … › this screen is too wide: cut this screen's name with an ellipsis
    left = max(room - size([crumbs[0], "…", ""]), 2)
    last = crumbs[-1]
    while cell_len(last) > left - 1 and last:
        last = last[:-1]
    return [crumbs[0], "…", last.rstrip() + "…"]


def window_label(window: timedelta) -> str:
    """``24h`` rather than ``1d``: the window as the ``w`` key names it."""
    for choice in WINDOW_CHOICES:
        if parse_window(choice) == window:
            return choice
    return format_window(window)


def age_text(seconds: float) -> str:
    """``3 s ago``, ``4 min ago``, ``2 h ago``: how long since the last good refresh."""
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


class StatusBar(Widget):
    """Breadcrumbs, badges, area, window, as-of (local time) and "updated HH:MM:SS (n s ago)".

    Every screen composes one (``yield StatusBar()``); it reads the app's state and redraws
    itself when that state changes and once a second for the age.
    """

    DEFAULT_CSS = """
    StatusBar {
        height: auto;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    StatusBar > .status-bar--crumb { text-style: bold; color: $accent; }
    StatusBar > .status-bar--label { color: $text-muted; }
    /* badges: the text colour is chosen for contrast with the background (contrast.py) */
    StatusBar > .status-bar--sample,
    StatusBar > .status-bar--old,
    StatusBar > .status-bar--paused,
    StatusBar > .status-bar--stale,
    StatusBar > .status-bar--travel,
    StatusBar > .status-bar--redacted { text-style: bold; }
    StatusBar > .status-bar--sample { background: $warning; }
    StatusBar > .status-bar--old { background: $error; }
    StatusBar > .status-bar--paused { background: $foreground; }
    StatusBar > .status-bar--stale { background: $error; }
    StatusBar > .status-bar--travel { background: $primary; }
    StatusBar > .status-bar--redacted { background: $secondary; }
    StatusBar > .status-bar--reason { color: $error; text-style: bold; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-bar--crumb",
        "status-bar--label",
        "status-bar--sample",
        "status-bar--old",
        "status-bar--paused",
        "status-bar--stale",
        "status-bar--travel",
        "status-bar--redacted",
        "status-bar--reason",
    }

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    _lines = 0  # the header's height when last drawn

    def on_mount(self) -> None:
        app = self.dashboard
        for name in ("scope", "paused", "live", "stale_reason", "updated_at", "coverage"):
            self.watch(app, name, self._changed, init=False)
        self.set_interval(1.0, self._changed)  # the age ("4 s ago") and STALE by age

    def _changed(self, _value: object = None) -> None:
        """Redraw; redo the screen's layout only when the header's height changes (a STALE
        line, badges wrapping), not on every refresh round."""
        lines = self.render().plain.count("\n") + 1
        self.refresh(layout=lines != self._lines)
        self._lines = lines

    # --- pieces --------------------------------------------------------------------------

    def crumbs(self) -> list[str]:
        """The ``crumb`` of every screen from the bottom of the stack to this one."""
        names: list[str] = []
        for screen in self.app.screen_stack:
            crumb = getattr(screen, "crumb", None)
            if crumb:
                names.append(clean(crumb))
            if screen is self.screen:
                break
        return names

    def badges(self) -> list[tuple[str, str]]:
        app = self.dashboard
        found: list[tuple[str, str]] = []
        if app.generated:
            found.append(("SAMPLE DATA · generated", "sample"))
        old = app.data_age()
        if old is not None:
            found.append((f"{OLD_SYMBOL} {old}", "old"))
        if not app.live:
            found.append(("TIME TRAVEL", "travel"))
        if app.paused:
            found.append(("PAUSED", "paused"))
        if app.staleness() is not None:
            found.append(("STALE", "stale"))
        if app.redact:
            found.append(("REDACTED", "redacted"))
        return found

    def _style(self, name: str) -> Style:
        style = self.get_component_rich_style(f"status-bar--{name}", partial=True)
        if name in BADGES:
            return badge(style, self.background_colors[1])
        if name == "reason":
            return on_background(style, self.background_colors[1])
        return style

    def _oldest_as_of(self, as_of: datetime) -> datetime:
        """The as-of time of the oldest figures on show: while some figures tick, the others
        may be kept from a round up to ``HOLD_UNCHANGED_SECONDS`` earlier (the screen's
        ``held_as_of``), and the header never claims them newer than they are."""
        held_as_of = getattr(self.dashboard.base_screen, "held_as_of", None)
        held = held_as_of() if callable(held_as_of) else None
        return min(as_of, held) if held is not None else as_of

    def _scope_line(self, width: int) -> Text:
        app = self.dashboard
        scope = app.scope
        label = self._style("label")
        updated = app.updated_at
        if updated is None:
            fresh = "not yet"
        else:
            ago = (app.clock() - updated).total_seconds()
            fresh = f"{app.fmt_time(updated, seconds=True)} ({age_text(ago)})"
        parts = [("Area", app.area_label(scope.area))]
        if scope.team:
            parts.append(("Team", scope.team))
        parts += [
            ("Window", scope.window_label if scope.shift_starts else window_label(scope.window)),
            ("As of", app.fmt_time(self._oldest_as_of(scope.as_of), date=True)),
            ("Updated", fresh),
        ]
        wide = sum(cell_len(f"{k} {v}  ") for k, v in parts) <= width
        line = Text(no_wrap=False, end="")
        for i, (key, value) in enumerate(parts):
            if i:
                line.append("  " if wide else " · ", label)
            if wide:
                line.append(f"{key} ", label)
            elif key in ("As of", "Updated"):
                line.append(f"{key.lower()} ", label)
            line.append(value)
        return line

    def render(self) -> Text:
        width = max(self.content_region.width, 20)
        badges = Text(end="")
        for text, name in self.badges():
            if badges:
                badges.append(" ")
            badges.append(f" {text} ", self._style(name))
        room = width - cell_len(badges.plain) - 2 if badges else width
        crumbs = fit_crumbs(self.crumbs(), room)
        head = Text(CRUMB_SEPARATOR.join(crumbs), style=self._style("crumb"), end="")
        lines = [head]
        gap = width - cell_len(head.plain) - cell_len(badges.plain)
        if badges and gap >= 2:
            head.append(" " * gap)
            head.append_text(badges)
        elif badges:
            lines.append(badges)
        lines.append(self._scope_line(width))
        reason = self.dashboard.staleness()
        if reason is not None:
            line = Text(f"STALE: {clean(reason)}", style=self._style("reason"), end="")
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
        return Text("\n", end="").join(lines)
