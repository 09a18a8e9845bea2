"""The start-of-shift briefing: ``report --format text|markdown``, ``--check``, ``--redact``.

Golden files live in ``tests/golden/``: ``briefing_scenario.*`` from a hand-built database
(markup in names, lists longer than ten) and ``briefing_sample.*`` from the sample generator
with a fixed seed and end. After an intended change to the layout or to the generator,
regenerate them with ``UPDATE_GOLDEN=1 pytest tests/test_briefing.py`` and review the diff.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from markdown_it import MarkdownIt

from scenario import DAY, HOUR, MIN, RURAL, SEC, URBAN, Scenario, T, scope
from supervisor_tui import briefing
from supervisor_tui.cli import main
from supervisor_tui.db import Database
from supervisor_tui.figures.spec import Section
from supervisor_tui.redact import MASK, redact_frame, redact_name
from supervisor_tui.settings import sample_database_path

GOLDEN = Path(__file__).parent / "golden"
#: T (2026-03-10 12:00 UTC) typed as local time: London is on GMT then.
AS_OF = "2026-03-10T12:00"

MARKUP_SUSPECT = "[red]x[/red]"
PIPE_SUSPECT = "Pipe | Person *bold* `code` <b>"
MARKUP_OFFICER = "[bold]Ann[/bold] | Lee"
PLAIN_OFFICER = "Bob Stone"
#: The generated sample behind the sample golden files: a Sunday 22:45 UTC, a week of data.
SAMPLE_END = datetime(2026, 3, 1, 22, 45)
SAMPLE_SEED = 1
SAMPLE_DAYS = 7


def build_breaching(tmp_path: Path) -> Path:
    """A day with a figure breaching every target, names full of markup, lists over 10."""
    sc = Scenario(tmp_path, "breaching.duckdb")
    for officer in ("O1", "O2", "O3", "O4"):
        sc.officer(officer, area=URBAN if officer != "O4" else RURAL)
    # 999: 8 of 10 answered within 10 s -> 80 % (target >= 90 %); 101: 1 of 10 abandoned -> 10 %
    for i in range(10):
        presented = T - (i + 1) * HOUR
        if i == 0:
            sc.call(f"A{i}", "999", presented=presented, answered=presented + 20 * SEC)
        elif i == 1:
            sc.call(f"A{i}", "999", presented=presented, abandoned=presented + 5 * SEC)
        else:
            sc.call(f"A{i}", "999", presented=presented, answered=presented + 10 * SEC)
        if i == 0:
            sc.call(f"B{i}", "101", presented=presented, abandoned=presented + 60 * SEC)
        else:
            sc.call(f"B{i}", "101", presented=presented, answered=presented + 30 * SEC)
    # Grade 1: one attended late (urban, 30 min), one attended on time, two breaching now.
    sc.incident("G1-LATE", grade=1, opened=T - 5 * HOUR)
    sc.deployment(
        "G1-LATE",
        "O3",
        dispatched=T - 5 * HOUR,
        arrived=T - 5 * HOUR + 30 * MIN,
        cleared=T - 4 * HOUR,
    )
    sc.incident("G1-ONTIME", grade=1, opened=T - 6 * HOUR, area=RURAL)
    sc.deployment(
        "G1-ONTIME",
        "O4",
        dispatched=T - 6 * HOUR,
        arrived=T - 6 * HOUR + 19 * MIN,
        cleared=T - 5 * HOUR,
    )
    sc.incident("G1-OPEN-URB", grade=1, opened=T - 3 * HOUR)
    sc.incident(
        "G1-OPEN-RUR", grade=1, opened=T - 40 * MIN, area=RURAL, victim_updated=T - 10 * MIN
    )
    # Grade 2: eleven breaching now (opened 2 h 01 m .. 2 h 11 m ago), one closed unattended.
    for i in range(11):
        sc.incident(
            f"G2-OPEN-{i:02d}",
            grade=2,
            opened=T - 2 * HOUR - (i + 1) * MIN,
            victim_updated=T - 30 * MIN if i % 2 else None,
        )
    sc.incident("G2-CLOSED", grade=2, opened=T - 3 * HOUR, closed=T - 2 * HOUR)
    # O1 is committed to G1-OPEN-URB (dispatched, not arrived).
    sc.deployment("G1-OPEN-URB", "O1", dispatched=T - 10 * MIN)
    for officer, area in (("O1", URBAN), ("O2", URBAN), ("O3", URBAN), ("O4", RURAL)):
        sc.duty(officer, starts=T - 4 * HOUR, ends=T + 4 * HOUR, area=area)
    # Workload: O1 7 crimes, O2 6 crimes (both over 5), O3 2 crimes.
    sc.crimes_with_suspects("O1", 7)
    sc.crimes_with_suspects("O2", 6)
    o3 = sc.crimes_with_suspects("O3", 2)
    # Overdue suspects: high risk unreviewed 3 days, 12 past 90 days unreviewed.
    sc.suspect(o3[0], "SX-HIGH", since=T - 3 * DAY, risk="high")
    sc.suspect(o3[1], "SX-PIPE", since=T - 100 * DAY, risk="medium")
    for i in range(11):
        sc.suspect(o3[1], f"SX-OLD-{i:02d}", since=T - (91 + i) * DAY)
    reviewed = sc.suspect(o3[1], "SX-REVIEWED", since=T - 120 * DAY)
    sc.review(reviewed, at=T - 20 * DAY, rank="inspector")
    sc.save()
    con = duckdb.connect(str(sc.path))
    try:
        con.execute("UPDATE officers SET name = ? WHERE officer_id = 'O1'", [MARKUP_OFFICER])
        con.execute("UPDATE officers SET name = ? WHERE officer_id = 'O2'", [PLAIN_OFFICER])
        con.execute("UPDATE suspects SET name = ? WHERE suspect_id = 'SX-HIGH'", [MARKUP_SUSPECT])
        con.execute("UPDATE suspects SET name = ? WHERE suspect_id = 'SX-PIPE'", [PIPE_SUSPECT])
        con.execute("UPDATE suspects SET name = 'Old ' || suspect_id WHERE name IS NULL")
        con.execute("UPDATE incidents SET category = 'Domestic | violence' WHERE grade = 1")
    finally:
        con.close()
    return sc.path


def build_all_ok(tmp_path: Path) -> Path:
    """A quiet day: every figure within its target."""
    sc = Scenario(tmp_path, "ok.duckdb")
    sc.officer("O1")
    for i in range(10):
        presented = T - (i + 1) * HOUR
        sc.call(f"A{i}", "999", presented=presented, answered=presented + 5 * SEC)
        sc.call(f"B{i}", "101", presented=presented, answered=presented + 60 * SEC)
    sc.incident("G1", grade=1, opened=T - 2 * HOUR)
    sc.deployment(
        "G1", "O1", dispatched=T - 2 * HOUR, arrived=T - 2 * HOUR + 10 * MIN, cleared=T - HOUR
    )
    sc.duty("O1", starts=T - HOUR, ends=T + 7 * HOUR)
    crime = sc.crime(oic="O1", recorded=T - 10 * DAY, allocated=T - 10 * DAY + HOUR)
    sc._add("crime_actions", crime_id=crime, kind="investigation_plan", acted_at=T - 9 * DAY,
            officer_id="O1", rank="constable")  # fmt: skip
    sc.suspect(crime, since=T - 5 * DAY, risk="high")
    sc.review("S1", at=T - HOUR, rank="sergeant")
    return sc.save()


@pytest.fixture(scope="module")
def breaching_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per module: the tests only read it."""
    return build_breaching(tmp_path_factory.mktemp("breaching"))


