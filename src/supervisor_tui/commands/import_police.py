"""``supervisor-tui import police-uk``: data.police.uk street-level crimes into street_crimes
and stop-and-search records into stop_searches (each file recognised by its header)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from supervisor_tui.commands.load import add_lock_timeout, db_path_for_writing, print_result_lines
from supervisor_tui.errors import UserError

EPILOG = textwrap.dedent(
    """\
    Give the monthly street-level CSV files as downloaded from data.police.uk, or folders
    holding them (every *-street.csv below a folder is imported).

    Anti-social behaviour rows have no Crime ID: each gets a key made from its fields and
    its position among identical rows, so importing the same files again adds nothing.
    "No Location" rows are kept with empty coordinates. The area code comes from the LSOA
    name's district (Leicester -> LEI, Charnwood -> CHA, ...); rows in districts outside
    the force keep an empty area code and are counted.

    exit status: 0 every row imported; 3 some rows rejected (the rest imported); 2 unusable
    input (not a street-level file, empty, not UTF-8, database problem): nothing imported.
    """
)


def run_police(args: argparse.Namespace) -> int:
    from supervisor_tui.ingest.police_uk import import_police_uk
    from supervisor_tui.ingest.police_uk_stop_search import run_stop_searches, split_inputs
    from supervisor_tui.progress import stage_progress

    db = db_path_for_writing(args, "import police-uk")
    paths, searches = split_inputs([Path(p).expanduser() for p in args.paths])
    rejects = Path(args.rejects).expanduser() if args.rejects else None
    if not paths:  # stop-and-search files only
        return run_stop_searches(db, searches, rejects, args.lock_timeout)
    with stage_progress("Importing street crimes") as progress:
        report = import_police_uk(
            db, paths, rejects_dir=rejects, lock_timeout=args.lock_timeout, progress=progress
        )
    print_result_lines(report)
    outside = sum(e.outside_force for e in report.extras.values())
    no_location = sum(e.no_location for e in report.extras.values())
    asb = sum(e.asb_without_id for e in report.extras.values())
    print(
        f"total: {report.read:,} rows read from {len(report.files)} file(s): "
        f"{report.total('loaded'):,} loaded, {report.total('updated'):,} updated, "
        f"{report.total('unchanged'):,} unchanged, {report.rejected:,} rejected; "
        f"{asb:,} without a Crime ID (anti-social behaviour), {no_location:,} with no "
        f"location, {outside:,} in districts outside the force (no area code)"
    )
    if report.seconds >= 1.0:
        print(
            f"supervisor-tui: street_crimes: {report.read:,} rows in {report.seconds:.1f} s",
            file=sys.stderr,
        )
    if searches:  # after the street crimes: a search takes the district of their map point
        return max(report.exit_code, run_stop_searches(db, searches, rejects, args.lock_timeout))
    return report.exit_code


def _need_source(args: argparse.Namespace) -> int:
    raise UserError("import needs a source: `supervisor-tui import police-uk --db PATH FILE...`")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import published data (police-uk: data.police.uk street crimes and stop and search)",
        description="Import published data into the database.",
    )
    parser.set_defaults(handler=_need_source)
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", parser_class=type(parser))
    police = sources.add_parser(
        "police-uk",
        parents=[common],
        help="data.police.uk street-level crime and stop-and-search CSVs",
        description="Import data.police.uk street-level crime CSVs into street_crimes and "
        "stop-and-search CSVs into stop_searches (each recognised by its header).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    police.add_argument(
        "paths",
        metavar="FILE_OR_DIR",
        nargs="+",
        help="street-crime or stop-and-search CSVs, or folders",
    )
    police.add_argument(
        "--rejects",
        metavar="DIR",
        help="write rejected rows with line and reason to DIR/<file>.rejects.csv",
    )
    add_lock_timeout(police)
    police.set_defaults(handler=run_police)
