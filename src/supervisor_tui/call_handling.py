"""What the control-room lead needs beyond the headline call figures: 999 and 101 per call
handler, every caller waiting now (longest first) and the hourly rows' status.

Every figure here uses exactly the definitions of ``queries/calls_summary.sql`` (both read
``queries/calls_classified.sql``), so a line's per-handler rows sum to its summary counts and
the hourly statuses are the panel's rule applied to one hour. Definitions:
docs/call-handling.md. No Textual here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import polars as pl

from supervisor_tui import status
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.scope import Scope

LINES = ("999", "101")
#: The counts that add up across handlers to the line's summary.
COUNTS = ("presented", "answered", "abandoned", "waiting", "answered_within_10s", "target_base")
#: The earliest time a call can have been presented: the waiting-now list reads every call.
EVER = datetime(1, 1, 1)
HOUR = timedelta(hours=1)
#: A part hour's mark: the hour is cut by the window's start or is the current hour.
PART = "part"


def _line(line: str) -> str:
    if line not in LINES:
        raise ValueError(f"unknown call line {line!r}; lines: {', '.join(LINES)}")
    return line


def by_handler(session: Session, scope: Scope, line: str | None = None) -> pl.DataFrame:
    """One row per line and call handler (``handler_id``; null for calls no one handled):
    ``collar_number`` and ``name`` from the officers table where it has the handler, then
    presented, answered, abandoned, waiting, answered_within_10s, target_base,
    answered_within_10s_pct, abandoned_pct and mean_answer_s — the summary's figures for
    that handler's calls. ``line`` keeps one line's rows; busiest handler first, the calls
    without a handler last."""
    frame = session.query("calls_by_handler", scope.params(by_handler=True))
    if line is not None:
        frame = frame.filter(pl.col("line") == _line(line))
    return frame.sort(
        [pl.col("line") == "101", pl.col("handler_id").is_null(), "presented", "handler_id"],
        descending=[False, False, True, False],
        maintain_order=True,
    )


def waiting_now(session: Session, scope: Scope, line: str | None = None) -> pl.DataFrame:
    """Every call still waiting at T, whenever it was presented (the ``waiting_now`` figure of
    docs/metrics.md: presented before T, neither answered nor abandoned by T), longest wait
    first; ``waiting_s`` is T − presented_at in seconds."""
    everything = scope.params(window_start=EVER)
    frame = session.query("calls_classified", everything).filter(pl.col("status") == "waiting")
    if line is not None:
        frame = frame.filter(pl.col("line") == _line(line))
    return frame.sort(["waiting_s", "call_id"], descending=[True, False], nulls_last=True)


def hour_status(line: str, pct: float | None, t: Thresholds) -> status.Status:
    """The status of one hour's figure, by the rule the line's panel uses for the window."""
    if _line(line) == "999":
        return status.calls_999(pct, t)
    return status.calls_101(pct, t)


def part_hour(hour: datetime, scope: Scope) -> bool:
    """True when the hour starting at ``hour`` is only partly in the window: cut by the
    window's start, or not yet over at T (the current hour)."""
    return hour < scope.window_start or hour + HOUR > scope.as_of


Rule = Callable[[float | None, Thresholds], status.Status]


def mark_hours(frame: pl.DataFrame, scope: Scope, figure: str, rule: Rule) -> pl.DataFrame:
    """``frame`` (rows with an ``hour`` column) with ``hour_status`` (the status word of
    ``rule(value of figure, thresholds)``: BREACH, NEAR, OK or NO DATA) and ``part_hour``
    (see :func:`part_hour`)."""
    t = scope.thresholds
    values = frame[figure].to_list() if frame.height else []
    hours = frame["hour"].to_list() if frame.height else []
    words = [rule(v, t).label for v in values]
    parts = [part_hour(h, scope) for h in hours]
    return frame.with_columns(
        pl.Series("hour_status", words, dtype=pl.String),
        pl.Series("part_hour", parts, dtype=pl.Boolean),
    )


def calls_hours(frame: pl.DataFrame, scope: Scope, line: str) -> pl.DataFrame:
    """A line's by-hour summary rows marked with their status and part hours."""
    figure = "answered_within_10s_pct" if _line(line) == "999" else "abandoned_pct"

    def rule(value: float | None, t: Thresholds) -> status.Status:
        return hour_status(line, value, t)

    return mark_hours(frame, scope, figure, rule)


def attendance_hours(frame: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    """Attendance by-hour rows (``late_pct`` per grade) marked with their status and part
    hours."""
    return mark_hours(frame, scope, "late_pct", status.attendance_late)
