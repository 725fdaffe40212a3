"""Matching across articles: quotes worded the same or differently, reported
speech that paraphrases a quote, and one person spelled several ways.

Every comparison of two quotes goes through :func:`compare_quotes`, so grouping,
look-up and a later index agree. Thresholds live in ``audit/data/match.toml``
with a note on how each was calibrated.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any, Literal

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, JaroWinkler, LCSseq, Levenshtein

from ..errors import DataError
from ..models import (
    LookupMatch,
    Mention,
    Person,
    Quote,
    QuoteGroup,
    QuoteMember,
    ReportedLink,
    ReportedSpeech,
    WordDiff,
)
from ..rules import load_data
from ..text import normalize, sentence_spans

Relation = Literal["identical", "excerpt", "extended", "variant", "unrelated"]

# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class _QuoteSettings:
    variant_min_score: float
    short_words: int
    short_min_score: float
    partial_min_words: int
    partial_max_length_ratio: float
    max_chars: int
    stem_length: int
    shingle_size: int
    max_postings: int
    max_candidates: int
    lookup_min_score: float


@dataclass(frozen=True)
class _ReportedSettings:
    min_score: float
    min_shared: int
    stem_length: int
    stop_words: frozenset[str]


@dataclass(frozen=True, eq=False)  # hashed by identity: a cached singleton
class _PeopleSettings:
    surname_min_jw: float
    surname_max_edit_ratio: float
    min_fuzzy_surname: int
    given_min_jw: float
    max_sound_edits: int
    min_spelling_surname: int
    spelling_rules: tuple[tuple[re.Pattern[str], str], ...]
    title_stop_words: frozenset[str]
    masculine_endings: tuple[str, ...]
    feminine_endings: tuple[str, ...]
    particles: frozenset[str]
    suffixes: frozenset[str]
    honorifics: frozenset[str]
    male_honorifics: frozenset[str]
    female_honorifics: frozenset[str]
    given_groups: dict[str, int]


def _section(name: str) -> dict[str, Any]:
    data = load_data("match.toml")
    section = data.get(name) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise DataError("match.toml", f"missing table [{name}]")
    return section


def _get(section: dict[str, Any], table: str, key: str) -> Any:
    if key not in section:
        raise DataError("match.toml", f"missing key {table}.{key}")
    return section[key]


@cache
def _quote_settings() -> _QuoteSettings:
    q, g, lk = _section("quotes"), _section("grouping"), _section("lookup")
    return _QuoteSettings(
        variant_min_score=float(_get(q, "quotes", "variant_min_score")),
        short_words=int(_get(q, "quotes", "short_words")),
        short_min_score=float(_get(q, "quotes", "short_min_score")),
        partial_min_words=int(_get(q, "quotes", "partial_min_words")),
        partial_max_length_ratio=float(_get(q, "quotes", "partial_max_length_ratio")),
        max_chars=int(_get(q, "quotes", "max_chars")),
        stem_length=int(_get(q, "quotes", "stem_length")),
        shingle_size=int(_get(g, "grouping", "shingle_size")),
        max_postings=int(_get(g, "grouping", "max_postings")),
        max_candidates=int(_get(g, "grouping", "max_candidates")),
        lookup_min_score=float(_get(lk, "lookup", "min_score")),
    )


@cache
def _reported_settings() -> _ReportedSettings:
    r = _section("reported")
    return _ReportedSettings(
        min_score=float(_get(r, "reported", "min_score")),
        min_shared=int(_get(r, "reported", "min_shared")),
        stem_length=int(_get(r, "reported", "stem_length")),
        stop_words=frozenset(str(w) for w in _get(r, "reported", "stop_words")),
    )


def _longest_first(endings: Iterable[Any]) -> tuple[str, ...]:
    # "skaya" is tried before "a".
    return tuple(sorted((str(e) for e in endings), key=lambda e: (-len(e), e)))


@cache
def _people_settings() -> _PeopleSettings:
    p = _section("people")
    groups: dict[str, int] = {}
    for i, group in enumerate(_get(p, "people", "given_name_groups")):
        for name in group:
            groups[_fold(str(name))] = i
    return _PeopleSettings(
        surname_min_jw=float(_get(p, "people", "surname_min_jw")),
        surname_max_edit_ratio=float(_get(p, "people", "surname_max_edit_ratio")),
        min_fuzzy_surname=int(_get(p, "people", "min_fuzzy_surname")),
        given_min_jw=float(_get(p, "people", "given_min_jw")),
        max_sound_edits=int(_get(p, "people", "max_sound_edits")),
        min_spelling_surname=int(_get(p, "people", "min_spelling_surname")),
        spelling_rules=tuple(
            (re.compile(str(rule[0])), str(rule[1])) for rule in _get(p, "people", "spelling_rules")
        ),
        title_stop_words=frozenset(str(x) for x in _get(p, "people", "title_stop_words")),
        masculine_endings=_longest_first(_get(p, "people", "masculine_endings")),
        feminine_endings=_longest_first(_get(p, "people", "feminine_endings")),
        particles=frozenset(str(x) for x in _get(p, "people", "particles")),
        suffixes=frozenset(str(x) for x in _get(p, "people", "suffixes")),
        honorifics=frozenset(str(x) for x in _get(p, "people", "honorifics")),
        male_honorifics=frozenset(str(x) for x in _get(p, "people", "male_honorifics")),
        female_honorifics=frozenset(str(x) for x in _get(p, "people", "female_honorifics")),
        given_groups=groups,
    )


# ---------------------------------------------------------------- quote scorer

# An elision mark inside a quote: the pieces either side are compared separately.
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*\.\.\.\s*\]")


@dataclass(frozen=True, slots=True)
class _Key:
    """The comparison form of one quote text."""

    norm: str
    words: tuple[str, ...]
    stems: tuple[str, ...]
    bag: tuple[str, ...]  # the stems sorted: the multiset compared by _similarity
    pieces: tuple[str, ...]


@lru_cache(maxsize=65536)
def _key(text: str) -> _Key:
    s = _quote_settings()
    norm = normalize(text)
    words = tuple(norm.split())
    pieces = tuple(p for p in (normalize(x) for x in _ELLIPSIS.split(text)) if p)
    stems = tuple(w[: s.stem_length] for w in words)
    return _Key(norm, words, stems, tuple(sorted(stems)), pieces)


def _stored_key(text: str, norm: str) -> _Key:
    """:func:`_key` of ``text`` whose normalised form ``norm`` is known (a
    stored quote): normalising is most of a key's cost."""
    if _ELLIPSIS.search(text):
        return _key(text)
    words = tuple(norm.split())
    stems = tuple(map(_stem_of(), words))
    return _Key(norm, words, stems, tuple(sorted(stems)), (norm,) if norm else ())


