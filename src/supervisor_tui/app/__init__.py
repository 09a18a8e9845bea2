"""The live dashboard (Textual). Everything here reads figures from the core; nothing here
defines one."""

from __future__ import annotations

import argparse
import random
import re
from typing import TYPE_CHECKING

from supervisor_tui.config import Config
from supervisor_tui.errors import UserError
from supervisor_tui.settings import Target

if TYPE_CHECKING:
    from supervisor_tui.app.app import DashboardApp

_REFRESH_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")
MIN_REFRESH_SECONDS = 0.5
MAX_REFRESH_SECONDS = 3600.0


def parse_refresh(text: str) -> float:
    """``5s``, ``5``, ``500ms``, ``1m`` -> seconds (0.5 s to 1 h)."""
    match = _REFRESH_RE.match(str(text))
    if not match:
        raise UserError(f"--refresh {text!r} is not understood; use seconds such as 5s, 30s or 1m")
    value = float(match.group(1))
    unit = match.group(2) or "s"
    seconds = value / 1000 if unit == "ms" else value * 60 if unit == "m" else value
    if not MIN_REFRESH_SECONDS <= seconds <= MAX_REFRESH_SECONDS:
        raise UserError(
            f"--refresh {text!r} must be between {MIN_REFRESH_SECONDS:g}s and "
            f"{MAX_REFRESH_SECONDS / 60:g}m"
        )
    return seconds


def build_app(args: argparse.Namespace, config: Config, target: Target) -> DashboardApp:
    """Check every option against the database and build the app (not yet running).

    Raises :class:`UserError` for a bad ``--area``, ``--window``, ``--as-of``, ``--refresh``
    or ``--theme`` so the CLI prints one line and exits 2 before the screen is taken over.
    """
    from supervisor_tui import metrics
    from supervisor_tui.app.app import HOLD_UNCHANGED_SECONDS, DashboardApp
    from supervisor_tui.commands._shared import window_arg
    from supervisor_tui.db import Database
    from supervisor_tui.settings import build_scope, check_area, check_team
    from supervisor_tui.timeutil import parse_past_as_of, utc_now

    window = window_arg(getattr(args, "window", None) or "24h")
    refresh = getattr(args, "refresh", None)
    refresh_seconds = parse_refresh(refresh) if refresh else config.refresh_seconds
    as_of_text = getattr(args, "as_of", None)
    as_of = parse_past_as_of(as_of_text, config.timezone) if as_of_text else None
    db = Database(target.path)
    try:
        with db.read() as session:
            area = check_area(session, getattr(args, "area", None))
            team = check_team(session, getattr(args, "team", None) or config.team)
            areas = metrics.areas(session)
    finally:
        db.close()
    area_names = dict(zip(areas["area_code"].to_list(), areas["name"].to_list(), strict=True))
    scope = build_scope(config, as_of=as_of or utc_now(), window=window, area=area, team=team)
    app = DashboardApp(
        db_path=target.path,
        config=config,
        scope=scope,
        live=as_of is None,
        refresh_seconds=refresh_seconds,
        redact=bool(getattr(args, "redact", False) or config.redact),
        is_sample=target.is_sample,
        area_names=area_names,
        # each dashboard reads its held figures again at its own moment (DashboardApp.may_hold)
        hold_phase=random.uniform(0.0, HOLD_UNCHANGED_SECONDS),
    )
    theme = getattr(args, "theme", None) or config.theme
    if theme not in app.available_themes:
        known = ", ".join(sorted(app.available_themes))
        where = "--theme" if getattr(args, "theme", None) else "config key 'display.theme'"
        raise UserError(f"{where}: theme {theme!r} is not known; known themes: {known}")
    app.theme = theme
    return app


def run_dashboard(args: argparse.Namespace, config: Config, target: Target) -> int:
    """Open the dashboard; returns the exit code."""
    app = build_app(args, config, target)
    if not target.is_sample:
        return int(app.run() or 0)  # the user's database: read only, nothing is ever written
    from supervisor_tui.embedded import SampleFeeder

    with SampleFeeder(target.path):  # the built-in sample moves live while it is shown
        return int(app.run() or 0)
