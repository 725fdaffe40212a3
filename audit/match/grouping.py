"""Quote grouping: the one join rule (:class:`JoinRules`) by which a new
quote joins a group of earlier ones, used by every grouping (in memory here,
incrementally in :mod:`audit.store`, and on Dask in :mod:`audit.engine`),
and the in-memory grouping itself (:func:`plan_groups`,
:func:`group_quotes`).

A quote joins the group of its best-scoring earlier partner (score, then
same speaker, then earliest group and member) that the rules allow, or
starts a group; the reference of a group follows :func:`replaces_reference`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from ..models import Quote, QuoteGroup, QuoteMember, WordDiff
from ..rules.match import QuoteSettings, quote_settings
from .people import speaker_surname
from .scorer import ComparisonKey, Relation, compare_keys, comparison_key, word_diff


def same_speaker(a: Quote, b: Quote) -> bool:
    """Do quotes ``a`` and ``b`` name speakers with one surname?"""
    sa, sb = speaker_surname(a.speaker), speaker_surname(b.speaker)
    return bool(sa) and sa == sb


# How a join ranks (higher is better): score, same speaker, then the
# earliest group and member (negated).
JoinRank = tuple[float, bool, int, int]


def join_rank(score: float, same: bool, group: int, member: int) -> JoinRank:
    """The rank of joining ``group`` through ``member`` (its number in
    grouping order) at ``score``, ``same`` speaker or not: the best rank
    wins; on a tie the earlier group, then the earlier member."""
    return (score, same, -group, -member)


def ranked_group(rank: JoinRank) -> int:
    """The group a :func:`join_rank` joins."""
    return -rank[2]


class JoinPartner(Protocol):
    """An earlier quote a new quote may join a group through."""

    @property
    def id(self) -> int:
        """Its number in grouping order (ties go to the lower)."""

    @property
    def quote(self) -> Quote:
        """The quote (its speaker is read)."""

    @property
    def key(self) -> ComparisonKey:
        """Its comparison key."""

    @property
    def group(self) -> int:
        """The group it is in."""

    @property
    def is_reference(self) -> bool:
        """Whether it is its group's current reference."""


class Partner(NamedTuple):
    """A :class:`JoinPartner` built on the spot (in-memory grouping, benchmarks)."""

    id: int
    quote: Quote
    key: ComparisonKey
    group: int
    is_reference: bool


@dataclass(frozen=True)
class JoinRules:
    """The join rule of every quote grouping, under ``settings``: the scorer
    with the variant floor, which partners a quote may join through, and
    the ranking of the allowed joins."""

    settings: QuoteSettings

    def compare(self, member: ComparisonKey, new: ComparisonKey) -> tuple[float, Relation]:
        """Score and relation of a ``new`` quote to an earlier ``member``
        (a score under the variant threshold may be reported lower)."""
        s = self.settings
        return compare_keys(member, new, s.variant_min_score, s)

    def may_join(
        self, new: ComparisonKey, member: ComparisonKey, relation: Relation,
        through_reference: bool, same_speaker: bool,
    ) -> bool:
        """May a new quote join a group through this member (``relation`` is
        the new quote's relation to it; ``through_reference``: the member is
        its group's current reference; ``same_speaker``: both name one
        speaker's surname)? A word or two quoted alone ("fake") says too
        little to be one statement with another speaker's or an unknown
        speaker's words, so a short side needs the same speaker."""
        s = self.settings
        if relation == "unrelated":
            return False
        short = min(len(new.words), len(member.words)) < s.short_words
        if short and not same_speaker:
            return False
        if len(new.words) < s.short_words:
            return relation in ("identical", "excerpt")
        covers = relation == "extended" or (
            relation == "variant"
            and len(member.norm) < s.partial_max_length_ratio * len(new.norm)
        )
        # Containing a part of the reference does not make two statements one.
        return through_reference or not covers

    def may_pair(self, quote: Quote, key: ComparisonKey) -> bool:
        """Can ``quote`` be joined with any other at all? A short quote with
        no speaker cannot (see :meth:`may_join`): it is neither compared nor
        offered as a partner."""
        return len(key.words) >= self.settings.short_words or bool(
            speaker_surname(quote.speaker))

    def allowed_joins(
        self, quote: Quote, key: ComparisonKey, partners: Iterable[JoinPartner]
    ) -> Iterator[JoinRank]:
        """The rank of each join of ``quote`` (comparison key ``key``) the
        rules allow through one of ``partners``."""
        for m in partners:
            score, relation = self.compare(m.key, key)
            same = same_speaker(quote, m.quote)
            if self.may_join(key, m.key, relation, m.is_reference, same):
                yield join_rank(score, same, m.group, m.id)

    def best_group(
        self, quote: Quote, key: ComparisonKey, partners: Iterable[JoinPartner]
    ) -> int | None:
        """The group ``quote`` joins among ``partners``' groups: best score,
        then same speaker, then earliest group and member; None when none
        may be joined."""
        best = max(self.allowed_joins(quote, key, partners), default=None)
        return None if best is None else ranked_group(best)


