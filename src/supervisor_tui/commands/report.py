"""``supervisor-tui report``: the headline figures, headless."""

from __future__ import annotations

import argparse
import json
import sys

from supervisor_tui import metrics
from supervisor_tui.commands._shared import (
    add_scope_options,
    config_from,
    ensure_readable,
    scope_from,
    target_from,
)
from supervisor_tui.db import Database


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    target = ensure_readable(target_from(args, config))
    db = Database(target.path)
    try:
        scope = scope_from(args, config, db)
        with db.read() as session:
            data = metrics.report(session, scope)
    finally:
        db.close()
    if args.format == "json":
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "report", parents=[common], help="print the headline figures (JSON)"
    )
    add_scope_options(parser)
    parser.add_argument("--format", choices=["json"], default="json", help="output format")
    parser.set_defaults(handler=run)
