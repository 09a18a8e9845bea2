"""Status rules at their boundaries: a symbol and a word, never colour alone."""

from __future__ import annotations

import pytest

from supervisor_tui import status
from supervisor_tui.config import Thresholds

T = Thresholds()  # 999 >= 90 %, 101 < 10 %, late < 10 %, near margin 2 points


@pytest.mark.parametrize(
    ("pct", "word"),
    [(None, "NO DATA"), (89.999, "BREACH"), (90.0, "NEAR"), (91.999, "NEAR"), (92.0, "OK")],
)
def test_999_answered_within_target(pct: float | None, word: str) -> None:
    assert status.calls_999(pct, T).word == word


@pytest.mark.parametrize(
    ("pct", "word"),
    [(None, "NO DATA"), (7.999, "OK"), (8.0, "NEAR"), (9.999, "NEAR"), (10.0, "BREACH")],
)
def test_101_abandonment_must_stay_under_the_limit(pct: float | None, word: str) -> None:
    assert status.calls_101(pct, T).word == word


def test_attendance_late_uses_its_own_limit() -> None:
    custom = Thresholds(late_max_pct=20.0, near_margin_pct=5.0)
    assert status.attendance_late(14.9, custom).word == "OK"
    assert status.attendance_late(15.0, custom).word == "NEAR"
    assert status.attendance_late(20.0, custom).word == "BREACH"


def test_counts_needing_action_breach_at_one() -> None:
    assert status.zero(0) is status.OK
    assert status.zero(1) is status.BREACH
    assert status.zero(None) is status.NO_DATA


def test_every_status_has_a_symbol_and_a_word() -> None:
    labels = {s.label for s in (status.OK, status.NEAR, status.BREACH, status.NO_DATA)}
    assert labels == {"✔ OK", "▲ NEAR", "✖ BREACH", "– NO DATA"}
