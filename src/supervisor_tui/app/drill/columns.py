"""Columns of the drill-down tables and how their values are shown as text.

The same text is shown in the table, matched by the `/` filter and written to the CSV export,
so an export always equals the list on screen. Nothing here computes a figure: it only formats
the values the core returned. Numbers, durations and times sort by their value, whatever the
text says (``6 min 40 s`` sorts after ``59 s``).

Dates are always ISO (``2026-11-25 14:00``, a four-digit year first), never ``25 Nov 26``;
on a narrow screen a list may show them compactly (:func:`compact`): ``07:00`` on the as-of
day, ``Mon 07:00`` in the six days before it, ``02 Mar 07:00`` otherwise in the same year.
The filter and the export always use the full ISO text.

Each column has a ``priority`` (:data:`KEEP` … :data:`LOW`): when a list does not fit its
width, the lowest-priority columns are left out first (the rightmost of them first) and the
``KEEP`` ones (the id, the status or due time, the figure) never are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from supervisor_tui.timeutil import to_local

#: How a value is shown. Numbers, durations and times sort by value, text by its (lower-case)
#: text. ``duration_s``/``duration_min``: a number of seconds/minutes shown as ``35 s``,
#: ``6 min 40 s``, ``1 h 05 min`` or ``3 d 04 h`` (as on the home screen).
KINDS = (
    "text", "int", "dec1", "duration_s", "duration_min",
    "time", "time_s", "hour", "flag", "yesno",
)  # fmt: skip
NUMERIC_KINDS = ("int", "dec1", "duration_s", "duration_min")
#: Seconds in one unit of each duration kind.
_DURATION_UNIT = {"duration_s": 1, "duration_min": 60}
_TIME_FORMATS = {"time": "%Y-%m-%d %H:%M", "time_s": "%Y-%m-%d %H:%M:%S", "hour": "%Y-%m-%d %H:00"}
#: The clock part of each time kind, for the compact text.
_CLOCK_FORMATS = {"time": "%H:%M", "time_s": "%H:%M:%S", "hour": "%H:00"}
#: Column priorities: never left out, then the order they are left out in (LOW first).
KEEP, HIGH, NORMAL, LOW = 0, 1, 2, 3
KEY = "__key"
#: True/False, the same in lists, records, the `/` filter and the CSV ("" when unknown); a
#: ``flag`` column (something needing attention) shows its "yes" in bold on screen.
YES = "yes"
NO = "no"


@dataclass(frozen=True)
class Col:
    """One visible column: the core's column ``key`` shown under ``label``."""

    key: str
    label: str
    kind: str = "text"
    personal: bool = False
    #: :data:`KEEP` (never left out on a narrow screen), :data:`HIGH`, :data:`NORMAL` or
    #: :data:`LOW` (left out first).
    priority: int = NORMAL
    #: A column of the core's frame with this column's compact text (e.g. ``13:00`` for an
    #: hour label); rows where it is null show the full text.
    short: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.priority not in (KEEP, HIGH, NORMAL, LOW):
            raise ValueError(f"unknown column priority {self.priority!r}")

    @property
    def is_time(self) -> bool:
        """A date and time (shown compactly on a narrow screen)."""
        return self.kind in _TIME_FORMATS

    @property
    def has_compact(self) -> bool:
        """Has a compact text for narrow screens: a time, or a ``short`` column."""
        return self.is_time or self.short is not None

    @property
    def numeric(self) -> bool:
        """Right-aligned: numbers and durations."""
        return self.kind in NUMERIC_KINDS

    @property
    def by_value(self) -> bool:
        """Sort by the raw value (numbers, times) rather than by the shown text."""
        return self.kind not in ("text", "flag", "yesno")


def shown(i: int) -> str:
    """Name of the display-text column for visible column ``i`` in a view frame."""
    return f"c{i}"


def sort_key(i: int) -> str:
    return f"s{i}"


def compact(i: int) -> str:
    """Name of the compact display text of time column ``i`` in a view frame."""
    return f"k{i}"


def compact_time(src: pl.Expr, kind: str, tz: str, today: date) -> pl.Expr:
    """A naive-UTC time as ``07:00`` on ``today`` (a local date), ``Mon 07:00`` in the six
    days before it, ``02 Mar 07:00`` in the same year, else the full ISO text (``kind`` is
    ``time``, ``time_s`` or ``hour``)."""
    local = src.dt.replace_time_zone("UTC").dt.convert_time_zone(tz)
    clock = _CLOCK_FORMATS[kind]
    day = local.dt.date()
    week_ago = today - timedelta(days=6)
    expr = (
        pl.when(day == today)
        .then(local.dt.strftime(clock))
        .when((day >= week_ago) & (day < today))
        .then(local.dt.strftime(f"%a {clock}"))
        .when(local.dt.year() == today.year)
        .then(local.dt.strftime(f"%d %b {clock}"))
        .otherwise(local.dt.strftime(_TIME_FORMATS[kind]))
    )
    return expr.fill_null("")


