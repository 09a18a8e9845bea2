"""Crime picture: published street crimes (data.police.uk) in the latest month at or before
T against the months before it (``queries/crime_picture.sql``). Monthly, not live."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from supervisor_tui import fmt, metrics
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import Family, Headline, rows_of
from supervisor_tui.scope import Scope

ARROWS: dict[str | None, str] = {"up": "▲", "down": "▼", "flat": "▶", None: "–"}


@dataclass(frozen=True)
class CrimeFigures:
    """The scope's row, its crime types and areas (``metrics.crime_picture`` rows)."""

    whole: dict[str, Any] | None
    types: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    extent: dict[str, Any] = field(default_factory=dict)
    force_month: date | None = None  # the force's latest month when the area has none
    area: str | None = None


def fetch(session: Session, scope: Scope) -> CrimeFigures:
    whole = metrics.crime_picture(session, scope)
    if whole.is_empty():
        extent = metrics.street_crimes_extent(session)
        force_month = None
        if scope.area is not None and extent.get("rows"):
            force = metrics.crime_picture(session, scope.with_(area=None))
            force_month = force["month"][0] if force.height else None
        return CrimeFigures(None, extent=extent, force_month=force_month, area=scope.area)
    areas = metrics.crime_picture(session, scope, by="area").sort(
        ["crimes", "area_code"], descending=[True, False], nulls_last=True
    )
    return CrimeFigures(
        whole=whole.row(0, named=True),
        types=rows_of(metrics.crime_picture(session, scope, by="type")),
        areas=rows_of(areas),
        area=scope.area,
    )


def headlines(data: CrimeFigures, t: Thresholds) -> list[Headline]:
    row = data.whole
    if row is None:
        return [Headline("crime_picture.crimes", "Street crimes, latest month", fmt.DASH, "", None)]
    change = "" if row["change_pct"] is None else f" ({ARROWS[row['trend']]} "
    if change:
        change += f"{row['change_pct']:+.1f} %)"
    return [
        Headline(
            "crime_picture.crimes",
            f"Street crimes, {row['month']:%B %Y}",
            f"{fmt.count(row['crimes'])}{change}",
            "",
            None,
        )
    ]


FAMILIES = (
    Family(
        id="crime_picture",
        title="Crime picture",
        order=900,
        summary="published street crimes in the latest month against the months before it",
        fetch=fetch,
        headlines=headlines,
        tables=("street_crimes",),
        list_query="street_crimes_month",
        list_key="crime_id",
        not_on={
            "json": "published monthly weeks after the month ends: not a shift figure",
            "briefing": "published monthly weeks after the month ends: not a shift figure",
            "check": "informational: no target",
        },
    ),
)
