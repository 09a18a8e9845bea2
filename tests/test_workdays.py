"""Working-day deadlines of the Victims' Code, hand-computed against the 2026 calendar
(England and Wales bank holidays: Good Friday 3 April, Easter Monday 6 April, Christmas Day
Friday 25 December, Boxing Day observed Monday 28 December; BST from 29 March to 25 October).
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from supervisor_tui import workdays

LONDON = "Europe/London"


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert workdays.is_working_day(date(2026, 3, 6))  # a Friday
    assert not workdays.is_working_day(date(2026, 3, 7))  # Saturday
    assert not workdays.is_working_day(date(2026, 4, 3))  # Good Friday
    assert not workdays.is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not workdays.is_working_day(date(2026, 12, 28))  # Boxing Day (observed)


@pytest.mark.parametrize(
    ("decided", "n", "due"),
    [
        # Friday (GMT): 5 working days is the next Friday, due at its 24:00
        (datetime(2026, 3, 6, 10, 0), 5, datetime(2026, 3, 14, 0, 0)),
        # Friday, enhanced rights: the end of Monday
        (datetime(2026, 3, 6, 15, 0), 1, datetime(2026, 3, 10, 0, 0)),
        # Saturday: Monday is the first working day after it
        (datetime(2026, 3, 7, 9, 0), 1, datetime(2026, 3, 10, 0, 0)),
        # Thursday before Easter (BST): Friday and Monday are bank holidays
        (datetime(2026, 4, 2, 9, 0), 1, datetime(2026, 4, 7, 23, 0)),
        (datetime(2026, 4, 2, 9, 0), 5, datetime(2026, 4, 13, 23, 0)),
        # Christmas Eve: 25th (Friday), weekend and the 28th are off: Tuesday 29th
        (datetime(2026, 12, 24, 9, 0), 1, datetime(2026, 12, 30, 0, 0)),
        # 23:30 UTC on Thursday 4 June is 00:30 on Friday in London: the local date counts
        (datetime(2026, 6, 4, 23, 30), 1, datetime(2026, 6, 8, 23, 0)),
    ],
)
def test_deadline_is_the_end_of_the_nth_working_day_after_the_local_date(
    decided: datetime, n: int, due: datetime
) -> None:
    assert workdays.deadline(decided, n, LONDON) == due


def test_the_series_form_matches_and_keeps_nulls() -> None:
    started = pl.Series([datetime(2026, 3, 6, 10), None, datetime(2026, 4, 2, 9)])
    days = pl.Series([5, 1, 1])
    got = workdays.deadlines(started.cast(pl.Datetime("us")), days, LONDON).to_list()
    assert got == [datetime(2026, 3, 14), None, datetime(2026, 4, 7, 23)]


def test_n_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        workdays.nth_working_day_after(date(2026, 3, 6), 0)
