"""Drill-down screens: panel → breakdown → list → record.

``open_panel(panel_id)`` gives the first screen behind a home panel. Every screen reads the
app's scope (area, window, as-of) on each refresh, so those filters carry down; the bucket
drilled into (an hour, an area, a crime) narrows the list below it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from supervisor_tui.app.drill.breakdowns import (
    AttendanceByArea,
    CallsByHour,
    OnDutyByArea,
    SuspectsByArea,
)
from supervisor_tui.app.drill.crime import CrimeByArea
from supervisor_tui.app.drill.lists import WorkloadList

__all__ = ["PANELS", "open_panel"]

PANELS: dict[str, Callable[[], Screen]] = {
    "calls_999": lambda: CallsByHour("999"),
    "calls_101": lambda: CallsByHour("101"),
    "attendance": AttendanceByArea,
    "workload": lambda: WorkloadList("Workload › Officers"),
    "suspects": SuspectsByArea,
    "on_duty": OnDutyByArea,
    "crime_picture": CrimeByArea,
}


def open_panel(panel_id: str, app: object | None = None) -> Screen:
    """The breakdown (or list) screen behind the home panel ``panel_id``."""
    try:
        factory = PANELS[panel_id]
    except KeyError:
        known = ", ".join(PANELS)
        raise KeyError(f"no drill-down for panel {panel_id!r}; known panels: {known}") from None
    return factory()