@cache
def _stem_of() -> Callable[[str], str]:
    """The stem of a word (its first ``stem_length`` letters), as a C-level callable."""
    return itemgetter(slice(0, _quote_settings().stem_length))


def _similarity(norm_a: str, bag_a: Sequence[str], norm_b: str, bag_b: Sequence[str]) -> float:
    """Mean of the character Indel ratio and the Dice of the stem multisets.

    Characters keep word order and forgive spelling ("iron-clad"); the stem
    bag forgives reordered clauses. Either alone mis-scores re-translations.
    The Indel ratio of two sorted sequences is their multiset Dice (the
    longest common subsequence of sorted lists is their intersection)."""
    return (fuzz.ratio(norm_a, norm_b) + fuzz.ratio(bag_a, bag_b)) / 2.0


def _contains(long: str, short: str) -> bool:
    return f" {short} " in f" {long} "


def _contains_pieces(long: _Key, short: _Key) -> bool:
    """``short`` is an elided excerpt of ``long``: each of its pieces between
    ellipses occurs in ``long`` word for word, in order."""
    if len(short.pieces) < 2:
        return False
    hay = f" {long.norm} "
    pos = 0
    for piece in short.pieces:
        found = hay.find(f" {piece} ", pos)
        if found < 0:
            return False
        pos = found + len(piece) + 1
    return True


# Slack for float rounding when a bound is compared with a threshold.
_ROUNDING = 1e-9


def _partial(short: _Key, long: _Key, s: _QuoteSettings, floor: float) -> float:
    """Best score of ``short`` against a word window of ``long`` (0 when it
    provably stays below ``floor``)."""
    if floor > 0:
        # Both halves of the score are 200x/(n+m) for x shared items of n
        # and m; x <= m makes each at most 200x/(n+x), and a window (part of
        # the longer) shares at most what the whole does: the stems of the
        # sorted bags (their multiset intersection) and the characters of
        # the longest common subsequence.
        stems = LCSseq.similarity(short.bag, long.bag)
        chars = LCSseq.similarity(short.norm, long.norm)
        most = 100.0 * (stems / (len(short.bag) + stems) + chars / (len(short.norm) + chars))
        if most < floor - _ROUNDING:
            return 0.0
    align = fuzz.partial_ratio_alignment(short.stems, long.stems)
    if align is None:
        return 0.0
    lo, hi = align.dest_start, align.dest_end
    window = " ".join(long.words[lo:hi])
    return _similarity(short.norm, short.bag, window, sorted(long.stems[lo:hi]))


def _capped(key: _Key, max_chars: int) -> _Key:
    """The first ``max_chars`` characters of a very long quote, in whole words."""
    if len(key.norm) <= max_chars:
        return key
    n = len(key.norm[: max_chars + 1].split()) - 1
    words = key.words[:n]
    return _Key(" ".join(words), words, key.stems[:n], tuple(sorted(key.stems[:n])), ())


def _by_length(a: _Key, b: _Key) -> tuple[_Key, _Key]:
    """The pair shorter first (then by wording), so that scores are symmetric."""
    return (a, b) if (len(a.norm), a.norm) <= (len(b.norm), b.norm) else (b, a)


def _compare(a: _Key, b: _Key, floor: float = 0.0) -> tuple[float, Relation]:
    """:func:`compare_quotes` on keys. With ``floor`` (at most the variant
    threshold), work that cannot lift the score to ``floor`` is skipped: the
    relation is unchanged, but a score below ``floor`` may be reported lower."""
    s = _quote_settings()
    if not a.norm or not b.norm:
        return 0.0, "unrelated"
    if a.norm == b.norm:
        return 100.0, "identical"
    if _contains(a.norm, b.norm) or _contains_pieces(a, b):
        return 100.0, "excerpt"
    if _contains(b.norm, a.norm) or _contains_pieces(b, a):
        return 100.0, "extended"
    # Order the pair by length so the score is symmetric.
    short, long = _by_length(a, b)
    if len(short.words) < s.short_words:
        # 1-3 words: only a spelling difference ("iron-clad") makes a variant,
        # so compare the letters, spaces aside.
        score = round(fuzz.ratio(a.norm.replace(" ", ""), b.norm.replace(" ", "")), 2)
        return score, ("variant" if score >= s.short_min_score else "unrelated")
    # The fuzzy measures are quadratic in length: very long quotes are
    # compared on their beginning (the exact relations above saw all of it).
    if max(len(a.norm), len(b.norm)) > s.max_chars:
        a, b = _capped(a, s.max_chars), _capped(b, s.max_chars)
        short, long = _by_length(a, b)
    score = _similarity(a.norm, a.bag, b.norm, b.bag)
    much_shorter = len(short.norm) <= s.partial_max_length_ratio * len(long.norm)
    if much_shorter and len(short.words) >= s.partial_min_words:
        score = max(score, _partial(short, long, s, floor))
    score = round(score, 2)
    return score, ("variant" if score >= s.variant_min_score else "unrelated")


def compare_quotes(a: str, b: str) -> tuple[float, Relation]:
    """Score (0-100) two quote wordings and say how ``b`` relates to ``a``.

    Relations: ``identical`` (same after :func:`audit.text.normalize`),
    ``excerpt`` (``b`` is word for word a part of ``a``, also across
    ellipses), ``extended`` (``a`` is part of ``b``), ``variant`` (same
    statement with words changed, added, dropped or re-translated) or
    ``unrelated``. Exact relations score 100. Otherwise the score is the mean
    of the character ratio and the word-stem Dice of the two texts, or, when
    one is much shorter, of the shorter against its best word window in the
    longer; when one has fewer than ``short_words`` words, it is the
    character ratio with spaces removed (only a spelling difference makes a
    variant). The score does not depend on the order of ``a`` and ``b``."""
    return _compare(_key(a), _key(b))


