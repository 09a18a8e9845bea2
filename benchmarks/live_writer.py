"""Child process of ``run.py``: append one call per write transaction, as a live feed does.

Prints ``<n> <monotonic time of COMMIT>`` per write; ``run.py`` polls ``Database.read()`` in
its own process and pairs each commit with the first read that sees the row.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from supervisor_tui.db import writer


def main() -> None:
    path, count, at = Path(sys.argv[1]), int(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
    time.sleep(0.3)  # let the reader start polling
    for n in range(1, count + 1):
        with writer(path, retry_seconds=30) as con:
            con.execute("BEGIN TRANSACTION")
            con.execute(
                "INSERT INTO calls (call_id, line, presented_at) VALUES (?, '999', ?)",
                [f"LIVE-BENCH-{n}", at],
            )
            con.execute("COMMIT")
            committed = time.monotonic()
        print(n, committed, flush=True)
        time.sleep(0.15)


if __name__ == "__main__":
    main()
