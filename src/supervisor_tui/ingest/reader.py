"""Read a CSV or Parquet input into a frame of text values with the line each row came from.

The result has one String column per expected column (named as in the schema), ``_line``
(the 1-based line of the row in a CSV file, or the row number in a Parquet file) and
``_problem`` (why the row cannot be read as a row: wrong number of fields, broken quoting;
null when fine). A whole file that cannot be used raises :class:`UnusableInput`.

CSV: UTF-8 with or without a byte-order mark, LF or CRLF line ends, a final newline optional;
blank lines are skipped. Well-formed files are parsed by polars; a file with quoted line
breaks or broken quoting falls back to Python's ``csv`` module so every record keeps its
true line number and broken quoting is reported per record.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from supervisor_tui.ingest.errors import UnusableInput, show

PARQUET_MAGIC = b"PAR1"
HEADER_MAX_CHARS = 65_536
_QUOTED_LINE_RE = r'^(?:[^",]*|"(?:[^"]|"")*")(?:,(?:[^",]*|"(?:[^"]|"")*"))*$'
_QUOTED_FIELD_RE = r'"(?:[^"]|"")*"'


@dataclass
class RawInput:
    path: Path
    kind: str  # "csv" or "parquet"
    frame: pl.DataFrame
    columns: tuple[str, ...]

    @property
    def unit(self) -> str:
        """How a position is named in messages: ``line`` (CSV) or ``row`` (Parquet)."""
        return "line" if self.kind == "csv" else "row"

    @property
    def rows(self) -> int:
        return self.frame.height


def read_input(
    path: Path,
    expected: Sequence[str],
    *,
    what: str,
    case_sensitive: bool = False,
    optional: Sequence[str] = (),
) -> RawInput:
    """Read ``path`` (CSV or Parquet) whose columns must be exactly ``expected`` plus any of
    ``optional``, in any order; ``RawInput.columns`` names those present, in that order."""
    data = _read_bytes(path)
    if data[:4] == PARQUET_MAGIC or path.suffix.lower() in (".parquet", ".pq"):
        return _read_parquet(
            path, data, expected, what=what, case_sensitive=case_sensitive, optional=optional
        )
    return _read_csv(
        path, data, expected, what=what, case_sensitive=case_sensitive, optional=optional
    )


def _present(expected: Sequence[str], optional: Sequence[str], mapped: Sequence[str]) -> list[str]:
    return [*expected, *(name for name in optional if name in mapped)]


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise UnusableInput(f"{path}: no such file; check the path")
    if path.is_dir():
        raise UnusableInput(f"{path} is a folder; give the CSV or Parquet files in it")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnusableInput(
            f"{path}: cannot be read ({exc.strerror or exc}); check its permissions"
        ) from None


# --- header --------------------------------------------------------------------------------


def _match_header(
    path: Path,
    names: Sequence[str],
    expected: Sequence[str],
    *,
    what: str,
    where: str,
    case_sensitive: bool,
    optional: Sequence[str] = (),
) -> list[str]:
    """Map each file column to its expected name, or raise one line naming what is wrong."""

    def norm(name: str) -> str:
        name = name.strip()
        return name if case_sensitive else name.lower()

    required = {norm(name) for name in expected}
    wanted = {norm(name): name for name in [*expected, *optional]}
    mapped: list[str] = []
    extra: list[str] = []
    seen: dict[str, int] = {}
    for name in names:
        key = norm(name)
        if key in wanted:
            seen[key] = seen.get(key, 0) + 1
            mapped.append(wanted[key])
        else:
            extra.append(name)
    missing = [wanted[key] for key in wanted if key not in seen and key in required]
    repeated = [wanted[key] for key, count in seen.items() if count > 1]
    if not (missing or extra or repeated):
        return mapped
    problems = []
    if missing:
        problems.append("missing column(s) " + ", ".join(missing))
    if extra:
        problems.append("unexpected column(s) " + ", ".join(show(n) for n in extra[:8]))
    if repeated:
        problems.append("repeated column(s) " + ", ".join(repeated))
    may = f", and may add {','.join(optional)}" if optional else ""
    raise UnusableInput(
        f"{where}: header does not match {what}: {'; '.join(problems)}; "
        f"the columns must be {','.join(expected)} (any order{may})"
    )


# --- CSV -----------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UnusableInput(f"{path}: file is UTF-16; save it as UTF-8 and load it again")
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnusableInput(
            f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02X} at column {column}); "
            f"save the file as UTF-8 and load it again"
        ) from None


def _read_csv(
    path: Path,
    data: bytes,
    expected: Sequence[str],
    *,
    what: str,
    case_sensitive: bool,
    optional: Sequence[str] = (),
) -> RawInput:
    text = _decode(path, data)
    if not text or text.isspace():
        raise UnusableInput(
            f"{path}: file is empty; the first line must name the columns: {','.join(expected)}"
        )
    end = text.find("\n")
    if "\x00" in text[: end if end >= 0 else len(text)]:
        raise UnusableInput(f"{path}:1: header contains a NUL byte; this is not a CSV file")
    try:
        header = next(csv.reader(io.StringIO(text[:HEADER_MAX_CHARS]), strict=True))
    except (csv.Error, StopIteration):
        header = []
    if not header or not any(h.strip() for h in header):
        raise UnusableInput(
            f"{path}:1: first line is not a header; it must name the columns: {','.join(expected)}"
        )
    names = _match_header(
        path,
        header,
        expected,
        what=what,
        where=f"{path}:1",
        case_sensitive=case_sensitive,
        optional=optional,
    )
    body = data[3:] if data[:3] == b"\xef\xbb\xbf" else data
    frame = _parse_fast(text, body, len(names))
    if frame is None:
        frame = _parse_slow(text, len(names))
    frame = frame.rename({f"_c{i}": name for i, name in enumerate(names)})
    if frame.height == 0:
        raise UnusableInput(f"{path}: has a header but no data rows; nothing to load")
    present = _present(expected, optional, names)
    return RawInput(path, "csv", frame.select([*present, "_line", "_problem"]), tuple(present))


def _lines(text: str, data: bytes) -> pl.Series:
    """The physical lines of the file (without line ends), one per element."""
    if b"\x1f" not in data:
        lines = pl.read_csv(
            data,
            has_header=False,
            separator="\x1f",
            quote_char=None,
            infer_schema=False,
            new_columns=["text"],
            empty_string_is_null=False,
        )["text"]
        if lines.len() == text.count("\n") + (0 if text.endswith("\n") else 1):
            return lines.fill_null("").str.strip_suffix("\r")
    lines = pl.Series("text", [text]).str.split("\n").explode()
    if text.endswith("\n"):
        lines = lines.head(lines.len() - 1)
    return lines.str.strip_suffix("\r")


def _parse_fast(text: str, data: bytes, width: int) -> pl.DataFrame | None:
    """Parse with polars when every record is one line and quoting is well formed."""
    lines = _lines(text, data)
    has_quote = lines.str.contains('"', literal=True)
    if has_quote.any() and not lines.filter(has_quote).str.contains(_QUOTED_LINE_RE).all():
        return None
    schema = {f"_c{i}": pl.String for i in range(width + 1)}
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            schema=schema,
            missing_columns="insert",
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except Exception:  # polars refuses the file: let the careful parser report per record
        return None
    if frame.height != lines.len():
        return None
    counted = lines
    if has_quote.any():
        counted = pl.select(
            pl.when(has_quote).then(lines.str.replace_all(_QUOTED_FIELD_RE, "")).otherwise(lines)
        ).to_series()
    meta = pl.DataFrame(
        {
            "_line": pl.int_range(1, lines.len() + 1, eager=True, dtype=pl.Int64),
            "_fields": counted.str.count_matches(",", literal=True) + 1,
        }
    )
    frame = pl.concat([frame.drop(f"_c{width}"), meta], how="horizontal").slice(1)
    blank = lines.slice(1).str.strip_chars() == ""
    if blank.any():
        frame = frame.filter(~blank)
    return frame.with_columns(
        _problem=pl.when(pl.col("_fields") != width).then(
            pl.format(
                "has {} field{}; the header has {}",
                pl.col("_fields"),
                pl.when(pl.col("_fields") == 1).then(pl.lit("")).otherwise(pl.lit("s")),
                pl.lit(width),
            )
        )
    ).drop("_fields")


def _parse_slow(text: str, width: int) -> pl.DataFrame:
    """Parse record by record with Python's csv module (quoted line breaks, broken quoting)."""
    previous_limit = csv.field_size_limit(sys.maxsize)  # long fields are checked later
    try:
        return _parse_records(text, width)
    finally:
        csv.field_size_limit(previous_limit)


