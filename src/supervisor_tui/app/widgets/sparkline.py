"""Text sparklines (one line of block characters): readable without colour, deterministic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"


def hour_series(
    points: dict[datetime, float | None], start: datetime, end: datetime
) -> list[float | None]:
    """Values for every whole hour from ``start`` (floored) up to ``end``; missing hours None."""
    hour = start.replace(minute=0, second=0, microsecond=0)
    out: list[float | None] = []
    while hour < end:
        out.append(points.get(hour))
        hour += timedelta(hours=1)
    return out


def _bucket(values: Sequence[float | None], width: int) -> list[float | None]:
    """Shrink ``values`` to at most ``width`` points by averaging neighbours (gaps ignored)."""
    if len(values) <= width:
        return list(values)
    out: list[float | None] = []
    for i in range(width):
        lo = i * len(values) // width
        hi = (i + 1) * len(values) // width
        chunk = [v for v in values[lo:hi] if v is not None]
        out.append(sum(chunk) / len(chunk) if chunk else None)
    return out


def sparkline(
    values: Sequence[float | None],
    width: int,
    *,
    low: float | None = None,
    high: float | None = None,
) -> str:
    """``values`` as block characters scaled between ``low`` and ``high`` (default: the data).

    Missing values show as ``·``. Returns an empty string when there is nothing to draw.
    """
    if width <= 0 or not values:
        return ""
    points = _bucket(values, width)
    present = [v for v in points if v is not None]
    if not present:
        return GAP * len(points)
    lo = min(present) if low is None else low
    hi = max(present) if high is None else high
    span = hi - lo
    chars: list[str] = []
    for value in points:
        if value is None:
            chars.append(GAP)
        elif span <= 0:
            chars.append(BLOCKS[len(BLOCKS) // 2])
        else:
            frac = min(max((value - lo) / span, 0.0), 1.0)
            chars.append(BLOCKS[round(frac * (len(BLOCKS) - 1))])
    return "".join(chars)
