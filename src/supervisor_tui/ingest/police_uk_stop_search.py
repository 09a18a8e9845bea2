"""Import data.police.uk stop-and-search CSVs into ``stop_searches``.

The monthly files (``YYYY-MM-<force>-stop-and-search.csv``) have the header ``Type, Date,
Part of a policing operation, Policing operation, Latitude, Longitude, Gender, Age range,
Self-defined ethnicity, Officer-defined ethnicity, Legislation, Object of search, Outcome,
Outcome linked to object of search, Removal of more than just outer clothing``. Mapping:

- ``search_id``: the file has no id, so ``pss-`` and the first 40 hex digits of the SHA-256
  of the fifteen fields as published plus the row's occurrence number among identical rows of
  its file (several people searched together give identical rows, each a search of its own):
  importing the same file again matches the same rows.
- ``searched_at``: ``Date`` (``+00:00``) in UTC; booleans ``True``/``False`` in any case, an
  empty value stays null (not false); other empty fields are null.
- ``area_code``: the files carry coordinates but no district. data.police.uk snaps crimes and
  searches to the same anonymised map points, so a search takes the area code of the street
  crimes already in the database at the same point (latitude and longitude to 6 decimals; the
  most frequent code there, ties to the smallest); no such point, or no coordinates: null.
  Import the street-level files first (a folder import does).
- The two policing-operation columns (always empty) are not kept; officer, grounds, BWV and
  review are the force's own fields and stay null.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from supervisor_tui.db import Database, missing_database_message
from supervisor_tui.errors import DatabaseError
from supervisor_tui.ingest.errors import UnusableInput
from supervisor_tui.ingest.load import (
    DEFAULT_LOCK_TIMEOUT,
    LoadReport,
)
from supervisor_tui.ingest.police_uk import import_files
from supervisor_tui.ingest.reader import RawInput
from supervisor_tui.ingest.store import Progress
from supervisor_tui.ingest.tables import spec

SEARCH_COLUMNS: tuple[str, ...] = (
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
)
RENAME = {
    "Type": "type",
    "Date": "searched_at",
    "Latitude": "latitude",
    "Longitude": "longitude",
    "Gender": "gender",
    "Age range": "age_range",
    "Self-defined ethnicity": "self_defined_ethnicity",
    "Officer-defined ethnicity": "officer_defined_ethnicity",
    "Legislation": "legislation",
    "Object of search": "object_of_search",
    "Outcome": "outcome",
    "Outcome linked to object of search": "outcome_linked",
    "Removal of more than just outer clothing": "removal_of_clothing",
}
SEARCH_GLOB = "*-stop-and-search.csv"
_SEP = "\x1f"


def is_stop_search(path: Path) -> bool:
    """Whether ``path`` is a CSV whose header is the stop-and-search one (any order)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(65_536).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    names = {part.strip().strip('"') for part in first.strip().split(",")}
    return names == set(SEARCH_COLUMNS)


