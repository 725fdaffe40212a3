"""Whole-corpus quote grouping on Dask: the groups of
:func:`audit.match.group_quotes` without one process holding the blocking
index (:func:`plan_groups_on_dask`, :func:`group_on_dask`), and a store
grouped that way (:func:`group_store`).

Pairs are verified and joined by :class:`audit.match.JoinRules`, the join
rule of every grouping, so the groups are the same as in memory or in a
store.
"""

from __future__ import annotations

import itertools
import time
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .. import match
from ..errors import UsageError
from ..models import Quote, QuoteGroup
from ..rules.engine import DaskGrouping, dask_grouping
from ..text import normalize
from . import cluster

if TYPE_CHECKING:
    from ..store import Store

# group_on_dask gives the groups of match.group_quotes without one process
# holding the blocking index. Quotes are numbered in group_quotes' order
# ((article, start, end, id)). Stages, each a set of Dask tasks:
#   1. norms: workers normalise the quotes and report the wordings of short
#      quotes (fewer than short_words words), their only blocking keys;
#   2. emit: each quote emits its blocking keys, as group_quotes' index holds
#      them: its word shingles (long quotes), its wording and the longest
#      piece of an elided wording (short quotes) and every run of its words
#      equal to one of those; records are hash-partitioned on the key;
#   3. blocks (the shuffle's reduce side): the quotes holding one key, sorted,
#      give each quote its candidate partners among the earlier ones: a
#      shingle only while at most max_postings earlier quotes hold it (its
#      position in the block), as in group_quotes; pairs go to the later
#      quote's partition;
#   4. rank: per quote, partners by shared shingles, the best max_candidates;
#      a quote whose every shingle is over the cap falls back, as in
#      group_quotes, to the oldest holders of its least common one;
#   5. fallback: the block's partition answers with those holders; each
#      partition's candidates are then merged and sorted;
#   6. verify: the match scorer and join rules on each candidate pair (each
#      partition's task on a worker chosen by candidate count, its input
#      copied there first: see _place);
#   7. the client walks the quotes in order: each joins the group of its best
#      verified earlier partner (score, same speaker, earliest group) that the
#      join rules allow at that point (a partner that covers the new quote
#      only while it is its group's reference), else starts a group;
#   8. members: workers score and diff each member against its reference.
# Every choice depends on quote numbers and keys, never on the partitioning,
# so the groups are the same whatever the cluster.

_MASK32 = (1 << 32) - 1
_MASK64 = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15  # odd: multiplying by it mixes the bits of a key


@dataclass(frozen=True)
class GroupSettings:
    """The settings of a Dask grouping: match.toml's thresholds and blocking
    caps (``quotes``, those of :func:`audit.match.group_quotes`) and
    engine.toml's shuffle settings (``dask``)."""

    quotes: match.QuoteSettings
    dask: DaskGrouping


@cache
def group_settings() -> GroupSettings:
    """The data files' settings of a Dask grouping (cached)."""
    return GroupSettings(match.quote_settings(), dask_grouping())


def _word_hashes(words: Sequence[str]) -> list[int]:
    return [zlib.crc32(w.encode("utf-8")) for w in words]


def _chain(h: int, word: int) -> int:
    """Extend the 64-bit key of a word sequence by one word (its crc32). A
    collision merges two blocks, which only adds candidates to verify."""
    return ((h ^ word) * _MIX + 1) & _MASK64


def _seq_key(hashes: Sequence[int]) -> int:
    h = 0
    for x in hashes:
        h = _chain(h, x)
    return h


def _run_keys(hashes: Sequence[int], longest: int) -> list[list[int]]:
    """``levels[m - 1][k]``: the key (:func:`_seq_key`) of the ``m`` words
    from word k, for m up to ``longest``. Level by level, :func:`_chain`
    inlined in comprehensions: chaining each run word by word through
    function calls was most of the emit stage's time."""
    level = [(x * _MIX + 1) & _MASK64 for x in hashes]
    levels = [level]
    for m in range(1, min(longest, len(hashes))):
        pairs = zip(level[:-1], hashes[m:], strict=True)
        level = [((h ^ w) * _MIX + 1) & _MASK64 for h, w in pairs]
        levels.append(level)
    return levels


