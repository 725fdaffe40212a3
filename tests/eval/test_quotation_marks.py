"""Paragraphs and quoted stretches (audit.eval.quotation_marks)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.eval import (
    paragraph_spans,
    quoted_stretches,
    single_quoted_stretches,
)

# --------------------------------------------------------------------------- quotation marks


def _inner(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quoted_stretches(text)]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ('He said "yes, we can" today.', ["yes, we can"]),
        ("“A,” she said. “B.”", ["A,", "B."]),
        ("''We won,'' he said.", ["We won,"]),
        ("\"He told me 'no' twice,\" she said.", ["He told me 'no' twice,"]),
        ("“The word “fair” is gone,” he said.", ["The word “fair” is gone,"]),
        ("he said, “fine.“ Then he left.", ["fine."]),  # a misdirected closing mark
        ("a stray” mark and no quote", []),
        ("''I said 'no.''' he wrote.", ["I said 'no."]),  # edge marks are trimmed
        ('"One.\n\n"Two," he said.', ["One.", "Two,"]),
        ("It's the voters' choice, not \"ours.\"", ["ours."]),
        ('the ""', []),
        ("", []),
    ],
)
def test_quoted_stretches(text: str, inner: list[str]) -> None:
    assert _inner(text) == inner


def test_quote_open_at_paragraph_end_continues() -> None:
    text = 'She said: "First part.\n\n"Second part.\n\n"Third," she said.'
    first, second, third = quoted_stretches(text)
    assert (first.close, first.continued) == ("", False)
    assert (second.close, second.continued) == ("", True)
    assert (third.close, third.continued) == ('"', True)


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("Trump stirs 'ugliness' again", ["ugliness"]),
        ("It's the voters' choice", []),
        ("the '90s were 'fun' times", ["fun"]),
        ("‘Feel the Bern,’ they said", ["Feel the Bern,"]),
        ("''A double pair,'' he said", []),
        ("an 'unclosed quote", []),
    ],
)
def test_single_quoted_stretches(text: str, inner: list[str]) -> None:
    assert [text[a:b] for a, b in single_quoted_stretches(text)] == inner


def test_paragraph_spans() -> None:
    text = "One\nstill one\n\n  \nTwo\n\nThree\n"
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["One\nstill one", "Two", "Three\n"]


@given(st.text(alphabet="ab \n'\"“”‘’.,", max_size=60))
def test_stretches_are_ordered_spans_of_the_text(text: str) -> None:
    for spans in (
        [(s.start, s.end) for s in quoted_stretches(text)],
        list(single_quoted_stretches(text)),
    ):
        assert all(0 <= a < b <= len(text) for a, b in spans)
        assert spans == sorted(spans)
