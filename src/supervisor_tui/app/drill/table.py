"""A list as the drill-down shows it: a keyed DataTable with filter, sort, cap and export.

:class:`TableView` holds the whole list the core returned (as text, see ``columns``), applies
the `/` filter (a case-insensitive substring over the shown columns, matched in polars, never
in SQL) and the sort, shows at most :data:`CAP` rows and writes the full filtered, sorted list
to CSV. :class:`DrillTable` updates its rows in place so the cursor stays on the same row id.

On a narrow screen the list fits its width (:func:`fit_columns`): dates become compact, then
the lowest-priority columns are left out (the info line says how many; `c` shows them all,
scrolling sideways). The filter and the export always cover every column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import polars as pl
from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from supervisor_tui.app.drill.columns import (
    KEEP,
    KEY,
    YES,
    Col,
    carried,
    compact,
    shown,
    sort_key,
    text_rows,
    typed_values,
)
from supervisor_tui.app.widgets.safe import clean, safe_text

#: The most rows a list shows; the rest are reached by narrowing with `/`.
CAP = 500
SORT_MARKS = {False: "▲", True: "▼"}


#: Characters :func:`clean` removes (control characters, and so escape sequences).
_NEEDS_CLEANING = r"[\x00-\x1f\x7f-\x9f]"


def as_shown(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its text as the table shows it: escape sequences and control characters
    removed (:func:`clean`); only the columns that hold any are touched."""
    dirty = [
        name
        for name, dtype in frame.schema.items()
        if dtype == pl.String and frame[name].str.contains(_NEEDS_CLEANING).any()
    ]
    return frame.with_columns(
        pl.col(name).map_elements(clean, return_dtype=pl.String) for name in dirty
    )


class KeyedText(Text):
    """The text of a row's first cell, carrying the row's key.

    :meth:`DataTable.sort` hands the sort key only the cells, so the first cell says which
    row it belongs to; the table reorders its rows in place with it (no re-measuring).
    """

    def __init__(self, text: str, row_key: str) -> None:
        super().__init__(text, no_wrap=False, end="")
        self.row_key = row_key


def cell(text: str, col: Col, row_key: str | None = None) -> Text:
    """The shown cell for ``text`` (the first cell of a row also carries its ``row_key``)."""
    out = safe_text(text) if row_key is None else KeyedText(clean(text), row_key)
    if col.numeric:
        out.justify = "right"
    if text == YES and col.kind == "flag":  # something needing attention
        out.stylize("bold")
    return out


#: Cells a column takes beyond its text (the table's padding either side).
PADDING = 2
#: Cells kept free for the vertical scrollbar.
SCROLLBAR = 2


def fit_columns(
    cols: Sequence[Col],
    full: Sequence[int],
    short: Sequence[int],
    room: int,
    keep: Sequence[int] = (),
    empty: Sequence[int] = (),
) -> tuple[list[int], bool]:
    """Which columns to show in ``room`` cells, and whether with compact dates.

    ``full``/``short`` are each column's width (its label and widest cell) with full and
    compact dates. Every column with full dates when they fit; else compact dates and, when
    even those do not fit, the first column, the ``KEEP`` ones and those in ``keep`` (the
    sorted one) — always shown, even when they alone do not fit (the table then scrolls
    sideways) — then the others priority by priority, left to right, while they fit. A
    column that does not fit leaves the room to the narrower ones of its priority, but no
    column of a lower priority is shown then. Columns in ``empty`` (nothing in any row) come
    last.
    """
    every = list(range(len(cols)))

    def size(indexes: Sequence[int], widths: Sequence[int]) -> int:
        return sum(widths[i] + PADDING for i in indexes)

    if size(every, full) <= room:
        return every, False
    if size(every, short) <= room:
        return every, True
    chosen = [i for i in every if not i or cols[i].priority == KEEP or i in keep]
    rest = [i for i in every if i not in chosen]
    levels = sorted({cols[i].priority for i in rest if i not in empty})
    groups = [[i for i in rest if cols[i].priority == p and i not in empty] for p in levels]
    groups.append([i for i in rest if i in empty])
    for group in groups:
        skipped = False
        for i in group:
            if size([*chosen, i], short) <= room:
                chosen.append(i)
            else:
                skipped = True
        if skipped:
            break
    return sorted(chosen), True


def count(n: int, noun: str) -> str:
    """``1 call``, ``2 calls``, ``1 officer on duty``: ``noun`` is the plural."""
    if n == 1:
        first, _, rest = noun.partition(" ")
        noun = (first[:-1] if first.endswith("s") else first) + (f" {rest}" if rest else "")
    return f"{n:,} {noun}"


