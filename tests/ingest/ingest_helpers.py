"""Helpers for the ingest tests: CLI runners, database digests, paths to shared data."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from supervisor_tui.cli import main
from supervisor_tui.db import ALL_TABLES

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
POLICE_DIR = SHARED_DATA / "police-uk" / "leicestershire"
PROCS = Path(__file__).with_name("procs.py")
SAMPLE_END = datetime(2026, 3, 2, 9, 30)
AREA_CODES = ("BLA", "CHA", "HAR", "HNB", "LEI", "MEL", "NWL", "OAW", "RUT")
TABLES = ALL_TABLES


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def run_cli(*argv: str | Path) -> Run:
    """Run the CLI in this process; any exception other than SystemExit fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def run_process(*argv: str | Path, timeout: float = 60, **kwargs: object) -> Run:
    """Run ``supervisor-tui`` as a separate process."""
    done = subprocess.run(
        [sys.executable, "-m", "supervisor_tui", *[str(a) for a in argv]],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **kwargs.pop("env", {})},  # type: ignore[dict-item]
        **kwargs,  # type: ignore[arg-type]
    )
    return Run(done.returncode, done.stdout, done.stderr)


def table_digest(path: Path) -> str:
    """A digest of every row of every table: equal digests mean an unchanged database.

    Per table of the file (v1 or v2): the row count and the sum of the rows' hashes (order
    does not matter)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        present = {row[0] for row in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
        parts = [
            f"{table}:{con.sql(f'SELECT count(*), sum(hash(t)) FROM {table} AS t').fetchall()}"
            for table in TABLES
            if table in present
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()
    finally:
        con.close()


def query(path: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


_COUNTS_RE = re.compile(
    r"([\d,]+) rows read: ([\d,]+) loaded, ([\d,]+) updated, ([\d,]+) unchanged, "
    r"([\d,]+) rejected"
)


def summary(out: str, index: int = 0) -> dict[str, int]:
    """The counts of the ``index``-th accounting line a load or import printed."""
    found = _COUNTS_RE.findall(out)
    numbers = [int(n.replace(",", "")) for n in found[index]]
    return dict(zip(("read", "loaded", "updated", "unchanged", "rejected"), numbers, strict=True))
