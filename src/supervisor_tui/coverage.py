"""How far the data in the database reaches, read once per refresh round.

From ``metrics.data_extent`` (a cheap query): when the first and the latest call or incident
were, the table sizes and who made the file. The header uses it to warn when nothing new has
arrived for a while (``◷ DATA 15 MIN OLD``) and to label generated data; the panels use it to
say NO DATA rather than ✔ OK when there is nothing to count at the as-of time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

#: ``meta.generator`` of a database written by ``supervisor-tui sample``.
SAMPLE_GENERATOR = "supervisor-tui sample"
#: The data is called old when its latest call or incident is older than this many refresh
#: intervals, and never sooner than OLD_AFTER_MIN: calls arrive every few minutes on a quiet
#: night, so a shorter threshold would cry wolf.
OLD_AFTER_INTERVALS = 3
OLD_AFTER_MIN = timedelta(minutes=10)

NO_RECORDS = "no records in the database"
BEFORE_FIRST = "no records before this time"


def old_after(refresh_seconds: float) -> timedelta:
    """How old the latest record may be before the header says so."""
    return max(timedelta(seconds=OLD_AFTER_INTERVALS * refresh_seconds), OLD_AFTER_MIN)


def age_words(age: timedelta) -> str:
    """``15 MIN``, ``3 H``, ``2 DAYS``: the age in the header badge."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} MIN"
    if minutes < 48 * 60:
        return f"{minutes // 60} H"
    return f"{minutes // (24 * 60)} DAYS"


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def _earliest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return min(present) if present else None


@dataclass(frozen=True)
class Coverage:
    """What ``metrics.data_extent`` said, in the terms the screens need."""

    first_at: datetime | None
    last_at: datetime | None
    calls: int
    incidents: int
    crimes: int
    suspects: int
    generated: bool

    @classmethod
    def from_extent(cls, extent: dict[str, Any]) -> Coverage:
        calls = int(extent.get("calls") or 0)
        incidents = int(extent.get("incidents") or 0)
        # The first incident time when the extent gives it; otherwise the first call stands in
        # (incidents are opened from calls). With neither known, gap() never claims a gap.
        first = _earliest(extent.get("first_call_at"), extent.get("first_incident_at"))
        return cls(
            first_at=first,
            last_at=_latest(extent.get("last_call_at"), extent.get("last_incident_at")),
            calls=calls,
            incidents=incidents,
            crimes=int(extent.get("crimes") or 0),
            suspects=int(extent.get("suspects") or 0),
            generated=extent.get("generator") == SAMPLE_GENERATOR,
        )

    @property
    def empty(self) -> bool:
        """No calls and no incidents at all."""
        return not self.calls and not self.incidents

    def gap(self, as_of: datetime) -> str | None:
        """Why there is nothing to count at ``as_of`` (None when records exist by then)."""
        if self.empty:
            return NO_RECORDS
        if self.first_at is not None and as_of < self.first_at:
            return BEFORE_FIRST
        return None

    def age(self, now: datetime) -> timedelta | None:
        """How long ago the latest call or incident was (None when there is none)."""
        return None if self.last_at is None else now - self.last_at


def age_badge(coverage: Coverage, now: datetime, refresh_seconds: float) -> str | None:
    """``DATA 15 MIN OLD`` when the latest call or incident is older than
    :func:`old_after`, ``NO LIVE DATA`` when there is none, else None."""
    age = coverage.age(now)
    if age is None:
        return "NO LIVE DATA"
    if age <= old_after(refresh_seconds):
        return None
    return f"DATA {age_words(age)} OLD"