class DrillTable(DataTable):
    """A row-cursor DataTable whose rows are keyed by id and updated in place.

    Column widths are set here, from the rows on show, whenever the rows change (each column
    as wide as its label and its widest cell). Textual would otherwise measure them when
    idle, after a repaint may already have cached rows drawn at the old widths.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="drill.open",
                tooltip="Open the row under the cursor"),
    ]  # fmt: skip

    def __init__(self, cols: Sequence[Col], **kwargs: object) -> None:
        # The first column (the id) stays put while the rest scroll sideways on narrow screens.
        super().__init__(cursor_type="row", zebra_stripes=True, fixed_columns=1, **kwargs)  # type: ignore[arg-type]
        self.all_cols = list(cols)
        #: The list's columns on show (indexes into ``all_cols``; the first is always 0) and
        #: whether their dates are compact.
        self.indexes: list[int] = list(range(len(self.all_cols)))
        self.compact = False
        self.cols = list(self.all_cols)
        #: The texts and cells on show, by row key (the widths are measured from the cells).
        self.shown_texts: dict[str, list[str]] = {}
        self.shown_cells: dict[str, list[Text]] = {}
        self._restore: tuple[str | None, int, int] | None = None
        self.add_shown_columns()

    def add_shown_columns(self) -> None:
        for i, col in zip(self.indexes, self.cols, strict=True):
            label = self.header(col, None)
            self.add_column(label, width=label.cell_len, key=shown(i))

    def names(self) -> list[str]:
        """The view-frame columns whose text the table shows, in order."""
        return [
            compact(i) if self.compact and col.has_compact else shown(i)
            for i, col in zip(self.indexes, self.cols, strict=True)
        ]

    def set_columns(self, indexes: Sequence[int], compact_dates: bool) -> bool:
        """Show the columns ``indexes`` (dates compact or not); True when that changed (the
        rows must be synced again; the cursor returns to its row then)."""
        indexes = list(indexes)
        if indexes == self.indexes and compact_dates == self.compact:
            return False
        assert indexes and indexes[0] == 0, "the first column is always shown"
        self._restore = (self.cursor_key, self.cursor_row, self.cursor_row - round(self.scroll_y))
        self.clear(columns=True)
        self.shown_texts.clear()
        self.shown_cells.clear()
        self.indexes = indexes
        self.compact = compact_dates
        self.cols = [self.all_cols[i] for i in indexes]
        self.add_shown_columns()
        return True

    def action_cursor_right(self) -> None:
        """Right/left scroll a whole column at a time (the cursor is a row)."""
        self.scroll_columns(+1)

    def action_cursor_left(self) -> None:
        self.scroll_columns(-1)

    def scroll_columns(self, step: int) -> None:
        widths = [c.get_render_width(self) for c in self.ordered_columns]
        edges = [sum(widths[1:i]) for i in range(1, len(widths) + 1)]  # after the fixed column
        x = round(self.scroll_x)
        if step > 0:
            target = next((e for e in edges if e > x), x)
        else:
            target = max((e for e in edges if e < x), default=0)
        self.scroll_to(x=target, animate=False)

    @staticmethod
    def header(col: Col, mark: str | None) -> Text:
        label = Text(col.label)
        if mark:
            label.append(f" {mark}")
        if col.numeric:
            label.justify = "right"
        return label

    def set_sort_mark(self, index: int | None, descending: bool) -> None:
        for i, col in zip(self.indexes, self.cols, strict=True):
            column = self.columns.get(ColumnKey(shown(i)))
            if column is not None:
                mark = SORT_MARKS[descending] if i == index else None
                column.label = self.header(col, mark)
        if self.fit_widths() and self.row_count:
            # Have the table work out its scrollable size again (it does so when a cell
            # changes): the header of the sorted column is wider by its mark.
            key = self.ordered_rows[0].key
            self.update_cell(key, shown(0), self.get_cell(key, shown(0)), update_width=True)
        self.refresh()

    def fit_widths(self) -> bool:
        """Make every column as wide as its label and its widest cell on show; True if any
        width changed (the cached drawing of the rows is dropped then)."""
        widths = [column.label.cell_len for column in self.ordered_columns]
        for cells in self.shown_cells.values():
            for i, text in enumerate(cells):
                if text.cell_len > widths[i]:
                    widths[i] = text.cell_len
        changed = False
        for column, width in zip(self.ordered_columns, widths, strict=True):
            if column.width != width:
                column.width = width
                changed = True
        if changed:
            self.notify_style_update()  # drop rows drawn at the old widths
        return changed

    @property
    def cursor_key(self) -> str | None:
        """The id of the row under the cursor (None when the table is empty)."""
        if not self.row_count:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        return self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value

    def row_keys(self) -> list[str]:
        return [row.key.value or "" for row in self.ordered_rows]

    def sync(self, rows: list[tuple[str, list[str]]], *, top: bool = False) -> None:
        """Show ``rows`` (key, texts) in place: the cursor stays on its row id, and that row
        stays where it was on screen when rows come and go above it (``top``: the cursor goes
        to the first row instead, e.g. after a new sort)."""
        old_keys = self.row_keys()
        new_keys = [key for key, _ in rows]
        cursor_key, cursor_row = self.cursor_key, self.cursor_row
        screen_offset = cursor_row - round(self.scroll_y)
        if self._restore is not None:  # the columns were rebuilt: back to the row before
            cursor_key, cursor_row, screen_offset = self._restore
            self._restore = None
        wanted = set(new_keys)
        kept = [key for key in old_keys if key in wanted]
        if len(kept) * 2 < len(old_keys):  # mostly different rows: start afresh
            self.clear()
            self.shown_texts.clear()
            self.shown_cells.clear()
            old_keys = []
        for key in old_keys:
            if key not in wanted:
                del self.shown_texts[key], self.shown_cells[key]
                self.remove_row(key)
        for key, texts in rows:
            if key in self.shown_cells:
                self.update_row(key, texts)
            else:
                self.add_keyed_row(key, texts)
        self.fit_widths()
        if self.row_keys() != new_keys:
            position = {key: i for i, key in enumerate(new_keys)}
            self.sort(shown(0), key=lambda first: position[first.row_key])
        if top:
            self.move_cursor(row=0, animate=False, scroll=False)
            self.scroll_to(y=0, animate=False)
        else:
            self.restore_cursor(cursor_key, cursor_row, new_keys, screen_offset)

    def add_keyed_row(self, key: str, texts: list[str]) -> None:
        cells = [
            cell(t, c, key if i == 0 else None)
            for i, (t, c) in enumerate(zip(texts, self.cols, strict=True))
        ]
        self.add_row(*cells, key=key)
        self.shown_texts[key] = list(texts)
        self.shown_cells[key] = cells

    def update_row(self, key: str, texts: list[str]) -> None:
        before, cells = self.shown_texts[key], self.shown_cells[key]
        if before == texts:
            return
        for i, (text, col) in enumerate(zip(texts, self.cols, strict=True)):
            if before[i] != text:
                cells[i] = cell(text, col, key if i == 0 else None)
                self.update_cell(key, shown(self.indexes[i]), cells[i], update_width=True)
        self.shown_texts[key] = list(texts)

    def restore_cursor(self, key: str | None, row: int, new_keys: list[str], offset: int) -> None:
        if not new_keys:
            return
        target = new_keys.index(key) if key in new_keys else min(row, len(new_keys) - 1)
        if target == row:
            return
        self.move_cursor(row=target, animate=False, scroll=False)
        height = max(1, self.scrollable_content_region.height - self.header_height)
        if 0 <= offset < height:
            self.call_after_refresh(self.scroll_to, y=max(0, target - offset), animate=False)
        else:
            self.call_after_refresh(self.move_cursor, row=target, animate=False)


class FilterInput(Input):
    """The `/` filter box: typing filters live; Enter keeps the filter, Esc clears it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Clear filter", id="drill.filter_clear",
                tooltip="Clear the filter and go back to the list"),
    ]  # fmt: skip

    class Cleared(Message):
        """Esc in the filter box: drop the filter."""

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())


