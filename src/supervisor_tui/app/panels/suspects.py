"""Suspects: outstanding, overdue for an inspector's review, high-risk not reviewed in 24 h."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

from supervisor_tui import metrics, status
from supervisor_tui.app.coverage import Coverage
from supervisor_tui.app.panels.base import Panel, count, worst
from supervisor_tui.db import Session

NO_SUSPECTS = "no suspects in the database"


class SuspectsPanel(Panel):
    PANEL_ID = "suspects"
    TITLE = "Suspects"
    COUNTS_RECORDS = True

    def fetch(self, session: Session, scope: metrics.Scope) -> dict[str, Any]:
        summary = metrics.suspects_summary(session, scope)
        return summary.row(0, named=True) if summary.height else {}

    def status(self, data: dict[str, Any]) -> status.Status | None:
        return worst(
            status.zero(data.get("over_90_days_unreviewed", 0)),
            status.zero(data.get("high_risk_not_reviewed_24h", 0)),
        )

    def is_empty(self, data: dict[str, Any]) -> bool:
        return not data.get("outstanding")

    def gap_reason(self, coverage: Coverage, as_of: datetime) -> str | None:
        return NO_SUSPECTS if not coverage.suspects else coverage.gap(as_of)

    def headline(self, data: dict[str, Any]) -> Text:
        line = Text(end="")
        line.append(count(data.get("outstanding", 0)), self.style("figure"))
        line.append(" outstanding", self.style("label"))
        return line

    def body(self, data: dict[str, Any], width: int) -> list[Text]:
        t = self.thresholds
        over = int(data.get("over_90_days_unreviewed") or 0)
        high = int(data.get("high_risk_not_reviewed_24h") or 0)
        return [
            self.labelled((f"> {t.review_after_days} days, no {t.review_min_rank} review",
                           count(over)), alert=over > 0),
            self.labelled((f"high risk, not reviewed in {t.high_risk_review_hours} h",
                           count(high)), alert=high > 0),
            self.labelled(("high risk outstanding", count(data.get("high_risk", 0)))),
            self.labelled(("target:", "none overdue")),
        ]  # fmt: skip
