"""``supervisor-tui config``: print every setting with its default (a config file to edit)."""

from __future__ import annotations

import argparse

from supervisor_tui.config import default_config_path, example_toml


def run(args: argparse.Namespace) -> int:
    print(f"# supervisor-tui settings with their defaults; save as {default_config_path()}")
    print(example_toml(), end="")
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "config",
        parents=[common],
        help="print every setting with its default (save it as your config file to edit)",
    )
    parser.set_defaults(handler=run)
