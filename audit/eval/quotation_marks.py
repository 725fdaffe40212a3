"""Paragraphs and quotation marks of an article text, read the same way for
gold and predicted quotes: double- and single-quoted stretches, paragraph
breaks, and trimming of marks and white space at span ends."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .brat import Fragment


@cache
def compiled_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled on first use (never at import time)."""
    return re.compile(pattern)


_OPENERS = "\u201c\u201e\u201f\u00ab"
_CLOSERS = "\u201d\u00bb"
_AFTER_CLOSE = ",.;:!?)]}\u2014\u2013-\u2026"
_BEFORE_OPEN = "([{\u2014\u2013-/"


@dataclass(frozen=True)
class Stretch:
    """The inside of one quotation, within one paragraph.

    ``close`` is empty when the quotation is still open at the paragraph end;
    ``continued`` marks a paragraph that goes on with a quotation left open at
    the end of the previous paragraph."""

    start: int
    end: int
    open: str
    close: str
    continued: bool = False


@cache
def paragraph_break() -> re.Pattern[str]:
    """A blank line (with the white space around it): where paragraphs end."""
    return re.compile(r"\n[^\S\n]*\n\s*")


def paragraph_spans(text: str) -> tuple[Fragment, ...]:
    """The paragraphs of ``text``: blocks between blank lines."""
    out: list[Fragment] = []
    pos = 0
    for m in paragraph_break().finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if len(text) > pos:
        out.append((pos, len(text)))
    return tuple(out)


@cache
def _double_marks() -> re.Pattern[str]:
    return re.compile("'''|''|[\"" + _OPENERS + _CLOSERS + "]")


def is_space_like(ch: str) -> bool:
    """Whether ``ch`` is white space or an invisible format character (Cf)."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def _mark_direction(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """'open', 'close' or '' (undecided) for a mark at ``[start, end)`` inside
    the paragraph ``[lo, hi)``, from the characters either side."""
    left = text[start - 1] if start > lo else " "
    right = text[end] if end < hi else " "
    opening = (is_space_like(left) or left in _BEFORE_OPEN) and not is_space_like(right)
    closing = (is_space_like(right) or right in _AFTER_CLOSE) and not is_space_like(left)
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close"
    return ""


def glyph_direction(mark: str) -> str:
    """'open' or 'close' for a curly or angled double mark, '' for a straight one."""
    if mark[0] in _OPENERS:
        return "open"
    if mark[0] in _CLOSERS:
        return "close"
    return ""


def quoted_stretches(text: str) -> tuple[Stretch, ...]:
    """Every double-quoted stretch of ``text`` (straight, curly or ``''``
    marks), paragraph by paragraph, outermost quotations only.

    A mark's direction comes from its neighbours (space before and a word after
    opens), falling back to its glyph, and for straight marks to whether a
    quotation is open. Nested quotations stay inside the outer one; a
    quotation still open at the paragraph end ends there."""
    out: list[Stretch] = []
    carried = False
    for lo, hi in paragraph_spans(text):
        stack: list[tuple[int, str]] = []
        was_open = carried
        carried = False
        for m in _double_marks().finditer(text, lo, hi):
            mark, start, end = m.group(), m.start(), m.end()
            if mark == "'''":
                # A double mark next to a single one: which side is the double
                # depends on whether this opens (''' 'Tis) or closes.
                if _mark_direction(text, start, end, lo, hi) == "open":
                    mark, end = "''", start + 2
                else:
                    mark, start = "''", start + 1
            way = _mark_direction(text, start, end, lo, hi) or glyph_direction(mark)
            if not way:
                way = "close" if stack else "open"
            if way == "open":
                stack.append((end, mark))
            elif stack:
                inner, opener = stack.pop()
                if not stack:
                    cont = was_open and not any(
                        not is_space_like(c) for c in text[lo : inner - len(opener)]
                    )
                    out.append(Stretch(inner, start, opener, mark, cont))
        if stack:
            inner, opener = stack[0]
            cont = was_open and not any(
                not is_space_like(c) for c in text[lo : inner - len(opener)]
            )
            out.append(Stretch(inner, hi, opener, "", cont))
            carried = True
    return tuple(s for s in (_trim_stretch(text, s) for s in out) if s is not None)


def _trim_stretch(text: str, s: Stretch) -> Stretch | None:
    a, b = trim(text, s.start, s.end)
    if not has_word(text, a, b):
        return None
    return Stretch(a, b, s.open, s.close, s.continued)


@cache
def _single_marks() -> re.Pattern[str]:
    return re.compile("['\u2018\u2019\u201b]")


def single_quoted_stretches(text: str) -> tuple[Fragment, ...]:
    """Single-quoted stretches ('like this' or ‘like this’) within one
    paragraph. Apostrophes inside words, marks of a ``''`` pair and elisions
    ('90s) are skipped; an unclosed single quote is dropped."""
    out: list[Fragment] = []
    for lo, hi in paragraph_spans(text):
        opened: int | None = None
        for m in _single_marks().finditer(text, lo, hi):
            pos, ch = m.start(), m.group()
            left = text[pos - 1] if pos > lo else " "
            right = text[pos + 1] if pos + 1 < hi else " "
            if (ch == "'" and "'" in (left, right)) or (left.isalnum() and right.isalnum()):
                continue
            way = _mark_direction(text, pos, pos + 1, lo, hi)
            if way == "open" and opened is None:
                if not compiled_pattern(r"\d\ds?\b").match(text[pos + 1 : pos + 5]):
                    opened = pos + 1
            elif way == "close" and opened is not None:
                a, b = trim(text, opened, pos)
                if has_word(text, a, b):
                    out.append((a, b))
                opened = None
    return tuple(out)


_TRIMMED_CHARS = " \t\n\r\u00a0\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb"


def trim(text: str, start: int, end: int) -> Fragment:
    """Narrow ``[start, end)`` past white space and quotation marks at both ends."""
    while start < end and (text[start] in _TRIMMED_CHARS or is_space_like(text[start])):
        start += 1
    while end > start and (text[end - 1] in _TRIMMED_CHARS or is_space_like(text[end - 1])):
        end -= 1
    return start, end


def has_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a letter or a digit."""
    return any(c.isalnum() for c in text[start:end])