def section(b: briefing.Briefing, starts: str) -> Section:
    """The briefing list whose title starts with ``starts``."""
    (found,) = [s for s in b.sections if s.title.startswith(starts)]
    return found


def collect(path: Path, **kwargs: object) -> briefing.Briefing:
    db = Database(path)
    try:
        with db.read() as session:
            return briefing.collect(session, scope(), **kwargs)
    finally:
        db.close()


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def report_args(db: Path, *extra: str) -> list[str]:
    return ["report", "--db", str(db), "--as-of", AS_OF, *extra]


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), (
        f"output differs from {path}; if the change is intended, rerun with UPDATE_GOLDEN=1"
    )


def md_rows(markdown: str) -> list[list[list[str]]]:
    """Every table in ``markdown`` as rows of raw cells (split on unescaped pipes)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in markdown.splitlines():
        if line.startswith("|"):
            assert line.endswith("|"), line
            cells = re.split(r"(?<!\\)\|", line[1:-1])
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        else:
            current = None
    return tables


# --- golden files ----------------------------------------------------------------------------


def test_text_golden(breaching_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, *report_args(breaching_db))
    assert code == 0
    check_golden("briefing_scenario.txt", out)


def test_markdown_golden(breaching_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, *report_args(breaching_db, "--format", "markdown"))
    assert code == 0
    check_golden("briefing_scenario.md", out)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A week of generated sample data, fixed seed and end (the golden files depend on both)."""
    from supervisor_tui.sample import generate

    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    generate(path, days=SAMPLE_DAYS, end=SAMPLE_END, seed=SAMPLE_SEED)
    return path


