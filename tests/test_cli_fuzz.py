"""Hostile input on the command line: random argv from the real subcommands and options with
hostile values. Every run ends with exit 0, 2, 3 or 4 and, when it fails, one line on stderr —
never a traceback. The dashboard itself is never started (a bad value must fail before it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisor_tui.cli import build_parser, main

HOSTILE = [
    "-1", "0", "1e309", "nan", "inf", "-inf", "99999999999999999999", "3660", "366d", "0h",
    "1h", "shift", "SHIFT", "x", "", " ", "ÿ", "🚓", "\x00", "\x1b[2J", "--", "'; DROP TABLE calls",
    "2026-13-45T25:61", "2026-03-10T12:00Z", "2999-01-01", "now", "lei", "NOPE", "../", "/dev/null",
    "/", "/proc/self/mem", "=HYPERLINK(\"x\")", "a" * 300,
]  # fmt: skip


def subcommands(parser=None, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], list[str]]:
    """Each (nested) subcommand's option strings, read from the real parser."""
    parser = parser or build_parser()
    out: dict[tuple[str, ...], list[str]] = {}
    for action in parser._actions:  # argparse has no public walk of its subparsers
        choices = getattr(action, "choices", None)
        for name, sub in choices.items() if isinstance(choices, dict) else ():
            if not isinstance(sub, type(parser)):
                continue
            words = (*prefix, name)
            out[words] = [s for a in sub._actions for s in a.option_strings if s.startswith("--")]
            out.update(subcommands(sub, words))
    return out


COMMANDS = subcommands()
#: Options that would wait or serve; they are left out of the random runs.
SKIP = {"--help", "--version", "--port", "--host", "--force"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from supervisor_tui.sample import generate

    path = tmp_path_factory.mktemp("fuzz") / "s.duckdb"
    generate(path, days=1, seed=3)
    return path


@settings(
    max_examples=int(os.environ.get("SUPERVISOR_TUI_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_argv_never_gives_a_traceback(data, db: Path, tmp_path: Path, capsys) -> None:
    command = data.draw(
        st.sampled_from(sorted(c for c in COMMANDS if c not in {"serve", "simulate", "sample"}))
    )
    options = [o for o in COMMANDS[command] if o not in SKIP]
    argv = [command]
    chosen = (
        data.draw(st.lists(st.sampled_from(options), max_size=4, unique=True)) if options else []
    )
    for option in chosen:
        argv += [option, data.draw(st.sampled_from(HOSTILE))]
    if "--db" not in argv:
        argv += ["--db", str(tmp_path / "new.duckdb") if command == "init" else str(db)]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    assert code in (0, 2, 3, 4), (argv, code, err)
    if code == 2:  # one line: what, where, how to fix
        assert err.startswith("supervisor-tui") and err.count("\n") == 1, (argv, err)