class QueryTest:
    """Whether stored quotes match one query at a minimum score, with the
    verdict :func:`lookup` would give (``_compare``'s relation is not
    "unrelated" and its score reaches the minimum).

    An index verifies thousands of candidates for a short or common query,
    most of them far from it: equality, containment, the short-fragment
    ratio and a length bound decide those with C-level string operations;
    only the rest get a comparison key and the full scorer."""

    def __init__(self, query: str, min_score: float) -> None:
        s = _quote_settings()
        self._s = s
        self.key = _key(query)
        self._min = min_score
        # A variant needs both thresholds; exact relations score 100.
        self._variant_min = max(min_score, s.variant_min_score)
        self._padded = f" {self.key.norm} "
        self._bare = self.key.norm.replace(" ", "")
        self._short_min = max(min_score, s.short_min_score)
        # A query with ellipses is matched piece by piece: always the full scorer.
        self._elided = len(self.key.pieces) >= 2

    def matches(self, text: str, norm: str) -> bool:
        """Whether the stored quote ``text`` (normal form ``norm``) matches."""
        q, s = self.key, self._s
        if not norm or not q.norm:
            return False
        if self._elided:
            return self._full(text, norm)
        if norm == q.norm or self._padded in f" {norm} " or f" {norm} " in self._padded:
            return self._min <= 100.0
        # An elided stored quote can be an excerpt of the query piece by piece
        # only if its pieces (joined, its normal form) fit in the query.
        if len(norm) <= len(q.norm) and _ELLIPSIS.search(text):
            return self._full(text, norm)
        n_words = norm.count(" ") + 1
        shorter = (len(norm), norm) < (len(q.norm), q.norm)
        if (n_words if shorter else len(q.words)) < s.short_words:
            # Letters only: a ratio is at most twice the smaller length over
            # the sum of lengths.
            a, b = len(norm) - n_words + 1, len(self._bare)
            if 200.0 * min(a, b) / (a + b) < self._short_min - 0.01:
                return False
            score = round(fuzz.ratio(self._bare, norm.replace(" ", "")), 2)
            return score >= self._short_min
        lo, hi = sorted((len(norm), len(q.norm)))
        fewer, more = sorted((n_words, len(q.words)))
        if hi > s.max_chars or (
            lo <= s.partial_max_length_ratio * hi
            and (n_words if shorter else len(q.words)) >= s.partial_min_words
        ):
            return self._full(text, norm)
        # Without a window comparison the score is the mean of the character
        # ratio and the stem Dice; each is at most twice the smaller size over
        # the sum of sizes (characters, words).
        if 100.0 * (lo / (lo + hi) + fewer / (fewer + more)) < self._variant_min - 0.01:
            return False
        bound = (fuzz.ratio(q.norm, norm) + 200.0 * fewer / (fewer + more)) / 2.0
        if round(bound, 2) < self._variant_min:
            return False
        return self._full(text, norm)

    def _full(self, text: str, norm: str) -> bool:
        score, relation = _compare(self.key, _stored_key(text, norm), self._min)
        return relation != "unrelated" and score >= self._min


# ---------------------------------------------------------------- word diff

_TOKEN = re.compile(r"[^\w\s]*\w(?:[\w'’-]*\w)?[^\w\s]*")


@lru_cache(maxsize=65536)
def _token_key(token: str) -> str:
    return normalize(token)


def _tokens(text: str) -> tuple[list[str], list[str]]:
    shown = _TOKEN.findall(text)
    return shown, [_token_key(t) for t in shown]


def word_diff(a: str, b: str) -> tuple[WordDiff, ...]:
    """Word-level alignment of wording ``a`` to wording ``b``.

    Words keep their attached punctuation for display but are compared by
    their normalised form. The alignment is rapidfuzz's Indel (longest common
    subsequence) over word sequences, which keeps the most words equal;
    adjacent deletions and insertions are then shown as one ``replace``."""
    shown_a, keys_a = _tokens(a)
    shown_b, keys_b = _tokens(b)
    out: list[WordDiff] = []
    pending_a: list[str] = []
    pending_b: list[str] = []

    def flush() -> None:
        if pending_a and pending_b:
            out.append(WordDiff("replace", " ".join(pending_a), " ".join(pending_b)))
        elif pending_a:
            out.append(WordDiff("delete", " ".join(pending_a), ""))
        elif pending_b:
            out.append(WordDiff("insert", "", " ".join(pending_b)))
        pending_a.clear()
        pending_b.clear()

    for op in Indel.opcodes(keys_a, keys_b):
        if op.tag == "equal":
            flush()
            out.append(
                WordDiff(
                    "equal",
                    " ".join(shown_a[op.src_start : op.src_end]),
                    " ".join(shown_b[op.dest_start : op.dest_end]),
                )
            )
        else:
            pending_a.extend(shown_a[op.src_start : op.src_end])
            pending_b.extend(shown_b[op.dest_start : op.dest_end])
    flush()
    return tuple(out)


# ---------------------------------------------------------------- grouping


@lru_cache(maxsize=4096)
def _surname(name: str | None) -> str:
    """The folded surname of a speaker ("Donald Trump Jr." -> "trump")."""
    return _parse_name(name, _people_settings()).surname if name else ""


def _same_speaker(a: Quote, b: Quote) -> bool:
    sa, sb = _surname(a.speaker), _surname(b.speaker)
    return bool(sa) and sa == sb


