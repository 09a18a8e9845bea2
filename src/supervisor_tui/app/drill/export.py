"""Write the list on screen to a file (the `e` key): CSV or Parquet.

Both hold the whole filtered, sorted list (not only the rows shown), in the order shown,
under the column labels shown. The CSV holds the text of each cell as on screen, with
formula-like cells neutralised (:mod:`supervisor_tui.export`). The Parquet file holds typed
values: numbers as numbers, durations as durations, times as time-zone-aware timestamps in the
display time zone, yes/no as booleans, text as shown, and a blank cell as null.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import polars as pl

from supervisor_tui.errors import UserError
from supervisor_tui.export import write_csv, write_parquet

__all__ = ["FORMATS", "export_list", "export_path", "slug", "write_csv", "write_parquet"]

#: Export formats: key -> (file suffix, what the picker says about it).
FORMATS: dict[str, tuple[str, str]] = {
    "csv": (".csv", "for a spreadsheet, the text as shown"),
    "parquet": (".parquet", "for analysis tools, typed values"),
}


def slug(name: str) -> str:
    """``999 calls 14:00`` -> ``999-calls-14-00``: safe in a file name on every platform."""
    text = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return text or "list"


def export_path(directory: Path, name: str, stamp: datetime, suffix: str = ".csv") -> Path:
    """``supervisor-tui-<list>-<YYYYmmdd-HHMMSS><suffix>`` in ``directory``, never an
    existing file."""
    base = f"supervisor-tui-{slug(name)}-{stamp:%Y%m%d-%H%M%S}"
    path = directory / f"{base}{suffix}"
    n = 2
    while path.exists():
        path = directory / f"{base}-{n}{suffix}"
        n += 1
    return path


def export_list(
    frame: pl.DataFrame,
    name: str,
    stamp: datetime,
    directory: Path | None = None,
    fmt: str = "csv",
) -> Path:
    """Write ``frame`` to a new file named after the list and ``stamp`` (local time) in
    ``directory`` (the current folder when None), as ``fmt`` (a key of :data:`FORMATS`)."""
    suffix, _about = FORMATS[fmt]
    if directory is None:
        try:
            directory = Path.cwd()
        except FileNotFoundError:
            raise UserError(
                "cannot write the export: the current folder has gone (removed or moved); "
                "start supervisor-tui from a folder you can write to"
            ) from None
    folder = directory
    path = export_path(folder, name, stamp, suffix)
    return write_csv(frame, path) if fmt == "csv" else write_parquet(frame, path)
