"""Working-day deadlines (the Victims' Code): Monday to Friday except England and Wales bank
holidays, from the maintained ``holidays`` library (never a hand-typed list).

A deadline of N working days after a moment is the end (24:00, i.e. the next local midnight,
in the display time zone) of the N-th working day after the moment's local date: a decision
on Friday 10:00 with N = 1 is due by the end of Monday (Tuesday 00:00 local), or of Tuesday
when Monday is a bank holiday. Times in and out are naive UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import polars as pl

#: England and Wales: the ``holidays`` library's GB calendar for England (its bank holidays
#: are those of Wales too).
COUNTRY = "GB"
SUBDIVISION = "ENG"


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def nth_working_day_after(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (``day`` itself never counts; n >= 1)."""
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    found = 0
    current = day
    while found < n:
        current += timedelta(days=1)
        if is_working_day(current):
            found += 1
    return current


def local_date(moment: datetime, tz: str) -> date:
    """The date in ``tz`` of ``moment`` (naive UTC)."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).date()


def end_of_day(day: date, tz: str) -> datetime:
    """24:00 of ``day`` in ``tz`` (the next local midnight), as naive UTC."""
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(tz))
    return midnight.astimezone(UTC).replace(tzinfo=None)


def deadline(moment: datetime, n: int, tz: str) -> datetime:
    """The end of the ``n``-th working day after ``moment``'s local date, as naive UTC."""
    return end_of_day(nth_working_day_after(local_date(moment, tz), n), tz)


def deadlines(started: pl.Series, days: pl.Series, tz: str) -> pl.Series:
    """:func:`deadline` of each (moment, n) pair, computed once per distinct local date and n
    (null where either is null)."""
    local = (
        started.dt.replace_time_zone("UTC").dt.convert_time_zone(tz).dt.date().alias("local_date")
    )
    pairs = pl.DataFrame({"local_date": local, "n": days.cast(pl.Int64)})
    distinct = pairs.unique().drop_nulls()
    due = [end_of_day(nth_working_day_after(d, int(n)), tz) for d, n in distinct.iter_rows()]
    table = distinct.with_columns(pl.Series("due_at", due, dtype=pl.Datetime("us")))
    joined = pairs.join(table, on=["local_date", "n"], how="left", maintain_order="left")
    return joined["due_at"]
