"""The help screen: every key that works on the screen it was opened from, read from the live
bindings (so it can never drift from what the keys do)."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class KeyHelp(NamedTuple):
    key: str
    description: str
    tooltip: str
    where: str
    binding_id: str | None
    action: str
    node: DOMNode


#: Order of the groups in the help screen.
GROUPS = ("Focused item", "This screen", "Everywhere")


#: Framework bindings that are not worth a line in the help.
HIDDEN_ACTIONS = {"screen.copy_text"}


def live_bindings(screen: Screen, *, merge: bool = False) -> list[KeyHelp]:
    """Every enabled binding active on ``screen`` (focused widget, screen, app), one per action
    (keys for the same action joined: ``q, ^q``); with ``merge`` also one per description
    (``↑, ↓, ←, →  Move between panels``)."""
    app = screen.app
    rows: dict[tuple[str, int], KeyHelp] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or binding.system or not binding.description:
            continue
        if binding.action in HIDDEN_ACTIONS:
            continue
        if isinstance(active.node, App):
            where = "Everywhere"
        elif isinstance(active.node, Screen):
            where = "This screen"
        else:
            where = "Focused item"
        key = (binding.description if merge else binding.action, id(active.node))
        shown = app.get_key_display(binding)
        row = KeyHelp(
            key=shown,
            description=binding.description[:1].upper() + binding.description[1:],
            tooltip=active.tooltip or binding.tooltip or "",
            where=where,
            binding_id=binding.id,
            action=binding.action,
            node=active.node,
        )
        if key in rows:
            # keep the app's own binding (it has an id) first: "q, ^q  Quit — Quit supervisor-tui"
            earlier = rows[key]
            first, second = (
                (row, earlier) if binding.id and not earlier.binding_id else (earlier, row)
            )
            row = first._replace(key=f"{first.key}, {second.key}")
        rows[key] = row
    return sorted(rows.values(), key=lambda r: GROUPS.index(r.where))


class HelpScreen(ModalScreen[None]):
    """Keys for the screen underneath, grouped by where they apply."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close help", id="help_close"),
        Binding("question_mark", "close", "Close help", id="help_close_key", key_display="?"),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.rows = live_bindings(screen, merge=True)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Keys  (Esc closes; every key is also in the command palette, Ctrl+P)",
                classes="dialog--title",
            )
            with VerticalScroll():
                yield Static(self._table(), id="help-keys")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column()
        group = None
        for row in self.rows:
            if row.where != group:
                group = row.where
                table.add_row(Text(group, style="bold underline"), "")
            words = Text(row.description, end="")
            if row.tooltip and row.tooltip != row.description:
                words.append(f" — {row.tooltip}", style="dim")
            table.add_row(Text(f"  {row.key}", style="bold"), words)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
