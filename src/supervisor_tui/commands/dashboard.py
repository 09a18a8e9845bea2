"""The default command: open the live dashboard."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from supervisor_tui.commands._shared import config_from, ensure_readable, target_from
from supervisor_tui.errors import UserError

if TYPE_CHECKING:
    from supervisor_tui.config import Config
    from supervisor_tui.settings import Target

#: Options of the dashboard itself (also taken by ``serve``).
DASHBOARD_OPTIONS: tuple[str, ...] = (
    "area",
    "team",
    "window",
    "as_of",
    "refresh",
    "redact",
    "theme",
    "kiosk",
)
#: At the top level these are stored under this prefix, so that a subcommand's own option of
#: the same name cannot silently overwrite (or be overwritten by) them.
TOP_LEVEL_PREFIX = "dashboard_"


def add_dashboard_options(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    prefix = TOP_LEVEL_PREFIX if top_level else ""
    parser.add_argument(
        "--area", dest=f"{prefix}area", metavar="CODE", help="start on one area (default: force)"
    )
    parser.add_argument(
        "--team",
        dest=f"{prefix}team",
        metavar="ID",
        help="start on one team (default: [display] team, else every team)",
    )
    parser.add_argument(
        "--window",
        dest=f"{prefix}window",
        default=None if top_level else "24h",
        metavar="SPAN",
        help="1h, 8h, 24h, 7d, 28d or shift (default 24h)",
    )
    parser.add_argument(
        "--as-of",
        dest=f"{prefix}as_of",
        metavar="ISO",
        help="open in time travel at this time (default: live)",
    )
    parser.add_argument(
        "--refresh",
        dest=f"{prefix}refresh",
        metavar="SECONDS",
        help="refresh interval, e.g. 5s (default from config: 5s)",
    )
    parser.add_argument(
        "--redact",
        dest=f"{prefix}redact",
        action="store_true",
        help="hide personal names (for shared screens)",
    )
    parser.add_argument("--theme", dest=f"{prefix}theme", metavar="NAME", help="Textual theme")
    parser.add_argument(
        "--kiosk",
        dest=f"{prefix}kiosk",
        action="store_true",
        help="read-only wall mode: the wallboard, live; no quit, export, time travel or "
        "scope changes (for an unattended screen)",
    )


def top_level_options_given(args: argparse.Namespace) -> list[str]:
    """The dashboard options given before a subcommand (where they would be ignored)."""
    given = []
    for name in DASHBOARD_OPTIONS:
        if getattr(args, f"{TOP_LEVEL_PREFIX}{name}", None) not in (None, False):
            given.append("--" + name.replace("_", "-"))
    return given


def check_kiosk(args: argparse.Namespace) -> None:
    """A kiosk shows live figures: ``--as-of`` (time travel) cannot go with it."""
    if getattr(args, "kiosk", False) and getattr(args, "as_of", None):
        raise UserError(
            "--kiosk shows live figures and cannot open in time travel; drop --as-of "
            "(or drop --kiosk to look at a past time)"
        )


def open_app(
    args: argparse.Namespace, config: Config, target: Target, *, start: str = "home"
) -> int:
    """Build the app from the options (``start``: ``home`` or ``wall``) and run it; the
    built-in sample moves live while it is shown. Returns the exit code."""
    from supervisor_tui.app import build_app

    check_kiosk(args)
    app = build_app(args, config, target)
    app.kiosk = bool(getattr(args, "kiosk", False))
    app.start = start
    if not target.is_sample:
        return int(app.run() or 0)  # the user's database: read only, nothing is ever written
    from supervisor_tui.embedded import SampleFeeder

    with SampleFeeder(target.path):
        return int(app.run() or 0)


def run(args: argparse.Namespace) -> int:
    for name in DASHBOARD_OPTIONS:
        setattr(args, name, getattr(args, f"{TOP_LEVEL_PREFIX}{name}", None))
    config = config_from(args)
    check_kiosk(args)
    target = ensure_readable(target_from(args, config))
    return open_app(args, config, target)


def register_dashboard(parser: argparse.ArgumentParser) -> None:
    add_dashboard_options(parser, top_level=True)
    parser.set_defaults(dashboard_handler=run)
