"""The start-of-shift briefing: headline figures and the lists a sergeant acts on first.

:func:`collect` reads everything through the same core functions as the dashboard
(:func:`metrics.report`, :func:`metrics.incidents_list`, :func:`metrics.workload_list`,
:func:`metrics.suspects_list`, :func:`metrics.on_duty_summary`); nothing here computes a
figure, it only picks, orders and formats rows. :func:`render_text` builds Rich renderables
that fit 80 columns; :func:`render_markdown` builds Markdown for e-mail or a briefing document.
Text from the database is always shown literally (never parsed as Rich markup or Markdown).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import polars as pl
from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from supervisor_tui import metrics, status
from supervisor_tui.config import Thresholds
from supervisor_tui.db import Session
from supervisor_tui.redact import redact_frame
from supervisor_tui.status import Level, Status
from supervisor_tui.timeutil import format_window, to_local

#: Rows shown per list; the heading says how many there are in all.
LIST_LIMIT = 10
#: Widest text output, in columns.
TEXT_WIDTH = 80
NAME_COLUMNS = ("name",)

_STATUS_STYLE = {
    Level.OK: "bold green",
    Level.NEAR: "bold yellow",
    Level.BREACH: "bold red",
    Level.NONE: "dim",
}
_RISK_ORDER = {"high": 0, "medium": 1, "standard": 2}
# Terminal escape sequences (CSI, OSC, two-byte, 8-bit CSI) and other control characters.
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(value: object) -> str:
    """``value`` as one printable line: escape sequences removed, whitespace runs and other
    control characters made single spaces. Markup characters are kept as they are."""
    text = _ESCAPE.sub("", "" if value is None else str(value))
    return " ".join(_CONTROL.sub(" ", text).split())


# --- gathering -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Briefing:
    """Everything the briefing shows, read through the core in one attached session."""

    scope: metrics.Scope
    figures: dict[str, Any]
    breaching: pl.DataFrame
    breaching_total: int
    over_trigger: pl.DataFrame
    over_trigger_total: int
    overdue_suspects: pl.DataFrame
    overdue_total: int
    on_duty_by_area: pl.DataFrame
    on_duty_total: dict[str, Any]
    area_names: dict[str, str]


def collect(
    session: Session, scope: metrics.Scope, *, limit: int = LIST_LIMIT, redact: bool = False
) -> Briefing:
    """Read the briefing's figures and lists; with ``redact`` personal names are masked."""
    figures = metrics.report(session, scope)

    incidents = metrics.incidents_list(session, scope).filter(pl.col("breaching_now"))
    breaching = incidents.sort(["opened_at", "incident_id"]).head(limit)

    over = metrics.workload_list(session, scope).filter(pl.col("over_trigger"))

    overdue = metrics.suspects_list(session, scope).filter(
        pl.col("over_90_days_unreviewed") | pl.col("high_risk_not_reviewed_24h")
    )
    overdue = overdue.with_columns(
        pl.col("risk").replace_strict(_RISK_ORDER, default=len(_RISK_ORDER)).alias("_risk_order")
    ).sort(
        ["high_risk_not_reviewed_24h", "_risk_order", "outstanding_since", "suspect_id"],
        descending=[True, False, False, False],
    )

    on_duty = metrics.on_duty_summary(session, scope, by_area=True)
    on_duty_total = metrics.on_duty_summary(session, scope)
    names = {row["area_code"]: row["name"] for row in metrics.areas(session).iter_rows(named=True)}
    over_shown = over.head(limit)
    overdue_shown = overdue.head(limit).drop("_risk_order")
    if redact:
        over_shown = redact_frame(over_shown, NAME_COLUMNS)
        overdue_shown = redact_frame(overdue_shown, NAME_COLUMNS)
    return Briefing(
        scope=scope,
        figures=figures,
        breaching=breaching,
        breaching_total=incidents.height,
        over_trigger=over_shown,
        over_trigger_total=over.height,
        overdue_suspects=overdue_shown,
        overdue_total=overdue.height,
        on_duty_by_area=on_duty,
        on_duty_total=on_duty_total.row(0, named=True) if on_duty_total.height else {},
        area_names=names,
    )


# --- headline figures and their status -----------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """One headline figure as shown: label, value, target, and status (None: no target)."""

    key: str
    label: str
    value: str
    target: str
    status: Status | None


