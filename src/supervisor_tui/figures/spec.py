"""What a figure family declares: the one place each figure is defined above its SQL.

A figure family is one module in :mod:`supervisor_tui.figures` exposing ``SETTINGS`` (its
thresholds) and ``FAMILIES`` (one :class:`Family` per home panel). Everything else — the home
panels and their order, the drill-down lists, the briefing, ``report --format json``,
``report --check``, the config file, the help screen, the benchmark refresh and the action
queue — is derived from these declarations (see docs/adding-a-figure.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from supervisor_tui.config import SETTING_MAX
from supervisor_tui.status import NO_DATA, Status, worst

if TYPE_CHECKING:
    from supervisor_tui.config import Thresholds
    from supervisor_tui.coverage import Coverage
    from supervisor_tui.db import Session
    from supervisor_tui.scope import Scope

#: The surfaces every family appears on (unless it declares why not in ``Family.not_on``).
SURFACES: tuple[str, ...] = ("home", "help", "briefing", "json", "check", "docs")


@dataclass(frozen=True)
class Setting:
    """One threshold in the config file: ``[section] key = default``.

    ``name`` is the :class:`~supervisor_tui.config.Thresholds` attribute and the query
    parameter (``$name``); it is ``key`` unless given. ``params`` turns the value into extra
    query parameters (for example a minimum rank into the list of ranks at or above it).
    """

    section: str
    key: str
    default: Any
    hint: str
    check: Callable[[Any], bool] | None = None
    attr: str | None = None
    help: str = ""
    params: Callable[[Any], dict[str, object]] | None = None

    @property
    def name(self) -> str:
        return self.attr or self.key

    @property
    def kind(self) -> type:
        return type(self.default)

    @property
    def where(self) -> str:
        return f"{self.section}.{self.key}"

    def param_values(self, value: Any) -> dict[str, object]:
        out: dict[str, object] = {self.name: float(value) if self.kind is float else value}
        if self.params is not None:
            out.update(self.params(value))
        return out


def positive(value: float) -> bool:
    return 0 < value <= SETTING_MAX


def percent(value: float) -> bool:
    return 0 <= value <= 100


def non_negative(value: float) -> bool:
    return 0 <= value <= SETTING_MAX


@dataclass(frozen=True)
class Headline:
    """One headline figure as every surface shows it: label, value, target and status
    (``None``: informational, no target). ``key`` is its path in the JSON report."""

    key: str
    label: str
    value: str
    target: str
    status: Status | None


@dataclass(frozen=True)
class Detail:
    """A supporting figure shown under the headlines (no target, no status)."""

    label: str
    value: str
    alert: bool = False


@dataclass(frozen=True)
class Section:
    """A list in the briefing: columns are (header, align) with align ``l``, ``r`` or ``l*``
    (left, shortened to fit); rows are the cells as text; ``empty`` is said when none."""

    title: str
    columns: list[tuple[str, str]]
    rows: list[list[str]]
    empty: str


@dataclass(frozen=True)
class OverdueList:
    """How a family's briefing lists its overdue items: the title, the item and owner
    headers, which time to show (``due_at`` or ``started_at``, with its header), whether to
    name each item's kind, and what to say when there are none."""

    title: str
    empty: str
    item: str = "Item"
    owner: str = "Officer"
    when: tuple[str, str] = ("Due", "due_at")
    show_kind: bool = True


@dataclass(frozen=True)
class Clock:
    """A deadline: one query returning one row per item —
    ``kind, item_id, area_code, team_id, officer_id, started_at, due_at, done_at, label`` —
    classified at T by :mod:`supervisor_tui.deadlines` (overdue, due soon, …).

    ``horizon`` names the setting that says how far ahead "due soon" looks, in
    ``horizon_unit``. ``strict``: overdue only once T is past due_at (attendance), instead of
    at due_at. ``record`` is the kind of record its item_id opens (``incident``, ``suspect``,
    ``crime``, ``bail``, …).
    """

    kind: str
    title: str
    query: str
    horizon: str
    horizon_unit: timedelta
    record: str
    strict: bool = False
    #: A short name for narrow places (a home panel): ``G1 attendance``.
    short: str = ""
    #: Instead of ``query``: rows computed in Python from core queries (for deadlines SQL
    #: cannot say well, such as working days with bank holidays). Same columns as a query.
    compute: Callable[[Session, Scope], Any] | None = None

    def horizon_of(self, thresholds: Thresholds) -> timedelta:
        return self.horizon_unit * getattr(thresholds, self.horizon)


