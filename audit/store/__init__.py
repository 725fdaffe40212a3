"""The corpus store: parsed articles kept in one SQLite file or PostgreSQL
database, with an index for fast quote look-up and quote groups kept up to
date as articles arrive.

One store (``--db FILE|URL``, else ``$CITEAUDIT_DB``, else ``citeaudit.db``) holds
every article's text and metadata, its quotes, sources, people (with their
mentions and titles) and reported speech, so a report can be rebuilt without
the original files. Each quote also belongs to a quote group.

Look-up does not scan the archive. An inverted index maps the word stems of
each quote (the stems the scorer compares) to the quotes holding them; a
query reads the postings of its rarest stems, ranks the quotes found by
containment (shared stems over the smaller side's stems) and verifies the
best candidates with :func:`audit.match.lookup` itself, so every result and
score is the one a brute-force scan would give; only a match missing from the
candidates can be lost (the benchmark measures how often). Stored quotes of a
few words that occur word for word in the query are found by exact hashes of
the query's word runs, since a fragment of common words has no rare stem.

Grouping is incremental: each new quote looks up its candidates in the same
index and joins the group of its best match under the rules of
:func:`audit.match.group_quotes` (best score, then same speaker, then earliest
group), or starts a group. Adding articles never regroups the archive. For
bulk loads, ``add(..., group=False)`` stores quotes ungrouped (a group each)
and :meth:`Store.set_groups` then stores a whole-corpus grouping (from
:func:`audit.match.group_quotes` or the Dask engine) in one transaction.

Each article is stored inside its own savepoint, committed in batches (up to
COMMIT_ARTICLES articles or COMMIT_SECONDS): an error, an interrupt or a crash
leaves every article either fully stored or absent; a crash loses at most the
open batch. While adding, the index postings grouping reads are kept in memory
and the batch's postings and counts are written in bulk at its commit.
An article already stored with the same content (under any path) is
not stored again; one stored under the same path with other content is
replaced, and the groups it leaves keep their other members.

The schema version is kept in ``PRAGMA user_version`` (on PostgreSQL, in the
citeaudit_meta table); opening a store runs the migration steps from its
version up, and refuses a store from a newer citeaudit or a file or database
that is not a citeaudit store.

The store runs on SQLite (a file) or PostgreSQL (``postgresql://`` URL, for
teams and large archives); :mod:`audit.store_sql` hides the difference, the
SQL here is written once for both. Writers take turns a batch at a time
(SQLite's write lock, a PostgreSQL advisory lock), so two index runs at once
lose nothing and store nothing twice; readers never wait.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import time
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import TracebackType
from typing import Any, Literal

from .. import match
from ..errors import StoreError
from ..models import (
    Article,
    LookupMatch,
    Mention,
    Outlet,
    ParsedArticle,
    Person,
    Quote,
    QuoteGroup,
    QuoteMember,
    ReportedSpeech,
    Source,
    Span,
)
from ..rules import load_data
from ..text import normalize
from .sql import Database, Statement, is_url, open_database

DEFAULT_DB = "citeaudit.db"
# The article of the mention standing for a stored name in Store.people_counted.
STORED = "<store>"
# Complete articles are committed together at most this many at a time, or
# after this many seconds. Durability trade-off: a crash or power loss loses
# at most the open batch (whole articles, never a part of one); in exchange a
# commit writes each touched index page once per batch, not once per article.
# 100k-quote store, adding 1,400 articles: 200 articles / 1 s spent 1.6 ms per
# article committing; 2000 / 5 s spends 0.3 ms.
COMMIT_ARTICLES = 2000
COMMIT_SECONDS = 5.0
# Quotes of at most this many words are indexed by their exact text too
# (short_quotes), so a fragment of common words is found inside a query.
SHORT_QUOTE_WORDS = 6
ENV_DB = "CITEAUDIT_DB"

# Migration steps: MIGRATIONS[v] holds the statements that turn schema v into
# v + 1 (v = 0 is an empty file). A later schema appends a step; a step that
# needs Python work (recomputing a column) can be added as a callable later.
_V1: tuple[str, ...] = (
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        title TEXT, publisher TEXT, author TEXT, date TEXT, url TEXT,
        paragraphs TEXT NOT NULL,   -- JSON [[start, end, label], ...]
        boilerplate TEXT NOT NULL,  -- JSON [[start, end, label], ...]
        text TEXT NOT NULL          -- last: the small columns stay on the row's page
    )""",
    "CREATE INDEX articles_by_hash ON articles(content_hash)",
    # A group's id is stable; its reference (the longest non-fragment wording)
    # may change as members join.
    "CREATE TABLE quote_groups (id INTEGER PRIMARY KEY, reference INTEGER NOT NULL)",
    """CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(id),
        qid TEXT NOT NULL,              -- Quote.id as the parser gave it
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        norm TEXT NOT NULL,             -- audit.text.normalize(text)
        norm_hash INTEGER NOT NULL,     -- 32-bit hash of norm: exact and run probes
        speaker TEXT, speaker_start INTEGER, speaker_end INTEGER,
        cue TEXT, fragment INTEGER NOT NULL, via TEXT,
        grp INTEGER NOT NULL REFERENCES quote_groups(id)
    )""",
    "CREATE INDEX quotes_by_article ON quotes(article)",
    "CREATE INDEX quotes_by_norm ON quotes(norm_hash)",
    # Quotes of at most SHORT_QUOTE_WORDS words, found inside longer texts by
    # probing the hashes of the text's word runs.
    """CREATE TABLE short_quotes (
        norm_hash INTEGER NOT NULL, quote INTEGER NOT NULL, PRIMARY KEY (norm_hash, quote)
    ) WITHOUT ROWID""",
    "CREATE INDEX quotes_by_group ON quotes(grp)",
    # The stem index: term = 32-bit hash of a stem; entry = quote id * 64 +
    # the quote's stem count (capped at 63), so ranking needs no extra read.
    "CREATE TABLE terms (term INTEGER PRIMARY KEY, df INTEGER NOT NULL)",
    """CREATE TABLE postings (
        term INTEGER NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (term, entry)
    ) WITHOUT ROWID""",
    """CREATE TABLE sources (
        article INTEGER NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        name TEXT NOT NULL, kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        cue TEXT, cue_start INTEGER, cue_end INTEGER, via TEXT, role TEXT,
        outlet TEXT,                    -- JSON of the Outlet record, or NULL
        PRIMARY KEY (article, ord)
    ) WITHOUT ROWID""",
    """CREATE TABLE people (
        article INTEGER NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        name TEXT NOT NULL, PRIMARY KEY (article, ord)
    ) WITHOUT ROWID""",
    "CREATE INDEX people_by_name ON people(name)",
    """CREATE TABLE person_names (
        article INTEGER NOT NULL, person INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('variant', 'title')), ord INTEGER NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (article, person, kind, ord),
        FOREIGN KEY (article, person) REFERENCES people(article, ord)
    ) WITHOUT ROWID""",
    """CREATE TABLE mentions (
        article INTEGER NOT NULL, person INTEGER NOT NULL, ord INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        full_name TEXT NOT NULL, title TEXT, title_start INTEGER, title_end INTEGER,
        PRIMARY KEY (article, person, ord),
        FOREIGN KEY (article, person) REFERENCES people(article, ord)
    ) WITHOUT ROWID""",
    """CREATE TABLE reported (
        article INTEGER NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        speaker TEXT, cue TEXT NOT NULL,
        PRIMARY KEY (article, ord)
    ) WITHOUT ROWID""",
)


def _fill_person_keys(db: Database) -> None:
    """Migration to v2: the blocking keys of every person name stored."""
    names = [r[0] for r in db.execute("SELECT DISTINCT name FROM people").fetchall()]
    db.executemany(
        "INSERT INTO person_keys (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
        _person_key_rows(names),
    )