def _num(value: float) -> str:
    return f"{value:g}"


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def headlines(figures: dict[str, Any], t: Thresholds) -> list[Headline]:
    """The headline figures of a report (``metrics.report``) with targets and statuses."""
    c999 = figures["calls"]["999"]
    c101 = figures["calls"]["101"]
    rows = [
        Headline(
            "calls.999.answered_within_10s_pct",
            f"999 answered within {_num(t.answer_target_s)} s",
            _pct(c999["answered_within_10s_pct"]),
            f"≥ {_num(t.answered_within_target_pct)} %",
            status.calls_999(c999["answered_within_10s_pct"], t),
        ),
        Headline(
            "calls.101.abandoned_pct",
            "101 abandoned",
            _pct(c101["abandoned_pct"]),
            f"< {_num(t.abandoned_max_pct)} %",
            status.calls_101(c101["abandoned_pct"], t),
        ),
    ]
    for grade in ("1", "2"):
        a = figures["attendance"][grade]
        late = _pct(a["late_pct"])
        if a["late_pct"] is not None:
            late = f"{late} ({a['late']:,} of {a['due']:,})"
        rows.append(
            Headline(
                f"attendance.{grade}.late_pct",
                f"Grade {grade} attended late",
                late,
                f"< {_num(t.late_max_pct)} %",
                status.attendance_late(a["late_pct"], t),
            )
        )
        rows.append(
            Headline(
                f"attendance.{grade}.breaching_now",
                f"Grade {grade} breaching now",
                _count(a["breaching_now"]),
                "0",
                status.zero(a["breaching_now"]),
            )
        )
    over = len(figures["workload"]["officers_over"])
    s = figures["suspects"]
    duty = figures["on_duty"]
    rows += [
        Headline(
            "workload.officers_over",
            f"Officers over workload trigger (> {t.workload_max_crimes})",
            _count(over),
            "0",
            status.zero(over),
        ),
        Headline(
            "suspects.outstanding", "Suspects outstanding", _count(s["outstanding"]), "", None
        ),
        Headline(
            "suspects.over_90_days_unreviewed",
            f"Suspects > {t.review_after_days} d, no {t.review_min_rank} review",
            _count(s["over_90_days_unreviewed"]),
            "0",
            status.zero(s["over_90_days_unreviewed"]),
        ),
        Headline(
            "suspects.high_risk_not_reviewed_24h",
            f"High-risk suspects not reviewed {t.high_risk_review_hours} h",
            _count(s["high_risk_not_reviewed_24h"]),
            "0",
            status.zero(s["high_risk_not_reviewed_24h"]),
        ),
        Headline(
            "on_duty",
            "On duty / committed",
            f"{_count(duty['officers'])} / {_count(duty['committed'])}",
            "",
            None,
        ),
    ]
    return rows


def breaches(figures: dict[str, Any], t: Thresholds) -> list[Headline]:
    """The headline figures that breach their target (what ``report --check`` alerts on)."""
    return [row for row in headlines(figures, t) if row.status and row.status.level is Level.BREACH]


# --- formatting helpers --------------------------------------------------------------------


def _local(moment: datetime | None, tz: str, fmt: str = "%d %b %H:%M") -> str:
    if moment is None:
        return ""
    return to_local(moment, tz).strftime(fmt)


def _duration(minutes: float | None) -> str:
    if minutes is None:
        return ""
    total = int(minutes)
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours:02d} h"
    if hours:
        return f"{hours} h {mins:02d} m"
    return f"{mins} m"


