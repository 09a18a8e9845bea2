"""Config: strict TOML, clear errors naming the key, environment overrides, precedence."""

from __future__ import annotations

import functools
import json
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario import HOUR, SEC, Scenario, T
from supervisor_tui import metrics
from supervisor_tui.cli import main
from supervisor_tui.config import Config, Thresholds, example_toml, load_config, parse_config
from supervisor_tui.errors import UserError
from supervisor_tui.settings import resolve_database, sample_database_path

#: Every key a config file may set, with a value different from its default, and where that
#: value lands (attribute of Config or of Config.thresholds).
EVERY_KEY = """\
database = "~/force.duckdb"

[display]
timezone = "UTC"
refresh_seconds = 2.5
theme = "nord"
redact = true
team = "LEI-R1"
bell = true
shift_starts = ["06:00", "18:00"]

[calls]
answer_target_s = 20
answered_within_target_pct = 85.0
abandoned_max_pct = 12.5

[attendance]
grade1_urban_min = 12
grade1_rural_min = 25.0
grade2_min = 45
late_max_pct = 15

[workload]
max_crimes = 8

[suspects]
review_after_days = 60
review_min_rank = "chief inspector"
high_risk_review_hours = 12

[due_soon]
attendance_g1_min = 5
attendance_g2_min = 20.0
suspect_90d_review_days = 14
suspect_high_risk_review_hours = 2
crime_allocation_hours = 6
investigation_plan_days = 1
supervisor_review_days = 3
victim_informed_hours = 12
rui_review_days = 5
uof_form_hours = 2
uof_check_hours = 6
stop_search_review_hours = 6
dvds_disclosure_days = 3
dvds_initial_checks_hours = 3

[actions]
briefing_ahead_hours = 10

[investigations]
allocate_within_hours = 24
plan_within_days = 5
review_every_days = 21
victims_working_days = 4
victims_enhanced_working_days = 2
long_open_days = 90

[bail]
expiry_horizon_days = 10
rui_review_days = 21

[use_of_force]
form_due_hours = 12
check_due_hours = 48
bwv_not_recorded_max_pct = 3

[stop_search]
review_due_hours = 48
grounds_recorded_min_pct = 97

[dvds]
disclose_within_days = 21
initial_checks_hours = 12

[neighbourhood]
planned_notice_hours = 48
max_abstracted_pct = 15

[status]
near_margin_pct = 5
"""
EXPECTED = {
    "timezone": "UTC",
    "refresh_seconds": 2.5,
    "theme": "nord",
    "redact": True,
    "team": "LEI-R1",
    "bell": True,
    "shift_starts": ("06:00", "18:00"),
    "answer_target_s": 20.0,
    "answered_within_target_pct": 85.0,
    "abandoned_max_pct": 12.5,
    "grade1_urban_min": 12.0,
    "grade1_rural_min": 25.0,
    "grade2_min": 45.0,
    "late_max_pct": 15.0,
    "workload_max_crimes": 8,
    "review_after_days": 60,
    "review_min_rank": "chief inspector",
    "high_risk_review_hours": 12,
    "near_margin_pct": 5.0,
    "attendance_g1_min": 5.0,
    "attendance_g2_min": 20.0,
    "suspect_90d_review_days": 14.0,
    "suspect_high_risk_review_hours": 2.0,
    "briefing_ahead_hours": 10.0,
    "crime_allocation_hours": 6.0,
    "investigation_plan_days": 1.0,
    "supervisor_review_days": 3.0,
    "victim_informed_hours": 12.0,
    "rui_review_due_soon_days": 5.0,
    "uof_form_hours": 2.0,
    "uof_check_hours": 6.0,
    "stop_search_review_hours": 6.0,
    "dvds_disclosure_days": 3.0,
    "dvds_initial_checks_hours": 3.0,
    "allocate_within_hours": 24,
    "plan_within_days": 5,
    "review_every_days": 21,
    "victims_working_days": 4,
    "victims_enhanced_working_days": 2,
    "long_open_days": 90,
    "expiry_horizon_days": 10,
    "rui_review_days": 21,
    "form_due_hours": 12,
    "check_due_hours": 48,
    "bwv_not_recorded_max_pct": 3.0,
    "search_review_due_hours": 48,
    "grounds_recorded_min_pct": 97.0,
    "disclose_within_days": 21,
    "initial_checks_hours": 12,
    "planned_notice_hours": 48,
    "max_abstracted_pct": 15.0,
}


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(UserError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_defaults_are_the_issue_thresholds() -> None:
    config = load_config()  # no file in the (isolated) platform config dir
    assert config == Config()
    assert config.database is None
    assert config.timezone == "Europe/London"
    t = config.thresholds
    assert (t.answer_target_s, t.answered_within_target_pct, t.abandoned_max_pct) == (10, 90, 10)
    assert (t.grade1_urban_min, t.grade1_rural_min, t.grade2_min) == (15, 20, 60)
    assert t.workload_max_crimes == 5
    assert (t.review_after_days, t.review_min_rank, t.high_risk_review_hours) == (
        90,
        "inspector",
        24,
    )
    assert t.review_ranks == [
        "inspector",
        "chief inspector",
        "superintendent",
        "chief superintendent",
    ]


def test_every_key_is_overridable(tmp_path: Path) -> None:
    path = write(tmp_path, EVERY_KEY)
    config = load_config(path)
    assert config.source == path
    assert config.database == Path("~/force.duckdb").expanduser()
    for attr, value in EXPECTED.items():
        holder = config if hasattr(config, attr) else config.thresholds
        got = getattr(holder, attr)
        assert got == value and type(got) is type(value), attr
    assert config.thresholds.review_ranks == [
        "chief inspector",
        "superintendent",
        "chief superintendent",
    ]


def test_example_config_lists_every_key_with_its_default() -> None:
    data = tomllib.loads(example_toml())
    assert parse_config(data) == Config()
    listed = {f"{section}.{key}" for section, keys in data.items() for key in keys}
    covered = {
        f"{section}.{key}"
        for section, keys in tomllib.loads(EVERY_KEY).items()
        if isinstance(keys, dict)
        for key in keys
    }
    # a setting with no default (the sergeant's own team) is shown commented out
    assert "\n# team = " in example_toml()
    assert listed == covered - {"display.team"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[calls]\nanswer_targt_s = 5\n", "calls.answer_targt_s"),
        ("colour = 'red'\n", "colour"),
        ("[call]\nanswer_target_s = 5\n", "call"),
        ("[display]\nzone = 'UTC'\n", "display.zone"),
    ],
)
def test_unknown_key_is_named(tmp_path: Path, text: str, named: str) -> None:
    message = error_of(tmp_path, text)
    assert "unknown key" in message
    assert named in message


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[calls]\nanswer_target_s = "ten"\n', "calls.answer_target_s"),
        ("[calls]\nanswer_target_s = true\n", "calls.answer_target_s"),
        ("[workload]\nmax_crimes = 5.5\n", "workload.max_crimes"),
        ('[display]\nredact = "yes"\n', "display.redact"),
        ("[suspects]\nreview_min_rank = 3\n", "suspects.review_min_rank"),
        ("database = 7\n", "database"),
    ],
)
def test_wrong_type_is_named(tmp_path: Path, text: str, named: str) -> None:
    message = error_of(tmp_path, text)
    assert named in message
    assert "expected" in message


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[calls]\nanswer_target_s = 0\n", "calls.answer_target_s"),
        ("[calls]\nabandoned_max_pct = 120\n", "calls.abandoned_max_pct"),
        ("[workload]\nmax_crimes = -1\n", "workload.max_crimes"),
        ('[suspects]\nreview_min_rank = "general"\n', "suspects.review_min_rank"),
        ('[display]\ntimezone = "Mars/Olympus"\n', "display.timezone"),
        ("calls = 10\n", "calls"),
    ],
)
def test_bad_value_is_named(tmp_path: Path, text: str, named: str) -> None:
    assert named in error_of(tmp_path, text)


