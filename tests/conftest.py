"""Shared fixtures: every test runs with its own config and cache folders and no DB env var."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from supervisor_tui.db import create_schema


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads the developer's config, cache or database settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("SUPERVISOR_TUI_DB", raising=False)
    monkeypatch.delenv("SUPERVISOR_TUI_CONFIG", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    return home


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A fresh schema-v1 database file."""
    path = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    con.close()
    return path


@pytest.fixture
def db_writer(empty_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection to ``empty_db``; close it before reading through the core."""
    con = duckdb.connect(str(empty_db))
    yield con
    con.close()