def _compact_expr(col: Col, i: int, dtype: pl.DataType, tz: str, today: date | None) -> pl.Expr:
    if col.short is not None:
        return pl.coalesce(pl.col(col.short).cast(pl.String), pl.col(shown(i)))
    if dtype == pl.Null or today is None:
        return pl.col(shown(i))
    return compact_time(pl.col(col.key), col.kind, tz, today)


def _text_expr(col: Col, dtype: pl.DataType, tz: str) -> pl.Expr:
    src = pl.col(col.key)
    if dtype == pl.Null:
        return pl.lit("", dtype=pl.String)
    if col.kind in _TIME_FORMATS:
        expr = (
            src.dt.replace_time_zone("UTC")
            .dt.convert_time_zone(tz)
            .dt.strftime(_TIME_FORMATS[col.kind])
        )
    elif col.kind == "int":
        number = src.cast(pl.Int64)
        sign = pl.when(number < 0).then(pl.lit("-")).otherwise(pl.lit(""))
        expr = pl.concat_str([sign, grouped(number.abs())])
    elif col.kind == "dec1":
        tenths = (src.cast(pl.Float64) * 10).round(0).cast(pl.Int64)
        whole = tenths.abs()
        sign = pl.when(tenths < 0).then(pl.lit("-")).otherwise(pl.lit(""))
        expr = pl.concat_str(
            [sign, grouped(whole // 10), pl.lit("."), (whole % 10).cast(pl.String)]
        )
    elif col.kind in _DURATION_UNIT:
        expr = duration_text(src.cast(pl.Float64) * _DURATION_UNIT[col.kind])
    elif col.kind in ("flag", "yesno"):
        expr = pl.when(src).then(pl.lit(YES)).when(~src).then(pl.lit(NO))  # unknown: ""
    else:
        expr = src.cast(pl.String)
    return expr.fill_null("")


def duration_text(seconds: pl.Expr) -> pl.Expr:
    """Seconds as ``35 s``, ``6 min 40 s``, ``1 h 05 min``, ``1 h``, ``3 d 04 h`` (from 48
    hours): :func:`supervisor_tui.fmt.duration_s` as a polars expression (rounded to the
    second, half to even; the smaller unit left out when it is zero; ``-`` when negative)."""
    rounded = seconds.round(0).cast(pl.Int64)
    whole = rounded.abs()
    sign = pl.when(rounded < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    minute, hour, day = 60, 3600, 86400

    def text(big: pl.Expr, small: pl.Expr, units: tuple[str, str]) -> pl.Expr:
        head = pl.concat_str([sign, big.cast(pl.String), pl.lit(f" {units[0]}")])
        tail = pl.concat_str(
            [pl.lit(" "), small.cast(pl.String).str.zfill(2), pl.lit(f" {units[1]}")]
        )
        return pl.when(small == 0).then(head).otherwise(pl.concat_str([head, tail]))

    return (
        pl.when(whole < minute)
        .then(pl.concat_str([sign, whole.cast(pl.String), pl.lit(" s")]))
        .when(whole < hour)
        .then(text(whole // minute, whole % minute, ("min", "s")))
        .when(whole < 48 * hour)
        .then(text(whole // hour, whole % hour // minute, ("h", "min")))
        .otherwise(text(whole // day, whole % day // hour, ("d", "h")))
    )


def grouped(whole: pl.Expr) -> pl.Expr:
    """A non-negative whole number with thousands separators: ``1,306``, ``12,345,678``."""

    def group(divisor: int) -> pl.Expr:
        return ((whole // divisor) % 1000).cast(pl.String).str.zfill(3)

    def lead(divisor: int) -> pl.Expr:
        return (whole // divisor).cast(pl.String)

    comma = pl.lit(",")
    return (
        pl.when(whole < 1_000)
        .then(whole.cast(pl.String))
        .when(whole < 1_000_000)
        .then(pl.concat_str([lead(1_000), comma, group(1)]))
        .when(whole < 1_000_000_000)
        .then(pl.concat_str([lead(1_000_000), comma, group(1_000), comma, group(1)]))
        .otherwise(
            pl.concat_str(
                [lead(1_000_000_000), comma, group(1_000_000), comma, group(1_000), comma, group(1)]
            )
        )
    )


def _sort_expr(col: Col, i: int, dtype: pl.DataType) -> pl.Expr:
    if col.by_value and dtype != pl.Null:
        return pl.col(col.key)
    text = pl.col(shown(i))
    return pl.when(text == "").then(None).otherwise(text.str.to_lowercase())


def unique_keys(keys: Iterable[str]) -> list[str]:
    """Make row keys unique (a DataTable needs that) by suffixing repeats with #2, #3..."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for key in keys:
        count = seen.get(key, 0) + 1
        seen[key] = count
        out.append(key if count == 1 else f"{key}#{count}")
    return out


def carried(name: str) -> str:
    """Name of a raw column carried along (not shown) in a view frame, e.g. an id to open."""
    return f"x:{name}"


def view_frame(
    df: pl.DataFrame,
    cols: Sequence[Col],
    tz: str,
    key: str | None = None,
    carry: Sequence[str] = (),
    as_of: datetime | None = None,
) -> pl.DataFrame:
    """The core's frame as shown: ``__key``, text columns ``c0..`` and sort columns ``s0..``.

    ``key`` names the id column that keys each row (the row number when None); ``carry``
    names raw columns kept alongside (as ``x:<name>``) for opening a row. With ``as_of``
    (naive UTC) every time column also has its compact text ``k<i>`` (see
    :func:`_compact_expr`; "today" is the as-of time's local date).
    """
    missing = [c.key for c in cols if c.key not in df.columns]
    if missing:
        raise KeyError(f"columns missing from the list: {', '.join(missing)}")
    schema = df.schema
    texts = [_text_expr(c, schema[c.key], tz).alias(shown(i)) for i, c in enumerate(cols)]
    if key is None:
        keys = [str(n) for n in range(df.height)]
    else:
        keys = unique_keys("" if v is None else str(v) for v in df[key].to_list())
    out = df.with_columns(texts)
    sorts = [_sort_expr(c, i, schema[c.key]).alias(sort_key(i)) for i, c in enumerate(cols)]
    out = out.with_columns(sorts)
    out = out.with_columns(pl.col(name).alias(carried(name)) for name in carry)
    names = [shown(i) for i in range(len(cols))] + [sort_key(i) for i in range(len(cols))]
    names += [carried(name) for name in carry]
    today = None if as_of is None else to_local(as_of, tz).date()
    short = [i for i, c in enumerate(cols) if c.has_compact]
    out = out.with_columns(
        _compact_expr(cols[i], i, schema[cols[i].key], tz, today).alias(compact(i)) for i in short
    )
    names += [compact(i) for i in short]
    return out.select(names).with_columns(pl.Series(KEY, keys, dtype=pl.String))


def typed_values(view: pl.DataFrame, cols: Sequence[Col], tz: str) -> pl.DataFrame:
    """The values of a view frame with their types, under the column labels: numbers as
    numbers (unrounded), durations as durations, times as timestamps in ``tz``, yes/no as
    booleans and text as shown; a blank cell is null. Formatted with ``cols`` they give the
    shown text again."""
    exprs: list[pl.Expr] = []
    for i, col in enumerate(cols):
        text, raw = pl.col(shown(i)), pl.col(sort_key(i))
        raw_is_text = view.schema[sort_key(i)] == pl.String  # a column of nothing but nulls
        target: pl.DataType
        if col.kind == "int":
            target, expr = pl.Int64(), raw.cast(pl.Int64)
        elif col.kind == "dec1":
            target, expr = pl.Float64(), raw.cast(pl.Float64)
        elif col.kind in _DURATION_UNIT:
            micros = (raw.cast(pl.Float64) * (_DURATION_UNIT[col.kind] * 1_000_000)).round(0)
            target, expr = pl.Duration("us"), micros.cast(pl.Int64).cast(pl.Duration("us"))
        elif col.kind in _TIME_FORMATS:
            target = pl.Datetime("us", tz)
            expr = raw.dt.replace_time_zone("UTC").dt.convert_time_zone(tz).dt.cast_time_unit("us")
        elif col.kind in ("flag", "yesno"):
            target, raw_is_text = pl.Boolean(), False
            expr = pl.when(text == YES).then(True).when(text == NO).then(False)
        else:  # text as shown; nothing shown is unknown (null), as for the other types
            target, raw_is_text = pl.String(), False
            expr = pl.when(text != "").then(text)
        if raw_is_text:
            expr = pl.lit(None, dtype=target)
        exprs.append(expr.cast(target).alias(col.label))
    return view.select(exprs)


def text_rows(view: pl.DataFrame, names: Sequence[str]) -> list[tuple[str, list[str]]]:
    """(row key, texts of the columns ``names``) for every row of a view frame."""
    keys = view[KEY].to_list()
    cells = view.select(names).rows()
    return [(k, list(row)) for k, row in zip(keys, cells, strict=True)]


def record_text(row: dict[str, Any], cols: Sequence[Col], tz: str) -> list[tuple[str, str]]:
    """(label, shown text) for the fields of one record, formatted like the lists."""
    present = [c for c in cols if c.key in row]
    frame = pl.DataFrame([{c.key: row[c.key] for c in present}])
    view = view_frame(frame, present, tz)
    values = view.row(0)
    return [(c.label, values[i]) for i, c in enumerate(present)]
