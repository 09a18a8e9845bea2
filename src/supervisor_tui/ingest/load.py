"""Load CSV or Parquet files into one schema-v1 table: validate, upsert, account for every row.

Every file is read and validated before the database is opened for writing; any unusable
file stops the whole command with nothing written. Then all valid rows of all files are
written in one transaction (a crash leaves none of them), and each bad row is reported with
its line and reason.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from supervisor_tui.db import missing_database_message
from supervisor_tui.errors import DatabaseError, UserError
from supervisor_tui.ingest import store
from supervisor_tui.ingest.errors import UnusableInput
from supervisor_tui.ingest.reader import RawInput, read_input
from supervisor_tui.ingest.store import Counts, Progress
from supervisor_tui.ingest.tables import TableSpec, spec
from supervisor_tui.ingest.validate import Validated, validate

DEFAULT_LOCK_TIMEOUT = 10.0


@dataclass
class FileResult:
    path: Path
    unit: str
    read: int
    counts: Counts
    rejects: pl.DataFrame
    rejects_file: Path | None = None

    @property
    def rejected(self) -> int:
        return self.rejects.height

    def reasons(self, limit: int) -> list[str]:
        """The first ``limit`` rejects as ``file:line: reason`` (``file row N`` for Parquet)."""
        out = []
        for line, reason in self.rejects.select("_line", "reason").head(limit).iter_rows():
            where = f"{self.path}:{line}" if self.unit == "line" else f"{self.path} row {line}"
            out.append(f"{where}: {reason}")
        return out


@dataclass
class LoadReport:
    table: str
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    def total(self, name: str) -> int:
        return sum(getattr(f.counts, name) for f in self.files)

    @property
    def exit_code(self) -> int:
        """0 when every row was accepted, 3 when some were rejected (the rest loaded)."""
        return 3 if self.rejected else 0


def area_check(validated: Validated, raw: RawInput, spec_: TableSpec, known: set[str]) -> Validated:
    """Reject rows whose area code is not in the database's ``areas`` table."""
    listing = ", ".join(sorted(known)[:12]) if known else "none; load the areas table first"
    for name in spec_.area_columns:
        values = validated.valid[name]
        bad = values.is_not_null() & ~values.is_in(sorted(known))
        reason = (
            pl.DataFrame({"v": values, "bad": bad})
            .select(
                pl.when(pl.col("bad")).then(
                    pl.concat_str(
                        pl.lit(f"{name} "),
                        pl.col("v").str.slice(0, 40),
                        pl.lit(f" is not a known area (known: {listing})"),
                    )
                )
            )
            .to_series()
        )
        validated = validated.reject_where(reason, raw.frame)
    return validated


def prepare_rejects_dir(folder: Path | None) -> None:
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".supervisor-tui-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UnusableInput(
            f"rejects folder {folder} cannot be written ({exc.strerror or exc}); "
            f"choose another --rejects folder"
        ) from None


def write_rejects(result: FileResult, folder: Path, used: set[str]) -> Path:
    name = f"{result.path.name}.rejects.csv"
    n = 2
    while name in used:
        name = f"{result.path.name}.{n}.rejects.csv"
        n += 1
    used.add(name)
    target = folder / name
    try:
        result.rejects.rename({"_line": f"{result.unit}_number"}).write_csv(target)
    except OSError as exc:
        raise UnusableInput(
            f"rejects file {target} cannot be written ({exc.strerror or exc}); nothing was "
            f"loaded; choose another --rejects folder"
        ) from None
    return target


def load_files(
    db_path: Path,
    table: str,
    files: Sequence[Path],
    *,
    rejects_dir: Path | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    progress: Progress | None = None,
) -> LoadReport:
    """Load ``files`` into ``table`` of the database at ``db_path``; see the module doc."""
    started = time.monotonic()
    try:
        table_spec = spec(table)
    except UserError as exc:
        raise UnusableInput(str(exc)) from None
    if not db_path.exists():
        raise DatabaseError(missing_database_message(db_path))
    if not files:
        raise UnusableInput("no files given; name one or more CSV or Parquet files")
    prepare_rejects_dir(rejects_dir)
    what = f"table {table_spec.name}"
    prepared: list[tuple[RawInput, Validated]] = []
    for index, path in enumerate(files):
        if progress is not None:
            progress(f"reading {path.name}", index / (2 * len(files)))
        raw = read_input(path, table_spec.names, what=what)
        prepared.append((raw, validate(raw, table_spec)))
    report = LoadReport(table=table_spec.name)
    write_all(
        db_path,
        table_spec,
        prepared,
        report,
        check_areas=True,
        rejects_dir=rejects_dir,
        lock_timeout=lock_timeout,
        progress=progress,
    )
    report.seconds = time.monotonic() - started
    return report


def write_all(
    db_path: Path,
    table_spec: TableSpec,
    prepared: Sequence[tuple[RawInput, Validated]],
    report: LoadReport,
    *,
    check_areas: bool,
    rejects_dir: Path | None,
    lock_timeout: float,
    progress: Progress | None,
) -> None:
    """Upsert every validated input in one transaction and write the rejects files.

    Rejects files are written before the commit and removed again if it fails, so a load
    never happens without its rejects, nor rejects without their load.
    """
    written: list[Path] = []
    try:
        with store.transaction(db_path, lock_timeout=lock_timeout) as con:
            known: set[str] = set()
            if check_areas and table_spec.area_columns:
                known = set(store.known_areas(con))
            for index, (raw, validated) in enumerate(prepared):
                if check_areas:
                    validated = area_check(validated, raw, table_spec, known)

                def scaled(stage: str, fraction: float, i: int = index) -> None:
                    if progress is not None:
                        progress(stage, 0.5 + (i + fraction) / (2 * len(prepared)))

                counts = store.upsert(
                    con, table_spec, validated.valid, progress=scaled, label=raw.path.name
                )
                report.files.append(
                    FileResult(raw.path, raw.unit, raw.rows, counts, validated.rejects)
                )
            if rejects_dir is not None:
                used: set[str] = set()
                for result in report.files:
                    if result.rejected:
                        result.rejects_file = write_rejects(result, rejects_dir, used)
                        written.append(result.rejects_file)
    except BaseException as exc:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(exc, duckdb.ConstraintException):
            first = str(exc).splitlines()[0]
            raise DatabaseError(
                f"database {db_path}: a row breaks a rule of the database, nothing was loaded "
                f"({first})"
            ) from None
        raise
