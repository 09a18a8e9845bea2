"""Extra themes. ``colourblind``: sky blue for OK, yellow for NEAR, dark vermillion for BREACH
(Okabe–Ito hues, distinguishable with red-green colour blindness). NEAR and BREACH differ in
lightness as well as hue: NEAR is dark text on a light badge, BREACH light text on a dark one.
Every badge's text colour is picked for contrast (``widgets/contrast.py``), and statuses
still carry a symbol and a word in every theme."""

from __future__ import annotations

from textual.theme import Theme

COLOURBLIND = Theme(
    name="colourblind",
    primary="#0072B2",
    secondary="#56B4E9",
    accent="#CC79A7",
    success="#56B4E9",
    warning="#F0E442",
    error="#B34700",  # Okabe–Ito vermillion, darkened: white text on it reads at 5.5:1
    foreground="#E8E8E8",
    background="#101418",
    surface="#1A2026",
    panel="#232B33",
    dark=True,
)

THEMES: tuple[Theme, ...] = (COLOURBLIND,)
