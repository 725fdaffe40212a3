"""Extraction accuracy against human attribution annotations.

The folder holds ``text/<stem>.txt`` and ``attributions/<stem>_<annotator>.ann``
files in brat standoff format (the PolNeAR layout): ``T`` lines are Source, Cue
and Content spans (offsets into the text file, discontinuous parts joined by
``;``), ``E`` lines tie them into one attribution. When an article has several
annotators' files, the first in sorted annotator-id order is used.

What is scored, and how (every figure comes with the counts behind it):

* **Direct quotes.** Gold quotes are the stretches of an annotated Content span
  enclosed in double quotation marks (straight, curly, or the typewriter
  ``''`` pair); pieces of one quotation covered by adjacent Content spans are
  merged. Quotations run at most to the end of their paragraph (a quote left
  open at a paragraph end continues in a new quotation in the next paragraph),
  and predicted quotes are cut at paragraph breaks the same way. Two kinds of
  quoted stretch inside Content are *neutral* (neither required nor
  penalised): title-like ones ("Saturday Night Live") and single-quoted ones.
  Overlap of two spans = shared characters / length of the longer span; gold
  and predicted spans are paired one-to-one, greedily by overlap, and a pair
  counts when its overlap reaches the threshold.
* **Speakers.** For each gold quote matched at the primary threshold whose
  annotated Source holds a proper name (see ``name_head``), the predicted
  speaker must name the same person (``same_speaker``): its surname key (last
  name word, normalised) equals the key of the Source's head name
  (``same_name``; a one-word gold Source such as "Tom" may match any word), or
  the surname of a person name inside the Source span (``source_surnames``).
  The person names of a Source are read part by part — the span is cut at
  commas, dashes, colons, semicolons, parentheses and "and"/"or" — and in
  each part only before its first preposition or relative word ("of", "from",
  "at", "for", "with", "who"...); a part's person name is the run of
  capitalised words that ends it, unless that run is possessive, ends in a
  group word ("a Nevada Democrat") or is all acronyms. So "Sen. Jim Whelan of
  New Mexico" names Whelan (never Mexico), "the director of the F.B.I., James
  B. Comey," names Comey, "Cruz constituent Dan Golvach" names Golvach only,
  and "Phil Berger and House Speaker Tim Moore" names both.
  Pronoun and description Sources ("he", "the spokesman", "a Nevada
  Democrat") are not scored: PolNeAR does not resolve them.
* **Named sources.** Recall of annotated Source spans holding a proper name, in
  direct and indirect attributions (also given apart: attributions whose
  Content holds a double quotation mark, and the others): a predicted source
  of any kind matches when its span overlaps the gold Source span, or when it
  is in the same paragraph and ``same_name`` holds. Precision: the share of
  predicted person, outlet and organisation sources matching any gold Source
  span (named or not) by the same rule.

Only offsets and file stems go into ``EvalReport.as_dict()``; the article text
is read at run time and never stored in a report.
"""

from __future__ import annotations

import bisect
import difflib
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import ingest, pipeline
from ..errors import InputError, UsageError
from ..models import Quote, Skipped, Source
from ..rules import load_data
from ..text import normalize

Frag = tuple[int, int]


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled on first use (never at import time)."""
    return re.compile(pattern)


NAMED_SOURCE_KINDS = ("person", "outlet", "organisation")


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class _Settings:
    thresholds: tuple[float, ...]
    primary: float
    title_max_words: int
    title_small_words: frozenset[str]
    short_words: int
    not_names: frozenset[str]
    groups: frozenset[str]
    titles: frozenset[str]
    suffixes: frozenset[str]
    particles: frozenset[str]
    phrase_openers: frozenset[str]
    top_errors: int
    cue_skip: frozenset[str]


@cache
def _settings() -> _Settings:
    data = load_data("evaluate.toml")
    q, n = data["quotes"], data["names"]
    return _Settings(
        thresholds=tuple(float(t) for t in q["thresholds"]),
        primary=float(q["primary"]),
        title_max_words=int(q["title_max_words"]),
        title_small_words=frozenset(q["title_small_words"]),
        short_words=int(q["short_words"]),
        not_names=frozenset(n["pronouns"]) | frozenset(n["determiners"]) | frozenset(n["calendar"]),
        groups=frozenset(n["groups"]),
        titles=frozenset(t.casefold() for t in n["titles"]),
        suffixes=frozenset(s.casefold() for s in n["suffixes"]),
        particles=frozenset(n["particles"]),
        phrase_openers=frozenset(n["phrase_openers"]),
        top_errors=int(data["report"]["top_errors"]),
        cue_skip=frozenset(data["report"]["cue_skip"]),
    )


# --------------------------------------------------------------------------- brat


@dataclass(frozen=True)
class BratSpan:
    """A text-bound annotation (``T`` line): label and one or more fragments,
    in the order of the file (PolNeAR has a few out of text order)."""

    id: str
    label: str
    fragments: tuple[Frag, ...]
    text: str

    @property
    def start(self) -> int:
        return min(a for a, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(b for _, b in self.fragments)


@dataclass(frozen=True)
class BratEvent:
    """An event (``E`` line): its label and ``(role, span id)`` arguments, the
    trigger first. Repeated roles carry a number (``Content2``)."""

    id: str
    label: str
    args: tuple[tuple[str, str], ...]

    def ids(self, role: str) -> tuple[str, ...]:
        """The span ids filling ``role`` (``Content`` also gives ``Content2``...)."""
        return tuple(t for r, t in self.args if r.rstrip("0123456789") == role)


@dataclass(frozen=True)
class BratDocument:
    """The spans and events of one ``.ann`` file (notes and other lines dropped)."""

    spans: tuple[BratSpan, ...]
    events: tuple[BratEvent, ...]


@cache
def _record_start() -> re.Pattern[str]:
    # A record starts with an id and a tab; a span's text may run over several
    # lines (PolNeAR keeps raw newlines), so other lines continue the record.
    return re.compile(r"\r?\n(?=(?:[TERAMN]\d+|#\d*|\*)\t)")


def parse_brat(raw: str, path: str = "<ann>") -> BratDocument:
    """Parse brat standoff text into spans and events.

    Raises ``InputError`` naming ``path`` for a malformed ``T`` or ``E`` line."""
    spans: list[BratSpan] = []
    events: list[BratEvent] = []
    for record in _record_start().split(raw):
        if not record or record[0] not in "TE":
            continue
        parts = record.split("\t", 2)
        try:
            if record[0] == "T":
                label, offsets = parts[1].split(" ", 1)
                frags = tuple(
                    (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
                )
                if not frags or any(a > b for a, b in frags):
                    raise ValueError("a fragment ends before it starts")
                text = parts[2].rstrip("\r\n") if len(parts) > 2 else ""
                spans.append(BratSpan(parts[0], label, frags, text))
            else:
                fields = parts[1].split()
                args = tuple((role, ref) for role, ref in (f.split(":", 1) for f in fields))
                events.append(BratEvent(parts[0], args[0][0], args))
        except (IndexError, ValueError) as exc:
            line = record.split("\n", 1)[0][:60]
            raise InputError(path, f"malformed annotation line {line!r} ({exc})") from exc
    return BratDocument(tuple(spans), tuple(events))


def check_offsets(doc: BratDocument, text: str) -> str | None:
    """Describe the first span whose recorded text differs from the slice of
    ``text`` its offsets give (fragments joined by a space), or None."""
    for span in doc.spans:
        if span.end > len(text):
            return f"{span.id} ends at {span.end}, beyond the text ({len(text)})"
        joined = " ".join(text[a:b] for a, b in span.fragments)
        if joined != span.text and joined.strip() != span.text.strip():
            return f"{span.id} text differs from the text file at {span.start}-{span.end}"
    return None


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: Source (empty for ``Attribution-no-source``),
    Cue and Content fragments, in text order."""

    id: str
    source: tuple[Frag, ...]
    cue: tuple[Frag, ...]
    content: tuple[Frag, ...]

    @property
    def content_length(self) -> int:
        return sum(b - a for a, b in self.content)


