"""The per-sentence analysis: the article's words and quoted zones shared by
its sentences (``ArticleContext``), and one sentence with the source phrases
at its cue slots and the sources found in it so far (``Sentence``)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import reduce
from itertools import repeat
from operator import or_
from typing import Any

from ...models import Person, Quote, Span
from .anaphora import PersonReference
from .builders import PHRASE_BUILDERS, build_name
from .grammar import MAX_AHEAD, MAX_PHRASE_WORDS, Grammar, PhraseFamily
from .phrase import KIND_RANK, SourcePhrase, moved

_CAPS_LABEL = re.compile(r"(?m)^[ \t]*([A-Z][A-Z.'’-]*(?:[ \t]+[A-Z][A-Z.'’-]*){0,3})[ \t]*:")


class ArticleContext:
    """What the sentences of one article share, with the article's words
    (tokenised once: per-sentence tokenising cost more than the rules)."""

    def __init__(
        self,
        text: str,
        g: Grammar,
        zones: Sequence[tuple[int, int]],
        refs: Sequence[PersonReference],
        sentences: Sequence[Span],
        people: Sequence[Person],
    ) -> None:
        self.text, self.g = text, g
        self.zones = tuple(zones)
        self.zone_starts = tuple(z[0] for z in zones)
        self.names = tuple((r.start, r.end) for r in refs)
        self.name_starts = tuple(r.start for r in refs)
        self.sentences = sentences
        # map() over the match methods: a loop in C, not in bytecode.
        matches = list(g.token.finditer(text))
        self.starts: list[int] = list(map(re.Match.start, matches))
        self.ends: list[int] = list(map(re.Match.end, matches))
        self.words: list[str] = list(map(re.Match.group, matches))
        # Per word, in C: half the cost of finding the words again in the
        # case-folded article (measured in instructions).
        self.folds: list[str] = list(map(str.casefold, self.words))
        fam = g.family_masks
        self.masks: list[int] = list(map(fam.get, self.folds, repeat(0)))
        # The surname (last word) of each person the people stage found.
        self.surnames: dict[str, str] = {}
        for person in sorted(people, key=lambda p: p.name):
            if person.name.split():
                self.surnames.setdefault(person.name.split()[-1], person.name)
        self._mid_caps: frozenset[str] | None = None
        self._caps_labels: int | None = None
        self.by_tail: dict[int, list[SourcePhrase]] = {}
        self.by_lead: dict[int, list[SourcePhrase]] = {}

    def add_persons(self, persons: Iterable[PersonReference]) -> None:
        """Make the people (and resolved pronouns) source phrases."""
        for r in persons:
            cand = SourcePhrase(
                "person", r.name, r.start, r.end, r.lead, r.end, r.role, object_only=r.object_only
            )
            self.by_tail.setdefault(r.end, []).append(cand)
            for pos in {r.lead, r.start}:
                self.by_lead.setdefault(pos, []).append(cand)

    def quoted(self, pos: int) -> bool:
        """True if ``pos`` is inside quoted text."""
        i = bisect_right(self.zone_starts, pos) - 1
        return i >= 0 and self.zones[i][0] <= pos < self.zones[i][1]

    def quoted_between(self, a: int, b: int) -> bool:
        """True if quoted text overlaps ``[a, b)``."""
        i = bisect_left(self.zone_starts, b) - 1
        return i >= 0 and self.zones[i][1] > a

    def long_quote_between(self, a: int, b: int, limit: int) -> bool:
        """True if quoted text longer than ``limit`` characters overlaps ``[a, b)``
        (a title such as "Going Viral" in an apposition is shorter)."""
        i = bisect_left(self.zone_starts, b) - 1
        while i >= 0 and self.zones[i][1] > a:
            if self.zones[i][1] - self.zones[i][0] > limit:
                return True
            i -= 1
        return False

    def in_name(self, start: int, end: int) -> bool:
        """True if ``[start, end)`` overlaps a person's name the people stage found."""
        i = bisect_left(self.name_starts, end)
        return any(s < end and start < e for s, e in self.names[max(0, i - 3) : i])

    def caps_labels(self) -> int:
        """How many lines open with a label in capitals before a colon ("TAPPER:"
        in a transcript, "KUALA LUMPUR:" in a dateline), counted once."""
        if self._caps_labels is None:
            self._caps_labels = sum(1 for _ in _CAPS_LABEL.finditer(self.text))
        return self._caps_labels

    def mid_caps(self) -> frozenset[str]:
        """Words capitalised somewhere other than at a sentence start: a word
        that opens a sentence is a name only if the article writes it so elsewhere."""
        if self._mid_caps is None:
            caps = Counter([w for w in self.words if w[0].isupper()])
            firsts = Counter(
                self.words[i]
                for s in self.sentences
                if (i := bisect_left(self.starts, s.start)) < len(self.words)
            )
            self._mid_caps = frozenset(w for w, n in caps.items() if n > firsts[w])
        return self._mid_caps


