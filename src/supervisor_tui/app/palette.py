"""Command palette provider: every key binding active on the current screen, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from supervisor_tui.app.help import KeyHelp, live_bindings


class BindingsProvider(Provider):
    """Offers each live binding (e.g. "Window", "Time travel", "Export CSV") as a command,
    once per description: "Move between panels" is one command, not one per arrow."""

    def _run(self, row: KeyHelp) -> partial[object]:
        if row.merged:  # several keys, each doing its own thing: say which
            return partial(self.app.notify, f"Press {row.key} to {row.description.lower()}")
        return partial(self.app.run_action, row.action, row.node)

    @staticmethod
    def _help(row: KeyHelp) -> str:
        return f"key {row.key}" + (f" · {row.tooltip}" if row.tooltip else "")

    async def discover(self) -> Hits:
        for row in live_bindings(self.screen, merge=True):
            yield DiscoveryHit(row.description, self._run(row), help=self._help(row))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for row in live_bindings(self.screen, merge=True):
            score = matcher.match(f"{row.description} {row.tooltip}")
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(row.description),
                    self._run(row),
                    text=row.description,
                    help=self._help(row),
                )