def _parse_records(text: str, width: int) -> pl.DataFrame:
    reader = csv.reader(io.StringIO(text), strict=True)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []
    problems: list[str | None] = []
    last = 0
    first = True
    while True:
        start = last + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            last = reader.line_num
            span = f"line {start}" if last == start else f"lines {start}–{last}"
            if "end of data" in str(exc):
                problem = f"quote opened here is never closed (runs to line {last})"
            else:
                problem = (
                    f"broken quoting in {span} ({exc}); quote the whole field and double "
                    f"inner quotes"
                )
            record, bad = [], problem
        else:
            last = reader.line_num
            bad = None
        if first:
            first = False
            continue
        if bad is None and (not record or (len(record) == 1 and not record[0].strip())):
            continue  # blank line
        if bad is None and len(record) != width:
            plural = "" if len(record) == 1 else "s"
            bad = f"has {len(record)} field{plural}; the header has {width}"
        for i in range(width):
            columns[i].append(record[i] if i < len(record) and record[i] != "" else None)
        lines.append(start)
        problems.append(bad)
    frame = pl.DataFrame(
        {f"_c{i}": pl.Series(values, dtype=pl.String) for i, values in enumerate(columns)}
    )
    return frame.with_columns(
        _line=pl.Series(lines, dtype=pl.Int64), _problem=pl.Series(problems, dtype=pl.String)
    )


