"""The key footer: what this screen does first, then how to get out, then what fits.

Textual's footer lists every key in binding order and lets the end fall off a narrow
terminal, which hid ``esc Back``, ``? Help`` and ``q Quit`` on the lists. This one shows the
keys of the focused widget and the screen, then Back, Help and Quit (always), then as many
of the app's other keys as fit (Window, Area, Time travel, Pause, Refresh, in that order of
importance). Every key still works, and all are listed in ``?`` help and the command palette.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget (not exported)

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

#: Narrower than this, the ``^p palette`` hint is left out.
PALETTE_HINT_MIN_WIDTH = 100
#: Cells the palette hint takes (key, description, padding and its border).
PALETTE_HINT_CELLS = 14
#: App keys always shown, after the screen's own (binding ids).
ESSENTIAL: tuple[str, ...] = ("back", "help", "quit")
#: App keys shown when there is room, most important first (binding ids).
OPTIONAL: tuple[str, ...] = ("window", "area", "time_travel", "pause", "refresh")


class Shown(NamedTuple):
    node: DOMNode
    binding: Binding
    enabled: bool
    tooltip: str


def key_cells(key_display: str, description: str) -> int:
    """Cells a footer key takes: `` key `` and ``description `` (Textual's padding)."""
    return cell_len(key_display) + cell_len(description) + 3


def choose(
    own: list[Shown],
    app_keys: dict[str, Shown],
    width: int,
    cells: dict[int, int],
    first: tuple[str, ...] = (),
) -> list[Shown]:
    """The keys to show, in order: ``own`` (as many as fit beside the essential keys), the
    essential app keys, then the optional ones that still fit (kept in binding order;
    ``first`` are tried before the others)."""
    essential = [app_keys[k] for k in ESSENTIAL if k in app_keys]
    room = width - sum(cells[id(s)] for s in essential)
    kept_own: list[Shown] = []
    for shown in own:
        if cells[id(shown)] <= room:
            kept_own.append(shown)
            room -= cells[id(shown)]
    chosen: set[str] = set()
    ranked = [k for k in dict.fromkeys((*first, *OPTIONAL)) if k in app_keys]
    ranked += [k for k in app_keys if k not in OPTIONAL and k not in ESSENTIAL]
    for key in ranked:
        if cells[id(app_keys[key])] <= room:
            chosen.add(key)
            room -= cells[id(app_keys[key])]
    rest = [s for k, s in app_keys.items() if k in chosen]
    return kept_own + essential + rest


class AppFooter(Footer):
    """Screen keys first, Back/Help/Quit always, the other app keys as room allows."""

    def on_resize(self, event: events.Resize) -> None:
        self.show_command_palette = event.size.width >= PALETTE_HINT_MIN_WIDTH
        self.call_after_refresh(self.recompose)

    def description(self, binding: Binding) -> str:
        """The footer's word for ``binding`` (``Resume`` rather than ``Pause`` when paused)."""
        app: DashboardApp = self.app  # type: ignore[assignment]
        if binding.action == "toggle_pause" and getattr(app, "paused", False):
            return "Resume"
        return binding.description

    def _shown(self) -> Iterable[Shown]:
        """One entry per action (the first binding for it), in Textual's order."""
        seen: set[str] = set()
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            yield Shown(node, binding, enabled, tooltip)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        own: list[Shown] = []
        app_keys: dict[str, Shown] = {}
        for shown in self._shown():
            if isinstance(shown.node, App) and shown.binding.id:
                app_keys[shown.binding.id] = shown
            else:
                own.append(shown)
        cells = {
            id(s): key_cells(self.app.get_key_display(s.binding), self.description(s.binding))
            for s in [*own, *app_keys.values()]
        }
        palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        room = width - (PALETTE_HINT_CELLS if palette else 0)
        paused = getattr(self.app, "paused", False)
        first = ("pause",) if paused else ()  # while paused, "p Resume" earns its place
        for shown in choose(own, app_keys, room, cells, first):
            yield FooterKey(
                shown.binding.key,
                self.app.get_key_display(shown.binding),
                self.description(shown.binding),
                shown.binding.action,
                disabled=not shown.enabled,
                tooltip=shown.tooltip,
            ).data_bind(compact=Footer.compact)
        if palette:
            yield from self._palette_key()

    def _palette_key(self) -> ComposeResult:
        try:
            _node, binding, enabled, _tooltip = self.screen.active_bindings[
                self.app.COMMAND_PALETTE_BINDING
            ]
        except KeyError:
            return
        yield FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            classes="-command-palette",
            disabled=not enabled,
            tooltip=binding.tooltip or binding.description,
        )
