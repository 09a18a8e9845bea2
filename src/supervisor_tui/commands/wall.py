"""``supervisor-tui wall``: the wallboard, every figure family's status in big digits."""

from __future__ import annotations

import argparse
import os
import sys

from supervisor_tui.commands._shared import config_from, ensure_readable, target_from
from supervisor_tui.commands.dashboard import add_dashboard_options, check_kiosk, open_app
from supervisor_tui.errors import UserError


def has_screen() -> bool:
    """A terminal to draw on (or textual-serve's web driver, which sets TEXTUAL_DRIVER)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdout.isatty() and sys.stdin.isatty()


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    check_kiosk(args)
    target = ensure_readable(target_from(args, config))
    if not has_screen():
        raise UserError(
            "wall draws a full-screen board and needs a terminal (stdin or stdout is not one); "
            "run it in a terminal, or use supervisor-tui serve --kiosk for a browser"
        )
    return open_app(args, config, target, start="wall")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "wall",
        parents=[common],
        help="the wallboard: every figure's status in big digits, with a rotating list of what "
        "is breaching (for a screen across the room; --kiosk for an unattended one)",
    )
    add_dashboard_options(parser)
    parser.set_defaults(handler=run)
