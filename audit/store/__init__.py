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

Articles are read in batches (up to COMMIT_ARTICLES articles or
COMMIT_SECONDS), then each is stored inside its own savepoint and the batch
committed at once: an error, an interrupt or a crash
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
teams and large archives); :mod:`audit.store.backends` hides the difference;
the SQL is written once for both, and so is the schema
(:mod:`audit.store.schema`). Writers take turns a batch at a time (SQLite's
write lock, a PostgreSQL advisory lock), held while a batch is stored, never
while one is read; a writer waits for the lock as long as it takes, saying so
on stderr, so two index runs at once lose nothing and store nothing twice;
readers never wait. A SQLite store whose file or folder may not be written is
opened read-only. Every database error comes out of :class:`Store` as a
one-line :class:`~audit.errors.StoreError` naming the store (a URL always
without its password).

The package: :mod:`~audit.store.facade` (the :class:`Store`),
:mod:`~audit.store.session` (one add run), :mod:`~audit.store.postings` (the
stem index and look-up), :mod:`~audit.store.grouping` (quote groups),
:mod:`~audit.store.people`, :mod:`~audit.store.records` (records as rows),
:mod:`~audit.store.schema` and :mod:`~audit.store.backends`.
"""

from __future__ import annotations

from .backends import Database, display_name, is_url, open_database
from .facade import DEFAULT_DB, ENV_DB, Store, default_db_path
from .people import STORED, count_person_usage
from .postings import SHORT_QUOTE_WORDS, IndexSettings, index_settings
from .schema import migration_steps, schema_version
from .session import AddOutcome, AddSession, AddSummary

__all__ = [
    "DEFAULT_DB",
    "ENV_DB",
    "SHORT_QUOTE_WORDS",
    "STORED",
    "AddOutcome",
    "AddSession",
    "AddSummary",
    "Database",
    "IndexSettings",
    "Store",
    "count_person_usage",
    "default_db_path",
    "display_name",
    "index_settings",
    "is_url",
    "migration_steps",
    "open_database",
    "schema_version",
]
