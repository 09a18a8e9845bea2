"""Writing a list to a file: safe to open in a spreadsheet, and whole or not at all.

CSV (formula) injection: a spreadsheet treats a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula, so a suspect's name such as
``=HYPERLINK("http://…","x")`` or ``+cmd|' /C calc'!A0`` would become a live link or command
when a supervisor opens the export. As OWASP's *CSV Injection* page recommends, such a cell is
written with a single quote in front (``'=HYPERLINK(…)``): the spreadsheet shows the text and
never evaluates it (quotes and commas inside are escaped by the CSV writer as usual).

One exception, by decision: a plain negative number as the dashboard writes numbers
(``-3``, ``-1,234``, ``-12.5``) stays as it is, so a spreadsheet still reads it as a number.
A number alone cannot call a function or open a link; anything more (``-2+3``, ``-1e3``,
``-5 min 00 s``) is quoted like any other cell that starts with ``-``.

Parquet cells are typed data, never evaluated as formulas, so :func:`write_parquet` writes
the values unchanged. Whoever turns a Parquet file into a spreadsheet can use
:func:`neutralise_frame` on it first.

No Textual here: the dashboard and the headless side share it.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import polars as pl

from supervisor_tui.errors import UserError

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: A plain negative number as the dashboard writes one: ``-3``, ``-1,234``, ``-12.5``.
NEGATIVE_NUMBER = r"-(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NEGATIVE_NUMBER = re.compile(NEGATIVE_NUMBER)
_RISKY_START = r"^[=+\-@\t\r]"  # FORMULA_START as a pattern


def neutralise(text: str) -> str:
    """``text`` made inert in a spreadsheet: ``'`` in front when it could start a formula."""
    if text.startswith(FORMULA_START) and not _NEGATIVE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def neutralise_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`neutralise` as a polars expression over a text column (nulls stay null)."""
    risky = expr.str.contains(_RISKY_START) & ~expr.str.contains(f"^{NEGATIVE_NUMBER}$")
    return pl.when(risky).then(pl.lit("'") + expr).otherwise(expr)


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text column neutralised (other columns unchanged)."""
    names = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(neutralise_expr(pl.col(name)).alias(name) for name in names)


def write_whole(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write ``path`` through ``write`` into a temporary file beside it, then rename it into
    place: a reader (or a crash) never sees half a file, and a failure leaves nothing. The
    file gets the usual permissions (as any file the user creates, after the umask)."""
    directory = path.parent
    tmp = directory / f".{path.name}.{secrets.token_hex(4)}.part"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise UserError(
            f"cannot write the export in {directory}: {exc.strerror or exc}; "
            f"start supervisor-tui from a folder you can write to"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write the export {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_csv(frame: pl.DataFrame, path: Path) -> Path:
    """Write ``frame`` to ``path`` as CSV, every text cell neutralised (see the module)."""
    safe = neutralise_frame(frame)
    return write_whole(path, safe.write_csv)


def write_parquet(frame: pl.DataFrame, path: Path) -> Path:
    """Write ``frame`` to ``path`` as Parquet, values and types unchanged."""
    return write_whole(path, frame.write_parquet)
