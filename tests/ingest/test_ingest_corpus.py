"""A generated corpus of malformed inputs for ``supervisor-tui load``.

For every input: no traceback (the CLI returns 0, 2 or 3), every message is one line with no
raw control characters, an unusable input (2) leaves the database unchanged, and otherwise
every row read is loaded, updated, unchanged or rejected with a one-line reason in the
rejects file. Cases with a known outcome also check that outcome.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from ingest_helpers import query, run_cli, summary

#: A valid file per table; row 2 is the one the mutations change.
BASE: dict[str, list[str]] = {
    "calls": [
        "call_id,line,presented_at,answered_at,abandoned_at,handler_id,incident_id",
        "C1,999,2026-03-01T10:00:00Z,2026-03-01T10:00:06Z,,H1,I1",
        "C2,101,2026-03-01T10:01:00Z,,2026-03-01T10:03:00Z,,",
        "C3,999,2026-03-01T10:02:00Z,,,,",
    ],
    "incidents": [
        "incident_id,opened_at,grade,category,area_code,closed_at,victim_updated_at,summary",
        "I1,2026-03-01T10:00:00Z,1,Violence,LEI,2026-03-01T12:00:00Z,,Fight in street",
        "I2,2026-03-01T10:05:00Z,2,Theft,CHA,,,Shoplifter detained",
        "I3,2026-03-01T10:10:00Z,3,Other,RUT,,,Noise",
    ],
    "duties": [
        "officer_id,starts_at,ends_at,area_code,role",
        "O1,2026-03-01T07:00:00Z,2026-03-01T17:00:00Z,LEI,response",
        "O2,2026-03-01T07:00:00Z,2026-03-01T17:00:00Z,CHA,response",
        "O3,2026-03-01T14:00:00Z,2026-03-02T00:00:00Z,BLA,supervisor",
    ],
    "deployments": [
        "incident_id,officer_id,dispatched_at,arrived_at,cleared_at",
        "I1,O1,2026-03-01T10:01:00Z,2026-03-01T10:09:00Z,2026-03-01T11:00:00Z",
        "I1,O2,2026-03-01T10:01:00Z,,",
        "I2,O3,2026-03-01T10:06:00Z,2026-03-01T10:30:00Z,",
    ],
    "suspects": [
        "suspect_id,crime_id,name,risk,outstanding_since,resolved_at",
        "S1,CR1,Alex Smith,high,2026-01-01T09:00:00Z,",
        "S2,CR1,Sam Patel,medium,2026-02-01T09:00:00Z,2026-02-10T09:00:00Z",
        "S3,CR2,Jo Khan,standard,2025-11-01T09:00:00Z,",
    ],
    "street_crimes": [
        "row_key,crime_id,month,reported_by,falls_within,longitude,latitude,location,"
        "lsoa_code,lsoa_name,crime_type,last_outcome,area_code",
        "k1,abc,2024-01,L,L,-1.1,52.6,On or near X,E1,Leicester 001A,Burglary,,LEI",
        "k2,,2024-01-01,L,L,,,No Location,,,Anti-social behaviour,,",
        "k3,def,2024-02,L,L,-1.2,52.7,On or near Y,E2,Charnwood 002B,Robbery,,CHA",
    ],
}
TIME_COLUMN = {
    "calls": 2,
    "incidents": 1,
    "duties": 1,
    "deployments": 2,
    "suspects": 4,
    "street_crimes": 2,
}
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Case:
    name: str
    table: str
    data: bytes
    expect: str | None = None  # "unusable", "rejected", "clean" or None (any)
    reason: str | None = None  # text the first reason or error must contain
    suffix: str = ".csv"


def text(lines: list[str], end: str = "\n") -> bytes:
    return (end.join(lines) + end).encode("utf-8")


def with_field(table: str, column: int, value: str, row: int = 1) -> bytes:
    lines = list(BASE[table])
    fields = next(csv.reader([lines[row]]))
    fields[column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)  # quotes line breaks in values
    lines[row] = out.getvalue().removesuffix("\n")
    return text(lines)


def header_cases() -> list[Case]:
    cases = []
    for table, lines in BASE.items():
        names = lines[0].split(",")
        body = lines[1:]
        for i, name in enumerate(names):
            if i not in (0, len(names) // 2, len(names) - 1):
                continue
            kept = [n for j, n in enumerate(names) if j != i]
            rows = [",".join(f for j, f in enumerate(r.split(",")) if j != i) for r in body]
            cases.append(
                Case(
                    f"{table}-drop-{name}",
                    table,
                    text([",".join(kept), *rows]),
                    "unusable",
                    f"missing column(s) {name}",
                )
            )
        typo = [names[0] + "x", *names[1:]]
        cases += [
            Case(
                f"{table}-typo",
                table,
                text([",".join(typo), *body]),
                "unusable",
                f"unexpected column(s) '{names[0]}x'",
            ),
            Case(
                f"{table}-extra",
                table,
                text([lines[0] + ",notes", *[r + ",n" for r in body]]),
                "unusable",
                "unexpected column(s) 'notes'",
            ),
            Case(
                f"{table}-repeated",
                table,
                text([lines[0] + "," + names[0], *[r + ",x" for r in body]]),
                "unusable",
                f"repeated column(s) {names[0]}",
            ),
            Case(f"{table}-upper-header", table, text([lines[0].upper(), *body]), "clean"),
            Case(f"{table}-spaced-header", table, text([", ".join(names), *body]), "clean"),
            Case(f"{table}-reordered", table, reorder(lines), "clean"),
            Case(
                f"{table}-empty-header",
                table,
                text(["," * (len(names) - 1), *body]),
                "unusable",
                "first line is not a header",
            ),
            Case(f"{table}-header-only", table, text([lines[0]]), "unusable", "no data rows"),
            Case(f"{table}-no-header", table, text(body), "unusable", "header does not match"),
        ]
        if table in ("calls", "incidents"):
            cases += [
                Case(
                    f"{table}-tab-separated",
                    table,
                    text([line.replace(",", "\t") for line in lines]),
                    "unusable",
                ),
                Case(
                    f"{table}-semicolons",
                    table,
                    text([line.replace(",", ";") for line in lines]),
                    "unusable",
                ),
            ]
    cases.append(
        Case(
            "wide-header",
            "calls",
            text([",".join(f"c{i}" for i in range(20_000)), "1"]),
            "unusable",
        )
    )
    cases.append(Case("empty", "calls", b"", "unusable", "file is empty"))
    cases.append(Case("blank-lines-only", "calls", b"\n\r\n \n", "unusable", "file is empty"))
    return cases


def reorder(lines: list[str]) -> bytes:
    rows = [next(csv.reader([line])) for line in lines]
    order = list(reversed(range(len(rows[0]))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row[i] for i in order])
    return out.getvalue().encode()


def encoding_cases() -> list[Case]:
    calls = "\n".join(BASE["calls"]) + "\n"
    named = calls.replace(",H1,", ",Zoë,")
    return [
        Case("latin-1", "calls", named.encode("latin-1"), "unusable", "not UTF-8 (byte 0xEB"),
        Case(
            "cp1252-quotes",
            "calls",
            named.replace("Zoë", "“H”").encode("cp1252"),
            "unusable",
            "not UTF-8",
        ),
        Case("utf-16-le", "calls", named.encode("utf-16"), "unusable", "UTF-16"),
        Case("utf-16-be", "calls", b"\xfe\xff" + named.encode("utf-16-be"), "unusable", "UTF-16"),
        Case("utf-8-bom", "calls", b"\xef\xbb\xbf" + named.encode(), "clean"),
        Case("bom-crlf", "calls", b"\xef\xbb\xbf" + named.replace("\n", "\r\n").encode(), "clean"),
        Case("no-final-newline", "calls", named.rstrip("\n").encode(), "clean"),
        Case(
            "bad-continuation",
            "calls",
            named.encode().replace(b"\xc3\xab", b"\xc3\x28"),
            "unusable",
            "calls.csv:2: not UTF-8",
        ),
        Case(
            "overlong",
            "calls",
            named.encode().replace(b"\xc3\xab", b"\xc0\xaf"),
            "unusable",
            "not UTF-8",
        ),
        Case(
            "surrogate",
            "calls",
            named.encode().replace(b"\xc3\xab", b"\xed\xa0\x80"),
            "unusable",
            "not UTF-8",
        ),
        Case(
            "cut-multibyte",
            "calls",
            named.encode()[: named.encode().index(b"\xc3") + 1],
            "unusable",
            "not UTF-8",
        ),
        Case(
            "nul-in-field",
            "calls",
            named.replace("Zoë", "Z\x00e").encode(),
            "rejected",
            "handler_id contains a control character",
        ),
        Case(
            "nul-in-header",
            "calls",
            named.replace("call_id", "call\x00id").encode(),
            "unusable",
            "NUL",
        ),
        Case("old-mac-line-ends", "calls", named.replace("\n", "\r").encode(), "unusable"),
        Case(
            "emoji-and-accents",
            "incidents",
            with_field("incidents", 7, "Café fight 🚓 — naïve"),
            "clean",
        ),
        Case("binary-junk", "calls", bytes(range(256)) * 4, "unusable"),
    ]


BAD_TIMES = [
    ("feb-30", "2026-02-30T10:00:00Z"),
    ("month-13", "2026-13-01T10:00:00Z"),
    ("hour-24", "2026-03-01T24:00:00Z"),
    ("minute-60", "2026-03-01T10:60:00Z"),
    ("second-61", "2026-03-01T10:00:61Z"),
    ("date-only", "2026-03-01"),
    ("time-only", "10:00:00"),
    ("uk-format", "01/03/2026 10:00"),
    ("us-format", "03/01/2026 10:00 AM"),
    ("offset-25h", "2026-03-01T10:00:00+25:00"),
    ("offset-99m", "2026-03-01T10:00:00+05:99"),
    ("epoch", "1772359200"),
    ("double-z", "2026-03-01T10:00:00ZZ"),
    ("utc-word", "2026-03-01T10:00:00 UTC"),
    ("fullwidth", "２０２６-03-01T10:00:00Z"),
    ("ten-fraction-digits", "2026-03-01T10:00:00.1234567890Z"),
    ("year-0001", "0001-01-01T00:00:00Z"),
    ("year-9999", "9999-12-31T23:59:59Z"),
    ("two-digit-year", "26-03-01T10:00:00Z"),
    ("no-padding", "2026-3-1T10:00:00Z"),
    ("words", "yesterday"),
    ("sql", "2026-03-01'; DROP TABLE calls; --"),
]
SOME_BAD_TIMES = ("feb-30", "date-only", "offset-25h", "epoch", "year-0001")
CALLS_SKIP = ("month-13", "minute-60", "us-format", "two-digit-year", "words")
GOOD_TIMES = [
    ("space-separator", "2026-03-01 10:00:00"),
    ("minutes-only", "2026-03-01T10:00"),
    ("fraction", "2026-03-01T10:00:00.250Z"),
    ("comma-fraction", "2026-03-01T10:00:00,250Z"),
    ("offset", "2026-03-01T11:00:00+01:00"),
    ("offset-compact", "2026-03-01T11:00:00+0100"),
    ("offset-hours", "2026-03-01T05:00:00-05"),
    ("lower-t-z", "2026-03-01t10:00:00z"),
]


def date_cases() -> list[Case]:
    cases = []
    for table, column in TIME_COLUMN.items():
        if table == "street_crimes":
            continue
        for name, value in BAD_TIMES:
            if name not in SOME_BAD_TIMES and (table != "calls" or name in CALLS_SKIP):
                continue
            cases.append(
                Case(
                    f"{table}-time-{name}",
                    table,
                    with_field(table, column, value),
                    "rejected",
                    "is not an ISO 8601 date and time"
                    if not name.startswith("year")
                    else "is outside the years",
                )
            )
    for name, value in GOOD_TIMES:
        cases.append(Case(f"calls-time-{name}", "calls", with_field("calls", 2, value), "clean"))
    for name, value in [
        ("month-day", "2024-01-15"),
        ("month-words", "January 2024"),
        ("month-13", "2024-13"),
        ("year-1066", "1066-10"),
    ]:
        cases.append(
            Case(
                f"street-{name}", "street_crimes", with_field("street_crimes", 2, value), "rejected"
            )
        )
    return cases


def number_cases() -> list[Case]:
    cases = []
    for name, value, expect in [
        ("zero", "0", "rejected"),
        ("five", "5", "rejected"),
        ("negative", "-1", "rejected"),
        ("decimal", "1.0", "rejected"),
        ("exponent", "1e0", "rejected"),
        ("word", "one", "rejected"),
        ("arabic-indic", "١", "rejected"),
        ("huge", "99999999999999999999", "rejected"),
        ("hex", "0x2", "rejected"),
        ("spaced", " 2 ", "clean"),
        ("plus", "+2", "clean"),
        ("empty", "", "rejected"),
    ]:
        cases.append(Case(f"grade-{name}", "incidents", with_field("incidents", 2, value), expect))
    for name, value, expect in [
        ("nan", "NaN", "rejected"),
        ("inf", "inf", "rejected"),
        ("overflow", "1e400", "rejected"),
        ("out-of-range", "-181", "rejected"),
        ("text", "west", "rejected"),
        ("comma-decimal", "-1,1", None),
        ("exponent", "-1.1e0", "clean"),
    ]:
        cases.append(
            Case(
                f"longitude-{name}", "street_crimes", with_field("street_crimes", 5, value), expect
            )
        )
    for name, value, expect in [
        ("line-998", "998", "rejected"),
        ("line-spaced", " 999 ", "clean"),
        ("line-number", "999.0", "rejected"),
        ("line-empty", "", "rejected"),
    ]:
        cases.append(Case(f"calls-{name}", "calls", with_field("calls", 1, value), expect))
    for name, value, expect in [
        ("risk-upper", "HIGH", "clean"),
        ("risk-unknown", "severe", "rejected"),
        ("risk-empty", "", "rejected"),
    ]:
        cases.append(Case(f"suspects-{name}", "suspects", with_field("suspects", 3, value), expect))
    for name, value, expect in [
        ("area-unknown", "XXX", "rejected"),
        ("area-lower", "lei", "rejected"),
        ("area-empty", "", "rejected"),
        ("area-spaced", " LEI ", "clean"),
    ]:
        cases.append(
            Case(f"incidents-{name}", "incidents", with_field("incidents", 4, value), expect)
        )
    return cases


def duplicate_and_order_cases() -> list[Case]:
    cases = []
    for table, lines in BASE.items():
        cases += [
            Case(
                f"{table}-identical-duplicate",
                table,
                text([*lines, lines[1]]),
                "rejected",
                "repeats on lines 2, 5",
            ),
            Case(
                f"{table}-triple",
                table,
                text([*lines, lines[1], lines[1]]),
                "rejected",
                "repeats on lines 2, 5, 6",
            ),
        ]
    cases += [
        Case(
            "calls-changed-duplicate",
            "calls",
            text([*BASE["calls"], BASE["calls"][1].replace("H1", "H9")]),
            "rejected",
            "call_id 'C1' repeats",
        ),
        Case(
            "calls-space-duplicate",
            "calls",
            text([*BASE["calls"], " " + BASE["calls"][1]]),
            "rejected",
            "repeats",
        ),
        Case(
            "calls-case-differs",
            "calls",
            text([*BASE["calls"], BASE["calls"][1].replace("C1", "c1")]),
            "clean",
        ),
        Case(
            "calls-answered-before-presented",
            "calls",
            with_field("calls", 3, "2026-03-01T09:59:59Z"),
            "rejected",
            "answered_at 2026-03-01T09:59:59Z is before presented_at",
        ),
        Case(
            "calls-abandoned-before-presented",
            "calls",
            with_field("calls", 4, "2026-03-01T10:00:59Z", row=2),
            "rejected",
            "abandoned_at",
        ),
        Case(
            "calls-answered-and-abandoned",
            "calls",
            with_field("calls", 4, "2026-03-01T10:00:09Z"),
            "rejected",
            "both answered_at",
        ),
        Case(
            "deployments-arrived-before",
            "deployments",
            with_field("deployments", 3, "2026-03-01T10:00:00Z"),
            "rejected",
            "arrived_at 2026-03-01T10:00:00Z is before dispatched_at",
        ),
        Case(
            "deployments-cleared-before-arrival",
            "deployments",
            with_field("deployments", 4, "2026-03-01T10:05:00Z"),
            "rejected",
            "cleared_at 2026-03-01T10:05:00Z is before arrived_at",
        ),
        Case(
            "duties-ends-before-starts",
            "duties",
            with_field("duties", 2, "2026-03-01T06:00:00Z"),
            "rejected",
            "is not after",
        ),
        Case(
            "duties-zero-length",
            "duties",
            with_field("duties", 2, "2026-03-01T07:00:00Z"),
            "rejected",
            "is not after",
        ),
        Case(
            "incidents-closed-before-opened",
            "incidents",
            with_field("incidents", 5, "2026-03-01T09:00:00Z"),
            "rejected",
            "closed_at",
        ),
        Case(
            "suspects-resolved-before",
            "suspects",
            with_field("suspects", 5, "2025-12-31T00:00:00Z"),
            "rejected",
            "resolved_at",
        ),
        Case(
            "offset-makes-answer-early",
            "calls",
            with_field("calls", 3, "2026-03-01T10:00:06+01:00"),
            "rejected",
            "before",
        ),
    ]
    return cases


def truncation_cases() -> list[Case]:
    lines = [BASE["incidents"][0]]
    for i in range(20):
        lines.append(
            f'I{i},2026-03-01T10:{i:02d}:00Z,{i % 4 + 1},Violence,LEI,,,"Fight, {i} ""hurt"""'
        )
    whole = text(lines)
    cases = []
    for k, cut in enumerate(range(37, len(whole), max(1, len(whole) // 15))):
        cases.append(Case(f"truncated-{k:02d}-at-{cut}", "incidents", whole[:cut]))
    cases.append(
        Case(
            "unterminated-quote",
            "incidents",
            text([*lines[:5], 'I99,2026-03-01T10:00:00Z,1,V,LEI,,,"never closed', *lines[5:]]),
            "rejected",
            "broken quoting in lines 6–7",
        )
    )
    cases.append(
        Case(
            "unterminated-quote-at-end",
            "incidents",
            text([*lines[:5], 'I99,2026-03-01T10:00:00Z,1,V,LEI,,,"never closed']),
            "rejected",
            "quote opened here is never closed",
        )
    )
    cases.append(
        Case(
            "quote-mid-field",
            "incidents",
            text([*lines[:3], 'I98,2026-03-01T10:00:00Z,1,V,LEI,,,ab"cd"ef']),
            None,
        )
    )
    cases.append(
        Case(
            "too-few-fields",
            "incidents",
            text([*lines[:3], "I97,x"]),
            "rejected",
            "has 2 fields; the header has 8",
        )
    )
    cases.append(
        Case(
            "too-many-fields",
            "incidents",
            text([*lines[:3], lines[3] + ",x,y"]),
            "rejected",
            "has 10 fields",
        )
    )
    cases.append(
        Case(
            "trailing-commas",
            "calls",
            text([BASE["calls"][0], *[r + "," for r in BASE["calls"][1:]]]),
            "rejected",
            "has 8 fields",
        )
    )
    cases.append(
        Case(
            "blank-lines-between",
            "calls",
            text([BASE["calls"][0], "", BASE["calls"][1], "   ", BASE["calls"][2]]),
            "clean",
        )
    )
    cases.append(
        Case(
            "comment-line",
            "calls",
            text([*BASE["calls"], "# exported by X"]),
            "rejected",
            "has 1 field;",
        )
    )
    cases.append(
        Case(
            "all-empty-row",
            "calls",
            text([*BASE["calls"], ",,,,,,"]),
            "rejected",
            "call_id is empty; it is required",
        )
    )
    return cases


def huge_and_markup_cases() -> list[Case]:
    cases = [
        Case("summary-10000", "incidents", with_field("incidents", 7, "x" * 10_000), "clean"),
        Case(
            "summary-10001",
            "incidents",
            with_field("incidents", 7, "x" * 10_001),
            "rejected",
            "summary has 10001 characters; at most 10,000 are allowed",
        ),
        Case(
            "summary-1mb",
            "incidents",
            with_field("incidents", 7, "y" * 1_000_000),
            "rejected",
            "at most 10,000",
        ),
        Case("id-200", "calls", with_field("calls", 0, "C" * 200), "clean"),
        Case(
            "id-201",
            "calls",
            with_field("calls", 0, "C" * 201),
            "rejected",
            "call_id has 201 characters; at most 200",
        ),
        Case("line-5mb-unquoted", "calls", with_field("calls", 5, "h" * 5_000_000), "rejected"),
        Case(
            "many-rows-one-bad",
            "calls",
            text(
                [BASE["calls"][0]]
                + [f"M{i},999,2026-03-01T10:00:00Z,,,," for i in range(5000)]
                + ["M5000,999,later,,,,"]
            ),
            "rejected",
            "calls.csv:5002:",
        ),
    ]
    for name, value, expect in [
        ("rich-markup", "[bold red]urgent[/] [link=https://x]here[/link]", "clean"),
        ("rich-escape", r"\[not a tag]", "clean"),
        ("ansi-colour", "\x1b[31mred\x1b[0m", "rejected"),
        ("ansi-clear", "\x1b[2J\x1b[H", "rejected"),
        ("osc-hyperlink", "\x1b]8;;https://x\x1b\\click\x1b]8;;\x1b\\", "rejected"),
        ("bell", "ring\x07", "rejected"),
        ("backspace", "abc\x08\x08", "rejected"),
        ("c1-csi", "\x9b31m", "rejected"),
        ("del", "x\x7f", "rejected"),
        ("tab-in-text", "a\tb", "clean"),
        ("newline-in-text", "first\nsecond", "clean"),
        ("crlf-in-text", "first\r\nsecond", "clean"),
        ("bidi-override", "abc\u202edcb", "clean"),
        ("zero-width", "a\u200bb", "clean"),
        ("html", "<script>alert(1)</script>", "clean"),
        ("formula", '=HYPERLINK("http://x")', "clean"),
    ]:
        cases.append(
            Case(
                f"summary-{name}",
                "incidents",
                with_field("incidents", 7, value),
                expect,
                "control character" if expect == "rejected" else None,
            )
        )
    for name, value in [("ansi", "\x1b[1mC9"), ("newline", "C\n9"), ("tab", "C\t9")]:
        cases.append(
            Case(
                f"id-{name}",
                "calls",
                with_field("calls", 0, value),
                "rejected",
                "call_id contains a control character",
            )
        )
    return cases


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


def parquet_cases() -> list[Case]:
    calls = pl.read_csv(io.StringIO("\n".join(BASE["calls"])), infer_schema=False)
    good = parquet_bytes(calls)
    return [
        Case("parquet-strings", "calls", good, "clean", suffix=".parquet"),
        Case(
            "parquet-truncated",
            "calls",
            good[: len(good) // 2],
            "unusable",
            "not a readable Parquet file",
            ".parquet",
        ),
        Case("parquet-magic-only", "calls", b"PAR1", "unusable", "Parquet", ".parquet"),
        Case(
            "parquet-renamed",
            "calls",
            parquet_bytes(calls.rename({"line": "ln"})),
            "unusable",
            "missing column(s) line",
            ".parquet",
        ),
        Case(
            "parquet-empty",
            "calls",
            parquet_bytes(calls.head(0)),
            "unusable",
            "no rows",
            ".parquet",
        ),
        Case(
            "parquet-list-column",
            "calls",
            parquet_bytes(
                calls.with_columns(
                    pl.col("handler_id").map_elements(
                        lambda v: [v], return_dtype=pl.List(pl.String)
                    )
                )
            ),
            "unusable",
            "has type",
            ".parquet",
        ),
        Case(
            "parquet-int-ids",
            "calls",
            parquet_bytes(calls.with_columns(pl.Series("call_id", [1, 2, 3]))),
            "clean",
            suffix=".parquet",
        ),
        Case(
            "parquet-null-required",
            "calls",
            parquet_bytes(calls.with_columns(pl.lit(None, pl.String).alias("line"))),
            "rejected",
            "line is empty",
            ".parquet",
        ),
        Case(
            "parquet-bad-times",
            "calls",
            parquet_bytes(calls.with_columns(pl.lit("soon").alias("presented_at"))),
            "rejected",
            "presented_at 'soon'",
            ".parquet",
        ),
    ]


CASES = (
    header_cases()
    + encoding_cases()
    + date_cases()
    + number_cases()
    + duplicate_and_order_cases()
    + truncation_cases()
    + huge_and_markup_cases()
    + parquet_cases()
)


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 200
    assert len({case.name for case in CASES}) == len(CASES)


ROW_COUNTS = " UNION ALL ".join(
    f"SELECT '{t}', count(*) FROM {t}" for t in (*BASE, "areas", "teams")
)


@pytest.fixture(scope="module")
def template_state(areas_template: Path) -> tuple[bytes, dict[str, int]]:
    return areas_template.read_bytes(), dict(query(areas_template, ROW_COUNTS))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_malformed_input(case: Case, areas_db: Path, tmp_path: Path, template_state) -> None:
    path = tmp_path / f"{case.table}{case.suffix}"
    path.write_bytes(case.data)
    rejects = tmp_path / "rejects"
    before, rows_before = template_state
    run = run_cli("load", "--db", areas_db, case.table, path, "--rejects", rejects)

    assert run.code in (0, 2, 3), run.err
    assert "Traceback" not in run.err
    assert not _RAW_CONTROL.search(run.out + run.err), "raw control characters printed"
    for line in run.err_lines:
        assert line.startswith(("supervisor-tui: ", "  rejected ", "  … and ")), line
    if run.code == 2:
        assert len(run.err_lines) == 1 and run.err_lines[0].startswith("supervisor-tui: error:")
        assert areas_db.read_bytes() == before  # not even opened for writing
        assert not rejects.exists() or not any(rejects.iterdir())
    else:
        counts = summary(run.out)
        assert counts["read"] == (
            counts["loaded"] + counts["updated"] + counts["unchanged"] + counts["rejected"]
        )
        rows_after = dict(query(areas_db, ROW_COUNTS))
        assert rows_after == {**rows_before, case.table: rows_before[case.table] + counts["loaded"]}
        assert (run.code == 3) == (counts["rejected"] > 0)
        files = list(rejects.glob("*.rejects.csv")) if rejects.exists() else []
        if counts["rejected"]:
            (rejects_file,) = files
            frame = pl.read_csv(rejects_file, infer_schema=False)
            assert frame.height == counts["rejected"]
            assert frame["reason"].null_count() == 0
            assert not frame["reason"].str.contains("\n").any()
        else:
            assert files == []
    if case.expect == "unusable":
        assert run.code == 2, (run.out, run.err)
    elif case.expect == "rejected":
        assert run.code == 3, (run.out, run.err)
    elif case.expect == "clean":
        assert run.code == 0, (run.out, run.err)
        assert summary(run.out)["rejected"] == 0
    if case.reason is not None:
        assert case.reason in run.err, run.err