Fetch = Callable[["Session", "Scope"], Any]


@dataclass(frozen=True)
class Family:
    """A figure family: one home panel's figures and every surface's view of them.

    ``fetch`` reads the figures (core queries only) into a typed value; ``to_json`` gives the
    report's section (placed at ``json_path``); ``headlines`` the labelled figures with
    targets and statuses (the panel's status is exactly the worst of them); ``details`` the
    supporting figures; ``sections`` the briefing's lists. ``tables`` are the tables it reads:
    when one is absent the family shows NO DATA (``null`` in JSON), never an error.
    ``names`` are the columns of its rows that hold personal names (hidden by ``--redact``).
    ``list_query`` / ``list_key``: the drill-down list behind the panel and its row key.
    """

    id: str
    title: str
    order: int
    summary: str
    fetch: Fetch
    headlines: Callable[[Any, Thresholds], list[Headline]]
    tables: tuple[str, ...]
    json_path: tuple[str, ...] | None = None
    to_json: Callable[[Any, Scope], Any] | None = None
    details: Callable[[Any, Thresholds], list[Detail]] | None = None
    sections: Callable[[Session, Scope, Any, int, str, bool], list[Section]] | None = None
    list_query: str | None = None
    list_key: str | None = None
    #: The list's columns as (column, label, kind) — kinds as in the drill-down tables:
    #: text, int, dec1, time, time_s, flag, yesno, duration_s, duration_min.
    list_columns: tuple[tuple[str, str, str], ...] = ()
    names: tuple[str, ...] = ()
    clocks: tuple[Clock, ...] = ()
    #: Figures with no area (calls): "force-wide" under an area filter.
    force_wide: bool = False
    #: The schema version that holds ``tables``.
    schema: int = 1
    #: True when zeros mean "nothing to count" rather than "nothing wrong" (NO DATA).
    empty: Callable[[Any], bool] | None = None
    #: Why there is nothing to count at T (``None``: there is something).
    gap: Callable[[Coverage, datetime], str | None] | None = None
    #: Surfaces this family is deliberately not on, with the reason (see ``SURFACES``).
    not_on: dict[str, str] = field(default_factory=dict)
    #: True when these figures change from second to second as the clock moves though
    #: nothing is written (a call waiting: its wait, and whether it is answered in time).
    #: A live screen whose database is unchanged holds its as-of time for a while
    #: (``app.HOLD_UNCHANGED_SECONDS``) unless some family on it ticks.
    ticking: Callable[[Any], bool] | None = None

    def status(self, data: Any, thresholds: Thresholds) -> Status | None:
        """The panel's status: the worst of its headline statuses (None: no target)."""
        return worst(*(h.status for h in self.headlines(data, thresholds)))

    def gap_reason(self, data: Any, coverage: Coverage | None, as_of: datetime) -> str | None:
        """Why this family's zeros mean "no data" rather than "nothing wrong" at ``as_of``
        (an empty database, a time before its first record), or None: its figures are
        ``empty`` and the database's coverage has a gap for it."""
        if self.empty is None or coverage is None or not self.empty(data):
            return None
        if self.gap is not None:
            return self.gap(coverage, as_of)
        return coverage.gap(as_of)

    def shown_status(
        self, data: Any, thresholds: Thresholds, coverage: Coverage | None, as_of: datetime
    ) -> Status | None:
        """The status a surface shows: :meth:`status`, or NO DATA when there is nothing to
        count (:meth:`gap_reason`)."""
        current = self.status(data, thresholds)
        if current is not None and self.gap_reason(data, coverage, as_of) is not None:
            return NO_DATA
        return current

    def on(self, surface: str) -> bool:
        return surface not in self.not_on


def rows_of(frame: Any) -> list[dict[str, Any]]:
    """A polars frame's rows as dicts (for small frames handed to presentation)."""
    return list(frame.iter_rows(named=True))


def first_row(frame: Any) -> dict[str, Any]:
    return frame.row(0, named=True) if frame.height else {}


#: Settings that belong to every status rather than one family.
STATUS_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "status",
        "near_margin_pct",
        2.0,
        "0-100",
        percent,
        help="points within a target that read ▲ NEAR instead of ✔ OK",
    ),
)
