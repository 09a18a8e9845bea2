"""Suspects: the family's figures; Enter opens them by area."""

from __future__ import annotations

from textual.screen import Screen

from supervisor_tui.app.panels.base import Panel
from supervisor_tui.figures.spec import Family


class SuspectsPanel(Panel):
    FAMILY = "suspects"
    MIN_LINES = 4

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.breakdowns import SuspectsByArea

        return SuspectsByArea()