def _person_usage(people: Iterable[Person]) -> Counter[tuple[str, str, str]]:
    """An article's person_usage rows (name, kind, value) with their counts;
    the same counts the v3 migration computes in SQL."""
    out: Counter[tuple[str, str, str]] = Counter()
    for p in people:
        out[(p.name, "record", "")] += 1
        out.update((p.name, "variant", v) for v in p.variants)
        out.update((p.name, "title", t) for t in p.titles)
        out.update((p.name, "spelling", f) for f in {m.full_name or m.text for m in p.mentions})
        out.update((p.name, "mention_title", m.title) for m in p.mentions if m.title)
    return out


def _person_key_rows(names: Iterable[str]) -> list[tuple[str, str]]:
    return sorted((key, name) for name in names for key in match.name_keys(name))


# v2: person_keys, the names of stored people by the blocking keys of
# match.group_people, so checking a draft's people reads only the records
# that may be the same people (audit.check), not every person stored.
_V2: tuple[Statement, ...] = (
    """CREATE TABLE person_keys (
        key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name)
    ) WITHOUT ROWID""",
    _fill_person_keys,
)

# v3: person_usage, how the records of each stored person name use spellings
# and titles, kept up to date as articles come and go, so checking a draft's
# people reads a few rows per name instead of every record of a famous person
# (tens of thousands in a large archive). Kinds: record (value '': records of
# the name), variant / title (records listing that variant or title), spelling
# (records with a mention spelled that way, full name else text: about the
# articles using it), mention_title (mentions carrying that title).
_USAGE_FILL: tuple[str, ...] = (
    "INSERT INTO person_usage (name, kind, value, n) "
    "SELECT name, 'record', '', count(*) FROM people GROUP BY name",
    "INSERT INTO person_usage (name, kind, value, n) "
    "SELECT p.name, n.kind, n.value, count(*) FROM people p JOIN person_names n "
    "ON n.article = p.article AND n.person = p.ord GROUP BY p.name, n.kind, n.value",
    "INSERT INTO person_usage (name, kind, value, n) "
    "SELECT name, 'spelling', spelled, count(*) FROM (SELECT DISTINCT p.name AS name, "
    "p.article, p.ord, coalesce(nullif(m.full_name, ''), m.text) AS spelled FROM people p "
    "JOIN mentions m ON m.article = p.article AND m.person = p.ord) AS s GROUP BY name, spelled",
    "INSERT INTO person_usage (name, kind, value, n) "
    "SELECT p.name, 'mention_title', m.title, count(*) FROM people p JOIN mentions m "
    "ON m.article = p.article AND m.person = p.ord WHERE m.title <> '' GROUP BY p.name, m.title",
)
_V3: tuple[Statement, ...] = (
    """CREATE TABLE person_usage (
        name TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (name, kind, value)
    ) WITHOUT ROWID""",
    *_USAGE_FILL,
)
_PG_V3: tuple[Statement, ...] = (
    """CREATE TABLE person_usage (
        name TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, n BIGINT NOT NULL,
        PRIMARY KEY (name, kind, value)
    )""",
    *_USAGE_FILL,
)
MIGRATIONS: list[tuple[Statement, ...]] = [_V1, _V2, _V3]

# The same schema on PostgreSQL, step for step (PG_MIGRATIONS[v] matches
# MIGRATIONS[v]): 64-bit row ids (entry = quote id * 64 needs them past 33M
# quotes), no WITHOUT ROWID. The version lives in the citeaudit_meta table (audit.store_sql).
_PG_V1: tuple[str, ...] = (
    """CREATE TABLE articles (
        id BIGINT PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        title TEXT, publisher TEXT, author TEXT, date TEXT, url TEXT,
        paragraphs TEXT NOT NULL, boilerplate TEXT NOT NULL, text TEXT NOT NULL
    )""",
    "CREATE INDEX articles_by_hash ON articles(content_hash)",
    """CREATE TABLE quote_groups (
        id BIGINT PRIMARY KEY, reference BIGINT NOT NULL
    )""",
    """CREATE TABLE quotes (
        id BIGINT PRIMARY KEY,
        article BIGINT NOT NULL REFERENCES articles(id),
        qid TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, norm TEXT NOT NULL, norm_hash INTEGER NOT NULL,
        speaker TEXT, speaker_start INTEGER, speaker_end INTEGER,
        cue TEXT, fragment SMALLINT NOT NULL, via TEXT,
        grp BIGINT NOT NULL REFERENCES quote_groups(id)
    )""",
    "CREATE INDEX quotes_by_article ON quotes(article)",
    "CREATE INDEX quotes_by_norm ON quotes(norm_hash)",
    """CREATE TABLE short_quotes (
        norm_hash INTEGER NOT NULL, quote BIGINT NOT NULL, PRIMARY KEY (norm_hash, quote)
    )""",
    "CREATE INDEX quotes_by_group ON quotes(grp)",
    "CREATE TABLE terms (term INTEGER PRIMARY KEY, df INTEGER NOT NULL)",
    """CREATE TABLE postings (
        term INTEGER NOT NULL, entry BIGINT NOT NULL, PRIMARY KEY (term, entry)
    )""",
    """CREATE TABLE sources (
        article BIGINT NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        name TEXT NOT NULL, kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        cue TEXT, cue_start INTEGER, cue_end INTEGER, via TEXT, role TEXT, outlet TEXT,
        PRIMARY KEY (article, ord)
    )""",
    """CREATE TABLE people (
        article BIGINT NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        name TEXT NOT NULL, PRIMARY KEY (article, ord)
    )""",
    "CREATE INDEX people_by_name ON people(name)",
    """CREATE TABLE person_names (
        article BIGINT NOT NULL, person INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('variant', 'title')), ord INTEGER NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (article, person, kind, ord),
        FOREIGN KEY (article, person) REFERENCES people(article, ord)
    )""",
    """CREATE TABLE mentions (
        article BIGINT NOT NULL, person INTEGER NOT NULL, ord INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        full_name TEXT NOT NULL, title TEXT, title_start INTEGER, title_end INTEGER,
        PRIMARY KEY (article, person, ord),
        FOREIGN KEY (article, person) REFERENCES people(article, ord)
    )""",
    """CREATE TABLE reported (
        article BIGINT NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        speaker TEXT, cue TEXT NOT NULL,
        PRIMARY KEY (article, ord)
    )""",
)
_PG_V2: tuple[Statement, ...] = (
    "CREATE TABLE person_keys (key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name))",
    _fill_person_keys,
)
PG_MIGRATIONS: list[tuple[Statement, ...]] = [_PG_V1, _PG_V2, _PG_V3]

# Per-article records that nothing reads while an add runs: kept in memory and
# written in bulk when a batch commits (COPY on PostgreSQL), in this order
# (people before the names and mentions that refer to them).
_SIDE_TABLES: dict[str, tuple[str, ...]] = {
    "sources": ("article", "ord", "name", "kind", "start", "end", "cue", "cue_start",
                "cue_end", "via", "role", "outlet"),
    "people": ("article", "ord", "name"),
    "person_names": ("article", "person", "kind", "ord", "value"),
    "mentions": ("article", "person", "ord", "start", "end", "text", "full_name", "title",
                 "title_start", "title_end"),
    "reported": ("article", "ord", "start", "end", "text", "speaker", "cue"),
}


def schema_version() -> int:
    """The schema version this code writes: the number of migration steps."""
    return len(MIGRATIONS)


def default_db_path() -> str:
    """The store used when none is given: ``$CITEAUDIT_DB`` (a file path or a
    postgresql:// URL), else ``citeaudit.db`` in the working directory."""
    return os.environ.get(ENV_DB) or DEFAULT_DB


AddOutcome = Literal["added", "replaced", "unchanged"]