def attributions(doc: BratDocument) -> tuple[GoldAttribution, ...]:
    """The attributions of a document, in event order."""
    by_id = {s.id: s for s in doc.spans}

    def frags(event: BratEvent, role: str) -> tuple[Frag, ...]:
        return tuple(sorted(f for i in event.ids(role) if i in by_id for f in by_id[i].fragments))

    return tuple(
        GoldAttribution(e.id, frags(e, "Source"), frags(e, "Cue"), frags(e, "Content"))
        for e in doc.events
        if e.label.startswith("Attribution")
    )


# --------------------------------------------------------------------------- quotation marks

_OPENERS = "\u201c\u201e\u201f\u00ab"
_CLOSERS = "\u201d\u00bb"
_SINGLE_OPEN = "\u2018\u201b"
_SINGLE_CLOSE = "\u2019"
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
def _paragraph_break() -> re.Pattern[str]:
    return re.compile(r"\n[^\S\n]*\n\s*")


def paragraph_spans(text: str) -> tuple[Frag, ...]:
    """The paragraphs of ``text``: blocks between blank lines."""
    out: list[Frag] = []
    pos = 0
    for m in _paragraph_break().finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if len(text) > pos:
        out.append((pos, len(text)))
    return tuple(out)


@cache
def _double_marks() -> re.Pattern[str]:
    return re.compile("'''|''|[\"" + _OPENERS + _CLOSERS + "]")


