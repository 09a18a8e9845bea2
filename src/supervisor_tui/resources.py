"""Locate the files that ship with the package: ``queries/`` and ``sample_data/``.

In an installed wheel they live inside the package (hatch ``force-include``); in a source
checkout (editable install, tests) they sit at the repository root.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _locate(name: str) -> Path:
    packaged = resources.files("supervisor_tui") / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"supervisor-tui is missing its {name}/ folder; reinstall the package")


def queries_dir() -> Path:
    return _locate("queries")


def sample_data_dir() -> Path:
    return _locate("sample_data")
