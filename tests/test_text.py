"""Shared text helpers: normalisation, sentences, excerpts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.text import excerpt, normalize, sentence_spans


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("“Ironclad” guarantees…", "ironclad guarantees"),
        ("Ukraine’s   NATO\u00a0bid", "ukraine s nato bid"),
        ("ＮＡＴＯ", "nato"),
        ("«Да»", "да"),
        ("", ""),
    ],
)
def test_normalize(raw: str, key: str) -> None:
    assert normalize(raw) == key


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("He left. She stayed.", ["He left.", "She stayed."]),
        ("U.S. officials met Mr. Smith on Jan. 5. Talks ended.",
         ["U.S. officials met Mr. Smith on Jan. 5.", "Talks ended."]),
        ("“We will win.” He smiled.", ["“We will win.”", "He smiled."]),
        ("First para\n\nSecond para", ["First para", "Second para"]),
        ("Donald J. Trump spoke. Done.", ["Donald J. Trump spoke.", "Done."]),
        ("What now? Nobody knows!", ["What now?", "Nobody knows!"]),
        # Abbreviations not preceded by a space: at the text's start, after a
        # bracket or a quote mark.
        ("Lt. Col. Ray arrived. He sat.", ["Lt. Col. Ray arrived.", "He sat."]),
        ("(Gen. Smith spoke.) Then he left.", ["(Gen. Smith spoke.)", "Then he left."]),
        ("Asked by “Sen. Cruz,” she paused. Fine.", ["Asked by “Sen. Cruz,” she paused.", "Fine."]),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[s.start:s.end] for s in sentence_spans(text)] == sentences


@given(st.text())
def test_sentence_spans_slice_and_order(text: str) -> None:
    spans = list(sentence_spans(text))
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == text[s.start:s.end].strip()


def test_excerpt_marks_cut_context() -> None:
    text = "one two three four five six seven eight nine ten"
    start = text.index("five")
    assert excerpt(text, start, start + 4, context=8) == "…four five six…"
    assert excerpt(text, 0, 3, context=4) == "one two…"
