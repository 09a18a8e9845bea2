"""Redaction on the dashboard: with --redact no seeded marker name appears on home, on any
family's drill-down (and one level below), on officer and suspect records."""

from __future__ import annotations

from pathlib import Path

from scenario import T
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
