"""Shared text helpers: normalisation, sentences, excerpts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lines import article_of_lines

from audit.errors import DataError
from audit.rules import text as rules_text
from audit.rules.text import text_rules
from audit.text import article_sentences, excerpt, normalize, sentence_spans, word_count


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
        # Stacked stops and closing marks; a lower-case word after them goes on.
        ("Really?!” she asked. No.", ["Really?!” she asked.", "No."]),
        ("Why?!) Because.", ["Why?!)", "Because."]),
        ("It ended...  Then more.", ["It ended...", "Then more."]),
        ("Stop… Go on.", ["Stop…", "Go on."]),
        # A blank line (even holding spaces) ends a sentence; a single new line does not.
        ("One\n \nTwo", ["One", "Two"]),
        ("A line\nstill the sentence. Next.", ["A line\nstill the sentence.", "Next."]),
        # Full-width stops end a sentence with no space after them, closing
        # brackets and quotes kept with it.
        ("市は発表した。図書館は延長する。", ["市は発表した。", "図書館は延長する。"]),
        ("本当か？「はい。」と答えた。", ["本当か？", "「はい。」", "と答えた。"]),
        ("他说：“我们准备好了！”然后离开。", ["他说：“我们准备好了！”", "然后离开。"]),
        # Stops of other scripts, followed by a space like the Latin ones.
        ("उन्होंने कहा। वह चले गए।", ["उन्होंने कहा।", "वह चले गए।"]),
        ("هل انتهى؟ لا أحد يعرف.", ["هل انتهى؟", "لا أحد يعرف."]),
        ("انہوں نے کہا۔ پھر چلے گئے۔", ["انہوں نے کہا۔", "پھر چلے گئے۔"]),
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


@given(st.text(alphabet=st.sampled_from(list("ab. !?…”)\n")), max_size=80))
def test_article_sentences_are_each_paragraphs_sentences(text: str) -> None:
    article = article_of_lines(text)
    split = article_sentences(article)
    assert len(split.by_paragraph) == len(article.paragraphs)
    for para, sentences in zip(article.paragraphs, split.by_paragraph, strict=True):
        assert list(sentences) == list(sentence_spans(text, para.start, para.end))
        assert all(para.start <= s.start < s.end <= para.end for s in sentences)
    assert split.flat() == [s for para in split.by_paragraph for s in para]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Peskov said no.", 3),
        ("", 0),
        # A run of Chinese or Japanese characters: one word per two characters.
        ("市は発表した。", 3),
        ("图书馆延长开放时间", 5),
        # Mixed with spaced words: each token counts at least once.
        ("Apple社", 1),
        ("iPhone を 販売", 3),
        ("Café owners", 2),
    ],
)
def test_word_count(text: str, count: int) -> None:
    assert word_count(text) == count


def test_excerpt_marks_cut_context() -> None:
    text = "one two three four five six seven eight nine ten"
    start = text.index("five")
    assert excerpt(text, start, start + 4, context=8) == "…four five six…"
    assert excerpt(text, 0, 3, context=4) == "one two…"


def test_text_rules_name_a_missing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules_text, "load_data", lambda name: {})
    text_rules.cache_clear()
    try:
        with pytest.raises(DataError, match=r"text\.toml.*'abbreviations' is missing"):
            text_rules()
    finally:
        monkeypatch.undo()
        text_rules.cache_clear()