@dataclass(frozen=True)
class AddSummary:
    """What :meth:`Store.add` did with each article, by path (input order).

    ``unchanged`` articles were already stored with the same content: under
    the same path, or under another one (``same_as`` pairs the path with the
    stored one); they were not stored again."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    same_as: tuple[tuple[str, str], ...] = ()
    quotes: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "replaced": list(self.replaced),
            "unchanged": list(self.unchanged),
            "same_as": [list(p) for p in self.same_as],
            "quotes": self.quotes,
        }


@dataclass(frozen=True)
class _Budget:
    terms: int
    postings: int
    candidates: int
    run_hits: int
    containment: float
    full: int
    pair_postings: int


@dataclass(frozen=True)
class _Settings:
    stem_length: int
    short_words: int
    lookup: _Budget
    grouping: _Budget


def _budget(table: dict[str, Any]) -> _Budget:
    return _Budget(
        terms=int(table["max_terms"]),
        postings=int(table["postings_budget"]),
        candidates=int(table["max_candidates"]),
        run_hits=int(table["max_run_hits"]),
        containment=float(table["min_containment"]),
        full=int(table["max_full"]),
        pair_postings=int(table["pair_postings"]),
    )


@cache
def _settings() -> _Settings:
    data = load_data("store.toml")
    matching = load_data("match.toml")
    lk, gr = data["lookup"], data["grouping"]
    return _Settings(
        stem_length=int(matching["quotes"]["stem_length"]),
        short_words=int(matching["quotes"]["short_words"]),
        lookup=_budget(lk),
        grouping=_budget(gr),
    )


def _term(stem: str) -> int:
    """32-bit hash of a stem, signed so SQLite stores it in 4 bytes. A
    collision only adds candidates; verification removes them."""
    return zlib.crc32(stem.encode("utf-8")) - 0x80000000


def _terms(words: Sequence[str], stem_length: int) -> list[int]:
    return sorted({_term(w[:stem_length]) for w in words})


def _norm_hash(norm: str) -> int:
    """32-bit hash of a normalised text for exact probes (a collision only adds
    a candidate)."""
    return zlib.crc32(norm.encode("utf-8")) - 0x80000000


def _entry(quote_id: int, n_terms: int) -> int:
    return (quote_id << 6) | min(n_terms, 63)


def _spans(spans: Sequence[Span]) -> str:
    return json.dumps([[s.start, s.end, s.label] for s in spans], separators=(",", ":"))


def _unspans(raw: str) -> tuple[Span, ...]:
    return tuple(Span(int(s), int(e), str(label)) for s, e, label in json.loads(raw))


# Comparison keys kept while adding (a popular statement is a candidate again
# and again); the cache is emptied when it grows past this many (~1 KB each).
_KEY_CACHE = 100_000

# The in-memory postings of a stem are cut back to the newest grouping budget's
# worth when they pass it by this many (Python int lists: building sets from
# them is 2.5x faster than from compact arrays, at ~40 bytes a posting).
_TRIM = 64

# Row ids per "IN (...)" list: well under SQLite's 32766 parameters.
_IN_CHUNK = 5000


def _marks(n: int) -> str:
    """``n`` SQL parameter marks for an ``IN (...)`` list."""
    return ",".join("?" * n)


# Quote columns, with the article path, in Quote field order after the row id.
_QUOTE_COLUMNS = (
    "q.id, q.qid, a.path, q.start, q.\"end\", q.text, q.speaker, q.speaker_start, "
    "q.speaker_end, q.cue, q.fragment, q.via"
)


_NEW_GROUP = "INSERT INTO quote_groups (id, reference) VALUES (?, ?)"
_NEW_QUOTE = "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_NEW_SHORT = "INSERT INTO short_quotes VALUES (?, ?)"


def _quote(row: Sequence[Any]) -> Quote:
    return Quote(
        id=row[1], article=row[2], start=row[3], end=row[4], text=row[5], speaker=row[6],
        speaker_start=row[7], speaker_end=row[8], cue=row[9], fragment=bool(row[10]),
        via=row[11],
    )


def _light_quote(text: str, speaker: str | None, fragment: int) -> Quote:
    """A stored quote with only the fields the join rules read."""
    return Quote(id="", article="", start=0, end=0, text=text, speaker=speaker,
                 fragment=bool(fragment))


@dataclass
class _Member:
    """A stored quote considered as a group partner for a new quote."""

    id: int
    quote: Quote
    key: match.ComparisonKey
    group: int
    is_reference: bool


@dataclass
class _Pending:
    """Counts of one :meth:`Store.add` call."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    same_as: list[tuple[str, str]] = field(default_factory=list)
    quotes: int = 0


