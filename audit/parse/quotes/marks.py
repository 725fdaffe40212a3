"""Quotation marks: scanning, pairing and nesting, paragraph by paragraph.

Curly, straight and angled marks, „low-high“ pairs and typewriter pairs
(``like this'') are paired within a paragraph; a double quote may nest
another, and a single mark opens a quote only where it clearly delimits one
(else it is an apostrophe: "the Russians’ views", "’til"). A quote still open
at a paragraph end continues when the next paragraph opens with a quote mark,
news style; each paragraph's part is its own ``RawQuote``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ...models import Article, Span

_DOUBLE_OPEN = "“„«‟"
_SINGLE_OPEN = "‘‹‛"
# Every quote mark, straight, curly, angled or low, double or single.
ALL_MARKS = "\"'“”„‟«»‘’‹›‛`"
_BEFORE_OPEN = "([{—–-/:;,"
_AFTER_CLOSE = ".,;:!?)]}—–-…/"
_ELISIONS = frozenset(("em", "til", "tis", "twas", "cause", "n", "s", "round", "bout"))
# Restarts of one paragraph's scan after a single mark proved not to open a quote.
_MAX_RESTARTS = 8


@cache
def _mark_re() -> re.Pattern[str]:
    # Typewriter pairs (``like this'') count as double marks; a lone "`" is
    # no mark. Opening with one character class lets the engine skip to
    # candidates (see ``text._sentence_end_re``): half the scanning time.
    return re.compile(r"[\"'“”„‟«»‘’‹›‛`](?:(?<=`)`|(?<=')'?|(?<![`']))")


@dataclass(frozen=True)
class RawQuote:
    """A quoted stretch of one paragraph: content offsets and the marks."""

    para: int
    start: int
    end: int
    open_pos: int
    close_pos: int | None  # None: open at the paragraph end
    continued: bool = False  # continues a quote left open in the previous paragraph


def is_space(ch: str) -> bool:
    """White space, zero-width spaces and direction marks included."""
    return ch.isspace() or ch in "\u200b\u200e\u200f\ufeff"


def _opens(text: str, pos: int, size: int, lo: int, hi: int) -> bool:
    left = text[pos - 1] if pos > lo else " "
    right = text[pos + size] if pos + size < hi else " "
    return (is_space(left) or left in _BEFORE_OPEN or left in ALL_MARKS) and not is_space(right)


def _closes(text: str, pos: int, size: int, lo: int, hi: int) -> bool:
    left = text[pos - 1] if pos > lo else " "
    right = text[pos + size] if pos + size < hi else " "
    return not is_space(left) and (is_space(right) or right in _AFTER_CLOSE or right in ALL_MARKS)


class _ApostropheRes(NamedTuple):
    word: re.Pattern[str]  # the word after a single mark
    next_letter: re.Pattern[str]  # the first letter after white space


@cache
def _apostrophe_re() -> _ApostropheRes:
    # Compiled once: ``re.match(pattern, ...)`` looks its pattern up at every call.
    return _ApostropheRes(word=re.compile(r"[\w]+"), next_letter=re.compile(r"\s+([^\W\d_])"))


def _single_opens(text: str, pos: int, lo: int, hi: int) -> bool:
    if not _opens(text, pos, 1, lo, hi):
        return False
    m = _apostrophe_re().word.match(text, pos + 1, pos + 8)
    if m is None:
        return False
    word = m.group()
    return not (word[0].isdigit() or word.casefold() in _ELISIONS)


def _single_closes(text: str, pos: int, lo: int, hi: int) -> bool:
    if not _closes(text, pos, 1, lo, hi):
        return False
    right = text[pos + 1] if pos + 1 < hi else " "
    if text[pos - 1] in "sS" and is_space(right):
        # "the Russians’ views": a plural possessive before a lower-case word.
        nxt = _apostrophe_re().next_letter.match(text, pos + 1, pos + 4)
        if nxt and nxt.group(1).islower():
            return False
    return True


def _scan_paragraph(
    text: str, lo: int, hi: int, banned: frozenset[int]
) -> tuple[list[tuple[int, int, int | None, str]], int | None, str | None]:
    """Pair the marks of one paragraph.

    Returns the closed quotes as (open_pos, content_start, close_pos, kind),
    plus the opening position and kind of a quote left open at the end."""
    found: list[tuple[int, int, int | None, str]] = []
    kind: str | None = None
    opener = ""
    open_pos = 0
    depth = 0
    for m in _mark_re().finditer(text, lo, hi):
        pos, mark = m.start(), m.group()
        size = len(mark)
        if kind is None:
            if mark in ("``",) or mark[0] in _DOUBLE_OPEN:
                kind, opener = "double", mark
            elif mark in ('"', "''", "”") and _opens(text, pos, size, lo, hi):
                if mark == "”" and _closes(text, pos, size, lo, hi):
                    continue
                kind, opener = "double", mark
            elif (
                mark in ("'", "‘", "‛", "‹")
                and pos not in banned
                and _single_opens(text, pos, lo, hi)
            ):
                kind, opener = "single", mark
            else:
                continue
            open_pos, depth = pos, 1
            content = pos + size
            continue
        if kind == "double":
            if mark in ("'", "‘", "’", "‛", "‹", "›"):
                continue
            if (
                mark == "“"
                and opener != "„"
                and not (_closes(text, pos, size, lo, hi) and not _opens(text, pos, size, lo, hi))
            ):
                depth += 1  # a nested double quotation
                continue
            if mark == "``":
                depth += 1
                continue
            if mark == "«":
                depth += 1
                continue
            if mark in ('"', "''") and depth > 1 and _opens(text, pos, size, lo, hi):
                depth += 1
                continue
            depth -= 1
            if depth > 0:
                continue
            found.append((open_pos, content, pos, kind))
            kind = None
        else:
            if mark in ("’", "'", "›") and _single_closes(text, pos, lo, hi):
                found.append((open_pos, content, pos, kind))
                kind = None
    if kind is None:
        return found, None, None
    return found, open_pos, kind


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and is_space(text[start]):
        start += 1
    # A comma before the closing mark belongs to the sentence, not the quote.
    while end > start and (is_space(text[end - 1]) or text[end - 1] in ",;"):
        end -= 1
    return start, end


def _starts_with_mark(text: str, span: Span, kind: str) -> bool:
    k = span.start
    while k < span.end and is_space(text[k]):
        k += 1
    if k >= span.end:
        return False
    ch = text[k]
    if kind == "double":
        return ch in _DOUBLE_OPEN or ch == '"' or text.startswith(("``", "''"), k)
    return ch in _SINGLE_OPEN or ch == "'"


def raw_quotes(article: Article) -> list[RawQuote]:
    """Every quoted stretch of ``article``, paragraph by paragraph, in text
    order; single marks that never close are taken for apostrophes."""
    text = article.text
    out: list[RawQuote] = []
    carried = False
    paras = article.paragraphs
    for idx, para in enumerate(paras):
        banned: set[int] = set()
        for _ in range(_MAX_RESTARTS + 1):
            found, left_open, kind = _scan_paragraph(text, para.start, para.end, frozenset(banned))
            if left_open is None or kind != "single":
                break
            nxt = paras[idx + 1] if idx + 1 < len(paras) else None
            if nxt is not None and _starts_with_mark(text, nxt, "single"):
                break
            # A single mark that never closes was an apostrophe: scan again without it.
            banned.add(left_open)
        else:
            left_open = None
        first = True
        for open_pos, content, close_pos, _kind in found:
            out.append(_make_raw(text, idx, open_pos, content, close_pos, carried and first))
            first = False
        if left_open is not None and kind is not None:
            size = 2 if text.startswith(("``", "''"), left_open) else 1
            raw = _make_raw(text, idx, left_open, left_open + size, None, carried and first)
            out.append(raw)
            nxt = paras[idx + 1] if idx + 1 < len(paras) else None
            carried = nxt is not None and _starts_with_mark(text, nxt, kind)
        else:
            carried = False
    return [r for r in out if r.end > r.start and has_word(text, r.start, r.end)]


def _make_raw(
    text: str, para: int, open_pos: int, content: int, close_pos: int | None, continued: bool
) -> RawQuote:
    end = close_pos if close_pos is not None else _para_end(text, content)
    start, stop = _trim(text, content, end)
    return RawQuote(para, start, stop, open_pos, close_pos, continued)


def _para_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl


def has_word(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` holds a letter or digit."""
    return any(c.isalnum() for c in text[start:end])


def sentence_opening(text: str, lo: int, pos: int) -> bool:
    """True if ``pos`` opens a sentence: only white space after the paragraph
    start ``lo``, a sentence stop or a quote mark comes before it."""
    k = pos
    while k > lo and is_space(text[k - 1]):
        k -= 1
    return k == lo or text[k - 1] in ".!?…" or text[k - 1] in ALL_MARKS
