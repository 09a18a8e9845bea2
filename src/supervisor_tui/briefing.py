"""The start-of-shift briefing: headline figures and the lists a sergeant acts on first.

:func:`collect` reads everything through the figure registry (:mod:`supervisor_tui.figures`):
each family's headline rows and its briefing lists, in family order, with the same statuses
the panels show. Nothing here computes a figure; it only lays rows out.
:func:`render_text` builds Rich renderables that fit 80 columns; :func:`render_markdown`
builds Markdown for e-mail or a briefing document. Text from the database is always shown
literally (never parsed as Rich markup or Markdown).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from supervisor_tui import figures as registry
from supervisor_tui import metrics
from supervisor_tui.db import Session
from supervisor_tui.figures.report import Figures, headlines, read
from supervisor_tui.figures.spec import Headline, Section
from supervisor_tui.scope import Scope
from supervisor_tui.status import Level
from supervisor_tui.text import plain
from supervisor_tui.timeutil import format_window, to_local

__all__ = ["Briefing", "collect", "plain", "render_markdown", "render_text", "text"]

#: Rows shown per list; the heading says how many there are in all.
LIST_LIMIT = 10
#: Widest text output, in columns.
TEXT_WIDTH = 80

_STATUS_STYLE = {
    Level.OK: "bold green",
    Level.NEAR: "bold yellow",
    Level.BREACH: "bold red",
    Level.NONE: "dim",
}


@dataclass(frozen=True)
class Briefing:
    """Everything the briefing shows, read through the registry in one attached session."""

    scope: Scope
    figures: Figures
    headlines: list[Headline]
    sections: list[Section]
    area_names: dict[str, str]
    tz: str


def collect(
    session: Session,
    scope: Scope,
    *,
    limit: int = LIST_LIMIT,
    redact: bool = False,
    tz: str = "Europe/London",
) -> Briefing:
    """Read the briefing's figures and lists; with ``redact`` personal names are masked."""
    figures = read(session, scope)
    sections: list[Section] = []
    for family in registry.families():
        data = figures.of(family.id)
        if family.on("briefing") and family.sections is not None and data is not None:
            sections.extend(family.sections(session, scope, data, limit, tz, redact))
    names = {row["area_code"]: row["name"] for row in metrics.areas(session).iter_rows(named=True)}
    return Briefing(
        scope=scope,
        figures=figures,
        headlines=headlines(figures),
        sections=sections,
        area_names=names,
        tz=tz,
    )


# --- formatting helpers --------------------------------------------------------------------


def _span(window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    if hours.is_integer() and hours <= 48:
        return f"{int(hours)} h"
    return format_window(window).replace("d", " days").replace("m", " min")


def _title(b: Briefing, sample: bool) -> str:
    area = b.scope.area
    where = f"{b.area_names.get(area, area)} ({area})" if area else "Whole force"
    if b.scope.team:
        where += f" · team {b.scope.team}"
    title = f"Start-of-shift briefing · {where}"
    return f"{title} · SAMPLE DATA" if sample else title


def _when(b: Briefing, tz: str) -> list[str]:
    as_of = to_local(b.scope.as_of, tz)
    start = to_local(b.scope.window_start, tz)
    span = "this shift" if b.scope.shift_starts else f"last {_span(b.scope.window)}"
    return [
        f"As of {as_of:%a %d %b %Y %H:%M %Z} · {span}, since {start:%a %d %b %H:%M %Z}",
        f"Times are {tz}. Calls are force-wide.",
    ]


# --- text (Rich) ---------------------------------------------------------------------------


def _new_table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)


_GAP = 2  # columns between cells of a table (collapsed padding)


def _table(section: Section, width: int) -> Table:
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
    parts.append(_headline_table(b.headlines))
    for section in b.sections:
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
            for row in b.headlines
        ],
    )
    for section in b.sections:
        lines += ["", f"## {md_escape(section.title)}", ""]
        if section.rows:
            lines += _md_table(section.columns, section.rows)
        else:
            lines.append(md_escape(section.empty))
    return "\n".join(lines) + "\n"
