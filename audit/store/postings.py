"""The stem index (the terms and postings tables) and the candidate search on
it: which stored quotes are worth verifying against a text.

An inverted index maps the word stems of each quote (the stems the scorer
compares) to the quotes holding them. A query reads the postings of its
rarest stems within a budget (store.toml), ranks the quotes found by
containment (shared stems over the smaller side's stems) and returns the best
as candidates; stored quotes of a few words equal to a run of the query's
words are found by exact hashes, since a fragment of common words has no rare
stem. While an add run chooses groups, the part of the index it reads is kept
in memory (:class:`IndexMemory`)."""

from __future__ import annotations

import heapq
import zlib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..rules.match import quote_settings
from ..rules.store import IndexBudget, store_rules
from .backends import Database
from .records import marks

# Quotes of at most this many words are indexed by their exact text too
# (short_quotes), so a fragment of common words is found inside a query.
SHORT_QUOTE_WORDS = 6

# The in-memory postings of a stem are cut back to the newest grouping budget's
# worth when they pass it by this many (Python int lists: building sets from
# them is 2.5x faster than from compact arrays, at ~40 bytes a posting).
_TRIM = 64


@dataclass(frozen=True)
class IndexSettings:
    """What the index reads with: match.toml's stem and short-quote lengths,
    and store.toml's budgets of a look-up and of choosing a group."""

    stem_length: int
    short_words: int
    lookup: IndexBudget
    grouping: IndexBudget


@cache
def index_settings() -> IndexSettings:
    """The index settings of the data files (cached); a :class:`Store` opened
    with other ``settings`` uses those instead."""
    rules, quotes = store_rules(), quote_settings()
    return IndexSettings(
        stem_length=quotes.stem_length,
        short_words=quotes.short_words,
        lookup=rules.lookup,
        grouping=rules.grouping,
    )


def stem_hash(stem: str) -> int:
    """32-bit hash of a stem (a term), signed so SQLite stores it in 4 bytes.
    A collision only adds candidates; verification removes them."""
    return zlib.crc32(stem.encode("utf-8")) - 0x80000000


def stem_hashes(words: Sequence[str], stem_length: int) -> list[int]:
    """The sorted, distinct terms of normalised ``words``."""
    return sorted({stem_hash(w[:stem_length]) for w in words})


def norm_hash(norm: str) -> int:
    """32-bit hash of a normalised text for exact probes (a collision only adds
    a candidate)."""
    return zlib.crc32(norm.encode("utf-8")) - 0x80000000


def posting_entry(quote_id: int, n_terms: int) -> int:
    """A posting's entry: the quote's row id * 64 + its stem count (capped at 63)."""
    return (quote_id << 6) | min(n_terms, 63)


