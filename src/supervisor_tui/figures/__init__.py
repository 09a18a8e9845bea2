"""The figure registry: every figure family, discovered from the modules of this package.

A module here that defines ``FAMILIES`` (and usually ``SETTINGS``) is a figure family; nothing
lists them by hand. :func:`families` gives them in home-screen order, :func:`settings` every
threshold they declare, :func:`report` the JSON report and :func:`breaches` what
``report --check`` alerts on — the same statuses the panels show.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

from supervisor_tui.figures.spec import Family, Setting

#: Modules of this package that are machinery, not figure families.
_MACHINERY = frozenset({"spec", "registry", "report"})


@cache
def _modules() -> tuple[Any, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name in _MACHINERY or info.name.startswith("_"):
            continue
        found.append(importlib.import_module(f"{__name__}.{info.name}"))
    return tuple(found)


@cache
def families() -> tuple[Family, ...]:
    """Every figure family, in home-screen (and Tab, briefing, JSON) order."""
    found = [family for module in _modules() for family in getattr(module, "FAMILIES", ())]
    ids = [f.id for f in found]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise RuntimeError(f"figure families declared twice: {', '.join(duplicated)}")
    return tuple(sorted(found, key=lambda f: (f.order, f.id)))


def family(family_id: str) -> Family:
    for candidate in families():
        if candidate.id == family_id:
            return candidate
    known = ", ".join(f.id for f in families())
    raise KeyError(f"no figure family {family_id!r}; known: {known}")


@cache
def settings() -> tuple[Setting, ...]:
    """Every threshold: each family module's in home-screen order, then the status settings."""
    from supervisor_tui.figures.spec import STATUS_SETTINGS

    def order(module: Any) -> int:
        return min((f.order for f in getattr(module, "FAMILIES", ())), default=10**6)

    found: list[Setting] = []
    for module in sorted(_modules(), key=order):
        found.extend(getattr(module, "SETTINGS", ()))
    found.extend(STATUS_SETTINGS)
    names = [s.name for s in found]
    where = [s.where for s in found]
    for label, values in (("names", names), ("keys", where)):
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise RuntimeError(f"settings with the same {label}: {', '.join(twice)}")
    return tuple(found)


def clocks() -> tuple[Any, ...]:
    """Every deadline clock of every family, in family order."""
    return tuple(clock for f in families() for clock in f.clocks)
