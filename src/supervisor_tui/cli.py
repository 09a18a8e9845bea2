"""Command line: ``supervisor-tui`` (the dashboard) and its subcommands.

Every subcommand lives in ``supervisor_tui.commands.<name>`` with a ``register(subparsers,
common)`` function; this module finds them, parses, and turns user errors into one line on
stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence
from typing import NoReturn

from supervisor_tui import __version__, commands
from supervisor_tui.commands.dashboard import top_level_options_given
from supervisor_tui.errors import UserError

PROG = "supervisor-tui"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the fix."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def common_options(*, keep_earlier: bool = False) -> argparse.ArgumentParser:
    """``--config`` and ``--db``, accepted before or after a subcommand.

    ``keep_earlier``: for subcommands, an option not repeated after the subcommand keeps the
    value given before it (argparse would otherwise reset it to the default).
    """
    default = argparse.SUPPRESS if keep_earlier else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="FILE",
        default=default,
        help="TOML config file (default: the platform config dir; env SUPERVISOR_TUI_CONFIG)",
    )
    common.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="DuckDB database (env SUPERVISOR_TUI_DB; default: the built-in sample database)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Live dashboard for police duty supervisors. With no command, opens the dashboard."
        ),
        parents=[common_options()],
    )
    common = common_options(keep_earlier=True)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers, common)
        if hasattr(module, "register_dashboard"):
            module.register_dashboard(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format=f"{PROG}: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = getattr(args, "dashboard_handler", None)
    if handler is None:
        parser.print_help()
        return 2
    early = top_level_options_given(args) if args.command else []
    if early:
        print(
            f"{PROG}: error: {', '.join(early)} given before `{args.command}` would be ignored; "
            f"put it after the command: {PROG} {args.command} {early[0]} ...",
            file=sys.stderr,
        )
        return 2
    try:
        return int(handler(args) or 0)
    except UserError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
