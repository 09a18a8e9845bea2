"""The Actions panel and queue on the dashboard: the same items as the JSON report, Enter
opens the record, and a toast names each item once when it newly becomes overdue (at most
one such toast every 30 s)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from scenario import HOUR, MIN, Scenario, T
from supervisor_tui.app.drill.actions import ActionsList
from supervisor_tui.app.drill.lists import OpenIncidentsList
from supervisor_tui.app.drill.records import IncidentScreen, OfficerScreen
from supervisor_tui.app.drill.table import TableView
from supervisor_tui.app.panels.actions import ActionsPanel
from supervisor_tui.config import Config


async def test_the_queue_lists_what_the_json_report_lists(
    make_app, sample_db: Path, settle, report
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Actions has focus first
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ActionsList)
        view = screen.table_view
        shown = [
            (view.carried(k, "kind"), view.carried(k, "item_id")) for k in view.table.row_keys()
        ]
        items = report(sample_db, app.scope)["actions"]["items"]
        want = [(i["kind"], i["item_id"]) for i in items]
        assert shown == want[: len(shown)] and len(shown) == min(len(want), view.table.row_count)
        assert view.result is not None and view.result.height == len(want)  # every row, capped view


def overdue_soon(tmp_path: Path) -> Scenario:
    sc = Scenario(tmp_path)
    sc.officer("P1")
    sc.incident("I1", grade=1, opened=T - 14 * MIN)  # due at T + 1 min
    sc.deployment("I1", "P1", dispatched=T - 13 * MIN)
    sc.incident("I2", grade=1, opened=T - HOUR)  # overdue from the start: the baseline
    sc.save()
    return sc


async def test_a_toast_names_each_newly_overdue_item_once(
    make_app, tmp_path: Path, clock, settle
) -> None:
    clock.now = T
    sc = overdue_soon(tmp_path)
    app = make_app(sc.path, clock=clock, config=Config(bell=True))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#actions", ActionsPanel)
        assert panel.alerted == []  # I2 was overdue when the dashboard opened
        for _ in range(2):  # two refreshes after I1 passes its target: one toast
            clock.advance(minutes=1, seconds=1)
            app.refresh_now()
            await settle(pilot)
        assert panel.alerted == [("attendance_g1", "I1")]
        toasts = [n for n in app._notifications if "Now overdue" in (n.title or "")]
        assert len(toasts) == 1 and "I1 · P1 Officer P1" in toasts[0].message
        app.live = False  # time travel back before: nothing new is announced
        app.set_scope(as_of=T - timedelta(hours=2))
        await settle(pilot)
        assert panel.alerted == [("attendance_g1", "I1")]


async def test_items_overdue_within_30_s_of_a_toast_wait_for_one_toast_together(
    make_app, tmp_path: Path, clock, settle
) -> None:
    """I1 falls overdue at T + 60 s and is toasted at once; I2 (T + 65 s) and I3 (T + 75 s)
    fall overdue within 30 s of that toast, so they wait and are named together in one
    toast at the first refresh 30 s after it (T + 95 s), not one toast each."""
    sec = timedelta(seconds=1)
    clock.now = T
    sc = Scenario(tmp_path)
    sc.officer("P1")
    for item, due in (("I1", 60), ("I2", 65), ("I3", 75)):  # grade 1 targets are 15 min
        sc.incident(item, grade=1, opened=T - 15 * MIN + due * sec)
        sc.deployment(item, "P1", dispatched=T - 14 * MIN)
    sc.save()
    app = make_app(sc.path, clock=clock)

    def toasts() -> list[str]:
        return [n.message for n in app._notifications if "Now overdue" in (n.title or "")]

    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#actions", ActionsPanel)
        for at, alerted, shown in (
            (61, ["I1"], 1),
            (71, ["I1"], 1),  # I2 overdue, waiting
            (81, ["I1"], 1),  # I3 too
            (95, ["I1", "I2", "I3"], 2),
        ):
            clock.now = T + at * sec
            app.refresh_now()
            await settle(pilot)
            assert [item for _, item in panel.alerted] == alerted, at
            assert len(toasts()) == shown, (at, toasts())
        assert toasts()[-1].splitlines() == ["I2 · P1 Officer P1", "I3 · P1 Officer P1"]


async def test_enter_on_an_item_opens_its_record(make_app, tmp_path: Path, clock, settle) -> None:
    clock.now = T
    sc = overdue_soon(tmp_path)
    app = make_app(sc.path, clock=clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionsList)
        await pilot.press("enter")  # the most overdue: I2
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and app.screen.record_id == "I2"


async def test_the_officer_record_lists_their_items_and_opens_them(
    make_app, tmp_path: Path, clock, settle
) -> None:
    clock.now = T
    sc = overdue_soon(tmp_path)
    app = make_app(sc.path, clock=clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(OfficerScreen("P1"))
        await settle(pilot)
        items = app.screen.query_one("#actions", TableView)
        # I1 (P1 sent) is due in a minute; I2 has nobody sent, so it is no officer's
        assert items.table.row_keys() == ["attendance_g1:I1"]
        assert items.carried("attendance_g1:I1", "item_id") == "I1"
        items.table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and app.screen.record_id == "I1"


async def test_i_on_the_on_duty_breakdown_lists_every_open_incident(
    make_app, tmp_path: Path, clock, settle
) -> None:
    clock.now = T
    sc = overdue_soon(tmp_path)  # I1 (P1 sent) and I2 (none sent), both open
    sc.incident("G4", grade=4, opened=T - 3 * HOUR)  # any grade
    sc.incident("SHUT", grade=3, opened=T - 3 * HOUR, closed=T - MIN)  # closed: not open
    sc.save()
    app = make_app(sc.path, clock=clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_drill("on_duty")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, OpenIncidentsList)
        view = app.screen.table_view
        assert view.table.row_keys() == ["G4", "I2", "I1"]  # oldest first
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and app.screen.record_id == "G4"
