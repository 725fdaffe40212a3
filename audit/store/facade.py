"""The :class:`Store` callers hold: opening and migrating a store, adding
articles (an :class:`~audit.store.session.AddSession` per run), storing a
whole-corpus grouping, and every read (look-up, groups, articles, people,
counts). The work lives in the modules it delegates to."""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

from .. import match
from ..models import LookupMatch, ParsedArticle, Person, Quote, QuoteGroup
from ..text import normalize
from . import grouping, people
from .backends import Database, open_database
from .postings import IndexSettings, candidate_ids, index_settings, stem_hashes
from .records import IN_CHUNK, QUOTE_COLUMNS, marks, quote_from_row, rebuild_article
from .schema import migration_steps
from .session import AddOutcome, AddSession, AddSummary

DEFAULT_DB = "citeaudit.db"
ENV_DB = "CITEAUDIT_DB"

P = ParamSpec("P")
R = TypeVar("R")


def _store_errors(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """A :class:`Store` method raising the database's errors (a damaged
    file, a full disk, a lost server) as one-line StoreErrors naming the store."""

    @functools.wraps(method)
    def call(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.database.errors():
            return method(self, *args, **kwargs)

    return call


def default_db_path() -> str:
    """The store used when none is given: ``$CITEAUDIT_DB`` (a file path or a
    postgresql:// URL), else ``citeaudit.db`` in the working directory."""
    return os.environ.get(ENV_DB) or DEFAULT_DB


class Store:
    """An open corpus store; use as a context manager or call :meth:`close`.
    ``settings`` are the index budgets it looks up and groups with (public:
    a test or a benchmark may set others)."""

    def __init__(self, db: Database, path: str, settings: IndexSettings | None = None) -> None:
        self._conn = db
        self.path = path
        self.settings = index_settings() if settings is None else settings
        # Person names known to have person_keys rows (rows are never
        # deleted), so an add run writes the keys of new names only.
        self._known_names: set[str] = set()

    # ------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        settings: IndexSettings | None = None,
    ) -> Store:
        """Open (with ``create``, make) the store at ``path``: a SQLite file, or
        a PostgreSQL database given as a ``postgresql://`` URL (needs the
        ``postgres`` extra), migrating an older schema. Raises
        :class:`StoreError` for a missing store (without ``create``), a file
        or database that is not a citeaudit store, or a newer schema.
        ``settings``: other index budgets than the data files'."""
        name = os.fspath(path)
        db = open_database(name, create=create)
        try:
            with db.errors():
                db.migrate(migration_steps(db.kind))
        except BaseException:
            db.close()
            raise
        return cls(db, db.name, settings)

    @property
    def backend(self) -> str:
        """The database kind: ``sqlite`` or ``postgresql``."""
        return self._conn.kind

    @property
    def database(self) -> Database:
        """The open database, for tools and tests that run their own SQL."""
        return self._conn

    @_store_errors
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

    # ------------------------------------------------------------ writing

    @_store_errors
    def add(
        self,
        parsed: Iterable[ParsedArticle],
        *,
        on_progress: Callable[[str, AddOutcome], None] | None = None,
        group: bool = True,
    ) -> AddSummary:
        """Store parsed articles and group their quotes with the archive.

        Each article is stored whole or not at all: articles are read in
        batches (every ``COMMIT_ARTICLES`` articles or ``COMMIT_SECONDS``
        seconds), then written each inside a savepoint, and the batch
        committed (which spares a WAL write of every touched index page per
        article); the write lock is taken for storing only, waiting for other
        writers as long as it takes (a notice on stderr says so). When
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
        session = AddSession(
            self._conn, self.settings, group=group, known_names=self._known_names
        )
        return session.run(parsed, on_progress)

    @_store_errors
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
        return grouping.set_groups(self._conn, self.path, groups)

    # ------------------------------------------------------------ reading

    @_store_errors
    def lookup(
        self, query: str, *, min_score: float | None = None, limit: int | None = None
    ) -> list[LookupMatch]:
        """Stored quotes matching ``query``, best first: :func:`audit.match.lookup`
        over the candidates the index gives (same scores, order and relations
        as a scan of every quote, for every match among the candidates)."""
        words = normalize(query).split()
        if not words:
            return []
        settings = self.settings
        terms = stem_hashes(words, settings.stem_length)
        ids = candidate_ids(
            self._conn, settings, words, terms, settings.lookup, short_runs=False
        )
        # The candidates are tested on their stored text and normal form, with
        # match.lookup's own test; only the matches are read whole and ranked
        # by match.lookup itself.
        threshold = match.quote_settings().lookup_min_score if min_score is None else min_score
        test = match.QueryTest(query, threshold)
        hits: list[int] = []
        wanted = sorted(ids)
        for i in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[i : i + IN_CHUNK]
            for qid, text, norm in self._conn.execute(
                f"SELECT id, text, norm FROM quotes WHERE id IN ({marks(len(chunk))})", chunk
            ):
                if test.matches(text, norm):
                    hits.append(qid)
        return match.lookup(query, self._quotes_by_id(hits), min_score=min_score, limit=limit)

    def _quotes_by_id(self, ids: Sequence[int]) -> list[Quote]:
        """The stored quotes with these row ids, in id order."""
        wanted = sorted(ids)
        out: list[Quote] = []
        for i in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[i : i + IN_CHUNK]
            out.extend(
                quote_from_row(r)
                for r in self._conn.execute(
                    f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article "
                    f"WHERE q.id IN ({marks(len(chunk))}) ORDER BY q.id",
                    chunk,
                )
            )
        return out

    def quotes(self) -> Iterator[Quote]:
        """Every stored quote, in the order they were stored."""
        with self._conn.errors():
            for row in self._conn.execute(
                f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article "
                "ORDER BY q.id"
            ):
                yield quote_from_row(row)

    @_store_errors
    def paths(self) -> list[str]:
        """The paths (or addresses) of the stored articles, sorted."""
        return [r[0] for r in self._conn.execute("SELECT path FROM articles ORDER BY path")]

    def iter_parsed(self, paths: Iterable[str] | None = None) -> Iterator[ParsedArticle]:
        """The stored articles rebuilt as ``ParsedArticle`` records, by path
        (only ``paths`` when given; unknown paths are skipped)."""
        conn = self._conn
        with conn.errors():
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
                yield rebuild_article(conn, row)

    @_store_errors
    def groups(
        self, paths: Iterable[str] | None = None, *, min_size: int = 1
    ) -> tuple[QuoteGroup, ...]:
        """Quote groups as ``QuoteGroup`` records (ids "g<n>", stable across
        runs), reference first, each member with its relation, score and word
        diff to the reference. With ``paths``, only groups with a quote from
        those articles (and all their members, from any article)."""
        return grouping.stored_groups(self._conn, paths, min_size=min_size)

    @_store_errors
    def group_of(self, paths: Iterable[str] | None = None) -> dict[str, str]:
        """Map each stored quote id (of ``paths`` only, when given) to its group id."""
        return grouping.group_of(self._conn, paths)

    @_store_errors
    def people_spellings(self) -> dict[str, int]:
        """Every full-name spelling stored, with the number of articles using
        it, sorted by name: the input for name-variant findings across the
        archive (fuzzy grouping of a few thousand names, not of every record)."""
        return people.people_spellings(self._conn)

    @_store_errors
    def people_named(self, names: Iterable[str]) -> list[Person]:
        """The per-article person records that :func:`audit.match.group_people`
        may merge with a person spelled one of ``names``: the records of every
        stored spelling sharing a blocking key with those names, and, so that
        the merging can be reproduced, with those spellings (one step further).
        Read through person_keys and the people_by_name index, not by scanning
        the store; ordered by article and position."""
        return people.people_named(self._conn, names)

    @_store_errors
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
        return people.people_counted(self._conn, names)

    @_store_errors
    def person_usage(self, names: Iterable[str]) -> tuple[list[tuple[str, int]], Counter[str]]:
        """For the records of these stored names together: the spellings
        their mentions use with about how many articles use each (records
        summed), and how many mentions carry each title."""
        return people.person_usage(self._conn, names)

    @_store_errors
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