class RecentPostings:
    """The newest postings of each stem grouping has read during an add run
    (ascending, at least the grouping budget's worth), so choosing a group
    reads the index from memory; postings are written in bulk when a batch
    commits. ``unloaded`` holds the open batch's postings of stems not read
    yet; ``tiny`` the postings of quotes with at most two stems (see
    :meth:`shared_counts`)."""

    def __init__(self, db: Database, cap: int) -> None:
        self.db = db
        self.cap = cap
        self.by_term: dict[int, list[int]] = {}
        self.tiny: dict[int, list[int]] = {}
        self.unloaded: dict[int, list[int]] = {}

    def newest(self, term: int) -> list[int]:
        """The newest postings of ``term`` (at least the grouping budget's
        worth, oldest first), read from the database once per add run."""
        kept = self.by_term.get(term)
        if kept is None:
            rows = self.db.execute(
                "SELECT entry FROM postings WHERE term = ? ORDER BY entry DESC LIMIT ?",
                (term, self.cap),
            ).fetchall()
            kept = [r[0] for r in reversed(rows)]
            kept.extend(self.unloaded.pop(term, ()))
            self.by_term[term] = kept
            tiny = [e for e in kept if e & 63 <= 2]
            if tiny:
                self.tiny[term] = tiny
        return kept

    def add(self, rows: Sequence[tuple[int, int]]) -> None:
        """Take in a stored article's postings (term, entry)."""
        recent, cap = self.by_term, self.cap
        for term, entry in rows:
            kept = recent.get(term)
            if kept is None:
                self.unloaded.setdefault(term, []).append(entry)
            else:
                kept.append(entry)
                if entry & 63 <= 2:
                    self.tiny.setdefault(term, []).append(entry)
                if len(kept) > cap + _TRIM:
                    del kept[: len(kept) - cap]
                    small = self.tiny.get(term)
                    if small:
                        del small[: bisect_left(small, kept[0])]

    def remove(self, postings: Sequence[tuple[int, int]]) -> None:
        """Drop a deleted article's postings (term, entry)."""
        gone: dict[int, set[int]] = {}
        for t, e in postings:
            gone.setdefault(t, set()).add(e)
        for t, entries in gone.items():
            kept = self.by_term.get(t)
            if kept is not None:
                self.by_term[t] = [e for e in kept if e not in entries]
            if t in self.tiny:
                self.tiny[t] = [e for e in self.tiny[t] if e not in entries]
            if t in self.unloaded:
                self.unloaded[t] = [e for e in self.unloaded[t] if e not in entries]

    def shared_counts(
        self, used: Sequence[tuple[int, int]], pending: Sequence[tuple[int, int]]
    ) -> dict[int, int]:
        """From memory, the number of ``used`` stems (term, newest postings to
        read) each quote holds, with the article's ``pending`` postings; like
        the database query, only quotes holding two or more of them, or at
        most two stems in all, or every quote when one stem is used. Set
        operations keep the per-posting work in C (most postings are a
        quote's only shared stem)."""
        wanted = {t for t, _ in used}
        extra: dict[int, list[int]] = {}
        for t, e in pending:
            if t in wanted:
                extra.setdefault(t, []).append(e)
        sets = []
        tiny: set[int] = set()
        tiny_of = self.tiny
        for term, n in used:
            newest = self.newest(term)[-n:]
            found = set(newest)
            if term in extra:
                found.update(extra[term])
                tiny.update(e for e in extra[term] if e & 63 <= 2)
            sets.append(found)
            if newest and term in tiny_of:
                small = tiny_of[term]  # ascending, like the postings
                tiny.update(small[bisect_left(small, newest[0]) :])
        if len(sets) == 1:
            return dict.fromkeys(sets[0], 1)
        seen: set[int] = set()
        multi: set[int] = set()
        for found in sets:
            multi |= seen & found
            seen |= found
        multi |= tiny
        counts = dict.fromkeys(multi, 0)
        for found in sets:
            for e in multi & found:
                counts[e] += 1
        return counts


@dataclass
class IndexMemory:
    """The index as an add run that chooses groups keeps it: every stem's
    document frequency (read once, so choosing the rarest stems of a new
    quote costs no query; it only steers candidate choice), the normalised
    texts of the quotes in short_quotes (so most word runs of a new quote need
    neither a hash nor a query), and the recent postings."""

    df: dict[int, int]
    short: set[str]
    recent: RecentPostings

    @classmethod
    def load(cls, db: Database, settings: IndexSettings) -> IndexMemory:
        """Read the frequencies and short texts of the store."""
        return cls(
            recent=RecentPostings(db, settings.grouping.postings),
            df=dict(db.execute("SELECT term, df FROM terms")),
            short={
                r[0] for r in db.execute(
                    "SELECT q.norm FROM short_quotes s JOIN quotes q ON q.id = s.quote"
                )
            },
        )


