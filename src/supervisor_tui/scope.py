"""What a figure is computed over: the as-of time T, the window [T - window, T), an area and a
team, and the thresholds in force. Every query parameter comes from here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from supervisor_tui.config import Thresholds
from supervisor_tui.timeutil import utc_now


@dataclass(frozen=True)
class Scope:
    """The window [as_of - window, as_of), an area and a team (None: all), in a time zone."""

    as_of: datetime
    window: timedelta = timedelta(hours=24)
    area: str | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    team: str | None = None
    #: The display time zone (IANA): where a clock counts local days (working days, 24:00).
    tz: str = "Europe/London"

    @classmethod
    def now(cls, **kwargs: Any) -> Scope:
        return cls(as_of=utc_now(), **kwargs)

    @property
    def window_start(self) -> datetime:
        return self.as_of - self.window

    def with_(self, **changes: Any) -> Scope:
        return replace(self, **changes)

    def params(self, **extra: object) -> dict[str, object]:
        """Every named parameter the queries use; each query binds the ones it needs."""
        values: dict[str, object] = {
            "as_of": self.as_of,
            "window_start": self.window_start,
            "area": self.area,
            "team": self.team,
            **self.thresholds.params(),
            "by_hour": False,
            "by_day": False,
            "by_area": False,
        }
        values.update(extra)
        return values