def test_bad_toml(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[calls\nanswer_target_s = 10\n")
    assert "TOML" in message


def test_missing_explicit_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(UserError, match="does not exist") as caught:
        load_config(missing)
    assert str(missing) in str(caught.value)


def test_platform_config_file_is_read(isolated_user_dirs: Path) -> None:
    folder = isolated_user_dirs / "config" / "supervisor-tui"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("[workload]\nmax_crimes = 9\n", encoding="utf-8")
    assert load_config().thresholds.workload_max_crimes == 9


def test_config_env_var_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[workload]\nmax_crimes = 7\n")
    assert load_config(env={"SUPERVISOR_TUI_CONFIG": str(path)}).thresholds.workload_max_crimes == 7
    # --config beats the environment variable
    other = write(tmp_path, "[workload]\nmax_crimes = 3\n", "other.toml")
    config = load_config(other, env={"SUPERVISOR_TUI_CONFIG": str(path)})
    assert config.thresholds.workload_max_crimes == 3


def test_database_precedence(tmp_path: Path) -> None:
    path = write(tmp_path, 'database = "/from/file.duckdb"\n')
    env = {"SUPERVISOR_TUI_DB": "/from/env.duckdb"}
    # defaults: the built-in sample
    target = resolve_database(None, load_config(env={}))
    assert (target.path, target.is_sample) == (sample_database_path(), True)
    # config file
    target = resolve_database(None, load_config(path, env={}))
    assert (target.path, target.is_sample) == (Path("/from/file.duckdb"), False)
    # env beats the config file
    assert resolve_database(None, load_config(path, env=env)).path == Path("/from/env.duckdb")
    assert resolve_database(None, load_config(env=env)).path == Path("/from/env.duckdb")
    # --db beats everything
    target = resolve_database("/from/cli.duckdb", load_config(path, env=env))
    assert (target.path, target.is_sample) == (Path("/from/cli.duckdb"), False)


def test_env_var_reaches_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sc = Scenario(tmp_path)
    sc.call("C1", "999", presented=T - HOUR, answered=T - HOUR + SEC)
    sc.save()
    monkeypatch.setenv("SUPERVISOR_TUI_DB", str(sc.path))
    assert main(["report", "--as-of", "2026-03-10T12:00Z", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["calls"]["999"]["presented"] == 1


def test_thresholds_from_the_config_change_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sc = Scenario(tmp_path)
    sc.call("C1", "999", presented=T - HOUR, answered=T - HOUR + 15 * SEC)
    sc.call("C2", "999", presented=T - HOUR, answered=T - HOUR + 5 * SEC)
    for _ in range(6):
        sc.suspect(sc.crime(oic="P1"))
    sc.save()
    args = ["report", "--db", str(sc.path), "--as-of", "2026-03-10T12:00Z", "--format", "json"]
    assert main(args) == 0
    default = json.loads(capsys.readouterr().out)
    config = write(tmp_path, "[calls]\nanswer_target_s = 20\n[workload]\nmax_crimes = 6\n")
    assert main([*args, "--config", str(config)]) == 0
    changed = json.loads(capsys.readouterr().out)
    assert default["calls"]["999"]["answered_within_10s"] == 1
    assert default["calls"]["999"]["answered_within_10s_pct"] == 50.0
    assert default["workload"]["officers_over"] == [{"officer_id": "P1", "crimes": 6}]
    assert changed["calls"]["999"]["answered_within_10s"] == 2
    assert changed["calls"]["999"]["answered_within_10s_pct"] == 100.0
    assert changed["workload"] == {"threshold": 6, "officers_over": []}


def test_config_error_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path, "[calls]\nanswer_targt_s = 5\n")
    code = main(["report", "--db", str(tmp_path / "x.duckdb"), "--config", str(config)])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1
    assert "calls.answer_targt_s" in err
    assert "Traceback" not in err


def test_thresholds_default_factory_is_shared_safely() -> None:
    assert Config().thresholds == Thresholds()


def test_config_command_prints_a_file_that_reads_back_as_the_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from supervisor_tui.cli import main

    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert parse_config(tomllib.loads(out)) == Config()
    assert "[due_soon]" in out and "[investigations]" in out


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12),
    st.lists(st.text(max_size=6), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)  # fmt: skip


@functools.cache
def _fuzz_scenario() -> Scenario:
    """A small scenario with a little of everything, shared by the fuzzed configs."""
    folder = Path(tempfile.mkdtemp(prefix="supervisor-tui-config-fuzz-"))
    sc = Scenario(folder).officer("P1")
    sc.call("C1", "999", presented=T - HOUR, answered=T - HOUR + SEC)
    sc.incident("I1", grade=1, opened=T - HOUR)
    crime = sc.crime(oic="P1")
    sc.suspect(crime, since=T - 100 * 24 * HOUR, risk="high")
    sc.save()
    return sc


def _known_keys() -> list[tuple[str, str]]:
    data = tomllib.loads(example_toml())
    return [(section, key) for section, keys in data.items() for key in keys]


@settings(max_examples=300, deadline=None)
@given(
    picks=st.lists(
        st.tuples(
            st.sampled_from(_known_keys()) | st.tuples(st.text(max_size=6), st.text(max_size=6)),
            _VALUES,
        ),
        max_size=6,
    )
)
def test_any_config_document_is_a_config_or_one_user_error(picks) -> None:
    """Fuzzed config documents (known and unknown keys, any value types): a Config or one
    UserError naming the key, never another exception."""
    data: dict = {}
    for (section, key), value in picks:
        if value is None:
            continue
        data.setdefault(section, {})[key] = value
    try:
        config = parse_config(data)
    except UserError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    # a config that parses computes every figure (extreme but valid values included)
    with _fuzz_scenario().session() as session:
        metrics.report(session, metrics.Scope(as_of=T, thresholds=config.thresholds))