def split_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(street-level inputs, stop-and-search files): a file goes by its header; a folder
    stands for its ``*-stop-and-search.csv`` files and, when it has any, its street files
    (left to the street importer as the folder itself)."""
    street: list[Path] = []
    searches: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob(SEARCH_GLOB) if p.is_file())
            searches.extend(found)
            if not found or any(path.rglob("*-street.csv")):
                street.append(path)
        elif path.is_file() and is_stop_search(path):
            searches.append(path)
        else:
            street.append(path)
    return street, searches


@dataclass
class SearchExtras:
    """Per file: rows given an area from a street-crime point, rows with no coordinates."""

    matched: int = 0
    no_location: int = 0


@dataclass
class StopSearchReport(LoadReport):
    extras: dict[Path, SearchExtras] = field(default_factory=dict)


def street_points(db_path: Path, lock_timeout: float) -> pl.DataFrame:
    """The area code of every street-crime map point in the database."""
    db = Database(db_path, retry_seconds=lock_timeout)
    try:
        with db.read() as session:
            return session.query("stop_search_street_points", {})
    finally:
        db.close()


def to_stop_searches(raw: RawInput, points: pl.DataFrame) -> tuple[RawInput, SearchExtras]:
    """The published columns as ``stop_searches`` text columns, with search_id and area."""
    joined = pl.concat_str([pl.col(c).fill_null("") for c in SEARCH_COLUMNS], separator=_SEP)
    keyed = raw.frame.with_columns(_all=joined).with_columns(
        _occ=pl.int_range(pl.len()).over("_all")
    )
    ids = [
        "pss-" + hashlib.sha256(f"{text}{_SEP}{occ}".encode()).hexdigest()[:40]
        for text, occ in keyed.select("_all", "_occ").iter_rows()
    ]
    empty_is_null = [
        pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c).str.strip_chars()).alias(c)
        for c in RENAME
    ]
    out = keyed.with_columns(empty_is_null).rename(RENAME)
    out = out.with_columns(
        pl.Series("search_id", ids, dtype=pl.String),
        _lat=pl.col("latitude").cast(pl.Float64, strict=False).round(6),
        _lon=pl.col("longitude").cast(pl.Float64, strict=False).round(6),
    )
    lookup = points.select(
        pl.col("latitude").cast(pl.Float64).alias("_lat"),
        pl.col("longitude").cast(pl.Float64).alias("_lon"),
        pl.col("area_code").cast(pl.String),
    )
    out = out.join(lookup, on=["_lat", "_lon"], how="left", maintain_order="left")
    names = spec("stop_searches").names
    present = [n for n in names if n in out.columns]
    out = out.with_columns(
        pl.lit(None, dtype=pl.String).alias(n) for n in names if n not in present
    )
    out = out.select(*names, "_line", "_problem")
    fine = out.filter(pl.col("_problem").is_null())
    extras = SearchExtras(
        matched=int(fine["area_code"].is_not_null().sum()),
        no_location=int((fine["latitude"].is_null() | fine["longitude"].is_null()).sum()),
    )
    return RawInput(raw.path, raw.kind, out, tuple(names)), extras


def import_stop_searches(
    db_path: Path,
    paths: Sequence[Path],
    *,
    rejects_dir: Path | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    progress: Progress | None = None,
) -> StopSearchReport:
    """Import stop-and-search files into ``stop_searches``, idempotently."""
    started = time.monotonic()
    if not db_path.exists():
        raise DatabaseError(missing_database_message(db_path))
    if not paths:
        raise UnusableInput("no stop-and-search files given")
    points = street_points(db_path, lock_timeout)
    return import_files(
        db_path,
        paths,
        StopSearchReport(table="stop_searches"),
        SEARCH_COLUMNS,
        "the data.police.uk stop-and-search format",
        lambda raw: to_stop_searches(raw, points),
        started=started,
        rejects_dir=rejects_dir,
        lock_timeout=lock_timeout,
        progress=progress,
    )


def run_stop_searches(
    db: Path, paths: Sequence[Path], rejects: Path | None, lock_timeout: float
) -> int:
    """``import police-uk`` for the stop-and-search files: import, print what happened (with
    the share given a district), return the exit status."""
    import sys

    from supervisor_tui.commands.load import print_result_lines
    from supervisor_tui.progress import stage_progress

    with stage_progress("Importing stop and searches") as progress:
        report = import_stop_searches(
            db, paths, rejects_dir=rejects, lock_timeout=lock_timeout, progress=progress
        )
    print_result_lines(report)
    matched = sum(e.matched for e in report.extras.values())
    no_location = sum(e.no_location for e in report.extras.values())
    accepted = report.read - report.rejected
    share = f"{100.0 * matched / accepted:.1f} %" if accepted else "–"
    print(
        f"total: {report.read:,} searches read from {len(report.files)} file(s): "
        f"{report.total('loaded'):,} loaded, {report.total('updated'):,} updated, "
        f"{report.total('unchanged'):,} unchanged, {report.rejected:,} rejected; "
        f"{matched:,} ({share}) given a district from a street-crime point, "
        f"{no_location:,} with no location"
    )
    if report.seconds >= 1.0:
        print(
            f"supervisor-tui: stop_searches: {report.read:,} rows in {report.seconds:.1f} s",
            file=sys.stderr,
        )
    return report.exit_code
