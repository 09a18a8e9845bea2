"""Use of force: forms overdue and unchecked, BWV not recorded; Enter opens the list."""

from __future__ import annotations

from textual.screen import Screen

from supervisor_tui.app.panels.base import Panel
from supervisor_tui.figures.spec import Family


class UseOfForcePanel(Panel):
    FAMILY = "use_of_force"
    MIN_LINES = 5

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.powers import UseOfForceList

        return UseOfForceList()