def sample_args(db: Path, *extra: str) -> list[str]:
    return ["report", "--db", str(db), "--as-of", SAMPLE_END.isoformat() + "Z", *extra]


def test_sample_text_golden(sample_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, *sample_args(sample_db))
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    check_golden("briefing_sample.txt", out)


def test_sample_markdown_golden(sample_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, *sample_args(sample_db, "--format", "markdown"))
    assert code == 0
    for table in md_rows(out):
        assert all(len(row) == len(table[0]) for row in table)
    check_golden("briefing_sample.md", out)


def test_sample_check_breaches(sample_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The sample is calibrated to miss the 999 and 101 standards, as the real force does.
    code, _, err = run_cli(capsys, *sample_args(sample_db, "--check"))
    assert code == 4
    assert "999 answered within 10 s" in err and "101 abandoned" in err


# --- content ----------------------------------------------------------------------------------


def test_headlines_carry_hand_computed_figures_and_statuses(breaching_db: Path) -> None:
    b = collect(breaching_db)
    rows = {row.key: row for row in b.headlines}
    # 999: 8 of 10 answered within 10 s (one at 20 s, one abandoned).
    assert rows["calls.999.answered_within_10s_pct"].value == "80.0 %"
    assert rows["calls.999.answered_within_10s_pct"].status.word == "BREACH"
    # 101: 1 abandoned of 10 answered or abandoned = 10 %, at the limit: a breach.
    assert rows["calls.101.abandoned_pct"].value == "10.0 %"
    assert rows["calls.101.abandoned_pct"].status.word == "BREACH"
    # Grade 1: late = 1 attended late + 2 breaching; due = 2 attended + 2 breaching.
    assert rows["attendance.1.late_pct"].value == "75.0 % (3 of 4)"
    assert rows["attendance.1.breaching_now"].value == "2"
    assert rows["attendance.2.breaching_now"].value == "11"
    assert rows["workload.officers_over"].value == "2"
    # 7 + 6 + 2 crimes with one suspect each, plus 1 + 1 + 11 + 1 on O3's crimes.
    assert rows["suspects.outstanding"].value == "29"
    assert rows["suspects.outstanding"].status is None
    assert rows["suspects.over_90_days_unreviewed"].value == "12"
    assert rows["suspects.high_risk_not_reviewed_24h"].value == "1"
    assert rows["on_duty"].value == "4 / 1"
    incidents, officers, suspects = (
        section(b, t) for t in ("Incidents", "Officers over", "Suspects")
    )
    assert "(10 of 13)" in incidents.title and len(incidents.rows) == 10
    assert "(10 of 13)" in suspects.title and len(suspects.rows) == 10
    assert [row[0].split()[0] for row in officers.rows] == ["O1", "O2"]


def test_lists_order_oldest_breach_first_and_high_risk_first(breaching_db: Path) -> None:
    b = collect(breaching_db)
    ids = [row[0] for row in section(b, "Incidents").rows]
    assert ids[0] == "G1-OPEN-URB"  # opened 3 h ago: the oldest breach
    assert ids[1:] == [f"G2-OPEN-{i:02d}" for i in range(10, 1, -1)]
    # The newest breaches (G2-OPEN-00 at 2 h 01 m, G1-OPEN-RUR at 40 min) are cut off.
    suspects = [row[0] for row in section(b, "Suspects").rows]
    assert suspects[:3] == ["SX-HIGH", "SX-PIPE", "SX-OLD-10"]
    assert "SX-REVIEWED" not in suspects


def test_victim_flag_shown_per_incident(breaching_db: Path, capsys) -> None:
    _, out, _ = run_cli(capsys, *report_args(breaching_db))
    lines: dict[str, str] = {}  # the breaching list comes first; the handover list later
    for line in out.splitlines():
        if line.startswith("G2-OPEN"):
            lines.setdefault(line.split()[0], line)
    assert lines["G2-OPEN-10"].endswith("not told")  # i = 10: even, no victim update
    assert lines["G2-OPEN-09"].endswith("  told")  # i = 9: odd, victim updated 30 min ago


def test_text_fits_80_columns_and_shows_markup_literally(
    breaching_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli(capsys, *report_args(breaching_db))
    assert max(len(line) for line in out.splitlines()) <= 80
    assert MARKUP_SUSPECT in out
    assert "[bold]Ann[/bold] | Lee" in out
    assert "\x1b" not in out  # no colour codes when not writing to a terminal


def test_text_fits_80_columns_with_long_names(tmp_path: Path, capsys) -> None:
    path = build_breaching(tmp_path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE suspects SET name = repeat('Very long name ', 10)")
    con.execute("UPDATE officers SET name = repeat('Longname ', 12)")
    con.execute("UPDATE incidents SET category = repeat('category ', 12)")
    con.close()
    _, out, _ = run_cli(capsys, *report_args(path))
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" in out


def test_markdown_tables_are_valid(breaching_db: Path, capsys) -> None:
    _, out, _ = run_cli(capsys, *report_args(breaching_db, "--format", "markdown"))
    tables = md_rows(out)
    # headline, actions overdue (nothing falls due soon: no table), incidents, officers,
    # suspects, open incidents at handover, on duty, investigations overdue (the scenario's
    # crimes were never allocated)
    assert len(tables) == 8
    for table in tables:
        header, separator, *rows = table
        assert all(re.fullmatch(r"-+:?", cell) for cell in separator), separator
        assert len(separator) == len(header)
        for row in rows:
            assert len(row) == len(header), row
    # A real Markdown renderer (GitHub-flavoured tables) shows the names literally.
    rendered = MarkdownIt("commonmark").enable("table").render(out)
    assert rendered.count("<table>") == 8
    cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rendered)]
    assert MARKUP_SUSPECT in cells
    assert PIPE_SUSPECT in cells
    assert f"O1 {MARKUP_OFFICER}" in cells
    assert "1 sent · Domestic | violence" in cells  # who was sent, then the category


def test_escape_sequences_and_newlines_never_reach_the_output(tmp_path: Path, capsys) -> None:
    path = build_breaching(tmp_path)
    con = duckdb.connect(str(path))
    con.execute(
        "UPDATE suspects SET name = ? WHERE suspect_id = 'SX-HIGH'", ["\x1b[2JEvil\nName\x07"]
    )
    con.close()
    for fmt in ("text", "markdown"):
        _, out, _ = run_cli(capsys, *report_args(path, "--format", fmt))
        assert "\x1b" not in out and "\x07" not in out
        assert "Evil Name" in out


def test_markdown_escape_keeps_plain_text_readable() -> None:
    assert (
        briefing.md_escape("Oadby and Wigston (OAW) - 5 > 4") == "Oadby and Wigston (OAW) - 5 > 4"
    )
    assert briefing.md_escape("a|b") == r"a\|b"
    assert briefing.md_escape("<script>") == r"\<script>"
    assert briefing.md_escape("&amp; & co") == r"\&amp; & co"
    assert briefing.md_escape("two\nlines") == "two lines"
    assert briefing.md_escape(r"back\slash") == r"back\\slash"


# --- options ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_check_exits_4_on_a_breach(breaching_db: Path, capsys, fmt: str) -> None:
    code, out, err = run_cli(capsys, *report_args(breaching_db, "--format", fmt, "--check"))
    assert code == 4
    assert out  # the report is printed as well
    assert "target breached" in err and "999 answered within 10 s 80.0 %" in err


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_check_exits_0_when_all_ok(tmp_path: Path, capsys, fmt: str) -> None:
    path = build_all_ok(tmp_path)
    code, out, err = run_cli(capsys, *report_args(path, "--format", fmt, "--check"))
    assert (code, err) == (0, "")
    if fmt == "text":
        assert "BREACH" not in out and "✔ OK" in out


def test_without_check_a_breach_exits_0(breaching_db: Path, capsys) -> None:
    code, _, _ = run_cli(capsys, *report_args(breaching_db))
    assert code == 0


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_redact_hides_officer_and_suspect_names(breaching_db: Path, capsys, fmt: str) -> None:
    _, plain, _ = run_cli(capsys, *report_args(breaching_db, "--format", fmt))
    assert PLAIN_OFFICER in plain and "Old SX-OLD-10" in plain
    _, out, _ = run_cli(capsys, *report_args(breaching_db, "--format", fmt, "--redact"))
    for name in (PLAIN_OFFICER, "Ann", "Old SX-OLD", "red]x", "Pipe"):
        assert name not in out
    # 2 officers + 10 suspects shown, the owners of the 10 overdue actions shown, and the
    # officers in charge of the 10 overdue investigations shown
    assert out.count("(name hidden)") == 32
    assert "SX-HIGH" in out and "O2" in out  # identifiers stay


def test_redact_from_config(breaching_db: Path, tmp_path: Path, capsys) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[display]\nredact = true\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, *report_args(breaching_db, "--config", str(config)))
    assert PLAIN_OFFICER not in out and MASK in out


