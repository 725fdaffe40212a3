"""Reading brat annotations and the attributions they hold (audit.eval.brat)."""

from __future__ import annotations

import pytest

from audit.errors import InputError
from audit.eval import (
    attributions,
    check_offsets,
    parse_brat,
)

# --------------------------------------------------------------------------- brat parsing

ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 15;20 24\tabcd wxyz\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "#1\tAnnotatorNotes T3\tcheck this one\n"
    "T5\tContent 30 41\tline one\nline\n"
    "T6\tCue 42 45\tsay\n"
    "T7\tAttribution-no-source 42 45\tsay\n"
    "E2\tAttribution-no-source:T7 Cue:T6 Content:T5 Content2:T3\n"
)


def test_parse_brat_spans_and_events() -> None:
    doc = parse_brat(ANN)
    assert [s.id for s in doc.spans] == ["T1", "T2", "T3", "T4", "T5", "T6", "T7"]
    content = doc.spans[2]
    assert content.fragments == ((11, 15), (20, 24))
    assert (content.start, content.end) == (11, 24)
    assert doc.spans[4].text == "line one\nline"  # a span text running over two lines
    assert doc.events[1].label == "Attribution-no-source"
    assert doc.events[1].ids("Content") == ("T5", "T3")
    assert doc.events[0].ids("Source") == ("T1",)


def test_attributions_collect_fragments_by_role() -> None:
    first, second = attributions(parse_brat(ANN))
    assert first.source == ((0, 5),)
    assert first.cue == ((6, 10),)
    assert first.content == ((11, 15), (20, 24))
    assert second.source == ()
    assert second.content == ((11, 15), (20, 24), (30, 41))
    assert second.content_length == 4 + 4 + 11


def test_parse_brat_keeps_out_of_order_fragments() -> None:
    doc = parse_brat("T1\tContent 10 12;0 2\tkl ab\n")
    assert doc.spans[0].fragments == ((10, 12), (0, 2))
    assert (doc.spans[0].start, doc.spans[0].end) == (0, 12)


@pytest.mark.parametrize(
    "line",
    ["T1\tContent 5\tx\n", "T1\tContent 9 3\tx\n", "T1\tContent a b\tx\n", "E1\tAttribution\n"],
)
def test_parse_brat_rejects_malformed_lines(line: str) -> None:
    with pytest.raises(InputError, match="x.ann"):
        parse_brat(line, "x.ann")


@pytest.mark.parametrize(
    ("ann", "problem"),
    [
        ("T1\tSource 0 5\tSmith\n", None),
        ("T1\tContent 11 15;20 24\tabcd wxyz\n", None),
        ("T1\tSource 0 5\tJones\n", "T1 text differs"),
        ("T1\tSource 0 99\tSmith\n", "beyond the text"),
    ],
)
def test_check_offsets(ann: str, problem: str | None) -> None:
    text = "Smith said abcd12345wxyz"
    found = check_offsets(parse_brat(ann), text)
    assert found is None if problem is None else problem in (found or "")
