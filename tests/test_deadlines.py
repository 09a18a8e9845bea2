"""The deadline engine and the action queue on hand-built boundary scenarios.

Defaults: grade 1 urban 15 min (due soon 10 min ahead), grade 2 60 min (30 min ahead), the
90-day review (7 days ahead), the high-risk review every 24 h (4 h ahead).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from scenario import DAY, HOUR, MIN, US, Scenario, T, scope
from supervisor_tui import deadlines
from supervisor_tui.figures import actions

G1 = 15 * MIN
G2 = 60 * MIN
#: The first wave's clocks: these scenarios leave the second wave's tables empty, but their
#: crimes (with no allocation or plan recorded) start the investigation clocks too.
FIRST_WAVE = ("attendance_g1", "attendance_g2", "suspect_90d_review", "suspect_high_risk_review")


def first_wave(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("kind").is_in(FIRST_WAVE))


def states(sc: Scenario, as_of: datetime = T, **kw: object) -> dict[tuple[str, str], str]:
    with sc.session() as session:
        frame = deadlines.items(session, scope(as_of, **kw))  # type: ignore[arg-type]
    return {(r["kind"], r["item_id"]): r["state"] for r in frame.iter_rows(named=True)}


def queue_json(sc: Scenario, as_of: datetime = T, **kw: object) -> dict[str, object]:
    got = sc.report(as_of, **kw)["actions"]  # type: ignore[arg-type]
    return {
        "horizon": {k: v for k, v in got["horizon"].items() if k in FIRST_WAVE},
        "items": [i for i in got["items"] if i["kind"] in FIRST_WAVE],
    }


def test_attendance_breaches_one_microsecond_after_its_target(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    sc.incident("AT", grade=1, opened=T - G1)  # due exactly at T: not yet late
    sc.incident("PAST", grade=1, opened=T - G1 - US)  # due a microsecond before T
    sc.incident("EDGE", grade=1, opened=T - G1 + 10 * MIN)  # due exactly at T + horizon
    sc.incident("LATER", grade=1, opened=T - G1 + 10 * MIN + US)
    sc.incident("G2", grade=2, opened=T - G2 + 30 * MIN)  # grade 2: 30 min ahead
    sc.incident("OLD", grade=2, opened=T - 3 * DAY)  # opened long before any window
    sc.incident("SHUT", grade=1, opened=T - HOUR, closed=T - MIN)  # closed: clock stopped
    sc.incident("COMING", grade=1, opened=T + MIN)  # opens after T: no clock yet
    got = states(sc, window=HOUR)
    assert got == {
        ("attendance_g1", "AT"): "due_soon",
        ("attendance_g1", "PAST"): "overdue",
        ("attendance_g1", "EDGE"): "due_soon",
        ("attendance_g1", "LATER"): "not_due",
        ("attendance_g2", "G2"): "due_soon",
        ("attendance_g2", "OLD"): "overdue",
    }
    # "breaching now" is state at T whatever the window: OLD counts under a 1 h window
    figures = sc.report(window=HOUR)["attendance"]
    assert figures["1"]["breaching_now"] == 1
    assert figures["2"]["breaching_now"] == 1
    assert figures["2"]["opened"] == 1  # G2 only: OLD is not in the window


def test_an_arrival_by_t_stops_the_clock_and_one_after_t_does_not(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    sc.incident("ARRIVED", grade=1, opened=T - HOUR)
    sc.deployment("ARRIVED", "P1", dispatched=T - HOUR, arrived=T)
    sc.incident("ONWAY", grade=1, opened=T - HOUR)
    sc.deployment("ONWAY", "P1", dispatched=T - 50 * MIN, arrived=T + US)
    got = states(sc)
    assert got == {("attendance_g1", "ONWAY"): "overdue"}
    with sc.session() as session:
        row = deadlines.queue(session, scope()).row(0, named=True)
    assert row["officer_id"] == "P1" and row["label"] == "1 sent"


def test_an_arrival_recorded_by_t_attends_whatever_its_dispatch_time(tmp_path: Path) -> None:
    """First arrival is the earliest arrival by T (the definition), so a deployment whose
    dispatch time was recorded after T but whose arrival is by T attends the incident in
    the clock as in the attendance figures: not breaching, but attended late (18 min after
    opening against 15)."""
    sc = Scenario(tmp_path).officer("P1")
    sc.incident("ODD", grade=1, opened=T - 20 * MIN)
    sc.deployment("ODD", "P1", dispatched=T + 15 * MIN, arrived=T - 2 * MIN)
    assert states(sc) == {}
    figures = sc.report(window=HOUR)["attendance"]["1"]
    assert figures["breaching_now"] == 0 and figures["late"] == 1 and figures["due"] == 1


def test_the_90_day_review_is_overdue_at_its_mark(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime = sc.crime(oic="P1", recorded=T - 200 * DAY)
    at_mark = sc.suspect(crime, "AT", since=T - 90 * DAY)
    soon = sc.suspect(crime, "SOON", since=T - 83 * DAY)  # due exactly at T + 7 d
    not_yet = sc.suspect(crime, "NOTYET", since=T - 83 * DAY + US)
    on_time = sc.suspect(crime, "ONTIME", since=T - 100 * DAY)
    sc.review(on_time, at=T - 10 * DAY, rank="inspector")  # exactly at the mark
    late = sc.suspect(crime, "LATE", since=T - 100 * DAY)
    sc.review(late, at=T - DAY, rank="inspector")
    before_mark = sc.suspect(crime, "EARLY", since=T - 100 * DAY)
    sc.review(before_mark, at=T - 10 * DAY - US, rank="superintendent")  # before: not it
    sergeant = sc.suspect(crime, "SGT", since=T - 100 * DAY)
    sc.review(sergeant, at=T - DAY, rank="sergeant")  # too junior
    after_t = sc.suspect(crime, "AFTER", since=T - 100 * DAY)
    sc.review(after_t, at=T + US, rank="inspector")  # done after T: not done at T
    got = {k[1]: v for k, v in states(sc).items() if k[0] == "suspect_90d_review"}
    assert got == {
        at_mark: "overdue",
        soon: "due_soon",
        not_yet: "not_due",
        on_time: "done_on_time",
        late: "done_late",
        before_mark: "overdue",
        sergeant: "overdue",
        after_t: "overdue",
    }
    summary = sc.report()["suspects"]
    assert summary["over_90_days_unreviewed"] == 4


def test_the_high_risk_review_restarts_at_each_review(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1")
    crime = sc.crime(oic="P1")
    due_now = sc.suspect(crime, "DUE", since=T - 2 * DAY, risk="high")
    sc.review(due_now, at=T - 24 * HOUR, rank="sergeant")  # due exactly at T: overdue
    edge = sc.suspect(crime, "EDGE", since=T - 20 * HOUR, risk="high")  # due at T + 4 h
    fresh = sc.suspect(crime, "FRESH", since=T - 2 * DAY, risk="high")
    sc.review(fresh, at=T - HOUR, rank="constable")  # any rank restarts the clock
    sc.suspect(crime, "STD", since=T - 2 * DAY)  # standard risk: no daily clock
    got = {k[1]: v for k, v in states(sc).items() if k[0] == "suspect_high_risk_review"}
    assert got == {due_now: "overdue", edge: "due_soon", fresh: "not_due"}
    assert sc.report()["suspects"]["high_risk_not_reviewed_24h"] == 1


def test_the_queue_order_and_json(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1", team="LEI-R1").officer("P2", team="LEI-R2")
    sc.incident("I1", grade=1, opened=T - 20 * MIN)  # overdue 5 min
    sc.deployment("I1", "P2", dispatched=T - 19 * MIN)
    sc.incident("I2", grade=1, opened=T - 10 * MIN)  # due in 5 min
    crime = sc.crime(oic="P1", recorded=T - 200 * DAY)
    s_old = sc.suspect(crime, "S1", since=T - 95 * DAY)  # overdue 5 d
    s_soon = sc.suspect(crime, "S2", since=T - 88 * DAY)  # due in 2 d
    got = queue_json(sc)
    assert got["horizon"] == {  # type: ignore[index]
        "attendance_g1": 600.0,
        "attendance_g2": 1800.0,
        "suspect_90d_review": 7 * 86400.0,
        "suspect_high_risk_review": 4 * 3600.0,
    }
    items = got["items"]  # type: ignore[index]
    assert [(i["kind"], i["item_id"], i["state"]) for i in items] == [
        ("suspect_90d_review", s_old, "overdue"),
        ("attendance_g1", "I1", "overdue"),
        ("attendance_g1", "I2", "due_soon"),
        ("suspect_90d_review", s_soon, "due_soon"),
    ]
    assert items[1] == {
        "kind": "attendance_g1",
        "item_id": "I1",
        "area_code": "LEI",
        "team_id": "LEI-R2",
        "officer_id": "P2",
        "started_at": "2026-03-10T11:40:00Z",
        "due_at": "2026-03-10T11:55:00Z",
        "state": "overdue",
    }
    # time travel: an hour earlier only S1 and S2 had clocks, S1 already overdue
    earlier = queue_json(sc, T - HOUR)["items"]  # type: ignore[index]
    assert [(i["item_id"], i["state"]) for i in earlier] == [
        (s_old, "overdue"),
        (s_soon, "due_soon"),
    ]


def test_team_scope_follows_each_rows_owner(tmp_path: Path) -> None:
    sc = Scenario(tmp_path).officer("P1", team="A").officer("P2", team="B")
    sc.incident("I1", grade=1, opened=T - HOUR)
    sc.deployment("I1", "P1", dispatched=T - 55 * MIN)
    sc.incident("I2", grade=1, opened=T - HOUR)  # none sent: no team
    crime = sc.crime(oic="P2", recorded=T - 200 * DAY)
    sc.suspect(crime, "S1", since=T - 95 * DAY)
    with sc.session() as session:
        team_a = first_wave(deadlines.queue(session, scope().with_(team="A")))
        team_b = first_wave(deadlines.queue(session, scope().with_(team="B")))
        every = first_wave(deadlines.queue(session, scope()))
    assert team_a["item_id"].to_list() == ["I1"]
    assert team_b["item_id"].to_list() == ["S1"]
    assert sorted(every["item_id"].to_list()) == ["I1", "I2", "S1"]


def test_panel_headlines_say_breach_when_overdue_and_near_when_only_due_soon(
    tmp_path: Path,
) -> None:
    sc = Scenario(tmp_path)
    sc.incident("I1", grade=1, opened=T - 10 * MIN)  # due in 5 min
    family = actions.FAMILIES[0]
    with sc.session() as session:
        soon = actions.fetch(session, scope())
        later = actions.fetch(session, scope(T + 6 * MIN))
        clear = actions.fetch(session, scope(T - HOUR))
    t = scope().thresholds
    assert family.status(soon, t).word == "NEAR"  # type: ignore[union-attr]
    assert family.status(later, t).word == "BREACH"  # type: ignore[union-attr]
    assert family.status(clear, t).word == "OK"  # type: ignore[union-attr]
    assert actions.due_text("overdue", -125.0) == "overdue 2 min 05 s"
    assert actions.due_text("due_soon", 300.0) == "due in 5 min"
    assert later.queue.filter(pl.col("state") == "overdue").height == 1


def test_every_clock_is_registered_in_family_order(tmp_path: Path) -> None:
    sc = Scenario(tmp_path)
    wanted = deadlines.clocks({"attendance_g1", "attendance_g2"})
    assert {c.query for c in wanted} == {"clock_attendance"}
    kinds = [c.kind for c in deadlines.clocks()]
    assert kinds[:4] == list(FIRST_WAVE)  # attendance (order 30), then suspects (50)
    assert len(set(kinds)) == len(kinds)
    with sc.session() as session:
        assert deadlines.items(session, scope()).height == 0
    assert timedelta(0) < deadlines.horizons(scope())["attendance_g1"]
