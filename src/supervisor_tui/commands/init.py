"""``supervisor-tui init``: create an empty database of the current schema version."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from supervisor_tui.db import SCHEMA_VERSION, Database, create_schema, writer
from supervisor_tui.errors import UserError


def existing_version(path: Path) -> int:
    """The schema version of the supervisor-tui database at ``path`` (one-line error if not)."""
    db = Database(path)
    try:
        with db.read() as session:
            return session.schema_version
    finally:
        db.close()


def init_database(path: Path) -> bool:
    """Create an empty database of the current schema at ``path``; False if one is there.

    An existing file is never changed (an older version is left for ``migrate``); one that
    is not a supervisor-tui database is refused with a one-line error.
    """
    if path.exists():
        existing_version(path)
        return False
    if not path.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist; create it first")
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with writer(temp, gated=False) as con:  # a new file: no reader to wait for
            create_schema(con)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return True


def run(args: argparse.Namespace) -> int:
    path = Path(args.db).expanduser()
    if init_database(path):
        print(f"created an empty schema-v{SCHEMA_VERSION} database at {path}", file=sys.stderr)
        return 0
    version = existing_version(path)
    if version < SCHEMA_VERSION:
        print(
            f"{path} is already a schema-v{version} database; nothing changed; upgrade it to "
            f"v{SCHEMA_VERSION} with `supervisor-tui migrate --db {path}`",
            file=sys.stderr,
        )
    else:
        print(f"{path} is already a schema-v{version} database; nothing changed", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "init", parents=[common], help=f"create an empty schema-v{SCHEMA_VERSION} database"
    )
    parser.set_defaults(handler=_require_db)


def _require_db(args: argparse.Namespace) -> int:
    if not args.db:
        raise UserError("init needs --db PATH: the database file to create")
    return run(args)