def replaces_reference(
    current_fragment: bool, current_length: int, new_fragment: bool, new_length: int
) -> bool:
    """Does a wording added to a group after its current reference replace
    it? The reference is the longest non-fragment wording (the earlier on a
    tie), else the first; lengths are those of the normalised wordings. The
    one rule of every grouping: in memory, on Dask and in a store."""
    return not new_fragment and (current_fragment or new_length > current_length)


class _BlockingIndex:
    """Blocking for :func:`group_quotes`: which earlier quotes are worth a
    full comparison with a new one.

    A quote added as ``shadowed`` (an earlier twin outranks it in every
    join, see :func:`plan_groups`) is left out of the short-quote postings,
    which have no cap: else each copy of a short quote repeated n times
    would be compared with every earlier copy (n² comparisons). The
    postings' sizes, which choose the rarest word, still count it."""

    def __init__(self, s: QuoteSettings) -> None:
        self.s = s
        self.word_count: Counter[str] = Counter()
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_shingle: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.short_exact: dict[tuple[str, ...], list[int]] = defaultdict(list)

    def _shingles(self, key: ComparisonKey) -> list[tuple[str, ...]]:
        n, w = self.s.shingle_size, key.words
        return sorted({w[i : i + n] for i in range(len(w) - n + 1)})

    def candidates(self, key: ComparisonKey) -> list[int]:
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
            rarest = min(w, key=lambda x: (self.word_count[x], x))
            found.update(self.by_word.get(rarest, ()))
            return sorted(found)
        postings = [self.by_shingle[sh] for sh in self._shingles(key) if sh in self.by_shingle]
        usable = [p for p in postings if len(p) <= s.max_postings]
        if not usable and postings:
            # Every posting is over the cap: the shortest one alone, whose
            # first entries (in index order, each shared once) rank first.
            # Read as such, not counted and sorted whole: a quote repeated
            # n times has postings of length n.
            found.update(min(postings, key=len)[: s.max_candidates])
            return sorted(found)
        shared: Counter[int] = Counter()
        for p in usable:
            shared.update(p)
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
        found.update(i for i, _ in ranked[: s.max_candidates])
        return sorted(found)

    def add(self, index: int, key: ComparisonKey, *, shadowed: bool = False) -> None:
        self.word_count.update(set(key.words))
        if not shadowed:
            for w in set(key.words):
                self.by_word[w].append(index)
        if len(key.words) >= self.s.short_words:
            for sh in self._shingles(key):
                self.by_shingle[sh].append(index)
        elif key.words and not shadowed:
            self.short_exact[key.words].append(index)


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
    score, relation = compare_keys(comparison_key(reference), comparison_key(member))
    return score, relation, word_diff(reference, member)


def plan_groups(quotes: Iterable[Quote], settings: QuoteSettings | None = None) -> QuoteGrouping:
    """The grouping of :func:`group_quotes` as numbers, without the members'
    scores and word diffs (what a store keeps). ``settings``: the
    thresholds and blocking caps (default: match.toml's)."""
    rules = JoinRules(settings or quote_settings())
    ordered = tuple(sorted(quotes, key=lambda q: (q.article, q.start, q.end, q.id)))
    keys = [comparison_key(q.text) for q in ordered]
    index = _BlockingIndex(rules.settings)
    # A quote with an earlier twin (same wording, group, speaker surname and
    # fragment flag) can never be the better partner: the twin scores the
    # same, is allowed whenever it is (the later one never becomes the
    # reference: a reference is replaced only by a longer wording or by a
    # non-fragment after a fragment) and wins the tie on member order.
    twins: set[tuple[ComparisonKey, int, str, bool]] = set()
    group_of: list[int] = []
    reference: list[int] = []  # current reference of each group
    candidates = verified = 0
    for i, (quote, key) in enumerate(zip(ordered, keys, strict=True)):
        pairs = rules.may_pair(quote, key)
        found = index.candidates(key) if key.norm and pairs else []
        candidates += len(found)
        partners = (
            Partner(j, ordered[j], keys[j], group_of[j], j == reference[group_of[j]])
            for j in found
        )
        allowed = list(rules.allowed_joins(quote, key, partners))
        verified += len(allowed)
        best = max(allowed, default=None)
        if best is None:
            group = len(reference)
            reference.append(i)
        else:
            group = ranked_group(best)
            ref = reference[group]
            if replaces_reference(
                ordered[ref].fragment, len(keys[ref].norm), quote.fragment, len(key.norm)
            ):
                reference[group] = i
        group_of.append(group)
        twin = (key, group, speaker_surname(quote.speaker), quote.fragment)
        index.add(i, key, shadowed=twin in twins or not pairs)
        twins.add(twin)
    return QuoteGrouping(ordered, tuple(group_of), tuple(reference), candidates, verified)


def group_quotes(
    quotes: Iterable[Quote], settings: QuoteSettings | None = None
) -> tuple[QuoteGroup, ...]:
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
    reference is labelled "variant" with its (low) score. ``settings``: the
    thresholds and blocking caps (default: match.toml's)."""
    plan = plan_groups(quotes, settings)
    return plan.groups(
        member_detail(plan.quotes[ref].text, plan.quotes[i].text)
        for ref, i in plan.member_pairs()
    )


