"""The soak, shortened (``benchmarks/soak.py`` for 15 s of writing): the live feed writing both
waves in small transactions while a headless dashboard (the real app, in its own process) and
a ``report --check`` loop read. Every row the writer logged is in the file exactly once, no
process crashed, no count a reader saw went down, and the readers went STALE while a slow
loader held the file (longer than three refresh intervals) and recovered after."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SOAK = Path(__file__).resolve().parents[1] / "benchmarks" / "soak.py"
#: A stall longer than three refresh intervals: the dashboard must show STALE during it.
REFRESH, STALL = 1.5, 7.0


@pytest.fixture(scope="module")
def soak(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("soak")
    out = folder / "result.json"
    proc = subprocess.run(
        [sys.executable, str(SOAK), "--minutes", "0.25", "--dashboards", "1",
         "--history-days", "10",
         "--warmup-start", "4", "--warmup", "3", "--stall-every", "4",
         "--stall-seconds", str(STALL), "--refresh", str(REFRESH), "--retry", "1",
         "--workdir", str(folder), "--json", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert out.exists(), proc.stderr[-3000:]
    result = json.loads(out.read_text())
    result["exit"] = proc.returncode
    result["folder"] = str(folder)
    return result


def test_every_logged_row_is_in_the_file_once(soak: dict) -> None:
    tables = soak["tables"]
    for table, row in tables.items():
        assert row["added"] == row["logged"], (table, row)
        assert row["duplicate_keys"] == 0, (table, row)
    # both waves were written, in many small transactions
    for table in ("calls", "incidents", "stop_searches", "use_of_force", "abstractions"):
        assert tables[table]["logged"] > 0, table
    assert soak["writer"]["batches"] >= 4
    assert soak["writer"]["rows"] == sum(t["logged"] for t in tables.values())


def test_nothing_crashed(soak: dict) -> None:
    writer, [dashboard], loop = soak["writer"], soak["dashboards"], soak["report_loop"]
    assert writer["exit"] == 0 and not writer["traceback"], writer["stderr_tail"]
    assert dashboard["exit"] == 0 and not dashboard["traceback"], soak["folder"]
    assert dashboard["rounds"] >= 3  # it kept refreshing
    assert loop["runs"] >= 2 and loop["good"] >= 1
    assert loop["one_line_errors"], loop["errors"]
    for error in loop["errors"]:  # a failed read is the lock, said in one line
        assert "is locked by another process" in error, error
    assert soak["exit"] == 0, soak["checks"]


def test_no_count_ever_decreased(soak: dict) -> None:
    [dashboard], loop = soak["dashboards"], soak["report_loop"]
    assert dashboard["decreases"] == []
    assert loop["decreases"] == []
    # and the last reads agree with each other and with the rows written
    final_dash, final_report = dashboard["final_counts"], loop["final_counts"]
    assert final_dash["calls_999.presented"] == final_report["calls.999.presented"]
    assert final_dash["use_of_force.uses"] == final_report["use_of_force.uses"]
    assert final_dash["stop_search.searches"] == final_report["stop_search.searches"]


def test_readers_went_stale_under_the_lock_and_recovered(soak: dict) -> None:
    [dashboard], loop = soak["dashboards"], soak["report_loop"]
    assert soak["writer"]["stalls"] >= 1
    assert dashboard["stale_episodes"] >= 1, dashboard
    assert dashboard["recovered"]
    assert loop["recovered"]
