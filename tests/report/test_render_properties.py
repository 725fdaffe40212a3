"""Whatever text articles hold, the renderers for a terminal or a log (table,
CSV, check text, GitHub annotations) emit no control character but the
newline between lines, and the JSON renderers give back exactly the values."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.models import Evidence, Finding
from audit.report.annotations import format_github, format_text
from audit.report.listing import Listing, to_csv, to_table

# Every code point, lone surrogates included (JSON-LD can carry them).
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=80)
CELL = st.one_of(ANY_TEXT, st.none(), st.booleans(), st.integers(),
                 st.floats(allow_nan=False, allow_infinity=False))
COLUMNS = ["article", "speaker", "text"]
ROWS = st.lists(st.fixed_dictionaries({c: CELL for c in COLUMNS}), max_size=5)
# What a terminal would act on: C0 but newline, DEL, C1, line and paragraph
# separators, bidi embeddings, overrides and isolates, lone surrogates.
ACTIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff]")


def _inert(out: str) -> bool:
    out.encode("utf-8")  # printable at all: no lone surrogate left
    return ACTIVE.search(out) is None


@settings(max_examples=150, deadline=None)
@given(rows=ROWS, width=st.one_of(st.none(), st.integers(min_value=1, max_value=200)))
def test_table_and_csv_are_inert(rows: list[dict[str, object]], width: int | None) -> None:
    table = to_table(rows, COLUMNS, width)
    assert _inert(table)
    assert len(table.split("\n")) == len(rows) + 1  # one line a row: no cell breaks a row
    assert _inert(to_csv(rows, COLUMNS))


@settings(max_examples=150, deadline=None)
@given(path=ANY_TEXT, kind=ANY_TEXT, message=ANY_TEXT, text=ANY_TEXT,
       severity=st.sampled_from(["error", "warning", "info"]), color=st.booleans())
def test_check_text_and_annotations_are_inert(path: str, kind: str, message: str, text: str,
                                              severity: str, color: bool) -> None:
    start = len(text) // 2
    found = [Finding(kind, severity, message, "rule",  # type: ignore[arg-type]
                     (Evidence(path, start, len(text), text[start:]),))]
    plain = format_text(found, {path: text})
    assert _inert(plain) and "\n" not in plain
    assert _inert(format_github(found, {path: text}))
    # Colour adds the escape sequences it means, and nothing else.
    coloured = re.sub(r"\x1b\[[0-9;]*m", "", format_text(found, {path: text}, color=True))
    assert coloured == plain


JSON_VALUE = st.recursive(
    CELL, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(records=st.lists(st.dictionaries(ANY_TEXT, JSON_VALUE, max_size=4), max_size=4))
def test_json_and_jsonl_round_trip(records: list[dict[str, object]]) -> None:
    listing = Listing({"records": records}, records, [], [])
    dumped = listing.render("json")
    assert json.loads(dumped) == {"records": records}
    lines = listing.render("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == records
    assert _inert(dumped.replace("\n", "")) and _inert(listing.render("jsonl").replace("\n", ""))
