"""The shared listing renderer and the options object."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from audit.options import Options, build_options
from audit.report.listing import LISTING_FORMATS, Listing, to_table


def test_table_aligns_and_cuts_long_cells_only_to_fit_a_width() -> None:
    rows = [{"name": "Dmitry Peskov", "n": 3}, {"name": "x" * 100, "n": None}]
    lines = to_table(rows, ["name", "n"], width=40).splitlines()
    assert lines[0].startswith("NAME")
    assert lines[1].index("3") == lines[0].index("N", 4)
    assert lines[2].endswith("…  -")
    assert max(map(len, lines)) == 40
    full = to_table(rows, ["name", "n"]).splitlines()
    assert full[2] == "x" * 100 + "  -"


@pytest.mark.parametrize(("widths", "width", "fitted"), [
    ([5, 200], 80, [5, 73]),                # the wide column gives way
    ([60, 60, 3], 80, [36, 36, 3]),         # two wide ones share what is left
    ([7, 10, 300, 9, 300], 100, [7, 10, 33, 9, 33]),
    ([30, 30], 10, [8, 8]),                 # never below the floor, even if too wide
])
def test_table_columns_fit_the_width(widths: list[int], width: int, fitted: list[int]) -> None:
    columns = [f"c{i}" for i in range(len(widths))]
    row = {c: chr(ord("a") + i) * w for i, (c, w) in enumerate(zip(columns, widths, strict=True))}
    header, line = to_table([row], columns, width=width).splitlines()
    got = [len(cell) for cell in line.split("  ")]
    assert got == fitted


@pytest.mark.parametrize(("value", "shown"), [
    (True, "yes"), (False, "no"), (None, "-"), (12.345, "12.3"), ("a\n b\t c", "a b c"),
])
def test_table_cells(value: object, shown: str) -> None:
    assert to_table([{"v": value}], ["v"]).splitlines()[1] == shown


def _listing() -> Listing:
    document = {"query": "q", "matches": [{"text": "“Да”, ok", "score": 91.25, "x": None},
                                          {"text": "=HYPERLINK(\"evil\")", "score": 3.0,
                                           "x": True}]}
    return Listing(document, document["matches"], document["matches"], ["score", "text", "x"])


def test_listing_formats() -> None:
    listing = _listing()
    assert json.loads(listing.render("json")) == listing.document
    assert "“Да”" in listing.render("json")
    lines = listing.render("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == listing.document["matches"]
    assert list(csv.reader(io.StringIO(listing.render("csv")))) == [
        ["score", "text", "x"], ["91.2", "“Да”, ok", ""], ["3.0", "'=HYPERLINK(\"evil\")", "yes"],
    ]
    with pytest.raises(ValueError, match="not one of table, csv, json, jsonl"):
        listing.render("xml")
    assert LISTING_FORMATS == ("table", "csv", "json", "jsonl")


def test_build_options_merges_group_and_command() -> None:
    opts = build_options({"max_bytes": 10, "quiet": False},
                         {"paths": ["a", "b"], "format": "json", "json_file": "x.json",
                          "output": None, "text": "ignored"})
    assert opts == Options(paths=("a", "b"), output_format="json", max_bytes=10,
                           json_path=Path("x.json"))
