"""The default command: open the live dashboard."""

from __future__ import annotations

import argparse

from supervisor_tui.commands._shared import config_from, ensure_readable, target_from


def add_dashboard_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--area", metavar="CODE", help="start on one area (default: the force)")
    parser.add_argument(
        "--window", default="24h", metavar="SPAN", help="1h, 8h, 24h, 7d or 28d (default 24h)"
    )
    parser.add_argument(
        "--as-of", metavar="ISO", help="open in time travel at this time (default: live)"
    )
    parser.add_argument(
        "--refresh", metavar="SECONDS", help="refresh interval, e.g. 5s (default from config: 5s)"
    )
    parser.add_argument(
        "--redact", action="store_true", help="hide personal names (for shared screens)"
    )
    parser.add_argument("--theme", metavar="NAME", help="Textual theme name")


def run(args: argparse.Namespace) -> int:
    from supervisor_tui.app import run_dashboard

    config = config_from(args)
    target = ensure_readable(target_from(args, config))
    return run_dashboard(args, config, target)


def register_dashboard(parser: argparse.ArgumentParser) -> None:
    add_dashboard_options(parser)
    parser.set_defaults(dashboard_handler=run)
