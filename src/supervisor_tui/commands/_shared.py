"""Helpers the subcommands share: config, database target, scope options."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from supervisor_tui import metrics
from supervisor_tui.config import Config, load_config
from supervisor_tui.db import Database
from supervisor_tui.settings import Target, build_scope, check_area, check_team, resolve_database
from supervisor_tui.timeutil import SHIFT, parse_past_as_of, parse_window


def add_scope_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="ISO",
        help="compute as at this time (ISO 8601; no offset = display time zone; default now)",
    )
    parser.add_argument(
        "--window",
        default="24h",
        metavar="SPAN",
        help="window before the as-of time: 1h, 8h, 24h, 7d, 28d, or shift (since the current "
        "shift began; [display] shift_starts) (default 24h)",
    )
    parser.add_argument("--area", metavar="CODE", help="one area (default: the whole force)")
    parser.add_argument(
        "--team",
        metavar="ID",
        help="one team: figures with an owner follow their officer's team; calls stay "
        "force-wide (default: [display] team, else every team)",
    )


def config_from(args: argparse.Namespace) -> Config:
    return load_config(getattr(args, "config", None))


def target_from(args: argparse.Namespace, config: Config) -> Target:
    return resolve_database(getattr(args, "db", None), config)


def ensure_readable(target: Target) -> Target:
    """For the built-in sample, create it if missing and say that it is sample data."""
    if target.is_sample:
        from supervisor_tui.embedded import ensure_sample

        ensure_sample(target.path)
        print(
            f"supervisor-tui: using the built-in SAMPLE DATA (generated, not real) at "
            f"{target.path}; pass --db PATH for your own database",
            file=sys.stderr,
        )
    return target


def window_arg(text: str) -> timedelta | str:
    """``--window``: a span (``24h``) or ``shift``."""
    return SHIFT if str(text).strip().lower() == SHIFT else parse_window(text)


def scope_from(args: argparse.Namespace, config: Config, db: Database) -> metrics.Scope:
    window = window_arg(args.window)
    as_of = parse_past_as_of(args.as_of, config.timezone) if args.as_of else None
    with db.read() as session:
        area = check_area(session, args.area)
        team = check_team(session, getattr(args, "team", None) or config.team)
    if as_of is None:
        from supervisor_tui.timeutil import utc_now

        as_of = utc_now()
    return build_scope(config, as_of=as_of, window=window, area=area, team=team)


def path_arg(value: str) -> Path:
    return Path(value).expanduser()
