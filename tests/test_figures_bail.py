"""Bail and RUI on hand-built boundary scenarios (real DuckDB, T = 10 March 2026 12:00 UTC).
Defaults: due soon within 14 days of the current end; an RUI reviewed every 28 days."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tests.scenario import DAY, US, Scenario, T, scope

from supervisor_tui import deadlines
from supervisor_tui.figures import bail as bail_family


def setup(tmp_path: Path) -> Scenario:
    sc = Scenario(tmp_path).officer("P1", team="A").officer("P2", team="B", area="MEL")
    for crime_id, oic, area in (("C1", "P1", "LEI"), ("C2", "P2", "MEL")):
        sc._add("crimes", crime_id=crime_id, recorded_at=T - 200 * DAY, crime_type="assault",
                area_code=area, oic_officer_id=oic)  # fmt: skip
        sc.suspect(crime_id, f"S{crime_id}", since=T - 199 * DAY, resolved=T - 190 * DAY)
    return sc


def bail(sc: Scenario, bail_id: str, started: datetime, ends: datetime | None = None,
         *, kind: str = "bail", crime: str = "C1", **cols: Any) -> None:  # fmt: skip
    sc._add("bail", bail_id=bail_id, suspect_id=f"S{crime}", crime_id=crime, kind=kind,
            started_at=started, ends_at=ends, **cols)  # fmt: skip


def extension(sc: Scenario, bail_id: str, at: datetime, ends: datetime, level: str) -> None:
    sc._add("bail_extensions", bail_id=bail_id, authorised_at=at, ends_at=ends, level=level)


def figures(sc: Scenario, as_of: datetime = T, **kw: Any) -> dict[str, int]:
    return sc.report(as_of, **kw)["bail"]


def items(sc: Scenario, kind: str, as_of: datetime = T) -> dict[str, str]:
    with sc.session() as session:
        frame = deadlines.items(session, scope(as_of), {kind})
    return {r["item_id"]: r["state"] for r in frame.iter_rows(named=True)}


def test_expired_at_exactly_its_end_and_due_soon_within_14_days(tmp_path: Path) -> None:
    sc = setup(tmp_path)
    bail(sc, "ENDS_T", T - 91 * DAY, T)  # current end = T: expired
    bail(sc, "ENDS_NEXT", T - 90 * DAY, T + US)  # due soon
    bail(sc, "EDGE", T - 70 * DAY, T + 14 * DAY)  # exactly at the horizon: due soon
    bail(sc, "LATER", T - 70 * DAY, T + 14 * DAY + US)
    bail(sc, "DONE", T - 100 * DAY, T - DAY, concluded_at=T)  # concluded at T: not active
    bail(sc, "DONE_LATER", T - 100 * DAY, T - DAY, concluded_at=T + US)  # still active
    bail(sc, "FUTURE", T + US, T + 91 * DAY)  # begins after T
    assert items(sc, "bail_expiry") == {
        "ENDS_T": "overdue",
        "ENDS_NEXT": "due_soon",
        "EDGE": "due_soon",
        "LATER": "not_due",
        "DONE_LATER": "overdue",
    }
    got = figures(sc)
    assert (got["bail_active"], got["bail_expired"], got["bail_due_soon"]) == (5, 2, 2)


def test_the_current_end_is_the_latest_extension_authorised_by_t(tmp_path: Path) -> None:
    sc = setup(tmp_path)
    bail(sc, "AFTER_T", T - 92 * DAY, T - DAY)
    extension(sc, "AFTER_T", T + US, T + 90 * DAY, "inspector")  # authorised after T: no
    bail(sc, "EXTENDED", T - 100 * DAY, T - 9 * DAY)
    extension(sc, "EXTENDED", T - 12 * DAY, T + 10 * DAY, "inspector")
    bail(sc, "TWICE", T - 190 * DAY, T - 99 * DAY)
    extension(sc, "TWICE", T - 100 * DAY, T - 8 * DAY, "inspector")
    extension(sc, "TWICE", T - 10 * DAY, T + 83 * DAY, "superintendent")
    bail(sc, "COURT", T - 280 * DAY, T - 189 * DAY)
    extension(sc, "COURT", T - 190 * DAY, T - 98 * DAY, "inspector")
    extension(sc, "COURT", T - 100 * DAY, T - 7 * DAY, "superintendent")
    extension(sc, "COURT", T - 9 * DAY, T + 5 * DAY, "court")
    with sc.session() as session:
        rows = session.query("bail_active", scope().params())
    got = {r["bail_id"]: (r["current_end"], r["level"], r["next_authority"], r["extensions"])
           for r in rows.iter_rows(named=True)}  # fmt: skip
    assert got == {
        "AFTER_T": (T - DAY, "none", "inspector", 0),
        "EXTENDED": (T + 10 * DAY, "inspector", "superintendent", 1),
        "TWICE": (T + 83 * DAY, "superintendent", "court", 2),
        "COURT": (T + 5 * DAY, "court", "court", 3),
    }
    assert items(sc, "bail_expiry") == {
        "AFTER_T": "overdue",
        "EXTENDED": "due_soon",
        "TWICE": "not_due",
        "COURT": "due_soon",
    }
    # after the late extension the same bail is no longer expired
    assert items(sc, "bail_expiry", T + DAY)["AFTER_T"] == "not_due"


def test_rui_review_restarts_at_a_review_of_its_crime_since_it_began(tmp_path: Path) -> None:
    sc = setup(tmp_path)
    bail(sc, "R_AT28", T - 28 * DAY, kind="rui")  # started 28 d ago, no review: overdue
    bail(sc, "R_YOUNG", T - 28 * DAY + US, kind="rui", crime="C2")
    sc._add("crime_actions", crime_id="C2", kind="supervisor_review", acted_at=T - 29 * DAY)
    got = items(sc, "rui_review")
    assert got == {"R_AT28": "overdue", "R_YOUNG": "due_soon"}  # review before start: no
    sc._add("crime_actions", crime_id="C1", kind="supervisor_review", acted_at=T - 27 * DAY)
    sc._add("crime_actions", crime_id="C1", kind="investigation_plan", acted_at=T - DAY)
    assert items(sc, "rui_review")["R_AT28"] == "due_soon"  # due T + 1 d; a plan is no review
    assert figures(sc)["rui_review_overdue"] == 0
    sc._add("crime_actions", crime_id="C2", kind="supervisor_review", acted_at=T + US)
    got = figures(sc, T + 2 * US)  # the review after T counts from T + 1 µs
    assert (got["rui_active"], got["rui_review_overdue"]) == (2, 0)
    assert figures(sc, T + DAY)["rui_review_overdue"] == 1  # R_AT28 due exactly then


def test_high_harm_rui_and_scope(tmp_path: Path) -> None:
    sc = setup(tmp_path)
    sc.update("crimes", {"crime_id": "C2"}, domestic_abuse=True)
    bail(sc, "R1", T - 5 * DAY, kind="rui")
    bail(sc, "R2", T - 5 * DAY, kind="rui", crime="C2")
    bail(sc, "B2", T - 95 * DAY, T - 4 * DAY, crime="C2")
    every = figures(sc)
    assert (every["rui_active"], every["rui_high_harm"], every["bail_expired"]) == (2, 1, 1)
    mel = figures(sc, area="MEL")
    assert (mel["rui_active"], mel["rui_high_harm"], mel["bail_active"]) == (1, 1, 1)
    with sc.session() as session:
        team_a = bail_family.fetch(session, scope().with_(team="A"))
        why = bail_family.attention(session, scope())
    assert (team_a["rui_active"], team_a["rui_high_harm"], team_a["bail_expired"]) == (1, 0, 0)
    assert why.select("bail_id", "state").rows() == [("B2", "expired"), ("R2", "high harm")]
    family = bail_family.FAMILIES[0]
    assert family.status(team_a, scope().thresholds).word == "OK"  # type: ignore[union-attr]
    assert family.status(every, scope().thresholds).word == "BREACH"  # type: ignore[union-attr]
