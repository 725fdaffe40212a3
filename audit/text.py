"""Text utilities shared by every stage: normalisation before comparison,
sentence boundaries, excerpts. None of them changes the article text itself:
offsets always point into the original."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .models import Article, Span
from .rules.text import text_rules

# Curly and typographic marks folded to ASCII before any comparison.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
        "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u00a0": " ",
    }
)
_NON_WORD = re.compile(r"[^\w\s]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def valid_unicode(text: str) -> str:
    """``text`` with every surrogate code point (a lone ``\\ud800`` from a
    JSON escape or a file name) made U+FFFD, so it encodes as UTF-8; the
    length is kept, so offsets still hold."""
    return _SURROGATE.sub("\ufffd", text)


def fold_marks(text: str) -> str:
    """Curly quotes, dashes, ellipsis and no-break spaces to ASCII (length may change)."""
    return text.translate(_FOLD)


def fold_word(word: str) -> str:
    """A word as lexicons compare it: curly marks folded to ASCII, then
    case-folded (ASCII words, the most, skip the translation)."""
    return word.casefold() if word.isascii() else fold_marks(word).casefold()


def normalize(text: str) -> str:
    """Comparison key: NFKC, case-folded, marks folded, punctuation dropped,
    white space collapsed. rapidfuzz applies no processor by default, so every
    comparison goes through this first."""
    text = fold_marks(unicodedata.normalize("NFKC", text)).casefold()
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return normalize(text).split()


# Runs of the scripts written without spaces between words: Han ideographs
# (with the iteration mark), Hiragana, Katakana and its prolonged sound mark.
_UNSPACED = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def word_count(text: str) -> int:
    """How many words ``text`` holds: its space-separated tokens, where a run
    of Chinese or Japanese characters counts one word per ``chars_per_word``
    characters (rounded up) instead of one for the whole run."""
    count = len(text.split())
    if text.isascii():
        return count
    per = text_rules().chars_per_word
    for m in _UNSPACED.finditer(text):
        count += -(-len(m.group()) // per) - 1
    # A run glued to other characters ("iPhoneを") shares their token: at
    # least one word per token is counted either way.
    return max(count, len(text.split()))


@cache
def _sentence_end_re() -> re.Pattern[str]:
    # A run of stops (the Devanagari danda, the Arabic question mark and the
    # Urdu full stop among them) with closing marks before white space, or a
    # blank line, or a run of full-width stops (Chinese, Japanese: no space
    # follows them) with their closing marks. Written to open with one character class (the
    # branches tell a stop from a new line by looking back at it): the engine
    # then skips to candidate characters instead of trying both branches at
    # every position, which made splitting three times slower.
    return re.compile(
        r"[.!?…\n。！？।؟۔](?:(?<=[.!?…।؟۔])[.!?…।؟۔]*[\"'”’»)\]]*(?=\s+|$)|(?<=\n)\s*\n"
        r"|(?<=[。！？])[。！？]*[」』”’）)]*)"
    )


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Yield the sentences of ``text[start:end]`` as spans of ``text``.

    A full stop after a known abbreviation or a single capital letter (an
    initial) does not end a sentence; a blank line always does."""
    end = len(text) if end is None else end
    pos = start
    for m in _sentence_end_re().finditer(text, start, end):
        mark = m.group()
        if mark[0] == "." and _is_abbreviation(text, pos, m.start()):
            continue
        # A stop followed by a lower-case word is inside the sentence ("U.S. officials").
        if "\n" not in mark and _next_is_lower(text, m.end()):
            continue
        seg_start, seg_end = _strip(text, pos, m.end())
        if seg_end > seg_start:
            yield Span(seg_start, seg_end, "sentence")
        pos = m.end()
    seg_start, seg_end = _strip(text, pos, end)
    if seg_end > seg_start:
        yield Span(seg_start, seg_end, "sentence")


@dataclass(frozen=True)
class Sentences:
    """The sentences of each of an article's paragraphs (``sentence_spans`` of
    each), split once and shared by the parse stages: each splitting them
    again cost as much as some of its rules."""

    by_paragraph: tuple[tuple[Span, ...], ...]

    def flat(self) -> list[Span]:
        """Every sentence, in text order."""
        return [s for para in self.by_paragraph for s in para]


def article_sentences(article: Article) -> Sentences:
    """The sentences of ``article.paragraphs``, paragraph by paragraph."""
    text = article.text
    return Sentences(
        tuple(tuple(sentence_spans(text, p.start, p.end)) for p in article.paragraphs)
    )


def _next_is_lower(text: str, pos: int) -> bool:
    """Whether the first non-space character of the next three is lower case."""
    for ch in text[pos : pos + 3]:
        if not ch.isspace():
            return ch.islower()
    return False


@cache
def _run_re() -> re.Pattern[str]:
    # Word characters (``str.isalnum`` or "_"), dots and apostrophes.
    return re.compile(r"[\w.']*")


def _is_abbreviation(text: str, seg_start: int, dot: int) -> bool:
    # The run of word characters, dots and apostrophes before the stop:
    # usually all that follows the last space in the few characters before
    # it, which two C calls confirm; else found by walking back from the stop
    # (searching the segment from its start cost time in proportion to the
    # sentence at every full stop).
    lo = max(seg_start, dot - 32)
    space = text.rfind(" ", lo, dot)
    i = space + 1 if space != -1 else lo
    if (space == -1 and lo > seg_start) or _run_re().fullmatch(text, i, dot) is None:
        i = dot
        while i > seg_start and (text[i - 1].isalnum() or text[i - 1] in "_.'"):
            i -= 1
    if i == dot:
        return False
    token = text[i:dot].lower().rstrip(".")
    return token in text_rules().abbreviations or (len(token) == 1 and token.isalpha())


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def excerpt(text: str, start: int, end: int, context: int = 60) -> str:
    """The evidence text ``text[start:end]`` with up to ``context`` characters
    either side, cut at word boundaries and marked with ellipses."""
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    # Cut only where the window ends inside a word.
    if lo > 0 and not text[lo - 1].isspace():
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text) and not text[hi].isspace():
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    body = _SPACES.sub(" ", text[lo:hi]).strip()
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