class _QuoteIndex:
    """Blocking for :func:`group_quotes`: which earlier quotes are worth a
    full comparison with a new one."""

    def __init__(self, s: _QuoteSettings) -> None:
        self.s = s
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_shingle: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.short_exact: dict[tuple[str, ...], list[int]] = defaultdict(list)

    def _shingles(self, key: _Key) -> list[tuple[str, ...]]:
        n, w = self.s.shingle_size, key.words
        return sorted({w[i : i + n] for i in range(len(w) - n + 1)})

    def candidates(self, key: _Key) -> list[int]:
        s, w = self.s, key.words
        found: set[int] = set()
        if self.short_exact:
            # Earlier short quotes contained in this one (any run of fewer
            # than short_words words).
            for n in range(1, min(s.short_words - 1, len(w)) + 1):
                for i in range(len(w) - n + 1):
                    found.update(self.short_exact.get(w[i : i + n], ()))
        if len(w) < s.short_words:
            # A short quote joins only as a part of a member, so every useful
            # candidate holds all its words: the rarest word's postings suffice.
            rarest = min(w, key=lambda x: (len(self.by_word.get(x, ())), x))
            found.update(self.by_word.get(rarest, ()))
            return sorted(found)
        postings = [self.by_shingle[sh] for sh in self._shingles(key) if sh in self.by_shingle]
        usable = [p for p in postings if len(p) <= s.max_postings]
        if not usable and postings:
            usable = [min(postings, key=len)]
        shared: Counter[int] = Counter()
        for p in usable:
            shared.update(p)
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
        found.update(i for i, _ in ranked[: s.max_candidates])
        return sorted(found)

    def add(self, index: int, key: _Key) -> None:
        for w in set(key.words):
            self.by_word[w].append(index)
        if len(key.words) >= self.s.short_words:
            for sh in self._shingles(key):
                self.by_shingle[sh].append(index)
        elif key.words:
            self.short_exact[key.words].append(index)


def _may_join(
    new: _Key, member: _Key, relation: Relation, is_reference: bool, s: _QuoteSettings
) -> bool:
    """May a new quote join a group through this member (``relation`` is the
    new quote's relation to it)?"""
    if relation == "unrelated":
        return False
    if len(new.words) < s.short_words:
        return relation in ("identical", "excerpt")
    covers = relation == "extended" or (
        relation == "variant" and len(member.norm) < s.partial_max_length_ratio * len(new.norm)
    )
    # Containing a part of the reference does not make two statements one.
    return is_reference or not covers


def replaces_reference(
    current_fragment: bool, current_length: int, new_fragment: bool, new_length: int
) -> bool:
    """Does a wording added to a group after its current reference replace
    it? The reference is the longest non-fragment wording (the earlier on a
    tie), else the first; lengths are those of the normalised wordings. The
    one rule of every grouping: in memory, on Dask and in a store."""
    return not new_fragment and (current_fragment or new_length > current_length)


MemberDetail = tuple[float, Relation, tuple[WordDiff, ...]]


@dataclass(frozen=True)
class QuoteGrouping:
    """Quote groups as numbers, ready to store: ``quotes`` in grouping order,
    ``group_of[i]`` the group of ``quotes[i]`` (0, 1, ... in order of first
    member) and ``references[g]`` the index in ``quotes`` of group g's
    reference (its longest non-fragment wording, else its first).
    ``candidates`` pairs were scored; ``verified`` of them passed the score
    and a join rule (on Dask: the rule for joining through a reference)."""

    quotes: tuple[Quote, ...]
    group_of: tuple[int, ...]
    references: tuple[int, ...]
    candidates: int
    verified: int

    def members(self) -> list[list[int]]:
        """Each group's quote indices, in quote order."""
        out: list[list[int]] = [[] for _ in self.references]
        for i, g in enumerate(self.group_of):
            out[g].append(i)
        return out

    def member_pairs(self) -> list[tuple[int, int]]:
        """(reference, member) of every member that is not its group's
        reference, group by group: the order :meth:`groups` reads details in."""
        return [(self.references[g], i) for g, group in enumerate(self.members())
                for i in group if i != self.references[g]]

    def group_ids(self) -> dict[str, str]:
        """Quote id -> group id ("g1", "g2"... as :func:`group_quotes` numbers them)."""
        return {q.id: f"g{g + 1}" for q, g in zip(self.quotes, self.group_of, strict=True)}

    def groups(self, details: Iterable[MemberDetail]) -> tuple[QuoteGroup, ...]:
        """The groups, given each :meth:`member_pairs` member's
        :func:`member_detail` in that order. Group ids "g1", "g2"... in order
        of first member; members[0] is the reference, then quote order."""
        found = iter(details)
        out: list[QuoteGroup] = []
        for g, group in enumerate(self.members()):
            ref = self.references[g]
            built = [QuoteMember(self.quotes[ref], "reference", 100.0)]
            for i in group:
                if i == ref:
                    continue
                score, relation, diff = next(found)
                built.append(QuoteMember(
                    self.quotes[i], "variant" if relation == "unrelated" else relation, score, diff
                ))
            out.append(QuoteGroup(f"g{g + 1}", tuple(built)))
        return tuple(out)


def member_detail(reference: str, member: str) -> MemberDetail:
    """A member's score, relation and word diff to its group's reference."""
    score, relation = _compare(_key(reference), _key(member))
    return score, relation, word_diff(reference, member)


def plan_groups(quotes: Iterable[Quote]) -> QuoteGrouping:
    """The grouping of :func:`group_quotes` as numbers, without the members'
    scores and word diffs (what a store keeps)."""
    s = _quote_settings()
    ordered = tuple(sorted(quotes, key=lambda q: (q.article, q.start, q.end, q.id)))
    keys = [_key(q.text) for q in ordered]
    index = _QuoteIndex(s)
    group_of: list[int] = []
    reference: list[int] = []  # current reference of each group
    candidates = verified = 0
    for i, (quote, key) in enumerate(zip(ordered, keys, strict=True)):
        best: tuple[float, bool, int, int] | None = None
        found = index.candidates(key) if key.norm else []
        candidates += len(found)
        for j in found:
            score, relation = _compare(keys[j], key, s.variant_min_score)
            if not _may_join(key, keys[j], relation, j == reference[group_of[j]], s):
                continue
            verified += 1
            rank = (score, _same_speaker(quote, ordered[j]), -group_of[j], -j)
            if best is None or rank > best:
                best = rank
        if best is None:
            group = len(reference)
            reference.append(i)
        else:
            group = -best[2]
            ref = reference[group]
            if replaces_reference(
                ordered[ref].fragment, len(keys[ref].norm), quote.fragment, len(key.norm)
            ):
                reference[group] = i
        group_of.append(group)
        index.add(i, key)
    return QuoteGrouping(ordered, tuple(group_of), tuple(reference), candidates, verified)


