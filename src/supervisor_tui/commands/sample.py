"""``supervisor-tui sample``: generate realistic sample data into a new database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from supervisor_tui.errors import UserError
from supervisor_tui.timeutil import parse_as_of


def run(args: argparse.Namespace) -> int:
    from supervisor_tui.progress import stage_progress
    from supervisor_tui.sample import generate

    if not args.db:
        raise UserError("sample needs --db PATH: the database file to write")
    path = Path(args.db).expanduser()
    if args.days < 1 or args.days > 3660:
        raise UserError(f"--days {args.days} must be between 1 and 3660")
    if not 0 < args.scale <= 100:
        raise UserError(f"--scale {args.scale} must be more than 0 and at most 100")
    if path.exists() and not args.force:
        raise UserError(f"{path} already exists; pass --force to replace it with sample data")
    if not path.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist; create it first")
    end = parse_as_of(args.end) if args.end else None
    with stage_progress("Generating sample data") as progress:
        summary = generate(
            path, days=args.days, end=end, seed=args.seed, scale=args.scale, progress=progress
        )
    total = sum(summary.rows.values())
    print(
        f"wrote {total:,} sample rows ({summary.days} days to {summary.end:%Y-%m-%d %H:%M} UTC, "
        f"seed {summary.seed}, scale {summary.scale:g}) to {path} in {summary.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "sample",
        parents=[common],
        help="generate realistic sample data (one force, Leicestershire-like) into a new database",
    )
    parser.add_argument("--days", type=int, default=35, help="days of data (default 35)")
    parser.add_argument(
        "--end",
        metavar="ISO|now",
        help="when the data ends (ISO 8601; no offset = display time zone; default now)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="volume multiplier (default 1 = one force)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(handler=run)
