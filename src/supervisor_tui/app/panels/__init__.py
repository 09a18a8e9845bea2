"""The home-screen panels: one per figure family, in the registry's order.

A module here that defines a :class:`Panel` subclass with ``FAMILY`` set lays out that
family's panel; a family without one gets the plain :class:`Panel` (its headlines and
details). Nothing lists the panels by hand.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from supervisor_tui import figures
from supervisor_tui.app.panels.base import Panel

__all__ = ["Panel", "panel_class", "panels"]


@cache
def _layouts() -> dict[str, type[Panel]]:
    found: dict[str, type[Panel]] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Panel)
                and value.FAMILY
                and value.__module__ == module.__name__
            ):
                found[value.FAMILY] = value
    return found


def panel_class(family_id: str) -> type[Panel]:
    """The panel layout of ``family_id`` (the plain :class:`Panel` when it has none)."""
    return _layouts().get(family_id, Panel)


def panels() -> list[Panel]:
    """A new panel for every figure family, in home-screen order."""
    return [panel_class(f.id)(f.id) for f in figures.families()]
