"""Investigations: the family's figures; Enter opens them by area."""

from __future__ import annotations

from textual.screen import Screen

from supervisor_tui.app.panels.base import Panel
from supervisor_tui.figures.spec import Family


class InvestigationsPanel(Panel):
    FAMILY = "investigations"
    MIN_LINES = 6

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.investigations import InvestigationsByArea

        return InvestigationsByArea()
