"""``kill -9`` at random moments of ``supervisor-tui migrate``, 50 trials (the suite runs 12).

    python benchmarks/migrate_kill.py [--trials 50] [--seed 50]

Each trial copies a v1 file of 1,000,000 crimes and 50 teams, starts ``supervisor-tui migrate``
(0.01 s between its statements), and once its first statement has run kills it with SIGKILL at a
moment drawn uniformly up to the measured commit (half the trials) or up to a third past the
measured end (the other half: the commit, the checkpoint, the exit); then the file must open
as a complete v1 or v2 with every crime and team intact (count and hash), and a later migrate
must finish it. The helpers are the suite's (``tests/test_migrate.py``). Prints the versions
found and the time per trial.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_migrate import build_big_v1, kill_trials, migrate_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="migrate-kill-") as tmp:
        folder = Path(tmp)
        began = time.monotonic()
        big = build_big_v1(folder / "big.duckdb")
        built = time.monotonic() - began
        to_commit, length = migrate_seconds(big, folder)
        began = time.monotonic()
        versions = kill_trials(big, folder, args.trials, args.seed)
        took = time.monotonic() - began
    found = collections.Counter(versions)
    print(
        f"{len(versions)} trials, every one a complete v1 or v2 file with every row: "
        f"{found[1]} v1, {found[2]} v2; a migration commits {to_commit:.2f} s and ends "
        f"{length:.2f} s after its first statement; {took:.0f} s in all, "
        f"{took / len(versions):.2f} s a trial "
        f"(building the v1 file {built:.1f} s)"
    )
    return 0 if set(versions) <= {1, 2} and len(versions) == args.trials else 1


if __name__ == "__main__":
    sys.exit(main())
