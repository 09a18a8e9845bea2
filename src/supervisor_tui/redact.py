"""Hide personal names on shared screens and in circulated reports (``--redact``).

Only names are hidden: identifiers (officer IDs, collar numbers, suspect IDs) stay, so a
supervisor can still look a record up. A name becomes the same fixed mask whatever its
length, so the mask leaks nothing about the name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import polars as pl

MASK = "(name hidden)"


def redact_name(name: str | None) -> str | None:
    """The mask for a name; ``None`` (no name recorded) stays ``None``."""
    if name is None:
        return None
    return MASK


def redact_frame(frame: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
    """``frame`` with every non-null value in ``columns`` masked; absent columns are ignored."""
    present = [name for name in columns if name in frame.columns]
    if not present:
        return frame
    return frame.with_columns(
        pl.when(pl.col(name).is_null()).then(None).otherwise(pl.lit(MASK)).alias(name)
        for name in present
    )


def redact_value(value: Any, columns: Iterable[str]) -> Any:
    """``value`` with names hidden in every frame, row dict or list of rows it holds
    (dataclasses are walked field by field); other values are returned as they are."""
    names = tuple(columns)
    if not names:
        return value
    if isinstance(value, pl.DataFrame):
        return redact_frame(value, names)
    if isinstance(value, dict):
        return {
            key: (redact_name(item) if key in names and isinstance(item, str) else
                  redact_value(item, names))
            for key, item in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [redact_value(item, names) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: redact_value(getattr(value, f.name), names) for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value
