"""Status of a figure against its target: never colour alone, always a symbol and a word."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from supervisor_tui.config import Thresholds


class Level(Enum):
    OK = "ok"
    NEAR = "near"
    BREACH = "breach"
    NONE = "none"


@dataclass(frozen=True)
class Status:
    level: Level
    symbol: str
    word: str

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.word}"


OK = Status(Level.OK, "✔", "OK")
NEAR = Status(Level.NEAR, "▲", "NEAR")
BREACH = Status(Level.BREACH, "✖", "BREACH")
NO_DATA = Status(Level.NONE, "–", "NO DATA")


_SEVERITY = {Level.NONE: 0, Level.OK: 1, Level.NEAR: 2, Level.BREACH: 3}


def worst(*statuses: Status | None) -> Status | None:
    """The most severe of ``statuses`` (BREACH > NEAR > OK > NO DATA); None if none given.

    A panel's status, the briefing's and ``report --check``'s all come from this one rule."""
    present = [s for s in statuses if s is not None]
    if not present:
        return None
    return max(present, key=lambda s: _SEVERITY[s.level])


def at_least(value: float | None, target: float, margin: float) -> Status:
    """For figures that must reach a target (e.g. 999 answered within 10 s ≥ 90 %)."""
    if value is None:
        return NO_DATA
    if value < target:
        return BREACH
    if value < target + margin:
        return NEAR
    return OK


def at_most(value: float | None, limit: float, margin: float) -> Status:
    """For figures that must stay under a limit (e.g. 101 abandonment < 10 %)."""
    if value is None:
        return NO_DATA
    if value >= limit:
        return BREACH
    if value >= limit - margin:
        return NEAR
    return OK


def zero(count: int | None) -> Status:
    """For counts of things needing action now: any is a breach."""
    if count is None:
        return NO_DATA
    return OK if count == 0 else BREACH


def calls_999(pct: float | None, t: Thresholds) -> Status:
    return at_least(pct, t.answered_within_target_pct, t.near_margin_pct)


def calls_101(pct: float | None, t: Thresholds) -> Status:
    return at_most(pct, t.abandoned_max_pct, t.near_margin_pct)


def attendance_late(pct: float | None, t: Thresholds) -> Status:
    return at_most(pct, t.late_max_pct, t.near_margin_pct)
