"""One :meth:`audit.store.Store.add` run: an :class:`AddSession` holds every
cache and buffer the run needs, so nothing of it outlives the run or must be
reset by hand when it fails.

Articles are read (fetched, parsed) in batches of up to COMMIT_ARTICLES
articles or COMMIT_SECONDS, and only then stored, each inside its own
savepoint, in one write transaction per batch: the write lock is held for
storing work only, never while an input is read. An error, an interrupt or a
crash leaves every article either fully stored or absent; a crash loses at
most the open batch. What storing an article changes in memory is kept apart
(:class:`ArticleChanges`) until its savepoint is released, and dropped when it
is rolled back. The batch's postings, stem counts, person counts and side-table
rows are written in bulk at its commit."""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from ..models import ParsedArticle, Quote
from ..text import normalize
from .backends import Database
from .grouping import GroupChooser, repair_group
from .people import count_person_usage, person_key_rows
from .postings import (
    SHORT_QUOTE_WORDS,
    IndexMemory,
    IndexSettings,
    norm_hash,
    posting_entry,
    stem_hashes,
)
from .records import SIDE_TABLES, rebuild_article, side_rows, spans_json

# Complete articles are read, then stored and committed together, at most
# this many at a time, or those read (and stored) in this many seconds.
# Durability trade-off: a crash or power loss loses at most the open batch
# (whole articles, never a part of one); in exchange a commit writes each
# touched index page once per batch, not once per article.
# 100k-quote store, adding 1,400 articles: 200 articles / 1 s spent 1.6 ms per
# article committing; 2000 / 5 s spends 0.3 ms.
COMMIT_ARTICLES = 2000
COMMIT_SECONDS = 5.0

AddOutcome = Literal["added", "replaced", "unchanged"]

_NEW_GROUP = "INSERT INTO quote_groups (id, reference) VALUES (?, ?)"
_NEW_QUOTE = "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_NEW_SHORT = "INSERT INTO short_quotes VALUES (?, ?)"

PersonUsage = Counter[tuple[str, str, str]]
T = TypeVar("T")
PostingRows = list[tuple[int, int]]
TableRows = dict[str, list[tuple[Any, ...]]]


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


def read_batch(items: Iterator[T]) -> tuple[list[T], BaseException | None, bool]:
    """The next batch of ``items``: up to COMMIT_ARTICLES, or those read in
    COMMIT_SECONDS; with what reading raised (an error, an interrupt: the
    items read before it are stored first) and whether the items ran out."""
    batch: list[T] = []
    started = time.monotonic()
    try:
        for item in items:
            batch.append(item)
            if len(batch) >= COMMIT_ARTICLES or time.monotonic() - started > COMMIT_SECONDS:
                return batch, None, False
    except BaseException as exc:  # noqa: BLE001 - re-raised by the caller, after storing
        return batch, exc, True
    return batch, None, True


def _empty_rows() -> TableRows:
    return {t: [] for t in SIDE_TABLES}


@dataclass
class ArticleChanges:
    """What storing one article changes in memory, kept apart until its
    savepoint is released: its stem-count changes, postings (by article id),
    person_usage changes (its own counts less those of the article it
    replaces) and own counts, side-table rows; and what replacing an article
    stored earlier in the batch set aside from the batch (put back when this
    article is rolled back)."""

    df: Counter[int] = field(default_factory=Counter)
    postings: tuple[int, PostingRows] | None = None
    usage: PersonUsage = field(default_factory=Counter)
    own_usage: tuple[int, PersonUsage] | None = None
    rows: TableRows = field(default_factory=_empty_rows)
    purged_rows: TableRows = field(default_factory=_empty_rows)
    purged_postings: dict[int, PostingRows] = field(default_factory=dict)
    purged_usage: dict[int, PersonUsage] = field(default_factory=dict)


