"""Extra themes. ``colourblind``: blue for OK, yellow for NEAR, orange for BREACH (Okabe–Ito
colours, distinguishable with red-green colour blindness); statuses still carry a symbol
and a word in every theme."""

from __future__ import annotations

from textual.theme import Theme

COLOURBLIND = Theme(
    name="colourblind",
    primary="#0072B2",
    secondary="#56B4E9",
    accent="#CC79A7",
    success="#56B4E9",
    warning="#F0E442",
    error="#E69F00",
    foreground="#E8E8E8",
    background="#101418",
    surface="#1A2026",
    panel="#232B33",
    dark=True,
)

THEMES: tuple[Theme, ...] = (COLOURBLIND,)