# --- Parquet -------------------------------------------------------------------------------


def _read_parquet(
    path: Path,
    data: bytes,
    expected: Sequence[str],
    *,
    what: str,
    case_sensitive: bool,
    optional: Sequence[str] = (),
) -> RawInput:
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc)
        raise UnusableInput(
            f"{path}: not a readable Parquet file ({detail}); write it again or use CSV"
        ) from None
    names = _match_header(
        path,
        frame.columns,
        expected,
        what=what,
        where=str(path),
        case_sensitive=case_sensitive,
        optional=optional,
    )
    frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
    if frame.height == 0:
        raise UnusableInput(f"{path}: has columns but no rows; nothing to load")
    texts = []
    for name in names:
        texts.append(_as_text(path, name, frame[name]))
    out = pl.DataFrame(texts).with_columns(
        _line=pl.int_range(1, frame.height + 1, dtype=pl.Int64),
        _problem=pl.lit(None, dtype=pl.String),
    )
    present = _present(expected, optional, names)
    return RawInput(path, "parquet", out.select([*present, "_line", "_problem"]), tuple(present))


def _as_text(path: Path, name: str, series: pl.Series) -> pl.Series:
    """A Parquet column as text the validator parses like CSV text."""
    dtype = series.dtype
    if dtype == pl.String:
        return series
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            series = series.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        whole = (series.dt.microsecond().fill_null(0) == 0).all()
        return series.dt.to_string("%Y-%m-%dT%H:%M:%SZ" if whole else "%Y-%m-%dT%H:%M:%S%.6fZ")
    if dtype == pl.Date:
        return series.dt.to_string("%Y-%m-%d")
    if dtype == pl.Boolean or dtype.is_numeric():
        return series.cast(pl.String)
    if dtype == pl.Categorical or isinstance(dtype, pl.Enum):
        return series.cast(pl.String)
    if dtype == pl.Null:
        return series.cast(pl.String)
    raise UnusableInput(
        f"{path}: column {name} has type {dtype}, which cannot be loaded; "
        f"store it as text, a number, a boolean or a timestamp"
    )
