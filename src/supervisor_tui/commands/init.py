"""``supervisor-tui init``: create an empty schema-v1 database."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from supervisor_tui.db import Database, create_schema, writer
from supervisor_tui.errors import UserError


def init_database(path: Path) -> bool:
    """Create an empty schema-v1 database at ``path``; False if one is already there."""
    if path.exists():
        with Database(path).read():  # raises a clear error if it is not a v1 database
            return False
    if not path.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist; create it first")
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with writer(temp) as con:
            create_schema(con)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return True


def run(args: argparse.Namespace) -> int:
    path = Path(args.db).expanduser()
    if init_database(path):
        print(f"created an empty schema-v1 database at {path}", file=sys.stderr)
    else:
        print(f"{path} is already a schema-v1 database; nothing changed", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "init", parents=[common], help="create an empty schema-v1 database"
    )
    parser.set_defaults(handler=_require_db)


def _require_db(args: argparse.Namespace) -> int:
    if not args.db:
        raise UserError("init needs --db PATH: the database file to create")
    return run(args)