def group_quotes(quotes: Iterable[Quote]) -> tuple[QuoteGroup, ...]:
    """Group the quotes of all articles that give the same statement.

    Quotes are taken in (article, start) order; each joins the group of its
    best-scoring earlier match (score, then same speaker, then earliest
    group), or starts a new group, so a store can add quotes later without
    regrouping. Two rules keep a shared part from gluing different statements
    together: a quote that contains (or nearly contains) an earlier member
    joins through it only if that member is its group's current reference
    (longest wording), and a short fragment (fewer than ``short_words``
    words) joins only as an identical wording or an exact part of a member.
    Group ids are "g1", "g2"... in order of first member; members[0] is the
    reference (the longest non-fragment wording, else the first), and every
    other member carries its relation, score and word diff to it. A member
    that joined through another member and is not itself close to the
    reference is labelled "variant" with its (low) score."""
    plan = plan_groups(quotes)
    return plan.groups(
        member_detail(plan.quotes[ref].text, plan.quotes[i].text)
        for ref, i in plan.member_pairs()
    )


# ---------------------------------------------------------------- look-up


# Among equal scores, a quote holding the whole query comes before one
# holding only part of it.
_LOOKUP_RANK = {"identical": 0, "extended": 1, "excerpt": 2, "variant": 3}


def lookup(
    query: str,
    quotes: Iterable[Quote],
    *,
    min_score: float | None = None,
    limit: int | None = None,
) -> list[LookupMatch]:
    """Every stored quote that matches ``query``, best first.

    A quote matches when :func:`compare_quotes` relates it to the query
    (identical, variant, or one a part of the other) with at least
    ``min_score`` (default: ``lookup.min_score`` in match.toml; a lower value
    does not admit unrelated quotes). ``relation`` describes the stored quote
    against the query: "extended" means the query is a fragment of it,
    "excerpt" that it is a fragment of the query. Each quote is scored on its
    own, so an index that pre-selects candidates returns the same matches.
    Ordered by score (descending), then relation (identical, extended,
    excerpt, variant: on a tie the quote holding the whole query first),
    then article and start."""
    threshold = _quote_settings().lookup_min_score if min_score is None else min_score
    qkey = _key(query)
    found: list[LookupMatch] = []
    for quote in quotes:
        score, relation = _compare(qkey, _key(quote.text), threshold)
        if relation != "unrelated" and score >= threshold:
            found.append(LookupMatch(quote, score, relation))
    found.sort(
        key=lambda m: (
            -m.score,
            _LOOKUP_RANK.get(m.relation, len(_LOOKUP_RANK)),
            m.quote.article,
            m.quote.start,
            m.quote.end,
            m.quote.id,
        )
    )
    return found if limit is None else found[: max(0, limit)]


# ---------------------------------------------------------------- reported speech


def _content_stems(text: str, drop: Iterable[str], s: _ReportedSettings) -> frozenset[str]:
    skip = s.stop_words | {w for d in drop for w in normalize(d).split()}
    return frozenset(
        w[: s.stem_length] for w in normalize(text).split() if w not in skip and len(w) > 1
    )


def _quote_units(text: str, s: _ReportedSettings) -> list[frozenset[str]]:
    """Content stems of a quote and, if it has several, of each sentence: a
    paraphrase often renders one sentence of a long quote."""
    whole = _content_stems(text, (), s)
    sentences = list(sentence_spans(text))
    units = [whole]
    if len(sentences) > 1:
        units.extend(_content_stems(text[sp.start : sp.end], (), s) for sp in sentences)
    return [u for u in units if u]


def _speakers_agree(a: str, b: str) -> bool:
    return _surname_relation(a, b, _people_settings()) in ("same", "spelling", "similar")


@dataclass(frozen=True)
class _OutsideWeights:
    """Stem weights for one (sentence, group) pair: 1 + log((N + 1) / (n + 1)),
    with N the other documents of the run and n those using the stem."""

    df: Counter[str]
    others: int
    group: frozenset[str]
    speech: frozenset[str]

    def weight(self, terms: Iterable[str]) -> float:
        return sum(
            1.0
            + math.log(
                (self.others + 1) / (self.df[t] - (t in self.group) - (t in self.speech) + 1)
            )
            for t in terms
        )


def link_reported(
    groups: Iterable[QuoteGroup], reported: Iterable[ReportedSpeech]
) -> tuple[QuoteGroup, ...]:
    """Attach each reported-speech sentence to the quote group it paraphrases.

    Both sides are reduced to content-word stems (stop words, the speaker's
    name and the cue dropped). The score is a weighted Dice of the sentence
    against a member quote, or one sentence of it; a stem's weight is
    1 + log((N + 1) / (n + 1)), N the other groups and sentences of the run
    and n how many of them use the stem, so story-wide words ("Ukraine")
    count less than the specific ones. A link needs ``reported.min_score``,
    ``reported.min_shared`` shared stems and, when both the sentence and the
    group name a speaker, a surname in common (spelling variants allowed).
    Each sentence goes to its best group (earliest on a tie); a group's links
    are in (article, start) order after any it already had."""
    s = _reported_settings()
    group_list = list(groups)
    speech_list = sorted(reported, key=lambda r: (r.article, r.start, r.end))
    units = [[u for m in g.members for u in _quote_units(m.quote.text, s)] for g in group_list]
    group_stems = [frozenset().union(*us) for us in units]
    speakers = [
        sorted({_surname(m.quote.speaker) for m in g.members if m.quote.speaker} - {""})
        for g in group_list
    ]
    speech_stems = [_content_stems(r.text, (r.speaker or "", r.cue), s) for r in speech_list]
    df: Counter[str] = Counter()
    postings: dict[str, list[int]] = defaultdict(list)
    for gi, stems in enumerate(group_stems):
        df.update(stems)
        for t in stems:
            postings[t].append(gi)
    for stems in speech_stems:
        df.update(stems)
    others = len(group_list) + len(speech_list) - 2

    links: dict[int, list[ReportedLink]] = defaultdict(list)
    for speech, stems in zip(speech_list, speech_stems, strict=True):
        said_by = _surname(speech.speaker)
        shared_count: Counter[int] = Counter()
        for t in stems:
            shared_count.update(postings.get(t, ()))
        best: tuple[float, int] | None = None
        for gi in sorted(g for g, n in shared_count.items() if n >= s.min_shared):
            if (
                said_by
                and speakers[gi]
                and not any(_speakers_agree(said_by, x) for x in speakers[gi])
            ):
                continue

            outside = _OutsideWeights(df, others, group_stems[gi], stems)
            for unit in units[gi]:
                shared = stems & unit
                if len(shared) < s.min_shared:
                    continue
                total = outside.weight(stems) + outside.weight(unit)
                score = round(200.0 * outside.weight(shared) / total, 2)
                if score >= s.min_score and (best is None or score > best[0]):
                    best = (score, gi)
        if best is not None:
            links[best[1]].append(ReportedLink(speech, best[0]))
    return tuple(
        QuoteGroup(g.id, g.members, tuple(g.reported) + tuple(links.get(gi, ())))
        for gi, g in enumerate(group_list)
    )


