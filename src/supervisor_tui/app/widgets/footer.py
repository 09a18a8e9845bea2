"""The key footer, minus the command-palette hint when the terminal is narrow, so every key
still fits at 80 columns (Ctrl+P keeps working and the help screen mentions it)."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

#: Narrower than this, the ``^p palette`` hint is left out.
PALETTE_HINT_MIN_WIDTH = 100


class AppFooter(Footer):
    def on_resize(self, event: events.Resize) -> None:
        wanted = event.size.width >= PALETTE_HINT_MIN_WIDTH
        if wanted != self.show_command_palette:
            self.show_command_palette = wanted
            self.call_after_refresh(self.recompose)
