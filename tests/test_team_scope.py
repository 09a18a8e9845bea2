"""Team scope (--team, [display] team): each figure with an owner follows its officer's team.

Rules (docs/metrics.md, "Team scope"): incidents via the teams of the officers dispatched to
them by T; crimes and suspects via the officer in charge's team; duties via the officer's
team; each clock via its row's team; calls stay force-wide.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario import DAY, HOUR, MIN, SEC, Scenario, T, scope
from supervisor_tui import metrics
from supervisor_tui.cli import main


def build(tmp_path: Path) -> Scenario:
    sc = Scenario(tmp_path)
    sc._add("teams", team_id="A", name="Response A", area_code="LEI")
    sc._add("teams", team_id="B", name="Response B", area_code="LEI")
    sc.officer("P1", team="A").officer("P2", team="B").officer("P3", team="A")
    sc.incident("I1", grade=1, opened=T - 2 * HOUR)
    sc.deployment("I1", "P1", dispatched=T - 2 * HOUR, arrived=T - 2 * HOUR + 30 * MIN)
    sc.incident("I2", grade=1, opened=T - 2 * HOUR)
    sc.deployment("I2", "P2", dispatched=T - 2 * HOUR, arrived=T - 2 * HOUR + 5 * MIN)
    sc.deployment("I2", "P3", dispatched=T - HOUR)  # a second team sent later: both see it
    sc.incident("I3", grade=1, opened=T - 2 * HOUR)  # none sent: no team's
    sc.incident("I4", grade=2, opened=T - 3 * HOUR)  # sent only after T: not yet A's
    sc.deployment("I4", "P1", dispatched=T + SEC)
    crime_a = sc.crime(oic="P1")
    sc.suspect(crime_a, "SA", since=T - 95 * DAY)
    crime_b = sc.crime(oic="P2")
    sc.suspect(crime_b, "SB", since=T - 95 * DAY)
    sc.duty("P1", starts=T - 4 * HOUR, ends=T + 4 * HOUR)
    sc.duty("P2", starts=T - 4 * HOUR, ends=T + 4 * HOUR)
    sc.call("C1", "999", presented=T - HOUR, answered=T - HOUR + 5 * SEC)
    return sc


def figures(sc: Scenario, team: str | None) -> dict:
    with sc.session() as session:
        return metrics.report(session, scope().with_(team=team))


def test_each_figure_follows_its_owners_team(tmp_path: Path) -> None:
    sc = build(tmp_path)
    every, team_a, team_b = figures(sc, None), figures(sc, "A"), figures(sc, "B")
    assert every["attendance"]["1"]["opened"] == 3
    assert team_a["attendance"]["1"]["opened"] == 2  # I1 (P1) and I2 (P3 sent too)
    assert team_b["attendance"]["1"]["opened"] == 1  # I2
    assert team_a["attendance"]["1"]["late"] == 1  # I1: 30 min against 15
    assert every["attendance"]["1"]["breaching_now"] == 1  # I3, none sent
    assert team_a["attendance"]["1"]["breaching_now"] == 0
    assert team_a["attendance"]["2"]["opened"] == 0  # I4: P1 dispatched only after T
    assert (team_a["suspects"]["outstanding"], team_b["suspects"]["outstanding"]) == (1, 1)
    assert team_a["suspects"]["over_90_days_unreviewed"] == 1
    assert (team_a["on_duty"]["officers"], team_b["on_duty"]["officers"]) == (1, 1)
    assert team_a["calls"] == every["calls"]  # calls stay force-wide
    items = {i["item_id"] for i in team_a["actions"]["items"] if i["kind"].startswith("suspect")}
    assert items == {"SA"}
    assert all(i["team_id"] == "A" for i in team_a["actions"]["items"])
    assert team_a["team"] == "A" and "team" not in every


def test_team_option_and_a_team_not_in_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sc = build(tmp_path)
    path = sc.save()
    argv = ["report", "--db", str(path), "--as-of", "2026-03-10T12:00Z", "--format", "json"]
    assert main([*argv, "--team", "a"]) == 0  # any case
    assert '"team": "A"' in capsys.readouterr().out
    assert main([*argv, "--team", "Z9"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "supervisor-tui: error: team 'Z9' is not in this database; known teams: A, B\n"
    config = tmp_path / "config.toml"
    config.write_text('[display]\nteam = "B"\n', encoding="utf-8")
    assert main([*argv, "--config", str(config)]) == 0
    assert '"team": "B"' in capsys.readouterr().out