# ---- worker tasks (module-level functions: Dask pickles them by name)

# Texts (and their normalised wordings) travel as one string joined on NUL
# (never in a quote read by audit.ingest): Dask sends a list of strings item
# by item, a hundred times slower than one string (at 1M quotes, sending the
# wordings to the verify tasks as lists kept both workers idle for a minute).
_SEP = "\x00"


def _joined(items: Iterable[str]) -> str:
    # Each item ends with the separator, so an empty text is kept.
    return "".join(f"{x}{_SEP}" for x in items)


def _split(joined: str) -> list[str]:
    return joined.split(_SEP)[:-1]


def share_texts(client: Any, items: Sequence[str]) -> Any:
    """Send ``items`` (quote texts, speakers' surnames) to every worker once,
    as one string; tasks get them with :func:`_unpack`."""
    if any(_SEP in x for x in items):
        raise UsageError("a quote text holds a NUL character")
    return client.scatter([_joined(items)], broadcast=True, hash=False)[0]


# A worker splits each shared corpus once (a str caches its hash); three: the
# texts, the speakers and the normalised wordings of the run under way.
@lru_cache(maxsize=3)
def _unpack(joined: str) -> tuple[str, ...]:
    return tuple(_split(joined))


def _nth(items: Sequence[Any], n: int) -> Any:
    return items[n]


def normalised_wordings(texts: str, lo: int, hi: int) -> str:
    """Stage 1 (a worker task): the normalised wordings of quotes lo..hi-1
    of the :func:`share_texts` texts, joined (:func:`_split`)."""
    return _joined(normalize(t) for t in _unpack(texts)[lo:hi])


def _elided_piece(text: str) -> list[str]:
    """The words of the longest piece of a quote elided with "..." (none
    when it has a single piece): a quote holding the elided one word for
    word holds this piece as a run."""
    pieces = [p.split() for p in match.comparison_key(text).pieces]
    return max(pieces, key=len) if len(pieces) > 1 else []


def _norm_summary(
    texts: str, lo: int, joined: str, short_words: int
) -> tuple[list[int], set[tuple[int, int]]]:
    """Stage 1: the wordings' lengths, and (first word, key) of the word
    runs short quotes are found by: their wording and, elided, a piece."""
    short: set[tuple[int, int]] = set()
    norms = _split(joined)
    for offset, norm in enumerate(norms):
        words = norm.split()
        if 0 < len(words) < short_words:
            for run in (words, _elided_piece(_unpack(texts)[lo + offset])):
                if run:
                    hashes = _word_hashes(run)
                    short.add((hashes[0], _seq_key(hashes)))
    return [len(n) for n in norms], short


# Flags of a blocking record in a word run's block.
_HOLDS = 0  # the quote holds the run
_IS = 1  # a short quote whose wording is the run
_ELIDED = 2  # a short quote elided with "...", whose longest piece is the run


