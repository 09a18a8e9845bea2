"""Drill-down screens: panel → breakdown → list → record.

``open_panel(panel_id)`` gives the first screen behind a home panel: the panel layout's
``drill`` (a family without one gets the generic list of its ``list_query``). Every screen
reads the app's scope (area, team, window, as-of) on each refresh, so those filters carry
down; the bucket drilled into (an hour, an area, a crime) narrows the list below it.
"""

from __future__ import annotations

from textual.screen import Screen

from supervisor_tui import figures

__all__ = ["open_panel"]


def open_panel(panel_id: str, app: object | None = None) -> Screen:
    """The breakdown (or list) screen behind the home panel ``panel_id``."""
    from supervisor_tui.app.panels import panel_class

    try:
        family = figures.family(panel_id)
    except KeyError:
        known = ", ".join(f.id for f in figures.families())
        raise KeyError(f"no drill-down for panel {panel_id!r}; known panels: {known}") from None
    screen = panel_class(panel_id).drill(family)
    if screen is None:
        raise KeyError(f"no drill-down for panel {panel_id!r}")
    return screen