def _spacey(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def _direction(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """'open', 'close' or '' (undecided) for a mark at ``[start, end)`` inside
    the paragraph ``[lo, hi)``, from the characters either side."""
    left = text[start - 1] if start > lo else " "
    right = text[end] if end < hi else " "
    opening = (_spacey(left) or left in _BEFORE_OPEN) and not _spacey(right)
    closing = (_spacey(right) or right in _AFTER_CLOSE) and not _spacey(left)
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close"
    return ""


def _glyph_direction(mark: str) -> str:
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
                if _direction(text, start, end, lo, hi) == "open":
                    mark, end = "''", start + 2
                else:
                    mark, start = "''", start + 1
            way = _direction(text, start, end, lo, hi) or _glyph_direction(mark)
            if not way:
                way = "close" if stack else "open"
            if way == "open":
                stack.append((end, mark))
            elif stack:
                inner, opener = stack.pop()
                if not stack:
                    cont = was_open and not any(
                        not _spacey(c) for c in text[lo : inner - len(opener)]
                    )
                    out.append(Stretch(inner, start, opener, mark, cont))
        if stack:
            inner, opener = stack[0]
            cont = was_open and not any(not _spacey(c) for c in text[lo : inner - len(opener)])
            out.append(Stretch(inner, hi, opener, "", cont))
            carried = True
    return tuple(s for s in (_trim_stretch(text, s) for s in out) if s is not None)


def _trim_stretch(text: str, s: Stretch) -> Stretch | None:
    a, b = trim(text, s.start, s.end)
    if not _has_word(text, a, b):
        return None
    return Stretch(a, b, s.open, s.close, s.continued)


@cache
def _single_marks() -> re.Pattern[str]:
    return re.compile("['\u2018\u2019\u201b]")


def single_quoted_stretches(text: str) -> tuple[Frag, ...]:
    """Single-quoted stretches ('like this' or ‘like this’) within one
    paragraph. Apostrophes inside words, marks of a ``''`` pair and elisions
    ('90s) are skipped; an unclosed single quote is dropped."""
    out: list[Frag] = []
    for lo, hi in paragraph_spans(text):
        opened: int | None = None
        for m in _single_marks().finditer(text, lo, hi):
            pos, ch = m.start(), m.group()
            left = text[pos - 1] if pos > lo else " "
            right = text[pos + 1] if pos + 1 < hi else " "
            if (ch == "'" and "'" in (left, right)) or (left.isalnum() and right.isalnum()):
                continue
            way = _direction(text, pos, pos + 1, lo, hi)
            if way == "open" and opened is None:
                if not _rx(r"\d\ds?\b").match(text[pos + 1 : pos + 5]):
                    opened = pos + 1
            elif way == "close" and opened is not None:
                a, b = trim(text, opened, pos)
                if _has_word(text, a, b):
                    out.append((a, b))
                opened = None
    return tuple(out)


_TRIM = " \t\n\r\u00a0\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb"


def trim(text: str, start: int, end: int) -> Frag:
    """Narrow ``[start, end)`` past white space and quotation marks at both ends."""
    while start < end and (text[start] in _TRIM or _spacey(text[start])):
        start += 1
    while end > start and (text[end - 1] in _TRIM or _spacey(text[end - 1])):
        end -= 1
    return start, end


def _has_word(text: str, start: int, end: int) -> bool:
    return any(c.isalnum() for c in text[start:end])


# --------------------------------------------------------------------------- overlap and matching


def overlap(a: Frag, b: Frag) -> float:
    """Shared characters of two spans over the length of the longer one (0..1)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return shared / longer if shared > 0 and longer > 0 else 0.0


def match_spans(
    gold: Sequence[Frag], predicted: Sequence[Frag], threshold: float
) -> tuple[tuple[int, int], ...]:
    """One-to-one pairs ``(gold index, predicted index)`` whose overlap reaches
    ``threshold``, chosen greedily: highest overlap first, ties by position."""
    candidates = sorted(
        (-score, g[0], p[0], gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if (score := overlap(g, p)) >= threshold and score > 0
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return tuple(sorted(pairs))


# --------------------------------------------------------------------------- names


@cache
def _token_re() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_][\w'\u2019\-]*\.?")


_POSSESSIVE = r"['\u2019]s?$"


@cache
def _key(token: str) -> str:
    return normalize(_rx(_POSSESSIVE).sub("", token.rstrip("."))).replace(" ", "")


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence: nothing but white space
    and quotation marks since a full stop, a line break or the text start. A
    stop after a title ("Mr.") or an initial ("J.", "U.S.") ends no sentence."""
    i = start - 1
    while i >= 0 and (text[i] in " \t\u00a0\"'\u2018\u2019\u201c\u201d(" or _spacey(text[i])):
        if text[i] == "\n":
            return True
        i -= 1
    if i < 0 or text[i] in "!?\n":
        return True
    if text[i] != ".":
        return False
    word = _rx(r"([^\W\d_]+)\.?$").search(text[max(0, i - 20) : i])
    if word is None:
        return True
    bare = word.group(1)
    return not (len(bare) == 1 or bare.casefold() in _settings().titles)


def midsentence_capitals(text: str) -> frozenset[str]:
    """Keys of the capitalised words that occur somewhere in ``text`` other
    than at a sentence start: evidence that a sentence-initial word is a name."""
    return frozenset(
        _key(m.group())
        for m in _token_re().finditer(text)
        if m.group()[0].isupper() and not _sentence_initial(text, m.start())
    )


@dataclass(frozen=True)
class NameHead:
    """The head name of a Source span: its first run of capitalised name words
    that is neither possessive ("Trump's") nor a modifier ("Trump supporters")."""

    start: int
    end: int
    key: str
    single: bool = False


def same_name(name: str, head: NameHead) -> bool:
    """Whether a name the pipeline reports names the gold head: same surname
    key; a one-word gold head ("Tom", "Pew") may match any word of the name."""
    if name_key(name) == head.key:
        return True
    return head.single and head.key in {_key(tok) for tok in _token_re().findall(name)}


@cache
def _source_part_break() -> re.Pattern[str]:
    # Where a Source span splits into parts that may each name a person.
    return re.compile(r"\([^()]*\)?|[,;:()\[\]\u2014\u2013]|\s-{1,2}\s|\s(?:and|or|&)\s")


# A lower-case word that opens a modifier of the name before it: the person
# name of a Source part is read before it ("Jim Whelan of New Mexico").
def source_surnames(text: str, frags: Sequence[Frag], mid_caps: frozenset[str]) -> frozenset[str]:
    """The surname keys of the person names inside the Source span ``frags``
    (see the module docstring): one per part of the span, from the run of
    capitalised words that ends the part before any prepositional phrase or
    relative clause."""
    out: set[str] = set()
    for a, b in frags:
        pos = a
        for brk in [*_source_part_break().finditer(text, a, b), None]:
            end = brk.start() if brk is not None else b
            key = _part_surname(text, pos, end, mid_caps)
            if key:
                out.add(key)
            if brk is not None:
                pos = brk.end()
    return frozenset(out)


def _part_surname(text: str, a: int, b: int, mid_caps: frozenset[str]) -> str | None:
    openers = _settings().phrase_openers
    run: list[tuple[str, str]] = []
    prev_end = a
    for m in _token_re().finditer(text, a, b):
        tok = m.group()
        if tok in openers:
            break
        cls = _token_class(tok, _sentence_initial(text, m.start()), mid_caps)
        # Any mark but white space between two words ends a run ("“Scandal” star").
        if text[prev_end : m.start()].strip() or cls == "other":
            run = []
        if cls != "other":
            run.append((tok, cls))
        if _rx(_POSSESSIVE).search(tok):
            run = []  # "Clinton's introducer": the owner is not the person
        prev_end = m.end()
    else:
        if text[prev_end:b].strip(" \t\n\u00a0.\"'\u201c\u201d\u2018\u2019"):
            run = []
    names = [tok for tok, cls in run if cls == "name"]
    if not names or run[-1][1] == "group":
        return None
    if all(t.rstrip(".").isupper() and len(t.rstrip(".")) > 1 for t in names):
        return None  # "CEO", "CBS": acronyms name no person
    return _surname(run)


def same_speaker(name: str, head: NameHead, surnames: frozenset[str]) -> bool:
    """Whether a predicted speaker names the gold Source whose head is
    ``head`` and whose person-name surnames are ``surnames``."""
    return same_name(name, head) or name_key(name) in surnames


def _token_class(token: str, initial: bool, mid_caps: frozenset[str]) -> str:
    """'name', 'join' (title, suffix), 'group' (party, nationality) or
    'other' for one token."""
    s = _settings()
    bare = _rx(_POSSESSIVE).sub("", token.rstrip("."))
    if not bare or not bare[0].isupper():
        return "other"
    if len(bare) == 1 and token.endswith("."):
        return "name"  # an initial ("James A. Lewis", "F.B.I."), even "A." or "I."
    if bare in s.not_names:
        return "other"
    if bare in s.groups:
        return "group"
    if bare.casefold() in s.titles:
        return "join"
    if bare.casefold() in s.suffixes:
        return "join"
    if initial and _key(token) not in mid_caps:
        return "other"
    return "name"


def name_head(text: str, frags: Sequence[Frag], mid_caps: frozenset[str]) -> NameHead | None:
    """The head name of the Source span ``frags`` of ``text``, or None when the
    span holds no proper name (pronouns, descriptions, groups).

    A word counts as a name when capitalised, not in the pronoun, determiner,
    group or title lists, and, at a sentence start, also seen capitalised
    mid-sentence in the article. Runs of such words (titles and particles may
    join them) are read in order; the head is the first run that is not a
    possessive and not followed by a lower-case word (a modifier)."""
    s = _settings()
    for a, b in frags:
        tokens = list(_token_re().finditer(text, a, b))
        runs: list[list[tuple[re.Match[str], str]]] = []
        current: list[tuple[re.Match[str], str]] = []
        for i, m in enumerate(tokens):
            tok = m.group()
            cls = _token_class(tok, _sentence_initial(text, m.start()), mid_caps)
            gap = text[current[-1][0].end() : m.start()] if current else ""
            if current and (gap.strip() or "\n" in gap):
                runs.append(current)
                current = []
            if cls in ("name", "join", "group"):
                current.append((m, cls))
            elif (
                tok in s.particles
                and current
                and i + 1 < len(tokens)
                and _token_class(tokens[i + 1].group(), False, mid_caps) == "name"
            ):
                current.append((m, "join"))
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        for run in runs:
            names = [m for m, cls in run if cls == "name"]
            if not names:
                continue
            last = names[-1]
            # "Trump's aides", "a Nevada Democrat": the name only modifies.
            if _rx(_POSSESSIVE).search(last.group()) or run[-1][1] == "group":
                continue
            after = text[run[-1][0].end() : b]
            nxt = _rx(r"\s+([^\W\d_]+)").match(after)
            if nxt and nxt.group(1)[0].islower() and nxt.group(1) not in s.particles:
                continue
            key = _surname([(m.group(), cls) for m, cls in run]) or _key(last.group())
            return NameHead(run[0][0].start(), run[-1][0].end(), key, len(names) == 1)
    return None


def _surname(tokens: Sequence[tuple[str, str]]) -> str | None:
    """The key of the last name word of ``(token, class)`` pairs, read in the
    part before "of" that holds a name: "Gov. Bill Richardson of New Mexico"
    -> "richardson", "Secretary of State John Kerry" -> "kerry"."""
    part: list[str] = []
    parts = [part]
    for tok, cls in tokens:
        if tok == "of":
            part = []
            parts.append(part)
        elif cls == "name":
            part.append(tok)
    return next((_key(p[-1]) for p in parts if p), None)


@cache
def name_key(name: str) -> str:
    """The surname key of a name as the pipeline reports it, by the rule of
    ``name_head``: "Indiana Gov. Mike Pence" -> "pence"."""
    s = _settings()
    tokens = [
        (
            tok,
            "join"
            if _rx(_POSSESSIVE).sub("", tok.rstrip(".")).casefold() in s.titles | s.suffixes
            else "name",
        )
        for tok in _token_re().findall(name)
    ]
    return _surname(tokens) or normalize(name)


# --------------------------------------------------------------------------- gold quotes


@dataclass(frozen=True)
class GoldQuote:
    """A gold direct quote: the quoted part of annotated Content.

    ``kind`` is ``double`` (scored), ``title`` or ``single`` (neutral)."""

    start: int
    end: int
    kind: str
    stretch: Stretch | None
    attribution: GoldAttribution | None


def _merge_pieces(text: str, pieces: list[Frag]) -> list[Frag]:
    merged: list[Frag] = []
    for a, b in sorted(pieces):
        if merged and not _has_word(text, merged[-1][1], a):
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _owner(seg: Frag, gold: Sequence[GoldAttribution]) -> GoldAttribution | None:
    """The attribution whose Content covers most of ``seg``; among equals the
    innermost (shortest Content), then the first annotated."""
    best: tuple[int, int, int] | None = None
    owner = None
    for n, att in enumerate(gold):
        shared = sum(max(0, min(b, seg[1]) - max(a, seg[0])) for a, b in att.content)
        if shared <= 0:
            continue
        rank = (-shared, att.content_length, n)
        if best is None or rank < best:
            best, owner = rank, att
    return owner


def _title_like(text: str, start: int, end: int) -> bool:
    s = _settings()
    chunk = text[start:end]
    # A title may carry the comma of the sentence around it ("Connect 2030,"),
    # never a sentence's own final mark.
    if _rx(r"[.!?;:]$").search(chunk.rstrip("\"'\u201d\u2019,")):
        return False
    toks = _rx(r"[\w'\u2019\-]+").findall(chunk)
    if not toks or len(toks) > s.title_max_words:
        return False
    return all(t[0].isupper() or t[0].isdigit() or t in s.title_small_words for t in toks) and (
        toks[0][0].isupper() or toks[0][0].isdigit()
    )


def gold_quotes(text: str, gold: Sequence[GoldAttribution]) -> tuple[GoldQuote, ...]:
    """The gold quotes of an article (see the module docstring)."""
    contents = sorted(f for att in gold for f in att.content)
    starts = [a for a, _ in contents]
    out: list[GoldQuote] = []
    doubles = quoted_stretches(text)
    for st in doubles:
        pieces = []
        hi = bisect.bisect_left(starts, st.end)
        for a, b in contents[:hi]:
            lo_, hi_ = max(a, st.start), min(b, st.end)
            if lo_ < hi_:
                pieces.append(trim(text, lo_, hi_))
        for a, b in _merge_pieces(text, [p for p in pieces if _has_word(text, *p)]):
            kind = "title" if _title_like(text, a, b) else "double"
            out.append(GoldQuote(a, b, kind, st, _owner((a, b), gold)))
    for a, b in single_quoted_stretches(text):
        if any(st.start <= a and b <= st.end for st in doubles):
            continue
        inside = sum(max(0, min(y, b) - max(x, a)) for x, y in contents)
        if inside * 2 >= b - a:
            out.append(GoldQuote(a, b, "single", None, _owner((a, b), gold)))
    return tuple(sorted(out, key=lambda g: (g.start, g.end)))


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    quote: Quote


def quote_segments(text: str, found: Iterable[Quote]) -> tuple[_Segment, ...]:
    """Predicted quotes as scored: trimmed of marks and white space and cut at
    paragraph breaks, like the gold quotes."""
    out: list[_Segment] = []
    for q in found:
        pos = q.start
        for m in _paragraph_break().finditer(text, q.start, q.end):
            out.append(_Segment(*trim(text, pos, m.start()), q))
            pos = m.end()
        out.append(_Segment(*trim(text, pos, q.end), q))
    return tuple(
        sorted((s for s in out if _has_word(text, s.start, s.end)), key=lambda s: (s.start, s.end))
    )


# --------------------------------------------------------------------------- report records


@dataclass(frozen=True)
class QuoteScore:
    """Direct-quote detection at one overlap threshold. ``neutral`` counts
    predicted quotes matching a title-like or single-quoted stretch."""

    threshold: float
    true_positives: int
    false_positives: int
    false_negatives: int
    neutral: int

    @property
    def precision(self) -> float | None:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float | None:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "neutral": self.neutral,
        }


@dataclass(frozen=True)
class SpeakerScore:
    """Speaker accuracy on matched gold quotes whose Source holds a name; the
    matched quotes not scored are counted by reason."""

    correct: int
    scored: int
    unnamed_source: int
    no_source: int

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.scored)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accuracy": self.accuracy,
            "correct": self.correct,
            "scored": self.scored,
            "not_scored_unnamed_source": self.unnamed_source,
            "not_scored_no_source": self.no_source,
        }


