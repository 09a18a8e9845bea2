"""How figures are written, everywhere (panels, lists, briefing): defined once.

Every function takes ``None`` for "no value" and returns ``–``. Percentages are shown with
enough decimals that the shown value never contradicts its status: with an edge at 92 %,
91.956 % is written ``91.96 %``, not ``92.0 %``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

DASH = "–"
#: Dates are written unambiguously: ``01 Dec 2026`` (never ``01 Dec 26``).
DATE = "%d %b %Y"
DATE_TIME = "%d %b %Y %H:%M"


def count(value: int | float | None) -> str:
    """``1,234``; ``–`` for no value."""
    return DASH if value is None else f"{int(value):,}"


def num(value: float) -> str:
    """A setting or target as typed: ``10``, ``2.5``."""
    return f"{value:g}"


def _decimals(value: float, edges: Iterable[float], most: int = 3) -> int:
    """Fewest decimals (1 to ``most``) at which rounding crosses none of ``edges``."""
    edges = tuple(edges)
    for places in range(1, most + 1):
        shown = round(value, places)
        if all((shown >= edge) == (value >= edge) for edge in edges):
            return places
    return most


def pct(value: float | None, edges: Iterable[float] = ()) -> str:
    """``91.2 %``; more decimals when one would round across a status edge in ``edges``."""
    if value is None:
        return DASH
    return f"{value:.{_decimals(value, edges)}f} %"


def duration_s(seconds: float | None) -> str:
    """``35 s``, ``4 min 05 s``, ``15 min``, ``1 h 02 min``, ``3 h``, ``3 d 04 h``: the two
    largest units, the smaller left out when it is zero."""
    if seconds is None:
        return DASH
    whole = round(seconds)
    sign = "-" if whole < 0 else ""
    whole = abs(whole)
    if whole < 60:
        return f"{sign}{whole} s"
    if whole < 3600:
        big, small, units = whole // 60, whole % 60, ("min", "s")
    elif whole < 48 * 3600:
        big, small, units = whole // 3600, whole % 3600 // 60, ("h", "min")
    else:
        big, small, units = whole // 86400, whole % 86400 // 3600, ("d", "h")
    if not small:
        return f"{sign}{big} {units[0]}"
    return f"{sign}{big} {units[0]} {small:02d} {units[1]}"


def duration_min(minutes: float | None) -> str:
    """:func:`duration_s` for a number of minutes."""
    return DASH if minutes is None else duration_s(minutes * 60)


def relative(seconds: float) -> str:
    """How far a deadline is from now: ``overdue 2 h 10 min`` or ``due in 6 min 00 s``."""
    if seconds < 0:
        return f"overdue {duration_s(-seconds)}"
    return f"due in {duration_s(seconds)}"


def yes_no(value: bool | None) -> str:
    return DASH if value is None else ("yes" if value else "no")


def date(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime(DATE)


def local(moment: datetime | None, tz: str, pattern: str = "%d %b %H:%M") -> str:
    """A naive-UTC time in the display time zone (``""`` for none)."""
    if moment is None:
        return ""
    from supervisor_tui.timeutil import to_local

    return to_local(moment, tz).strftime(pattern)


def showing(shown: int, total: int) -> str:
    """``10 of 1,234`` when a list is cut, else the total."""
    return f"{shown} of {total:,}" if total > shown else f"{total:,}"


def officer(row: dict) -> str:
    """``1234 A Name`` (collar number, else officer id, then the name when known)."""
    collar = row.get("collar_number") or row.get("officer_id")
    name = row.get("name")
    return f"{collar} {name}" if name else str(collar)