def _span(window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    if hours.is_integer() and hours <= 48:
        return f"{int(hours)} h"
    return format_window(window).replace("d", " days").replace("m", " min")


def _title(b: Briefing, sample: bool) -> str:
    area = b.scope.area
    where = f"{b.area_names.get(area, area)} ({area})" if area else "Whole force"
    title = f"Start-of-shift briefing · {where}"
    return f"{title} · SAMPLE DATA" if sample else title


def _when(b: Briefing, tz: str) -> list[str]:
    as_of = to_local(b.scope.as_of, tz)
    start = to_local(b.scope.window_start, tz)
    return [
        f"As of {as_of:%a %d %b %Y %H:%M %Z} · last {_span(b.scope.window)}, "
        f"since {start:%a %d %b %H:%M %Z}",
        f"Times are {tz}. Calls are force-wide.",
    ]


def _officer(row: dict[str, Any]) -> str:
    collar = row.get("collar_number") or row["officer_id"]
    name = row.get("name")
    return f"{collar} {name}" if name else str(collar)


def _overdue_reason(row: dict[str, Any], t: Thresholds) -> str:
    reasons = []
    if row["high_risk_not_reviewed_24h"]:
        reasons.append(f"{t.high_risk_review_hours} h")
    if row["over_90_days_unreviewed"]:
        reasons.append(f"{t.review_after_days} d")
    return ", ".join(reasons)


def _showing(shown: int, total: int) -> str:
    return f"{shown} of {total:,}" if total > shown else f"{total:,}"


@dataclass(frozen=True)
class _Section:
    title: str
    columns: list[tuple[str, str]]  # (header, "l", "r", or "l*": shortened to fit)
    rows: list[list[str]]
    empty: str


def _sections(b: Briefing, tz: str) -> list[_Section]:
    t = b.scope.thresholds
    incidents = _Section(
        f"Incidents breaching attendance now, oldest first "
        f"({_showing(b.breaching.height, b.breaching_total)})",
        [
            ("Incident", "l"),
            ("Gr", "r"),
            ("Area", "l"),
            ("Category", "l*"),
            ("Opened", "l"),
            ("Open for", "r"),
            ("Target", "r"),
            ("Victim", "l"),
        ],
        [
            [
                str(r["incident_id"]),
                str(r["grade"]),
                str(r["area_code"]),
                r["category"] or "",
                _local(r["opened_at"], tz),
                _duration(r["age_min"]),
                f"{_num(r['target_min'])} m",
                "not told" if r["victim_not_updated"] else "told",
            ]
            for r in b.breaching.iter_rows(named=True)
        ],
        "None: no grade 1 or 2 incident is past its attendance target unattended.",
    )
    officers = _Section(
        f"Officers over the workload trigger: > {t.workload_max_crimes} open crimes with "
        f"suspects ({_showing(b.over_trigger.height, b.over_trigger_total)})",
        [
            ("Officer", "l*"),
            ("Rank", "l"),
            ("Area", "l"),
            ("Crimes", "r"),
            ("Suspects", "r"),
            ("High risk", "r"),
        ],
        [
            [
                _officer(r),
                r["rank"] or "",
                r["area_code"] or "",
                f"{r['crimes']:,}",
                f"{r['outstanding_suspects']:,}",
                f"{r['high_risk_suspects']:,}",
            ]
            for r in b.over_trigger.iter_rows(named=True)
        ],
        "None: no officer is over the trigger.",
    )
    suspects = _Section(
        f"Suspects overdue for review, high-risk first "
        f"({_showing(b.overdue_suspects.height, b.overdue_total)})",
        [
            ("Suspect", "l"),
            ("Name", "l*"),
            ("Risk", "l"),
            ("Area", "l"),
            ("Out for", "r"),
            ("Overdue", "l"),
            ("Last review", "l"),
        ],
        [
            [
                str(r["suspect_id"]),
                r["name"] or "",
                r["risk"],
                r["area_code"] or "",
                f"{int(r['days_outstanding'])} d",
                _overdue_reason(r, t),
                _local(r["last_review_at"], tz, "%d %b %y") or "never",
            ]
            for r in b.overdue_suspects.iter_rows(named=True)
        ],
        "None: every outstanding suspect has had the reviews it needs.",
    )
    duty_rows = [
        [
            f"{r['area_code']} {b.area_names.get(r['area_code'], '')}".strip(),
            f"{r['officers']:,}",
            f"{r['committed']:,}",
            f"{r['available']:,}",
        ]
        for r in b.on_duty_by_area.iter_rows(named=True)
    ]
    total = b.on_duty_total
    if duty_rows and total:
        duty_rows.append(
            [
                "Total",
                f"{total['officers']:,}",
                f"{total['committed']:,}",
                f"{total['available']:,}",
            ]
        )
    on_duty = _Section(
        "On duty and committed by area",
        [("Area", "l*"), ("On duty", "r"), ("Committed", "r"), ("Available", "r")],
        duty_rows,
        "None: no officer is on duty.",
    )
    return [incidents, officers, suspects, on_duty]


# --- text (Rich) ---------------------------------------------------------------------------


def _new_table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)


