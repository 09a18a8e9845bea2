"""The list behind a family that has no drill-down layout of its own: its ``list_query``
rows, with the columns the family declares (``Family.list_columns``)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from supervisor_tui import metrics
from supervisor_tui.app.drill.columns import KINDS, Col
from supervisor_tui.app.drill.listing import ListScreen
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import Family


def family_cols(family: Family) -> tuple[Col, ...]:
    cols = []
    for key, label, kind in family.list_columns:
        cols.append(Col(key, label, kind if kind in KINDS else "text", key in family.names))
    if not cols and family.list_key:
        cols.append(Col(family.list_key, family.list_key))
    return tuple(cols)


class FamilyList(ListScreen):
    """Every row of the family's list query for the scope."""

    def __init__(self, family: Family, where: pl.Expr | None = None) -> None:
        self.family = family
        self.cols: Sequence[Col] = family_cols(family)  # type: ignore[misc]
        self.key = family.list_key  # type: ignore[misc]
        self.noun = "rows"  # type: ignore[misc]
        self.export_name = family.id  # type: ignore[misc]
        super().__init__(f"{family.title} › List", where)

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        assert self.family.list_query is not None
        return session.query(self.family.list_query, scope.params())