def quote_zones(
    text: str, blocks: Sequence[Span], quotes: Sequence[Quote], g: Grammar
) -> list[tuple[int, int]]:
    """Quoted text, where names and cues belong to the speaker, not the article."""
    raw = [(max(0, q.start - 1), q.end + 1) for q in quotes]
    for b in blocks:
        raw.extend((m.start(), m.end()) for m in g.quote_zone.finditer(text, b.start, b.end))
    raw.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in raw:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


@dataclass
class FoundSource:
    """A source found in one sentence (mutable while the sentence is worked on)."""

    cand: SourcePhrase
    cue_start: int | None
    cue_end: int | None
    via: str | None = None
    channel: bool = False
    citer: bool = False
    chained: bool = True  # takes the sentence's channel as via
    fallback: bool = False  # a citer credited with "citing" only while it has no cue of its own
    credit: bool = False  # the agency or paper the copy comes from ("(Reuters) -", "— AFP")


class Claims:
    """The cue spans a sentence's rules have claimed, in claiming order, also
    kept sorted so that an overlap test reads only the spans near it (a
    sentence of chained cues claims thousands)."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self._sorted: list[tuple[int, int]] = []
        self._longest = 0

    def append(self, span: tuple[int, int]) -> None:
        """Claim ``span``."""
        self.spans.append(span)
        insort(self._sorted, span)
        self._longest = max(self._longest, span[1] - span[0])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.spans)

    def overlaps(self, a: int, b: int) -> bool:
        """True if a claimed span overlaps ``[a, b)``: one that ends after
        ``a`` starts less than the longest claim before it."""
        spans = self._sorted
        for i in range(bisect_right(spans, (a - self._longest, b)), len(spans)):
            s, e = spans[i]
            if s >= b:
                return False
            if a < e:
                return True
        return False


DASHES = "-—–"  # a dash opening a line signs what stands before it
SPACE_AND_QUOTES = " \t\n\"“”'‘’"  # what may stand between a clause and its words


class Sentence:
    """One sentence: its words, the people in it, and the sources found so far."""

    def __init__(
        self,
        ctx: ArticleContext,
        span: Span,
        lo: int,
        hi: int,
        folds: list[str],
        quotes: Sequence[Quote] = (),
    ) -> None:
        """The sentence ``span``: words ``lo..hi`` of the article, ``folds`` their
        case-folded forms (the caller has them already), ``quotes`` the quotes
        whose speaker it names."""
        self.ctx, self.span, self.text, self.g = ctx, span, ctx.text, ctx.g
        self.starts = ctx.starts[lo:hi]
        self.ends = ctx.ends[lo:hi]
        self.words = ctx.words[lo:hi]
        self.folds = folds
        self.masks = ctx.masks[lo:hi]
        self.fold_set = frozenset(self.folds)
        self.quotes = quotes
        # People (and resolved pronouns) by where their phrase ends and starts.
        self.by_tail, self.by_lead = ctx.by_tail, ctx.by_lead
        self.hits: list[FoundSource] = []
        self.claimed = Claims()
        self._hits_by_cand: dict[SourcePhrase, list[FoundSource]] = {}
        self._hit_starts: set[int] = set()
        self._ending: dict[int, list[SourcePhrase]] = {}
        self._starting: dict[int, SourcePhrase | None] = {}
        self._headline: bool | None = None
        self._stops: list[int] | None = None
        self._positions: dict[str, list[int]] | None = None

    def headline(self) -> bool:
        """Whether the sentence is written in title case, like a headline."""
        if self._headline is None:
            alpha = [w for w in self.words if w[:1].isalpha()]
            upper = sum(1 for w in alpha if w[:1].isupper())
            self._headline = len(alpha) >= 3 and upper >= 0.6 * len(alpha)
        return self._headline

    # -- words ---------------------------------------------------------------

    def joined(self, i: int, seq: tuple[str, ...]) -> bool:
        """True if words ``i..`` are ``seq``, separated by white space only."""
        n = len(seq)
        if self.folds[i : i + n] != list(seq):
            return False
        return n == 1 or all(
            not self.text[self.ends[k] : self.starts[k + 1]].strip() for k in range(i, i + n - 1)
        )

    def free(self, a: int, b: int) -> bool:
        """True if ``[a, b)`` is no other cue's and ``a`` is not quoted."""
        return not self.claimed.overlaps(a, b) and not self.ctx.quoted(a)

    def positions(self, fold: str) -> list[int]:
        """The indices of the words folding to ``fold``, in order (indexed once
        per sentence)."""
        if self._positions is None:
            self._positions = {}
            for k, f in enumerate(self.folds):
                self._positions.setdefault(f, []).append(k)
        return self._positions.get(fold, [])

    def triggered(self, lo: int, hi: int) -> int:
        """The families (bit set) whose trigger words are among words ``lo..hi``."""
        return reduce(or_, self.masks[max(0, lo) : hi], 0)

    def index_ending(self, pos: int) -> int | None:
        """Index of the word that ends at ``pos``."""
        i = bisect_right(self.ends, pos) - 1
        return i if i >= 0 and self.ends[i] == pos else None

    def index_at(self, pos: int) -> int | None:
        """Index of the first word at or after ``pos`` (white space skipped)."""
        i = bisect_left(self.starts, pos)
        if i < len(self.starts) and not self.text[pos : self.starts[i]].strip():
            return i
        return None

    # -- phrases at a slot ----------------------------------------------------------

    def ending_at(self, pos: int) -> list[SourcePhrase]:
        """Every source phrase that ends exactly at ``pos`` (longest per family);
        a name no list knows only when nothing else ends there."""
        if pos in self._ending:
            return self._ending[pos]
        found = list(self.by_tail.get(pos, ()))
        i = bisect_right(self.ends, pos)
        if i and self.ends[i - 1] == pos:
            # No phrase runs over a comma or a dash: search from the segment start.
            lo = max(self.starts[max(0, i - MAX_PHRASE_WORDS)], self.segment_start(pos))
            near = self.triggered(i - MAX_PHRASE_WORDS, i)
            for bit, family in enumerate(self.g.families if near else ()):
                if not near >> bit & 1 or not self.triggered(i - family.back, i) >> bit & 1:
                    continue
                cand = self._longest(family, lo, pos)
                if cand is not None:
                    found.append(cand)
            if not found and self.words[i - 1][:1].isupper():
                name = self.g.name_family
                lo = max(self.starts[max(0, i - name.ahead - 1)], self.segment_start(pos))
                cand = self._longest(name, lo, pos)
                if cand is not None:
                    found.append(cand)
        self._ending[pos] = found
        return found

    def _longest(self, family: PhraseFamily, lo: int, pos: int) -> SourcePhrase | None:
        """The longest phrase of ``family`` that starts at a word after ``lo``
        and ends at ``pos``, that its builder accepts."""
        while True:
            m = family.ending.search(self.text, lo, pos)
            if m is None:
                return None
            cand = build_name(self, family, m) if family.build == "name" else None
            if family.build != "name":
                cand = PHRASE_BUILDERS[family.build](self, family, m)
            if cand is not None:
                return cand
            lo = m.start() + 1

    def starting_at(self, pos: int) -> SourcePhrase | None:
        """The longest source phrase that starts at ``pos`` (or after a "the"
        there): the object of a cue ("according to X"), or a clause's subject."""
        text = self.text
        while pos < self.span.end and text[pos].isspace():
            pos += 1
        if pos in self._starting:
            return self._starting[pos]
        found = list(self.by_lead.get(pos, ()))
        the = self.g.the.match(text, pos, self.span.end)
        if the:
            found.extend(self.by_lead.get(the.end(), ()))
        j = bisect_left(self.starts, pos)
        if j + 1 < len(self.starts) and self.folds[j] in self.g.names.honorifics:
            # "Mrs. Clinton": the person the people stage found after the title.
            after = self.by_lead.get(self.starts[j + 1], ())
            if after and not text[self.ends[j] : self.starts[j + 1]].strip(" ."):
                found.extend(moved(c, c.start, c.end, pos, c.tail) for c in after)
        places = [
            (at, j)
            for at in ((pos, the.end()) if the else (pos,))
            if (j := bisect_left(self.starts, at)) < len(self.starts) and self.starts[j] == at
        ]
        near = self.triggered(places[0][1], places[0][1] + MAX_AHEAD) if places else 0
        for bit, family in enumerate(self.g.families if near else ()):
            if not near >> bit & 1:
                continue
            # The longest phrase per family: with its "the" if it has one.
            for at, j in places:
                if not self.triggered(j, j + family.ahead) >> bit & 1:
                    continue
                m = family.pattern.match(text, at, self.span.end)
                cand = PHRASE_BUILDERS[family.build](self, family, m) if m else None
                if cand is not None and (not cand.strict or cand.lead == pos):
                    found.append(cand)
                    break
        if not found:
            # A name no list knows, or one after "the" ("confirmed by the Eagle Forum").
            for at in (pos, the.end()) if the else (pos,):
                if not text[at : at + 1].isupper():
                    continue
                m = self.g.name_family.pattern.match(text, at, self.span.end)
                cand = build_name(self, self.g.name_family, m) if m else None
                if cand is not None and at != pos:
                    cand = moved(cand, cand.start, cand.end, pos, cand.tail)
                if cand is not None:
                    found.append(cand)
                    break
        # "citing Trump's proposed ban": what is cited is the ban, not Trump; and a
        # phrase a builder trimmed ("In U.S. District Court") does not start here.
        found = [
            c
            for c in found
            if not self.ctx.quoted(c.start)
            and text[c.tail : c.tail + 2] not in ("'s", "’s")
            and (c.lead <= pos or (the is not None and c.lead <= the.end()))
        ]
        best = min(found, key=lambda c: (-c.tail, c.lead, KIND_RANK[c.kind], c.name), default=None)
        self._starting[pos] = best
        return best

    def object(self, pos: int) -> SourcePhrase | None:
        """The source phrase right after a cue ending at ``pos`` ("according to X")."""
        return self.starting_at(pos)

    # -- the subject of a verb -------------------------------------------------------

    def segment_start(self, pos: int) -> int:
        """Where the clause segment ending at ``pos`` starts (after a comma,
        dash, bracket or colon)."""
        if self._stops is None:
            rx = self.g.stops
            self._stops = [m.end() for m in rx.finditer(self.text, self.span.start, self.span.end)]
        k = bisect_right(self._stops, pos) - 1
        return self._stops[k] if k >= 0 else self.span.start

    def nearest_before(self, pos: int) -> SourcePhrase | None:
        """The citer of "X, citing Y": the source phrase ending right before
        ``pos``, with only speech verbs and glue words between ("Interfax
        reported on Monday, citing")."""
        g = self.g
        i = bisect_right(self.ends, pos)
        for k in range(i - 1, max(-1, i - 2 - g.cues.citer_gap), -1):
            options = [
                c for c in self.ending_at(self.ends[k]) if c.kind != "vague" and not c.object_only
            ]
            if options:
                return min(options, key=lambda c: (c.lead, KIND_RANK[c.kind], c.name))
            fold = self.folds[k]
            if not (
                fold in g.cues.citer_gap_words
                or fold in g.verbs.forms
                or fold.isdigit()
                or g.clause.glue.fullmatch(self.words[k])
            ):
                return None
        return None

    def add(self, cand: SourcePhrase, cue: tuple[int, int] | None, **flags: Any) -> FoundSource:
        """Record ``cand`` as a source of the sentence, credited by the cue at
        ``cue`` (None: no cue), with ``flags`` set on the hit."""
        hit = FoundSource(cand, cue[0] if cue else None, cue[1] if cue else None, **flags)
        self.hits.append(hit)
        self._hits_by_cand.setdefault(cand, []).append(hit)
        self._hit_starts.add(cand.start)
        return hit

    def hits_of(self, cand: SourcePhrase) -> list[FoundSource]:
        """The hits added so far for ``cand``, in order (read while the cue
        rules run: the chain steps after them rewrite ``hits``)."""
        return self._hits_by_cand.get(cand, [])

    def has_hit_at(self, start: int) -> bool:
        """True if a hit added so far has a phrase starting at ``start``."""
        return start in self._hit_starts
