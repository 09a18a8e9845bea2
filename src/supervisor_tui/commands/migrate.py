"""``supervisor-tui migrate``: upgrade a database file to the current schema, in place."""

from __future__ import annotations

import argparse
import sys
import textwrap

EPILOG = textwrap.dedent(
    """\
    Upgrades a schema-v1 database to v2 in one transaction: adds the nullable columns
    teams.kind, crimes.allocated_at, crimes.victim_enhanced, crimes.domestic_abuse and
    crimes.sexual_offence (empty on every existing row) and the second-wave tables (empty),
    and sets the schema version. No existing row changes. A crash at any moment leaves the
    file at v1 or at v2, never between. Running it on a v2 file changes nothing.

    Dashboards and reports reading the file keep working: they wait while it runs.

    exit status: 0 upgraded, or already current; 2 the file is missing, not a supervisor-tui
    database, newer than this program, locked for longer than --lock-timeout, or cannot be
    written (nothing changed).
    """
)


def run(args: argparse.Namespace) -> int:
    from supervisor_tui.commands.load import db_path_for_writing
    from supervisor_tui.migrate import migrate

    path = db_path_for_writing(args, "migrate")
    result = migrate(path, lock_timeout=args.lock_timeout)
    if result.changed:
        print(
            f"migrated {path} from schema version {result.from_version} to "
            f"{result.to_version} in {result.seconds:.1f} s; no existing row changed",
            file=sys.stderr,
        )
    else:
        print(
            f"{path} is already at schema version {result.to_version}; nothing changed",
            file=sys.stderr,
        )
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from supervisor_tui.commands.load import add_lock_timeout

    parser = subparsers.add_parser(
        "migrate",
        parents=[common],
        help="upgrade a database to the current schema version (v1 to v2)",
        description="Upgrade a supervisor-tui database to the current schema version, in place.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_lock_timeout(parser)
    parser.set_defaults(handler=run)
