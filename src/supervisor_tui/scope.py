"""What a figure is computed over: the as-of time T, the window [T - window, T), an area and a
team, and the thresholds in force. Every query parameter comes from here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from supervisor_tui.config import Thresholds
from supervisor_tui.timeutil import format_window, shift_start, to_local, utc_now


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
    #: When set, the window is "since the current shift began" (local ``HH:MM`` starts) and
    #: follows ``as_of``: each change of as_of recomputes it.
    shift_starts: tuple[str, ...] = ()

    @classmethod
    def now(cls, **kwargs: Any) -> Scope:
        return cls(as_of=utc_now(), **kwargs)

    @property
    def window_start(self) -> datetime:
        return self.as_of - self.window

    def with_(self, **changes: Any) -> Scope:
        if "window" in changes and "shift_starts" not in changes:
            changes["shift_starts"] = ()  # a fixed window chosen: no longer the shift's
        moved = replace(self, **changes)
        if moved.shift_starts and "window" not in changes:
            begun = shift_start(moved.as_of, moved.tz, moved.shift_starts)
            moved = replace(moved, window=moved.as_of - begun)
        return moved

    def for_shift(self, starts: tuple[str, ...]) -> Scope:
        """This scope with the window since the current shift began."""
        begun = shift_start(self.as_of, self.tz, starts)
        return replace(self, shift_starts=tuple(starts), window=self.as_of - begun)

    @property
    def window_label(self) -> str:
        """``24h``, or ``shift (since 07:00)`` for the shift window."""
        if self.shift_starts:
            begun = to_local(self.window_start, self.tz)
            return f"shift (since {begun:%H:%M})"
        return format_window(self.window)

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
            "by_handler": False,
            "by_area": False,
        }
        values.update(extra)
        return values