# ---------------------------------------------------------------- people


@lru_cache(maxsize=65536)  # names and titles recur in every record of a person
def _fold(text: str) -> str:
    """Lower case without diacritics or punctuation ("Erdoğan" -> "erdogan")."""
    decomposed = unicodedata.normalize("NFKD", normalize(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l")


@dataclass(frozen=True)
class _Name:
    given: tuple[str, ...]
    surname: str  # folded, particles joined without spaces ("binsalman")
    canon: str  # the surname after the spelling rules ("zelensky", "kasem")
    suffix: str  # "jr", "sr"... or ""
    gender: str  # "m" or "f" from an honorific ("Mrs."), else ""

    @property
    def key(self) -> tuple[tuple[str, ...], str, str]:
        """What makes two spellings the same spelling (case, diacritics,
        honorifics and punctuation aside)."""
        return (self.given, self.surname, self.suffix)


def _canonical(surname: str, s: _PeopleSettings) -> str:
    for pattern, replacement in s.spelling_rules:
        surname = pattern.sub(replacement, surname)
    return surname


@lru_cache(maxsize=65536)
def _parse_name(name: str, s: _PeopleSettings) -> _Name:
    tokens: list[str] = []
    gender = ""
    for t in _fold(name).split():
        if t in s.male_honorifics:
            gender = gender or "m"
        elif t in s.female_honorifics:
            gender = gender or "f"
        elif t not in s.honorifics:
            tokens.append(t)
    suffix = ""
    if len(tokens) > 1 and tokens[-1] in s.suffixes:
        suffix = tokens.pop()
    if not tokens:
        return _Name((), "", "", suffix, gender)
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in s.particles:
        start -= 1
    surname = "".join(tokens[start:])
    return _Name(tuple(tokens[:start]), surname, _canonical(surname, s), suffix, gender)


def _gendered(a: str, b: str, s: _PeopleSettings) -> bool:
    """``a`` and ``b`` are the masculine and feminine forms of one surname."""
    if a[:3] != b[:3]:
        return False
    for masc, fem in ((a, b), (b, a)):
        for f_end in s.feminine_endings:
            if fem.endswith(f_end):
                stem = fem[: len(fem) - len(f_end)]
                if (
                    len(stem) >= 3
                    and masc.startswith(stem)
                    and masc[len(stem) :] in s.masculine_endings
                ):
                    return True
    return False


@lru_cache(maxsize=65536)
def _metaphone(word: str) -> str:
    return str(jellyfish.metaphone(word)) if word.isalpha() else word


SurnameRelation = Literal["same", "spelling", "similar", "gendered", "different"]


@lru_cache(maxsize=65536)  # each pair of spellings is met many times while merging
def _surname_relation(a: str, b: str, s: _PeopleSettings) -> SurnameRelation:
    """How two folded surnames relate: ``same``; ``spelling`` (equal after the
    spelling rules: Zelensky/Zelenskyy, Qassem/Kassem); ``similar`` (close in
    spelling AND in sound: Witkoff/Wittkopf); ``gendered`` (Navalny/Navalnaya);
    or ``different``."""
    if a == b:
        return "same"
    if _gendered(a, b, s):
        return "gendered"
    ca, cb = _canonical(a, s), _canonical(b, s)
    if ca == cb and len(ca) >= s.min_spelling_surname:
        return "spelling"
    if min(len(a), len(b)) < s.min_fuzzy_surname:
        return "different"
    edits = max(1, int(s.surname_max_edit_ratio * max(len(a), len(b))))
    if (
        JaroWinkler.similarity(a, b) >= s.surname_min_jw
        and Levenshtein.distance(a, b, score_cutoff=edits) <= edits
        and Indel.distance(_metaphone(a), _metaphone(b)) <= s.max_sound_edits
    ):
        return "similar"
    return "different"


GivenRelation = Literal["strong", "weak", "conflict", "unknown"]


def _given_token(x: str, y: str, s: _PeopleSettings) -> GivenRelation:
    if x == y:
        return "strong"
    gx = s.given_groups.get(x)
    if gx is not None and gx == s.given_groups.get(y):
        return "strong"
    if len(x) == 1 or len(y) == 1:
        return "weak" if x[0] == y[0] else "conflict"
    if (
        x[0] == y[0]
        and JaroWinkler.similarity(x, y) >= s.given_min_jw
        and _metaphone(x) == _metaphone(y)
    ):
        return "weak"
    return "conflict"


def _given_relation(a: _Name, b: _Name, s: _PeopleSettings) -> GivenRelation:
    """``strong``: equal or a known short form/transliteration; ``weak``: an
    initial or a close spelling that sounds the same (Sergey/Sergei);
    ``conflict``; ``unknown`` when one side has no given name. Middle names
    count only when both sides have them (George W. vs George H. W.)."""
    if not a.given or not b.given:
        return "unknown"
    first = _given_token(a.given[0], b.given[0], s)
    middle_a, middle_b = a.given[1:], b.given[1:]
    if (
        middle_a
        and middle_b
        and (
            len(middle_a) != len(middle_b)
            or any(
                _given_token(x, y, s) == "conflict" for x, y in zip(middle_a, middle_b, strict=True)
            )
        )
    ):
        return "conflict"
    return first


def _may_merge(a: _Name, b: _Name, s: _PeopleSettings) -> bool:
    """May two spellings name one person, on the names alone?"""
    if a.gender and b.gender and a.gender != b.gender:
        return False
    if a.suffix != b.suffix:  # "Trump Jr." is neither "Donald Trump" nor "Trump"
        return False
    surname = _surname_relation(a.surname, b.surname, s)
    given = _given_relation(a, b, s)
    if surname == "different" or given == "conflict":
        return False
    if surname in ("same", "spelling"):
        return True
    # A surname that is only close (or its gendered form) needs given names
    # that agree outright: one uncertain part per match, never two.
    return given == "strong"


def _block_keys(name: _Name) -> set[str]:
    return {"c:" + name.canon[:3], "m:" + _metaphone(name.surname)[:3]}


def surnames_related(a: str, b: str) -> bool:
    """May the spellings ``a`` and ``b`` share a person by their surnames
    (the same, a spelling variant, close, or gendered forms)? Every member of
    a :func:`group_people` person has this relation to every other, except
    a bare surname attached by a shared title, which still has a close one."""
    s = _people_settings()
    sa, sb = _parse_name(a, s).surname, _parse_name(b, s).surname
    return bool(sa) and bool(sb) and _surname_relation(sa, sb, s) != "different"


def name_keys(name: str) -> tuple[str, ...]:
    """The blocking keys :func:`group_people` compares the spelling ``name``
    under (surname prefix after the spelling rules, and its sound), sorted;
    empty for a name without a surname. Two spellings that share no key are
    never compared directly, so a store can fetch the records one name may
    merge with by these keys."""
    parsed = _parse_name(name, _people_settings())
    return tuple(sorted(_block_keys(parsed))) if parsed.surname else ()


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        # The smaller root stays root, so results do not depend on call order.
        self.parent[max(ri, rj)] = min(ri, rj)


def _mention_key(m: Mention) -> tuple[str, int, int, str]:
    return (m.article, m.start, m.end, m.text)


def _record_key(p: Person) -> tuple[str, int, str]:
    first = min(p.mentions, key=_mention_key, default=None)
    return (first.article, first.start, p.name) if first else ("", 0, p.name)


def _title_words(titles: Iterable[str], s: _PeopleSettings) -> set[str]:
    return {w for t in titles for w in _fold(t).split()} - s.title_stop_words


class _PeopleClusters:
    """Spellings (nodes) merged into people with complete linkage: two
    clusters join only if every pair across them may be one person, so
    "J. Smith" cannot chain "John Smith" to "Jane Smith"."""

    def __init__(self, names: Sequence[_Name], s: _PeopleSettings) -> None:
        self.names, self.s = names, s
        self.uf = _UnionFind(len(names))
        self.members: dict[int, list[int]] = {n: [n] for n in range(len(names))}

    def root(self, node: int) -> int:
        return self.uf.find(node)

    def fits(self, node: int, root: int) -> bool:
        return all(_may_merge(self.names[node], self.names[m], self.s) for m in self.members[root])

    def join(self, x: int, y: int, *, check: bool = True) -> bool:
        rx, ry = self.root(x), self.root(y)
        if rx == ry:
            return True
        if check and not all(self.fits(m, ry) for m in self.members[rx]):
            return False
        self.uf.union(rx, ry)
        keep, gone = min(rx, ry), max(rx, ry)
        self.members[keep].extend(self.members.pop(gone))
        return True


def group_people(people: Iterable[Person]) -> tuple[Person, ...]:
    """Merge per-article people into one Person per real person.

    Spellings are blocked by surname (after spelling rules) and its sound
    (metaphone prefix), so no all-pairs pass. Two full names merge when the
    surnames are the same or differ only by the spelling rules (Zelensky /
    Zelenskyy) and the given names do not conflict, or when the surnames are
    merely close in spelling and sound (Witkoff/Wittkopf) and the given names
    agree outright. A gendered surname pair (Navalny/Navalnaya) needs agreeing
    given names; different given names (Hillary/Bill), middle initials,
    suffixes (Jr.) or honorific genders (Mr./Mrs.) keep people apart. Merging
    is complete-linkage. A surname-only spelling joins the one full-name
    person its surname fits (a close surname needs a shared title word; an
    ambiguous surname is settled by titles, else left alone). Output: name =
    most frequent of the fullest spellings (ties alphabetical); variants =
    distinct spellings (case, diacritics, honorifics aside; a bare surname
    already in a full name left out) by frequency then alphabetically;
    mentions by (article, start); titles in order of first appearance.
    People are returned sorted by name."""
    return group_people_counted((p, 1) for p in people)


def group_people_counted(people: Iterable[tuple[Person, int]]) -> tuple[Person, ...]:
    """:func:`group_people` of records each standing for ``n`` records (the
    same name, variants and titles; its mentions stand for theirs): a large
    archive gives one record per stored spelling with its count, and the
    choice of each person's name and spellings weighs the counts."""
    s = _people_settings()
    counted = sorted(people, key=lambda pn: _record_key(pn[0]))
    records = [p for p, _ in counted]
    weight = {id(p): n for p, n in counted}
    names: list[_Name] = []
    node_of_key: dict[tuple[tuple[str, ...], str, str, str], int] = {}
    node_of_record: list[int] = []
    for p in records:
        parsed = _parse_name(p.name, s)
        node_key = (*parsed.key, parsed.gender)
        if node_key not in node_of_key:
            node_of_key[node_key] = len(names)
            names.append(parsed)
        node_of_record.append(node_of_key[node_key])
    titles: list[set[str]] = [set() for _ in names]
    for p, node in zip(records, node_of_record, strict=True):
        titles[node] |= _title_words([*p.titles, *(m.title for m in p.mentions if m.title)], s)

    blocks: dict[str, list[int]] = defaultdict(list)
    for node, name in enumerate(names):
        if name.surname:
            for block in sorted(_block_keys(name)):
                blocks[block].append(node)
    neighbours: list[set[int]] = [set() for _ in names]
    for members in blocks.values():
        for x in members:
            neighbours[x].update(members)
    for node in range(len(names)):
        neighbours[node].discard(node)

    clusters = _PeopleClusters(names, s)
    full = [n for n in range(len(names)) if names[n].given]

    def strength(pair: tuple[int, int]) -> tuple[bool, bool, float, int, int]:
        a, b = names[pair[0]], names[pair[1]]
        return (
            a.surname != b.surname,
            a.given[0] != b.given[0],
            -JaroWinkler.similarity(a.surname, b.surname),
            *pair,
        )

    pairs = sorted(
        (
            (x, y)
            for x in full
            for y in neighbours[x]
            if x < y and names[y].given and _may_merge(names[x], names[y], s)
        ),
        key=strength,
    )
    for x, y in pairs:
        clusters.join(x, y)

    # Surname-only spellings: attach to the one full-name person they fit.
    for node in range(len(names)):
        if names[node].given or not names[node].surname:
            continue
        fits: dict[int, SurnameRelation] = {}
        for other in sorted(neighbours[node]):
            if not names[other].given:
                continue
            relation = _surname_relation(names[node].surname, names[other].surname, s)
            root = clusters.root(other)
            by_title = relation == "similar" and bool(titles[node] & titles[other])
            if not (clusters.fits(node, root) or (by_title and _genders_agree(names, node, other))):
                continue
            if fits.get(root) != "same":
                fits[root] = relation
        chosen = _choose_person(fits, titles[node], clusters, titles)
        if chosen is not None:
            clusters.join(node, chosen, check=False)
    # Surname-only spellings still alone: merge with each other when they fit.
    lone = [n for n in range(len(names)) if not names[n].given and clusters.root(n) == n]
    lone_set = set(lone)
    for x in lone:
        for y in sorted(neighbours[x]):
            if x < y and y in lone_set:
                clusters.join(x, y)

    grouped: dict[int, list[Person]] = defaultdict(list)
    for p, node in zip(records, node_of_record, strict=True):
        grouped[clusters.root(node)].append(p)
    merged = [_merge_records(rs, s, weight) for rs in grouped.values()]
    return tuple(sorted(merged, key=lambda p: (p.name.casefold(), p.name, _first(p))))


def _genders_agree(names: Sequence[_Name], x: int, y: int) -> bool:
    gx, gy = names[x].gender, names[y].gender
    return not gx or not gy or gx == gy


def _first(p: Person) -> tuple[str, int]:
    return (p.mentions[0].article, p.mentions[0].start) if p.mentions else ("", 0)


def _choose_person(
    fits: dict[int, SurnameRelation],
    words: set[str],
    clusters: _PeopleClusters,
    titles: Sequence[set[str]],
) -> int | None:
    """The one person a surname-only spelling belongs to: the only fit, else
    the only exact-surname fit, else the one sharing most title words
    ("president", not "former"); None when still ambiguous."""
    if not fits:
        return None
    exact = sorted(r for r, rel in fits.items() if rel == "same")
    options = exact or sorted(fits)
    if len(options) == 1:
        return options[0]
    overlap = {
        r: len(words & set().union(*(titles[n] for n in clusters.members[r]))) for r in options
    }
    top = max(overlap.values())
    winners = [r for r in options if overlap[r] == top]
    return winners[0] if top > 0 and len(winners) == 1 else None


def _merge_records(
    records: Sequence[Person], s: _PeopleSettings, weight: dict[int, int]
) -> Person:
    # Spellings that differ only in case, diacritics, honorifics or
    # punctuation are one spelling, shown in its most frequent form.
    counts: Counter[str] = Counter()
    for p in records:
        n = weight.get(id(p), 1)
        for spelling in {p.name, *p.variants}:
            counts[spelling] += n
    parsed = {name: _parse_name(name, s) for name in counts}
    by_key: dict[tuple[tuple[str, ...], str, str], list[str]] = defaultdict(list)
    for spelling in counts:
        by_key[parsed[spelling].key].append(spelling)
    shown = {k: min(v, key=lambda x: (-counts[x], x)) for k, v in by_key.items()}
    key_counts = {k: sum(counts[x] for x in v) for k, v in by_key.items()}

    def fullness(k: tuple[tuple[str, ...], str, str]) -> int:
        given = k[0]
        return 2 if given and len(given[0]) > 1 else 1 if given else 0

    # The name: most frequent of the fullest spellings ("John Smith" over "J. Smith").
    record_keys: Counter[tuple[tuple[str, ...], str, str]] = Counter()
    for p in records:
        record_keys[parsed[p.name].key] += weight.get(id(p), 1)
    top = max(fullness(k) for k in record_keys)
    name_key = min(
        (k for k in record_keys if fullness(k) == top),
        key=lambda k: (-record_keys[k], shown[k]),
    )
    full_surnames = {k[1] for k in by_key if k[0]}
    variants = sorted(
        (shown[k] for k in by_key if k[0] or k[1] not in full_surnames),
        key=lambda v: (-key_counts[parsed[v].key], v),
    )
    mentions = sorted({m for p in records for m in p.mentions}, key=_mention_key)
    out_titles: list[str] = []
    seen: set[str] = set()
    for title in [m.title for m in mentions if m.title] + [t for p in records for t in p.titles]:
        folded = _fold(title)
        if folded not in seen:
            seen.add(folded)
            out_titles.append(title)
    return Person(
        name=shown[name_key],
        mentions=tuple(mentions),
        variants=tuple(variants),
        titles=tuple(out_titles),
    )


def count_spellings(person: Person, articles: Iterable[tuple[str, int]]) -> dict[str, int]:
    """:func:`spelling_counts` from (full-name spelling, articles using it)
    pairs instead of mentions: the counts of spellings that are one variant
    are added up (an article using two of them counts twice)."""
    s = _people_settings()
    variant_of = {_parse_name(v, s).key: v for v in person.variants}
    counts: Counter[str] = Counter()
    for spelling, n in articles:
        variant = variant_of.get(_parse_name(spelling, s).key)
        if variant is not None:
            counts[variant] += n
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def spelling_counts(person: Person) -> dict[str, int]:
    """How many articles spell a merged person each way: for each of
    ``person.variants``, the number of articles whose mentions carry that
    spelling as ``full_name`` (case, diacritics and honorifics aside), most
    used first, then alphabetical: {"Steve Witkoff": 1, "Steve Wittkopf": 1}.
    Spellings no article uses are left out."""
    s = _people_settings()
    variant_of = {_parse_name(v, s).key: v for v in person.variants}
    articles: dict[str, set[str]] = defaultdict(set)
    for m in person.mentions:
        variant = variant_of.get(_parse_name(m.full_name or m.text, s).key)
        if variant is not None:
            articles[variant].add(m.article)
    return {k: len(v) for k, v in sorted(articles.items(), key=lambda kv: (-len(kv[1]), kv[0]))}
