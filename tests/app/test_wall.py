"""The wallboard: one tile per figure family (registry order) with the family's deciding
headline and status, the action queue's counts, the rotation through breaching families with
their overdue items, one read per round and no redraw when nothing changed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from scenario import MIN, SEC, Scenario, T
from supervisor_tui import figures, metrics, status
from supervisor_tui.app.wall import BreachList, Tile, WallScreen, big_text, lead, split_value
from supervisor_tui.app.widgets.status_bar import StatusBar
from supervisor_tui.config import Config
from supervisor_tui.coverage import Coverage
from supervisor_tui.db import Database
from supervisor_tui.figures import report
from supervisor_tui.figures.spec import Headline
from supervisor_tui.redact import MASK


def scenario(tmp_path: Path) -> Path:
    """999: 9 of 10 answered in 10 s (90.0 %, NEAR); 101: 1 of 20 abandoned (5.0 %, OK);
    grade 1: 9 attended in 5 min, one open 30 min with P1 dispatched (15 min past its 15 min
    urban target: late, breaching now, and the queue's only overdue item)."""
    sc = Scenario(tmp_path).officer("P1").officer("P2")
    for i in range(9):
        at = T - 60 * MIN + i * MIN
        sc.call(f"E{i}", "999", presented=at, answered=at + 5 * SEC)
    sc.call("E9", "999", presented=T - 10 * MIN, answered=T - 10 * MIN + 30 * SEC)
    for i in range(20):
        at = T - 90 * MIN + i * MIN
        if i == 0:
            sc.call(f"N{i}", "101", presented=at, abandoned=at + 40 * SEC)
        else:
            sc.call(f"N{i}", "101", presented=at, answered=at + 20 * SEC)
    for i in range(9):
        sc.attended(f"I{i}", grade=1, opened=T - 120 * MIN + i * MIN, after=5 * MIN, officer="P2")
    sc.incident("LATE", grade=1, opened=T - 30 * MIN)
    sc.deployment("LATE", "P1", dispatched=T - 25 * MIN)
    path = sc.save()
    con = duckdb.connect(str(path))
    try:
        con.execute("DROP TABLE use_of_force")
    finally:
        con.close()
    return path


async def wall_app(make_app, path: Path, clock, **options):
    clock.now = T
    return make_app(path, clock=clock, start="wall", wall_rotate_seconds=3600.0, **options)


def tiles(app) -> dict[str, Tile]:
    return {t.family.id: t for t in app.screen.query(Tile)}


async def test_a_tile_per_family_with_the_hand_computed_figures(
    make_app, tmp_path: Path, clock, settle
) -> None:
    path = scenario(tmp_path)
    app = await wall_app(make_app, path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WallScreen)
        shown = tiles(app)
        assert list(shown) == [f.id for f in figures.families() if f.on("home")]

        calls = shown["calls_999"].view
        assert (calls.big, calls.status) == ("90.0%", status.NEAR)
        assert shown["calls_101"].view.big == "5.0%"
        assert shown["calls_101"].view.status == status.OK
        attendance = shown["attendance"].view
        # LATE is due and not attended: 1 of 10 due grade 1 late (10.0 %, at the limit)
        assert (attendance.label, attendance.value) == ("Grade 1 attended late", "10.0 % (1 of 10)")
        assert (attendance.big, attendance.status) == ("10.0%", status.BREACH)
        queue = shown["actions"].view
        assert (queue.big, queue.second, queue.status) == ("1", ("0", "due soon"), status.BREACH)
        # a family whose table the database lacks: NO DATA, saying why
        assert shown["use_of_force"].view.status == status.NO_DATA
        assert shown["use_of_force"].view.unavailable == "no use_of_force table"

        page = app.screen.query_one(BreachList).page
        assert page is not None and page.family_id == "attendance"
        assert [(i.item, i.owner, i.overdue_by) for i in page.items] == [
            ("LATE", "P1 Officer P1", "15 min")
        ]


async def test_every_tile_is_the_registry_headline_and_status(
    make_app, sample_db: Path, clock, settle
) -> None:
    """On the sample database: each tile's value, label and status are the family's own."""
    app = await wall_app(make_app, sample_db, clock)
    clock.now = app.clock()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        db = Database(sample_db)
        try:
            with db.read() as session:
                read = report.read(session, app.scope, surface="home")
                coverage = Coverage.from_extent(metrics.data_extent(session))
        finally:
            db.close()
        t = Config().thresholds
        for family_id, tile in tiles(app).items():
            family = figures.family(family_id)
            data = read.data[family_id]
            if data is None:
                assert tile.view.status == status.NO_DATA
                continue
            rows = family.headlines(data, t)
            # the family's status, or NO DATA where its home panel says there is nothing
            shown = family.shown_status(data, t, coverage, app.scope.as_of)
            assert tile.view.status == shown, family_id
            assert tile.view.value == rows[0].value if tile.view.second else True
            if tile.view.second is None:
                row = lead(rows)
                assert (tile.view.label, tile.view.value) == (row.label, row.value), family_id


async def test_n_steps_through_the_breaching_families_and_the_timer_does_the_same(
    make_app, sample_db: Path, settle
) -> None:
    app = make_app(start="wall", wall_rotate_seconds=3600.0)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rotation = app.screen.query_one(BreachList)
        ids = [p.family_id for p in rotation.pages]
        assert len(ids) >= 2 and "actions" not in ids
        for family_id in ids:
            assert figures.family(family_id).on("home")
        assert rotation.page.family_id == ids[0]
        await pilot.press("n")
        assert rotation.page.family_id == ids[1]
        app.screen.rotate()  # what the 15 s timer calls
        assert rotation.page.family_id == ids[2 % len(ids)]
        await pilot.press("N", "N")
        assert rotation.page.family_id == ids[0]
        assert f"1 of {len(ids)} breaching" in str(rotation.render())


async def test_one_read_per_round_and_no_redraw_when_nothing_changed(make_app, settle) -> None:
    app = make_app(start="wall")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WallScreen)
        assert (screen.rounds, screen.redraws) == (1, 1)
        assert app.coverage is not None  # the extent came with the same read
        before = {i: t.view for i, t in tiles(app).items()}
        app.refresh_now()
        await settle(pilot)
        app.refresh_now()
        await settle(pilot)
        assert (screen.rounds, screen.redraws) == (3, 1)
        assert screen.reads == 1  # same moment, same file: no figure read again
        assert {i: t.view for i, t in tiles(app).items()} == before


