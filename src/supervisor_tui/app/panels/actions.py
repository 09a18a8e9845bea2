"""Actions: overdue and due-soon counts by kind, then as many of the most urgent items as
fit; Enter opens the whole queue."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.screen import Screen

from supervisor_tui import fmt
from supervisor_tui.app.panels.base import Loaded, Panel, fit, two_ends
from supervisor_tui.app.widgets.safe import clean
from supervisor_tui.figures import actions
from supervisor_tui.figures.spec import Detail, Family

#: Items listed at least, when any.
MIN_ITEMS = 2
#: Kinds of item counted at least (the rest summed on one line).
MIN_KINDS = 3


#: At most this many items are named in one toast (then "and n more").
MAX_TOASTS = 3
#: At most one "now overdue" toast this often: what falls overdue meanwhile waits for the
#: next, so a busy queue does not bury the screen in toasts (nor pile up the widgets each
#: toast leaves behind in Textual's style cache).
TOAST_EVERY = timedelta(seconds=30)


class ActionsPanel(Panel):
    FAMILY = "actions"
    MIN_LINES = 3 + MIN_KINDS + MIN_ITEMS  # headlines, kinds, items

    def __init__(self, family_id: str | None = None) -> None:
        super().__init__(family_id)
        #: Overdue items already named in a toast or overdue at the baseline (only those
        #: still overdue are kept), and the scope (area, team) they were seen in.
        self.announced: set[tuple[str, str]] | None = None
        self._seen_in: tuple[str | None, str | None] | None = None
        self.alerted: list[tuple[str, str]] = []  # every item a toast named (tests read it)
        self._toasted_at: datetime | None = None  # when the last toast went up

    def after_load(self, data: Loaded) -> None:
        """A toast (and the bell, if configured) for the items newly overdue while live, at
        most one every ``TOAST_EVERY`` (naming the first few, then how many more); the
        items overdue when the dashboard opens, or when the area or team changes, are the
        baseline. Nothing in time travel; an item is named once while it stays overdue."""
        scope = self.data_scope or self.dashboard.scope
        if not self.dashboard.live or data.figures is None:
            self.announced = None  # time travel: start again from the next live refresh
            return
        queue = data.figures.queue
        overdue = queue.filter(queue["state"] == "overdue")
        now = set(zip(overdue["kind"].to_list(), overdue["item_id"].to_list(), strict=True))
        where = (scope.area, scope.team)
        if self.announced is None or self._seen_in != where:
            self.announced, self._seen_in = now, where
            return
        # only what is overdue now is remembered, so the set stays the queue's size over a
        # shift; an item done and later overdue again (a new review due) is named again
        self.announced &= now
        if now <= self.announced:
            return  # nothing newly overdue (most rounds): the rows are not walked
        clock = self.dashboard.clock()
        if self._toasted_at is not None and clock - self._toasted_at < TOAST_EVERY:
            return  # what is newly overdue waits for the next toast
        new = [row for row in overdue.iter_rows(named=True)
               if (row["kind"], row["item_id"]) not in self.announced]  # fmt: skip
        if not new:
            return
        self._toast(new, data.figures.titles)
        named = [(r["kind"], r["item_id"]) for r in new]
        self.announced.update(named)
        self.alerted += named
        self._toasted_at = clock
        if self.dashboard.config.bell:
            self.app.bell()

    def _toast(self, rows: list[dict], titles: dict[str, str]) -> None:
        kinds = {row["kind"] for row in rows}
        if len(kinds) == 1:
            [only] = kinds
            what = titles.get(only, only)
        else:
            what = f"{len(rows)} items"
        lines = []
        for row in rows[:MAX_TOASTS]:
            owner = fmt.officer(row) if row.get("officer_id") else "no owner"
            kind = "" if len(kinds) == 1 else f" ({titles.get(row['kind'], row['kind'])})"
            lines.append(f"{clean(row['item_id'])} · {owner}{kind}")
        if len(rows) > MAX_TOASTS:
            lines.append(f"and {len(rows) - MAX_TOASTS} more (Actions panel)")
        self.notify("\n".join(lines), title=f"Now overdue: {what}", severity="warning",
                    timeout=15)  # fmt: skip

    @classmethod
    def drill(cls, family: Family) -> Screen | None:
        from supervisor_tui.app.drill.actions import ActionsList

        return ActionsList()

    def details(self, data: Loaded) -> list[Detail]:
        return []  # drawn as a small table of kinds in extra_lines

    def kind_lines(self, figures: actions.ActionFigures, width: int) -> list[Text]:
        """``kind  overdue  soon`` for the kinds with most overdue (then due soon), as many
        as leave room for the top items; the rest are summed on one line."""
        rows = [
            (title, figures.count("overdue", kind), figures.count("due_soon", kind))
            for kind, title in figures.short.items()
        ]
        rows = sorted((r for r in rows if r[1] or r[2]), key=lambda r: (-r[1], -r[2]))
        if not rows:
            return []
        room = max(MIN_KINDS, self.lines_available - 3 - MIN_ITEMS)
        shown, rest = (rows, []) if len(rows) <= room else (rows[: room - 1], rows[room - 1 :])
        numbers = 16  # "  overdue  soon"
        name_width = max(width - numbers, 6)
        head = Text(" " * name_width, end="")
        head.append(f"{'overdue':>9}{'soon':>7}"[-numbers:], self.style("label"))
        lines = [head]
        if rest:
            others = f"{len(rest)} more kinds"
            shown = [*shown, (others, sum(r[1] for r in rest), sum(r[2] for r in rest))]
        for title, overdue, soon in shown:
            line = Text(fit(title, name_width).ljust(name_width), self.style("label"), end="")
            line.append(f"{overdue:>9,}", self.style("alert") if overdue else self.style("figure"))
            line.append(f"{soon:>7,}", self.style("figure"))
            lines.append(line)
        return lines

    def extra_lines(self, data: Loaded, width: int) -> list[Text]:
        figures: actions.ActionFigures = data.figures
        queue = figures.queue
        if not queue.height:
            return [Text("nothing overdue or due soon", self.style("label"))]
        lines = self.kind_lines(figures, width)
        used = 2 + len(lines)
        room = max(MIN_ITEMS, self.lines_available - used)
        if queue.height > room:
            room = max(MIN_ITEMS - 1, room - 1)  # a line for "+n more"
        for row in queue.head(room).iter_rows(named=True):
            due = actions.due_text(row["state"], row["due_in_s"])
            text = f"{clean(row['item_id'])} {figures.short.get(row['kind'], row['kind'])}"
            overdue = row["state"] == "overdue"
            style = self.style("alert") if overdue else self.style("near-text")
            lines.append(two_ends(text, due, width, style))
        if queue.height > room:
            more = f"+{queue.height - room:,} more (Enter for all)"
            lines.append(Text(more, self.style("label")))
        return lines
