"""Readable colours whatever the theme: WCAG contrast for badges and status words.

A badge (``✖ BREACH`` on its colour) takes black or white text, whichever contrasts more with
its background: one of the two always reaches 4.58:1. A status word or an alert figure drawn
in a theme colour on the screen background is lightened (on a dark screen) or darkened (on a
light one) until it reaches :data:`MIN_CONTRAST`.
"""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color

#: WCAG 2 AA for normal text.
MIN_CONTRAST = 4.5
BLACK = Color(0, 0, 0)
WHITE = Color(255, 255, 255)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: Color) -> float:
    """WCAG relative luminance (0 black … 1 white)."""
    return 0.2126 * _channel(color.r) + 0.7152 * _channel(color.g) + 0.0722 * _channel(color.b)


def ratio(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two opaque colours (1 … 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: Color) -> Color:
    """Black or white, whichever reads better on ``background``."""
    return BLACK if ratio(BLACK, background) >= ratio(WHITE, background) else WHITE


def readable(color: Color, background: Color, minimum: float = MIN_CONTRAST) -> Color:
    """``color`` moved towards white (dark background) or black (light one) until it has
    ``minimum`` contrast with ``background``; unchanged when it already has."""
    target = text_on(background)
    for step in range(21):
        candidate = color.blend(target, step / 20)
        if ratio(candidate, background) >= minimum:
            return candidate
    return target


def _textual(color: RichColor | None, default: Color) -> Color:
    if color is None:
        return default
    triplet = color.get_truecolor()
    return Color(triplet.red, triplet.green, triplet.blue)


def badge(style: Style, fallback: Color) -> Style:
    """``style`` (whose background the stylesheet sets) with text that reads on it."""
    background = _textual(style.bgcolor, fallback)
    text = text_on(background)
    return style + Style(color=text.rich_color, bgcolor=background.rich_color)


def on_background(style: Style, background: Color) -> Style:
    """``style`` (whose colour the stylesheet sets) made readable on ``background``."""
    if style.color is None:
        return style
    color = readable(_textual(style.color, WHITE), background)
    return style + Style(color=color.rich_color)