def test_times_in_configured_zone_and_labelled(breaching_db: Path, tmp_path: Path, capsys) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[display]\ntimezone = "America/New_York"\n', encoding="utf-8")
    # New York is on EDT (UTC-4) from 8 March 2026: T = 12:00 UTC is 08:00 there.
    code, out, _ = run_cli(
        capsys,
        "report",
        "--db",
        str(breaching_db),
        "--as-of",
        "2026-03-10T12:00Z",
        "--config",
        str(config),
    )
    assert code == 0
    assert "As of Tue 10 Mar 2026 08:00 EDT" in out
    assert "Times are America/New_York." in out
    # G1-OPEN-URB opened 09:00 UTC = 05:00 EDT.
    assert "10 Mar 05:00" in out


def test_area_briefing(breaching_db: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, *report_args(breaching_db, "--area", "mel"))
    assert code == 0
    assert out.splitlines()[0] == "Start-of-shift briefing · Melton (MEL)"
    assert "G1-OPEN-RUR" in out and "G2-OPEN" not in out
    assert "LEI Leicester" not in out and "MEL Melton" in out


def test_sample_data_in_title(breaching_db: Path, capsys) -> None:
    sample = sample_database_path()
    sample.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(breaching_db, sample)
    code, out, err = run_cli(capsys, "report", "--as-of", AS_OF)
    assert code == 0
    assert out.splitlines()[0] == "Start-of-shift briefing · Whole force · SAMPLE DATA"
    assert "SAMPLE DATA" in err
    _, md, _ = run_cli(capsys, "report", "--as-of", AS_OF, "--format", "markdown")
    assert md.splitlines()[0] == "# Start-of-shift briefing · Whole force · SAMPLE DATA"
    _, own, _ = run_cli(capsys, *report_args(breaching_db))
    assert "SAMPLE DATA" not in own


def test_empty_database(empty_db: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, *report_args(empty_db, "--check"))
    assert code == 0
    assert "– NO DATA" in out
    assert "None: no grade 1 or 2 incident is past its attendance target" in out


def test_json_format_unchanged(breaching_db: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, *report_args(breaching_db, "--format", "json", "--redact"))
    assert code == 0
    data = json.loads(out)
    assert data["calls"]["999"]["answered_within_10s_pct"] == 80.0
    assert data["workload"]["officers_over"] == [
        {"officer_id": "O1", "crimes": 7},
        {"officer_id": "O2", "crimes": 6},
    ]


# --- redaction helper -------------------------------------------------------------------------


def test_redact_name() -> None:
    assert redact_name("Jane Smith") == MASK
    assert redact_name("") == MASK
    assert redact_name(None) is None


def test_redact_frame() -> None:
    import polars as pl

    frame = pl.DataFrame({"id": ["a", "b"], "name": ["Jane", None], "other": ["x", "y"]})
    out = redact_frame(frame, ["name", "absent"])
    assert out["name"].to_list() == [MASK, None]
    assert out["id"].to_list() == ["a", "b"] and out["other"].to_list() == ["x", "y"]
    assert redact_frame(frame, ["absent"]) is frame
