"""Import data.police.uk street-level crime CSVs into ``street_crimes``.

The monthly files (``YYYY-MM-<force>-street.csv``) have the header ``Crime ID, Month,
Reported by, Falls within, Longitude, Latitude, Location, LSOA code, LSOA name, Crime type,
Last outcome category, Context``. Mapping:

- ``row_key``: the Crime ID; a Crime ID repeated within one file gets ``#2``, ``#3``... on
  its later rows. Rows without a Crime ID (anti-social behaviour) get ``asb-`` and the first
  40 hex digits of the SHA-256 of their twelve fields as published plus their occurrence
  number among identical rows of that file, so importing the same file again matches
  the same rows. A Crime ID found again in a later import (another month) updates its row.
- ``month``: the first day of the month; longitude/latitude: null for "No Location" rows;
- ``area_code``: the LSOA name's district prefix (``Charnwood 012B`` -> Charnwood) mapped to
  the area codes of ``sample_data/areas.csv``; null (and counted) for a district outside the
  force or a row with no LSOA. ``Context`` (always empty in published files) is not kept.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from supervisor_tui.db import missing_database_message
from supervisor_tui.errors import DatabaseError
from supervisor_tui.ingest.errors import UnusableInput
from supervisor_tui.ingest.load import (
    DEFAULT_LOCK_TIMEOUT,
    LoadReport,
    prepare_rejects_dir,
    write_all,
)
from supervisor_tui.ingest.reader import RawInput, read_input
from supervisor_tui.ingest.store import Progress
from supervisor_tui.ingest.tables import spec
from supervisor_tui.ingest.validate import Validated, validate
from supervisor_tui.resources import sample_data_dir

POLICE_COLUMNS: tuple[str, ...] = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
RENAME = {
    "Crime ID": "crime_id",
    "Month": "month",
    "Reported by": "reported_by",
    "Falls within": "falls_within",
    "Longitude": "longitude",
    "Latitude": "latitude",
    "Location": "location",
    "LSOA code": "lsoa_code",
    "LSOA name": "lsoa_name",
    "Crime type": "crime_type",
    "Last outcome category": "last_outcome",
}
STREET_GLOB = "*-street.csv"
_SEP = "\x1f"


@dataclass
class FileExtras:
    """Per file: rows whose district is outside the force, rows with no location."""

    outside_force: int = 0
    no_location: int = 0
    asb_without_id: int = 0


@dataclass
class PoliceReport(LoadReport):
    extras: dict[Path, FileExtras] = field(default_factory=dict)


def district_codes() -> dict[str, str]:
    """Local authority district name (lower case) -> area code, from the sample areas."""
    areas = pl.read_csv(sample_data_dir() / "areas.csv", infer_schema=False)
    return {
        name.strip().lower(): code.strip()
        for code, name in areas.select("area_code", "name").iter_rows()
    }


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder stands for every ``*-street.csv`` below it, in name order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob(STREET_GLOB) if p.is_file())
            if not found:
                raise UnusableInput(
                    f"{path}: no {STREET_GLOB} files in this folder; give the monthly street "
                    f"files from data.police.uk"
                )
            out.extend(found)
        else:
            out.append(path)
    if not out:
        raise UnusableInput("no files given; name street-level CSV files or folders")
    return out


def to_street_crimes(raw: RawInput, districts: dict[str, str]) -> tuple[RawInput, FileExtras]:
    """The police columns as ``street_crimes`` text columns, with row_key and area_code."""
    frame = raw.frame
    police = list(POLICE_COLUMNS)
    joined = pl.concat_str([pl.col(c).fill_null("") for c in police], separator=_SEP)
    keyed = frame.with_columns(
        _all=joined,
        _id=pl.col("Crime ID").str.strip_chars(),
    ).with_columns(
        _id=pl.when(pl.col("_id") != "").then(pl.col("_id")),
    )
    keyed = keyed.with_columns(
        _occ=pl.when(pl.col("_id").is_null())
        .then(pl.int_range(pl.len()).over("_all"))
        .otherwise(pl.int_range(pl.len()).over("_id")),
    )
    no_id = keyed.filter(pl.col("_id").is_null())
    hashes = [
        "asb-" + hashlib.sha256(f"{text}{_SEP}{occ}".encode()).hexdigest()[:40]
        for text, occ in no_id.select("_all", "_occ").iter_rows()
    ]
    keyed = keyed.with_columns(
        row_key=pl.when(pl.col("_id").is_not_null())
        .then(
            pl.when(pl.col("_occ") == 0)
            .then(pl.col("_id"))
            .otherwise(pl.format("{}#{}", pl.col("_id"), pl.col("_occ") + 1))
        )
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    if hashes:
        index = keyed["_id"].is_null().arg_true()
        keyed = keyed.with_columns(
            row_key=keyed["row_key"].scatter(index, pl.Series(hashes, dtype=pl.String))
        )
    district = pl.col("LSOA name").str.strip_chars().str.extract(r"^(.*\S)\s+\S+$")
    keyed = keyed.with_columns(
        area_code=district.str.to_lowercase().replace_strict(
            districts, default=None, return_dtype=pl.String
        ),
    )
    names = list(spec("street_crimes").names)
    out = keyed.rename(RENAME).select(*names, "_line", "_problem")
    has_lsoa = pl.col("lsoa_name").str.strip_chars().fill_null("") != ""
    counts = out.filter(pl.col("_problem").is_null()).select(
        outside=(has_lsoa & pl.col("area_code").is_null()).sum(),
        no_location=(pl.col("location").str.strip_chars() == "No Location").sum(),
        asb=pl.col("row_key").str.starts_with("asb-").sum(),
    )
    extras = FileExtras(
        outside_force=int(counts["outside"][0] or 0),
        no_location=int(counts["no_location"][0] or 0),
        asb_without_id=int(counts["asb"][0] or 0),
    )
    return RawInput(raw.path, raw.kind, out, tuple(names)), extras


def import_police_uk(
    db_path: Path,
    paths: Sequence[Path],
    *,
    rejects_dir: Path | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    progress: Progress | None = None,
) -> PoliceReport:
    """Import street-level files (or folders of them) into ``street_crimes``, idempotently."""
    started = time.monotonic()
    if not db_path.exists():
        raise DatabaseError(missing_database_message(db_path))
    files = expand(paths)
    districts = district_codes()
    return import_files(
        db_path,
        files,
        PoliceReport(table="street_crimes"),
        POLICE_COLUMNS,
        "the data.police.uk street-level format",
        lambda raw: to_street_crimes(raw, districts),
        started=started,
        rejects_dir=rejects_dir,
        lock_timeout=lock_timeout,
        progress=progress,
    )


def import_files(
    db_path: Path,
    files: Sequence[Path],
    report: Any,
    columns: Sequence[str],
    what: str,
    convert: Callable[[RawInput], tuple[RawInput, Any]],
    *,
    started: float,
    rejects_dir: Path | None,
    lock_timeout: float,
    progress: Progress | None,
) -> Any:
    """Read each published file (``columns``, ``what`` for errors), convert it to its table's
    rows (and the file's extras), validate, and write every file in one transaction into
    ``report.table``: the street-crime and stop-and-search imports alike."""
    prepare_rejects_dir(rejects_dir)
    table_spec = spec(report.table)
    prepared: list[tuple[RawInput, Validated]] = []
    for index, path in enumerate(files):
        if progress is not None:
            progress(f"reading {path.name}", index / (2 * len(files)))
        converted, extras = convert(read_input(path, columns, what=what))
        prepared.append((converted, validate(converted, table_spec)))
        report.extras[converted.path] = extras
    write_all(
        db_path,
        table_spec,
        prepared,
        report,
        check_areas=False,
        rejects_dir=rejects_dir,
        lock_timeout=lock_timeout,
        progress=progress,
    )
    report.seconds = time.monotonic() - started
    return report
