"""Redaction on the dashboard: with --redact no seeded marker name appears on home, on any
family's drill-down (and one level below), on officer and suspect records, or in any toast
(newly overdue items, stale figures, old data)."""

from __future__ import annotations

import inspect
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.notifications import SeverityLevel

from scenario import T
from supervisor_tui import metrics
from supervisor_tui.app.app import DashboardApp
from supervisor_tui.config import Config
from test_redaction import OFFICER, SUSPECT, seeded


async def test_no_name_on_any_dashboard_screen(make_app, tmp_path: Path, clock, settle) -> None:
    from supervisor_tui import figures
    from supervisor_tui.app.drill.records import OfficerScreen, SuspectScreen

    clock.now = T
    path = seeded(tmp_path)
    for redact in (False, True):
        app = make_app(path, clock=clock, redact=redact)
        seen = []
        async with app.run_test(size=(160, 60)) as pilot:
            await settle(pilot)
            seen.append(app.export_screenshot())
            for family in figures.families():
                app.open_drill(family.id)
                await settle(pilot)
                seen.append(app.export_screenshot())
                await pilot.press("enter")  # one level further where there is one
                await settle(pilot)
                seen.append(app.export_screenshot())
                while len(app.screen_stack) > 2:
                    app.pop_screen()
                await settle(pilot)
            for screen in (OfficerScreen("P2"), OfficerScreen("P1"), SuspectScreen("S1")):
                app.push_screen(screen)
                await settle(pilot)
                seen.append(app.export_screenshot())
                app.pop_screen()
                await settle(pilot)
        text = "\n".join(seen)
        if redact:
            assert OFFICER not in text and SUSPECT not in text
        else:
            assert OFFICER in text and SUSPECT in text


class RecordingApp(DashboardApp):
    """The dashboard, keeping the title and message of every notification it shows."""

    CSS_PATH = str(Path(inspect.getfile(DashboardApp)).with_name("app.tcss"))

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.notes: list[str] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.notes.append(f"{title}\n{message}")
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


async def test_no_name_in_any_toast(tmp_path: Path, clock, settle) -> None:
    """Items that newly fall overdue while live are toasted with their owner (collar number,
    and the name unless --redact); the stale and old-data warnings too are scanned."""
    from scenario import MIN, Scenario

    sc = Scenario(tmp_path)
    for i in (1, 2, 3):
        sc._add("officers", officer_id=f"P{i}", collar_number=f"{i}00", name=f"{OFFICER} {i}",
                rank="constable", team_id="A", area_code="LEI")  # fmt: skip
        sc.duty(f"P{i}", starts=T - 10 * MIN, ends=T + 600 * MIN)
        # grade 1, P{i} sent: attendance due at T + i min (15 min after opening)
        sc.incident(f"I{i}", grade=1, opened=T - (15 - i) * MIN)
        sc.deployment(f"I{i}", f"P{i}", dispatched=T - (14 - i) * MIN)
    path = sc.save()
    for redact in (False, True):
        clock.now = T
        config = Config()
        scope = metrics.Scope(as_of=T, window=timedelta(hours=24), thresholds=config.thresholds)
        app = RecordingApp(db_path=path, config=config, scope=scope, clock=clock, redact=redact,
                           refresh_seconds=3600.0, retry_seconds=0.2)  # fmt: skip
        seen = []
        async with app.run_test(size=(160, 60)) as pilot:
            await settle(pilot)
            for _ in range(4):  # each incident in turn passes its target
                clock.advance(minutes=1, seconds=1)
                app.refresh_now()
                await settle(pilot)
                seen.append(app.export_screenshot())
            moved = path.with_suffix(".moved")  # the file goes: a STALE toast
            path.rename(moved)
            app.refresh_now()
            await settle(pilot)
            seen.append(app.export_screenshot())
            moved.rename(path)
        assert any(n.startswith("Figures are stale") for n in app.notes), app.notes
        toasts = [n for n in app.notes if n.startswith("Now overdue")]
        assert len(toasts) == 3, app.notes
        text = "\n".join([*app.notes, *seen])
        if redact:
            assert OFFICER not in text, [n for n in app.notes if OFFICER in n]
            assert all("(name hidden)" in t for t in toasts)
            assert {t.split("\n")[1].split(" · ")[0] for t in toasts} == {"I1", "I2", "I3"}
        else:
            assert all(OFFICER in t for t in toasts)
            assert f"I1 · 100 {OFFICER} 1" in text