class Store:
    """An open corpus store; use as a context manager or call :meth:`close`."""

    def __init__(self, db: Database, path: str) -> None:
        self._conn = db
        self.path = path
        # During add(): every stem's document frequency, read once, so choosing
        # the rarest stems of each new quote costs no query. It only steers
        # candidate choice; it is read again when another writer committed
        # between two batches.
        self._df: dict[int, int] | None = None
        self._df_pending: Counter[int] = Counter()
        # During add(): the texts (normalised) of the quotes in short_quotes, so
        # most word runs of a new quote need neither a hash nor a query.
        self._short: set[str] | None = None
        # During add(): the side-table rows of the open batch (see _SIDE_TABLES),
        # and of the article being stored.
        self._batch_rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _SIDE_TABLES}
        self._article_rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _SIDE_TABLES}
        self._purged: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _SIDE_TABLES}
        self._next_ids = {"articles": 0, "quote_groups": 0, "quotes": 0}
        # During add(): do new quotes choose their groups (False: each starts
        # one, and set_groups groups the store later)?
        self._grouping = True
        # During add(): the newest postings of each stem grouping has read
        # (ascending, at least the grouping budget's worth), so choosing a
        # group reads the index from memory; postings are written in bulk when
        # a batch commits. _unloaded holds the open batch's postings of stems
        # not read yet; _batch_postings the batch's postings by article (a
        # replaced article's are set aside in _purged_postings until its
        # replacement is stored); _batch_df the batch's document-frequency changes.
        self._recent: dict[int, list[int]] | None = None
        # Comparison keys of stored quotes met as group candidates (by row id).
        self._keys: dict[int, match.ComparisonKey] = {}
        # Of those, the postings of quotes with at most two stems (see _shared_counts).
        self._recent_tiny: dict[int, list[int]] = {}
        self._unloaded: dict[int, list[int]] = {}
        self._batch_postings: dict[int, list[tuple[int, int]]] = {}
        self._article_postings: tuple[int, list[tuple[int, int]]] | None = None
        self._purged_postings: dict[int, list[tuple[int, int]]] = {}
        self._batch_df: Counter[int] = Counter()
        # Person names whose person_keys rows this batch writes, and the names
        # known to have them (rows are never deleted: a name no article uses
        # any more only finds no records).
        self._batch_names: set[str] = set()
        self._known_names: set[str] = set()
        # person_usage changes: of the article being stored (its own counts,
        # less those of the article it replaces), of the batch, and the counts
        # of each article stored in the batch (see _person_usage).
        self._usage_pending: Counter[tuple[str, str, str]] = Counter()
        self._article_usage: tuple[int, Counter[tuple[str, str, str]]] | None = None
        self._batch_usage: Counter[tuple[str, str, str]] = Counter()
        self._usage_by_aid: dict[int, Counter[tuple[str, str, str]]] = {}
        self._purged_usage: dict[int, Counter[tuple[str, str, str]]] = {}

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> Store:
        """Open (with ``create``, make) the store at ``path``: a SQLite file, or
        a PostgreSQL database given as a ``postgresql://`` URL (needs the
        ``postgres`` extra), migrating an older schema. Raises
        :class:`StoreError` for a missing store (without ``create``), a file
        or database that is not a citeaudit store, or a newer schema."""
        name = os.fspath(path)
        db = open_database(name, create=create)
        try:
            db.migrate(PG_MIGRATIONS if is_url(name) else MIGRATIONS)
        except BaseException:
            db.close()
            raise
        return cls(db, db.name)

    @property
    def backend(self) -> str:
        """The database kind: ``sqlite`` or ``postgresql``."""
        return self._conn.kind

    def close(self) -> None:
        """Close the file or connection (SQLite checkpoints the WAL)."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------ adding

    def add(
        self,
        parsed: Iterable[ParsedArticle],
        *,
        on_progress: Callable[[str, AddOutcome], None] | None = None,
        group: bool = True,
    ) -> AddSummary:
        """Store parsed articles and group their quotes with the archive.

        Each article is stored whole or not at all: it is written inside a
        savepoint, and the savepoints are committed in batches (every
        ``COMMIT_ARTICLES`` articles or ``COMMIT_SECONDS`` seconds, which
        spares a WAL write of every touched index page per article). When
        storing an article (or reading the next one) raises, or the run is
        interrupted, that article is rolled back, the articles before it are
        committed, and the exception propagates. ``on_progress(path,
        outcome)`` is called after each article (an article reported is in
        the open batch; only an error that makes SQLite abort the whole
        transaction, such as a full disk, can still lose that batch).

        With ``group=False`` (the bulk path) each new quote starts a group of
        its own and nothing of the index is read to choose groups: storing is
        faster, and the store stays valid (every look-up works) until
        :meth:`set_groups` stores the grouping of the whole corpus."""
        done = _Pending()
        conn = self._conn
        self._grouping = group
        self._begin_batch()
        try:
            opened, in_batch = time.monotonic(), 0
            for item in parsed:
                conn.execute("SAVEPOINT article")
                try:
                    outcome = self._add_one(item, done)
                    conn.sync()  # the article's own errors surface here, not later
                except BaseException:
                    self._df_pending.clear()
                    self._article_postings = None
                    self._usage_pending.clear()
                    self._article_usage = None
                    self._usage_by_aid.update(self._purged_usage)
                    self._purged_usage.clear()
                    self._batch_postings.update(self._purged_postings)
                    self._purged_postings.clear()
                    for table, rows in self._article_rows.items():
                        rows.clear()
                        self._batch_rows[table].extend(self._purged[table])
                        self._purged[table].clear()
                    if conn.in_transaction:
                        conn.execute("ROLLBACK TO article")
                    raise
                finally:
                    if conn.in_transaction:
                        conn.execute("RELEASE article")
                self._apply_df()
                self._keep_postings()
                self._keep_usage()
                for table, rows in self._article_rows.items():
                    self._batch_rows[table].extend(rows)
                    rows.clear()
                    self._purged[table].clear()
                if on_progress is not None:
                    on_progress(item.article.path, outcome)
                in_batch += 1
                if in_batch >= COMMIT_ARTICLES or time.monotonic() - opened > COMMIT_SECONDS:
                    self._commit_batch()
                    self._begin_batch()
                    opened, in_batch = time.monotonic(), 0
        finally:
            # Keep every complete article, also when something failed.
            if conn.in_transaction:
                self._commit_batch()
            self._df = self._short = self._recent = None
            self._unloaded, self._recent_tiny, self._keys = {}, {}, {}
            self._grouping = True
        return AddSummary(
            tuple(done.added),
            tuple(done.replaced),
            tuple(done.unchanged),
            tuple(done.same_as),
            done.quotes,
        )

    def _begin_batch(self) -> None:
        """Open a write transaction (waiting for other writers) and load the
        caches, again only when another writer committed since our last batch."""
        conn = self._conn
        stale = conn.begin_write()
        # Row ids are handed out here rather than by the database, so both
        # backends number rows alike and an insert needs no answer back.
        for table in self._next_ids:
            self._next_ids[table] = int(
                conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            )
        if not self._grouping:
            return  # the caches below only serve choosing groups
        if stale or self._df is None or self._short is None or self._recent is None:
            self._recent, self._recent_tiny = {}, {}
            self._df = dict(conn.execute("SELECT term, df FROM terms"))
            self._short = {
                r[0] for r in conn.execute(
                    "SELECT q.norm FROM short_quotes s JOIN quotes q ON q.id = s.quote"
                )
            }

    def _new_id(self, table: str) -> int:
        """The next row id of ``table`` (one past the largest when the batch
        began: writers take turns, so no other writer can take it)."""
        self._next_ids[table] += 1
        return self._next_ids[table]

    def _commit_batch(self) -> None:
        """Write the batch's postings, stem counts and side-table rows in bulk
        and commit."""
        conn = self._conn
        postings = sorted(p for rows in self._batch_postings.values() for p in rows)
        if postings:
            conn.insert_ints("postings", ("term", "entry"), postings)
        deltas = sorted((t, n) for t, n in self._batch_df.items() if n)
        if deltas:
            conn.add_counts("terms", "term", "df", deltas)
            if any(n < 0 for _, n in deltas):
                conn.execute("DELETE FROM terms WHERE df <= 0")
        usage = sorted((*k, n) for k, n in self._batch_usage.items() if n)
        if usage:
            conn.executemany(
                "INSERT INTO person_usage (name, kind, value, n) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name, kind, value) DO UPDATE SET n = person_usage.n + excluded.n",
                usage,
            )
            if any(row[3] < 0 for row in usage):
                conn.execute("DELETE FROM person_usage WHERE n <= 0")
        self._batch_usage.clear()
        self._usage_by_aid.clear()
        if self._batch_names:
            conn.executemany(
                "INSERT INTO person_keys (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                _person_key_rows(self._batch_names),
            )
            self._known_names |= self._batch_names
            self._batch_names.clear()
        self._batch_postings.clear()
        self._batch_df.clear()
        self._unloaded.clear()
        for table, columns in _SIDE_TABLES.items():
            rows = self._batch_rows[table]
            if rows:
                self._conn.copy(table, columns, rows)
                rows.clear()
        self._conn.commit()

    def _apply_df(self) -> None:
        """Fold a stored article's stem counts into the in-memory frequencies
        and the batch's changes."""
        self._batch_df.update(self._df_pending)
        if self._df is not None:
            df = self._df
            for term, n in self._df_pending.items():
                left = df.get(term, 0) + n
                if left > 0:
                    df[term] = left
                else:
                    df.pop(term, None)
        self._df_pending.clear()

    def _keep_usage(self) -> None:
        """Add a stored article's person_usage changes to the batch."""
        self._batch_usage.update(self._usage_pending)
        self._usage_pending.clear()
        self._purged_usage.clear()
        if self._article_usage is not None:
            aid, counts = self._article_usage
            self._usage_by_aid[aid] = counts
            self._article_usage = None

    def _keep_postings(self) -> None:
        """Add a stored article's postings to the batch and the in-memory index."""
        if self._article_postings is None:
            return
        aid, rows = self._article_postings
        self._article_postings = None
        self._purged_postings.clear()
        self._batch_postings[aid] = rows
        if self._recent is None:
            return
        recent, cap = self._recent, _settings().grouping.postings
        for term, entry in rows:
            kept = recent.get(term)
            if kept is None:
                self._unloaded.setdefault(term, []).append(entry)
            else:
                kept.append(entry)
                if entry & 63 <= 2:
                    self._recent_tiny.setdefault(term, []).append(entry)
                if len(kept) > cap + _TRIM:
                    del kept[: len(kept) - cap]
                    small = self._recent_tiny.get(term)
                    if small:
                        del small[: bisect_left(small, kept[0])]

    def _recent_postings(self, term: int) -> list[int]:
        """The newest postings of ``term`` (at least the grouping budget's
        worth, oldest first), read from the database once per add run."""
        assert self._recent is not None
        kept = self._recent.get(term)
        if kept is None:
            rows = self._conn.execute(
                "SELECT entry FROM postings WHERE term = ? ORDER BY entry DESC LIMIT ?",
                (term, _settings().grouping.postings),
            ).fetchall()
            kept = [r[0] for r in reversed(rows)]
            kept.extend(self._unloaded.pop(term, ()))
            self._recent[term] = kept
            tiny = [e for e in kept if e & 63 <= 2]
            if tiny:
                self._recent_tiny[term] = tiny
        return kept

    def _shared_counts(
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
        tiny_of = self._recent_tiny
        for term, n in used:
            newest = self._recent_postings(term)[-n:]
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

    def _add_one(self, item: ParsedArticle, done: _Pending) -> AddOutcome:
        """Store one article (inside the caller's savepoint) unless already stored."""
        article = item.article
        digest = article.content_hash or hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        conn = self._conn
        row = conn.execute(
            "SELECT id, content_hash FROM articles WHERE path = ?", (article.path,)
        ).fetchone()
        if row is not None and row[1] == digest:
            done.unchanged.append(article.path)
            return "unchanged"
        if row is None:
            twin = conn.execute(
                "SELECT path FROM articles WHERE content_hash = ? ORDER BY path LIMIT 1",
                (digest,),
            ).fetchone()
            if twin is not None:
                done.unchanged.append(article.path)
                done.same_as.append((article.path, twin[0]))
                return "unchanged"
        else:
            self._delete_article(int(row[0]))
        self._insert(item, digest)
        done.quotes += len(item.quotes)
        if row is None:
            done.added.append(article.path)
            return "added"
        done.replaced.append(article.path)
        return "replaced"

    def _insert(self, item: ParsedArticle, digest: str) -> None:
        a = item.article
        aid = self._new_id("articles")
        self._conn.execute(
            "INSERT INTO articles (id, path, content_hash, title, publisher, author, date, url, "
            "paragraphs, boilerplate, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, a.path, digest, a.title, a.publisher, a.author, a.date, a.url,
             _spans(a.paragraphs), _spans(a.boilerplate), a.text),
        )
        rows = self._article_rows
        rows["sources"].extend(
            (aid, i, s.name, s.kind, s.start, s.end, s.cue, s.cue_start, s.cue_end, s.via,
             s.role, json.dumps(s.outlet.as_dict()) if s.outlet else None)
            for i, s in enumerate(item.sources)
        )
        rows["people"].extend((aid, i, p.name) for i, p in enumerate(item.people))
        self._batch_names.update(p.name for p in item.people if p.name not in self._known_names)
        usage = _person_usage(item.people)
        self._usage_pending.update(usage)
        self._article_usage = (aid, usage)
        rows["person_names"].extend(
            (aid, i, kind, j, value)
            for i, p in enumerate(item.people)
            for kind, values in (("variant", p.variants), ("title", p.titles))
            for j, value in enumerate(values)
        )
        rows["mentions"].extend(
            (aid, i, j, m.start, m.end, m.text, m.full_name, m.title, m.title_start,
             m.title_end)
            for i, p in enumerate(item.people)
            for j, m in enumerate(p.mentions)
        )
        rows["reported"].extend(
            (aid, i, r.start, r.end, r.text, r.speaker, r.cue)
            for i, r in enumerate(item.reported)
        )
        self._insert_quotes(aid, item.quotes)

    def _insert_quotes(self, aid: int, quotes: Iterable[Quote]) -> None:
        """Store an article's quotes in text order (as match.group_quotes takes
        them), each joining a group (without grouping, starting one); their
        postings are kept for the batch,
        and the article's own earlier quotes are offered to each one directly."""
        conn = self._conn
        s = _settings()
        postings: list[tuple[int, int]] = []
        # Without grouping, the article's rows are written together: a
        # statement per table rather than per quote (a round trip each on a
        # server). Grouping writes each quote at once: the next quote's
        # candidates may include it.
        bulk: dict[str, list[tuple[Any, ...]]] = {_NEW_GROUP: [], _NEW_QUOTE: [], _NEW_SHORT: []}
        for quote in sorted(quotes, key=lambda q: (q.start, q.end, q.id)):
            qid = self._new_id("quotes")
            norm = normalize(quote.text)
            words = norm.split()
            terms = _terms(words, s.stem_length)
            group = (
                self._choose_group(qid, quote, norm, terms, postings) if self._grouping else None
            )
            writes: list[tuple[str, tuple[Any, ...]]] = []
            if group is None:
                group = self._new_id("quote_groups")
                writes.append((_NEW_GROUP, (group, qid)))
            writes.append((_NEW_QUOTE, (
                qid, aid, quote.id, quote.start, quote.end, quote.text, norm, _norm_hash(norm),
                quote.speaker, quote.speaker_start, quote.speaker_end, quote.cue,
                int(quote.fragment), quote.via, group,
            )))
            if len(words) <= SHORT_QUOTE_WORDS:
                writes.append((_NEW_SHORT, (_norm_hash(norm), qid)))
                if self._short is not None:
                    # Kept even if the article is rolled back: a stale text
                    # only costs a probe that finds nothing.
                    self._short.add(norm)
            for sql, row in writes:
                if self._grouping:
                    conn.execute(sql, row)
                else:
                    bulk[sql].append(row)
            entry = _entry(qid, len(terms))
            postings.extend((t, entry) for t in terms)
        for sql, rows in bulk.items():  # groups before the quotes naming them
            if rows:
                conn.executemany(sql, rows)
        # Written when the batch commits (the article's quotes are offered to
        # each other through ``postings`` meanwhile).
        self._article_postings = (aid, sorted(postings))
        self._df_pending.update(t for t, _ in postings)

    # ------------------------------------------------------------ grouping

    def set_groups(self, groups: Iterable[Sequence[str]]) -> int:
        """Replace the grouping of every stored quote by ``groups``: each one a
        sequence of quote ids (``Quote.id``) in grouping order, the groups in
        order of first member (as :func:`audit.match.group_quotes` or
        :func:`audit.engine.plan_groups_on_dask` give them). Group k (from 1)
        gets id "g<k>" and, by match's rule, its longest non-fragment wording
        as reference (the first on a tie, else its first member; a
        ``QuoteGroup``'s members, reference first, give the same one). Later
        :meth:`add` calls join new quotes to these groups.

        All in one write transaction, foreign keys valid after each statement:
        the groups' rows are written (existing ids updated), quotes moved,
        groups left empty deleted; an error rolls everything back. Raises
        :class:`StoreError` (and changes nothing) unless the groups hold every
        stored quote exactly once: a grouping of quotes read before another
        writer changed the store is refused. Returns the number of groups."""
        conn = self._conn
        conn.begin_write()
        try:
            row_grp, refs = self._partition(groups)
            old_refs = dict(conn.execute("SELECT id, reference FROM quote_groups").fetchall())
            conn.upsert_ints(
                "quote_groups", "id", "reference",
                [(k, ref) for k, ref in enumerate(refs, start=1) if old_refs.get(k) != ref],
            )
            # Only the quotes that move: regrouping a grouped store rewrites little.
            moved = [(rid, k) for rid, (k, old) in sorted(row_grp.items()) if k != old]
            conn.update_ints("quotes", "id", "grp", moved)
            conn.execute("DELETE FROM quote_groups WHERE id > ?", (len(refs),))
            conn.commit()
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        return len(refs)

    def _partition(
        self, groups: Iterable[Sequence[str]]
    ) -> tuple[dict[int, tuple[int, int]], list[int]]:
        """For :meth:`set_groups`: each stored quote's row id -> (new group,
        current group), and each new group's reference row id; raises
        StoreError unless ``groups`` hold every stored quote once."""
        rows: dict[str, tuple[int, int, int, int]] = {}
        count = 0
        for qid, rid, length, fragment, grp in self._conn.execute(
            "SELECT qid, id, length(norm), fragment, grp FROM quotes"
        ):
            rows[qid] = (int(rid), int(length), int(fragment), int(grp))
            count += 1
        if len(rows) < count:
            raise StoreError(self.path, "cannot set groups: stored quote ids are not unique")
        row_grp: dict[int, tuple[int, int]] = {}
        refs: list[int] = []
        for k, members in enumerate(groups, start=1):
            best: tuple[int, int, int, int] | None = None
            for qid in members:
                row = rows.get(qid)
                if row is None:
                    raise StoreError(self.path, f"cannot set groups: quote {qid!r} is not stored")
                if row[0] in row_grp:
                    raise StoreError(
                        self.path, f"cannot set groups: quote {qid!r} is in two groups"
                    )
                row_grp[row[0]] = (k, row[3])
                if best is None or match.replaces_reference(
                    bool(best[2]), best[1], bool(row[2]), row[1]
                ):
                    best = row
            if best is None:
                raise StoreError(self.path, f"cannot set groups: group {k} is empty")
            refs.append(best[0])
        if len(row_grp) < count:
            raise StoreError(
                self.path,
                f"cannot set groups: {count - len(row_grp)} stored quotes are in no group "
                "(was the store changed after its quotes were read?)",
            )
        return row_grp, refs

    def _choose_group(
        self,
        qid: int,
        quote: Quote,
        norm: str,
        terms: Sequence[int],
        pending: Sequence[tuple[int, int]],
    ) -> int | None:
        """The group new quote ``qid`` (normalised text ``norm``) joins (None:
        it starts one), by the rules of match.group_quotes over the candidates
        the index gives (with the article's ``pending`` postings); makes it the
        group's reference when it is the group's longest wording."""
        words = norm.split()
        if not words:
            return None
        ids = self._candidate_ids(
            words, terms, _settings().grouping, short_runs=True, pending=pending
        )
        if not ids:
            return None
        # Only what the join rules read: text (with its stored normal form),
        # speaker, fragment flag; with each member's group reference's
        # wording length and fragment flag (read in the same query).
        rows = self._conn.execute(
            "SELECT q.id, q.text, q.norm, q.speaker, q.fragment, q.grp, g.reference, "
            "length(r.norm), r.fragment FROM quotes q JOIN quote_groups g ON g.id = q.grp "
            f"LEFT JOIN quotes r ON r.id = g.reference WHERE q.id IN ({_marks(len(ids))}) "
            "ORDER BY q.id",
            tuple(ids),
        ).fetchall()
        keys = self._keys
        if len(keys) > _KEY_CACHE:
            keys.clear()
        members = []
        for r in rows:
            mkey = keys.get(r[0])
            if mkey is None:
                mkey = keys[r[0]] = match.stored_comparison_key(r[1], r[2])
            members.append(_Member(r[0], _light_quote(r[1], r[3], r[4]), mkey, r[5], r[6] == r[0]))
        key = match.stored_comparison_key(quote.text, norm)
        group = _best_join(quote, key, members)
        if group is None:
            return None
        length, fragment = next(r[7:] for r in rows if r[5] == group)
        if length is None or match.replaces_reference(
            bool(fragment), length, quote.fragment, len(norm)
        ):
            self._conn.execute("UPDATE quote_groups SET reference = ? WHERE id = ?", (qid, group))
        return group

    def _quotes_by_id(self, ids: Collection[int]) -> list[Quote]:
        """The stored quotes with these row ids, in id order."""
        wanted = sorted(ids)
        out: list[Quote] = []
        for i in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[i : i + _IN_CHUNK]
            out.extend(
                _quote(r)
                for r in self._conn.execute(
                    f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article "
                    f"WHERE q.id IN ({_marks(len(chunk))}) ORDER BY q.id",
                    chunk,
                )
            )
        return out

    # ------------------------------------------------------------ index

    def _candidate_ids(
        self,
        words: Sequence[str],
        terms: Sequence[int],
        budget: _Budget,
        *,
        short_runs: bool,
        pending: Sequence[tuple[int, int]] = (),
    ) -> set[int]:
        """Quotes worth verifying against ``words`` (stem hashes ``terms``): the
        best by containment of the rarest stems, plus stored quotes equal to a
        run of ``words`` (runs shorter than ``short_words`` with
        ``short_runs``). ``pending`` postings (term, entry) are not written yet
        but count as stored."""
        s = _settings()
        conn = self._conn
        if self._df is not None:
            df = self._df
            rare = sorted((df[t], t) for t in terms if t in df)[: budget.terms]
        else:
            rare = conn.execute(
                f"SELECT df, term FROM terms WHERE term IN ({_marks(len(terms))}) "
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
        longest = min(SHORT_QUOTE_WORDS, s.short_words - 1 if short_runs else SHORT_QUOTE_WORDS)
        runs: set[int] = set()
        short = self._short
        for i in range(len(words)):
            run = words[i]
            if short is None or run in short:
                runs.add(_norm_hash(run))
            for word in words[i + 1 : i + longest]:
                run = f"{run} {word}"
                if short is None or run in short:
                    runs.add(_norm_hash(run))
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
        if used and self._recent is not None and budget.postings <= s.grouping.postings:
            # Adding: the postings are in memory (see _recent_postings).
            counts = self._shared_counts(used, pending)
            used_sql: list[tuple[int, int]] = []
            pending = ()
        else:
            used_sql = used
        parts = [
            "SELECT * FROM (SELECT 1 AS k, id, 0 AS n FROM quotes WHERE norm_hash = ? "
            "LIMIT ?) AS exact"
        ]
        params: list[int] = [_norm_hash(" ".join(words)), budget.run_hits]
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
                f"IN ({_marks(len(runs))}) LIMIT ?) AS short"
            )
            params.extend((*runs, budget.run_hits))
        found: set[int] = set()
        for kind, value, n in conn.execute(" UNION ALL ".join(parts), params).fetchall():
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

    # ------------------------------------------------------------ deleting

    def _delete_article(self, aid: int) -> None:
        """Remove an article and everything stored from it; groups that lose
        their reference get the best remaining wording as reference."""
        conn = self._conn
        s = _settings()
        rows = conn.execute(
            "SELECT id, norm, grp FROM quotes WHERE article = ?", (aid,)
        ).fetchall()
        touched = sorted({int(r[2]) for r in rows})
        postings: list[tuple[int, int]] = []
        for qid, norm, _ in rows:
            self._keys.pop(qid, None)  # its row id may be handed out again
            terms = _terms(norm.split(), s.stem_length)
            entry = _entry(qid, len(terms))
            postings.extend((t, entry) for t in terms)
            self._df_pending.subtract(terms)
        pending = self._batch_postings.pop(aid, None)
        if pending is not None:
            # Stored earlier in this batch: its postings are not written yet.
            self._purged_postings[aid] = pending
        else:
            conn.executemany("DELETE FROM postings WHERE term = ? AND entry = ?", postings)
        if self._recent is not None:
            gone: dict[int, set[int]] = {}
            for t, e in postings:
                gone.setdefault(t, set()).add(e)
            for t, entries in gone.items():
                kept = self._recent.get(t)
                if kept is not None:
                    self._recent[t] = [e for e in kept if e not in entries]
                if t in self._recent_tiny:
                    self._recent_tiny[t] = [e for e in self._recent_tiny[t] if e not in entries]
                if t in self._unloaded:
                    self._unloaded[t] = [e for e in self._unloaded[t] if e not in entries]
        conn.executemany(
            "DELETE FROM short_quotes WHERE norm_hash = ? AND quote = ?",
            [(_norm_hash(norm), qid) for qid, norm, _ in rows],
        )
        conn.execute("DELETE FROM quotes WHERE article = ?", (aid,))
        own = self._usage_by_aid.pop(aid, None)
        if own is not None:
            # Stored earlier in this batch: its counts are not written yet.
            self._purged_usage[aid] = own
        else:
            stored = conn.execute("SELECT * FROM articles WHERE id = ?", (aid,)).fetchone()
            own = _person_usage(self._rebuild(stored).people)
        self._usage_pending.subtract(own)
        for group in touched:
            self._repair_group(group)
        for table in ("sources", "person_names", "mentions", "people", "reported"):
            conn.execute(f"DELETE FROM {table} WHERE article = ?", (aid,))
            # Rows of an article stored earlier in this batch are not written
            # yet: set them aside (put back if this article is rolled back).
            batch = self._batch_rows[table]
            self._purged[table].extend(r for r in batch if r[0] == aid)
            batch[:] = [r for r in batch if r[0] != aid]
        conn.execute("DELETE FROM articles WHERE id = ?", (aid,))

    def _repair_group(self, group: int) -> None:
        conn = self._conn
        ref = conn.execute("SELECT reference FROM quote_groups WHERE id = ?", (group,)).fetchone()
        if ref is not None and conn.execute(
            "SELECT 1 FROM quotes WHERE id = ?", (ref[0],)
        ).fetchone():
            return
        rows = conn.execute(
            "SELECT id, length(norm), fragment FROM quotes WHERE grp = ? ORDER BY id", (group,)
        ).fetchall()
        if not rows:
            conn.execute("DELETE FROM quote_groups WHERE id = ?", (group,))
            return
        best = rows[0]
        for row in rows[1:]:
            if match.replaces_reference(bool(best[2]), best[1], bool(row[2]), row[1]):
                best = row
        conn.execute("UPDATE quote_groups SET reference = ? WHERE id = ?", (best[0], group))

    # ------------------------------------------------------------ reading

    def lookup(
        self, query: str, *, min_score: float | None = None, limit: int | None = None
    ) -> list[LookupMatch]:
        """Stored quotes matching ``query``, best first: :func:`audit.match.lookup`
        over the candidates the index gives (same scores, order and relations
        as a scan of every quote, for every match among the candidates)."""
        words = normalize(query).split()
        if not words:
            return []
        terms = _terms(words, _settings().stem_length)
        ids = self._candidate_ids(words, terms, _settings().lookup, short_runs=False)
        # The candidates are tested on their stored text and normal form, with
        # match.lookup's own test; only the matches are read whole and ranked
        # by match.lookup itself.
        threshold = match.quote_settings().lookup_min_score if min_score is None else min_score
        test = match.QueryTest(query, threshold)
        hits: list[int] = []
        wanted = sorted(ids)
        for i in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[i : i + _IN_CHUNK]
            for qid, text, norm in self._conn.execute(
                f"SELECT id, text, norm FROM quotes WHERE id IN ({_marks(len(chunk))})", chunk
            ):
                if test.matches(text, norm):
                    hits.append(qid)
        return match.lookup(query, self._quotes_by_id(hits), min_score=min_score, limit=limit)

    def quotes(self) -> Iterator[Quote]:
        """Every stored quote, in the order they were stored."""
        for row in self._conn.execute(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article "
            "ORDER BY q.id"
        ):
            yield _quote(row)

    def paths(self) -> list[str]:
        """The paths (or addresses) of the stored articles, sorted."""
        return [r[0] for r in self._conn.execute("SELECT path FROM articles ORDER BY path")]

    def iter_parsed(self, paths: Iterable[str] | None = None) -> Iterator[ParsedArticle]:
        """The stored articles rebuilt as ``ParsedArticle`` records, by path
        (only ``paths`` when given; unknown paths are skipped)."""
        conn = self._conn
        if paths is None:
            rows: Iterable[Sequence[Any]] = conn.execute(
                "SELECT * FROM articles ORDER BY path"
            ).fetchall()
        else:
            rows = conn.execute(
                f"SELECT * FROM articles WHERE {conn.any_of('path')} ORDER BY path",
                (conn.list_param(sorted(set(paths))),),
            ).fetchall()
        for row in rows:
            yield self._rebuild(row)

    def _rebuild(self, row: Sequence[Any]) -> ParsedArticle:
        conn = self._conn
        aid, path = row[0], row[1]
        article = Article(
            path=path, text=row[10], title=row[3], paragraphs=_unspans(row[8]),
            boilerplate=_unspans(row[9]), publisher=row[4], author=row[5], date=row[6],
            url=row[7], content_hash=row[2],
        )
        quotes = tuple(
            _quote(r)
            for r in conn.execute(
                f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article "
                "WHERE q.article = ? ORDER BY q.start, q.\"end\", q.qid",
                (aid,),
            )
        )
        sources = tuple(
            Source(
                article=path, name=r[0], kind=r[1], start=r[2], end=r[3], cue=r[4],
                cue_start=r[5], cue_end=r[6], via=r[7], role=r[8],
                outlet=Outlet(**json.loads(r[9])) if r[9] else None,
            )
            for r in conn.execute(
                "SELECT name, kind, start, \"end\", cue, cue_start, cue_end, via, role, outlet "
                "FROM sources WHERE article = ? ORDER BY ord",
                (aid,),
            )
        )
        names: dict[tuple[int, str], list[str]] = {}
        for person, kind, value in conn.execute(
            "SELECT person, kind, value FROM person_names WHERE article = ? "
            "ORDER BY person, kind, ord",
            (aid,),
        ):
            names.setdefault((person, kind), []).append(value)
        mentions: dict[int, list[Mention]] = {}
        for r in conn.execute(
            "SELECT person, start, \"end\", text, full_name, title, title_start, title_end "
            "FROM mentions WHERE article = ? ORDER BY person, ord",
            (aid,),
        ):
            mentions.setdefault(r[0], []).append(Mention(path, *r[1:]))
        people = tuple(
            Person(
                name=name,
                mentions=tuple(mentions.get(i, ())),
                variants=tuple(names.get((i, "variant"), ())),
                titles=tuple(names.get((i, "title"), ())),
            )
            for i, name in conn.execute(
                "SELECT ord, name FROM people WHERE article = ? ORDER BY ord", (aid,)
            )
        )
        reported = tuple(
            ReportedSpeech(path, *r)
            for r in conn.execute(
                "SELECT start, \"end\", text, speaker, cue FROM reported WHERE article = ? "
                "ORDER BY ord",
                (aid,),
            )
        )
        return ParsedArticle(article, quotes, sources, people, reported)

    def groups(
        self, paths: Iterable[str] | None = None, *, min_size: int = 1
    ) -> tuple[QuoteGroup, ...]:
        """Quote groups as ``QuoteGroup`` records (ids "g<n>", stable across
        runs), reference first, each member with its relation, score and word
        diff to the reference. With ``paths``, only groups with a quote from
        those articles (and all their members, from any article)."""
        conn = self._conn
        if paths is None:
            group_ids: list[int] = [
                r[0]
                for r in conn.execute(
                    "SELECT grp FROM quotes GROUP BY grp HAVING count(*) >= ? ORDER BY grp",
                    (min_size,),
                )
            ]
        else:
            group_ids = [
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT q.grp FROM quotes q JOIN articles a ON a.id = q.article "
                    f"WHERE {conn.any_of('a.path')} ORDER BY q.grp",
                    (conn.list_param(sorted(set(paths))),),
                )
            ]
        out: list[QuoteGroup] = []
        for group in group_ids:
            rows = conn.execute(
                f"SELECT {_QUOTE_COLUMNS}, g.reference FROM quotes q "
                "JOIN articles a ON a.id = q.article JOIN quote_groups g ON g.id = q.grp "
                "WHERE q.grp = ? ORDER BY q.id",
                (group,),
            ).fetchall()
            if len(rows) < min_size:
                continue
            ref = next(r for r in rows if r[0] == r[12])
            reference = _quote(ref)
            built = [QuoteMember(reference, "reference", 100.0)]
            for r in rows:
                if r is ref:
                    continue
                quote = _quote(r)
                score, relation = match.compare_quotes(reference.text, quote.text)
                built.append(
                    QuoteMember(
                        quote,
                        "variant" if relation == "unrelated" else relation,
                        score,
                        match.word_diff(reference.text, quote.text),
                    )
                )
            out.append(QuoteGroup(f"g{group}", tuple(built)))
        return tuple(out)

    def group_of(self, paths: Iterable[str] | None = None) -> dict[str, str]:
        """Map each stored quote id (of ``paths`` only, when given) to its group id."""
        sql = "SELECT q.qid, q.grp FROM quotes q JOIN articles a ON a.id = q.article"
        if paths is None:
            rows = self._conn.execute(sql + " ORDER BY q.id")
        else:
            rows = self._conn.execute(
                sql + f" WHERE {self._conn.any_of('a.path')} ORDER BY q.id",
                (self._conn.list_param(sorted(set(paths))),),
            )
        return {qid: f"g{grp}" for qid, grp in rows}

    def people_spellings(self) -> dict[str, int]:
        """Every full-name spelling stored, with the number of articles using
        it, sorted by name: the input for name-variant findings across the
        archive (fuzzy grouping of a few thousand names, not of every record)."""
        return {
            name: n
            for name, n in self._conn.execute(
                "SELECT name, count(DISTINCT article) FROM people GROUP BY name ORDER BY name"
            )
        }

    def people_named(self, names: Iterable[str]) -> list[Person]:
        """The per-article person records that :func:`audit.match.group_people`
        may merge with a person spelled one of ``names``: the records of every
        stored spelling sharing a blocking key with those names, and, so that
        the merging can be reproduced, with those spellings (one step further).
        Read through person_keys and the people_by_name index, not by scanning
        the store; ordered by article and position."""
        found = self._related_names(names)
        return self._people_records(sorted(found)) if found else []

    def _related_names(self, names: Iterable[str], *, rounds: int = 2) -> set[str]:
        """Stored person names sharing a blocking key with ``names``, and
        (with two ``rounds``) with those names (see :meth:`people_named`)."""
        conn = self._conn
        keys = {k for n in names for k in match.name_keys(n)}
        seen_keys = set(keys)
        found: set[str] = set()
        for _ in range(rounds):
            if not keys:
                break
            new = {
                r[0]
                for r in conn.execute(
                    f"SELECT DISTINCT name FROM person_keys WHERE {conn.any_of('key')}",
                    (conn.list_param(sorted(keys)),),
                )
            } - found
            found |= new
            keys = {k for n in new for k in match.name_keys(n)} - seen_keys
            seen_keys |= keys
        return found

    def people_counted(self, names: Iterable[str]) -> list[tuple[Person, int]]:
        """:meth:`people_named` summed up per stored name, for
        :func:`audit.match.group_people_counted`: one record per name, with
        the variants and titles its records use (most used first) and one
        mention of the name in article ``STORED`` (:meth:`person_usage` gives
        the counts behind it), and the number of records it stands for. Reads
        a few person_usage rows per name, however many articles use it.

        Only names whose surname relates to one of ``names`` (same, spelling
        variant, close or gendered) are given: a person of the merging holds
        only such names. Names that could only compete with the draft's
        people for a member are left out (merging them all is quadratic in a
        block of a large archive), so in rare cases a member that the whole
        archive would give to another person joins the draft's person."""
        wanted = list(names)
        found = sorted(
            n for n in self._related_names(wanted, rounds=1)
            if any(match.surnames_related(n, w) for w in wanted)
        )
        if not found:
            return []
        conn = self._conn
        rows: dict[str, dict[str, list[tuple[int, str]]]] = {}
        for name, kind, value, n in conn.execute(
            "SELECT name, kind, value, n FROM person_usage WHERE "
            f"{conn.any_of('name')} AND kind <> 'spelling' ORDER BY name, kind, value",
            (conn.list_param(found),),
        ):
            rows.setdefault(name, {}).setdefault(kind, []).append((-int(n), value))
        out: list[tuple[Person, int]] = []
        for name, kinds in rows.items():
            records = -kinds.get("record", [(-1, "")])[0][0]
            titles = [v for _, v in sorted(kinds.get("title", []) + kinds.get("mention_title", []))]
            person = Person(
                name=name,
                mentions=(Mention(STORED, 0, 0, name, name),),
                variants=tuple(v for _, v in sorted(kinds.get("variant", []))),
                titles=tuple(dict.fromkeys(titles)),
            )
            out.append((person, records))
        return out

    def person_usage(self, names: Iterable[str]) -> tuple[list[tuple[str, int]], Counter[str]]:
        """For the records of these stored names together: the spellings
        their mentions use with about how many articles use each (records
        summed), and how many mentions carry each title."""
        conn = self._conn
        spellings: list[tuple[str, int]] = []
        titles: Counter[str] = Counter()
        for kind, value, n in conn.execute(
            "SELECT kind, value, sum(n) FROM person_usage WHERE "
            f"{conn.any_of('name')} AND kind IN ('spelling', 'mention_title') "
            "GROUP BY kind, value ORDER BY kind, value",
            (conn.list_param(sorted(set(names))),),
        ):
            if kind == "spelling":
                spellings.append((value, int(n)))
            else:
                titles[value] = int(n)
        return spellings, titles

    def _people_records(self, names: Sequence[str]) -> list[Person]:
        """Every stored per-article person record with one of these names."""
        conn = self._conn
        where = f"WHERE {conn.any_of('p.name')}"
        param = (conn.list_param(list(names)),)
        variants: dict[tuple[int, int], list[str]] = {}
        titles: dict[tuple[int, int], list[str]] = {}
        for article, person, kind, value in conn.execute(
            "SELECT n.article, n.person, n.kind, n.value FROM people p JOIN person_names n "
            f"ON n.article = p.article AND n.person = p.ord {where} "
            "ORDER BY n.article, n.person, n.kind, n.ord",
            param,
        ):
            (variants if kind == "variant" else titles).setdefault((article, person), []).append(
                value
            )
        mentions: dict[tuple[int, int], list[Mention]] = {}
        for r in conn.execute(
            "SELECT m.article, m.person, a.path, m.start, m.\"end\", m.text, m.full_name, "
            "m.title, m.title_start, m.title_end FROM people p JOIN mentions m "
            "ON m.article = p.article AND m.person = p.ord JOIN articles a ON a.id = p.article "
            f"{where} ORDER BY m.article, m.person, m.ord",
            param,
        ):
            mentions.setdefault((r[0], r[1]), []).append(Mention(*r[2:]))
        return [
            Person(
                name=name,
                mentions=tuple(mentions.get((article, person), ())),
                variants=tuple(variants.get((article, person), ())),
                titles=tuple(titles.get((article, person), ())),
            )
            for article, person, name in conn.execute(
                f"SELECT p.article, p.ord, p.name FROM people p {where} ORDER BY p.article, p.ord",
                param,
            )
        ]

    def stats(self) -> dict[str, Any]:
        """Counts of what is stored, the schema version and the size on disk
        (the file and its WAL, or the PostgreSQL database)."""
        conn = self._conn

        def count(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        quotes = count("SELECT count(*) FROM quotes")
        size = conn.size_bytes()
        return {
            "path": self.path,
            "backend": conn.kind,
            "schema_version": conn.schema_version(),
            "articles": count("SELECT count(*) FROM articles"),
            "quotes": quotes,
            "groups": count("SELECT count(*) FROM quote_groups"),
            "shared_groups": count(
                "SELECT count(*) FROM "
                "(SELECT 1 FROM quotes GROUP BY grp HAVING count(*) > 1) AS shared"
            ),
            "sources": count("SELECT count(*) FROM sources"),
            "people": count("SELECT count(*) FROM people"),
            "names": count("SELECT count(DISTINCT name) FROM people"),
            "reported": count("SELECT count(*) FROM reported"),
            "index_terms": count("SELECT count(*) FROM terms"),
            "db_bytes": size,
            "bytes_per_quote": round(size / quotes, 1) if quotes else None,
        }


# ---------------------------------------------------------------- join rules

# The store groups quotes one at a time, as match.group_quotes does in memory,
# by the same join rule (match.JoinRules: its scorer with the variant floor,
# which members a quote may join through, the ranking of candidates) applied
# to the candidates from the index.


def _best_join(
    quote: Quote, key: match.ComparisonKey, members: Sequence[_Member]
) -> int | None:
    """The group ``quote`` (comparison key ``key``) joins among ``members``'
    groups: best score, then same speaker, then earliest group and member;
    None when none may be joined."""
    return match.JoinRules(match.quote_settings()).best_group(quote, key, members)
