"""The crime picture figures (queries/crime_picture*.sql via metrics) on hand-built street
crimes with hand-computed expected values, and the sample generator's street crimes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from supervisor_tui import metrics
from supervisor_tui.db import Database
from supervisor_tui.sample import generate

JAN, FEB, MAR, APR, JUN = (date(2024, m, 1) for m in (1, 2, 3, 4, 6))
AS_OF = datetime(2024, 5, 10, 12, 0)  # May is not published yet: April is the latest month

#: (month, area_code, crime_type, how many rows)
ROWS: list[tuple[date, str | None, str, int]] = [
    (JAN, "LEI", "Burglary", 2),
    (FEB, "LEI", "Burglary", 4),
    # no LEI burglary in March: it counts as 0 in the average
    (APR, "LEI", "Burglary", 3),
    (JAN, "LEI", "Shoplifting", 1),
    (FEB, "LEI", "Shoplifting", 1),
    (MAR, "LEI", "Shoplifting", 1),
    (APR, "LEI", "Shoplifting", 1),
    (JAN, "CHA", "Burglary", 3),
    (FEB, "CHA", "Burglary", 3),
    (MAR, "CHA", "Burglary", 3),
    # none in CHA in April
    (APR, None, "Drugs", 2),  # outside the force: no area, still in the force's count
    (JUN, "LEI", "Burglary", 5),  # after the as-of time: never counted
]
# Hand-computed (April against January to March):
#   force:    April 3+1+2 = 6; Jan 2+1+3 = 6, Feb 4+1+3 = 8, Mar 0+1+3 = 4 -> average 18/3 = 6
#   LEI:      April 4; Jan 3, Feb 5, Mar 1 -> average 3; change +1, +33.3 % up
#   CHA:      April 0; 9 -> average 3; change -3, -100 % down
#   no area:  April 2; average 0 -> up, no percentage
#   Burglary: April 3; Jan 5, Feb 7, Mar 3 -> average 5; -2, -40 % down
#   LEI Burglary: April 3; 2 + 4 + 0 -> average 2; +1, +50 % up


def insert(con: duckdb.DuckDBPyConnection, rows: list[tuple[date, str | None, str, int]]) -> None:
    n = 0
    for month, area, crime_type, count in rows:
        for _ in range(count):
            n += 1
            asb = crime_type == "Anti-social behaviour"
            con.execute(
                "INSERT INTO street_crimes (row_key, crime_id, month, reported_by, falls_within,"
                " location, lsoa_name, crime_type, last_outcome, area_code)"
                " VALUES (?, ?, ?, 'Leicestershire Police', 'Leicestershire Police', ?, ?, ?,"
                " ?, ?)",
                [
                    f"k{n:04d}",
                    None if asb else f"c{n:04d}",
                    month,
                    f"On or near Street {n}",
                    f"{area or 'Rugby'} 001A",
                    crime_type,
                    None if asb else "Under investigation",
                    area,
                ],
            )


@pytest.fixture
def street_db(empty_db: Path) -> Path:
    con = duckdb.connect(str(empty_db))
    insert(con, ROWS)
    con.close()
    return empty_db


@pytest.fixture
def read() -> Callable[..., Any]:
    databases: list[Database] = []

    def run(path: Path, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        db = Database(path)
        databases.append(db)
        with db.read() as session:
            return fn(session, *args, **kwargs)

    yield run
    for db in databases:
        db.close()


def scope(as_of: datetime = AS_OF, area: str | None = None) -> metrics.Scope:
    return metrics.Scope(as_of=as_of, area=area)


def by_key(frame: pl.DataFrame, key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in frame.iter_rows(named=True)}


def test_force_latest_month_against_the_average_of_the_months_before(street_db, read) -> None:
    frame = read(street_db, metrics.crime_picture, scope())
    assert frame.height == 1
    row = frame.row(0, named=True)
    assert row["month"] == APR
    assert row["crimes"] == 6
    assert row["baseline_months"] == 3
    assert row["baseline_total"] == 18
    assert row["average"] == pytest.approx(6.0)
    assert row["change"] == pytest.approx(0.0)
    assert row["change_pct"] == pytest.approx(0.0)
    assert row["trend"] == "flat"


def test_by_area_counts_a_missing_month_as_zero_and_keeps_rows_with_no_area(
    street_db, read
) -> None:
    rows = by_key(read(street_db, metrics.crime_picture, scope(), by="area"), "area_code")
    assert list(rows) == ["CHA", "LEI", None]  # area order, no area last
    lei, cha, none = rows["LEI"], rows["CHA"], rows[None]
    assert (lei["crimes"], lei["baseline_total"], lei["average"]) == (4, 9, pytest.approx(3.0))
    assert lei["change"] == pytest.approx(1.0)
    assert lei["change_pct"] == pytest.approx(100 / 3)
    assert lei["trend"] == "up"
    assert (cha["crimes"], cha["average"], cha["change"]) == (0, 3.0, -3.0)
    assert cha["change_pct"] == pytest.approx(-100.0)
    assert cha["trend"] == "down"
    assert (none["crimes"], none["average"], none["change"]) == (2, 0.0, 2.0)
    assert none["change_pct"] is None  # no percentage of a zero average
    assert none["trend"] == "up"
    assert sum(r["crimes"] for r in rows.values()) == 6  # the force's count


def test_by_type_most_crimes_first(street_db, read) -> None:
    frame = read(street_db, metrics.crime_picture, scope(), by="type")
    assert frame["crime_type"].to_list() == ["Burglary", "Drugs", "Shoplifting"]
    rows = by_key(frame, "crime_type")
    burglary = rows["Burglary"]
    assert (burglary["crimes"], burglary["baseline_total"]) == (3, 15)
    assert burglary["average"] == pytest.approx(5.0)
    assert burglary["change_pct"] == pytest.approx(-40.0)
    assert burglary["trend"] == "down"
    assert rows["Shoplifting"]["trend"] == "flat"
    assert rows["Drugs"]["average"] == 0.0


def test_area_filter_and_area_by_type(street_db, read) -> None:
    lei = read(street_db, metrics.crime_picture, scope(area="LEI"))
    assert lei.select("crimes", "average", "trend").row(0) == (4, 3.0, "up")
    types = by_key(
        read(street_db, metrics.crime_picture, scope(area="LEI"), by="type"), "crime_type"
    )
    assert set(types) == {"Burglary", "Shoplifting"}
    assert types["Burglary"]["average"] == pytest.approx(2.0)  # (2 + 4 + 0) / 3
    assert types["Burglary"]["change_pct"] == pytest.approx(50.0)
    both = read(street_db, metrics.crime_picture, scope(), by="area_type")
    lei_burglary = both.filter(
        (pl.col("area_code") == "LEI") & (pl.col("crime_type") == "Burglary")
    )
    assert lei_burglary.select("crimes", "average").row(0) == (3, 2.0)
    assert both["crimes"].sum() == 6
    # An area with none of the compared months' crimes has no row at all.
    assert read(street_db, metrics.crime_picture, scope(area="RUT")).is_empty()


def test_the_latest_month_is_the_last_at_or_before_the_as_of_time(street_db, read) -> None:
    at_april = read(street_db, metrics.crime_picture, scope(as_of=datetime(2024, 4, 1)))
    assert at_april["month"].to_list() == [APR]
    before = read(street_db, metrics.crime_picture, scope(as_of=datetime(2024, 3, 31, 23, 59)))
    row = before.row(0, named=True)
    assert (row["month"], row["crimes"], row["baseline_months"]) == (MAR, 4, 2)
    assert row["average"] == pytest.approx(7.0)  # (6 + 8) / 2
    assert row["trend"] == "down"
    later = read(street_db, metrics.crime_picture, scope(as_of=datetime(2030, 1, 1)))
    assert later.select("month", "crimes", "baseline_months").row(0) == (JUN, 5, 4)
    first = read(street_db, metrics.crime_picture, scope(as_of=datetime(2024, 1, 20)))
    row = first.row(0, named=True)
    assert (row["month"], row["crimes"], row["baseline_months"]) == (JAN, 6, 0)
    assert row["average"] is None and row["change"] is None and row["trend"] is None
    assert read(street_db, metrics.crime_picture, scope(as_of=datetime(2023, 12, 31))).is_empty()


def test_baseline_months_and_flat_band_are_parameters(street_db, read) -> None:
    one = read(street_db, metrics.crime_picture, scope(), baseline_months=1)
    assert one.select("baseline_months", "average", "change").row(0) == (1, 4.0, 2.0)  # March
    assert one["trend"][0] == "up"
    lei = scope(area="LEI")
    # LEI burglary is +50 %: up beyond a 49.9 % band, flat within a 50 % band (not beyond it).
    assert (
        read(street_db, metrics.crime_picture, lei, by="type", flat_pct=49.9).filter(
            pl.col("crime_type") == "Burglary"
        )["trend"][0]
        == "up"
    )
    assert (
        read(street_db, metrics.crime_picture, lei, by="type", flat_pct=50.0).filter(
            pl.col("crime_type") == "Burglary"
        )["trend"][0]
        == "flat"
    )
    with pytest.raises(ValueError, match="baseline_months must be 1 or more"):
        read(street_db, metrics.crime_picture, scope(), baseline_months=0)
    with pytest.raises(ValueError, match="by must be one of"):
        read(street_db, metrics.crime_picture, scope(), by="hour")


def test_a_month_without_any_rows_is_not_a_baseline_month(empty_db, read) -> None:
    con = duckdb.connect(str(empty_db))
    insert(
        con, [(JAN, "LEI", "Robbery", 4), (MAR, "LEI", "Robbery", 2), (APR, "LEI", "Robbery", 1)]
    )
    con.close()
    row = read(empty_db, metrics.crime_picture, scope()).row(0, named=True)
    assert row["baseline_months"] == 2  # January and March; February has no published rows
    assert row["average"] == pytest.approx(3.0)


def test_the_months_street_crimes(street_db, read) -> None:
    force = read(street_db, metrics.street_crimes_month, scope())
    assert force.height == 6
    assert set(force["month"].to_list()) == {APR}
    assert force["crime_type"].to_list() == ["Burglary"] * 3 + ["Drugs"] * 2 + ["Shoplifting"]
    assert force["area_code"].null_count() == 2
    lei = read(street_db, metrics.street_crimes_month, scope(area="LEI"))
    assert lei.height == 4
    assert {"crime_id", "location", "lsoa_name", "last_outcome", "row_key"} <= set(lei.columns)


def test_an_empty_table_gives_no_rows(empty_db, read) -> None:
    assert read(empty_db, metrics.crime_picture, scope()).is_empty()
    assert read(empty_db, metrics.crime_picture, scope(), by="type").is_empty()
    assert read(empty_db, metrics.street_crimes_month, scope()).is_empty()
    assert read(empty_db, metrics.street_crimes_extent) == {
        "rows": 0,
        "first_month": None,
        "last_month": None,
    }


# --- the sample's street crimes -------------------------------------------------------------

SAMPLE_END = datetime(2026, 3, 2, 9, 30)


@pytest.fixture(scope="module")
def sample_street(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    path = tmp_path_factory.mktemp("street") / "sample.duckdb"
    generate(path, days=1, end=SAMPLE_END, seed=4)
    with duckdb.connect(str(path), read_only=True) as con:
        return con.sql("SELECT * FROM street_crimes ORDER BY row_key").pl()


def test_sample_has_twelve_months_ending_the_month_before_the_end(sample_street) -> None:
    per_month = sample_street.group_by("month").len().sort("month")
    expected = [date(2025, m, 1) for m in range(3, 13)] + [date(2026, 1, 1), date(2026, 2, 1)]
    assert per_month["month"].to_list() == expected
    # Scale 1: about 9,000 a month (Leicestershire 2024: 8,216 to 9,563).
    assert all(7_000 <= n <= 11_000 for n in per_month["len"].to_list())
    assert 8_500 <= per_month["len"].mean() <= 9_500


def test_sample_street_crimes_look_like_the_published_files(sample_street) -> None:
    df = sample_street
    assert df["row_key"].n_unique() == df.height
    assert set(df["reported_by"].unique()) == {"Leicestershire Police"}
    assert set(df["falls_within"].unique()) == {"Leicestershire Police"}
    asb = df.filter(pl.col("crime_type") == "Anti-social behaviour")
    assert 0.08 < asb.height / df.height < 0.14
    assert asb["crime_id"].null_count() == asb.height
    assert asb["last_outcome"].null_count() == asb.height
    assert asb["row_key"].str.contains(r"^asb-[0-9a-f]{40}$").all()
    crimes = df.filter(pl.col("crime_type") != "Anti-social behaviour")
    assert crimes["crime_id"].str.contains(r"^[0-9a-f]{64}$").all()
    assert (crimes["row_key"] == crimes["crime_id"]).all()
    no_location = df.filter(pl.col("location") == "No Location")
    assert no_location.height > 0
    assert (
        no_location.select("longitude", "latitude", "lsoa_name", "area_code").null_count().row(0)
        == (no_location.height,) * 4
    )
    areas = df["area_code"].drop_nulls().unique().sort().to_list()
    assert areas == ["BLA", "CHA", "HAR", "HNB", "LEI", "MEL", "NWL", "OAW", "RUT"]
    share = df.group_by("area_code").len().filter(pl.col("area_code") == "LEI")["len"][0]
    assert 0.40 < share / df.height < 0.52  # Leicester: 46 % in 2024
    # The district prefix of the LSOA name is the area's name, as the importer reads it.
    lei = df.filter(pl.col("area_code") == "LEI")
    assert lei["lsoa_name"].str.starts_with("Leicester ").all()


def test_sample_street_crimes_are_deterministic_and_scale(tmp_path: Path, sample_street) -> None:
    again = tmp_path / "again.duckdb"
    generate(again, days=1, end=SAMPLE_END, seed=4)
    small = tmp_path / "small.duckdb"
    generate(small, days=1, end=SAMPLE_END, seed=4, scale=0.1)
    with duckdb.connect(str(again), read_only=True) as con:
        assert con.sql("SELECT * FROM street_crimes ORDER BY row_key").pl().equals(sample_street)
    with duckdb.connect(str(small), read_only=True) as con:
        per_month = con.sql("SELECT count(*) FROM street_crimes GROUP BY month").fetchall()
    assert len(per_month) == 12
    assert all(700 <= n <= 1_100 for (n,) in per_month)
