"""Text from the database, made safe to show: one definition of what is removed.

Escape sequences (CSI, OSC, two-byte, 8-bit CSI) are removed whole; other control characters
(C0, DEL, C1) are removed by :func:`clean` and become spaces in :func:`plain`. Markup
characters are kept as they are: wrap the result in a literal text object when drawing it.
"""

from __future__ import annotations

import re

#: C0 controls (incl. ESC, NUL, tab, newline), DEL and C1 controls.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: A whole ANSI/VT escape sequence.
ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)


def clean(value: object) -> str:
    """``value`` as a string with escape sequences and control characters removed (``None``
    becomes ``""``)."""
    if value is None:
        return ""
    return CONTROL.sub("", ESCAPE.sub("", str(value)))


def plain(value: object) -> str:
    """``value`` as one printable line: escape sequences removed, whitespace runs and other
    control characters made single spaces."""
    text = ESCAPE.sub("", "" if value is None else str(value))
    return " ".join(CONTROL.sub(" ", text).split())
