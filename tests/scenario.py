"""Build small, hand-written scenario databases for the metric tests.

A scenario is a real schema-v1 DuckDB file in ``tmp_path``; rows are written in plain Python
relative to a fixed as-of time ``T``::

    sc = Scenario(tmp_path)
    sc.call("C1", "999", presented=T - 30 * MIN, answered=T - 30 * MIN + 10 * SEC)
    sc.call("C2", "999", presented=T - 5 * SEC)                   # still waiting at T
    figures = sc.report()                                          # as at T, window 24 h
    assert figures["calls"]["999"]["answered_within_10s"] == 1

Rows are buffered and appended on the next read, so a test can report, add later events and
report again (as a live database grows); ``update`` fills in later times on existing rows.
Reads go through the core (``db.Database``, ``metrics``), exactly as the CLI and the dashboard
do.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from supervisor_tui import metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Database, Session, create_schema
from supervisor_tui.ingest.tables import specs

#: The as-of time every scenario is written around (naive, meaning UTC).
T = datetime(2026, 3, 10, 12, 0, 0)
US = timedelta(microseconds=1)
SEC = timedelta(seconds=1)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

#: Default areas: Leicester is urban, Melton rural.
URBAN = "LEI"
RURAL = "MEL"

#: Every table a scenario can fill, with its columns in schema order (read from
#: queries/schema.sql by the loader's table specs, so this never drifts from the contract).
_COLUMNS: dict[str, tuple[str, ...]] = {
    name: spec.names + spec.added_names for name, spec in specs().items()
}


@cache
def _empty_database() -> Path:
    """An empty schema-v1 file, made once per test run and copied for each scenario."""
    folder = Path(tempfile.mkdtemp(prefix="supervisor-tui-scenario-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "empty.duckdb"
    con = duckdb.connect(str(path))
    try:
        create_schema(con)
    finally:
        con.close()
    return path


class Scenario:
    """A scenario database in ``tmp_path`` with the areas Leicester (urban) and Melton (rural)."""

    def __init__(self, tmp_path: Path, name: str = "scenario.duckdb", *, areas: bool = True):
        self.path = tmp_path / name
        shutil.copyfile(_empty_database(), self.path)
        self._pending: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _COLUMNS}
        self._crimes = 0
        self._suspects = 0
        if areas:
            self.area(URBAN, "Leicester", urban=True)
            self.area(RURAL, "Melton", urban=False)

    # --- rows ------------------------------------------------------------------------------

    def _add(self, table: str, **values: Any) -> Scenario:
        """Buffer one row; columns not given are null (a typo in a name is an error)."""
        unknown = set(values) - set(_COLUMNS[table])
        if unknown:
            raise KeyError(f"{table} has no column {', '.join(sorted(unknown))}")
        self._pending[table].append(tuple(values.get(column) for column in _COLUMNS[table]))
        return self

    def area(self, code: str, name: str | None = None, *, urban: bool) -> Scenario:
        return self._add("areas", area_code=code, name=name or code, urban=urban)

    def officer(
        self,
        officer_id: str,
        *,
        rank: str = "constable",
        area: str | None = URBAN,
        team: str | None = None,
    ) -> Scenario:
        return self._add(
            "officers",
            officer_id=officer_id,
            collar_number=officer_id,
            name=f"Officer {officer_id}",
            rank=rank,
            team_id=team,
            area_code=area,
        )

    def duty(
        self, officer_id: str, *, starts: datetime, ends: datetime, area: str = URBAN
    ) -> Scenario:
        return self._add(
            "duties",
            officer_id=officer_id,
            starts_at=starts,
            ends_at=ends,
            area_code=area,
            role=None,
        )

    def call(
        self,
        call_id: str,
        line: str,
        *,
        presented: datetime,
        answered: datetime | None = None,
        abandoned: datetime | None = None,
    ) -> Scenario:
        return self._add(
            "calls",
            call_id=call_id,
            line=line,
            presented_at=presented,
            answered_at=answered,
            abandoned_at=abandoned,
            handler_id=None,
            incident_id=None,
        )

    def incident(
        self,
        incident_id: str,
        *,
        grade: int,
        opened: datetime,
        area: str = URBAN,
        closed: datetime | None = None,
        victim_updated: datetime | None = None,
    ) -> Scenario:
        return self._add(
            "incidents",
            incident_id=incident_id,
            opened_at=opened,
            grade=grade,
            category=None,
            area_code=area,
            closed_at=closed,
            victim_updated_at=victim_updated,
            summary=None,
        )

    def deployment(
        self,
        incident_id: str,
        officer_id: str,
        *,
        dispatched: datetime,
        arrived: datetime | None = None,
        cleared: datetime | None = None,
    ) -> Scenario:
        return self._add(
            "deployments",
            incident_id=incident_id,
            officer_id=officer_id,
            dispatched_at=dispatched,
            arrived_at=arrived,
            cleared_at=cleared,
        )

    def attended(
        self,
        incident_id: str,
        *,
        grade: int,
        opened: datetime,
        after: timedelta,
        area: str = URBAN,
        officer: str = "P1",
    ) -> Scenario:
        """An incident and one deployment that arrived ``after`` its opening."""
        self.incident(incident_id, grade=grade, opened=opened, area=area)
        return self.deployment(incident_id, officer, dispatched=opened, arrived=opened + after)

    def crime(
        self,
        crime_id: str | None = None,
        *,
        recorded: datetime = T - 10 * DAY,
        oic: str | None = None,
        area: str | None = URBAN,
        closed: datetime | None = None,
        allocated: datetime | None = None,
    ) -> str:
        """Add a crime and return its id (numbered automatically when not given)."""
        self._crimes += 1
        crime_id = crime_id or f"CR{self._crimes}"
        self._add(
            "crimes",
            crime_id=crime_id,
            recorded_at=recorded,
            crime_type="burglary",
            area_code=area,
            oic_officer_id=oic,
            closed_at=closed,
            outcome=None,
            allocated_at=allocated,
        )
        return crime_id

    def suspect(
        self,
        crime_id: str,
        suspect_id: str | None = None,
        *,
        since: datetime = T - 5 * DAY,
        risk: str = "standard",
        resolved: datetime | None = None,
        name: str | None = None,
    ) -> str:
        """Add a suspect outstanding on ``crime_id`` and return its id."""
        self._suspects += 1
        suspect_id = suspect_id or f"S{self._suspects}"
        self._add(
            "suspects",
            suspect_id=suspect_id,
            crime_id=crime_id,
            name=name,
            risk=risk,
            outstanding_since=since,
            resolved_at=resolved,
        )
        return suspect_id

    def review(self, suspect_id: str, *, at: datetime, rank: str) -> Scenario:
        return self._add(
            "suspect_reviews", suspect_id=suspect_id, reviewed_at=at, reviewer_rank=rank
        )

    def crimes_with_suspects(self, oic: str, count: int, **suspect: Any) -> list[str]:
        """``count`` open crimes in ``oic``'s charge, each with one outstanding suspect."""
        crimes = [self.crime(oic=oic) for _ in range(count)]
        for crime_id in crimes:
            self.suspect(crime_id, **suspect)
        return crimes

    # --- writing and reading ---------------------------------------------------------------

    def save(self) -> Path:
        """Append the buffered rows to the database file (one short write, then close)."""
        if not any(self._pending.values()):
            return self.path
        con = duckdb.connect(str(self.path))
        try:
            for table, rows in self._pending.items():
                if rows:
                    columns = _COLUMNS[table]
                    marks = ", ".join("?" for _ in columns)
                    con.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                    )
                    rows.clear()
        finally:
            con.close()
        return self.path

    def update(self, table: str, where: dict[str, Any], **values: Any) -> Scenario:
        """Set columns on existing rows (as a live system fills in later times)."""
        self.save()
        sets = ", ".join(f"{column} = ?" for column in values)
        match = " AND ".join(f"{column} = ?" for column in where)
        con = duckdb.connect(str(self.path))
        try:
            changed = con.execute(
                f"UPDATE {table} SET {sets} WHERE {match}", [*values.values(), *where.values()]
            ).fetchone()
        finally:
            con.close()
        if not changed or not changed[0]:
            raise LookupError(f"no row in {table} matches {where}")
        return self

    @contextmanager
    def session(self) -> Iterator[Session]:
        self.save()
        db = Database(self.path)
        try:
            with db.read() as session:
                yield session
        finally:
            db.close()

    def report(
        self,
        as_of: datetime = T,
        *,
        window: timedelta = DAY,
        area: str | None = None,
        thresholds: Thresholds | None = None,
    ) -> dict[str, Any]:
        """The JSON report's figures for this scenario (as at ``as_of``, default ``T``)."""
        with self.session() as session:
            return metrics.report(session, scope(as_of, window=window, area=area, t=thresholds))


def scope(
    as_of: datetime = T,
    *,
    window: timedelta = DAY,
    area: str | None = None,
    t: Thresholds | None = None,
) -> metrics.Scope:
    return metrics.Scope(as_of=as_of, window=window, area=area, thresholds=t or Thresholds())
