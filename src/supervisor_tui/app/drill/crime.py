"""Crime picture drill-down: by area → by crime type → the month's street crimes.

Every figure is a row of ``metrics.crime_picture`` (latest published month against the
average of the months before it); the screens only narrow those rows to an area or a crime
type with polars expressions built from row keys, never from typed text. The window does not
apply (the data is monthly); the area filter and the as-of time do.
"""

from __future__ import annotations

import polars as pl
from textual.screen import Screen

from supervisor_tui import metrics
from supervisor_tui.app.drill.breakdowns import (
    ALL,
    BUCKET,
    LABEL,
    NAME,
    NO_AREA,
    AreaBreakdown,
    Breakdown,
    _all_first,
)
from supervisor_tui.app.drill.columns import Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.app.drill.table import DrillTable
from supervisor_tui.db import Session

MONTH = "month_label"
TREND = "trend_label"
#: The change as a symbol and a word (never colour alone).
TREND_TEXT = {"up": "▲ up", "down": "▼ down", "flat": "▶ flat"}

#: The latest month's count, the average month, the change (trend first: it is what the eye
#: looks for on a narrow screen), then the month and how many months the average covers.
FIGURE_COLS: tuple[Col, ...] = (
    Col("crimes", "Crimes", "int"),
    Col("average", "Average", "dec1"),
    Col("change_pct", "Change %", "dec1"),
    Col(TREND, "Trend"),
    Col("change", "Change", "dec1"),
    Col(MONTH, "Month"),
    Col("baseline_months", "Months averaged", "int"),
)


def labelled(frame: pl.DataFrame) -> pl.DataFrame:
    """The core's rows with the month and the trend as text for the table."""
    return frame.with_columns(
        pl.col("month").dt.strftime("%b %Y").alias(MONTH),
        pl.col("trend")
        .replace_strict(TREND_TEXT, default="–", return_dtype=pl.String)
        .alias(TREND),
    )


def area_where(key: str) -> pl.Expr | None:
    """Rows of area ``key`` (a breakdown bucket): None for the whole scope."""
    if key == ALL:
        return None
    if key == NO_AREA:
        return pl.col("area_code").is_null()
    return pl.col("area_code") == key


class CrimeByArea(AreaBreakdown):
    """Street crimes in the latest published month per area against the average month."""

    export_name = "crime-picture-by-area"
    cols = (Col(LABEL, "Area"), Col(NAME, "Name"), *FIGURE_COLS)

    def __init__(self) -> None:
        super().__init__("Crime picture › By area")

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        whole = labelled(metrics.crime_picture(session, scope))
        parts = labelled(metrics.crime_picture(session, scope, by="area"))
        return self.area_rows(whole, parts, scope)

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        label, _where = self.area_filter(key)
        return CrimeByType(label, key)


class CrimeByType(Breakdown):
    """One area's (or the whole scope's) street crimes per crime type, latest month against
    the average month."""

    export_name = "crime-picture-by-type"
    noun = "crime types"
    cols = (Col(LABEL, "Crime type"), *FIGURE_COLS)

    def __init__(self, area_label: str, area_key: str) -> None:
        super().__init__(f"{area_label} › By crime type")
        self.area_label = area_label
        self.area_key = area_key

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        where = area_where(self.area_key)
        if where is None:
            whole = metrics.crime_picture(session, scope)
            parts = metrics.crime_picture(session, scope, by="type")
        else:
            whole = metrics.crime_picture(session, scope, by="area").filter(where)
            parts = metrics.crime_picture(session, scope, by="area_type").filter(where)
        parts = labelled(parts).with_columns(
            pl.col("crime_type").alias(BUCKET), pl.col("crime_type").alias(LABEL)
        )
        return _all_first(labelled(whole), parts, "All crime types")

    def open_row(self, table: DrillTable, key: str) -> Screen | None:
        where = area_where(self.area_key)
        if key == ALL:
            return StreetCrimesList("All crime types", where)
        of_type = pl.col("crime_type") == key
        return StreetCrimesList(key, of_type if where is None else where & of_type)


class StreetCrimesList(ListScreen):
    """The street crimes of the latest published month (of one area and crime type)."""

    export_name = "street-crimes"
    noun = "street crimes"
    key = "row_key"
    cols = (
        Col(MONTH, "Month"),
        Col("location", "Location"),
        Col("lsoa_name", "LSOA"),
        Col("last_outcome", "Last outcome"),
        Col("crime_type", "Crime type"),
        Col("area_code", "Area"),
        Col("crime_id", "Crime ID"),
    )

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        frame = metrics.street_crimes_month(session, scope)
        return frame.with_columns(pl.col("month").dt.strftime("%b %Y").alias(MONTH))
