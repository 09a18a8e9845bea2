"""Show text from the database literally: no Rich markup, no escape sequences, no control codes."""

from __future__ import annotations

from rich.text import Text

from supervisor_tui.text import clean

__all__ = ["clean", "safe_text"]


def safe_text(value: object, style: str = "") -> Text:
    """A :class:`rich.text.Text` showing ``value`` literally (see :func:`clean`)."""
    return Text(clean(value), style=style, no_wrap=False, end="")