_GAP = 2  # columns between cells of a table (collapsed padding)


def _table(section: _Section, width: int) -> Table:
    """One row per line: fixed columns keep their width, "l*" columns share what is left."""
    rows = [[plain(cell) for cell in row] for row in section.rows]
    widths = [
        max(cell_len(cell) for cell in [header, *(row[index] for row in rows)])
        for index, (header, _align) in enumerate(section.columns)
    ]
    flexible = [index for index, (_h, align) in enumerate(section.columns) if align == "l*"]
    fixed = sum(w for index, w in enumerate(widths) if index not in flexible)
    spare = width - fixed - _GAP * (len(widths) - 1)
    for index in flexible:
        widths[index] = max(6, min(widths[index], spare // len(flexible)))
    table = _new_table()
    for (header, align), column_width in zip(section.columns, widths, strict=True):
        table.add_column(
            header,
            justify="right" if align == "r" else "left",
            overflow="ellipsis",
            no_wrap=True,
            width=column_width,
        )
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _headline_table(rows: Iterable[Headline]) -> Table:
    table = _new_table()
    table.add_column("Figure", min_width=20)
    table.add_column("Now", justify="right", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for row in rows:
        mark = (
            Text(row.status.label, style=_STATUS_STYLE[row.status.level]) if row.status else Text()
        )
        table.add_row(Text(row.label), Text(row.value), Text(row.target), mark)
    return table


def render_text(
    b: Briefing, *, tz: str, sample: bool = False, width: int = TEXT_WIDTH
) -> RenderableType:
    """The briefing as one Rich renderable for ``width`` columns (every cell literal Text)."""
    parts: list[RenderableType] = [Text(plain(_title(b, sample)), style="bold")]
    parts += [Text(line, style="dim") for line in _when(b, tz)]
    parts += [Text(), Text("Headline figures", style="bold underline")]
    parts.append(_headline_table(headlines(b.figures, b.scope.thresholds)))
    for section in _sections(b, tz):
        parts += [Text(), Text(section.title, style="bold underline")]
        if section.rows:
            parts.append(_table(section, width))
        else:
            parts.append(Text(section.empty))
    return Group(*parts)


def text(b: Briefing, *, tz: str, sample: bool = False, width: int = TEXT_WIDTH) -> str:
    """The briefing as plain text (no colour), at most ``width`` columns a line."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        legacy_windows=False,
        emoji=False,
        highlight=False,
    )
    console.print(render_text(b, tz=tz, sample=sample, width=width))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


# --- Markdown ------------------------------------------------------------------------------

# Backslash, emphasis, code, links, strikethrough and table pipes always; ``<`` only where it
# could open an HTML tag or autolink, ``&`` only where it could start an entity.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;))")


def md_escape(value: object) -> str:
    """``value`` as literal Markdown inline text: one line; markup, pipes and entities escaped."""
    return _MD_SPECIAL.sub(r"\\\1", plain(value))


def _md_table(columns: list[tuple[str, str]], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(md_escape(header) for header, _ in columns) + " |"]
    lines.append("|" + "|".join("---:" if align == "r" else "---" for _, align in columns) + "|")
    for row in rows:
        lines.append("| " + " | ".join(md_escape(cell) for cell in row) + " |")
    return lines


def render_markdown(b: Briefing, *, tz: str, sample: bool = False) -> str:
    """The briefing as Markdown (GitHub-flavoured tables), for e-mail or a document."""
    lines = [f"# {md_escape(_title(b, sample))}", ""]
    lines += [md_escape(line) + "  " for line in _when(b, tz)]
    lines[-1] = lines[-1].rstrip()
    lines += ["", "## Headline figures", ""]
    lines += _md_table(
        [("Figure", "l"), ("Now", "r"), ("Target", "l"), ("Status", "l")],
        [
            [row.label, row.value, row.target, row.status.label if row.status else ""]
            for row in headlines(b.figures, b.scope.thresholds)
        ],
    )
    for section in _sections(b, tz):
        lines += ["", f"## {md_escape(section.title)}", ""]
        if section.rows:
            lines += _md_table(section.columns, section.rows)
        else:
            lines.append(md_escape(section.empty))
    return "\n".join(lines) + "\n"
