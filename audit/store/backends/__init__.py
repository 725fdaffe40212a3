"""The two databases the corpus store runs on: a SQLite file, or a PostgreSQL
database given by URL (``postgresql://user@host/dbname``).

:mod:`audit.store` writes its SQL once, with ``?`` parameter marks and the
subset both databases share; a :class:`Database` here runs it and hides what
differs: parameter style, transactions and the writer lock, schema versions,
bulk writes (COPY on PostgreSQL), how a list is passed as a parameter.

Writers take turns: SQLite's ``BEGIN IMMEDIATE`` lock, and on PostgreSQL a
transaction-level advisory lock held by each write batch. Readers never wait
(WAL, MVCC). Every committed batch bumps a generation number so a writer can
tell that another one wrote in between and refresh what it caches.
"""

from __future__ import annotations

from .base import APPLICATION_ID, Cursor, Database, Row, Statement, display_name, is_url
from .postgresql import POSTGRES_EXTRA, PostgresDatabase
from .sqlite import SqliteDatabase

__all__ = [
    "APPLICATION_ID",
    "POSTGRES_EXTRA",
    "Cursor",
    "Database",
    "PostgresDatabase",
    "Row",
    "SqliteDatabase",
    "Statement",
    "display_name",
    "is_url",
    "open_database",
]


def open_database(target: str, *, create: bool) -> Database:
    """Open the store database at ``target``: a postgresql:// URL, else a
    SQLite file path."""
    if is_url(target):
        return PostgresDatabase.open(target, create=create)
    return SqliteDatabase.open(target, create=create)
