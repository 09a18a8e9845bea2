"""Ingest test fixtures: databases with the force's areas, a sample database, CSV writer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from ingest_helpers import SAMPLE_END

from supervisor_tui.db import create_schema
from supervisor_tui.resources import sample_data_dir


@pytest.fixture(scope="session")
def areas_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database (current schema) holding the force's nine areas and its teams."""
    path = tmp_path_factory.mktemp("template") / "areas.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    areas = sample_data_dir() / "areas.csv"
    teams = sample_data_dir() / "teams.csv"
    con.execute(
        "INSERT INTO areas SELECT area_code, name, urban FROM read_csv($p, header = true)",
        {"p": str(areas)},
    )
    con.execute(
        "INSERT INTO teams (team_id, name, area_code, kind) "
        "SELECT team_id, name, area_code, kind FROM read_csv($p, header = true)",
        {"p": str(teams)},
    )
    con.close()
    return path


@pytest.fixture
def areas_db(areas_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the areas template for one test."""
    path = tmp_path / "force.duckdb"
    shutil.copy(areas_template, path)
    return path


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two days of generated sample data ending at SAMPLE_END (generated once)."""
    from supervisor_tui.sample import generate

    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    generate(path, days=2, end=SAMPLE_END, seed=7)
    return path


@pytest.fixture
def sample_db(sample_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "sample.duckdb"
    shutil.copy(sample_template, path)
    return path


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a CSV file in the test's folder and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
        return path

    return write
