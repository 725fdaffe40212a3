"""Overlap, matching, gold and predicted quotes (audit.eval.scoring)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.eval import (
    attributions,
    gold_quotes,
    match_spans,
    overlap,
    parse_brat,
    quote_segments,
)
from audit.models import Quote

# --------------------------------------------------------------------------- overlap and matching


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (0, 10), 1.0),
        ((0, 10), (10, 20), 0.0),  # touching, nothing shared
        ((0, 10), (20, 30), 0.0),
        ((0, 100), (0, 30), 0.3),  # contained: share of the longer span
        ((0, 10), (5, 15), 0.5),
        ((0, 10), (2, 12), 0.8),
        ((5, 5), (0, 10), 0.0),  # empty span
    ],
)
def test_overlap(a: tuple[int, int], b: tuple[int, int], expected: float) -> None:
    assert overlap(a, b) == pytest.approx(expected)
    assert overlap(b, a) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("gold", "pred", "threshold", "pairs"),
    [
        ([(0, 10)], [(0, 10)], 0.3, [(0, 0)]),
        ([(0, 10)], [(0, 10)], 1.0, [(0, 0)]),  # the threshold is inclusive
        ([(0, 100)], [(0, 29)], 0.3, []),
        ([(0, 100)], [(0, 30)], 0.3, [(0, 0)]),
        # one predicted span covering two gold ones pairs with the better one only
        ([(0, 10), (12, 40)], [(0, 40)], 0.2, [(1, 0)]),
        # greedy by overlap: gold 1 takes pred 0 (0.9) before gold 0 could (0.5)
        ([(0, 18), (1, 11)], [(1, 10)], 0.3, [(1, 0)]),
        ([(0, 10), (20, 30)], [(21, 30), (0, 9)], 0.8, [(0, 1), (1, 0)]),
        ([], [(0, 5)], 0.3, []),
    ],
)
def test_match_spans(
    gold: list[tuple[int, int]],
    pred: list[tuple[int, int]],
    threshold: float,
    pairs: list[tuple[int, int]],
) -> None:
    assert list(match_spans(gold, pred, threshold)) == pairs


spans = st.tuples(st.integers(0, 50), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(spans, max_size=6), st.lists(spans, max_size=6), st.sampled_from([0.3, 0.8]))
def test_matching_is_one_to_one_and_above_threshold(
    gold: list[tuple[int, int]], pred: list[tuple[int, int]], threshold: float
) -> None:
    pairs = match_spans(gold, pred, threshold)
    assert len({g for g, _ in pairs}) == len(pairs) == len({p for _, p in pairs})
    assert all(overlap(gold[g], pred[p]) >= threshold for g, p in pairs)


# --------------------------------------------------------------------------- gold quotes


def _gold(text: str, ann: str) -> list[tuple[str, str, str | None]]:
    atts = attributions(parse_brat(ann))
    out = []
    for g in gold_quotes(text, atts):
        owner = g.attribution.id if g.attribution else None
        out.append((g.kind, text[g.start : g.end], owner))
    return out


def _ann(*rows: tuple[str, str, list[tuple[int, int]]]) -> str:
    """Brat lines for (event id, role, fragments) rows; Source/Cue/Content
    rows of one event id are tied into one E line."""
    lines, events = [], {}
    for n, (event, role, frags) in enumerate(rows, start=1):
        offsets = ";".join(f"{a} {b}" for a, b in frags)
        lines.append(f"T{n}\t{role} {offsets}\tx")
        events.setdefault(event, []).append(f"{role}:T{n}")
    for event, args in events.items():
        lines.append(f"{event}\tAttribution:{args[0].split(':')[1]} " + " ".join(args))
    return "\n".join(lines) + "\n"


def test_gold_quotes_take_quoted_parts_of_content() -> None:
    text = 'Lee said "we will win," and then "we will rebuild." He laughed.'
    ann = _ann(("E1", "Source", [(0, 3)]), ("E1", "Content", [(9, 51)]))
    assert _gold(text, ann) == [
        ("double", "we will win,", "E1"),
        ("double", "we will rebuild.", "E1"),
    ]


def test_gold_quotes_ignore_quotes_outside_content() -> None:
    text = 'The so-called "smart growth" plan, Lee said, "is dead."'
    ann = _ann(("E1", "Source", [(35, 38)]), ("E1", "Content", [(45, 55)]))
    assert [q for _, q, _ in _gold(text, ann)] == ["is dead."]


def test_adjacent_contents_in_one_quotation_merge() -> None:
    text = '"First sentence. Second sentence," Lee said.'
    ann = _ann(("E1", "Content", [(0, 16)]), ("E2", "Content", [(17, 34)]))
    assert _gold(text, ann) == [("double", "First sentence. Second sentence,", "E2")]


def test_innermost_content_owns_a_nested_quote() -> None:
    text = 'Reuters said Lee told aides "we are done."'
    ann = _ann(
        ("E1", "Source", [(0, 7)]),
        ("E1", "Content", [(13, 42)]),
        ("E2", "Source", [(13, 16)]),
        ("E2", "Content", [(28, 42)]),
    )
    assert _gold(text, ann) == [("double", "we are done.", "E2")]


def test_titles_and_single_quotes_are_neutral() -> None:
    text = "Lee said she read \"The Long Commute\" and called it 'rubbish' today."
    ann = _ann(("E1", "Source", [(0, 3)]), ("E1", "Content", [(9, 60)]))
    assert [(k, q) for k, q, _ in _gold(text, ann)] == [
        ("title", "The Long Commute"),
        ("single", "rubbish"),
    ]


def test_predicted_quotes_are_cut_at_paragraph_breaks() -> None:
    text = 'He said: "One.\n\n"Two."'
    quote = Quote(id="q1", article="a", start=10, end=21, text=text[10:21])
    segs = quote_segments(text, [quote])
    assert [text[s.start : s.end] for s in segs] == ["One.", "Two."]
    assert all(s.quote is quote for s in segs)
