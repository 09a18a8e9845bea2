"""Show text from the database literally: no Rich markup, no escape sequences, no control codes."""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls (incl. ESC, NUL, tab, newline), DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A whole ANSI/VT escape sequence (CSI ... final byte, OSC ... BEL/ST, or a two-byte escape).
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)


def clean(value: object) -> str:
    """``value`` as a plain one-line string: escape sequences and control characters removed.

    ``None`` becomes an empty string. Rich markup such as ``[red]x[/red]`` is kept as the
    characters it is made of; wrap the result in :class:`rich.text.Text` (or use
    :func:`safe_text`) so it is never parsed as markup.
    """
    if value is None:
        return ""
    text = str(value)
    text = _ESCAPE.sub("", text)
    return _CONTROL.sub("", text)


def safe_text(value: object, style: str = "") -> Text:
    """A :class:`rich.text.Text` showing ``value`` literally (see :func:`clean`)."""
    return Text(clean(value), style=style, no_wrap=False, end="")
