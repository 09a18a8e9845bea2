"""The built-in sample database used when no database is configured."""

from __future__ import annotations

import sys
from pathlib import Path

from supervisor_tui.progress import stage_progress


def ensure_sample(path: Path) -> Path:
    """Create the built-in sample database (ending now) if it is missing."""
    if path.exists():
        return path
    from supervisor_tui.sample import generate

    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"supervisor-tui: creating the built-in sample database at {path}", file=sys.stderr)
    with stage_progress("Creating sample data") as progress:
        generate(path, progress=progress)
    return path
