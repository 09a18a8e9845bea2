"""Text sparklines (one line of block characters): readable without colour, deterministic.

One bar is one hour (or one day): a line never squeezes several buckets into a bar. When the
window has more buckets than fit, the most recent ones are shown and the label says how many
(``% late, last 17 h``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rich.cells import cell_len

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"
#: Bucket length and its abbreviation, per unit.
UNITS: dict[str, tuple[timedelta, str]] = {
    "hour": (timedelta(hours=1), "h"),
    "day": (timedelta(days=1), "d"),
}
#: Fewer bars than this say nothing: the trend line is left out.
MIN_BARS = 3


def _floor(moment: datetime, unit: str) -> datetime:
    moment = moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(hour=0) if unit == "day" else moment


def bucket_series(
    points: dict[datetime, float | None], start: datetime, end: datetime, unit: str = "hour"
) -> list[float | None]:
    """Values for every whole hour (or day) from ``start`` (floored) up to ``end``; missing
    buckets are None."""
    step = UNITS[unit][0]
    bucket = _floor(start, unit)
    out: list[float | None] = []
    while bucket < end:
        out.append(points.get(bucket))
        bucket += step
    return out


def hour_series(
    points: dict[datetime, float | None], start: datetime, end: datetime
) -> list[float | None]:
    """Values for every whole hour from ``start`` (floored) up to ``end``; missing hours None."""
    return bucket_series(points, start, end, "hour")


@dataclass(frozen=True)
class Trend:
    """A series with one value per ``unit`` (``hour`` or ``day``), oldest first."""

    values: tuple[float | None, ...]
    unit: str = "hour"

    def __bool__(self) -> bool:
        return bool(self.values)


def fit_trend(trend: Trend, width: int, what: str) -> tuple[list[float | None], str]:
    """The bars and the label that fit in ``width`` cells (bars, a space, the label).

    Every bucket when they fit (``% by hour``), else the most recent ones that do
    (``%, last 17 h``); no bars when fewer than :data:`MIN_BARS` would fit.
    """
    values = list(trend.values)
    label = f"{what} by {trend.unit}"
    if len(values) + 1 + cell_len(label) <= width:
        return values, label
    abbreviation = UNITS[trend.unit][1]
    for n in range(len(values) - 1, MIN_BARS - 1, -1):
        label = f"{what}, last {n} {abbreviation}"
        if n + 1 + cell_len(label) <= width:
            return values[-n:], label
    return [], ""


def sparkline(
    values: Sequence[float | None],
    width: int,
    *,
    low: float | None = None,
    high: float | None = None,
) -> str:
    """``values`` as block characters scaled between ``low`` and ``high`` (default: the data),
    one character per value; only the most recent ``width`` values when there are more.

    Missing values show as ``·``. Returns an empty string when there is nothing to draw.
    """
    if width <= 0 or not values:
        return ""
    points = list(values)[-width:]
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
