"""The figure registry: every family reaches every surface it does not opt out of, and one
status rule serves the panel, the briefing and report --check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenario import DAY, MIN, SEC, Scenario, T, scope
from supervisor_tui import figures
from supervisor_tui.briefing import collect
from supervisor_tui.cli import main
from supervisor_tui.config import example_toml
from supervisor_tui.figures.report import breaches, headlines, read, tick, to_json
from supervisor_tui.figures.spec import SURFACES
from supervisor_tui.status import Level

DOCS = Path(__file__).resolve().parents[1] / "docs"


def docs_text() -> str:
    pages = [DOCS / "metrics.md", *sorted((DOCS / "figures").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages)


def test_every_opt_out_names_a_known_surface_and_a_reason() -> None:
    for family in figures.families():
        for surface, reason in family.not_on.items():
            assert surface in SURFACES, (family.id, surface)
            assert reason.strip(), (family.id, surface)


def test_every_family_is_in_the_json_briefing_and_check(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    with sc.session() as session:
        got = read(session, scope())
        report = to_json(got)
        brief = collect(session, scope(), limit=3, tz="Europe/London")
    for family in figures.families():
        if family.on("json"):
            node = report
            for part in family.json_path or ():
                assert part in node, (family.id, family.json_path)
                node = node[part]
        keys = {h.key for h in family.headlines(got.of(family.id), got.scope.thresholds)}
        if family.on("briefing"):
            assert keys <= {h.key for h in headlines(got)}, family.id
            assert keys <= {h.key for h in brief.headlines}, family.id
        if family.on("check"):
            assert keys <= {h.key for h in headlines(got, surface="check")}, family.id
        else:
            assert not keys & {h.key for h in headlines(got, surface="check")}, family.id


def test_every_family_is_documented_and_every_setting_is_in_the_example_config() -> None:
    text = docs_text()
    for family in figures.families():
        if not family.on("docs"):
            continue
        assert f"| `{family.id}` |" in text, f"{family.id} is not in docs/metrics.md's index"
    example = example_toml()
    for setting in figures.settings():
        assert re.search(rf"^#?\s*{setting.key} = ", example, re.M), setting.where


def test_one_breaching_incident_in_a_hundred_is_a_breach_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first wave's panel said OK here while the briefing said BREACH."""
    sc = Scenario(tmp_path).officer("P1")
    for i in range(99):
        opened = T - 60 * MIN + i * 10 * SEC  # 99 attended in 5 min
        sc.attended(f"I{i:02d}", grade=1, opened=opened, after=5 * MIN)
    sc.incident("LATE", grade=1, opened=T - 30 * MIN)  # unattended past 15 min
    family = figures.family("attendance")
    with sc.session() as session:
        got = read(session, scope())
    data = got.of("attendance")
    assert data[1]["due"] == 100 and data[1]["late_pct"] == 1.0
    assert family.status(data, got.scope.thresholds).level is Level.BREACH
    assert "attendance.1.breaching_now" in {h.key for h in breaches(got)}
    path = sc.save()
    code = main(["report", "--db", str(path), "--as-of", "2026-03-10T12:00Z", "--check"])
    err = capsys.readouterr().err
    assert code == 4 and "Grade 1 breaching now 1" in err


def test_a_tick_reads_again_only_the_families_whose_figures_tick(tmp_path: Path) -> None:
    """A 999 call has waited 4 s at T. Ten seconds on, with nothing written, ``tick`` reads the
    999 calls again (the wait is now 14 s, as a full read at T+10 s has it) and keeps every other
    family's figures exactly as read at T. Another scope, or an earlier time, is refused."""
    sc = Scenario(tmp_path)
    sc.call("W1", "999", presented=T - 4 * SEC)
    sc.call("A1", "999", presented=T - 5 * MIN, answered=T - 5 * MIN + 3 * SEC)
    later = scope(T + 10 * SEC)
    with sc.session() as session:
        first = read(session, scope())
        assert first.ticking_ids() == {"calls_999"}  # no 101 call waits
        assert first.of("calls_999")["longest_wait_now_s"] == 4
        ticked = tick(session, first, later)
        fresh = read(session, later)
        with pytest.raises(ValueError):
            tick(session, first, scope(T + 10 * SEC, window=2 * DAY))
        with pytest.raises(ValueError):
            tick(session, first, scope(T - SEC))
        twice = tick(session, ticked, scope(T + 20 * SEC))
    assert ticked.scope == later and ticked.held_as_of == T
    assert ticked.of("calls_999") == fresh.of("calls_999")
    assert ticked.of("calls_999")["longest_wait_now_s"] == 14
    for family in figures.families():
        if family.id != "calls_999":
            assert ticked.of(family.id) is first.of(family.id), family.id
    assert twice.held_as_of == T  # the kept figures stay those read at T
    assert twice.of("calls_999")["longest_wait_now_s"] == 24