def candidate_ids(
    db: Database,
    settings: IndexSettings,
    words: Sequence[str],
    terms: Sequence[int],
    budget: IndexBudget,
    *,
    short_runs: bool,
    pending: Sequence[tuple[int, int]] = (),
    memory: IndexMemory | None = None,
) -> set[int]:
    """Quotes worth verifying against ``words`` (stem hashes ``terms``): the
    best by containment of the rarest stems, plus stored quotes equal to a
    run of ``words`` (runs shorter than ``short_words`` with
    ``short_runs``). ``pending`` postings (term, entry) are not written yet
    but count as stored. With an add run's ``memory``, frequencies, short
    texts and postings are read from it."""
    if memory is not None:
        df = memory.df
        rare = sorted((df[t], t) for t in terms if t in df)[: budget.terms]
    else:
        rare = db.execute(
            f"SELECT df, term FROM terms WHERE term IN ({marks(len(terms))}) "
            "ORDER BY df, term LIMIT ?",
            (*terms, budget.terms),
        ).fetchall()
    # The rarest stems, whole, while their postings fit the budget; the
    # rarest is always used, cut to the budget's newest postings (a
    # statement is passed on soon after it is made). A common stem is
    # never cut: a quote holding every used stem then holds every one.
    used: list[tuple[int, int]] = []
    total = 0
    for n, term in rare:
        if used and total + n > budget.postings:
            if total > budget.postings and max(total, n) <= budget.pair_postings:
                # Even the rarest stem is past the budget (its newest
                # postings would all hold "every used stem" and miss the
                # older ones): read it and the next rarest whole, and
                # verify the quotes holding both.
                used = [(used[0][0], total), (term, n)]
            break
        used.append((term, min(n, budget.postings)))
        total += n
    # Short stored quotes equal to a run of the query's words.
    longest = min(SHORT_QUOTE_WORDS, settings.short_words - 1 if short_runs else SHORT_QUOTE_WORDS)
    runs: set[int] = set()
    short = None if memory is None else memory.short
    for i in range(len(words)):
        run = words[i]
        if short is None or run in short:
            runs.add(norm_hash(run))
        for word in words[i + 1 : i + longest]:
            run = f"{run} {word}"
            if short is None or run in short:
                runs.add(norm_hash(run))
    # One query (one round trip to a database server) for the three probes,
    # each row tagged: 0 = a quote sharing stems (with how many), 1 = a
    # stored quote equal to the query, 2 = a short stored quote equal to a
    # run of its words. The postings are counted in the database: one row
    # per quote, not one per posting. A quote sharing one stem with a
    # query of several is left out unless it has at most two stems (the
    # article's pending quotes are never in the database, so filtering
    # here is exact).
    n_used = len(used)
    counts: dict[int, int] = {}
    if used and memory is not None and budget.postings <= settings.grouping.postings:
        # Adding: the postings are in memory (see RecentPostings).
        counts = memory.recent.shared_counts(used, pending)
        used_sql: list[tuple[int, int]] = []
        pending = ()
    else:
        used_sql = used
    parts = [
        "SELECT * FROM (SELECT 1 AS k, id, 0 AS n FROM quotes WHERE norm_hash = ? "
        "LIMIT ?) AS exact"
    ]
    params: list[int] = [norm_hash(" ".join(words)), budget.run_hits]
    if used_sql:
        union = " UNION ALL ".join(
            [f"SELECT * FROM (SELECT entry FROM postings WHERE term = ? "
             f"ORDER BY entry DESC LIMIT ?) AS p{i}" for i in range(n_used)]
        )
        having = "" if n_used == 1 else " HAVING count(*) > 1 OR (entry & 63) <= 2"
        parts.append(f"SELECT * FROM (SELECT 0 AS k, entry, count(*) AS n FROM ({union}) "
                     f"AS u GROUP BY entry{having}) AS shared")
        params.extend(x for pair in used_sql for x in pair)
    if runs:
        parts.append(
            "SELECT * FROM (SELECT 2 AS k, quote, 0 AS n FROM short_quotes WHERE norm_hash "
            f"IN ({marks(len(runs))}) LIMIT ?) AS short"
        )
        params.extend((*runs, budget.run_hits))
    found: set[int] = set()
    for kind, value, n in db.execute(" UNION ALL ".join(parts), params).fetchall():
        if kind:
            found.add(value)
        else:
            counts[value] = n
    if used:
        if pending:
            wanted = {t for t, _ in used}
            for t, e in pending:
                if t in wanted:
                    counts[e] = counts.get(e, 0) + 1
        # Containment: shared stems over the smaller side's stem count; the
        # best first, ties to the older quote (match.group_quotes prefers
        # the earliest group).
        scored = [
            (-c / min(n_used, (e & 63) or 1), e)
            for e, c in counts.items()
            if c > 1 or (e & 63) <= 2 or n_used == 1
        ]
        ranked = heapq.nsmallest(budget.candidates, scored)
        found.update(e >> 6 for score, e in ranked if -score >= budget.containment)
        if len(ranked) == budget.candidates and ranked[-1][0] <= -1.0:
            # More quotes than candidates hold every used stem (a phrase quoted
            # again and again): verify up to max_full of them, oldest first.
            full = sorted(e for score, e in scored if score <= -1.0)
            found.update(e >> 6 for e in full[: budget.full])
    return found
