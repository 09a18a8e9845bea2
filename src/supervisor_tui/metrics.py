"""The figures: each one computed by exactly one query in ``queries/``.

Every function takes an open :class:`~supervisor_tui.db.Session` and a :class:`Scope` (as-of,
window, area, team, thresholds) and returns a polars frame or a small dataclass. The figure
families (:mod:`supervisor_tui.figures`) are built on these; none restates a definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from supervisor_tui.db import Session
from supervisor_tui.scope import Scope

__all__ = ["Scope"]


# --- summaries (home-screen figures) -------------------------------------------------------


def calls_summary(session: Session, scope: Scope, *, by_hour: bool = False) -> pl.DataFrame:
    """Per line (and per hour when asked): presented, answered, ... longest_wait_now_s."""
    return session.query("calls_summary", scope.params(by_hour=by_hour)).drop(*_PER_HANDLER)


#: Columns of calls_summary that only the by-handler breakdown reads (call_handling).
_PER_HANDLER = ("handler_id", "target_base")


def attendance_summary(
    session: Session, scope: Scope, *, by_area: bool = False, by_hour: bool = False
) -> pl.DataFrame:
    """Per grade 1 and 2 (and per area / hour when asked): opened, due, late, late_pct, ..."""
    return session.query("attendance_summary", scope.params(by_area=by_area, by_hour=by_hour))


def suspects_summary(session: Session, scope: Scope, *, by_area: bool = False) -> pl.DataFrame:
    return session.query("suspects_summary", scope.params(by_area=by_area))


def on_duty_summary(session: Session, scope: Scope, *, by_area: bool = False) -> pl.DataFrame:
    return session.query("on_duty_summary", scope.params(by_area=by_area))


# --- lists (drill-down) --------------------------------------------------------------------


def calls_list(session: Session, scope: Scope) -> pl.DataFrame:
    return session.query("calls_classified", scope.params()).sort("presented_at")


def incidents_list(session: Session, scope: Scope) -> pl.DataFrame:
    """Grade 1 and 2 incidents in the window with their attendance classification."""
    return session.query("attendance_classified", scope.params()).sort("opened_at")


def workload_list(session: Session, scope: Scope) -> pl.DataFrame:
    """Every officer in charge of open crimes with outstanding suspects, most first."""
    return session.query("workload_officers", scope.params())


def suspects_list(session: Session, scope: Scope) -> pl.DataFrame:
    return session.query("suspects_classified", scope.params()).sort(
        ["outstanding_since", "suspect_id"]
    )


def on_duty_list(session: Session, scope: Scope) -> pl.DataFrame:
    return session.query("on_duty_officers", scope.params())


def areas(session: Session) -> pl.DataFrame:
    return session.query("areas")


def data_extent(session: Session) -> dict[str, Any]:
    return session.query("data_extent").row(0, named=True)


# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentRecord:
    incident: dict[str, Any]
    calls: pl.DataFrame
    deployments: pl.DataFrame
    timeline: pl.DataFrame


#: A record shows all of its calls, not only the window's: they are classified from here.
EARLIEST = datetime(1970, 1, 1)


@dataclass(frozen=True)
class OfficerRecord:
    officer: dict[str, Any]
    crimes: pl.DataFrame


@dataclass(frozen=True)
class SuspectRecord:
    suspect: dict[str, Any]
    reviews: pl.DataFrame


def incident_record(session: Session, scope: Scope, incident_id: str) -> IncidentRecord | None:
    params = scope.params(incident_id=incident_id)
    found = session.query("incident_record", params)
    if found.is_empty():
        return None
    return IncidentRecord(
        incident=found.row(0, named=True),
        calls=session.query("drill_incident_calls", {**params, "window_start": EARLIEST}),
        deployments=session.query("incident_deployments", params),
        timeline=session.query("incident_timeline", params),
    )


def officer_record(session: Session, scope: Scope, officer_id: str) -> OfficerRecord | None:
    params = scope.params(officer_id=officer_id)
    found = session.query("officer_record", params)
    if found.is_empty():
        return None
    return OfficerRecord(
        officer=found.row(0, named=True), crimes=session.query("officer_crimes", params)
    )


def suspect_record(session: Session, scope: Scope, suspect_id: str) -> SuspectRecord | None:
    params = scope.params(suspect_id=suspect_id)
    found = session.query("suspect_record", params)
    if found.is_empty():
        return None
    return SuspectRecord(
        suspect=found.row(0, named=True), reviews=session.query("suspect_reviews", params)
    )


# --- the report ----------------------------------------------------------------------------


def report(session: Session, scope: Scope) -> dict[str, Any]:
    """Every headline figure, in the JSON report's shape (docs/metrics.md): the registry's
    families, each at its place (:mod:`supervisor_tui.figures.report`)."""
    from supervisor_tui.figures.report import report as registry_report

    return registry_report(session, scope)


# --- crime picture (published street crimes, data.police.uk) -------------------------------

#: Months before the latest published month whose average it is compared with.
CRIME_BASELINE_MONTHS = 11
#: A change within this many per cent of the average reads as flat (▶), beyond it up or down.
CRIME_FLAT_PCT = 5.0
CRIME_PICTURE_BY: tuple[str | None, ...] = (None, "area", "type", "area_type")


def _crime_params(
    scope: Scope, baseline_months: int, flat_pct: float, **extra: object
) -> dict[str, object]:
    if isinstance(baseline_months, bool) or not isinstance(baseline_months, int):
        raise TypeError(f"baseline_months must be a whole number, not {baseline_months!r}")
    if baseline_months < 1:
        raise ValueError(f"baseline_months must be 1 or more, not {baseline_months}")
    return scope.params(baseline_months=baseline_months, crime_flat_pct=float(flat_pct), **extra)


def crime_picture(
    session: Session,
    scope: Scope,
    *,
    by: str | None = None,
    baseline_months: int = CRIME_BASELINE_MONTHS,
    flat_pct: float = CRIME_FLAT_PCT,
) -> pl.DataFrame:
    """Street crimes in the latest published month at or before ``scope.as_of`` against the
    average of up to ``baseline_months`` months before it (queries/crime_picture.sql).

    ``by``: None (one row for the scope), ``"area"``, ``"type"`` or ``"area_type"``. Columns:
    area_code, crime_type, month, crimes, baseline_months, baseline_total, average, change,
    change_pct, trend ('up', 'down', 'flat'; None without an earlier month). ``scope.area``
    filters by area; the window does not apply (the data is monthly). No rows when no month
    is published at or before the as-of time.
    """
    if by not in CRIME_PICTURE_BY:
        raise ValueError(f"by must be one of {CRIME_PICTURE_BY}, not {by!r}")
    params = _crime_params(scope, baseline_months, flat_pct)
    # One query gives every grouping (a read runs it once for the panel's three views).
    every = session.query("crime_picture", params)
    return every.filter(
        (pl.col("by_area") == (by in ("area", "area_type")))
        & (pl.col("by_type") == (by in ("type", "area_type")))
    ).drop("by_area", "by_type")


def street_crimes_month(
    session: Session, scope: Scope, *, baseline_months: int = CRIME_BASELINE_MONTHS
) -> pl.DataFrame:
    """The street crimes of the month :func:`crime_picture` calls latest (``scope.area``
    filters by area; the force has every row), by crime type then LSOA."""
    params = _crime_params(scope, baseline_months, CRIME_FLAT_PCT)
    return session.query("street_crimes_month", params)


def street_crimes_extent(session: Session) -> dict[str, Any]:
    """Published street crimes held: rows, first_month, last_month (None when empty)."""
    return session.query("street_crimes_extent").row(0, named=True)


# --- per-day trends (the dashboard's 7d and 28d sparklines) --------------------------------


def calls_summary_by_day(session: Session, scope: Scope) -> pl.DataFrame:
    """:func:`calls_summary` per line and per day presented (column ``day``, UTC days)."""
    return session.query("calls_summary", scope.params(by_day=True)).drop(*_PER_HANDLER)


def attendance_summary_by_day(session: Session, scope: Scope) -> pl.DataFrame:
    """:func:`attendance_summary` per grade and per day opened (column ``day``, UTC days)."""
    return session.query("attendance_summary", scope.params(by_day=True))
