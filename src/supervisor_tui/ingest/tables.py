"""What each loadable table looks like: columns and types from ``queries/schema.sql``, the key
used for idempotent loading, and the domain rules a row must meet.

Columns, types, NOT NULL and primary keys are read from the schema contract itself (created
in an in-memory database), so the loader cannot drift from it. Three tables have no primary
key in the schema; the loader uses a natural key for them:

- ``duties``: (officer_id, starts_at) — an officer starts at most one duty at a given moment;
- ``deployments``: (incident_id, officer_id, dispatched_at) — one dispatch of one officer to
  one incident; arrived_at and cleared_at update in place;
- ``suspect_reviews``: every column (suspect_id, reviewed_at, reviewer_rank) — a review is a
  fact with nothing to update; loading it again leaves it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import duckdb

from supervisor_tui.db import create_schema
from supervisor_tui.errors import UserError

#: Kinds of value, from the DuckDB type and, for text, the column's role.
KIND_BY_TYPE = {
    "VARCHAR": "text",
    "TIMESTAMP": "timestamp",
    "SMALLINT": "integer",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "BOOLEAN": "boolean",
    "DOUBLE": "double",
    "DATE": "date",
}

#: Text columns that hold prose (longer limit); every other text column is an identifier or
#: code (no tabs or line breaks, at most ``ID_MAX_CHARS``).
FREE_TEXT = frozenset(
    {
        "name",
        "summary",
        "category",
        "outcome",
        "crime_type",
        "role",
        "rank",
        "reviewer_rank",
        "location",
        "lsoa_name",
        "last_outcome",
        "reported_by",
        "falls_within",
    }
)
ID_MAX_CHARS = 200
TEXT_MAX_CHARS = 10_000

NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "duties": ("officer_id", "starts_at"),
    "deployments": ("incident_id", "officer_id", "dispatched_at"),
    "suspect_reviews": ("suspect_id", "reviewed_at", "reviewer_rank"),
}

#: Allowed values (after trimming; ``risk`` is also lower-cased).
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("calls", "line"): ("999", "101"),
    ("suspects", "risk"): ("high", "medium", "standard"),
}
LOWERCASE = frozenset({("suspects", "risk")})
INT_RANGES: dict[tuple[str, str], tuple[int, int]] = {("incidents", "grade"): (1, 4)}
FLOAT_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("street_crimes", "longitude"): (-180.0, 180.0),
    ("street_crimes", "latitude"): (-90.0, 90.0),
}


@dataclass(frozen=True)
class Order:
    """``later`` must not be before ``earlier`` (or must be after it when ``strict``)."""

    later: str
    earlier: str
    strict: bool = False


#: Time-order rules per table, checked when both times are present (a clearance after the
#: arrival and after the dispatch; a duty must end after it starts).
ORDERS: dict[str, tuple[Order, ...]] = {
    "calls": (Order("answered_at", "presented_at"), Order("abandoned_at", "presented_at")),
    "incidents": (Order("closed_at", "opened_at"), Order("victim_updated_at", "opened_at")),
    "deployments": (
        Order("arrived_at", "dispatched_at"),
        Order("cleared_at", "arrived_at"),
        Order("cleared_at", "dispatched_at"),
    ),
    "duties": (Order("ends_at", "starts_at", strict=True),),
    "crimes": (Order("closed_at", "recorded_at"),),
    "suspects": (Order("resolved_at", "outstanding_since"),),
}
#: Pairs of columns of which at most one may be set.
EXCLUSIVE: dict[str, tuple[tuple[str, str], ...]] = {
    "calls": (("answered_at", "abandoned_at"),),
}


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    kind: str
    required: bool
    free_text: bool

    @property
    def max_chars(self) -> int:
        return TEXT_MAX_CHARS if self.free_text else ID_MAX_CHARS


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    natural_key: bool

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def area_columns(self) -> tuple[str, ...]:
        """Columns whose values must be a known area code."""
        if self.name == "areas":
            return ()
        return tuple(c.name for c in self.columns if c.name == "area_code")

    def key_text(self) -> str:
        if len(self.key) == 1:
            return self.key[0]
        return "(" + ", ".join(self.key) + ")"


@cache
def specs() -> dict[str, TableSpec]:
    """Every loadable table of schema v1 (all but ``meta``), by name."""
    con = duckdb.connect(":memory:")
    try:
        create_schema(con)
        cols = con.sql(
            "SELECT table_name, column_name, data_type, is_nullable "
            "FROM information_schema.columns WHERE table_schema = 'main' "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()
        pks = {
            table: tuple(names)
            for table, names in con.sql(
                "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                "WHERE constraint_type = 'PRIMARY KEY'"
            ).fetchall()
        }
    finally:
        con.close()
    by_table: dict[str, list[Column]] = {}
    for table, name, sql_type, nullable in cols:
        if table == "meta":
            continue
        by_table.setdefault(table, []).append(
            Column(
                name=name,
                sql_type=sql_type,
                kind=KIND_BY_TYPE[sql_type],
                required=nullable == "NO",
                free_text=name in FREE_TEXT,
            )
        )
    out: dict[str, TableSpec] = {}
    for table, columns in by_table.items():
        if table in pks:
            key, natural = pks[table], False
        else:
            key, natural = NATURAL_KEYS[table], True
        out[table] = TableSpec(table, tuple(columns), key, natural)
    return out


def spec(table: str) -> TableSpec:
    """The spec for ``table`` or a one-line error listing the tables that can be loaded."""
    found = specs().get(table.strip().lower())
    if found is None:
        raise UserError(f"unknown table {table!r}; load one of: {', '.join(sorted(specs()))}")
    return found
