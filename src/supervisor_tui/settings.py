"""Resolve what a command works on: the database, the scope, the display options."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from supervisor_tui import metrics
from supervisor_tui.config import Config
from supervisor_tui.db import Session
from supervisor_tui.errors import UserError


@dataclass(frozen=True)
class Target:
    """The database a command reads, and whether it is the built-in sample."""

    path: Path
    is_sample: bool


def sample_database_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("supervisor-tui")) / "sample.duckdb"


def resolve_database(cli_db: str | None, config: Config) -> Target:
    """CLI ``--db`` > ``SUPERVISOR_TUI_DB`` > config file ``database`` > built-in sample."""
    if cli_db:
        return Target(Path(cli_db).expanduser(), False)
    if config.database is not None:
        return Target(config.database, False)
    return Target(sample_database_path(), True)


def check_area(session: Session, area: str | None) -> str | None:
    """Return the area code as stored (case-insensitive match) or raise a clear error."""
    if area is None:
        return None
    codes = metrics.areas(session)["area_code"].to_list()
    for code in codes:
        if code.lower() == area.strip().lower():
            return code
    known = ", ".join(codes) if codes else "none (the areas table is empty)"
    raise UserError(f"area {area!r} is not in this database; known areas: {known}")


def build_scope(
    config: Config, *, as_of: object, window: timedelta, area: str | None
) -> metrics.Scope:
    return metrics.Scope(
        as_of=as_of,  # type: ignore[arg-type]
        window=window,
        area=area,
        thresholds=config.thresholds,
        tz=config.timezone,
    )
