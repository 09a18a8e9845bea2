"""One line for the STALE reason when a refresh fails."""

from __future__ import annotations

from pathlib import Path

import duckdb

from supervisor_tui.errors import UserError


def gone_message(path: Path) -> str:
    """The database went away during the session (moved, renamed or deleted).

    Not the command line's "create one with ``supervisor-tui sample``": mid-shift, on a
    production path, that would be dangerous advice.
    """
    return f"database {path} has gone (moved or deleted); the last figures read are shown"


def describe_failure(exc: BaseException, path: Path | None = None) -> str:
    """Why a refresh failed, in one line a person can act on."""
    if path is not None and not path.exists():
        return gone_message(path)
    if isinstance(exc, UserError):
        return str(exc)
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, duckdb.Error):
        return f"reading the database failed: {first}"
    return f"{type(exc).__name__}: {first}"