def _emit(
    texts: str, joined: str, lo: int,
    short: tuple[frozenset[int], frozenset[int]], s: GroupSettings, parts: int,
) -> list[_Records]:
    """Stage 2: blocking records of quotes lo.., by destination partition:
    a 64-bit key and (quote << 2) | flag (shingles: flag 0), shingles and
    word runs apart. ``short`` holds the first words and keys of the runs
    short quotes are found by."""
    out = [_Records(array("Q"), array("Q")) for _ in range(parts)]
    size, longest = s.quotes.shingle_size, s.quotes.short_words - 1
    first_words, short_keys = short
    for offset, norm in enumerate(_split(joined)):
        words = norm.split()
        if not words:
            continue
        hashes = _word_hashes(words)
        levels = _run_keys(hashes, max(size, longest))
        base = (lo + offset) << 2
        own: dict[int, int] = {}
        if len(words) < s.quotes.short_words:
            piece = _elided_piece(_unpack(texts)[lo + offset])
            if piece:
                own[_seq_key(_word_hashes(piece))] = _ELIDED
            own[levels[len(words) - 1][0]] = _IS
        elif len(words) >= size:
            for key in set(levels[size - 1]):
                out[key % parts].shingles.extend((key, base))
        # Runs of up to ``longest`` words whose key is a short quote's, found
        # by set intersection; a run counts only from a short quote's first
        # word (so a 64-bit collision with another run adds no record).
        runs: dict[int, int] = {}
        for level in levels[:longest]:
            for h in short_keys.intersection(level):
                if any(x == h and hashes[k] in first_words for k, x in enumerate(level)):
                    runs[h] = _HOLDS
        runs.update(own)
        for key, flag in runs.items():
            out[key % parts].runs.extend((key, base | flag))
    return out


@dataclass(frozen=True)
class _Records:
    """Blocking records for one partition, flat (key, payload) pairs in
    machine-word arrays: shuffled between workers, they are copied as bytes
    (lists of Python ints made the shuffle cost more than the work)."""

    shingles: array[int]
    runs: array[int]


@dataclass(frozen=True)
class _Offers:
    """Stage 3's output for one quote partition: ``shared`` pairs (one per
    shingle the two share), ``extra`` pairs (from word runs) and ``over``
    records (quote, earlier holders, key) of shingles past the cap."""

    shared: list[int]
    extra: list[int]
    over: list[tuple[int, int, int]]


