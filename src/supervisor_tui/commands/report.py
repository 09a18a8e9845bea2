"""``supervisor-tui report``: the start-of-shift briefing (text or Markdown) or the figures (JSON).

``--check`` makes the exit status 4 when any headline figure breaches its target, for
scheduled alerts; the output is printed either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from supervisor_tui.commands._shared import (
    add_scope_options,
    config_from,
    ensure_readable,
    scope_from,
    target_from,
)
from supervisor_tui.db import Database
from supervisor_tui.figures.report import breaches, read, to_json

if TYPE_CHECKING:
    from supervisor_tui import briefing

#: Exit status of ``report --check`` when a figure breaches its target.
EXIT_BREACH = 4
FORMATS = ("text", "markdown", "json")


def _print_text(b: briefing.Briefing, *, tz: str, sample: bool) -> None:
    from supervisor_tui import briefing

    if sys.stdout.isatty():
        from rich.console import Console

        console = Console(highlight=False, emoji=False)
        width = min(console.width, briefing.TEXT_WIDTH)
        console.width = width
        console.print(briefing.render_text(b, tz=tz, sample=sample, width=width))
    else:
        sys.stdout.write(briefing.text(b, tz=tz, sample=sample))


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    target = ensure_readable(target_from(args, config))
    redact = bool(args.redact or config.redact)
    db = Database(target.path)
    try:
        scope = scope_from(args, config, db)
        with db.read() as session:
            if args.format == "json":
                figures = read(session, scope)
                brief = None
            else:
                # Only the briefing needs Rich (JSON does not import it).
                from supervisor_tui import briefing

                brief = briefing.collect(session, scope, redact=redact, tz=config.timezone)
                figures = brief.figures
    finally:
        db.close()
    if brief is None:
        json.dump(to_json(figures), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "markdown":
        sys.stdout.write(
            briefing.render_markdown(brief, tz=config.timezone, sample=target.is_sample)
        )
    else:
        _print_text(brief, tz=config.timezone, sample=target.is_sample)
    sys.stdout.flush()
    if args.check:
        breached = breaches(figures)
        if breached:
            names = "; ".join(f"{row.label} {row.value}" for row in breached)
            print(f"supervisor-tui: target breached: {names}", file=sys.stderr)
            return EXIT_BREACH
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "report",
        parents=[common],
        help="print the start-of-shift briefing (text, Markdown) or the figures (JSON)",
    )
    add_scope_options(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default; fits 80 columns), markdown (for e-mail or documents) or json",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit with status {EXIT_BREACH} when any figure breaches its target (for alerts)",
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help="hide officer and suspect names (JSON holds no names)",
    )
    parser.set_defaults(handler=run)
