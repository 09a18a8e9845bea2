"""Stop and search: grounds, outcome linked, BWV and reviews; Enter opens them by
self-defined ethnic group (never by officer)."""

from __future__ import annotations

from textual.screen import Screen

from supervisor_tui.app.panels.base import Panel
from supervisor_tui.figures.spec import Family


class StopSearchPanel(Panel):
    FAMILY = "stop_search"
    MIN_LINES = 6

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.powers import StopSearchByEthnicity

        return StopSearchByEthnicity()
