"""Where options go: before or after a subcommand, nothing is silently dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supervisor_tui.cli import main


def test_db_before_the_subcommand_is_used(empty_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--db", str(empty_db), "report", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["calls"]["999"]["presented"] == 0
    assert "SAMPLE DATA" not in err  # not the built-in sample: the --db given first


def test_db_after_the_subcommand_wins(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    missing = tmp_path / "missing.duckdb"
    assert main(["--db", str(empty_db), "report", "--db", str(missing)]) == 2
    assert "missing.duckdb does not exist" in capsys.readouterr().err


@pytest.mark.parametrize(
    "early", [["--redact"], ["--window", "8h"], ["--as-of", "2026-11-25T14:00"], ["--area", "LEI"]]
)
def test_dashboard_options_before_a_subcommand_are_refused(
    early: list[str], empty_db: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main([*early, "report", "--db", str(empty_db)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert f"{early[0]} given before `report` would be ignored" in err
    assert f"supervisor-tui report {early[0]}" in err


@pytest.mark.parametrize("argv", [["report"], ["report", "--format", "json"]])
def test_a_future_as_of_is_refused(
    argv: list[str], empty_db: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main([*argv, "--db", str(empty_db), "--as-of", "2099-01-01T00:00Z"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "is in the future" in err and err.count("\n") == 1


def test_a_future_as_of_is_refused_before_the_dashboard_opens(
    empty_db: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["--db", str(empty_db), "--as-of", "2099-01-01T00:00Z"]) == 2
    assert "is in the future" in capsys.readouterr().err
