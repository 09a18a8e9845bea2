"""Investigations on hand-built boundary scenarios (real DuckDB, T = Tuesday 10 March 2026
12:00 UTC, GMT). Defaults: allocate within 48 h, plan within 7 d, review every 28 d, victims
told within 5 working days (1 with enhanced rights), long open from 120 d.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tests.scenario import DAY, HOUR, US, Scenario, T, scope

from supervisor_tui import deadlines
from supervisor_tui.figures import investigations

#: Columns schema v2 added to crimes (the scenario builder writes v1 columns; these are set
#: on the saved row).
V2_CRIME_COLUMNS = ("allocated_at", "victim_enhanced", "domestic_abuse", "sexual_offence")


def crime(sc: Scenario, crime_id: str, recorded: datetime, **cols: Any) -> str:
    cols.setdefault("oic_officer_id", "P1")
    cols.setdefault("area_code", "LEI")
    added = {k: cols.pop(k) for k in V2_CRIME_COLUMNS if k in cols}
    sc._add("crimes", crime_id=crime_id, recorded_at=recorded, crime_type="burglary", **cols)
    if added:
        sc.update("crimes", {"crime_id": crime_id}, **added)
    return crime_id


def action(sc: Scenario, crime_id: str, kind: str, at: datetime) -> None:
    sc._add("crime_actions", crime_id=crime_id, kind=kind, acted_at=at, rank="sergeant")


def decision(sc: Scenario, decision_id: str, crime_id: str, at: datetime, **cols: Any) -> None:
    sc._add("key_decisions", decision_id=decision_id, crime_id=crime_id, kind="arrest",
            decided_at=at, **cols)  # fmt: skip


def states(sc: Scenario, kind: str, as_of: datetime = T, **kw: Any) -> dict[str, str]:
    with sc.session() as session:
        frame = deadlines.items(session, scope(as_of, **kw), {kind})
    return {r["item_id"]: r["state"] for r in frame.iter_rows(named=True)}


def figures(sc: Scenario, as_of: datetime = T, **kw: Any) -> dict[str, int]:
    return sc.report(as_of, **kw)["investigations"]


def test_unallocated_at_exactly_48_hours(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime(sc, "AT48", T - 48 * HOUR)  # due exactly at T: overdue
    crime(sc, "JUST", T - 48 * HOUR + US)  # due a microsecond after T
    crime(sc, "DONE", T - 72 * HOUR, allocated_at=T)  # allocated exactly at T: done (late)
    crime(sc, "LATER", T - 72 * HOUR, allocated_at=T + US)  # allocated after T: not yet
    crime(sc, "SHUT", T - 72 * HOUR, closed_at=T - HOUR)  # closed: not open
    crime(sc, "COMING", T + HOUR)  # recorded after T
    assert states(sc, "crime_allocation") == {
        "AT48": "overdue",
        "JUST": "due_soon",
        "DONE": "done_late",
        "LATER": "overdue",
    }
    got = figures(sc)
    assert got["unallocated"] == 2
    assert got["open"] == 4


def test_plan_overdue_at_exactly_7_days_and_a_plan_after_t_does_not_count(
    tmp_path: Path,
) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime(sc, "AT7", T - 7 * DAY)
    crime(sc, "JUST", T - 7 * DAY + US)
    action(sc, crime(sc, "PLANNED", T - 10 * DAY), "investigation_plan", T - 9 * DAY)
    action(sc, crime(sc, "AFTER", T - 10 * DAY), "investigation_plan", T + US)
    action(sc, crime(sc, "REVIEWED", T - 10 * DAY), "supervisor_review", T - DAY)  # not a plan
    assert states(sc, "investigation_plan") == {
        "AT7": "overdue",
        "JUST": "due_soon",  # due 1 µs after T, within the 2 d horizon
        "PLANNED": "done_on_time",
        "AFTER": "overdue",
        "REVIEWED": "overdue",
    }
    assert figures(sc)["plan_overdue"] == 3


def test_review_clock_restarts_at_each_review_at_or_before_t(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime(sc, "NEVER", T - 28 * DAY)  # due recorded + 28 d = T: overdue
    crime(sc, "YOUNG", T - 28 * DAY + US)
    action(sc, crime(sc, "LAPSED", T - 60 * DAY), "supervisor_review", T - 28 * DAY)
    action(sc, crime(sc, "FRESH", T - 60 * DAY), "supervisor_review", T - 28 * DAY + US)
    # a review exactly at its due time is in time and restarts the clock
    action(sc, crime(sc, "ONTHEDOT", T - 40 * DAY), "supervisor_review", T - 12 * DAY)
    action(sc, crime(sc, "FUTURE", T - 30 * DAY), "supervisor_review", T + US)
    got = states(sc, "supervisor_review")
    assert got == {
        "NEVER": "overdue",
        "YOUNG": "due_soon",
        "LAPSED": "overdue",
        "FRESH": "due_soon",
        "ONTHEDOT": "not_due",
        "FUTURE": "overdue",
    }
    assert figures(sc)["review_overdue"] == 3


def test_victims_told_within_working_days(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime(sc, "STD", T - 30 * DAY)
    crime(sc, "ENH", T - 30 * DAY, victim_enhanced=True)
    crime(sc, "SHUT", T - 30 * DAY, closed_at=T - 2 * DAY)  # closed: its decisions still count
    # Monday 2 March: 5 working days end Monday 9 March 24:00 = Tue 10 00:00 ≤ T: overdue
    decision(sc, "MON", "STD", datetime(2026, 3, 2, 10, 0))
    # Tuesday 3 March: due Wed 11 March 00:00, 12 h after T (within the 24 h horizon)
    decision(sc, "TUE", "STD", datetime(2026, 3, 3, 10, 0))
    # Friday 6 March, enhanced rights: due end of Monday 9 March = T - 12 h
    decision(sc, "FRI", "ENH", datetime(2026, 3, 6, 15, 0))
    # the same, told exactly at the deadline (24:00): done on time
    decision(sc, "EXACT", "ENH", datetime(2026, 3, 6, 15, 0),
             victim_informed_at=datetime(2026, 3, 10, 0, 0))  # fmt: skip
    # told after T: not told at T
    decision(sc, "LATE", "ENH", datetime(2026, 3, 6, 15, 0), victim_informed_at=T + US)
    # Monday 9 March, enhanced: due end of Tuesday 10 March: not yet
    decision(sc, "ENHMON", "ENH", datetime(2026, 3, 9, 9, 0))
    decision(sc, "CLOSED", "SHUT", datetime(2026, 3, 2, 10, 0))
    decision(sc, "COMING", "STD", T + US)  # after T: no clock
    got = states(sc, "victim_informed")
    assert got == {
        "MON": "overdue",
        "TUE": "due_soon",
        "FRI": "overdue",
        "LATE": "overdue",
        "ENHMON": "due_soon",
        "CLOSED": "overdue",
    }
    assert figures(sc)["victim_not_informed"] == 4
    # the settings change N: 6 working days puts both Monday decisions at Wed 11 00:00
    t = scope().thresholds.replace(victims_working_days=6)
    assert figures(sc, thresholds=t)["victim_not_informed"] == 2


def test_a_decision_before_a_bank_holiday_and_told_exactly_at_24_00(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime(sc, "ENH", datetime(2026, 3, 1), victim_enhanced=True)
    # Thursday 2 April (BST): Good Friday and Easter Monday are off, due end of Tuesday 7 April
    # = 23:00 UTC
    decision(sc, "EASTER", "ENH", datetime(2026, 4, 2, 9, 0))
    decision(sc, "TOLD", "ENH", datetime(2026, 4, 2, 9, 0),
             victim_informed_at=datetime(2026, 4, 7, 23, 0))  # fmt: skip
    due = datetime(2026, 4, 7, 23, 0)
    assert states(sc, "victim_informed", due - US) == {"EASTER": "due_soon", "TOLD": "due_soon"}
    assert states(sc, "victim_informed", due) == {"EASTER": "overdue"}
    assert figures(sc, due)["victim_not_informed"] == 1
    # in another time zone the deadline is that zone's 24:00
    with sc.session() as session:
        frame = investigations.victim_clock(session, scope(due).with_(tz="UTC"))
    assert frame.filter(frame["item_id"] == "EASTER")["due_at"].to_list() == [
        datetime(2026, 4, 8, 0, 0)
    ]


def test_long_open_at_exactly_120_days(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime(sc, "OLD", T - 120 * DAY)
    crime(sc, "YOUNGER", T - 120 * DAY + US)
    crime(sc, "SHUT", T - 200 * DAY, closed_at=T)  # closed exactly at T: not open
    got = figures(sc)
    assert (got["open"], got["long_open"]) == (2, 1)


def test_scope_by_the_crimes_area_and_the_oics_team(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1", team="A").officer("P2", team="B", area="MEL")
    crime(sc, "A1", T - 10 * DAY, oic_officer_id="P1")
    crime(sc, "B1", T - 10 * DAY, oic_officer_id="P2", area_code="MEL")
    crime(sc, "B2", T - 10 * DAY, oic_officer_id="P2", area_code="LEI")  # B's officer, LEI
    decision(sc, "DB", "B1", T - 10 * DAY)
    every = figures(sc)
    assert (every["open"], every["unallocated"], every["victim_not_informed"]) == (3, 3, 1)
    with sc.session() as session:
        team_b = investigations.fetch(session, scope().with_(team="B"))
        lei = investigations.fetch(session, scope(area="LEI"))
        lei_b = investigations.fetch(session, scope(area="LEI").with_(team="B"))
    assert (team_b["open"], team_b["unallocated"], team_b["victim_not_informed"]) == (2, 2, 1)
    assert (lei["open"], lei["victim_not_informed"]) == (2, 0)
    assert lei_b["open"] == 1


def test_statuses_breach_on_any_overdue_and_long_open_is_informational(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime(sc, "OLD", T - 130 * DAY, allocated_at=T - 129 * DAY)
    action(sc, "OLD", "investigation_plan", T - 128 * DAY)
    action(sc, "OLD", "supervisor_review", T - DAY)
    family = investigations.FAMILIES[0]
    with sc.session() as session:
        data = investigations.fetch(session, scope())
    t = scope().thresholds
    rows = {h.key: h for h in family.headlines(data, t)}
    assert rows["investigations.long_open"].status is None
    assert rows["investigations.long_open"].value == "1"
    assert family.status(data, t).word == "OK"  # type: ignore[union-attr]
    crime(sc, "NEW", T - 3 * DAY)
    with sc.session() as session:
        data = investigations.fetch(session, scope())
    assert family.status(data, t).word == "BREACH"  # type: ignore[union-attr]


def test_a_v1_file_shows_no_data_and_null_json(tmp_path: Path) -> None:
    import duckdb

    from supervisor_tui.db import Database, create_schema
    from supervisor_tui.figures.report import headlines, read, to_json

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con, version=1)
    con.close()
    db = Database(path)
    try:
        with db.read() as session:
            got = read(session, scope())
    finally:
        db.close()
    report = to_json(got)
    assert report["investigations"] is None and report["bail"] is None
    rows = {h.key: h for h in headlines(got)}
    assert rows["investigations"].value == "–"
    assert rows["bail"].target == "needs schema 2 (run supervisor-tui migrate)"
