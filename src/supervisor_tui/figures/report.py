"""Every surface's view of the registry: the figures read in one session, the JSON report,
the headline rows and the breaches ``report --check`` exits on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.figures import families
from supervisor_tui.figures import family as family_of
from supervisor_tui.figures.spec import Family, Headline
from supervisor_tui.scope import Scope
from supervisor_tui.status import NO_DATA, Level
from supervisor_tui.timeutil import iso_z


def missing(family: Family, session: Session) -> str | None:
    """Why ``family`` cannot be computed on this database (None: it can)."""
    if session.schema_version < family.schema:
        return f"needs schema {family.schema} (run supervisor-tui migrate)"
    absent = [t for t in family.tables if t not in session.tables]
    if absent:
        return f"no {', '.join(absent)} table"
    return None


@dataclass(frozen=True)
class Figures:
    """Each family's figures (None where the database cannot hold them, with the reason)."""

    scope: Scope
    schema_version: int
    data: dict[str, Any]
    unavailable: dict[str, str]
    #: Set by :func:`tick`: the as-of time of the families it kept (those that do not tick).
    held_as_of: datetime | None = None

    def of(self, family_id: str) -> Any:
        return self.data.get(family_id)

    def ticking_ids(self) -> frozenset[str]:
        """The families whose figures change by the second as the clock moves though nothing
        is written (``Family.ticking``)."""
        return frozenset(
            family.id
            for family in families()
            if family.ticking is not None
            and self.data.get(family.id) is not None
            and family.ticking(self.data[family.id])
        )

    def ticking(self) -> bool:
        """True when some family's figures tick (:meth:`ticking_ids`)."""
        return bool(self.ticking_ids())


def read(session: Session, scope: Scope, *, surface: str | None = None) -> Figures:
    """Fetch every family (on ``surface``, or all) in one attached session."""
    data: dict[str, Any] = {}
    unavailable: dict[str, str] = {}
    for family in families():
        if surface is not None and not family.on(surface):
            continue
        reason = missing(family, session)
        if reason is not None:
            unavailable[family.id] = reason
            data[family.id] = None
        else:
            data[family.id] = family.fetch(session, scope)
    return Figures(scope, session.schema_version, data, unavailable)


def tick(session: Session, previous: Figures, scope: Scope) -> Figures:
    """``previous`` moved on to ``scope`` (the same scope at a later as-of time, on a file
    nothing has written to since): the families that tick are read again at ``scope``, the
    others are kept as ``previous`` had them, as at ``held_as_of``. Their figures at
    ``scope`` could differ only as the clock moves (a deadline passing, a record leaving the
    window), which a live screen shows at most ``app.HOLD_UNCHANGED_SECONDS`` late when
    nothing is written."""
    if previous.scope.with_(as_of=scope.as_of) != scope or scope.as_of < previous.scope.as_of:
        raise ValueError("tick needs the same scope at the same or a later as-of time")
    data = dict(previous.data)
    for family_id in previous.ticking_ids():
        data[family_id] = family_of(family_id).fetch(session, scope)
    held_as_of = previous.held_as_of or previous.scope.as_of
    return Figures(scope, previous.schema_version, data, previous.unavailable, held_as_of)


def to_json(figures: Figures) -> dict[str, Any]:
    """The JSON report (docs/metrics.md, "The JSON report"): each family at its path."""
    scope = figures.scope
    out: dict[str, Any] = {
        "schema_version": figures.schema_version,
        "as_of": iso_z(scope.as_of),
        "window": {"start": iso_z(scope.window_start), "end": iso_z(scope.as_of)},
        "area": scope.area,
    }
    if scope.team is not None:
        out["team"] = scope.team
    for family in families():
        if not family.on("json") or family.json_path is None or family.id not in figures.data:
            continue
        value = figures.data[family.id]
        section = None if value is None or family.to_json is None else family.to_json(value, scope)
        node = out
        for part in family.json_path[:-1]:
            node = node.setdefault(part, {})
        node[family.json_path[-1]] = section
    return out


def report(session: Session, scope: Scope) -> dict[str, Any]:
    """Every family's figures, in the JSON report's shape."""
    return to_json(read(session, scope, surface="json"))


def headlines(figures: Figures, *, surface: str = "briefing") -> list[Headline]:
    """Every family's headline rows (on ``surface``), in family order; a family the database
    cannot hold gives one NO DATA row saying why."""
    t: Thresholds = figures.scope.thresholds
    rows: list[Headline] = []
    for family in families():
        if not family.on(surface) or family.id not in figures.data:
            continue
        value = figures.data[family.id]
        if value is None:
            reason = figures.unavailable.get(family.id, "")
            rows.append(Headline(family.id, family.title, "–", reason, NO_DATA))
        else:
            rows.extend(family.headlines(value, t))
    return rows


def breaches(figures: Figures) -> list[Headline]:
    """The headline figures that breach their target (what ``report --check`` alerts on)."""
    return [
        row
        for row in headlines(figures, surface="check")
        if row.status is not None and row.status.level is Level.BREACH
    ]
