"""Errors and safe display of input values in one-line messages."""

from __future__ import annotations

import re

import polars as pl

from supervisor_tui.errors import UserError

#: C0 and C1 control characters (tab, line feed and carriage return included).
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_PATTERN = r"[\x00-\x1f\x7f-\x9f]"
SHOW_MAX = 40


class UnusableInput(UserError):
    """A whole input cannot be loaded (unknown table, empty, wrong header, bad encoding...).

    Nothing from any input of the command is written; exit status 2.
    """

    exit_code = 2


def show(value: object) -> str:
    """A value quoted for a one-line message: control characters escaped, long text cut."""
    text = str(value)
    cut = len(text) > SHOW_MAX
    text = text[:SHOW_MAX]
    text = _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return "'" + text.replace("'", "\\'") + ("…'" if cut else "'")


def show_expr(column: str) -> pl.Expr:
    """Vectorised :func:`show`: the value cut to 40 characters, control characters as '?'."""
    value = pl.col(column).cast(pl.String)
    return pl.concat_str(
        pl.lit("'"),
        value.str.slice(0, SHOW_MAX).str.replace_all(CONTROL_PATTERN, "?"),
        pl.when(value.str.len_chars() > SHOW_MAX).then(pl.lit("…'")).otherwise(pl.lit("'")),
    )
