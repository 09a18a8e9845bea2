"""What each loadable table looks like: columns and types from ``queries/schema.sql``, the key
used for idempotent loading, and the domain rules a row must meet.

Columns, types, NOT NULL and primary keys are read from the schema contract itself (created
in an in-memory database), so the loader cannot drift from it. Six tables have no primary
key in the schema; the loader uses a natural key for them:

- ``duties``: (officer_id, starts_at) — an officer starts at most one duty at a given moment;
- ``deployments``: (incident_id, officer_id, dispatched_at) — one dispatch of one officer to
  one incident; arrived_at and cleared_at update in place;
- ``suspect_reviews``: every column (suspect_id, reviewed_at, reviewer_rank) — a review is a
  fact with nothing to update; loading it again leaves it unchanged;
- ``crime_actions``: (crime_id, kind, acted_at); officer_id and rank update in place;
- ``bail_extensions``: (bail_id, authorised_at); ends_at and level update in place;
- ``abstractions``: (officer_id, starts_at); the rest updates in place.

A table has the schema version that introduced it (``since``): loading a v2 table into a v1
file is refused with a line telling the user to run ``supervisor-tui migrate``. Columns a later
version added to an older table (``teams.kind``, ``crimes.allocated_at``…) are ``added``: a
file may leave them out (a v1-era export still loads, and leaves them as they are on rows it
updates) or include them (which needs a file of that version).

Rules that need the database (known areas, and for the v2 tables known crimes, suspects,
officers and bail, and an extension ending after its bail) are :data:`REFERENCES` and checked
by the loader inside its write transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import duckdb

from supervisor_tui.db import ADDED_COLUMNS, TABLE_VERSIONS, create_schema
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
        # v2
        "reason",
        "tactic",
        "grounds",
        "object_of_search",
        "legislation",
    }
)
ID_MAX_CHARS = 200
TEXT_MAX_CHARS = 10_000

NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "duties": ("officer_id", "starts_at"),
    "deployments": ("incident_id", "officer_id", "dispatched_at"),
    "suspect_reviews": ("suspect_id", "reviewed_at", "reviewer_rank"),
    "crime_actions": ("crime_id", "kind", "acted_at"),
    "bail_extensions": ("bail_id", "authorised_at"),
    "abstractions": ("officer_id", "starts_at"),
}

#: Allowed values (after trimming; the columns in ``LOWERCASE`` are also lower-cased).
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("calls", "line"): ("999", "101"),
    ("suspects", "risk"): ("high", "medium", "standard"),
    ("teams", "kind"): ("response", "neighbourhood", "investigation", "other"),
    ("crime_actions", "kind"): ("investigation_plan", "supervisor_review", "victim_update"),
    ("key_decisions", "kind"): (
        "arrest",
        "interview",
        "charge",
        "released_no_charge",
        "bail",
        "rui",
        "bail_varied",
        "not_investigated",
    ),
    ("bail", "kind"): ("bail", "rui"),
    ("bail_extensions", "level"): ("inspector", "superintendent", "court"),
    ("use_of_force", "source"): ("form", "custody", "incident"),
    ("dvds_applications", "route"): ("right_to_ask", "right_to_know"),
}
#: Every enumerated column but ``calls.line`` (digits) is matched in any case.
LOWERCASE = frozenset(key for key in ENUMS if key != ("calls", "line"))
INT_RANGES: dict[tuple[str, str], tuple[int, int]] = {("incidents", "grade"): (1, 4)}
FLOAT_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("street_crimes", "longitude"): (-180.0, 180.0),
    ("street_crimes", "latitude"): (-90.0, 90.0),
    ("stop_searches", "longitude"): (-180.0, 180.0),
    ("stop_searches", "latitude"): (-90.0, 90.0),
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
    "bail": (Order("ends_at", "started_at", strict=True),),
    "use_of_force": (Order("submitted_at", "used_at"), Order("checked_at", "submitted_at")),
    "dvds_applications": (Order("closed_at", "received_at"),),
    "abstractions": (Order("ends_at", "starts_at", strict=True),),
}


@dataclass(frozen=True)
class SetWhen:
    """``column`` must be set when ``kind_column`` is one of ``set_for`` and empty when it is
    one of ``empty_for``; ``why`` explains the rule in a reason."""

    column: str
    kind_column: str
    set_for: tuple[str, ...]
    empty_for: tuple[str, ...]
    why_set: str
    why_empty: str


#: Columns whose presence depends on a kind column.
SET_WHEN: dict[str, tuple[SetWhen, ...]] = {
    "bail": (
        SetWhen(
            "ends_at",
            "kind",
            set_for=("bail",),
            empty_for=("rui",),
            why_set="pre-charge bail needs the end of its bail period",
            why_empty="released under investigation has no end date; leave ends_at empty",
        ),
    ),
}


@dataclass(frozen=True)
class Reference:
    """Values of ``column``, where given, must be a ``target_column`` of ``table``."""

    column: str
    table: str
    target_column: str
    noun: str  # "crime", "officer"...


@dataclass(frozen=True)
class LaterThanReferenced:
    """``column`` must be after ``target_column`` of the row of ``table`` that ``key`` names."""

    column: str
    key: str
    table: str
    target_column: str
    noun: str
    why_missing: str


#: Time rules against a referenced row, checked at load time.
LATER_THAN_REFERENCED: dict[str, tuple[LaterThanReferenced, ...]] = {
    "bail_extensions": (
        LaterThanReferenced(
            "ends_at",
            "bail_id",
            "bail",
            "ends_at",
            "bail",
            "a release under investigation (rui) has no bail period to extend",
        ),
    ),
}

#: References checked against the database at load time (area codes are checked for every
#: table with an ``area_code`` column; see :attr:`TableSpec.area_columns`).
REFERENCES: dict[str, tuple[Reference, ...]] = {
    "crime_actions": (
        Reference("crime_id", "crimes", "crime_id", "crime"),
        Reference("officer_id", "officers", "officer_id", "officer"),
    ),
    "key_decisions": (
        Reference("crime_id", "crimes", "crime_id", "crime"),
        Reference("suspect_id", "suspects", "suspect_id", "suspect"),
    ),
    "bail": (
        Reference("suspect_id", "suspects", "suspect_id", "suspect"),
        Reference("crime_id", "crimes", "crime_id", "crime"),
    ),
    "bail_extensions": (Reference("bail_id", "bail", "bail_id", "bail"),),
    "use_of_force": (Reference("officer_id", "officers", "officer_id", "officer"),),
    "stop_searches": (Reference("officer_id", "officers", "officer_id", "officer"),),
    "dvds_applications": (Reference("officer_id", "officers", "officer_id", "officer"),),
    "abstractions": (Reference("officer_id", "officers", "officer_id", "officer"),),
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
    since: int = 1  # the schema version that introduced the column

    @property
    def max_chars(self) -> int:
        return TEXT_MAX_CHARS if self.free_text else ID_MAX_CHARS


@dataclass(frozen=True)
class TableSpec:
    """A loadable table. ``columns`` are the ones every input file has (the table as its
    version introduced it); ``added`` are nullable columns a later version added, which a file
    may have or leave out (:meth:`for_columns` gives the spec of one file)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    natural_key: bool
    since: int = 1
    added: tuple[Column, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def added_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.added)

    @property
    def needs_version(self) -> int:
        """The schema version a database needs to take a file with these columns."""
        return max([self.since, *(c.since for c in self.columns)])

    def for_columns(self, present: tuple[str, ...] | list[str]) -> TableSpec:
        """The spec of a file holding ``present``: every column plus the added ones present."""
        extra = tuple(c for c in self.added if c.name in present)
        if not extra:
            return self if not self.added else replace(self, added=())
        return replace(self, columns=self.columns + extra, added=())

    def column(self, name: str) -> Column:
        for col in self.columns + self.added:
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
    """Every loadable table of the current schema (all but ``meta``), by name."""
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
                since=ADDED_COLUMNS.get((table, name), TABLE_VERSIONS[table]),
            )
        )
    out: dict[str, TableSpec] = {}
    for table, columns in by_table.items():
        if table in pks:
            key, natural = pks[table], False
        else:
            key, natural = NATURAL_KEYS[table], True
        since = TABLE_VERSIONS[table]
        base = tuple(c for c in columns if c.since == since)
        added = tuple(c for c in columns if c.since > since)
        out[table] = TableSpec(table, base, key, natural, since=since, added=added)
    return out


def spec(table: str) -> TableSpec:
    """The spec for ``table`` or a one-line error listing the tables that can be loaded."""
    found = specs().get(table.strip().lower())
    if found is None:
        raise UserError(f"unknown table {table!r}; load one of: {', '.join(sorted(specs()))}")
    return found
