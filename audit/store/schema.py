"""The store's schema, written once for both backends, and its migration
steps (run by :meth:`audit.store.backends.Database.migrate`).

The DDL below holds placeholders for what differs between the backends,
filled from :data:`COLUMN_TYPES`: PostgreSQL gets 64-bit row ids (entry =
quote id * 64 needs them past 33M quotes), a SMALLINT flag and no WITHOUT
ROWID; SQLite keeps ``INTEGER PRIMARY KEY`` row ids and clustered WITHOUT
ROWID tables. SQLite keeps each CREATE statement's text (comments included)
in its schema, so the SQLite rendering is the text stores were made with.
"""

from __future__ import annotations

from .backends import Database, Statement
from .people import person_key_rows

# Per backend: {row_id} row ids and columns holding one; {flag} a 0/1 column;
# {count} a count summed over an archive; {without_rowid} the clustered-table
# clause (SQLite only).
COLUMN_TYPES: dict[str, dict[str, str]] = {
    "sqlite": {
        "row_id": "INTEGER", "flag": "INTEGER", "count": "INTEGER",
        "without_rowid": " WITHOUT ROWID",
    },
    "postgresql": {
        "row_id": "BIGINT", "flag": "SMALLINT", "count": "BIGINT", "without_rowid": "",
    },
}

# Migration steps: MIGRATIONS[v] holds the statements that turn schema v into
# v + 1 (v = 0 is an empty database). A later schema appends a step; a step
# that needs Python work (recomputing a column) is a callable.
_V1: tuple[str, ...] = (
    """CREATE TABLE articles (
        id {row_id} PRIMARY KEY,
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
    "CREATE TABLE quote_groups (id {row_id} PRIMARY KEY, reference {row_id} NOT NULL)",
    """CREATE TABLE quotes (
        id {row_id} PRIMARY KEY,
        article {row_id} NOT NULL REFERENCES articles(id),
        qid TEXT NOT NULL,              -- Quote.id as the parser gave it
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        norm TEXT NOT NULL,             -- audit.text.normalize(text)
        norm_hash INTEGER NOT NULL,     -- 32-bit hash of norm: exact and run probes
        speaker TEXT, speaker_start INTEGER, speaker_end INTEGER,
        cue TEXT, fragment {flag} NOT NULL, via TEXT,
        grp {row_id} NOT NULL REFERENCES quote_groups(id)
    )""",
    "CREATE INDEX quotes_by_article ON quotes(article)",
    "CREATE INDEX quotes_by_norm ON quotes(norm_hash)",
    # Quotes of at most postings.SHORT_QUOTE_WORDS words, found inside longer texts by
    # probing the hashes of the text's word runs.
    """CREATE TABLE short_quotes (
        norm_hash INTEGER NOT NULL, quote {row_id} NOT NULL, PRIMARY KEY (norm_hash, quote)
    ){without_rowid}""",
    "CREATE INDEX quotes_by_group ON quotes(grp)",
    # The stem index: term = 32-bit hash of a stem; entry = quote id * 64 +
    # the quote's stem count (capped at 63), so ranking needs no extra read.
    "CREATE TABLE terms (term INTEGER PRIMARY KEY, df INTEGER NOT NULL)",
    """CREATE TABLE postings (
        term INTEGER NOT NULL, entry {row_id} NOT NULL, PRIMARY KEY (term, entry)
    ){without_rowid}""",
    """CREATE TABLE sources (
        article {row_id} NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        name TEXT NOT NULL, kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        cue TEXT, cue_start INTEGER, cue_end INTEGER, via TEXT, role TEXT,
        outlet TEXT,                    -- JSON of the Outlet record, or NULL
        PRIMARY KEY (article, ord)
    ){without_rowid}""",
    """CREATE TABLE people (
        article {row_id} NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        name TEXT NOT NULL, PRIMARY KEY (article, ord)
    ){without_rowid}""",
    "CREATE INDEX people_by_name ON people(name)",
    """CREATE TABLE person_names (
        article {row_id} NOT NULL, person INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('variant', 'title')), ord INTEGER NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (article, person, kind, ord),
        FOREIGN KEY (article, person) REFERENCES people(article, ord)
    ){without_rowid}""",
    """CREATE TABLE mentions (
        article {row_id} NOT NULL, person INTEGER NOT NULL, ord INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        full_name TEXT NOT NULL, title TEXT, title_start INTEGER, title_end INTEGER,
        PRIMARY KEY (article, person, ord),
        FOREIGN KEY (article, person) REFERENCES people(article, ord)
    ){without_rowid}""",
    """CREATE TABLE reported (
        article {row_id} NOT NULL REFERENCES articles(id), ord INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        speaker TEXT, cue TEXT NOT NULL,
        PRIMARY KEY (article, ord)
    ){without_rowid}""",
)


def _fill_person_keys(db: Database) -> None:
    """Migration to v2: the blocking keys of every person name stored."""
    names = [r[0] for r in db.execute("SELECT DISTINCT name FROM people").fetchall()]
    db.executemany(
        "INSERT INTO person_keys (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
        person_key_rows(names),
    )


# v2: person_keys, the names of stored people by the blocking keys of
# match.group_people, so checking a draft's people reads only the records
# that may be the same people (audit.check), not every person stored.
_V2: tuple[Statement, ...] = (
    """CREATE TABLE person_keys (
        key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name)
    ){without_rowid}""",
    _fill_person_keys,
)

# v3: person_usage, how the records of each stored person name use spellings
# and titles, kept up to date as articles come and go, so checking a draft's
# people reads a few rows per name instead of every record of a famous person
# (tens of thousands in a large archive). Kinds: record (value '': records of
# the name), variant / title (records listing that variant or title), spelling
# (records with a mention spelled that way, full name else text: about the
# articles using it), mention_title (mentions carrying that title). The fill
# computes in SQL the counts audit.store.people.count_person_usage gives.
_V3: tuple[Statement, ...] = (
    """CREATE TABLE person_usage (
        name TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, n {count} NOT NULL,
        PRIMARY KEY (name, kind, value)
    ){without_rowid}""",
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
# v4: sources.how, how the article credits a source ("said", "via" or
# "credit": models.Source); NULL for sources stored before it was found.
_V4: tuple[Statement, ...] = ("ALTER TABLE sources ADD COLUMN how TEXT",)
MIGRATIONS: list[tuple[Statement, ...]] = [_V1, _V2, _V3, _V4]


def schema_version() -> int:
    """The schema version this code writes: the number of migration steps."""
    return len(MIGRATIONS)


def migration_steps(kind: str) -> list[tuple[Statement, ...]]:
    """:data:`MIGRATIONS` for backend ``kind`` (``sqlite`` or ``postgresql``):
    the DDL with that backend's column types."""
    types = COLUMN_TYPES[kind]
    return [
        tuple(s if callable(s) else s.format(**types) for s in step) for step in MIGRATIONS
    ]
