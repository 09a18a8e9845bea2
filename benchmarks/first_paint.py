"""Child process of ``run.py``: open the dashboard headless and report when every home panel
shows figures.

Prints JSON ``{"painted_at": <time.monotonic()>, "rss_mb": ...}``; ``run.py`` subtracts the
monotonic time it took just before starting this process, so imports and interpreter start
count. The dashboard opens in time travel at ``--as-of`` (the end of the sample data).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident set of this process (VmHWM: not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def paint(db: Path, as_of: str) -> float:
    from supervisor_tui.app import build_app
    from supervisor_tui.app.panels import Panel
    from supervisor_tui.config import Config
    from supervisor_tui.settings import Target

    options = argparse.Namespace(
        window="24h", refresh=None, as_of=as_of, area=None, redact=False, theme=None
    )
    app = build_app(options, Config(), Target(db, False))
    async with app.run_test(headless=True, size=(160, 48)) as pilot:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            panels = list(app.screen.query(Panel))
            if panels and all(p.data is not None or p.error for p in panels):
                errors = [p.error for p in panels if p.error]
                if errors:
                    raise SystemExit(f"a panel failed: {errors[0]}")
                await pilot.pause()  # the frame with the figures is drawn
                return time.monotonic()
            await asyncio.sleep(0.002)
    raise SystemExit("the home panels did not show figures within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--as-of", required=True, help="naive UTC ISO time")
    args = parser.parse_args()
    painted = asyncio.run(paint(args.db, args.as_of + "Z"))
    rss_mb = peak_rss_mb()
    json.dump({"painted_at": painted, "rss_mb": rss_mb}, sys.stdout)


if __name__ == "__main__":
    main()
