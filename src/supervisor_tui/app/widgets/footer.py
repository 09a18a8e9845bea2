"""The key footer: what this screen does first, then how to get out, then what fits.

Textual's footer lists every key in binding order and lets the end fall off a narrow
terminal, which hid ``esc Back``, ``? Help`` and ``q Quit`` on the lists. This one shows the
keys of the focused widget and the screen, then Back, Help and Quit (always), then as many
of the app's other keys as fit (Window, Area, Time travel, Pause, Refresh, in that order of
importance). Every key still works, and all are listed in ``?`` help and the command palette.

Built on Textual's public API only: the screen's ``bindings_updated_signal`` and
``active_bindings``, ``App.get_key_display`` and ``App.simulate_key``. :class:`KeyHint` draws
one key the way Textual's own footer does (same theme variables, same padding).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

#: Narrower than this, the ``^p palette`` hint is left out.
PALETTE_HINT_MIN_WIDTH = 100
#: Cells the palette hint takes (key, description, padding and its border).
PALETTE_HINT_CELLS = 14
#: App keys always shown, after the screen's own (binding ids).
ESSENTIAL: tuple[str, ...] = ("back", "help", "quit")
#: App keys shown when there is room, most important first (binding ids).
OPTIONAL: tuple[str, ...] = ("window", "area", "team", "time_travel", "pause", "refresh")


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


class KeyHint(Widget):
    """One key in the footer: `` key `` in the key colours, then ``description ``.

    Clicking it presses the key. A disabled binding is drawn dim (and clicking only rings the
    bell); the widget itself stays enabled so that it still gets the click.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-hint--key", "key-hint--description"}
    DEFAULT_CSS = """
    KeyHint {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .key-hint--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .key-hint--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled { text-style: dim; }
        &.-compact {
            .key-hint--key { padding: 0; }
            .key-hint--description { padding: 0 0 0 1; }
        }
        &.-command-palette {
            dock: right;
            padding-right: 1;
            border-left: vkey $foreground 20%;
        }
    }
    """

    def __init__(
        self,
        binding: Binding,
        key_display: str,
        description: str,
        *,
        enabled: bool = True,
        tooltip: str = "",
        classes: str = "",
    ) -> None:
        super().__init__(classes=classes if enabled else f"{classes} -disabled".strip())
        self.binding = binding
        self.key_display = key_display
        self.description = description
        self.binding_enabled = enabled
        self.shrink = False
        if tooltip:
            self.tooltip = tooltip

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-hint--key")
        key_pad = self.get_component_styles("key-hint--key").padding
        text = Text.assemble(
            (" " * key_pad.left + self.key_display + " " * key_pad.right, key_style)
        )
        if self.description:
            style = self.get_component_rich_style("key-hint--description")
            pad = self.get_component_styles("key-hint--description").padding
            text.append(" " * pad.left + self.description + " " * pad.right, style)
        text.stylize_before(self.rich_style)
        return text

    def on_mouse_down(self) -> None:
        if self.binding_enabled:
            self.app.simulate_key(self.binding.key)
        else:
            self.app.bell()


class AppFooter(ScrollableContainer, can_focus=False, can_focus_children=False):
    """Screen keys first, Back/Help/Quit always, the other app keys as room allows."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    AppFooter {
        layout: horizontal;
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        scrollbar-size: 0 0;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: False until the screen first says which bindings are active (before that, the
        #: focused widget is not known yet and the keys would be the wrong ones).
        self.bindings_ready = False
        self.show_command_palette = True

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        """The screen's active bindings changed (focus moved, a key was enabled...)."""
        self.bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)

    def on_resize(self, event: events.Resize) -> None:
        self.show_command_palette = event.size.width >= PALETTE_HINT_MIN_WIDTH
        self.call_after_refresh(self.recompose)

    def description(self, binding: Binding) -> str:
        """The footer's word for ``binding`` (``Resume`` rather than ``Pause`` when paused)."""
        app: DashboardApp = self.app  # type: ignore[assignment]
        if binding.action == "toggle_pause" and getattr(app, "paused", False):
            return "Resume"
        return binding.description

    def shown_keys(self) -> Iterable[Shown]:
        """One entry per action (the first binding for it), in Textual's order."""
        seen: set[str] = set()
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            yield Shown(node, binding, enabled, tooltip)

    def compose(self) -> ComposeResult:
        if not self.bindings_ready:
            return
        width = self.size.width or self.app.size.width
        own: list[Shown] = []
        app_keys: dict[str, Shown] = {}
        for shown in self.shown_keys():
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
            yield KeyHint(
                shown.binding,
                self.app.get_key_display(shown.binding),
                self.description(shown.binding),
                enabled=shown.enabled,
                tooltip=shown.tooltip,
            )
        if palette:
            yield from self.palette_key()

    def palette_key(self) -> ComposeResult:
        try:
            _node, binding, enabled, _tooltip = self.screen.active_bindings[
                self.app.COMMAND_PALETTE_BINDING
            ]
        except KeyError:
            return
        yield KeyHint(
            binding,
            self.app.get_key_display(binding),
            binding.description,
            enabled=enabled,
            tooltip=binding.tooltip or binding.description,
            classes="-command-palette -compact",  # as Textual's footer draws it
        )
