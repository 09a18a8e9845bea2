"""The generic list screen: one keyed table of what a core list function returned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import polars as pl
from textual.app import ComposeResult

from supervisor_tui import metrics
from supervisor_tui.app.drill.columns import Col, view_frame
from supervisor_tui.app.drill.table import TableView
from supervisor_tui.db import Session
from supervisor_tui.redact import redact_frame

from .base import DrillScreen


def personal(cols: Sequence[Col]) -> list[str]:
    return [c.key for c in cols if c.personal]


def redacted(df: pl.DataFrame, cols: Sequence[Col], redact: bool) -> pl.DataFrame:
    """``df`` with the personal-name columns masked when ``redact`` is on."""
    names = personal(cols)
    return redact_frame(df, names) if redact and names else df


class ListScreen(DrillScreen):
    """A list of rows keyed by ``key``; ``where`` narrows it to the bucket drilled from.

    ``where`` is a polars expression built from values (never from typed text): e.g. the
    calls of one hour, the incidents of one area.
    """

    cols: ClassVar[Sequence[Col]] = ()
    key: ClassVar[str | None] = None
    carry: ClassVar[Sequence[str]] = ()
    noun: ClassVar[str] = "rows"
    default_sort: ClassVar[tuple[int, bool] | None] = None
    pinned: ClassVar[Sequence[str]] = ()

    def __init__(self, crumb: str, where: pl.Expr | None = None) -> None:
        super().__init__(crumb)
        self.where = where

    def compose_body(self) -> ComposeResult:
        yield TableView(
            self.cols,
            noun=self.noun,
            default_sort=self.default_sort,
            pinned=self.pinned,
            id="list",
        )

    @property
    def table_view(self) -> TableView:
        return self.query_one("#list", TableView)

    def rows(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        """The core's list for ``scope`` (worker thread)."""
        raise NotImplementedError

    def fetch(self, session: Session, scope: metrics.Scope) -> pl.DataFrame:
        df = self.rows(session, scope)
        self.read_as_of = scope.as_of  # "today" of the compact dates
        return df.filter(self.where) if self.where is not None else df

    def prepare(self, data: Any, redact: bool) -> pl.DataFrame:
        df = redacted(data, self.cols, redact)
        as_of = getattr(self, "read_as_of", None) or self.dashboard.scope.as_of
        return view_frame(df, self.cols, self.tz, self.key, self.carry, as_of=as_of)

    def show(self, prepared: Any) -> None:
        self.table_view.set_view(prepared)