def _blocks(
    s: GroupSettings, n: int, parts: int, *pieces: _Records
) -> tuple[list[_Offers], dict[int, list[int]]]:
    """Stage 3: candidate pairs (later << 32 | earlier) from every block of
    this key partition, by the later quote's partition (quotes ``n * r //
    parts`` on are partition r: consecutive quotes, whose partners are
    mostly recent, share a task's key cache); and, for shingles
    held past the cap, their oldest holders (the fallback candidates)."""
    max_postings = s.quotes.max_postings
    offers = [_Offers([], [], []) for _ in range(parts)]
    oldest: dict[int, list[int]] = {}
    shingles = _pairs(p.shingles for p in pieces)
    runs = _pairs(p.runs for p in pieces)
    for is_run, (key, block) in itertools.chain(
        zip(itertools.repeat(False), itertools.groupby(shingles, key=itemgetter(0))),
        zip(itertools.repeat(True), itertools.groupby(runs, key=itemgetter(0))),
    ):
        records = [((c >> 2) & _MASK32, c & 3) for _, c in block]
        if len(records) < 2:
            continue
        ids = [r[0] for r in records]
        if not is_run:
            for p in range(1, len(ids)):
                i = ids[p]
                if p <= max_postings:
                    offers[i * parts // n].shared.extend((i << 32) | j for j in ids[:p])
                else:
                    offers[i * parts // n].over.append((i, p, key))
            if len(ids) - 1 > max_postings:
                oldest[key] = ids[: s.quotes.max_candidates]
            continue
        # A word run: a short quote meets every earlier quote holding its
        # wording (or its elided piece); any quote meets the earlier short
        # quotes of that wording, as in group_quotes' index.
        cap = s.dask.max_run_partners
        shorts: list[int] = []
        for p, (i, flag) in enumerate(records):
            partners = ids[: min(p, cap)] if flag != _HOLDS else shorts[:cap]
            offers[i * parts // n].extra.extend((i << 32) | j for j in partners)
            if flag == _IS:
                shorts.append(i)
    return offers, oldest


def _pairs(flat: Iterable[array[int]]) -> list[tuple[int, int]]:
    """The (key, payload) records of flat arrays, sorted."""
    return sorted(
        itertools.chain.from_iterable(zip(a[0::2], a[1::2], strict=True) for a in flat)
    )


def _shingle_text(norm: str, key: int, size: int) -> str:
    words = norm.split()
    hashes = _word_hashes(words)
    for k in range(len(words) - size + 1):
        if _seq_key(hashes[k : k + size]) == key:
            return " ".join(words[k : k + size])
    return ""


def _rank(
    texts: str, s: GroupSettings, parts: int, *offers: _Offers
) -> tuple[array[int], list[list[tuple[int, int]]]]:
    """Stage 4: for the quotes of one partition, the candidates: the best
    max_candidates partners by shared shingles (ties to the older), the
    run partners; and the fallback requests (key, quote) by key partition."""
    shared: Counter[int] = Counter()
    for o in offers:
        shared.update(o.shared)
    ranked: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for code, n in shared.items():
        ranked[code >> 32].append((-n, code & _MASK32))
    out: list[int] = []
    for i, partners in ranked.items():
        out.extend((i << 32) | j for _, j in sorted(partners)[: s.quotes.max_candidates])
    for o in offers:
        out.extend(o.extra)
    # Every shingle past the cap and none under it: group_quotes takes its
    # least held one, the first in word order on a tie.
    over: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for o in offers:
        for i, p, key in o.over:
            if i not in ranked:
                over[i].append((p, key))
    requests: list[list[tuple[int, int]]] = [[] for _ in range(parts)]
    for i, found in over.items():
        least = min(p for p, _ in found)
        keys = [key for p, key in found if p == least]
        if len(keys) > 1:
            norm = normalize(_unpack(texts)[i])
            key = min(keys, key=lambda k: _shingle_text(norm, k, s.quotes.shingle_size))
        else:
            key = keys[0]
        requests[key % parts].append((key, i))
    # Machine-word arrays (here and in _fallback) travel between workers as
    # bytes; a list of ints is pickled item by item. Measured at 1M: lists
    # into the candidate merge cost 10-17 s of the grouping's 150 s.
    return array("Q", out), requests


def _fallback(
    oldest: dict[int, list[int]], n: int, parts: int, *requests: Sequence[tuple[int, int]]
) -> list[array[int]]:
    """Stage 5: the oldest holders of each requested shingle, earlier than
    the asking quote, as pairs by the quote's partition."""
    out = [array("Q") for _ in range(parts)]
    for chunk in requests:
        for key, i in chunk:
            out[i * parts // n].extend((i << 32) | j for j in oldest[key] if j < i)
    return out


def _candidates(
    ranked: tuple[array[int], list[list[tuple[int, int]]]], *fallbacks: Sequence[int]
) -> array[int]:
    """Stage 5b: one partition's candidate pairs, each once, in order."""
    return array("Q", sorted(set(itertools.chain(ranked[0], *fallbacks))))


Verified = tuple[int, int, float, bool, bool]


def verify_pairs(
    shared_texts: str, shared_surnames: str, s: GroupSettings,
    shared_norms: str | None, codes: Sequence[int],
) -> tuple[int, list[Verified]]:
    """Stage 6: score each candidate pair (later << 32 | earlier, in order)
    as group_quotes does; keep those the join rules allow at least through a
    reference: (later, earlier, score, same speaker, allowed through any
    member). ``shared_norms``: stage 1's wordings, shared (None: normalise
    here)."""
    rules = match.JoinRules(s.quotes)
    texts, surnames = _unpack(shared_texts), _unpack(shared_surnames)
    norms = _unpack(shared_norms) if shared_norms is not None else None
    # Each quote's key once per task, from its stage-1 wording: the earlier
    # partners are spread over the whole corpus, so comparison_key's bounded
    # cache missed most of them at 1M quotes and normalised them again.
    keys: dict[int, match.ComparisonKey] = {}

    def key(k: int) -> match.ComparisonKey:
        found = keys.get(k)
        if found is None:
            found = keys[k] = (
                match.comparison_key(texts[k]) if norms is None
                else match.stored_comparison_key(texts[k], norms[k])
            )
        return found

    out: list[Verified] = []
    for code in codes:
        i, j = code >> 32, code & _MASK32
        new, member = key(i), key(j)
        score, relation = rules.compare(member, new)
        same = bool(surnames[i]) and surnames[i] == surnames[j]
        if not rules.may_join(new, member, relation, True, same):
            continue
        out.append((i, j, score, same, rules.may_join(new, member, relation, False, same)))
    return len(codes), out


def _member_details(
    shared_texts: str, pairs: Sequence[tuple[int, int]]
) -> list[match.MemberDetail]:
    """Stage 8: score, relation and word diff of each (reference, member)."""
    texts = _unpack(shared_texts)
    return [match.member_detail(texts[ref], texts[i]) for ref, i in pairs]


# ---- client side


def join_in_order(
    quotes: Sequence[Quote], lengths: Sequence[int], verified: Iterable[Verified]
) -> tuple[list[int], list[int]]:
    """Stage 7: each quote in order joins the group of its best verified
    earlier partner, under the ranking of :class:`audit.match.JoinRules`
    (the pairs were verified by its rules: a pair allowed only through a
    reference counts while the earlier quote is its group's reference).
    Returns each quote's group and each group's reference."""
    partners: dict[int, list[tuple[int, float, bool, bool]]] = defaultdict(list)
    for i, j, score, same, through_any in verified:
        partners[i].append((j, score, same, through_any))
    group_of: list[int] = []
    reference: list[int] = []
    for i, quote in enumerate(quotes):
        best = max(
            (
                match.join_rank(score, same, group_of[j], j)
                for j, score, same, through_any in partners.get(i, ())
                if through_any or reference[group_of[j]] == j
            ),
            default=None,
        )
        if best is None:
            group_of.append(len(reference))
            reference.append(i)
            continue
        group = match.ranked_group(best)
        group_of.append(group)
        ref = reference[group]
        if match.replaces_reference(
            quotes[ref].fragment, lengths[ref], quote.fragment, lengths[i]
        ):
            reference[group] = i
    return group_of, reference


def _ranges(n: int, step: int) -> list[tuple[int, int]]:
    return [(lo, min(n, lo + step)) for lo in range(0, n, step)]


def _shuffle(client: Any, outputs: Sequence[Any], parts: int) -> list[list[Any]]:
    """Futures of each map output's piece for each destination partition."""
    return [[client.submit(_nth, out, r, pure=False) for out in outputs] for r in range(parts)]


def _place(client: Any, candidates: Sequence[Any]) -> list[str]:
    """A worker for each partition's verify task, the partitions balanced by
    candidate count (largest first, to the least loaded thread), and each
    partition's candidates copied there before any verifying starts: left
    to itself, the scheduler ran 7 of 8 tasks on one worker, or had an idle
    worker wait on data from a busy one (which serves it slowly)."""
    sizes = client.gather([client.submit(len, c, pure=False) for c in candidates])
    threads = client.nthreads()
    load = dict.fromkeys(threads, 0.0)
    placed = [""] * len(candidates)
    for r in sorted(range(len(candidates)), key=lambda r: (-sizes[r], r)):
        worker = min(load, key=lambda w: (load[w], w))
        load[worker] += sizes[r] / threads[worker]
        placed[r] = worker
    for worker in threads:
        mine = [c for c, w in zip(candidates, placed, strict=True) if w == worker]
        if mine:
            client.replicate(mine, workers=[worker])
    return placed


class _Laps:
    """Seconds of each stage of a run, since the previous lap, added to
    ``timings`` (when given) under the stage's name."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self._timings = timings
        self._clock = time.perf_counter()

    def __call__(self, stage: str) -> float:
        now = time.perf_counter()
        seconds, self._clock = now - self._clock, now
        if self._timings is not None:
            self._timings[stage] = round(self._timings.get(stage, 0.0) + seconds, 3)
        return seconds


def plan_groups_on_dask(
    client: Any,
    quotes: Iterable[Quote],
    *,
    in_given_order: bool = False,
    partitions: int | None = None,
    timings: dict[str, float] | None = None,
    settings: GroupSettings | None = None,
) -> match.QuoteGrouping:
    """Group ``quotes`` as :func:`audit.match.group_quotes` does, the work
    spread over the Dask ``client``'s workers (see the stages above), and
    return the groups as numbers (:class:`audit.match.QuoteGrouping`), ready to store.

    The blocking, ranking, caps, scorer and join rules are group_quotes'
    own, so the groups are the same, with two exceptions: a quote meets at
    most ``max_run_partners`` (engine.toml) earlier quotes through one exact
    word run (group_quotes: all of them), and two blocking keys whose 64-bit
    hashes collide share a block (a few more candidates, verified).

    Quotes are taken in (article, start, end, id) order, or with
    ``in_given_order`` in the order given (a store's: the order it stored
    them, so that its later incremental joins continue the same sequence).
    ``partitions`` (default: ``partitions_per_thread`` per worker thread)
    changes how work is split, never the result. ``timings``, when given,
    receives the seconds each stage took on the client's clock. ``settings``:
    default :func:`group_settings` (the data files')."""
    s = settings or group_settings()
    ordered = tuple(quotes) if in_given_order else tuple(
        sorted(quotes, key=lambda q: (q.article, q.start, q.end, q.id))
    )
    n = len(ordered)
    if n >= 1 << 31:
        raise UsageError("group_on_dask takes at most 2**31 quotes per run")
    threads = max(1, sum(client.nthreads().values()))
    parts = partitions or s.dask.partitions_per_thread * threads
    lap = _Laps(timings)
    texts = share_texts(client, [q.text for q in ordered])
    surnames = share_texts(client, [match.speaker_surname(q.speaker) for q in ordered])
    lap("scatter")
    ranges = _ranges(n, s.dask.quotes_per_task)
    norms = [client.submit(normalised_wordings, texts, lo, hi, pure=False) for lo, hi in ranges]
    summaries = client.gather([
        client.submit(_norm_summary, texts, lo, f, s.quotes.short_words, pure=False)
        for f, (lo, _) in zip(norms, ranges, strict=True)
    ])
    lengths = [x for part, _ in summaries for x in part]
    short: set[tuple[int, int]] = set().union(*(keys for _, keys in summaries))
    short_sets = (frozenset(f for f, _ in short), frozenset(k for _, k in short))
    short_future = client.scatter([short_sets], broadcast=True, hash=False)[0]
    # Every verify task reads wordings from the whole corpus: sent to every
    # worker now, while they are idle (a busy worker serves data slowly).
    all_norms = client.scatter(["".join(client.gather(norms))], broadcast=True, hash=False)[0]
    lap("normalise")
    emitted = [
        client.submit(_emit, texts, f, lo, short_future, s, parts, pure=False)
        for f, (lo, _) in zip(norms, ranges, strict=True)
    ]
    blocks = [client.submit(_blocks, s, n, parts, *pieces, pure=False)
              for pieces in _shuffle(client, emitted, parts)]
    offers = [client.submit(_nth, b, 0, pure=False) for b in blocks]
    oldest = [client.submit(_nth, b, 1, pure=False) for b in blocks]
    ranked = [client.submit(_rank, texts, s, parts, *pieces, pure=False)
              for pieces in _shuffle(client, offers, parts)]
    requests = [client.submit(_nth, r, 1, pure=False) for r in ranked]
    fallbacks = [client.submit(_fallback, o, n, parts, *pieces, pure=False)
                 for o, pieces in zip(oldest, _shuffle(client, requests, parts), strict=True)]
    candidates = [client.submit(_candidates, r, *pieces, pure=False)
                  for r, pieces in zip(ranked, _shuffle(client, fallbacks, parts), strict=True)]
    placed = _place(client, candidates)
    verified = [client.submit(verify_pairs, texts, surnames, s, all_norms, c, pure=False,
                              workers=[placed[r]], allow_other_workers=True)
                for r, c in enumerate(candidates)]
    results: list[tuple[int, list[Verified]]] = client.gather(verified)
    lap("block_and_verify")
    del norms, all_norms, emitted, blocks, offers, oldest, ranked, requests, fallbacks
    del candidates, verified
    group_of, reference = join_in_order(ordered, lengths, (v for _, part in results for v in part))
    lap("join")
    return match.QuoteGrouping(
        quotes=ordered,
        group_of=tuple(group_of),
        references=tuple(reference),
        candidates=sum(c for c, _ in results),
        verified=sum(len(part) for _, part in results),
    )


def group_on_dask(
    client: Any,
    quotes: Iterable[Quote],
    *,
    partitions: int | None = None,
    timings: dict[str, float] | None = None,
    settings: GroupSettings | None = None,
) -> tuple[QuoteGroup, ...]:
    """The groups :func:`audit.match.group_quotes` gives, computed on the
    Dask ``client``'s workers: :func:`plan_groups_on_dask`, then each
    member's relation, score and word diff to its reference on the workers.
    Group ids "g1", "g2"... in order of first member, members in quote order
    after the reference. ``settings``: default :func:`group_settings`."""
    s = settings or group_settings()
    plan = plan_groups_on_dask(
        client, quotes, partitions=partitions, timings=timings, settings=s
    )
    lap = _Laps(timings)
    pairs = plan.member_pairs()
    texts = share_texts(client, [q.text for q in plan.quotes])
    futures = [client.submit(_member_details, texts, pairs[lo:hi], pure=False)
               for lo, hi in _ranges(len(pairs), s.dask.members_per_task)]
    groups = plan.groups(itertools.chain.from_iterable(client.gather(futures)))
    lap("members")
    return groups


# ---------------------------------------------------------------- grouping a store


def group_store(
    store: Store,
    client: Any | None = None,
    *,
    on_note: Callable[[str], None] | None = None,
    timings: dict[str, float] | None = None,
) -> int:
    """Group every quote of ``store`` as :func:`audit.match.group_quotes`
    does, on the Dask ``client``'s workers (:func:`plan_groups_on_dask`) or,
    without one, in this process (:func:`audit.match.plan_groups`), and store the
    groups in place of the store's own (:meth:`Store.set_groups`, one
    transaction). ``on_note`` hears each stage; ``timings`` receives the
    seconds of reading, grouping and storing. Returns the number of groups."""
    say = on_note or (lambda _text: None)
    lap = _Laps(timings)
    quotes = list(store.quotes())
    lap("read")
    where = "on Dask" if client is not None else "in this process"
    say(f"grouping {len(quotes)} quotes {where}")
    plan = plan_groups_on_dask(client, quotes) if client is not None else match.plan_groups(quotes)
    members = [[plan.quotes[i].id for i in group] for group in plan.members()]
    seconds = lap("group")
    say(f"grouped {len(quotes)} quotes in {seconds:.1f} s; storing the groups")
    groups = store.set_groups(members)
    say(f"stored {groups} groups in {lap('store'):.1f} s")
    return groups


def group_with_dask(
    store: Store,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    processes: bool = True,
    on_note: Callable[[str], None] | None = None,
) -> int:
    """:func:`group_store` on a Dask cluster (see
    :func:`audit.engine.cluster.dask_client`)."""
    with cluster.dask_client(scheduler, workers, processes=processes) as client:
        return group_store(store, client, on_note=on_note)
