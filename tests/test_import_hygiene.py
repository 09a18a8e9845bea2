"""The core never imports Textual: every module outside ``supervisor_tui.app``, each in a
fresh interpreter, and the headless ``report`` path end to end."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import textwrap
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import supervisor_tui

#: Modules not imported on their own: ``__main__`` runs the command line when imported.
SKIP = {"supervisor_tui.__main__"}


def core_modules() -> list[str]:
    found = ["supervisor_tui"]
    for info in pkgutil.walk_packages(supervisor_tui.__path__, prefix="supervisor_tui."):
        name = info.name
        if name == "supervisor_tui.app" or name.startswith("supervisor_tui.app."):
            continue
        if name not in SKIP:
            found.append(name)
    return sorted(found)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_walk_finds_the_core() -> None:
    modules = core_modules()
    for name in ("config", "db", "metrics", "cli", "settings", "status", "commands.report"):
        assert f"supervisor_tui.{name}" in modules
    assert not any(m.startswith("supervisor_tui.app") for m in modules)


def textual_loaded_by(module: str) -> str:
    """Import ``module`` in a fresh interpreter; the Textual modules that came with it."""
    done = run_python(
        f"""
        import importlib, sys
        importlib.import_module({module!r})
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(",".join(loaded))
        """
    )
    assert done.returncode == 0, f"importing {module} failed: {done.stderr}"
    return done.stdout.strip()


def test_core_modules_do_not_import_textual() -> None:
    modules = core_modules()
    # one fresh interpreter per module, a few at a time
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        loaded = dict(zip(modules, pool.map(textual_loaded_by, modules), strict=True))
    offenders = {module: found for module, found in loaded.items() if found}
    assert offenders == {}


def test_report_command_runs_without_textual(empty_db: Path) -> None:
    done = run_python(
        f"""
        import sys
        from supervisor_tui.cli import build_parser, main
        build_parser()
        code = main(["report", "--db", {str(empty_db)!r}, "--format", "json",
                     "--as-of", "2026-03-10T12:00Z"])
        assert code == 0, code
        print("TEXTUAL" if "textual" in sys.modules else "CLEAN", file=sys.stderr)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "CLEAN"
    assert '"schema_version": 2' in done.stdout


#: Top-level modules outside the static contract: the command line and its subcommands
#: open the dashboard (they import the app inside a function), which the runtime test above
#: shows happens only when asked for.
OUTSIDE_CONTRACT = {"supervisor_tui.cli", "supervisor_tui.commands", "supervisor_tui.__main__"}


def test_the_import_contract_names_every_core_module() -> None:
    """A new core module is in the import-linter contract `.ci/run` checks, not forgotten."""
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    contracts = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]["contracts"]
    listed = set(contracts[0]["source_modules"])
    top_level = {
        f"supervisor_tui.{info.name}"
        for info in pkgutil.iter_modules(supervisor_tui.__path__)
        if info.name != "app"
    }
    assert top_level - OUTSIDE_CONTRACT - listed == set()
    assert listed - top_level == set()
