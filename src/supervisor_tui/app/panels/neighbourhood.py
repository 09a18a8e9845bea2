"""Neighbourhood abstraction: the family's figures; Enter opens the breakdown by area (and
`r` there, by reason)."""

from __future__ import annotations

from textual.screen import Screen

from supervisor_tui.app.panels.base import Panel
from supervisor_tui.figures.spec import Family


class NeighbourhoodPanel(Panel):
    FAMILY = "neighbourhood"
    MIN_LINES = 4

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.safeguarding import NeighbourhoodByArea

        return NeighbourhoodByArea()
