"""The shared listing renderer and the options object."""

from __future__ import annotations

import json
from pathlib import Path

from audit.options import Options, build_options
from audit.report.listing import render_listing, to_table


def test_table_aligns_and_cuts_long_cells() -> None:
    rows = [{"name": "Dmitry Peskov", "n": 3}, {"name": "x" * 100, "n": None}]
    lines = to_table(rows, ["name", "n"]).splitlines()
    assert lines[0].startswith("NAME")
    assert lines[1].index("3") == lines[0].index("N", 4)
    assert lines[2].endswith("…  -")
    assert len(lines[2]) < 100


def test_json_listing_is_the_payload() -> None:
    payload = {"query": "q", "matches": [{"text": "“Да”"}]}
    out = render_listing("json", payload, [], [])
    assert json.loads(out) == payload
    assert "“Да”" in out


def test_build_options_merges_group_and_command() -> None:
    opts = build_options({"max_bytes": 10, "quiet": False},
                         {"paths": ["a", "b"], "format": "json", "json_file": "x.json",
                          "output": None, "text": "ignored"})
    assert opts == Options(paths=("a", "b"), output_format="json", max_bytes=10,
                           json_path=Path("x.json"))
