"""Renderings: one statement worded so differently in two articles (two
translations, a rewording) that the quote scorer puts the two quotes in
different groups (:func:`link_renderings`).

Two quotes are renderings of one statement when they come from different
articles and groups, share at least ``min_shared`` content-word stems (stop
words and the speaker's name left out), do not give different numbers, and
the Dice of their content stems reaches a bar that depends on who speaks:
``min_score`` when both name one speaker by a cue (surnames that may be
one person's), ``unknown_speaker_min_score`` when one names nobody; two named
speakers who are not one person are never paired (that is a speaker
conflict's case). Candidates are blocked on shared stems, each stem's
postings capped (``max_postings``), so no all-pairs pass. Thresholds live
in ``match.toml`` [renderings] (:mod:`audit.rules.match`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Quote, QuoteGroup
from ..rules.match import RenderingSettings, rendering_settings, reported_settings
from ..text import normalize
from .people import speaker_surname, surnames_agree

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Rendering:
    """Two quotes of different groups that render one statement: ``first``
    (of group ``first_group``) before ``second`` in (article, start) order;
    ``score`` the Dice (0-100) of their content stems, ``shared`` how many
    they share, ``same_speaker`` whether both name one speaker."""

    first: Quote
    second: Quote
    first_group: str
    second_group: str
    score: float
    shared: int
    same_speaker: bool


@dataclass(frozen=True)
class _Unit:
    quote: Quote
    group: str
    surname: str
    stems: frozenset[str]
    numbers: frozenset[str]


def _unit(quote: Quote, group: str, s: RenderingSettings) -> _Unit | None:
    words = normalize(quote.text).split()
    if len(words) < s.min_words:
        return None
    skip = reported_settings().stop_words | set(normalize(quote.speaker or "").split())
    stems = frozenset(w[: s.stem_length] for w in words if w not in skip and len(w) > 1)
    numbers = frozenset(n.replace(",", "") for n in _NUMBER.findall(quote.text))
    # A speaker with no cue (a name merely near the quote) says nobody spoke.
    surname = speaker_surname(quote.speaker) if quote.cue else ""
    return _Unit(quote, group, surname, stems, numbers)


def _pair(a: _Unit, b: _Unit, s: RenderingSettings) -> Rendering | None:
    """The rendering ``a`` and ``b`` make, or None."""
    if a.quote.article == b.quote.article or a.group == b.group:
        return None
    shared = len(a.stems & b.stems)
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return None  # different figures: different statements
    same = bool(a.surname) and bool(b.surname) and surnames_agree(a.surname, b.surname)
    if a.surname and b.surname and not same:
        return None
    score = round(200.0 * shared / (len(a.stems) + len(b.stems)), 2)
    if score < (s.min_score if same else s.unknown_speaker_min_score):
        return None
    first, second = sorted((a, b), key=lambda u: (u.quote.article, u.quote.start, u.quote.id))
    return Rendering(first.quote, second.quote, first.group, second.group, score, shared, same)


def link_renderings(groups: Iterable[QuoteGroup]) -> tuple[Rendering, ...]:
    """The renderings among the members of ``groups``: for each two groups,
    their best-scoring pair of member quotes (the first found on a tie), in
    (article, start) order of the first quote."""
    s = rendering_settings()
    units = [u for g in groups for m in g.members
             if (u := _unit(m.quote, g.id, s)) is not None and u.stems]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        for t in u.stems:
            postings[t].append(i)
    best: dict[tuple[str, str], Rendering] = {}
    for i, u in enumerate(units):
        shared: Counter[int] = Counter()
        for t in u.stems:
            p = postings[t]
            # A stem in more quotes than the cap is too common to block on;
            # an earlier quote is met when the later one is read.
            if len(p) <= s.max_postings:
                shared.update(j for j in p if j < i)
        for j, n in sorted(shared.items()):
            # Shared stems counted on the capped postings: a pair needs
            # min_shared stems that are not common.
            if n < s.min_shared:
                continue
            r = _pair(units[j], u, s)
            if r is None:
                continue
            key = (min(r.first_group, r.second_group), max(r.first_group, r.second_group))
            kept = best.get(key)
            if kept is None or r.score > kept.score:
                best[key] = r
    return tuple(sorted(best.values(), key=lambda r: (
        r.first.article, r.first.start, r.second.article, r.second.start)))
