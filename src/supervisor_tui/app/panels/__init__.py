"""The home-screen panels, in screen order."""

from __future__ import annotations

from supervisor_tui.app.panels.attendance import AttendancePanel
from supervisor_tui.app.panels.base import Panel
from supervisor_tui.app.panels.calls101 import Calls101Panel
from supervisor_tui.app.panels.calls999 import Calls999Panel
from supervisor_tui.app.panels.crime_picture import CrimePicturePanel
from supervisor_tui.app.panels.on_duty import OnDutyPanel
from supervisor_tui.app.panels.suspects import SuspectsPanel
from supervisor_tui.app.panels.workload import WorkloadPanel

PANELS: tuple[type[Panel], ...] = (
    Calls999Panel,
    Calls101Panel,
    AttendancePanel,
    WorkloadPanel,
    SuspectsPanel,
    OnDutyPanel,
    CrimePicturePanel,
)

__all__ = [
    "PANELS",
    "AttendancePanel",
    "Calls101Panel",
    "Calls999Panel",
    "CrimePicturePanel",
    "OnDutyPanel",
    "Panel",
    "SuspectsPanel",
    "WorkloadPanel",
]
