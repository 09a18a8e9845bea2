"""Call handling: 999 answered within the national standard, 101 abandonment (one family per
line; both read ``queries/calls_summary.sql``)."""

from __future__ import annotations

from typing import Any

from supervisor_tui import fmt, metrics, status
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.figures.spec import Detail, Family, Headline, Setting, percent, positive
from supervisor_tui.scope import Scope

SETTINGS = (
    Setting("calls", "answer_target_s", 10.0, "seconds > 0", positive,
            help="a 999 call is answered in target within this many seconds"),
    Setting("calls", "answered_within_target_pct", 90.0, "0-100", percent,
            help="share of 999 calls to answer within the target (national standard 90 %)"),
    Setting("calls", "abandoned_max_pct", 10.0, "0-100", percent,
            help="101 abandonment must stay under this share"),
)  # fmt: skip

#: The line's figures in the JSON report (docs/metrics.md, "Calls").
FIGURES: tuple[str, ...] = (
    "presented",
    "answered",
    "abandoned",
    "waiting",
    "waiting_now",
    "answered_within_10s",
    "answered_within_10s_pct",
    "abandoned_pct",
    "mean_answer_s",
    "longest_wait_now_s",
)


def figures_of(row: dict[str, Any] | None, names: tuple[str, ...]) -> dict[str, Any]:
    """``names`` from ``row``; a missing count is 0, a missing %/seconds figure None."""
    row = row or {}
    out: dict[str, Any] = {}
    for name in names:
        value = row.get(name)
        if value is None and not name.endswith(("_pct", "_s")):
            value = 0
        out[name] = value
    return out


def _fetch(line: str):
    """The window's figures for ``line``; ``waiting_now`` and ``longest_wait_now_s`` are
    state at T (every call still waiting, whenever it was presented)."""

    def fetch(session: Session, scope: Scope) -> dict[str, Any]:
        rows = [r for r in metrics.calls_summary(session, scope).iter_rows(named=True)]
        now = session.query("calls_waiting_now", scope.params())
        waiting = {r["line"]: r for r in now.iter_rows(named=True)}
        row = next((r for r in rows if r["line"] == line), None)
        return figures_of({**(row or {}), **waiting.get(line, {})}, FIGURES)

    return fetch


def headlines_999(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    value = data["answered_within_10s_pct"]
    target = t.answered_within_target_pct
    return [
        Headline(
            "calls.999.answered_within_10s_pct",
            f"999 answered within {fmt.num(t.answer_target_s)} s",
            fmt.pct(value, (target, target + t.near_margin_pct)),
            f"≥ {fmt.num(target)} %",
            status.calls_999(value, t),
        )
    ]


def headlines_101(data: dict[str, Any], t: Thresholds) -> list[Headline]:
    value = data["abandoned_pct"]
    limit = t.abandoned_max_pct
    return [
        Headline(
            "calls.101.abandoned_pct",
            "101 abandoned",
            fmt.pct(value, (limit, limit - t.near_margin_pct)),
            f"< {fmt.num(limit)} %",
            status.calls_101(value, t),
        )
    ]


def details(data: dict[str, Any], t: Thresholds) -> list[Detail]:
    waiting = int(data.get("waiting_now") or 0)
    longest = fmt.duration_s(data.get("longest_wait_now_s")) if waiting else "none waiting"
    return [
        Detail("presented", fmt.count(data["presented"])),
        Detail("answered", fmt.count(data["answered"])),
        Detail("abandoned", fmt.count(data["abandoned"])),
        Detail("waiting now", fmt.count(waiting)),
        Detail("longest wait now", longest, alert=waiting > 0),
    ]


def _family(line: str, order: int, summary: str, headlines: Any) -> Family:
    return Family(
        id=f"calls_{line}",
        title=f"{line} calls",
        order=order,
        summary=summary,
        fetch=_fetch(line),
        headlines=headlines,
        details=details,
        tables=("calls",),
        json_path=("calls", line),
        to_json=lambda data, scope: data,
        list_query="calls_classified",
        list_key="call_id",
        force_wide=True,
        empty=lambda data: not data["presented"],
        ticking=lambda data: bool(data.get("waiting_now")),
    )


FAMILIES = (
    _family("999", 10, "999 calls answered within the target time, against the standard",
            headlines_999),
    _family("101", 20, "101 calls abandoned before an answer, against the limit", headlines_101),
)  # fmt: skip