async def test_a_quiet_wall_holds_its_as_of_time_until_the_file_changes(
    make_app, tmp_path: Path, clock, settle
) -> None:
    path = scenario(tmp_path)
    app = await wall_app(make_app, path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.reads == 1
        clock.advance(seconds=5)
        app._tick()
        await settle(pilot)
        assert app.scope.as_of == T and screen.reads == 1 and screen.rounds == 2
        assert tiles(app)["calls_999"].view.big == "90.0%"
        con = duckdb.connect(str(path))
        try:
            con.execute(
                "INSERT INTO calls (call_id, line, presented_at, answered_at) VALUES "
                "('W-NEW', '999', ?, ?)",
                [T - 2 * MIN, T - 2 * MIN + 3 * SEC],
            )
        finally:
            con.close()
        clock.advance(seconds=5)
        app._tick()
        await settle(pilot)
        assert app.scope.as_of == T + 10 * SEC and screen.reads == 2
        assert tiles(app)["calls_999"].view.big == "90.9%"  # 10 of 11 within 10 s


async def test_a_waiting_call_ticks_on_the_wall_and_nothing_else_is_read_again(
    make_app, tmp_path: Path, clock, settle
) -> None:
    """A 999 call has waited 4 s at T and nothing is written: each round reads the 999 calls
    again at the clock's time (a full read there gives the same figures) and keeps every
    other family's figures from the round at T, whose as-of time the header shows."""
    path = scenario(tmp_path)
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "INSERT INTO calls (call_id, line, presented_at) VALUES ('W-WAIT', '999', ?)",
            [T - 4 * SEC],
        )
    finally:
        con.close()
    app = await wall_app(make_app, path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        first = screen._figures
        assert first.of("calls_999")["longest_wait_now_s"] == 4 and screen.ticks == 0
        clock.advance(seconds=10)
        app._tick()
        await settle(pilot)
        assert app.scope.as_of == T + 10 * SEC and (screen.reads, screen.ticks) == (2, 1)
        got = screen._figures
        database = Database(path)
        try:
            with database.read() as session:
                fresh = report.read(session, app.scope, surface="wall")
        finally:
            database.close()
        assert got.of("calls_999") == fresh.of("calls_999")
        assert got.of("calls_999")["longest_wait_now_s"] == 14
        for family_id, data in first.data.items():
            if family_id != "calls_999":
                assert got.of(family_id) is data, family_id
        assert screen.held_as_of() == T
        assert screen.query_one(StatusBar)._oldest_as_of(app.scope.as_of) == T


async def test_redacted_wall_hides_the_owners(make_app, tmp_path: Path, clock, settle) -> None:
    path = scenario(tmp_path)
    app = await wall_app(make_app, path, clock, redact=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rotation = app.screen.query_one(BreachList)
        assert [i.owner for i in rotation.page.items] == [f"P1 {MASK}"]
        assert "Officer P1" not in str(rotation.render())


@pytest.mark.parametrize(
    ("size", "compact", "columns"),
    [((80, 24), True, 2), ((120, 36), False, 5), ((240, 60), False, 5)],
)
async def test_layout_by_screen_size(make_app, settle, size, compact: bool, columns: int) -> None:
    app = make_app(start="wall")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-compact") is compact
        assert screen.query_one("#tiles").styles.grid_size_columns == columns
        # every tile is on screen without scrolling, above the rotation
        bottom = max(t.region.bottom for t in screen.query(Tile))
        assert bottom <= screen.query_one(BreachList).region.y
        assert all(t.region.height > 0 for t in screen.query(Tile))


async def test_enter_on_a_tile_opens_its_drill_down_and_esc_returns(make_app, settle) -> None:
    app = make_app(start="wall")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # the queue's tile had focus; now 999 calls
        assert app.screen.focused.family.id == "calls_999"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, WallScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WallScreen)


def test_big_digits_take_the_number_and_keep_the_rest() -> None:
    assert split_value("12.0 % (10 of 83)") == ("12.0%", "(10 of 83)")
    assert split_value("560 / 20") == ("560/20", "")
    assert split_value("8,426 (▶ -4.9 %)") == ("8,426", "(▶ -4.9 %)")
    assert split_value("–") == ("-", "")
    assert big_text("1,306") == "1,306"
    rows = [
        Headline("a", "A", "1", "", None),
        Headline("b", "B", "2", "0", status.NEAR),
        Headline("c", "C", "3", "0", status.BREACH),
        Headline("d", "D", "4", "0", status.BREACH),
    ]
    assert lead(rows).key == "c"
    assert lead(rows[:1]).key == "a"


async def test_on_an_empty_database_each_tile_says_what_its_home_panel_says(
    make_app, empty_db: Path, clock, settle
) -> None:
    """Nothing to count is NO DATA on the wall exactly where the home panel says so (the
    queue's zeros stay ✔ OK on both), with the same reason."""
    app = await wall_app(make_app, empty_db, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        on_wall = {fid: tile.view for fid, tile in tiles(app).items()}
        await pilot.press("h")
        await settle(pilot)
        from supervisor_tui.app.home import HomeScreen
        from supervisor_tui.app.panels import Panel

        assert isinstance(app.screen, HomeScreen)
        home = {p.family.id: p for p in app.screen.query(Panel)}
        for family_id, view in on_wall.items():
            shown = home[family_id]
            assert view.status == shown.shown_status(), family_id
            if shown.gap() is not None:
                assert view.unavailable == shown.gap(), family_id
        assert on_wall["attendance"].status == status.NO_DATA  # zeros, but nothing recorded
        assert on_wall["actions"].status == status.OK
