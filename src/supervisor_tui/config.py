"""Configuration: a strict TOML file, environment overrides and defaults.

Precedence, highest first: command-line options, environment (``SUPERVISOR_TUI_DB``,
``SUPERVISOR_TUI_CONFIG``), the config file (``--config`` or the platform config dir),
defaults. Unknown keys and wrong types are errors that name the key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from supervisor_tui.errors import UserError
from supervisor_tui.timeutil import DEFAULT_SHIFT_STARTS, valid_shift_starts, zone

#: The largest number any threshold may take (a day count, hours, minutes or seconds): big
#: enough for every real setting, small enough that the queries' date arithmetic holds.
SETTING_MAX = 1_000_000

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


class Thresholds:
    """Every target and trigger the figures and statuses use: one attribute per setting the
    figure registry declares (``supervisor_tui.figures``), defaults filled in.

    ``Thresholds(review_after_days=30)`` overrides one; an unknown name is a TypeError (a
    programming error: config files are checked with a user error by :func:`parse_config`).
    """

    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        known = _settings()
        unknown = sorted(values.keys() - known.keys())
        if unknown:
            raise TypeError(f"unknown thresholds: {', '.join(unknown)}")
        merged = {name: setting.default for name, setting in known.items()}
        merged.update(values)
        object.__setattr__(self, "_values", merged)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"no threshold named {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Thresholds are immutable; use .replace(...)")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Thresholds) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if v != _settings()[k].default}
        inner = ", ".join(f"{k}={v!r}" for k, v in changed.items())
        return f"Thresholds({inner})"

    def replace(self, **changes: Any) -> Thresholds:
        return Thresholds(**{**self._values, **changes})

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def params(self) -> dict[str, object]:
        """Every query parameter the thresholds give (``$answer_target_s``, ...)."""
        known = _settings()
        out: dict[str, object] = {}
        for name, value in self._values.items():
            out.update(known[name].param_values(value))
        return out

    @property
    def review_ranks(self) -> list[str]:
        """Ranks that count for the 90-day review: the minimum rank and above."""
        return ranks_from(self._values["review_min_rank"])


def ranks_from(minimum: str) -> list[str]:
    """``minimum`` and every rank above it."""
    return list(RANKS[RANKS.index(minimum) :])


def _settings() -> dict[str, Any]:
    from supervisor_tui import figures

    return {s.name: s for s in figures.settings()}


@dataclass(frozen=True)
class Config:
    database: Path | None = None
    timezone: str = "Europe/London"
    refresh_seconds: float = 5.0
    theme: str = "textual-dark"
    redact: bool = False
    #: A sergeant's own team: the default scope of every figure with an owner (None: all).
    team: str | None = None
    shift_starts: tuple[str, ...] = DEFAULT_SHIFT_STARTS
    #: Ring the terminal bell when an action item newly becomes overdue.
    bell: bool = False
    thresholds: Thresholds = field(default_factory=Thresholds)
    source: Path | None = None
    #: The shared secret a browser needs when ``serve`` reaches beyond loopback (None: one is
    #: generated at each start). Never shown in a repr.
    serve_token: str | None = field(default=None, repr=False)


def _positive(value: float) -> bool:
    return value > 0


#: The [display] section: settings of the program, not of a figure.
_DISPLAY: dict[str, tuple[str, type, Any, str]] = {
    "timezone": ("timezone", str, None, "an IANA time zone name"),
    "refresh_seconds": ("refresh_seconds", float, _positive, "a number of seconds > 0"),
    "theme": ("theme", str, None, "a Textual theme name"),
    "redact": ("redact", bool, None, "true or false"),
    "team": ("team", str, lambda v: bool(v.strip()), "your team id (e.g. \"LEI-R1\")"),
    "bell": ("bell", bool, None, "true or false: ring when an item becomes overdue"),
    "shift_starts": ("shift_starts", list, valid_shift_starts,
                     'local shift start times, "HH:MM"'),
}  # fmt: skip
_CONFIG_KEYS = {
    "timezone",
    "refresh_seconds",
    "theme",
    "redact",
    "team",
    "bell",
    "shift_starts",
    "serve_token",
}

#: The shortest ``[serve] token`` accepted: guessing it must be out of reach.
SERVE_TOKEN_MIN = 16


def _token_ok(value: str) -> bool:
    return (
        len(value) >= SERVE_TOKEN_MIN
        and value.isascii()
        and value.isprintable()
        and " " not in value
    )


#: The [serve] section: settings of ``supervisor-tui serve``.
_SERVE: dict[str, tuple[str, type, Any, str]] = {
    "token": ("serve_token", str, _token_ok,
              f"a secret of at least {SERVE_TOKEN_MIN} printable ASCII characters, no spaces"),
}  # fmt: skip


def _layout() -> dict[str, dict[str, tuple[str, type, Any, str]]]:
    """TOML layout: section -> key -> (attribute, type, check, hint); the threshold sections
    come from the figure registry's settings."""
    from supervisor_tui import figures

    layout: dict[str, dict[str, tuple[str, type, Any, str]]] = {"display": dict(_DISPLAY)}
    for setting in figures.settings():
        layout.setdefault(setting.section, {})[setting.key] = (
            setting.name,
            setting.kind,
            setting.check,
            setting.hint,
        )
    layout["serve"] = dict(_SERVE)
    return layout


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
    layout = _layout()
    config_values: dict[str, Any] = {}
    threshold_values: dict[str, Any] = {}
    for top_key, top_value in data.items():
        if top_key == "database":
            path = _typed(top_value, str, f"{label}: key 'database'", "a file path")
            config_values["database"] = Path(path).expanduser()
            continue
        section = layout.get(top_key)
        if section is None:
            known = ", ".join(["database", *(f"[{name}]" for name in layout)])
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
                if attr == "serve_token":  # a secret: never echoed
                    raise UserError(f"{where}: expected {hint}")
                numeric = isinstance(value, int | float) and not isinstance(value, bool)
                if numeric and (abs(value) > SETTING_MAX or value != value):  # huge, or NaN
                    raise UserError(
                        f"{where}: expected {hint} (at most {SETTING_MAX:,}), got {value!r}"
                    )
                raise UserError(f"{where}: expected {hint}, got {value!r}")
            if attr == "shift_starts":
                value = tuple(value)
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
    return list(_settings())


def example_toml() -> str:
    """The documented default config, as TOML."""
    defaults = Thresholds()
    base = Config()
    lines = ['# database = "/path/to/force.duckdb"', ""]
    for section, keys in _layout().items():
        lines.append(f"[{section}]")
        for key, (attr, _kind, _check, hint) in keys.items():
            value = getattr(base, attr) if attr in _CONFIG_KEYS else getattr(defaults, attr)
            if value is None:
                lines.append(f"# {key} = ...  # {hint}; default: none")
                continue
            if isinstance(value, list | tuple):
                text = "[" + ", ".join(f'"{v}"' for v in value) + "]"
            elif isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, str):
                text = f'"{value}"'
            else:
                text = repr(value)
            lines.append(f"{key} = {text}  # {hint}")
        lines.append("")
    return "\n".join(lines)
