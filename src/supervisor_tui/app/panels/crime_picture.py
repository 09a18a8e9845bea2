"""Crime picture: the latest published month of street crimes against the months before it.

data.police.uk publishes a month's street crimes some weeks after it ends, so the month shown
is the latest one at or before the as-of time, not the window. Every figure (counts, average,
change, trend) comes from ``metrics.crime_picture``; this module only lays them out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.screen import Screen

from supervisor_tui.app.panels.base import Loaded, Panel, count, fit
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.figures.crime_picture import ARROWS, CrimeFigures
from supervisor_tui.figures.spec import Family

#: The change symbol per trend: never colour alone.
WORDS: dict[str | None, str] = {"up": "up", "down": "down", "flat": "flat", None: ""}
#: The colour that goes with the symbol (an increase deserves a look, a fall is good news).
ARROW_STYLES: dict[str | None, str] = {
    "up": "near-text",
    "down": "ok-text",
    "flat": "label",
    None: "label",
}
EMPTY = "no published crime data — load it with `supervisor-tui import police-uk`"
#: Content width from which the areas are listed beside the crime types, and from which the
#: two lists share it equally (below it the areas get AREAS_NARROW cells).
SIDE_BY_SIDE = 66
WIDE = 100
AREAS_NARROW = 25
GAP = "  "
MIN_ROWS = 3
#: Column widths: latest month's count, average, change %; the name takes the rest, and the
#: average is left out when the name would get fewer than MIN_NAME_WITH_AVERAGE cells.
COUNT_W, AVERAGE_W, CHANGE_W = 7, 9, 9
MIN_NAME_WITH_AVERAGE = 24


def signed_pct(value: float | None) -> str:
    """``+3.1 %``, ``-12.0 %``, ``0.0 %``; ``–`` when there is no average to compare with."""
    if value is None:
        return "–"
    shown = round(value, 1)
    if shown == 0:
        return "0.0 %"
    return f"{shown:+.1f} %"


def signed_count(value: float | None) -> str:
    if value is None:
        return "–"
    whole = round(value)
    return f"{whole:+,}" if whole else "0"


def average_text(value: float | None) -> str:
    return "–" if value is None else f"{round(value):,}"


class CrimePicturePanel(Panel):
    """A layout of its own: the month's comparison, then crime types beside areas."""

    FAMILY = "crime_picture"
    MIN_LINES = 3 + MIN_ROWS
    FULL_ROW = True

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.crime import CrimeByArea

        return CrimeByArea()

    # --- drawing -------------------------------------------------------------------------

    def arrow(self, trend: str | None, *, word: bool = False) -> Text:
        """The trend's symbol (and word) in its colour, as the start of a line: text appended
        after it keeps its own style."""
        symbol = ARROWS.get(trend, "–")
        text = f"{symbol} {WORDS.get(trend, '')}" if word and trend else symbol
        line = Text(end="")
        line.append(text, self.style(ARROW_STYLES.get(trend, "label")))
        return line

    def headline(self, loaded: Loaded) -> Text:
        data: CrimeFigures = loaded.figures
        if data.whole is None:
            return Text(self.empty_reason(data), style=self.style("label"), end="")
        row = data.whole
        line = Text(end="")
        line.append(f"{row['month']:%B %Y}", self.style("figure"))
        line.append("  ")
        line.append(count(row["crimes"]), self.style("figure"))
        line.append(" street crimes", self.style("label"))
        return line

    def empty_reason(self, data: CrimeFigures) -> str:
        extent = data.extent
        if not extent.get("rows"):
            return EMPTY
        if data.force_month is not None:
            return (
                f"no published street crimes in {clean(data.area)} in "
                f"{data.force_month:%B %Y} or the months before"
            )
        first = extent.get("first_month")
        since = f" (published data starts {first:%B %Y})" if first else ""
        return f"no published month at or before the as-of time{since}"

    def comparison(self, row: dict[str, Any], wide: bool) -> Text:
        """``▲ up +3.1 % (+275) against the average month, 8,930, of the 11 months before``
        (narrow: ``▲ up +3.1 % (+275) vs average 8,930 (11 months)``)."""
        months = int(row.get("baseline_months") or 0)
        if not months:
            return Text("no earlier month to compare with", self.style("label"), end="")
        plural = "s" if months != 1 else ""
        line = self.arrow(row["trend"], word=True)
        line.append(" ")
        line.append(signed_pct(row["change_pct"]), self.style("figure"))
        line.append(f" ({signed_count(row['change'])})", self.style("figure"))
        if wide:
            line.append(" against the average month, ", self.style("label"))
            line.append(average_text(row["average"]), self.style("figure"))
            line.append(f", of the {months} month{plural} before", self.style("label"))
        else:
            line.append(" vs average ", self.style("label"))
            line.append(average_text(row["average"]), self.style("figure"))
            line.append(f" ({months} month{plural})", self.style("label"))
        return line

    def body(self, loaded: Loaded, width: int) -> list[Text]:
        data: CrimeFigures = loaded.figures
        if data.whole is None:
            return [] if data.extent.get("rows") else [self.hint()]
        comparison = self.comparison(data.whole, wide=True)
        if comparison.cell_len > width:
            comparison = self.comparison(data.whole, wide=False)
        lines = [comparison]
        if not data.types:
            return lines
        rows = max(MIN_ROWS, self.lines_available - len(lines) - 2)  # header, "+n more"
        month = data.whole["month"]
        if width < SIDE_BY_SIDE or len(data.areas) < 2:
            lines.extend(self.table(data.types, "crime type", "crime_type", month, width, rows))
            return lines
        right_width = (width - len(GAP)) // 2 if width >= WIDE else AREAS_NARROW
        left_width = width - len(GAP) - right_width
        left = self.table(data.types, "crime type", "crime_type", month, left_width, rows)
        right = self.table(data.areas, "area", "area_code", month, right_width, rows)
        for i in range(max(len(left), len(right))):
            line = Text(end="")
            line.append_text(left[i] if i < len(left) else Text(" " * left_width, end=""))
            line.append(GAP)
            if i < len(right):
                line.append_text(right[i])
            lines.append(line)
        return lines

    def hint(self) -> Text:
        return Text(
            "street-level crimes from data.police.uk, one CSV a month", self.style("label"), end=""
        )

    def label_of(self, row: dict[str, Any], key: str, room: int) -> str:
        value = row.get(key)
        if key != "area_code":
            return clean(value)
        if value is None:
            return "no area"
        name = self.dashboard.area_names.get(value)
        if name and room >= 20:
            return f"{clean(value)} {clean(name)}"
        return clean(value)

    def table(
        self,
        rows: list[dict[str, Any]],
        title: str,
        key: str,
        month: date,
        width: int,
        room: int,
    ) -> list[Text]:
        """A header and up to ``room`` rows (a "+n more" line when some are left out), each
        exactly ``width`` cells: arrow, name, latest month, average (when the name still has
        room), change %."""
        show_average = width - 2 - (COUNT_W + AVERAGE_W + CHANGE_W) >= MIN_NAME_WITH_AVERAGE
        numbers = COUNT_W + (AVERAGE_W if show_average else 0) + CHANGE_W
        name_width = max(width - 2 - numbers, 6)
        header = Text(end="", style=self.style("label"))
        header.append(f"  {fit(title, name_width):<{name_width}}")
        header.append(f"{month:%b}".rjust(COUNT_W))
        if show_average:
            header.append("average".rjust(AVERAGE_W))
        header.append("change".rjust(CHANGE_W))
        out = [header]
        shown = rows if len(rows) <= room else rows[: max(room - 1, 1)]
        for row in shown:
            line = self.arrow(row.get("trend"))
            line.append(" ")
            label = fit(self.label_of(row, key, name_width), name_width)
            line.append(f"{label:<{name_width}}")
            line.append(count(row.get("crimes")).rjust(COUNT_W), self.style("figure"))
            if show_average:
                line.append(average_text(row.get("average")).rjust(AVERAGE_W))
            line.append(signed_pct(row.get("change_pct")).rjust(CHANGE_W))
            out.append(line)
        if len(shown) < len(rows):
            more = f"+{len(rows) - len(shown)} more (Enter for all)"
            out.append(Text(fit(more, width).ljust(width), self.style("label"), end=""))
        return out
