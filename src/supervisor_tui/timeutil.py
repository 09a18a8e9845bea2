"""Times: all stored and computed times are naive datetimes meaning UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from supervisor_tui.errors import UserError

#: The windows the dashboard cycles through with ``w``.
WINDOW_CHOICES: tuple[str, ...] = ("1h", "8h", "24h", "7d", "28d")
_WINDOW_RE = re.compile(r"^\s*(\d+)\s*([mhd])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
MAX_WINDOW = timedelta(days=366)


def utc_now() -> datetime:
    """Now, as a naive UTC datetime to the second."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def parse_window(text: str) -> timedelta:
    """Parse ``1h``, ``8h``, ``24h``, ``7d``, ``28d`` (any whole number of m, h or d)."""
    match = _WINDOW_RE.match(str(text))
    if not match:
        raise UserError(
            f"window {text!r} is not understood; use a number and a unit, e.g. "
            f"{', '.join(WINDOW_CHOICES)}, or shift"
        )
    amount, unit = int(match.group(1)), match.group(2)
    window = timedelta(**{_UNITS[unit]: amount})
    if window <= timedelta(0) or window > MAX_WINDOW:
        raise UserError(f"window {text!r} must be more than 0 and at most 366d")
    return window


def format_window(window: timedelta) -> str:
    seconds = int(window.total_seconds())
    if seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{seconds // 60}m"


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(
            f"time zone {name!r} is not known; use an IANA name such as Europe/London"
        ) from exc


def parse_as_of(text: str, tz: str = "Europe/London") -> datetime:
    """Parse an ISO 8601 date-time to naive UTC.

    ``Z`` or an explicit offset is honoured; a time with no offset is read in the display
    time zone (a supervisor types local time); ``now`` means the current time.
    """
    raw = str(text).strip()
    if raw.lower() == "now":
        return utc_now()
    try:
        parsed = datetime.fromisoformat(raw.replace(" ", "T", 1) if "T" not in raw else raw)
    except ValueError:
        raise UserError(
            f"as-of time {text!r} is not an ISO 8601 date-time; use e.g. 2026-11-25T14:00 "
            f"(local time) or 2026-11-25T14:00Z (UTC)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(tz))
    return parsed.astimezone(UTC).replace(tzinfo=None, microsecond=0)


#: How far ahead of this machine's clock an as-of time may be (clocks differ a little).
FUTURE_TOLERANCE = timedelta(minutes=1)


def parse_past_as_of(text: str, tz: str = "Europe/London", now: datetime | None = None) -> datetime:
    """:func:`parse_as_of`, refusing a time in the future: figures exist only up to now."""
    moment = parse_as_of(text, tz)
    current = now or utc_now()
    if moment > current + FUTURE_TOLERANCE:
        local = moment.replace(tzinfo=UTC).astimezone(zone(tz))
        raise UserError(
            f"as-of time {text!r} ({local:%Y-%m-%d %H:%M %Z}) is in the future; "
            f"figures can only be computed up to now — leave --as-of out for live figures"
        )
    return moment


def iso_z(moment: datetime) -> str:
    """Naive UTC datetime as ISO 8601 with a ``Z``."""
    return moment.replace(microsecond=0).isoformat() + "Z"


def to_local(moment: datetime, tz: str) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(zone(tz))


#: The dashboard's and ``--window``'s name for "since the current shift began".
SHIFT = "shift"
#: When shifts begin (local times), unless ``[display] shift_starts`` says otherwise.
DEFAULT_SHIFT_STARTS: tuple[str, ...] = ("07:00", "14:00", "22:00")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def valid_shift_starts(starts: object) -> bool:
    """A non-empty list of distinct ``HH:MM`` times."""
    return (
        isinstance(starts, list | tuple)
        and bool(starts)
        and all(isinstance(s, str) and _HHMM.match(s) for s in starts)
        and len(set(starts)) == len(starts)
    )


def shift_start(as_of: datetime, tz: str, starts: tuple[str, ...] | list[str]) -> datetime:
    """When the shift running at ``as_of`` (naive UTC) began, as naive UTC: the latest of
    the local ``starts`` (``HH:MM``, today or yesterday) at or before ``as_of``. Across a
    clock change the wall-clock start is taken as it falls that day."""
    place = zone(tz)
    local = as_of.replace(tzinfo=UTC).astimezone(place)
    best: datetime | None = None
    for back in (0, 1, 2):
        day = local.date() - timedelta(days=back)
        for text in starts:
            hour, minute = (int(p) for p in text.split(":"))
            begun = datetime(day.year, day.month, day.day, hour, minute, tzinfo=place)
            if begun <= local and (best is None or begun > best):
                best = begun
        if best is not None:
            break
    assert best is not None  # some start falls in the last 48 hours
    return best.astimezone(UTC).replace(tzinfo=None)
