"""Bail and RUI: the family's figures; Enter opens the active bail and RUI, worst first."""

from __future__ import annotations

from textual.screen import Screen

from supervisor_tui.app.panels.base import Panel
from supervisor_tui.figures.spec import Family


class BailPanel(Panel):
    FAMILY = "bail"
    MIN_LINES = 6

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.investigations import BailList

        return BailList()
