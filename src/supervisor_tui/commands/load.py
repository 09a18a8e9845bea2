"""``supervisor-tui load``: validated, idempotent loading of CSV or Parquet into one table."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from supervisor_tui.errors import UserError

if TYPE_CHECKING:
    from supervisor_tui.ingest import LoadReport

SHOW_REASONS = 10

EPILOG = textwrap.dedent(
    """\
    Files are CSV (UTF-8, header line naming the columns in any order) or Parquet, with the
    schema column names of TABLE (docs/schema.md). Timestamps are ISO 8601; Z or an offset
    is converted to UTC, no offset means UTC. crimes and teams files may include or leave
    out the columns schema v2 added to them.

    Rows are matched by key: a new key is loaded, a changed row is updated, an equal row is
    left unchanged, so loading the same file again changes nothing. Keys: the primary key;
    for duties (officer_id, starts_at); for deployments (incident_id, officer_id,
    dispatched_at); for suspect_reviews every column; for crime_actions (crime_id, kind,
    acted_at); for bail_extensions (bail_id, authorised_at); for abstractions (officer_id,
    starts_at). A key may appear once per file. The schema-v2 tables need a v2 database
    (run `supervisor-tui migrate` on a v1 one) and name known crimes, suspects, officers
    and bail: load those first.

    All valid rows of all files are written in one transaction. Every row is counted:
    loaded + updated + unchanged + rejected = read.

    exit status: 0 every row accepted; 3 some rows rejected (the rest loaded; reasons on
    stderr and, with --rejects, in DIR/<file>.rejects.csv with the line and reason);
    2 unusable input (unknown table, empty file, header only, wrong header, not UTF-8,
    unreadable Parquet, database problem): nothing loaded.
    """
)


def db_path_for_writing(args: argparse.Namespace, command: str) -> Path:
    from supervisor_tui.commands._shared import config_from, target_from

    target = target_from(args, config_from(args))
    if target.is_sample:
        raise UserError(
            f"{command} needs --db PATH (or SUPERVISOR_TUI_DB): the database to write into; "
            f"create one with `supervisor-tui init --db PATH`"
        )
    return target.path


def lock_timeout(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 <= seconds <= 3600:
        raise argparse.ArgumentTypeError(f"{value} must be between 0 and 3600 seconds")
    return seconds


def print_result_lines(report: LoadReport, *, show: int = SHOW_REASONS) -> None:
    """Per file: the accounting line on stdout, the first rejected rows on stderr."""
    for result in report.files:
        c = result.counts
        line = (
            f"{result.path}: {result.read:,} rows read: {c.loaded:,} loaded, "
            f"{c.updated:,} updated, {c.unchanged:,} unchanged, {result.rejected:,} rejected"
        )
        if result.rejects_file is not None:
            line += f" (reasons in {result.rejects_file})"
        print(line)
        for reason in result.reasons(show):
            print(f"  rejected {reason}", file=sys.stderr)
        if result.rejected > show and result.rejects_file is None:
            print(
                f"  … and {result.rejected - show:,} more; pass --rejects DIR to save them all",
                file=sys.stderr,
            )


def run(args: argparse.Namespace) -> int:
    from supervisor_tui.ingest import load_files
    from supervisor_tui.progress import stage_progress

    db = db_path_for_writing(args, "load")
    files = [Path(f).expanduser() for f in args.files]
    rejects = Path(args.rejects).expanduser() if args.rejects else None
    with stage_progress(f"Loading {args.table}") as progress:
        report = load_files(
            db,
            args.table,
            files,
            rejects_dir=rejects,
            lock_timeout=args.lock_timeout,
            progress=progress,
        )
    print_result_lines(report)
    if len(report.files) > 1:
        print(
            f"total: {report.read:,} rows read: {report.total('loaded'):,} loaded, "
            f"{report.total('updated'):,} updated, {report.total('unchanged'):,} unchanged, "
            f"{report.rejected:,} rejected"
        )
    if report.seconds >= 1.0:
        print(
            f"supervisor-tui: {report.table}: {report.read:,} rows in {report.seconds:.1f} s "
            f"({report.read / report.seconds:,.0f} rows/s)",
            file=sys.stderr,
        )
    return report.exit_code


def add_lock_timeout(parser: argparse.ArgumentParser) -> None:
    from supervisor_tui.ingest import DEFAULT_LOCK_TIMEOUT

    parser.add_argument(
        "--lock-timeout",
        type=lock_timeout,
        default=DEFAULT_LOCK_TIMEOUT,
        metavar="SECONDS",
        help=f"wait this long for another writer to finish (default {DEFAULT_LOCK_TIMEOUT:g})",
    )


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "load",
        parents=[common],
        help="load CSV or Parquet files into a table (validated, idempotent)",
        description="Load CSV or Parquet files into one table, validated and idempotent.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "table",
        metavar="TABLE",
        help="areas, teams, officers, duties, calls, incidents, deployments, crimes, "
        "suspects, suspect_reviews, street_crimes, or (schema v2) crime_actions, "
        "key_decisions, bail, bail_extensions, use_of_force, stop_searches, "
        "dvds_applications or abstractions",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="CSV or Parquet files")
    parser.add_argument(
        "--rejects",
        metavar="DIR",
        help="write rejected rows with line and reason to DIR/<file>.rejects.csv",
    )
    add_lock_timeout(parser)
    parser.set_defaults(handler=run)
