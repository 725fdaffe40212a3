"""A store in one SQLite file. WAL lets readers work while an index run
writes; writers take turns with ``BEGIN IMMEDIATE``; the schema version is
kept in ``PRAGMA user_version`` and the file is marked as a citeaudit store
by ``PRAGMA application_id``. A store whose file or folder we may not write
is opened read-only: it can be read, and writing it is a StoreError."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ...errors import StoreError
from .base import APPLICATION_ID, Cursor, Database

# How long a statement other than taking the write lock waits for a lock
# (rare and brief: a checkpoint, a new store switching to WAL).
_BUSY_MS = 10_000

# Result codes (extended, else primary: the low byte) and what they mean for
# a store, in messages.
_DAMAGED = (
    "the file is damaged: restore it from a backup, or build it again with "
    "`citeaudit index add`"
)
_MEANING = {
    sqlite3.SQLITE_CORRUPT: _DAMAGED,
    sqlite3.SQLITE_NOTADB: _DAMAGED,
    sqlite3.SQLITE_FULL: "the disk is full: the batch being written was not stored",
    # A write refused short of a full disk: a file size limit, a quota.
    sqlite3.SQLITE_IOERR_WRITE: "the file could not be written (disk full, or a file size "
    "limit?): the batch being written was not stored",
    sqlite3.SQLITE_IOERR: "the file could not be read or written",
    sqlite3.SQLITE_READONLY: "the store is read-only",
}


def _read_only_uri(name: str) -> str | None:
    """The URI to open store ``name`` read-only with, when we may not write
    it (else None). In a folder we may not write, SQLite cannot make the
    WAL's shared-memory file: a store closed cleanly (no WAL left) is then
    opened immutable (no writer can change it there either)."""
    path = Path(name)
    folder = path.parent
    if os.access(path, os.W_OK) and os.access(folder, os.W_OK):
        return None
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    wal = Path(f"{name}-wal")
    if not os.access(folder, os.W_OK) and not wal.exists():
        uri += "&immutable=1"
    return uri


class SqliteDatabase(Database):
    """A store file. WAL lets readers work while an index run writes."""

    kind = "sqlite"

    def __init__(self, conn: sqlite3.Connection, name: str, *, read_only: bool = False) -> None:
        self._conn = conn
        self.name = name
        self.read_only = read_only
        self._seen: int | None = None

    @classmethod
    def open(cls, name: str, *, create: bool) -> SqliteDatabase:
        exists = os.path.exists(name)
        if not create and not exists:
            raise StoreError(name, "no such store (create one with `citeaudit index add`)")
        if exists and not os.path.isfile(name):
            raise StoreError(name, "not a citeaudit store (not a regular file)")
        uri = _read_only_uri(name) if exists else None
        try:
            if uri is None:
                conn = sqlite3.connect(name, isolation_level=None)
            else:
                conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(name, f"cannot open ({exc})") from exc
        db = cls(conn, name, read_only=uri is not None)
        try:
            db._configure()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(name, f"not a citeaudit store ({exc})") from exc
        return db

    def _configure(self) -> None:
        """Per-connection settings: synchronous=NORMAL keeps each commit atomic
        and durable up to the last checkpoint, without a sync per batch."""
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        # Checkpoint (copy the WAL into the file) every ~64 MB of WAL rather
        # than every 4 MB: an index page written by several batches is copied
        # once. Readers' cost does not change (the WAL index is in memory).
        conn.execute("PRAGMA wal_autocheckpoint = 16384")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -131072")  # 128 MB: the postings B-tree's upper levels
        conn.execute("PRAGMA mmap_size = 1073741824")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        marks = ",".join("?" * len(columns))
        self._conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
        )

    def any_of(self, column: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(?))"

    def list_param(self, values: Sequence[Any]) -> Any:
        return json.dumps(list(values))

    def _begin_immediate(self) -> None:
        """Open a write transaction: take the write lock, waiting for it."""
        if self.read_only:
            raise StoreError(
                self.name, "the store is read-only (we may not write its file or folder)"
            )
        conn = self._conn

        def attempt(seconds: float) -> bool:
            conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                    raise
                return False
            finally:
                conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            return True

        self.wait_for_write_lock(attempt)

    def begin_write(self) -> bool:
        self._begin_immediate()
        # data_version changes when another connection commits to the file.
        version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        stale = version != self._seen
        self._seen = version
        return stale

    def commit(self) -> None:
        self._conn.execute("COMMIT")

    def rollback(self) -> None:
        self._conn.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def check_is_store(self) -> None:
        conn, name = self._conn, self.name
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            tables = int(conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StoreError(name, f"not a citeaudit store ({exc})") from exc
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(name, "not a citeaudit store (another program's SQLite file)")
        if not self.read_only and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")

    def stored_version(self) -> int | None:
        return self.schema_version()

    def begin_migration(self) -> None:
        self._begin_immediate()

    def claim_version(self) -> int:
        return self.schema_version()  # BEGIN IMMEDIATE holds the write lock

    def set_version(self, version: int) -> None:
        self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self._conn.execute(f"PRAGMA user_version = {version}")

    def run_statement(self, sql: str) -> None:
        self._conn.execute(sql)

    def driver_error(self) -> type[Exception]:
        return sqlite3.Error

    def explain(self, exc: Exception) -> str:
        code = getattr(exc, "sqlite_errorcode", 0)
        meaning = _MEANING.get(code) or _MEANING.get(code & 0xFF)
        detail = super().explain(exc)
        return f"{meaning} ({detail})" if meaning else detail

    def size_bytes(self) -> int:
        return sum(
            os.path.getsize(p) for p in (self.name, self.name + "-wal") if os.path.exists(p)
        )

    def close(self) -> None:
        self._conn.close()