@dataclass(frozen=True)
class SourceScore:
    """Recall of named gold Source spans (all of them, and those of direct
    quotes: attributions whose Content holds a double quotation mark);
    precision of predicted person, outlet and organisation sources."""

    gold_named: int
    recalled: int
    gold_direct: int
    recalled_direct: int
    predicted: int
    predicted_matching: int

    @property
    def recall(self) -> float | None:
        return _ratio(self.recalled, self.gold_named)

    @property
    def recall_direct(self) -> float | None:
        return _ratio(self.recalled_direct, self.gold_direct)

    @property
    def recall_indirect(self) -> float | None:
        return _ratio(self.recalled - self.recalled_direct, self.gold_named - self.gold_direct)

    @property
    def precision(self) -> float | None:
        return _ratio(self.predicted_matching, self.predicted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "recall": self.recall,
            "recalled": self.recalled,
            "gold_named": self.gold_named,
            "recall_direct": self.recall_direct,
            "recalled_direct": self.recalled_direct,
            "gold_direct": self.gold_direct,
            "recall_indirect": self.recall_indirect,
            "precision": self.precision,
            "predicted_matching": self.predicted_matching,
            "predicted": self.predicted,
        }


@dataclass(frozen=True)
class ErrorCase:
    """One error type: how often it occurred and where first (file stem and
    offsets). ``snippet`` is for terminal display only, never serialised."""

    kind: str
    count: int
    article: str
    start: int
    end: int
    snippet: str = field(default="", compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "count": self.count,
            "example": {"article": self.article, "start": self.start, "end": self.end},
        }