class TableView(Vertical):
    """A titled list: info line ("showing 500 of 12,345 …"), filter box, table."""

    DEFAULT_CSS = """
    TableView { height: 1fr; }
    TableView > .table-view--info { color: $text-muted; padding: 0 1; height: 1; }
    TableView > FilterInput { display: none; height: 1; margin: 0 1; }
    TableView > FilterInput.-open { display: block; }
    TableView > DrillTable { height: 1fr; }
    """

    def __init__(
        self,
        cols: Sequence[Col],
        *,
        noun: str,
        title: str | None = None,
        default_sort: tuple[int, bool] | None = None,
        pinned: Sequence[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.cols = list(cols)
        self.noun = noun
        self.title = title
        self.pinned = list(pinned)
        self.sort_state: tuple[int, bool] | None = default_sort
        self.filter_text = ""
        self.view: pl.DataFrame | None = None
        self.result: pl.DataFrame | None = None
        #: Fit the columns to the width (False: every column, scrolling sideways: `c`).
        self.fit = True
        self._measured: tuple[object, tuple[list[int], list[int], list[int]]] | None = None
        self.table = DrillTable(self.cols)

    def compose(self) -> ComposeResult:
        yield Static(self.title or "loading…", classes="table-view--info")
        yield FilterInput(
            placeholder="/ filter: type to narrow · Enter keeps it · Esc clears it",
            compact=True,
            disabled=True,
        )
        yield self.table

    def on_mount(self) -> None:
        self.mark_sort()

    # --- data ----------------------------------------------------------------------------

    def set_view(self, view: pl.DataFrame) -> None:
        """New data from the core (as a view frame from ``columns.view_frame``)."""
        self.view = view
        self.apply()

    def set_empty(self, text: str) -> None:
        """Nothing to list (e.g. the record was not found): say so instead of "loading…"."""
        self.view = None
        self.result = None
        self.table.sync([])
        info = Text(f"{self.title} · " if self.title else "", style="bold")
        info.append(text, style="")
        self.query_one(".table-view--info", Static).update(info)

    def apply(self, *, top: bool = False) -> None:
        """Filter, sort and cap the data, and show it (``top``: cursor to the first row)."""
        if self.view is None:
            return
        self.result = self.filtered_sorted()
        head = self.result.head(CAP)
        self.fit_width()
        rows = text_rows(head, self.table.names())
        self.table.sync(rows, top=top)
        self.show_info()

    def column_widths(self, rows: pl.DataFrame) -> tuple[list[int], list[int]]:
        """Each column's width with full and with compact dates: its label (and sort mark)
        or its widest cell in ``rows``, whichever is wider."""
        full: list[int] = []
        short: list[int] = []
        sorted_by = self.sort_state[0] if self.sort_state is not None else None
        for i, col in enumerate(self.cols):
            label = cell_len(col.label) + (2 if i == sorted_by else 0)

            def widest(name: str) -> int:
                if not rows.height or name not in rows.columns:
                    return 0
                return int(rows[name].str.len_chars().max() or 0)

            full.append(max(label, widest(shown(i))))
            short.append(max(label, widest(compact(i)) if col.has_compact else full[-1]))
        return full, short

    def measured(self) -> tuple[list[int], list[int], list[int]]:
        """:meth:`column_widths` and :meth:`empty_columns` of the whole list, measured once
        per read and sort (not on every keystroke of the filter)."""
        assert self.view is not None
        key = (id(self.view), self.sort_state)
        if self._measured is None or self._measured[0] != key:
            full, short = self.column_widths(self.view)
            self._measured = (key, (full, short, self.empty_columns(self.view)))
        return self._measured[1]

    def empty_columns(self, rows: pl.DataFrame) -> list[int]:
        """The columns with nothing shown in any row (the pinned rows aside)."""
        body = rows.filter(~pl.col(KEY).is_in(self.pinned)) if self.pinned else rows
        if not body.height:
            return []
        return [i for i in range(len(self.cols)) if (body[shown(i)] == "").all()]

    def fit_width(self) -> bool:
        """Choose the columns on show for the table's width (:func:`fit_columns`), measured
        over the whole list so that filtering never changes them; True when they changed."""
        width = self.size.width  # the table's, once laid out (it may lag behind on a resize)
        # Not laid out yet: every column until it is.
        if not self.fit or width <= 0 or self.view is None:
            indexes, short = list(range(len(self.cols))), False
        else:
            full, compact_widths, empty = self.measured()
            keep = [self.sort_state[0]] if self.sort_state is not None else []
            room = width - SCROLLBAR
            indexes, short = fit_columns(self.cols, full, compact_widths, room, keep, empty)
        changed = self.table.set_columns(indexes, short)
        if changed:
            self.mark_sort()
        return changed

    @property
    def hidden(self) -> int:
        """How many of the list's columns are left out to fit the width."""
        return len(self.cols) - len(self.table.indexes)

    def on_resize(self) -> None:
        if self.view is not None and self.result is not None and self.fit_width():
            self.table.sync(text_rows(self.result.head(CAP), self.table.names()))

    def toggle_fit(self) -> None:
        """`c`: every column (scrolling sideways) or only those that fit."""
        self.fit = not self.fit
        self.apply()

    def filtered_sorted(self) -> pl.DataFrame:
        """Every row the list shows, in order, before the cap."""
        assert self.view is not None
        view = self.view
        pins = view.filter(pl.col(KEY).is_in(self.pinned))
        body = view.filter(~pl.col(KEY).is_in(self.pinned))
        needle = self.filter_text.strip().lower()
        if needle:
            texts = [pl.col(shown(i)).str.to_lowercase() for i in range(len(self.cols))]
            body = body.filter(
                pl.any_horizontal(t.str.contains(needle, literal=True) for t in texts)
            )
        if self.sort_state is not None:
            index, descending = self.sort_state
            body = body.sort(
                [sort_key(index), KEY], descending=descending, nulls_last=True, maintain_order=True
            )
        return pl.concat([pins, body]) if pins.height else body

    def export_frame(self) -> pl.DataFrame:
        """The list as shown (all rows, not just the capped ones), with the shown labels: the
        text of every cell as on screen."""
        result = self.result if self.result is not None else self.filtered_sorted()
        return as_shown(
            result.select(pl.col(shown(i)).alias(col.label) for i, col in enumerate(self.cols))
        )

    def export_values(self, tz: str) -> pl.DataFrame:
        """:meth:`export_frame` with typed values (see :func:`columns.typed_values`)."""
        result = self.result if self.result is not None else self.filtered_sorted()
        return as_shown(typed_values(result, self.cols, tz))

    def carried(self, key: str, name: str) -> object:
        """The raw value of carried column ``name`` for row ``key`` (None if absent)."""
        if self.view is None or carried(name) not in self.view.columns:
            return None
        found = self.view.filter(pl.col(KEY) == key)
        return found[carried(name)][0] if found.height else None

    @property
    def total(self) -> int:
        return 0 if self.view is None else self.view.height - self.pinned_count(self.view)

    def pinned_count(self, frame: pl.DataFrame) -> int:
        return frame.filter(pl.col(KEY).is_in(self.pinned)).height if self.pinned else 0

    def show_info(self) -> None:
        self.query_one(".table-view--info", Static).update(self.info_text())

    def info_text(self) -> Text:
        result = self.result
        matched = 0 if result is None else result.height - self.pinned_count(result)
        total = self.total
        out = Text()
        if self.title:
            out.append(self.title, style="bold")
            out.append(" · ")
        if self.filter_text.strip():
            out.append(f"{matched:,} of {count(total, self.noun)} match ")
            out.append(safe_text(repr(self.filter_text.strip())))
        else:
            out.append(count(total, self.noun))
        if result is not None and result.height > CAP:
            out.append(f" · showing {CAP} of {result.height:,} — press / to narrow", style="bold")
        if self.sort_state is not None:
            index, descending = self.sort_state
            out.append(f" · sorted by {self.cols[index].label} {SORT_MARKS[descending]}")
        if self.hidden:
            out.append(f" · {self.hidden} more column{'s' if self.hidden > 1 else ''} (c)")
        return out

    # --- user actions ----------------------------------------------------------------------

    def sort_chosen(self, index: int | None) -> None:
        """Sort by column ``index`` (ascending), or reverse it if the list is sorted by it
        already; ``None``: back to the list's own order."""
        if index is None:
            self.sort_by(None)
        elif self.sort_state is not None and self.sort_state[0] == index:
            self.reverse_sort()
        else:
            self.sort_by((index, False))

    def reverse_sort(self) -> None:
        """Flip the direction of the current sort (sort by the first column if none)."""
        index, descending = self.sort_state or (0, True)
        self.sort_by((index, not descending))

    def sort_by(self, state: tuple[int, bool] | None) -> None:
        """Sort by column ``state[0]`` (descending when ``state[1]``) and show the top."""
        self.sort_state = state
        self.mark_sort()
        self.apply(top=True)

    def mark_sort(self) -> None:
        index, descending = self.sort_state if self.sort_state else (None, False)
        self.table.set_sort_mark(index, descending)

    def open_filter(self) -> None:
        box = self.query_one(FilterInput)
        box.disabled = False
        box.add_class("-open")
        box.value = self.filter_text
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value
        self.apply()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close_filter()

    def on_filter_input_cleared(self, event: FilterInput.Cleared) -> None:
        event.stop()
        self.filter_text = ""
        self.apply()
        self.close_filter()

    def close_filter(self) -> None:
        box = self.query_one(FilterInput)
        box.remove_class("-open")
        box.disabled = True
        self.table.focus()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Clicking a header sorts by it; clicking again reverses."""
        event.stop()
        self.sort_chosen(self.table.indexes[event.column_index])
