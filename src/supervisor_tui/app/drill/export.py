"""Write the list on screen to a CSV file (the `e` key)."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

import polars as pl

from supervisor_tui.errors import UserError


def slug(name: str) -> str:
    """``999 calls 14:00`` -> ``999-calls-14-00``: safe in a file name on every platform."""
    text = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return text or "list"


def export_path(directory: Path, name: str, stamp: datetime) -> Path:
    """``supervisor-tui-<list>-<YYYYmmdd-HHMMSS>.csv`` in ``directory``, never an existing file."""
    base = f"supervisor-tui-{slug(name)}-{stamp:%Y%m%d-%H%M%S}"
    path = directory / f"{base}.csv"
    n = 2
    while path.exists():
        path = directory / f"{base}-{n}.csv"
        n += 1
    return path


def write_csv(frame: pl.DataFrame, path: Path) -> Path:
    """Write ``frame`` (all text columns) to ``path`` whole or not at all."""
    directory = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=".supervisor-tui-", suffix=".csv.part", dir=directory)
    except OSError as exc:
        raise UserError(
            f"cannot write the export in {directory}: {exc.strerror or exc}; "
            f"start supervisor-tui from a folder you can write to"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            frame.write_csv(handle)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot write the export {path}: {exc.strerror or exc}") from None
    return path


def export_list(
    frame: pl.DataFrame, name: str, stamp: datetime, directory: Path | None = None
) -> Path:
    """Write ``frame`` to a new CSV named after the list and ``stamp`` (local time)."""
    folder = Path.cwd() if directory is None else directory
    return write_csv(frame, export_path(folder, name, stamp))
