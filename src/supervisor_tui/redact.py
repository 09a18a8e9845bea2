"""Hide personal names on shared screens and in circulated reports (``--redact``).

Only names are hidden: identifiers (officer IDs, collar numbers, suspect IDs) stay, so a
supervisor can still look a record up. A name becomes the same fixed mask whatever its
length, so the mask leaks nothing about the name.
"""

from __future__ import annotations

from collections.abc import Iterable

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
