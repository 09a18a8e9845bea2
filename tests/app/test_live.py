"""Live behaviour against a real database file: new rows, a locked or missing file, staleness,
timed refreshes, and text from the database shown literally."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from supervisor_tui import metrics
from supervisor_tui.app.app import DashboardApp, next_round_delay
from supervisor_tui.app.panels import Panel
from supervisor_tui.app.widgets.safe import clean, safe_text
from supervisor_tui.app.widgets.status_bar import StatusBar

SIZE = (120, 36)
FROZEN = datetime(2026, 11, 25, 14, 0, 0)  # the clock of tests/app/conftest.py

HOLD_WRITE_LOCK = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
sys.stdin.readline()
con.close()
"""


def panel(app: DashboardApp, panel_id: str) -> Panel:
    return app.screen.query_one(f"#{panel_id}", Panel)


def header(app: DashboardApp) -> str:
    return app.screen.query_one(StatusBar).render().plain


def write_in_another_process(db: Path, sql: str) -> None:
    """Open, write, close: what an importer does between two refreshes."""
    code = "import sys, duckdb; c = duckdb.connect(sys.argv[1]); c.execute(sys.argv[2]); c.close()"
    subprocess.run([sys.executable, "-c", code, str(db), sql], check=True, timeout=60)


class WriteLock:
    """Another process holding the database open for writing (DuckDB locks readers out)."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLD_WRITE_LOCK, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        self.proc.wait(timeout=60)


async def test_a_call_written_by_another_process_appears_after_the_next_refresh(
    make_app, db_copy: Path, settle, report
) -> None:
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = panel(app, "calls_999").data.figures
        presented_at = FROZEN - timedelta(minutes=10)
        write_in_another_process(
            db_copy,
            "INSERT INTO calls (call_id, line, presented_at, answered_at) VALUES "
            f"('TEST-NEW-1', '999', TIMESTAMP '{presented_at}', "
            f"TIMESTAMP '{presented_at + timedelta(seconds=3)}')",
        )
        assert panel(app, "calls_999").data.figures == before  # not until the next refresh
        app._tick()  # the refresh timer firing
        await settle(pilot)
        after = panel(app, "calls_999").data.figures
        assert after["presented"] == before["presented"] + 1
        assert after["answered"] == before["answered"] + 1
        assert after["answered_within_10s"] == before["answered_within_10s"] + 1
        want = report(db_copy, metrics.Scope(as_of=FROZEN))["calls"]["999"]
        assert after["presented"] == want["presented"]
        assert after["answered_within_10s_pct"] == want["answered_within_10s_pct"]
        assert f"presented {after['presented']:,}" in panel(app, "calls_999").render().plain


async def test_a_round_keeps_none_of_the_figures_it_replaced(
    make_app, db_copy: Path, settle
) -> None:
    """Once a round's figures are on show, the ones they replaced are freed at once, not at
    some later full garbage collection (which a busy dashboard runs rarely: the action
    queue's frame of every round piled up, 100 MB over a few hundred rounds)."""
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gc.collect()
        gc.disable()  # only reference counting frees anything from here
        try:
            replaced = [weakref.ref(p.data) for p in app.screen.panels]
            for n in range(2):
                presented_at = FROZEN - timedelta(minutes=10 + n)
                write_in_another_process(  # a new file: the round reads every figure again
                    db_copy,
                    "INSERT INTO calls (call_id, line, presented_at, answered_at) VALUES "
                    f"('TEST-GC-{n}', '101', TIMESTAMP '{presented_at}', "
                    f"TIMESTAMP '{presented_at + timedelta(seconds=30)}')",
                )
                app._tick()
                await settle(pilot)
            # a panel whose figures came out equal keeps the very object on show
            now = [p.data for p in app.screen.panels]
            kept = [ref() for ref, data in zip(replaced, now, strict=True) if ref() is not data]
            assert kept  # the 101 panel's figures changed at least
            assert kept.count(None) == len(kept), f"{len(kept)} replaced, old ones kept"
        finally:
            gc.enable()


async def test_locked_database_shows_stale_keeps_figures_and_recovers(
    make_app, db_copy: Path, settle, report
) -> None:
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        figures = {p.id: p.data for p in app.screen.panels}
        texts = {p.id: p.render().plain for p in app.screen.panels}
        lock = WriteLock(db_copy)
        try:
            await pilot.press("r")
            await settle(pilot)
            assert app.staleness() is not None and "locked" in app.staleness()
            head = header(app)
            assert "STALE" in head and "is locked" in head  # one line, cut to fit
            for p in app.screen.panels:
                assert p.data is figures[p.id]  # the last good figures stay
                if p.id not in ("workload", "on_duty", "crime_picture"):  # lists fit the room
                    assert p.render().plain == texts[p.id]
                assert p.has_class("-stale") and "STALE" in str(p.border_subtitle)
        finally:
            lock.release()
        app._tick()  # the next timed refresh recovers on its own
        await settle(pilot)
        assert app.staleness() is None
        assert "STALE" not in header(app)
        assert not any(p.has_class("-stale") for p in app.screen.panels)


async def test_removed_database_shows_stale_and_recovers(make_app, db_copy: Path, settle) -> None:
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        figures = {p.id: p.data for p in app.screen.panels}
        moved = db_copy.with_suffix(".moved")
        db_copy.rename(moved)
        await pilot.press("r")
        await settle(pilot)
        reason = app.staleness() or ""
        assert reason == (
            f"database {db_copy} has gone (moved or deleted); the last figures read are shown"
        )
        assert "supervisor-tui sample" not in reason  # no advice to overwrite it mid-shift
        assert "STALE" in header(app)
        assert {p.id: p.data for p in app.screen.panels} == figures
        moved.rename(db_copy)
        app._tick()
        await settle(pilot)
        assert app.staleness() is None


async def test_stale_when_the_last_good_refresh_is_older_than_three_intervals(
    make_app, settle, clock
) -> None:
    app = make_app(clock=clock, refresh_seconds=300)  # no timed refresh during the test
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.advance(seconds=900)
        assert app.staleness() is None  # exactly three intervals: not yet
        clock.advance(seconds=1)
        assert "15 min ago" in (app.staleness() or "")
        assert "STALE" in header(app)
        await pilot.press("p")  # paused figures are old on purpose: PAUSED, not STALE
        assert app.staleness() is None
        await pilot.press("p")  # resuming refreshes
        await settle(pilot)
        assert app.staleness() is None
        assert "Updated 14:15:01 (0 s ago)" in header(app)


async def test_a_refresh_never_overlaps_the_one_still_running(
    make_app, db_copy: Path, settle
) -> None:
    app = make_app(db_copy, retry_seconds=3.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lock = WriteLock(db_copy)
        try:
            await pilot.press("r")  # workers now wait on the lock
            await pilot.pause()
            assert app.screen_busy()
            rounds, loads = app.rounds, [p.loads for p in app.screen.panels]
            app._tick()
            app._tick()
            assert app.rounds == rounds  # skipped: the last round has not finished
            assert [p.loads for p in app.screen.panels] == loads
        finally:
            lock.release()
        await settle(pilot)
        assert not app.screen_busy()


async def test_the_refresh_timer_keeps_refreshing(make_app, settle) -> None:
    app = make_app(refresh_seconds=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = app.rounds

        def refreshed_twice() -> bool:
            return app.rounds >= start + 2 and all(p.loads >= 3 for p in app.screen.panels)

        for _ in range(400):  # waits for the timer, not a speed check
            if refreshed_twice():
                break
            await pilot.pause(0.05)
        assert refreshed_twice()


HOSTILE_NAME = "[red]x[/red] \x1b[31mEvil\x1b[0m"


async def test_hostile_text_from_the_database_is_shown_literally(
    make_app, db_copy: Path, settle
) -> None:
    # the officer the workload panel lists first gets a hostile name; an area too
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = panel(app, "workload").data.figures.officers["officer_id"][0]
    con = duckdb.connect(str(db_copy))
    con.execute("UPDATE officers SET name = $n WHERE officer_id = $id", {"n": HOSTILE_NAME,
                "id": first})  # fmt: skip
    code = con.sql("SELECT min(area_code) FROM areas").fetchall()[0][0]
    con.execute("UPDATE areas SET name = $n WHERE area_code = $c", {"n": "[b]Bold[/b]", "c": code})
    con.close()
    app = make_app(db_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        body = panel(app, "workload").render()
        assert "[red]x[/red] Evil" in body.plain
        assert "\x1b" not in body.plain
        assert not any("red" in str(span.style) for span in body.spans)
        await pilot.press("a")
        await settle(pilot)
        options = app.screen.query_one("OptionList")
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("[b]Bold[/b]" in label for label in labels)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert "[b]Bold[/b]" in header(app)


def test_safe_text_strips_escapes_and_keeps_markup_literal() -> None:
    assert clean("\x1b[31mred\x1b[0m") == "red"
    assert clean("a\x00b\x07c\nd\te") == "abcde"
    assert clean("\x1b]0;title\x07x") == "x"
    assert clean(None) == ""
    text = safe_text("[bold]not bold[/bold]")
    assert text.plain == "[bold]not bold[/bold]" and not text.spans


# --- a quiet database: the as-of time is held while nothing is written --------------------------

NO_CALL_WAITING = (
    "UPDATE calls SET answered_at = presented_at + INTERVAL 5 SECOND "
    "WHERE answered_at IS NULL AND abandoned_at IS NULL "
    "OR answered_at > presented_at + INTERVAL 1 HOUR"
)


def quiet_copy(db: Path) -> Path:
    """The sample with every call answered five seconds after it rang (none waiting, none
    answered in the future), so no figure on the home screen ticks by the second."""
    con = duckdb.connect(str(db))
    try:
        con.execute(NO_CALL_WAITING)
        con.execute("UPDATE calls SET abandoned_at = NULL WHERE answered_at IS NOT NULL")
    finally:
        con.close()
    return db


def with_a_waiting_call(db: Path) -> Path:
    """The quiet sample (``quiet_copy``) with one 999 call ringing since 4 s before the
    frozen clock: the only figures that tick."""
    quiet_copy(db)
    write_in_another_process(
        db,
        "INSERT INTO calls (call_id, line, presented_at) VALUES "
        f"('TEST-WAITING', '999', TIMESTAMP '{FROZEN - timedelta(seconds=4)}')",
    )
    return db


def as_of_shown(app: DashboardApp) -> str:
    return next(line for line in header(app).splitlines() if "As of" in line)


async def test_a_quiet_database_holds_the_as_of_time_and_reads_no_figure(
    make_app, db_copy: Path, settle, clock, report
) -> None:
    app = make_app(quiet_copy(db_copy), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        start, reads = app.scope.as_of, home.rounds
        assert start == FROZEN and reads == 1
        before = {p.id: p.data for p in home.panels}
        clock.advance(seconds=5)
        app._tick()
        await settle(pilot)
        assert app.scope.as_of == start  # nothing written: the same moment's figures
        assert home.rounds == reads  # the file was opened, no figure was read
        assert {p.id: p.data for p in home.panels} == before
        assert app.staleness() is None
        assert "Updated 14:00:05 (0 s ago)" in header(app)  # checked now, as of 14:00:00
        await pilot.press("r")  # asked for: always the clock's time
        await settle(pilot)
        assert app.scope.as_of == FROZEN + timedelta(seconds=5) and home.rounds == reads + 1
        reads += 1
        # a write is seen at the very next round, at the clock's time
        unwritten = report(db_copy, metrics.Scope(as_of=FROZEN + timedelta(seconds=10)))["calls"]
        presented_at = FROZEN - timedelta(minutes=1)
        write_in_another_process(
            db_copy,
            "INSERT INTO calls (call_id, line, presented_at, answered_at) VALUES "
            f"('TEST-QUIET-1', '999', TIMESTAMP '{presented_at}', "
            f"TIMESTAMP '{presented_at + timedelta(seconds=4)}')",
        )
        clock.advance(seconds=5)
        app._tick()
        await settle(pilot)
        assert app.scope.as_of == FROZEN + timedelta(seconds=10)
        assert home.rounds == reads + 1
        want = report(db_copy, metrics.Scope(as_of=FROZEN + timedelta(seconds=10)))["calls"]
        assert want["999"]["presented"] == unwritten["999"]["presented"] + 1
        assert panel(app, "calls_999").data.figures["presented"] == want["999"]["presented"]
        # held again, but never for HOLD_UNCHANGED_SECONDS or more
        from supervisor_tui.app.app import HOLD_UNCHANGED_SECONDS

        clock.advance(seconds=HOLD_UNCHANGED_SECONDS - 1)
        app._tick()
        await settle(pilot)
        assert app.scope.as_of == FROZEN + timedelta(seconds=10)
        assert home.rounds == reads + 1
        clock.advance(seconds=1)
        app._tick()
        await settle(pilot)
        assert app.scope.as_of == clock()
        assert home.rounds == reads + 2


async def test_a_waiting_call_keeps_the_as_of_time_moving(
    make_app, db_copy: Path, settle, clock
) -> None:
    db = with_a_waiting_call(db_copy)
    app = make_app(db, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert panel(app, "calls_999").data.figures["waiting_now"] == 1
        reads = app.screen.rounds
        clock.advance(seconds=5)
        app._tick()
        await settle(pilot)
        assert app.scope.as_of == FROZEN + timedelta(seconds=5)  # its wait is shown to the second
        assert app.screen.rounds == reads + 1
        assert panel(app, "calls_999").data.figures["longest_wait_now_s"] == 9


async def test_a_waiting_call_reads_only_the_ticking_figures_while_nothing_is_written(
    make_app, db_copy: Path, settle, clock, report
) -> None:
    """While a call waits and nothing is written, a round reads the calls again at the
    clock's time and keeps every other panel's figures from the last full round — for less
    than HOLD_UNCHANGED_SECONDS, and never past a write."""
    from supervisor_tui.app.app import HOLD_UNCHANGED_SECONDS

    db = with_a_waiting_call(db_copy)
    app = make_app(db, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen

        def as_of_text() -> str:
            return as_of_shown(app).split("As of ", 1)[1].split("  Updated", 1)[0]

        as_of_line = as_of_text()
        assert as_of_line == "2026-11-25 14:00 GMT"
        kept = {p.id: p.data for p in home.panels if not p.id.startswith("calls_")}
        assert len(kept) == len(home.panels) - 2
        rounds = home.rounds
        for step, seconds in enumerate((5, 29 - 5), start=1):
            clock.advance(seconds=seconds)
            app._tick()
            await settle(pilot)
            assert (home.ticks, home.rounds) == (step, rounds + step)
            assert app.scope.as_of == clock()
            want = report(db, app.scope)["calls"]["999"]
            shown = panel(app, "calls_999").data.figures
            assert (
                shown["longest_wait_now_s"]
                == want["longest_wait_now_s"]
                == 4 + (5 if step == 1 else 29)
            )
            assert shown["waiting_now"] == want["waiting_now"] == 1
            assert all(panel(app, i).data is d for i, d in kept.items())  # not read again
            assert panel(app, "bail").data_scope.as_of == FROZEN  # as read, not as shown
            assert home.held_as_of() == FROZEN
            assert as_of_text() == as_of_line  # the header gives the oldest figures' time
        # HOLD_UNCHANGED_SECONDS after the full round: every family is read again
        clock.advance(seconds=HOLD_UNCHANGED_SECONDS - 29)
        app._tick()
        await settle(pilot)
        assert (home.ticks, home.rounds) == (2, rounds + 3)
        assert panel(app, "bail").data_scope.as_of == clock() and home.held_as_of() is None
        # a write is read in full at the next round, however recent the last full one
        write_in_another_process(
            db,
            "INSERT INTO calls (call_id, line, presented_at, answered_at) VALUES "
            f"('TEST-WAITING-3', '101', TIMESTAMP '{clock() - timedelta(minutes=1)}', "
            f"TIMESTAMP '{clock() - timedelta(seconds=50)}')",
        )
        clock.advance(seconds=5)
        app._tick()
        await settle(pilot)
        assert (home.ticks, home.rounds) == (2, rounds + 4)
        assert home.held_as_of() is None
        want = report(db, app.scope)["calls"]["101"]
        assert panel(app, "calls_101").data.figures["presented"] == want["presented"]
        # the next timed round ticks again; r reads every family at the clock's time
        clock.advance(seconds=5)
        app._tick()
        await settle(pilot)
        assert (home.ticks, home.rounds) == (3, rounds + 5) and home.held_as_of() is not None
        await pilot.press("r")
        await settle(pilot)
        assert (home.ticks, home.rounds) == (3, rounds + 6) and home.held_as_of() is None
        assert panel(app, "bail").data_scope.as_of == clock()


def test_timed_rounds_start_one_interval_apart_however_long_each_reads() -> None:
    assert next_round_delay(5.0, 0.3) == pytest.approx(4.7)  # starts 5 s apart
    assert next_round_delay(5.0, 4.0) == pytest.approx(1.0)  # exactly a fifth left
    assert next_round_delay(0.5, 0.0) == pytest.approx(0.5)
    # less than a fifth of an interval left (or a round slower than the interval): between
    # a fifth and a whole interval, drawn at random, so slowed dashboards fall out of step
    assert next_round_delay(5.0, 4.5, draw=lambda: 0.0) == pytest.approx(1.0)
    assert next_round_delay(5.0, 9.0, draw=lambda: 0.5) == pytest.approx(3.0)
    assert next_round_delay(5.0, 9.0, draw=lambda: 1.0) == pytest.approx(5.0)


def test_held_figures_are_read_again_at_each_dashboards_own_moment(make_app) -> None:
    """With a phase, held figures are kept only within one 30 s slot of the clock that starts
    that many seconds into each: two dashboards that read at the same moment read again at
    different moments. Without one, only their age counts."""
    from supervisor_tui.app.app import HOLD_UNCHANGED_SECONDS, hold_slot

    assert HOLD_UNCHANGED_SECONDS == 30.0
    read_at = FROZEN  # 14:00:00, a whole number of 30 s slots since 1970
    assert hold_slot(read_at, 30.0, 0.0) == hold_slot(read_at + timedelta(seconds=29), 30.0, 0.0)
    assert hold_slot(read_at, 30.0, 0.0) + 1 == hold_slot(
        read_at + timedelta(seconds=30), 30.0, 0.0
    )
    early, late, plain = (make_app(hold_phase=p) for p in (7.0, 21.0, None))
    at = {s: read_at + timedelta(seconds=s) for s in (6, 7, 20, 21, 29, 30)}
    # slots from 13:59:37 and 14:00:07 (early), 13:59:51 and 14:00:21 (late)
    assert early.may_hold(read_at, at[6]) and not early.may_hold(read_at, at[7])
    assert late.may_hold(read_at, at[20]) and not late.may_hold(read_at, at[21])
    assert plain.may_hold(read_at, at[29]) and not plain.may_hold(read_at, at[30])
    assert not early.may_hold(read_at, read_at - timedelta(seconds=1))  # a clock set back
