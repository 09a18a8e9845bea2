"""A Rich progress bar for long stages, shown only on a terminal and only after a second."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def stage_progress(title: str) -> Iterator[Callable[[str, float], None]]:
    """Yield ``progress(stage, fraction)``; draws a bar on stderr once a second has passed."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    started = time.monotonic()
    bar: Progress | None = None
    task = None

    def update(stage: str, fraction: float) -> None:
        nonlocal bar, task
        if not console.is_terminal:
            return
        if bar is None:
            if time.monotonic() - started < 1.0:
                return
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            task = bar.add_task(title, total=1.0)
        bar.update(task, completed=max(0.0, min(1.0, fraction)), description=f"{title}: {stage}")

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
