"""Resolve what a command works on: the database, the scope, the display options."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from supervisor_tui import metrics
from supervisor_tui.config import Config
from supervisor_tui.db import Session
from supervisor_tui.errors import UserError
from supervisor_tui.timeutil import SHIFT


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


def check_team(session: Session, team: str | None) -> str | None:
    """Return the team id as stored (case-insensitive match) or raise a clear error."""
    if team is None:
        return None
    ids = [str(t) for t in session.query("teams")["team_id"].to_list()]
    for known in ids:
        if known.lower() == team.strip().lower():
            return known
    listed = ", ".join(ids[:30]) + (" …" if len(ids) > 30 else "")
    listed = listed or "none (the teams table is empty)"
    raise UserError(f"team {team!r} is not in this database; known teams: {listed}")


def build_scope(
    config: Config,
    *,
    as_of: object,
    window: timedelta | str,
    area: str | None,
    team: str | None = None,
) -> metrics.Scope:
    """The scope of a command or the dashboard; ``window`` may be ``"shift"`` (since the
    current shift began, by ``[display] shift_starts``)."""
    scope = metrics.Scope(
        as_of=as_of,  # type: ignore[arg-type]
        window=window if isinstance(window, timedelta) else timedelta(hours=24),
        area=area,
        thresholds=config.thresholds,
        tz=config.timezone,
        team=team,
    )
    return scope.for_shift(config.shift_starts) if window == SHIFT else scope
