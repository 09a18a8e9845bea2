"""``supervisor-tui simulate``: continue a database's data live, one small batch at a time."""

from __future__ import annotations

import argparse
import signal
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from supervisor_tui.commands._shared import config_from, ensure_readable, target_from
from supervisor_tui.commands.load import add_lock_timeout

EPILOG = textwrap.dedent(
    """\
    Without --db (or SUPERVISOR_TUI_DB, or a configured database) the feed writes into the
    built-in sample database, which the dashboard opens by default.

    The simulated clock starts at the latest event in the database (--from now: at the
    current time) and runs --speed simulated seconds per real second. Every --interval
    seconds one batch is written in one transaction: new calls answered or abandoned,
    incidents opened, officers dispatched, arriving and clearing, incidents closed, crimes
    and suspects recorded, suspects arrested and reviewed, duties starting; on a schema-2
    database also stop and searches, uses of force, Clare's Law applications and
    abstractions (as many per call as in the last 7 days), investigation plans and reviews
    of the new crimes, key decisions and bail for the arrests, bail extensions, and each
    record's later review, check or victim update. Dashboards reading the same database
    see each batch whole.

    Only times at or before the simulated now are written (a duty's rostered end is the
    one planned time). The database needs areas and officers: create one with
    `supervisor-tui sample --db PATH`. Ctrl+C stops after the current batch.
    """
)


def positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
        if number <= 0:
            raise argparse.ArgumentTypeError(f"{value} must be more than 0")
        return number

    return parse


def _target(args: argparse.Namespace) -> Path:
    """--db, else the configured database, else the built-in sample (created if missing)."""
    return ensure_readable(target_from(args, config_from(args))).path


def run(args: argparse.Namespace) -> int:
    from supervisor_tui.feed import BatchSummary, Feed
    from supervisor_tui.timeutil import parse_as_of, utc_now

    db = _target(args)
    start = None
    if args.start == "now":
        start = utc_now()
    elif args.start != "latest":
        start = parse_as_of(args.start)
    feed = Feed(
        db,
        rate=args.rate,
        speed=args.speed,
        seed=args.seed,
        start=start,
        interval=args.interval,
        lock_timeout=args.lock_timeout,
    )
    print(
        f"supervisor-tui: live feed on {db} from {feed.start:%Y-%m-%d %H:%M:%S} UTC at "
        f"{feed.rate:,.0f} calls/hour, speed {feed.speed:g}x (seed {feed.seed}); "
        f"Ctrl+C stops after the current batch",
        file=sys.stderr,
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous_int = signal.signal(signal.SIGINT, request_stop)
    previous_term = signal.signal(signal.SIGTERM, request_stop)

    def show(summary: BatchSummary) -> None:
        if not args.quiet:
            print(summary.line(), flush=True)

    try:
        total = feed.run(stop, on_batch=show, max_batches=args.batches)
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)
    print(f"supervisor-tui: stopped; totals to {total.line()}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "simulate",
        parents=[common],
        help="continue the data live (a feed of calls, incidents, arrests...) for a demo",
        description="Continue a database's data in simulated real time, in small batches.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--rate",
        type=positive(float),
        metavar="N",
        help="new calls per simulated hour (default: the last 7 days' average)",
    )
    parser.add_argument(
        "--speed",
        type=positive(float),
        default=1.0,
        metavar="X",
        help="simulated seconds per real second (default 1: real time)",
    )
    parser.add_argument(
        "--interval",
        type=positive(float),
        default=1.0,
        metavar="SECONDS",
        help="real seconds between batches (default 1)",
    )
    parser.add_argument("--seed", type=int, help="random seed, for a repeatable feed")
    parser.add_argument(
        "--from",
        dest="start",
        default="latest",
        metavar="latest|now|ISO",
        help="where the simulated clock starts (default: the latest event in the database)",
    )
    parser.add_argument("--batches", type=positive(int), metavar="N", help="stop after N batches")
    parser.add_argument("--quiet", action="store_true", help="no line per batch")
    add_lock_timeout(parser)
    parser.set_defaults(handler=run)
