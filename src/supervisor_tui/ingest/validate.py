"""Vectorised validation: text values in, typed rows and a reason for every bad row out.

Every value is trimmed; an empty value is null. Per kind:

- timestamp: ISO 8601 date and time (``T`` or a space between), seconds and fractions
  optional; ``Z`` or an offset (``+01:00``, ``+0100``, ``+01``) is converted to UTC; no offset
  means UTC already;
- integer: whole number; boolean: true/false, t/f, yes/no, y/n, 1/0 (any case);
- double: a finite number; date: ``YYYY-MM-DD`` (or ``YYYY-MM`` for the first of the month);
- text: at most 200 characters for identifiers and codes, 10,000 for prose; no control
  characters (prose may hold tabs and line breaks).

Domain rules (``tables``) follow: allowed values, ranges, time order, columns set or empty
by kind (bail's ``ends_at``), exclusive pairs, and no key repeated within one file. Rules that
need the database (references) are checked by the loader.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from supervisor_tui.ingest import tables
from supervisor_tui.ingest.errors import show_expr
from supervisor_tui.ingest.reader import RawInput
from supervisor_tui.ingest.tables import Column, TableSpec

_TS_RE = (
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ]([0-9]{2}:[0-9]{2})(:[0-9]{2}(?:[.,][0-9]{1,9})?)?"
    r"[ ]?(?:([Zz])|([+-])([0-9]{2}):?([0-9]{2})?)?$"
)
_ID_CONTROL = r"[\x00-\x1f\x7f-\x9f]"
_TEXT_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")
_POLARS_TYPES: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(),
    "TIMESTAMP": pl.Datetime("us"),
    "SMALLINT": pl.Int16(),
    "INTEGER": pl.Int32(),
    "BIGINT": pl.Int64(),
    "BOOLEAN": pl.Boolean(),
    "DOUBLE": pl.Float64(),
    "DATE": pl.Date(),
}
_TS_DISPLAY = "%Y-%m-%dT%H:%M:%SZ"
#: Dates and times must fall in these years.
YEARS = (1900, 2199)
_TS_EXAMPLE = "2024-03-01T14:05:00Z"


def reason_column(spec: TableSpec) -> str:
    """The rejects' column for the reason: ``reason``, or ``reject_reason`` for a table with
    a column of its own called ``reason`` (abstractions)."""
    return "reject_reason" if "reason" in spec.names else "reason"


@dataclass
class Validated:
    """Rows that passed (typed, schema order, plus ``_line``) and rows rejected."""

    valid: pl.DataFrame
    rejects: pl.DataFrame  # _line, reason (see reason_column), then the row's values as read

    def reject_where(self, reason: pl.Series, raw: pl.DataFrame) -> Validated:
        """Move valid rows with a non-null ``reason`` (aligned with ``valid``) to rejects."""
        bad = reason.is_not_null()
        if not bad.any():
            return self
        name = self.rejects.columns[1]
        lines = self.valid.filter(bad).select("_line", reason.filter(bad).alias(name))
        moved = lines.join(raw, on="_line", how="left").select(self.rejects.columns)
        return Validated(
            valid=self.valid.filter(~bad),
            rejects=pl.concat([self.rejects, moved]).sort("_line"),
        )


def polars_type(column: Column) -> pl.DataType:
    return _POLARS_TYPES[column.sql_type]


# --- per-kind parsers: (parsed values, reason or null) -------------------------------------


def _parse_timestamp(values: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    # Each form is tried on what the previous ones left: first the common exports
    # (``2024-03-01T14:05:00Z``, ``2024-03-01 14:05:00``), then general ISO 8601.
    plain = pl.select(
        pl.when(values.str.len_bytes() == 20).then(
            values.str.to_datetime("%Y-%m-%dT%H:%M:%SZ", strict=False, time_unit="us")
        )
    ).to_series()
    parsed = plain
    for parse in (_parse_timestamp_19, _parse_timestamp_slow):
        left = values.is_not_null() & parsed.is_null()
        if not left.any():
            break
        index = left.arg_true()
        parsed = parsed.scatter(index, parse(values.gather(index)))
    reason = _reason(
        values.is_not_null() & parsed.is_null(),
        values,
        f"{name} ",
        f" is not an ISO 8601 date and time; use e.g. {_TS_EXAMPLE}",
    )
    return parsed.alias(name), _with_year_check(parsed, values, name, reason)


def _with_year_check(
    parsed: pl.Series, values: pl.Series, name: str, reason: pl.Series
) -> pl.Series:
    """Add a reason for a date outside the years ``YEARS`` (a slip of the keyboard)."""
    year = parsed.dt.year()
    outside = (parsed.is_not_null() & ((year < YEARS[0]) | (year > YEARS[1]))).fill_null(False)
    if not outside.any():
        return reason
    extra = _reason(outside, values, f"{name} ", f" is outside the years {YEARS[0]}–{YEARS[1]}")
    return pl.select(pl.coalesce(reason, extra)).to_series()


def _parse_timestamp_19(values: pl.Series) -> pl.Series:
    """``2024-03-01 14:05:00`` or ``2024-03-01T14:05:00``."""
    return pl.select(
        pl.when(values.str.len_bytes() == 19).then(
            values.str.replace(" ", "T", literal=True, n=1).str.to_datetime(
                "%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us"
            )
        )
    ).to_series()


def _parse_timestamp_slow(values: pl.Series) -> pl.Series:
    """The general ISO 8601 form: fractions, ``Z`` or an offset, converted to UTC."""
    groups = (
        pl.DataFrame({"v": values})
        .select(pl.col("v").str.extract_groups(_TS_RE).alias("g"))
        .unnest("g")
    )
    groups.columns = ["date", "hm", "sec", "z", "sign", "oh", "om"]
    hours = pl.col("oh").cast(pl.Int32, strict=False)
    minutes = pl.col("om").cast(pl.Int32, strict=False).fill_null(0)
    offset_ok = hours.is_null() | ((hours <= 23) & (minutes <= 59))
    offset = pl.when(pl.col("sign") == "-").then(-1).otherwise(1) * (
        hours.fill_null(0) * 60 + minutes
    )
    local = pl.concat_str(
        "date",
        pl.lit(" "),
        "hm",
        pl.col("sec").fill_null(":00").str.replace(",", ".", literal=True),
    ).str.to_datetime("%Y-%m-%d %H:%M:%S%.f", strict=False, time_unit="us")
    return groups.select(
        pl.when(offset_ok).then(local - pl.duration(minutes=offset)).alias("ts")
    ).to_series()


def _reason(bad: pl.Series, values: pl.Series, before: str, after: str) -> pl.Series:
    """``before + 'value' + after`` where ``bad``, else null."""
    return (
        pl.DataFrame({"v": values, "bad": bad})
        .select(
            pl.when(pl.col("bad")).then(
                pl.concat_str(pl.lit(before), show_expr("v"), pl.lit(after))
            )
        )
        .to_series()
    )


def _parse_integer(values: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    ok = values.str.contains(r"^[+-]?[0-9]{1,9}$").fill_null(False)
    parsed = pl.select(pl.when(ok).then(values.cast(pl.Int64, strict=False))).to_series()
    bad = values.is_not_null() & parsed.is_null()
    return parsed.alias(name), _reason(bad, values, f"{name} ", " is not a whole number")


def _parse_boolean(values: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    lowered = values.str.to_lowercase()
    parsed = pl.select(
        pl.when(lowered.is_in(_TRUE)).then(True).when(lowered.is_in(_FALSE)).then(False)
    ).to_series()
    bad = values.is_not_null() & parsed.is_null()
    return parsed.alias(name), _reason(bad, values, f"{name} ", " is not true or false")


def _parse_double(values: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    parsed = values.cast(pl.Float64, strict=False)
    parsed = pl.select(pl.when(parsed.is_finite()).then(parsed)).to_series()
    bad = values.is_not_null() & parsed.is_null()
    return parsed.alias(name), _reason(bad, values, f"{name} ", " is not a finite number")


def _parse_date(values: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    full = values.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").fill_null(False)
    month = values.str.contains(r"^[0-9]{4}-[0-9]{2}$").fill_null(False)
    text = pl.select(pl.when(full).then(values).when(month).then(values + "-01")).to_series()
    parsed = text.str.to_date("%Y-%m-%d", strict=False)
    bad = values.is_not_null() & parsed.is_null()
    reason = _reason(bad, values, f"{name} ", " is not a date; use YYYY-MM-DD")
    return parsed.alias(name), _with_year_check(parsed, values, name, reason)


def _check_text(values: pl.Series, column: Column) -> tuple[pl.Series, list[pl.Series]]:
    name = column.name
    limit = column.max_chars
    length = values.str.len_chars()
    too_long = (length > limit).fill_null(False)
    long_reason = pl.select(
        pl.when(too_long).then(
            pl.format(f"{name} has {{}} characters; at most {limit:,} are allowed", length)
        )
    ).to_series()
    pattern = _TEXT_CONTROL if column.free_text else _ID_CONTROL
    control = values.str.contains(pattern).fill_null(False) & ~too_long
    hint = "" if column.free_text else ", tab or line break"
    control_reason = pl.select(
        pl.when(control).then(
            pl.lit(
                f"{name} contains a control character{hint} (such as a terminal escape); remove it"
            )
        )
    ).to_series()
    return values, [long_reason, control_reason]


_PARSERS = {
    "timestamp": _parse_timestamp,
    "integer": _parse_integer,
    "boolean": _parse_boolean,
    "double": _parse_double,
    "date": _parse_date,
}


# --- the table -----------------------------------------------------------------------------


def validate(raw: RawInput, spec: TableSpec) -> Validated:
    """Parse and check every row of ``raw`` against ``spec`` (all checks but area codes)."""
    frame = raw.frame
    reasons: list[pl.Series] = []
    typed: dict[str, pl.Series] = {}
    for column in spec.columns:
        values = frame[column.name].str.strip_chars()
        values = pl.select(pl.when(values != "").then(values)).to_series().alias(column.name)
        if (spec.name, column.name) in tables.LOWERCASE:
            values = values.str.to_lowercase()
        if column.required:
            reasons.append(
                pl.select(
                    pl.when(values.is_null()).then(
                        pl.lit(f"{column.name} is empty; it is required")
                    )
                ).to_series()
            )
        if column.kind == "text":
            parsed, more = _check_text(values, column)
            reasons.extend(more)
        else:
            parsed, reason = _PARSERS[column.kind](values, column.name)
            reasons.append(reason)
        typed[column.name] = parsed
    out = pl.DataFrame(typed)
    reasons.extend(_domain_reasons(out, spec))
    reason = _combine(frame["_problem"], reasons)
    out = out.with_columns(_line=frame["_line"])
    dup = _duplicate_reasons(out, spec, raw.unit)
    if dup is not None:
        reason = _combine(frame["_problem"], [reason, dup])
    bad = reason.is_not_null()
    valid = out.filter(~bad) if bad.any() else out
    valid = valid.with_columns(pl.col(c.name).cast(polars_type(c)) for c in spec.columns)
    rejects = frame.filter(bad).select(
        pl.col("_line"), reason.filter(bad).alias(reason_column(spec)), *spec.names
    )
    return Validated(valid=valid, rejects=rejects)


def _combine(problem: pl.Series, reasons: list[pl.Series]) -> pl.Series:
    """One reason per row: the structural problem alone, else every check that failed."""
    reasons = [r for r in reasons if r.null_count() < r.len()]
    if reasons:
        joined = (
            pl.DataFrame({f"r{i}": r for i, r in enumerate(reasons)})
            .select(pl.concat_str(pl.all(), separator="; ", ignore_nulls=True))
            .to_series()
        )
    else:
        joined = pl.Series("reason", [None] * problem.len(), dtype=pl.String)
    if problem.null_count() == problem.len() and not reasons:
        return joined.alias("reason")
    return pl.select(
        pl.when(problem.is_not_null()).then(problem).when(joined != "").then(joined).alias("reason")
    ).to_series()


def _domain_reasons(out: pl.DataFrame, spec: TableSpec) -> list[pl.Series]:
    exprs: list[pl.Expr] = []
    for column in spec.columns:
        key = (spec.name, column.name)
        col = pl.col(column.name)
        if key in tables.ENUMS:
            allowed = tables.ENUMS[key]
            exprs.append(
                pl.when(col.is_not_null() & ~col.is_in(allowed)).then(
                    pl.concat_str(
                        pl.lit(f"{column.name} "),
                        show_expr(column.name),
                        pl.lit(f" is not one of {', '.join(allowed)}"),
                    )
                )
            )
        if key in tables.INT_RANGES:
            low, high = tables.INT_RANGES[key]
            exprs.append(
                pl.when(col.is_not_null() & ~col.is_between(low, high)).then(
                    pl.format(f"{column.name} {{}} is outside {low}–{high}", col)
                )
            )
        if key in tables.FLOAT_RANGES:
            low_f, high_f = tables.FLOAT_RANGES[key]
            exprs.append(
                pl.when(col.is_not_null() & ~col.is_between(low_f, high_f)).then(
                    pl.format(f"{column.name} {{}} is outside {low_f:g} to {high_f:g}", col)
                )
            )
        if spec.name == "street_crimes" and column.name == "month":
            exprs.append(
                pl.when(col.dt.day() != 1).then(
                    pl.format("month {} is not the first day of a month; use YYYY-MM", col)
                )
            )
    for rule in tables.ORDERS.get(spec.name, ()):
        later, earlier = pl.col(rule.later), pl.col(rule.earlier)
        broken = (later <= earlier) if rule.strict else (later < earlier)
        word = "not after" if rule.strict else "before"
        exprs.append(
            pl.when(broken).then(
                pl.format(
                    f"{rule.later} {{}} is {word} {rule.earlier} {{}}",
                    later.dt.strftime(_TS_DISPLAY),
                    earlier.dt.strftime(_TS_DISPLAY),
                )
            )
        )
    for rule in tables.SET_WHEN.get(spec.name, ()):
        value, kind = pl.col(rule.column), pl.col(rule.kind_column)
        exprs.append(
            pl.when(value.is_null() & kind.is_in(rule.set_for)).then(
                pl.format(
                    f"{rule.column} is empty for {rule.kind_column} {{}}; {rule.why_set}", kind
                )
            )
        )
        exprs.append(
            pl.when(value.is_not_null() & kind.is_in(rule.empty_for)).then(
                pl.format(
                    f"{rule.column} {{}} is set for {rule.kind_column} {{}}; {rule.why_empty}",
                    value.dt.strftime(_TS_DISPLAY),
                    kind,
                )
            )
        )
    for first, second in tables.EXCLUSIVE.get(spec.name, ()):
        exprs.append(
            pl.when(pl.col(first).is_not_null() & pl.col(second).is_not_null()).then(
                pl.lit(f"both {first} and {second} are set; only one of them may be")
            )
        )
    if not exprs:
        return []
    result = out.select([e.alias(f"d{i}") for i, e in enumerate(exprs)])
    return [result[name] for name in result.columns]


def _duplicate_reasons(out: pl.DataFrame, spec: TableSpec, unit: str) -> pl.Series | None:
    """A reason for every row whose key appears on more than one row of the file."""
    key = list(spec.key)
    keyed = out.select(*key, "_line").with_row_index("_i")
    keyed = keyed.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in key))
    keyed = keyed.filter(keyed.select(key).is_duplicated())
    if keyed.height == 0:
        return None
    groups = keyed.group_by(key).agg(
        _lines=pl.col("_line").sort().head(5).cast(pl.String).str.join(", "),
        _count=pl.len(),
    )
    if len(key) == 1 and spec.column(key[0]).kind == "text":
        label = pl.concat_str(pl.lit(f"{key[0]} "), show_expr(key[0]))
    else:
        label = pl.lit(f"key {spec.key_text()}")
    rows = keyed.join(groups, on=key, how="left", nulls_equal=False).select(
        "_i",
        pl.format(
            f"{{}} repeats on {unit}s {{}}{{}}; keep one row per key in a file",
            label,
            "_lines",
            pl.when(pl.col("_count") > 5)
            .then(pl.format(" and {} more", pl.col("_count") - 5))
            .otherwise(pl.lit("")),
        ).alias("_dup"),
    )
    full = pl.DataFrame({"_i": pl.int_range(0, out.height, eager=True, dtype=pl.UInt32)})
    return full.join(rows, on="_i", how="left").sort("_i")["_dup"]
