"""Sample data for the figure families that need tables of their own.

A module here is discovered (nothing lists them): it defines ``TABLES`` (each table it fills,
with the ORDER BY its rows are written in) and ``generate(ctx) -> dict[str, DataFrame]``
returning those tables' frames — and, when it fills new columns of a first-wave table (a
crime's allocation time, say), that table's frame with the columns added (same rows). Each
module draws from its own random stream (the sample's seed and the module's name), so adding
one never changes another's rows.
"""

from __future__ import annotations

import importlib
import pkgutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import numpy as np
import polars as pl


@dataclass(frozen=True)
class SampleContext:
    """What a family's generator sees: its own random stream, the sample's span and scale,
    and every frame written so far (read-only: return a new frame to change one)."""

    rng: np.random.Generator
    start: datetime
    end: datetime
    scale: float
    frames: dict[str, pl.DataFrame]


@dataclass(frozen=True)
class SampleFamily:
    name: str
    tables: dict[str, str]
    generate: Callable[[SampleContext], dict[str, pl.DataFrame]]


@cache
def sample_families() -> tuple[SampleFamily, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module: Any = importlib.import_module(f"{__name__}.{info.name}")
        found.append(SampleFamily(info.name, dict(module.TABLES), module.generate))
    return tuple(found)


def stream(seed: int, name: str) -> np.random.Generator:
    """The random stream of one family's sample data."""
    return np.random.Generator(np.random.PCG64([seed, zlib.crc32(name.encode())]))


def extend(
    frames: dict[str, pl.DataFrame], seed: int, start: datetime, end: datetime, scale: float
) -> dict[str, str]:
    """Run every family's generator in name order, adding its frames to ``frames``; return
    the tables they fill with their ORDER BY."""
    tables: dict[str, str] = {}
    for family in sample_families():
        ctx = SampleContext(stream(seed, family.name), start, end, scale, dict(frames))
        made = family.generate(ctx)
        for table, frame in made.items():
            before = frames.get(table)
            if before is not None and before.height != frame.height:
                raise RuntimeError(f"sample family {family.name} changed the rows of {table}")
            frames[table] = frame
        tables.update(family.tables)
    return tables
