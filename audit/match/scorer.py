"""The quote scorer: the comparison form of a quote (:class:`ComparisonKey`),
how two quotes relate (:func:`compare_quotes`, :func:`compare_keys`), the
look-up test of many stored quotes against one query (:class:`QueryTest`)
and word-level diffs (:func:`word_diff`).

Every comparison of two quotes goes through :func:`compare_keys`, so
grouping, look-up and a later index agree. Thresholds live in
``match.toml`` [quotes] (:mod:`audit.rules.match`) with a note on how each
was calibrated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, LCSseq

from ..models import WordDiff
from ..rules.match import QuoteSettings, quote_settings
from ..text import normalize

Relation = Literal["identical", "excerpt", "extended", "variant", "unrelated"]


# An elision mark inside a quote: the pieces either side are compared separately.
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*\.\.\.\s*\]")


@dataclass(frozen=True, slots=True)
class ComparisonKey:
    """The comparison form of one quote text: its normalised wording, words,
    word stems (and the stems sorted) and the pieces between ellipses."""

    norm: str
    words: tuple[str, ...]
    stems: tuple[str, ...]
    bag: tuple[str, ...]  # the stems sorted: the multiset compared by _similarity
    pieces: tuple[str, ...]


@lru_cache(maxsize=65536)
def comparison_key(text: str) -> ComparisonKey:
    """The comparison form of the quote ``text`` (cached: a quote is met
    again and again while grouping)."""
    s = quote_settings()
    norm = normalize(text)
    words = tuple(norm.split())
    pieces = tuple(p for p in (normalize(x) for x in _ELLIPSIS.split(text)) if p)
    stems = tuple(w[: s.stem_length] for w in words)
    return ComparisonKey(norm, words, stems, tuple(sorted(stems)), pieces)


def stored_comparison_key(text: str, norm: str) -> ComparisonKey:
    """:func:`comparison_key` of ``text`` whose normalised form ``norm`` is known (a
    stored quote): normalising is most of a key's cost."""
    if _ELLIPSIS.search(text):
        return comparison_key(text)
    words = tuple(norm.split())
    stems = tuple(map(_stem_of(), words))
    return ComparisonKey(norm, words, stems, tuple(sorted(stems)), (norm,) if norm else ())


@cache
def _stem_of() -> Callable[[str], str]:
    """The stem of a word (its first ``stem_length`` letters), as a C-level callable."""
    return itemgetter(slice(0, quote_settings().stem_length))


def _similarity(norm_a: str, bag_a: Sequence[str], norm_b: str, bag_b: Sequence[str]) -> float:
    """Mean of the character Indel ratio and the Dice of the stem multisets.

    Characters keep word order and forgive spelling ("iron-clad"); the stem
    bag forgives reordered clauses. Either alone mis-scores re-translations.
    The Indel ratio of two sorted sequences is their multiset Dice (the
    longest common subsequence of sorted lists is their intersection)."""
    return (fuzz.ratio(norm_a, norm_b) + fuzz.ratio(bag_a, bag_b)) / 2.0


def _contains(long: str, short: str) -> bool:
    return f" {short} " in f" {long} "


def _contains_pieces(long: ComparisonKey, short: ComparisonKey) -> bool:
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


def _partial(short: ComparisonKey, long: ComparisonKey, s: QuoteSettings, floor: float) -> float:
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


def _capped(key: ComparisonKey, max_chars: int) -> ComparisonKey:
    """The first ``max_chars`` characters of a very long quote, in whole words."""
    if len(key.norm) <= max_chars:
        return key
    n = len(key.norm[: max_chars + 1].split()) - 1
    words = key.words[:n]
    return ComparisonKey(" ".join(words), words, key.stems[:n], tuple(sorted(key.stems[:n])), ())


def _by_length(a: ComparisonKey, b: ComparisonKey) -> tuple[ComparisonKey, ComparisonKey]:
    """The pair shorter first (then by wording), so that scores are symmetric."""
    return (a, b) if (len(a.norm), a.norm) <= (len(b.norm), b.norm) else (b, a)


def compare_keys(
    a: ComparisonKey,
    b: ComparisonKey,
    floor: float = 0.0,
    settings: QuoteSettings | None = None,
) -> tuple[float, Relation]:
    """:func:`compare_quotes` on keys. With ``floor`` (at most the variant
    threshold), work that cannot lift the score to ``floor`` is skipped: the
    relation is unchanged, but a score below ``floor`` may be reported lower.
    ``settings``: the thresholds (default: match.toml's)."""
    s = settings or quote_settings()
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
    return compare_keys(comparison_key(a), comparison_key(b))


class QueryTest:
    """Whether stored quotes match one query at a minimum score, with the
    verdict :func:`lookup` would give (``compare_keys``'s relation is not
    "unrelated" and its score reaches the minimum).

    An index verifies thousands of candidates for a short or common query,
    most of them far from it: equality, containment, the short-fragment
    ratio and a length bound decide those with C-level string operations;
    only the rest get a comparison key and the full scorer."""

    def __init__(self, query: str, min_score: float) -> None:
        s = quote_settings()
        self._s = s
        self.key = comparison_key(query)
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
        score, relation = compare_keys(self.key, stored_comparison_key(text, norm), self._min)
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