class AddSession:
    """One add run (see the module docstring). With ``group`` new quotes
    choose their groups (a :class:`GroupChooser`); without, each starts one
    and nothing of the index is read. ``known_names`` are the person names
    known to have person_keys rows (the store's, kept across runs: rows are
    never deleted, so a name no article uses any more only finds no records)."""

    def __init__(
        self, db: Database, settings: IndexSettings, *, group: bool, known_names: set[str]
    ) -> None:
        self.db = db
        self.settings = settings
        self.chooser = GroupChooser(db, settings) if group else None
        self.known_names = known_names
        self.next_ids = {"articles": 0, "quote_groups": 0, "quotes": 0}
        self.article = ArticleChanges()
        # The open batch: side-table rows, postings by article, stem-count
        # changes, person_usage changes and each article's own counts, and
        # the person names whose person_keys rows it writes.
        self.batch_rows: TableRows = _empty_rows()
        self.batch_postings: dict[int, PostingRows] = {}
        self.batch_df: Counter[int] = Counter()
        self.batch_usage: PersonUsage = Counter()
        self.usage_by_aid: dict[int, PersonUsage] = {}
        self.batch_names: set[str] = set()
        # What the run did, by path.
        self.added: list[str] = []
        self.replaced: list[str] = []
        self.unchanged: list[str] = []
        self.same_as: list[tuple[str, str]] = []
        self.quotes = 0

    @property
    def memory(self) -> IndexMemory | None:
        """The index in memory, while choosing groups."""
        return None if self.chooser is None else self.chooser.memory

    def run(
        self,
        parsed: Iterable[ParsedArticle],
        on_progress: Callable[[str, AddOutcome], None] | None = None,
    ) -> AddSummary:
        """Store ``parsed`` (see :meth:`audit.store.Store.add`). Each batch is
        read first and then stored in one write transaction: the write lock is
        never held while an input is fetched or parsed (which may take any
        time), so another writer waits for storing work only."""
        items = iter(parsed)
        while True:
            batch, failure, ended = read_batch(items)
            if batch:
                self.store_batch(batch, on_progress)
            if failure is not None:
                raise failure
            if ended:
                return AddSummary(
                    tuple(self.added),
                    tuple(self.replaced),
                    tuple(self.unchanged),
                    tuple(self.same_as),
                    self.quotes,
                )

    def store_batch(
        self,
        batch: list[ParsedArticle],
        on_progress: Callable[[str, AddOutcome], None] | None,
    ) -> None:
        """Store the articles of ``batch``, each in its own savepoint, and
        commit (also when one fails: the complete ones are kept); committing
        along the way when storing takes longer than COMMIT_SECONDS."""
        conn = self.db
        self.begin_batch()
        try:
            opened = time.monotonic()
            for item in batch:
                conn.execute("SAVEPOINT article")
                self.article = ArticleChanges()
                try:
                    outcome = self.add_article(item)
                    conn.sync()  # the article's own errors surface here, not later
                except BaseException:
                    self.put_back_purged()
                    if conn.in_transaction:
                        conn.execute("ROLLBACK TO article")
                    raise
                finally:
                    if conn.in_transaction:
                        conn.execute("RELEASE article")
                self.keep_article()
                if on_progress is not None:
                    on_progress(item.article.path, outcome)
                if time.monotonic() - opened > COMMIT_SECONDS:
                    self.commit_batch()
                    self.begin_batch()
                    opened = time.monotonic()
        except BaseException:
            # Keep every complete article, also when something failed; should
            # that fail too (a full disk, a read-only database), the first
            # error is the one that says why.
            with contextlib.suppress(Exception):
                if conn.in_transaction:
                    self.commit_batch()
            with contextlib.suppress(Exception):
                if conn.in_transaction:
                    conn.rollback()
            raise
        self.commit_batch()

    # ------------------------------------------------------------ batches

    def begin_batch(self) -> None:
        """Open a write transaction (waiting for other writers) and load the
        caches, again only when another writer committed since our last batch."""
        conn = self.db
        stale = conn.begin_write()
        # Row ids are handed out here rather than by the database, so both
        # backends number rows alike and an insert needs no answer back.
        for table in self.next_ids:
            self.next_ids[table] = int(
                conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            )
        if self.chooser is None:
            return  # the caches below only serve choosing groups
        if stale or self.chooser.memory is None:
            self.chooser.load()

    def new_id(self, table: str) -> int:
        """The next row id of ``table`` (one past the largest when the batch
        began: writers take turns, so no other writer can take it)."""
        self.next_ids[table] += 1
        return self.next_ids[table]

    def commit_batch(self) -> None:
        """Write the batch's postings, stem counts and side-table rows in bulk
        and commit."""
        conn = self.db
        postings = sorted(p for rows in self.batch_postings.values() for p in rows)
        if postings:
            conn.insert_ints("postings", ("term", "entry"), postings)
        deltas = sorted((t, n) for t, n in self.batch_df.items() if n)
        if deltas:
            conn.add_counts("terms", "term", "df", deltas)
            if any(n < 0 for _, n in deltas):
                conn.execute("DELETE FROM terms WHERE df <= 0")
        usage = sorted((*k, n) for k, n in self.batch_usage.items() if n)
        if usage:
            conn.executemany(
                "INSERT INTO person_usage (name, kind, value, n) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name, kind, value) DO UPDATE SET n = person_usage.n + excluded.n",
                usage,
            )
            if any(row[3] < 0 for row in usage):
                conn.execute("DELETE FROM person_usage WHERE n <= 0")
        self.batch_usage.clear()
        self.usage_by_aid.clear()
        if self.batch_names:
            conn.executemany(
                "INSERT INTO person_keys (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                person_key_rows(self.batch_names),
            )
            self.known_names |= self.batch_names
            self.batch_names.clear()
        self.batch_postings.clear()
        self.batch_df.clear()
        memory = self.memory
        if memory is not None:
            memory.recent.unloaded.clear()
        for table, columns in SIDE_TABLES.items():
            rows = self.batch_rows[table]
            if rows:
                conn.copy(table, columns, rows)
                rows.clear()
        conn.commit()

    def keep_article(self) -> None:
        """Fold a stored article's changes into the batch and the index memory."""
        article, memory = self.article, self.memory
        self.batch_df.update(article.df)
        if memory is not None:
            df = memory.df
            for term, n in article.df.items():
                left = df.get(term, 0) + n
                if left > 0:
                    df[term] = left
                else:
                    df.pop(term, None)
        if article.postings is not None:
            aid, rows = article.postings
            self.batch_postings[aid] = rows
            if memory is not None:
                memory.recent.add(rows)
        self.batch_usage.update(article.usage)
        if article.own_usage is not None:
            aid, counts = article.own_usage
            self.usage_by_aid[aid] = counts
        for table, rows in article.rows.items():
            self.batch_rows[table].extend(rows)

    def put_back_purged(self) -> None:
        """An article was rolled back: return to the batch what replacing an
        article stored earlier in it had set aside."""
        article = self.article
        self.usage_by_aid.update(article.purged_usage)
        self.batch_postings.update(article.purged_postings)
        for table, rows in article.purged_rows.items():
            self.batch_rows[table].extend(rows)

    # ------------------------------------------------------------ articles

    def add_article(self, item: ParsedArticle) -> AddOutcome:
        """Store one article (inside the caller's savepoint) unless already stored."""
        article = item.article
        digest = article.content_hash or hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        conn = self.db
        row = conn.execute(
            "SELECT id, content_hash FROM articles WHERE path = ?", (article.path,)
        ).fetchone()
        if row is not None and row[1] == digest:
            self.unchanged.append(article.path)
            return "unchanged"
        if row is None:
            twin = conn.execute(
                "SELECT path FROM articles WHERE content_hash = ? ORDER BY path LIMIT 1",
                (digest,),
            ).fetchone()
            if twin is not None:
                self.unchanged.append(article.path)
                self.same_as.append((article.path, twin[0]))
                return "unchanged"
        else:
            self.delete_article(int(row[0]))
        self.insert_article(item, digest)
        self.quotes += len(item.quotes)
        if row is None:
            self.added.append(article.path)
            return "added"
        self.replaced.append(article.path)
        return "replaced"

    def insert_article(self, item: ParsedArticle, digest: str) -> None:
        """Write the article row; keep its side-table rows and person counts
        for the batch; store its quotes."""
        a = item.article
        aid = self.new_id("articles")
        self.db.execute(
            "INSERT INTO articles (id, path, content_hash, title, publisher, author, date, url, "
            "paragraphs, boilerplate, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, a.path, digest, a.title, a.publisher, a.author, a.date, a.url,
             spans_json(a.paragraphs), spans_json(a.boilerplate), a.text),
        )
        changes = self.article
        changes.rows = side_rows(aid, item)
        self.batch_names.update(p.name for p in item.people if p.name not in self.known_names)
        usage = count_person_usage(item.people)
        changes.usage.update(usage)
        changes.own_usage = (aid, usage)
        self.insert_quotes(aid, item.quotes)

    def insert_quotes(self, aid: int, quotes: Iterable[Quote]) -> None:
        """Store an article's quotes in text order (as match.group_quotes takes
        them), each joining a group (without grouping, starting one); their
        postings are kept for the batch,
        and the article's own earlier quotes are offered to each one directly."""
        conn = self.db
        s = self.settings
        chooser, memory = self.chooser, self.memory
        postings: PostingRows = []
        # Without grouping, the article's rows are written together: a
        # statement per table rather than per quote (a round trip each on a
        # server). Grouping writes each quote at once: the next quote's
        # candidates may include it.
        bulk: dict[str, list[tuple[Any, ...]]] = {_NEW_GROUP: [], _NEW_QUOTE: [], _NEW_SHORT: []}
        for quote in sorted(quotes, key=lambda q: (q.start, q.end, q.id)):
            qid = self.new_id("quotes")
            norm = normalize(quote.text)
            words = norm.split()
            terms = stem_hashes(words, s.stem_length)
            group = (
                chooser.choose(qid, quote, norm, terms, postings) if chooser is not None else None
            )
            writes: list[tuple[str, tuple[Any, ...]]] = []
            if group is None:
                group = self.new_id("quote_groups")
                writes.append((_NEW_GROUP, (group, qid)))
            writes.append((_NEW_QUOTE, (
                qid, aid, quote.id, quote.start, quote.end, quote.text, norm, norm_hash(norm),
                quote.speaker, quote.speaker_start, quote.speaker_end, quote.cue,
                int(quote.fragment), quote.via, group,
            )))
            if len(words) <= SHORT_QUOTE_WORDS:
                writes.append((_NEW_SHORT, (norm_hash(norm), qid)))
                if memory is not None:
                    # Kept even if the article is rolled back: a stale text
                    # only costs a probe that finds nothing.
                    memory.short.add(norm)
            for sql, row in writes:
                if chooser is not None:
                    conn.execute(sql, row)
                else:
                    bulk[sql].append(row)
            entry = posting_entry(qid, len(terms))
            postings.extend((t, entry) for t in terms)
        for sql, rows in bulk.items():  # groups before the quotes naming them
            if rows:
                conn.executemany(sql, rows)
        # Written when the batch commits (the article's quotes are offered to
        # each other through ``postings`` meanwhile).
        self.article.postings = (aid, sorted(postings))
        self.article.df.update(t for t, _ in postings)

    def delete_article(self, aid: int) -> None:
        """Remove an article and everything stored from it; groups that lose
        their reference get the best remaining wording as reference."""
        conn = self.db
        s = self.settings
        changes, memory = self.article, self.memory
        rows = conn.execute(
            "SELECT id, norm, grp FROM quotes WHERE article = ?", (aid,)
        ).fetchall()
        touched = sorted({int(r[2]) for r in rows})
        postings: PostingRows = []
        for qid, norm, _ in rows:
            if self.chooser is not None:
                self.chooser.keys.pop(qid, None)  # its row id may be handed out again
            terms = stem_hashes(norm.split(), s.stem_length)
            entry = posting_entry(qid, len(terms))
            postings.extend((t, entry) for t in terms)
            changes.df.subtract(terms)
        pending = self.batch_postings.pop(aid, None)
        if pending is not None:
            # Stored earlier in this batch: its postings are not written yet.
            changes.purged_postings[aid] = pending
        else:
            conn.executemany("DELETE FROM postings WHERE term = ? AND entry = ?", postings)
        if memory is not None:
            memory.recent.remove(postings)
        conn.executemany(
            "DELETE FROM short_quotes WHERE norm_hash = ? AND quote = ?",
            [(norm_hash(norm), qid) for qid, norm, _ in rows],
        )
        conn.execute("DELETE FROM quotes WHERE article = ?", (aid,))
        own = self.usage_by_aid.pop(aid, None)
        if own is not None:
            # Stored earlier in this batch: its counts are not written yet.
            changes.purged_usage[aid] = own
        else:
            stored = conn.execute("SELECT * FROM articles WHERE id = ?", (aid,)).fetchone()
            own = count_person_usage(rebuild_article(conn, stored).people)
        changes.usage.subtract(own)
        for group in touched:
            repair_group(conn, group)
        for table in ("sources", "person_names", "mentions", "people", "reported"):
            conn.execute(f"DELETE FROM {table} WHERE article = ?", (aid,))
            # Rows of an article stored earlier in this batch are not written
            # yet: set them aside (put back if this article is rolled back).
            batch = self.batch_rows[table]
            changes.purged_rows[table].extend(r for r in batch if r[0] == aid)
            batch[:] = [r for r in batch if r[0] != aid]
        conn.execute("DELETE FROM articles WHERE id = ?", (aid,))
