"""Load the SQL in ``queries/``: one metric or list per file, named ``$parameters`` only.

A file may start with ``-- requires: name[, name]``: each named file is placed before it as a
common table expression of that name, so a summary reuses the one per-record definition it
aggregates instead of restating it. ``-- inline: name[, name]`` does the same, but a session
always places the named file's own text there (never a per-read table of it, see
``db.Session``): for a query that picks a few rows out of a large definition (one incident's
calls), so the engine pushes that filter into the definition instead of computing all of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from supervisor_tui.resources import queries_dir

_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_REQUIRES_RE = re.compile(r"^--\s*requires:\s*(.+)$", re.MULTILINE)
_INLINE_RE = re.compile(r"^--\s*inline:\s*(.+)$", re.MULTILINE)
_COMMENT_RE = re.compile(r"--[^\n]*")


@dataclass(frozen=True)
class Query:
    """``sql`` is the whole text (each required file inlined as a CTE); ``body`` is the
    file's own statement and ``requires`` the files it names, so a caller that already holds
    a required result (a per-read table, see ``db.Session``) can use it instead; ``inline``
    names the files always placed as their own text (``-- inline:``)."""

    name: str
    sql: str
    params: frozenset[str]
    requires: tuple[str, ...] = ()
    body: str = ""
    inline: tuple[str, ...] = ()

    def bind(self, values: dict[str, object]) -> dict[str, object]:
        """The subset of ``values`` this query uses; every parameter it uses must be given."""
        missing = self.params - values.keys()
        if missing:
            raise KeyError(f"query {self.name} needs parameters: {', '.join(sorted(missing))}")
        return {key: values[key] for key in self.params}


def _strip_comments(sql: str) -> str:
    return _COMMENT_RE.sub("", sql)


def _names(pattern: re.Pattern[str], text: str) -> list[str]:
    names: list[str] = []
    for match in pattern.finditer(text):
        names.extend(part.strip() for part in match.group(1).split(",") if part.strip())
    return names


def _body(name: str) -> str:
    path = queries_dir() / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {queries_dir()}")
    return path.read_text(encoding="utf-8")


@cache
def load(name: str) -> Query:
    text = _body(name)
    requires = _names(_REQUIRES_RE, text)
    inline = _names(_INLINE_RE, text)
    body = _strip_comments(text).strip().rstrip(";")
    main = with_ctes(body, {dep: load(dep).sql for dep in requires + inline})
    return Query(
        name=name,
        sql=main,
        params=frozenset(_PARAM_RE.findall(main)),
        requires=tuple(requires),
        body=body,
        inline=tuple(inline),
    )


def with_ctes(body: str, ctes: dict[str, str]) -> str:
    """``body`` with each of ``ctes`` (name -> SELECT) placed before it as a common table
    expression of that name."""
    if not ctes:
        return body
    joined = ",\n".join(f"{name} AS (\n{sql}\n)" for name, sql in ctes.items())
    if body[:4].upper() == "WITH":
        return f"WITH {joined},\n{body[4:].lstrip()}"
    return f"WITH {joined}\n{body}"


def params_of(sql: str) -> frozenset[str]:
    """The named parameters (``$name``) a SQL text uses."""
    return frozenset(_PARAM_RE.findall(sql))


def available() -> list[str]:
    return sorted(path.stem for path in queries_dir().glob("*.sql"))
