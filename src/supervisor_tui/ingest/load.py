"""Load CSV or Parquet files into one table: validate, upsert, account for every row.

Every file is read and validated before the database is opened for writing; any unusable
file stops the whole command with nothing written. Then all valid rows of all files are
written in one transaction (a crash leaves none of them), and each bad row is reported with
its line and reason. Inside the transaction each row's references are checked against the
database: area codes for every table, and for the schema-v2 tables the crimes, suspects,
officers and bail they name (and that an extension ends after its bail).

A table (or an added column) of a newer schema version than the database's is refused before
any file is read, with a line saying to run ``supervisor-tui migrate``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from supervisor_tui.db import missing_database_message
from supervisor_tui.errors import DatabaseError, UserError
from supervisor_tui.ingest import store
from supervisor_tui.ingest.errors import UnusableInput, show_expr
from supervisor_tui.ingest.reader import RawInput, read_input
from supervisor_tui.ingest.store import Counts, Progress, quote, require_version, schema_version
from supervisor_tui.ingest.tables import (
    LATER_THAN_REFERENCED,
    REFERENCES,
    LaterThanReferenced,
    Reference,
    TableSpec,
    spec,
)
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
        columns = self.rejects.columns[:2]  # _line and the reason
        for line, reason in self.rejects.select(columns).head(limit).iter_rows():
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


def _unknown(con: duckdb.DuckDBPyConnection, values: pl.Series, ref: Reference) -> list[str]:
    """The distinct values of ``values`` that are not a ``ref.target_column`` in the database."""
    wanted = values.drop_nulls().unique()
    if wanted.len() == 0:
        return []
    con.register("_ingest_refs", pl.DataFrame({"v": wanted}))
    try:
        rows = con.sql(
            f"SELECT r.v FROM _ingest_refs AS r ANTI JOIN {quote(ref.table)} AS t "
            f"ON t.{quote(ref.target_column)} = r.v"
        ).fetchall()
    finally:
        with suppress(duckdb.Error):
            con.unregister("_ingest_refs")
    return [row[0] for row in rows]


def _reference_reasons(
    con: duckdb.DuckDBPyConnection, valid: pl.DataFrame, spec_: TableSpec
) -> list[pl.Series]:
    reasons: list[pl.Series] = []
    for ref in REFERENCES.get(spec_.name, ()):
        if ref.column not in valid.columns:
            continue
        unknown = _unknown(con, valid[ref.column], ref)
        if not unknown:
            continue
        reasons.append(
            valid.select(
                pl.when(pl.col(ref.column).is_in(unknown)).then(
                    pl.concat_str(
                        pl.lit(f"{ref.column} "),
                        show_expr(ref.column),
                        pl.lit(f" is not a known {ref.noun}; load the {ref.table} table first"),
                    )
                )
            ).to_series()
        )
    for rule in LATER_THAN_REFERENCED.get(spec_.name, ()):
        reasons.append(_later_than_referenced(con, valid, rule))
    return reasons


def _later_than_referenced(
    con: duckdb.DuckDBPyConnection, valid: pl.DataFrame, rule: LaterThanReferenced
) -> pl.Series:
    """A reason for each row whose ``rule.column`` is not after its referenced row's."""
    staged = valid.select(rule.key, rule.column).with_row_index("_i")
    con.register("_ingest_later", staged)
    try:
        found = con.sql(
            f"SELECT s._i, t.{quote(rule.target_column)} AS _target, true AS _found "
            f"FROM _ingest_later AS s JOIN {quote(rule.table)} AS t "
            f"ON t.{quote(rule.key)} = s.{quote(rule.key)}"
        ).pl()
    finally:
        with suppress(duckdb.Error):
            con.unregister("_ingest_later")
    found = found.cast({"_i": pl.UInt32, "_target": pl.Datetime("us")})
    joined = staged.join(found, on="_i", how="left").sort("_i")
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    value, target = pl.col(rule.column), pl.col("_target")
    label = pl.concat_str(pl.lit(f"{rule.noun} "), show_expr(rule.key))
    return joined.select(
        pl.when(pl.col("_found").is_null())
        .then(pl.lit(None, dtype=pl.String))  # unknown: the reference check says so
        .when(target.is_null())
        .then(
            pl.format(
                f"{{}} has no {rule.target_column}; {rule.why_missing}",
                label,
            )
        )
        .when(value <= target)
        .then(
            pl.format(
                f"{rule.column} {{}} is not after the {rule.noun}'s {rule.target_column} {{}} "
                f"({{}}); it must end later",
                value.dt.strftime(fmt),
                target.dt.strftime(fmt),
                label,
            )
        )
    ).to_series()


def reference_check(
    validated: Validated, raw: RawInput, spec_: TableSpec, con: duckdb.DuckDBPyConnection
) -> Validated:
    """Reject rows naming a crime, suspect, officer or bail the database does not hold, or
    breaking a time rule against the row they name (every failed check in one reason)."""
    valid = validated.valid
    if valid.height == 0:
        return validated
    reasons = [r for r in _reference_reasons(con, valid, spec_) if r.null_count() < r.len()]
    if not reasons:
        return validated
    joined = (
        pl.DataFrame({f"r{i}": r for i, r in enumerate(reasons)})
        .select(pl.concat_str(pl.all(), separator="; ", ignore_nulls=True))
        .to_series()
    )
    joined = pl.select(pl.when(joined != "").then(joined)).to_series()
    return validated.reject_where(joined, raw.frame)


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
    what = f"table {table_spec.name}"
    have = schema_version(db_path, lock_timeout=lock_timeout)
    require_version(db_path, have, table_spec.since, what)
    prepare_rejects_dir(rejects_dir)
    prepared: list[tuple[RawInput, Validated]] = []
    for index, path in enumerate(files):
        if progress is not None:
            progress(f"reading {path.name}", index / (2 * len(files)))
        raw = read_input(path, table_spec.names, what=what, optional=table_spec.added_names)
        file_spec = table_spec.for_columns(raw.columns)
        if file_spec.needs_version > have:
            newer = [c.name for c in file_spec.columns if c.since > have]
            require_version(
                db_path,
                have,
                file_spec.needs_version,
                f"{path}: column(s) {', '.join(newer)} of {table_spec.name} (or leave them out)",
            )
        prepared.append((raw, validate(raw, file_spec)))
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
    specs = [table_spec.for_columns(raw.columns) for raw, _ in prepared]
    needs = max([s.needs_version for s in specs], default=table_spec.since)
    try:
        with store.transaction(
            db_path, lock_timeout=lock_timeout, needs=needs, what=f"table {table_spec.name}"
        ) as con:
            known: set[str] = set()
            if check_areas and table_spec.area_columns:
                known = set(store.known_areas(con))
            for index, (raw, validated) in enumerate(prepared):
                file_spec = specs[index]
                if check_areas:
                    validated = area_check(validated, raw, file_spec, known)
                    validated = reference_check(validated, raw, file_spec, con)

                def scaled(stage: str, fraction: float, i: int = index) -> None:
                    if progress is not None:
                        progress(stage, 0.5 + (i + fraction) / (2 * len(prepared)))

                counts = store.upsert(
                    con, file_spec, validated.valid, progress=scaled, label=raw.path.name
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
