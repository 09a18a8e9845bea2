"""Changing what the figures cover: window cycling, the area picker, the time-travel input."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from supervisor_tui import metrics
from supervisor_tui.app.failures import describe_failure
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.errors import UserError
from supervisor_tui.timeutil import WINDOW_CHOICES, parse_as_of, parse_window, to_local

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

WINDOWS: tuple[timedelta, ...] = tuple(parse_window(w) for w in WINDOW_CHOICES)
WHOLE_FORCE = ""


def next_window(current: timedelta) -> timedelta:
    """The next window in 1h → 8h → 24h → 7d → 28d → 1h (an odd one goes to the next larger)."""
    for window in WINDOWS:
        if window > current:
            return window
    return WINDOWS[0]


class AreaPicker(ModalScreen[str | None]):
    """Pick one area or the whole force. Dismisses with an area code, "" (whole force) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="area_cancel"),
    ]

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Show which area?", classes="dialog--title")
            yield OptionList(id="areas")
            yield Static("", id="area-error", classes="dialog--error")
            yield Static("↑↓ choose · Enter show · Esc cancel", classes="dialog--hint")

    def on_mount(self) -> None:
        self._fill(self.dashboard.area_names)
        self._load_areas()

    def _fill(self, names: dict[str, str]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_option(Option("Whole force", id=WHOLE_FORCE))
        for code, name in names.items():
            label = Text(clean(code), style="bold", end="")
            label.append(f"  {clean(name)}")
            options.add_option(Option(label, id=code))
        wanted = self.current or WHOLE_FORCE
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == wanted:
                options.highlighted = index
        options.focus()

    @work(thread=True, exclusive=True, group="areas", exit_on_error=False)
    def _load_areas(self) -> None:
        try:
            with self.dashboard.dbs.get().read() as session:
                frame = metrics.areas(session)
        except Exception as exc:
            self.app.call_from_thread(self._failed, describe_failure(exc, self.dashboard.dbs.path))
            return
        names = dict(zip(frame["area_code"].to_list(), frame["name"].to_list(), strict=True))
        self.app.call_from_thread(self._loaded, names)

    def _loaded(self, names: dict[str, str]) -> None:
        if names != self.dashboard.area_names:
            self.dashboard.area_names = names
            self._fill(names)

    def _failed(self, reason: str) -> None:
        self.query_one("#area-error", Static).update(
            Text(f"Cannot read the areas now ({reason}); showing the last known list.")
        )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or WHOLE_FORCE)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TimeTravelDialog(ModalScreen[datetime | None]):
    """Type a local date-time to see the figures as they were then."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="time_travel_cancel"),
    ]

    def __init__(self, current: datetime) -> None:
        super().__init__()
        self.current = current

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    def compose(self) -> ComposeResult:
        tz = self.dashboard.config.timezone
        start = to_local(self.current, tz).strftime("%Y-%m-%d %H:%M")
        with Vertical(classes="dialog"):
            yield Static("Time travel: show the figures as at", classes="dialog--title")
            yield Input(value=start, placeholder="YYYY-MM-DD HH:MM", id="as-of")
            yield Static("", id="as-of-error", classes="dialog--error")
            yield Static(
                f"Local time ({tz}), e.g. 2026-11-25 14:00; add Z for UTC.\n"
                "Enter go · Esc cancel · t on the dashboard returns to live",
                classes="dialog--hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _error(self, message: str) -> None:
        self.query_one("#as-of-error", Static).update(Text(message))
        self.query_one(Input).add_class("-invalid")

    @on(Input.Changed)
    def _typing(self) -> None:
        self.query_one("#as-of-error", Static).update("")
        self.query_one(Input).remove_class("-invalid")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self._error("Type a date and time, e.g. 2026-11-25 14:00")
            return
        if text.lower() in ("now", "live"):
            self.dismiss(None)
            return
        try:
            as_of = parse_as_of(text, self.dashboard.config.timezone)
        except UserError as exc:
            self._error(str(exc))
            return
        if as_of > self.dashboard.clock():
            self._error(f"{text} is in the future; time travel only goes back")
            return
        self.dismiss(as_of)

    def action_cancel(self) -> None:
        self.dismiss(None)
