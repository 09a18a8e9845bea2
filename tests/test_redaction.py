"""Redaction is total: with --redact no personal name reaches any briefing format, the JSON
report or a dashboard screen. Unique marker names are seeded and every output is scanned; the
same outputs without --redact show them (so the scan can fail)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario import DAY, HOUR, MIN, Scenario, T
from supervisor_tui.cli import main

OFFICER = "Zebedee"
SUSPECT = "Quixote"


def seeded(tmp_path: Path) -> Path:
    sc = Scenario(tmp_path)
    for i in range(1, 8):
        sc._add("officers", officer_id=f"P{i}", collar_number=f"{i}00", name=f"{OFFICER} {i}",
                rank="constable", team_id="A", area_code="LEI")  # fmt: skip
        sc.duty(f"P{i}", starts=T - 10 * HOUR, ends=T - HOUR if i == 1 else T + HOUR)
    sc.incident("I1", grade=1, opened=T - HOUR)
    sc.deployment("I1", "P1", dispatched=T - 50 * MIN)  # held over, breaching, in the queue
    for n in range(7):  # P2 over the workload trigger, with overdue suspects
        crime = sc.crime(oic="P2", recorded=T - 200 * DAY)
        risk = "high" if n == 0 else "standard"
        sc.suspect(crime, since=T - 100 * DAY, risk=risk, name=f"{SUSPECT} {n}")
    return sc.save()


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_no_name_in_any_report_format(tmp_path: Path, capsys, fmt: str) -> None:
    path = seeded(tmp_path)
    argv = ["report", "--db", str(path), "--as-of", "2026-03-10T12:00Z", "--format", fmt]
    main(argv)
    plain = capsys.readouterr().out
    if fmt != "json":  # the JSON report holds ids only, redacted or not
        assert OFFICER in plain and SUSPECT in plain
    main([*argv, "--redact"])
    out = capsys.readouterr().out
    assert OFFICER not in out and SUSPECT not in out