@dataclass(frozen=True)
class EvalReport:
    """Scores of one evaluation run (see the module docstring for definitions)."""

    folder: str
    articles: int
    limit: int | None
    several_annotators: int
    altered_texts: int
    quotes: tuple[QuoteScore, ...]
    speaker: SpeakerScore
    sources: SourceScore
    errors: tuple[ErrorCase, ...]
    skipped: tuple[Skipped, ...] = ()

    def quote_score(self, threshold: float) -> QuoteScore:
        """The quote score at ``threshold`` (UsageError if not evaluated)."""
        for q in self.quotes:
            if abs(q.threshold - threshold) < 1e-9:
                return q
        raise UsageError(f"no quote score at overlap {threshold}")

    def figures(self) -> dict[str, float | None]:
        """The headline figures by the names the floors file uses."""
        out: dict[str, float | None] = {}
        for q in self.quotes:
            tag = f"{round(q.threshold * 100):02d}"
            out[f"quote_precision_{tag}"] = q.precision
            out[f"quote_recall_{tag}"] = q.recall
            out[f"quote_f1_{tag}"] = q.f1
        out["speaker_accuracy"] = self.speaker.accuracy
        out["source_recall"] = self.sources.recall
        out["source_recall_direct"] = self.sources.recall_direct
        out["source_recall_indirect"] = self.sources.recall_indirect
        out["source_precision"] = self.sources.precision
        return out

    def error_families(self) -> dict[str, int]:
        """Error counts by family (the part of each type before its colon)."""
        families: Counter[str] = Counter()
        for e in self.errors:
            families[e.kind.split(":", 1)[0]] += e.count
        return dict(sorted(families.items(), key=lambda kv: (-kv[1], kv[0])))

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "articles": self.articles,
            "limit": self.limit,
            "annotator": "first annotator id in sorted order when an article has several",
            "several_annotators": self.several_annotators,
            "altered_texts": self.altered_texts,
            "figures": self.figures(),
            "quotes": [q.as_dict() for q in self.quotes],
            "speaker": self.speaker.as_dict(),
            "sources": self.sources.as_dict(),
            "error_families": self.error_families(),
            "errors": [e.as_dict() for e in self.errors],
            "skipped": [s.as_dict() for s in self.skipped],
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --------------------------------------------------------------------------- per-article scoring


