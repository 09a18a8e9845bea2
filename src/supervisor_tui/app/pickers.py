"""Small dialogs: window cycling, the area picker, the time-travel input, and the choice
dialog (type-ahead) they and the lists' sort and export pickers are built on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from supervisor_tui import metrics
from supervisor_tui.app.failures import describe_failure
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.errors import UserError
from supervisor_tui.timeutil import SHIFT, WINDOW_CHOICES, parse_as_of, parse_window, to_local

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

WINDOWS: tuple[timedelta, ...] = tuple(parse_window(w) for w in WINDOW_CHOICES)
WHOLE_FORCE = ""


def words_match(label: str, typed: str) -> bool:
    """True when ``typed`` starts ``label`` or one of its words (case-insensitive)."""
    label, typed = label.lower(), typed.lower()
    return label.startswith(typed) or any(w.startswith(typed) for w in label.split())


class TypeAheadList(OptionList):
    """An option list that jumps as you type: the first option that ``typed`` starts (or
    one of whose words it starts), else the first that contains it. Backspace takes a letter
    back; moving with the arrows starts a new search."""

    class Typed(Message):
        """What has been typed so far changed (shown in the dialog's hint)."""

        def __init__(self, typed: str) -> None:
            super().__init__()
            self.typed = typed

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.typed = ""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Letters are search text here, not the app's keys (a, w, q...).
        return key == "backspace" or (character is not None and character.isprintable())

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace":
            self.set_typed(self.typed[:-1])
        elif event.character is not None and event.character.isprintable() and event.is_printable:
            self.set_typed(self.typed + event.character)
        else:
            if self.typed and event.key in ("up", "down", "pageup", "pagedown", "home", "end"):
                self.set_typed("", jump=False)
            return
        event.stop()
        event.prevent_default()

    def set_typed(self, typed: str, *, jump: bool = True) -> None:
        self.typed = typed
        self.post_message(self.Typed(typed))
        if jump and typed:
            index = self.find(typed)
            if index is not None:
                self.highlighted = index

    def label_of(self, index: int) -> str:
        prompt = self.get_option_at_index(index).prompt
        return prompt.plain if isinstance(prompt, Text) else str(prompt)

    def find(self, typed: str) -> int | None:
        labels = [self.label_of(i) for i in range(self.option_count)]
        for i, label in enumerate(labels):
            if words_match(label, typed):
                return i
        needle = typed.lower()
        return next((i for i, label in enumerate(labels) if needle in label.lower()), None)


class ChoiceDialog(ModalScreen[str | None]):
    """Choose one of a few options: ↑↓ or type to jump, Enter (or a click) chooses, Esc
    cancels. Dismisses with the chosen option's id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice_cancel"),
    ]

    #: Shown under the options; ``{typed}`` is what has been typed so far.
    HINT = "Type or ↑↓ to choose · Enter choose · Esc cancel"

    def __init__(
        self,
        title: str,
        options: Sequence[tuple[str, str | Text]] = (),
        current: str | None = None,
        *,
        hint: str | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(options)
        self.current = current
        self.hint = self.HINT if hint is None else hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog--title")
            yield TypeAheadList(id="choices")
            yield Static("", id="choice-error", classes="dialog--error")
            yield Static(Text(self.hint), id="choice-hint", classes="dialog--hint")

    def on_mount(self) -> None:
        self.fill(self.choices)

    @property
    def options(self) -> TypeAheadList:
        return self.query_one(TypeAheadList)

    def fill(self, choices: Sequence[tuple[str, str | Text]]) -> None:
        """Show ``choices`` (id, label), the current one highlighted."""
        self.choices = list(choices)
        options = self.options
        options.clear_options()
        options.add_options(
            Option(label if isinstance(label, Text) else Text(label), id=choice_id)
            for choice_id, label in self.choices
        )
        ids = [choice_id for choice_id, _ in self.choices]
        if ids:
            options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    def show_error(self, message: str) -> None:
        self.query_one("#choice-error", Static).update(Text(message))

    @on(TypeAheadList.Typed)
    def show_typed(self, event: TypeAheadList.Typed) -> None:
        hint = Text(self.hint)
        if event.typed:
            hint = Text.assemble("typed ", (event.typed, "bold"), " · ", self.hint)
        self.query_one("#choice-hint", Static).update(hint)

    @on(OptionList.OptionSelected)
    def option_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.result_for(event.option.id))

    def result_for(self, choice_id: str | None) -> str | None:
        """What the dialog dismisses with when ``choice_id`` is chosen."""
        return choice_id

    def action_cancel(self) -> None:
        self.dismiss(None)


class AreaPicker(ChoiceDialog):
    """Pick one area or the whole force. Dismisses with an area code, "" (whole force) or None.

    Type a code or a name to jump to it (``har`` → HAR, ``mel`` → Melton)."""

    def __init__(self, current: str | None) -> None:
        super().__init__("Show which area?", current=current or WHOLE_FORCE)

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    def on_mount(self) -> None:
        self.fill(self.area_choices(self.dashboard.area_names))
        self.load_areas()

    @staticmethod
    def area_choices(names: dict[str, str]) -> list[tuple[str, str | Text]]:
        choices: list[tuple[str, str | Text]] = [(WHOLE_FORCE, "Whole force")]
        for code, name in names.items():
            label = Text(clean(code), style="bold", end="")
            label.append(f"  {clean(name)}")
            choices.append((code, label))
        return choices

    @work(
        thread=True,
        exclusive=True,
        group="areas",
        exit_on_error=False,
        description="read the areas",
    )
    def load_areas(self) -> None:
        try:
            with self.dashboard.dbs.get().read() as session:
                frame = metrics.areas(session)
        except Exception as exc:
            reason = describe_failure(exc, self.dashboard.dbs.path)
            self.app.call_from_thread(self.areas_failed, reason)
            return
        names = dict(zip(frame["area_code"].to_list(), frame["name"].to_list(), strict=True))
        self.app.call_from_thread(self.areas_loaded, names)

    def areas_loaded(self, names: dict[str, str]) -> None:
        if names != self.dashboard.area_names:
            self.dashboard.area_names = names
            highlighted = self.options.highlighted
            if highlighted is not None and highlighted < len(self.choices):
                self.current = self.choices[highlighted][0]  # keep what the user moved to
            self.fill(self.area_choices(names))

    def areas_failed(self, reason: str) -> None:
        self.show_error(f"Cannot read the areas now ({reason}); showing the last known list.")

    def result_for(self, choice_id: str | None) -> str | None:
        return choice_id or WHOLE_FORCE


#: The window picker's choices: (id, label); ids are ``--window`` values.
WINDOW_OPTIONS: tuple[tuple[str, str], ...] = (
    ("1h", "1h   the last hour"),
    ("8h", "8h   the last 8 hours"),
    ("24h", "24h  the last 24 hours"),
    ("7d", "7d   the last 7 days"),
    ("28d", "28d  the last 28 days"),
    (SHIFT, "shift  since the current shift began"),
)


class WindowPicker(ChoiceDialog):
    """`w`: the time window. Type ``8`` for 8h, ``s`` for shift. Dismisses with a
    ``--window`` value or None."""

    def __init__(self, current: str) -> None:
        options = [(key, Text(label)) for key, label in WINDOW_OPTIONS]
        super().__init__("Figures over which window?", options, current)


ALL_TEAMS = ""


class TeamPicker(ChoiceDialog):
    """Pick one team or every team. Dismisses with a team id, "" (every team) or None."""

    def __init__(self, current: str | None) -> None:
        super().__init__("Show which team?", current=current or ALL_TEAMS)

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    def on_mount(self) -> None:
        self.fill([(ALL_TEAMS, Text("Every team"))])
        self.load_teams()

    @work(
        thread=True,
        exclusive=True,
        group="teams",
        exit_on_error=False,
        description="read the teams",
    )
    def load_teams(self) -> None:
        try:
            with self.dashboard.dbs.get().read() as session:
                frame = session.query("teams")
        except Exception as exc:
            reason = describe_failure(exc, self.dashboard.dbs.path)
            self.app.call_from_thread(self.show_error, f"Cannot read the teams now ({reason}).")
            return
        choices: list[tuple[str, str | Text]] = [(ALL_TEAMS, Text("Every team"))]
        for row in frame.iter_rows(named=True):
            label = Text(clean(row["team_id"]), style="bold", end="")
            label.append(f"  {clean(row['name'])} ({clean(row['area_code'])})")
            choices.append((str(row["team_id"]), label))
        self.app.call_from_thread(self.fill, choices)

    def result_for(self, choice_id: str | None) -> str | None:
        return choice_id or ALL_TEAMS


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

    def show_error(self, message: str) -> None:
        self.query_one("#as-of-error", Static).update(Text(message))
        self.query_one(Input).add_class("-invalid")

    @on(Input.Changed)
    def clear_error(self) -> None:
        self.query_one("#as-of-error", Static).update("")
        self.query_one(Input).remove_class("-invalid")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.show_error("Type a date and time, e.g. 2026-11-25 14:00")
            return
        if text.lower() in ("now", "live"):
            self.dismiss(None)
            return
        try:
            as_of = parse_as_of(text, self.dashboard.config.timezone)
        except UserError as exc:
            self.show_error(str(exc))
            return
        if as_of > self.dashboard.clock():
            self.show_error(f"{text} is in the future; time travel only goes back")
            return
        self.dismiss(as_of)

    def action_cancel(self) -> None:
        self.dismiss(None)
