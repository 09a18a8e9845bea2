"""Configuration: a strict TOML file, environment overrides and defaults.

Precedence, highest first: command-line options, environment (``SUPERVISOR_TUI_DB``,
``SUPERVISOR_TUI_CONFIG``), the config file (``--config`` or the platform config dir),
defaults. Unknown keys and wrong types are errors that name the key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from supervisor_tui.errors import UserError
from supervisor_tui.timeutil import zone

RANKS: tuple[str, ...] = (
    "constable",
    "sergeant",
    "inspector",
    "chief inspector",
    "superintendent",
    "chief superintendent",
)

ENV_DB = "SUPERVISOR_TUI_DB"
ENV_CONFIG = "SUPERVISOR_TUI_CONFIG"


@dataclass(frozen=True)
class Thresholds:
    """Every target and trigger the metrics and statuses use (see docs/metrics.md)."""

    answer_target_s: float = 10.0
    answered_within_target_pct: float = 90.0
    abandoned_max_pct: float = 10.0
    grade1_urban_min: float = 15.0
    grade1_rural_min: float = 20.0
    grade2_min: float = 60.0
    late_max_pct: float = 10.0
    workload_max_crimes: int = 5
    review_after_days: int = 90
    review_min_rank: str = "inspector"
    high_risk_review_hours: int = 24
    near_margin_pct: float = 2.0

    @property
    def review_ranks(self) -> list[str]:
        """Ranks that count for the 90-day review: the minimum rank and above."""
        return list(RANKS[RANKS.index(self.review_min_rank) :])


@dataclass(frozen=True)
class Config:
    database: Path | None = None
    timezone: str = "Europe/London"
    refresh_seconds: float = 5.0
    theme: str = "textual-dark"
    redact: bool = False
    thresholds: Thresholds = field(default_factory=Thresholds)
    source: Path | None = None


# TOML layout: section -> key -> (Thresholds/Config attribute, type, check)
def _positive(value: float) -> bool:
    return value > 0


def _percent(value: float) -> bool:
    return 0 <= value <= 100


def _rank(value: str) -> bool:
    return value in RANKS


_LAYOUT: dict[str, dict[str, tuple[str, type, Any, str]]] = {
    "display": {
        "timezone": ("timezone", str, None, "an IANA time zone name"),
        "refresh_seconds": ("refresh_seconds", float, _positive, "a number of seconds > 0"),
        "theme": ("theme", str, None, "a Textual theme name"),
        "redact": ("redact", bool, None, "true or false"),
    },
    "calls": {
        "answer_target_s": ("answer_target_s", float, _positive, "seconds > 0"),
        "answered_within_target_pct": ("answered_within_target_pct", float, _percent, "0-100"),
        "abandoned_max_pct": ("abandoned_max_pct", float, _percent, "0-100"),
    },
    "attendance": {
        "grade1_urban_min": ("grade1_urban_min", float, _positive, "minutes > 0"),
        "grade1_rural_min": ("grade1_rural_min", float, _positive, "minutes > 0"),
        "grade2_min": ("grade2_min", float, _positive, "minutes > 0"),
        "late_max_pct": ("late_max_pct", float, _percent, "0-100"),
    },
    "workload": {
        "max_crimes": ("workload_max_crimes", int, lambda v: v >= 0, "a whole number >= 0"),
    },
    "suspects": {
        "review_after_days": ("review_after_days", int, _positive, "whole days > 0"),
        "review_min_rank": ("review_min_rank", str, _rank, "one of: " + ", ".join(RANKS)),
        "high_risk_review_hours": ("high_risk_review_hours", int, _positive, "whole hours > 0"),
    },
    "status": {
        "near_margin_pct": ("near_margin_pct", float, lambda v: 0 <= v <= 100, "0-100"),
    },
}
_CONFIG_KEYS = {"timezone", "refresh_seconds", "theme", "redact"}


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("supervisor-tui")) / "config.toml"


def _typed(value: Any, kind: type, where: str, hint: str) -> Any:
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise UserError(f"{where}: expected {hint}, got {value!r}")
    return value


def parse_config(data: dict[str, Any], source: Path | None = None) -> Config:
    """Validate a TOML document (already parsed) into a Config."""
    label = str(source) if source else "config"
    config_values: dict[str, Any] = {}
    threshold_values: dict[str, Any] = {}
    for top_key, top_value in data.items():
        if top_key == "database":
            path = _typed(top_value, str, f"{label}: key 'database'", "a file path")
            config_values["database"] = Path(path).expanduser()
            continue
        section = _LAYOUT.get(top_key)
        if section is None:
            known = ", ".join(["database", *(f"[{name}]" for name in _LAYOUT)])
            raise UserError(f"{label}: unknown key {top_key!r}; known keys: {known}")
        if not isinstance(top_value, dict):
            raise UserError(f"{label}: {top_key!r} must be a table, e.g. [{top_key}]")
        for key, value in top_value.items():
            spec = section.get(key)
            if spec is None:
                raise UserError(
                    f"{label}: unknown key '{top_key}.{key}'; known keys in [{top_key}]: "
                    + ", ".join(section)
                )
            attr, kind, check, hint = spec
            where = f"{label}: key '{top_key}.{key}'"
            value = _typed(value, kind, where, hint)
            if check is not None and not check(value):
                raise UserError(f"{where}: expected {hint}, got {value!r}")
            if attr in _CONFIG_KEYS:
                config_values[attr] = value
            else:
                threshold_values[attr] = value
    if "timezone" in config_values:
        try:
            zone(config_values["timezone"])
        except UserError as exc:
            raise UserError(f"{label}: key 'display.timezone': {exc}") from None
    return Config(thresholds=Thresholds(**threshold_values), source=source, **config_values)


def load_config(path: Path | str | None = None, *, env: dict[str, str] | None = None) -> Config:
    """Load the config file and apply environment overrides.

    ``path`` is the ``--config`` option; without it ``SUPERVISOR_TUI_CONFIG`` or the platform
    config file is read when present. An explicit path that does not exist is an error.
    """
    environ = os.environ if env is None else env
    explicit = path or environ.get(ENV_CONFIG)
    config_path = Path(explicit).expanduser() if explicit else default_config_path()
    if config_path.is_file():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise UserError(f"{config_path}: not valid TOML ({exc}); fix the file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"{config_path}: cannot be read ({exc})") from None
        config = parse_config(data, config_path)
    elif explicit:
        raise UserError(f"config file {config_path} does not exist; check the --config path")
    else:
        config = Config()
    if environ.get(ENV_DB):
        config = replace(config, database=Path(environ[ENV_DB]).expanduser())
    return config


def thresholds_fields() -> list[str]:
    return [f.name for f in fields(Thresholds)]


def example_toml() -> str:
    """The documented default config, as TOML."""
    defaults = Thresholds()
    base = Config()
    lines = ['# database = "/path/to/force.duckdb"', ""]
    for section, keys in _LAYOUT.items():
        lines.append(f"[{section}]")
        for key, (attr, _kind, _check, hint) in keys.items():
            value = getattr(base, attr) if attr in _CONFIG_KEYS else getattr(defaults, attr)
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, str):
                text = f'"{value}"'
            else:
                text = repr(value)
            lines.append(f"{key} = {text}  # {hint}")
        lines.append("")
    return "\n".join(lines)