@dataclass
class _Tally:
    """Counts accumulated over articles (mutable, private to one run)."""

    tp: Counter[float] = field(default_factory=Counter)
    fp: Counter[float] = field(default_factory=Counter)
    fn: Counter[float] = field(default_factory=Counter)
    neutral: Counter[float] = field(default_factory=Counter)
    speaker_correct: int = 0
    speaker_scored: int = 0
    unnamed_source: int = 0
    no_source: int = 0
    gold_named: int = 0
    recalled: int = 0
    gold_direct: int = 0
    recalled_direct: int = 0
    predicted: int = 0
    predicted_matching: int = 0
    errors: dict[str, list[tuple[str, int, int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def error(self, kind: str, article: str, text: str, start: int, end: int) -> None:
        snippet = " ".join(text[start:end].split())
        if len(snippet) > 70:
            snippet = snippet[:67] + "..."
        self.errors[kind].append((article, start, end, snippet))


@dataclass(frozen=True)
class _Context:
    stem: str
    text: str
    paragraphs: tuple[Frag, ...]
    para_starts: tuple[int, ...]
    mid_caps: frozenset[str]

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1


def _score_article(
    stem: str,
    text: str,
    gold: Sequence[GoldAttribution],
    found_quotes: Sequence[Quote],
    found_sources: Sequence[Source],
    tally: _Tally,
) -> None:
    paragraphs = paragraph_spans(text)
    ctx = _Context(
        stem, text, paragraphs, tuple(a for a, _ in paragraphs), midsentence_capitals(text)
    )
    _score_quotes(ctx, gold, found_quotes, tally)
    _score_sources(ctx, gold, found_sources, tally)


def _score_quotes(
    ctx: _Context, gold: Sequence[GoldAttribution], found: Sequence[Quote], tally: _Tally
) -> None:
    s = _settings()
    text = ctx.text
    golds = gold_quotes(text, gold)
    scored = [g for g in golds if g.kind == "double"]
    neutral = [g for g in golds if g.kind != "double"]
    segs = quote_segments(text, found)
    g_spans = [(g.start, g.end) for g in scored]
    p_spans = [(p.start, p.end) for p in segs]
    n_spans = [(g.start, g.end) for g in neutral]
    for threshold in s.thresholds:
        pairs = match_spans(g_spans, p_spans, threshold)
        matched_p = {pi for _, pi in pairs}
        rest = [pi for pi in range(len(segs)) if pi not in matched_p]
        neutral_pairs = match_spans(n_spans, [p_spans[pi] for pi in rest], threshold)
        tally.tp[threshold] += len(pairs)
        tally.fn[threshold] += len(scored) - len(pairs)
        tally.neutral[threshold] += len(neutral_pairs)
        tally.fp[threshold] += len(rest) - len(neutral_pairs)
        if threshold != s.primary:
            continue
        neutral_p = {rest[pi] for _, pi in neutral_pairs}
        matched_g = {gi for gi, _ in pairs}
        for gi, g in enumerate(scored):
            if gi not in matched_g:
                kind = _missed_quote_kind(ctx, g, p_spans, matched_p)
                tally.error(kind, ctx.stem, text, g.start, g.end)
        for pi, seg in enumerate(segs):
            if pi not in matched_p and pi not in neutral_p:
                kind = _spurious_quote_kind(ctx, seg, g_spans, {gi for gi, _ in pairs}, gold)
                tally.error(kind, ctx.stem, text, seg.start, seg.end)
        for gi, pi in pairs:
            _score_speaker(ctx, scored[gi], segs[pi], tally)


def _missed_quote_kind(ctx: _Context, g: GoldQuote, p_spans: Sequence[Frag], used: set[int]) -> str:
    s = _settings()
    touching = [pi for pi, p in enumerate(p_spans) if overlap((g.start, g.end), p) > 0]
    if touching:
        if all(pi in used for pi in touching):
            return "missed quote: merged into a neighbouring quote"
        return "missed quote: boundary mismatch (overlap < threshold)"
    st = g.stretch
    assert st is not None
    if "''" in (st.open, st.close):
        return "missed quote: '' (double apostrophe) marks"
    if not st.close:
        return "missed quote: open at paragraph end (multi-paragraph)"
    if st.continued:
        return "missed quote: last paragraph of a multi-paragraph quote"
    if (
        _glyph_direction(st.open) == "close"
        or _glyph_direction(st.close) == "open"
        or ((st.open == '"') != (st.close == '"'))
    ):
        return "missed quote: mismatched or misdirected marks"
    if ctx.paragraph(g.start) == 0:
        return "missed quote: in the headline"
    if len(ctx.text[g.start : g.end].split()) <= s.short_words:
        return f"missed quote: short fragment (<= {s.short_words} words)"
    family = "straight" if st.open == '"' else "curly"
    return f"missed quote: other ({family} marks)"


def _spurious_quote_kind(
    ctx: _Context,
    seg: _Segment,
    g_spans: Sequence[Frag],
    used: set[int],
    gold: Sequence[GoldAttribution],
) -> str:
    s = _settings()
    text = ctx.text
    touching = [gi for gi, g in enumerate(g_spans) if overlap(g, (seg.start, seg.end)) > 0]
    if touching:
        if all(gi in used for gi in touching):
            return "spurious quote: part of a gold quote matched elsewhere (split)"
        return "spurious quote: boundary mismatch (overlap < threshold)"
    before = text[max(0, seg.start - 3) : seg.start].rstrip()
    if before.endswith(("'", "\u2018")) and not before.endswith("''"):
        return "spurious quote: single-quoted"
    if _title_like(text, seg.start, seg.end):
        return "spurious quote: title-like (Title Case words)"
    if len(text[seg.start : seg.end].split()) <= s.short_words:
        return f"spurious quote: scare quote or term (<= {s.short_words} words)"
    if any(a < seg.end and seg.start < b for att in gold for a, b in att.content):
        return "spurious quote: inside annotated Content, not a gold quotation"
    return "spurious quote: outside any annotated attribution"


def _score_speaker(ctx: _Context, g: GoldQuote, seg: _Segment, tally: _Tally) -> None:
    att = g.attribution
    if att is None or not att.source:
        tally.no_source += 1
        return
    head = name_head(ctx.text, att.source, ctx.mid_caps)
    if head is None:
        tally.unnamed_source += 1
        return
    tally.speaker_scored += 1
    q = seg.quote
    surnames = source_surnames(ctx.text, att.source, ctx.mid_caps)
    if q.speaker is not None and same_speaker(q.speaker, head, surnames):
        tally.speaker_correct += 1
        return
    tally.error(_speaker_error_kind(ctx, g, att, q), ctx.stem, ctx.text, g.start, g.end)


def _speaker_error_kind(ctx: _Context, g: GoldQuote, att: GoldAttribution, q: Quote) -> str:
    gold_para = ctx.paragraph(att.source[0][0])
    quote_para = ctx.paragraph(g.start)
    if q.speaker is None:
        where = (
            "same paragraph"
            if gold_para == quote_para
            else "earlier paragraph"
            if gold_para < quote_para
            else "later paragraph"
        )
        form = "fragment" if q.fragment else "full quote"
        return f"wrong speaker: none given ({form}, gold source in {where})"
    if q.speaker_start is None:
        return "wrong speaker: other name (no position)"
    if g.start <= q.speaker_start < g.end:
        return "wrong speaker: a name inside the quote"
    speaker_para = ctx.paragraph(q.speaker_start)
    if speaker_para < quote_para and gold_para == quote_para:
        return "wrong speaker: carried from an earlier paragraph"
    if speaker_para == quote_para:
        return "wrong speaker: another name in the same paragraph"
    return "wrong speaker: other name elsewhere"


def _score_sources(
    ctx: _Context, gold: Sequence[GoldAttribution], found: Sequence[Source], tally: _Tally
) -> None:
    text = ctx.text
    # One gold Source per annotated span (events may share a Source span).
    by_span: dict[tuple[Frag, ...], GoldAttribution] = {}
    for att in gold:
        if att.source and att.source not in by_span:
            by_span[att.source] = att
    heads = {span: name_head(text, span, ctx.mid_caps) for span in by_span}
    pred_paras = [ctx.paragraph(p.start) for p in found]

    def matches(pi: int, span: tuple[Frag, ...], head: NameHead | None) -> bool:
        p = found[pi]
        if any(a < p.end and p.start < b for a, b in span):
            return True
        return (
            head is not None
            and pred_paras[pi] == ctx.paragraph(span[0][0])
            and same_name(p.name, head)
        )

    for span in sorted(by_span):
        att, head = by_span[span], heads[span]
        if head is None:
            continue
        direct = _is_direct(text, att)
        tally.gold_named += 1
        tally.gold_direct += direct
        if any(matches(pi, span, head) for pi in range(len(found))):
            tally.recalled += 1
            tally.recalled_direct += direct
        else:
            tally.error(_missed_source_kind(ctx, att), ctx.stem, text, span[0][0], span[-1][1])
    for pi, p in enumerate(found):
        if p.kind not in NAMED_SOURCE_KINDS:
            continue
        tally.predicted += 1
        if any(matches(pi, span, heads[span]) for span in by_span):
            tally.predicted_matching += 1
        else:
            cue = f"cue '{normalize(p.cue)}'" if p.cue else "no cue"
            tally.error(f"spurious source: {p.kind} ({cue})", ctx.stem, text, p.start, p.end)


def _missed_source_kind(ctx: _Context, att: GoldAttribution) -> str:
    text = ctx.text
    cue = " ".join(text[a:b] for a, b in att.cue)
    cue_key = normalize(cue)
    around = normalize(text[att.cue[0][0] : att.cue[-1][1] + 40]) if att.cue else ""
    if "according to" in cue_key:
        return "missed source: 'according to'"
    if _rx(r"\b(told|tell|tells|telling)\b").search(cue_key):
        return "missed source: 'told X'"
    if "statement" in around.split()[:6]:
        return "missed source: 'in a statement'"
    if cue.strip() in (":", "-", "--", "\u2014", "\u2013"):
        return "missed source: colon or dash attribution"
    skip = _settings().cue_skip
    first = next((w for w in cue_key.split() if w not in skip), cue_key or "none")
    if att.cue and att.cue[-1][1] <= att.source[0][0]:
        return f"missed source: after the cue ('{first}' X)"
    style = "direct quote" if _is_direct(text, att) else "indirect"
    return f"missed source: {style}, cue '{first}'"


def _is_direct(text: str, att: GoldAttribution) -> bool:
    """Whether an attribution's Content holds a double quotation mark."""
    return any(_rx("[\"\u201c\u201d]|''").search(text[a:b]) for a, b in att.content)


# --------------------------------------------------------------------------- the run


def _annotation_files(folder: Path) -> dict[str, list[Path]]:
    by_stem: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem, sep, _annotator = ann.stem.rpartition("_")
        if sep:
            by_stem[stem].append(ann)
    return by_stem


def _offset_map(src: str, dst: str) -> list[int]:
    """For each offset of ``src`` (and its end), the matching offset of
    ``dst``; used only when ingest changed the text."""
    mapping = [0] * (len(src) + 1)
    matcher = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2 + 1):
            mapping[k] = j1 + (k - i1 if tag == "equal" else min(k - i1, j2 - j1))
    return mapping


def _remap(gold: Sequence[GoldAttribution], mapping: list[int]) -> tuple[GoldAttribution, ...]:
    def f(frags: tuple[Frag, ...]) -> tuple[Frag, ...]:
        return tuple((mapping[a], mapping[b]) for a, b in frags)

    return tuple(GoldAttribution(g.id, f(g.source), f(g.cue), f(g.content)) for g in gold)


def evaluate(folder: Path, *, limit: int | None = None) -> EvalReport:
    """Score quote, speaker and source extraction on an annotated folder
    (``text/*.txt`` and ``attributions/*_<annotator>.ann``).

    ``limit`` evaluates only the first ``limit`` articles in stem order.
    Raises ``UsageError`` when the folder has no ``text`` directory."""
    folder = Path(folder)
    if not (folder / "text").is_dir():
        raise UsageError(f"{folder}: no text/ folder with annotated articles")
    annotations = _annotation_files(folder)
    texts = sorted((folder / "text").glob("*.txt"))
    if limit is not None:
        texts = texts[: max(0, limit)]
    tally = _Tally()
    skipped: list[Skipped] = []
    done = several = altered = 0
    for path in texts:
        stem = path.stem
        anns = annotations.get(stem, [])
        if not anns:
            skipped.append(Skipped(str(path), "no annotation file"))
            continue
        several += len(anns) > 1
        try:
            raw_text = path.read_bytes().decode("utf-8")
            doc = parse_brat(anns[0].read_text(encoding="utf-8"), str(anns[0]))
            problem = check_offsets(doc, raw_text)
            if problem:
                raise InputError(str(anns[0]), problem)
            article = ingest.article_from_text(str(path), raw_text)
        except (OSError, UnicodeDecodeError, InputError) as exc:
            skipped.append(Skipped(str(path), str(exc)))
            continue
        gold = attributions(doc)
        if article.text != raw_text:
            altered += 1
            gold = _remap(gold, _offset_map(raw_text, article.text))
        parsed = pipeline.parse_article(article)
        _score_article(stem, article.text, gold, parsed.quotes, parsed.sources, tally)
        done += 1
    return _report(folder, done, limit, several, altered, tally, skipped)


def _report(
    folder: Path,
    done: int,
    limit: int | None,
    several: int,
    altered: int,
    tally: _Tally,
    skipped: list[Skipped],
) -> EvalReport:
    s = _settings()
    errors = []
    for kind, cases in tally.errors.items():
        first = min(cases)
        errors.append(ErrorCase(kind, len(cases), first[0], first[1], first[2], first[3]))
    errors.sort(key=lambda e: (-e.count, e.kind))
    return EvalReport(
        folder=str(folder),
        articles=done,
        limit=limit,
        several_annotators=several,
        altered_texts=altered,
        quotes=tuple(
            QuoteScore(t, tally.tp[t], tally.fp[t], tally.fn[t], tally.neutral[t])
            for t in s.thresholds
        ),
        speaker=SpeakerScore(
            tally.speaker_correct, tally.speaker_scored, tally.unnamed_source, tally.no_source
        ),
        sources=SourceScore(
            gold_named=tally.gold_named,
            recalled=tally.recalled,
            gold_direct=tally.gold_direct,
            recalled_direct=tally.recalled_direct,
            predicted=tally.predicted,
            predicted_matching=tally.predicted_matching,
        ),
        errors=tuple(errors),
        skipped=tuple(skipped),
    )


# --------------------------------------------------------------------------- output and floors


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_report_table(report: EvalReport, *, snippets: bool = False) -> str:
    """The report as text for a terminal. ``snippets`` adds a short excerpt of
    each error example (article text: for display only, never to commit)."""
    s = _settings()
    lines = [
        f"eval: {report.folder}: {report.articles} articles"
        + (f" (limit {report.limit})" if report.limit is not None else "")
        + f"; {report.several_annotators} with several annotators (first id used)"
        + (
            f"; {report.altered_texts} texts changed by ingest (offsets mapped)"
            if report.altered_texts
            else ""
        ),
        "",
        "Direct quotes (gold: double-quoted parts of annotated Content)",
    ]
    for q in report.quotes:
        lines.append(
            f"  overlap >= {q.threshold:.1f}: P {_fmt(q.precision)}  R {_fmt(q.recall)}  "
            f"F1 {_fmt(q.f1)}   (tp {q.true_positives}, fp {q.false_positives}, "
            f"fn {q.false_negatives}, neutral {q.neutral})"
        )
    sp, so = report.speaker, report.sources
    lines += [
        "",
        f"Speaker accuracy (matched quotes, named gold source): {_fmt(sp.accuracy)}"
        f"   ({sp.correct}/{sp.scored}; not scored: {sp.unnamed_source} pronoun/description"
        f" sources, {sp.no_source} without source)",
        f"Named-source recall: {_fmt(so.recall)}   ({so.recalled}/{so.gold_named}; direct quotes"
        f" {_fmt(so.recall_direct)} ({so.recalled_direct}/{so.gold_direct}), indirect"
        f" {_fmt(so.recall_indirect)} ({so.recalled - so.recalled_direct}/"
        f"{so.gold_named - so.gold_direct}))",
        f"Source precision (person/outlet/organisation): {_fmt(so.precision)}"
        f"   ({so.predicted_matching}/{so.predicted})",
        "",
        "Errors by family: " + ", ".join(f"{k} {v}" for k, v in report.error_families().items()),
        f"Top {min(s.top_errors, len(report.errors))} error types (count, type, first example):",
    ]
    for e in report.errors[: s.top_errors]:
        where = f"{e.article}:{e.start}-{e.end}"
        extra = f"  {e.snippet!r}" if snippets and e.snippet else ""
        lines.append(f"  {e.count:6d}  {e.kind:<62} {where}{extra}")
    for sk in report.skipped:
        lines.append(f"skipped {sk.path}: {sk.reason}")
    return "\n".join(lines) + "\n"


def check_floors(report: EvalReport, floors_path: Path, *, section: str | None = None) -> list[str]:
    """Compare the report's figures with the pinned floors; return one message
    per failure (empty when every figure is at or above its floor).

    The section is ``section``, or the one whose ``folder`` value equals the
    evaluated folder's name. Floors hold for whole folders only: a run with a
    limit, or on a different number of articles, fails."""
    try:
        data = tomllib.loads(Path(floors_path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [f"{floors_path}: cannot read floors ({exc})"]
    name = Path(report.folder).name
    chosen = section or next(
        (k for k in sorted(data) if isinstance(data[k], dict) and data[k].get("folder") == name),
        None,
    )
    if chosen is None or chosen not in data:
        return [f"{floors_path}: no floors section for folder {name!r}"]
    floors = data[chosen]
    failures: list[str] = []
    if report.limit is not None:
        failures.append(f"[{chosen}] floors hold for the whole folder; run without --limit")
    expected = floors.get("articles")
    if expected is not None and expected != report.articles:
        failures.append(f"[{chosen}] expected {expected} articles, evaluated {report.articles}")
    figures = report.figures()
    for key, floor in sorted(floors.items()):
        if key in ("folder", "articles"):
            continue
        if key not in figures:
            failures.append(f"[{chosen}] unknown figure {key!r}")
            continue
        value = figures[key]
        if value is None or value < float(floor):
            failures.append(
                f"[{chosen}] {key} = {_fmt(value)} is below its floor {float(floor):.2f}"
            )
    return failures
