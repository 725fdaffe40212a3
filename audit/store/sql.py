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

import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from functools import cache
from typing import Any, Protocol

from ..errors import StoreError, UsageError

POSTGRES_EXTRA = "pip install 'citeaudit[postgres]'"
_URL_SCHEMES = ("postgresql://", "postgres://")

# "CAUD": SQLite's application_id, and the first key of our advisory locks.
APPLICATION_ID = 0x43415544
_LOCK_WRITE = 1
_LOCK_MIGRATE = 2
# Rows per array statement on PostgreSQL (add_counts, upsert_ints, update_ints): a few
# MB of parameters each, so one statement never holds a whole archive.
_ARRAY_ROWS = 100_000

Row = Sequence[Any]
# One statement of a migration step: SQL, or Python work on the database
# (recomputing a column, filling a new table), run in the step's transaction.
Statement = str | Callable[["Database"], None]


class Cursor(Protocol):
    """What the store reads from a query: rows as tuples."""

    def __iter__(self) -> Iterator[Any]: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


def is_url(target: str) -> bool:
    """Is ``target`` a PostgreSQL URL (else a SQLite file path)?"""
    return target.startswith(_URL_SCHEMES)


def display_name(target: str) -> str:
    """``target`` fit for messages: a URL without its password."""
    return re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@/]*@", r"\1@", target)


class Database:
    """One open database; :mod:`audit.store` is written against this interface."""

    kind: str
    name: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement (``?`` marks) and return its cursor."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per parameter row."""
        raise NotImplementedError

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Append rows to ``table`` in bulk."""
        raise NotImplementedError

    def insert_ints(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[int]]
    ) -> None:
        """Append rows of integers to ``table`` (in one statement where it
        pays: a round trip less on a server)."""
        marks = ",".join("?" * len(columns))
        self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def sync(self) -> None:
        """Wait for the statements sent so far, raising their error if one
        failed (a server connection may send writes ahead without waiting)."""

    def add_counts(
        self, table: str, key: str, column: str, rows: Sequence[tuple[int, int]]
    ) -> None:
        """Add each row's count to ``column`` of the row with that integer
        ``key``, inserting the rows missing."""
        self.executemany(
            f"INSERT INTO {table} ({key}, {column}) VALUES (?, ?) ON CONFLICT ({key}) "
            f"DO UPDATE SET {column} = {table}.{column} + excluded.{column}",
            rows,
        )

    def upsert_ints(
        self, table: str, key: str, column: str, rows: Sequence[tuple[int, int]]
    ) -> None:
        """Set ``column`` of the row with integer ``key`` to each row's value,
        inserting the rows missing."""
        self.executemany(
            f"INSERT INTO {table} ({key}, {column}) VALUES (?, ?) ON CONFLICT ({key}) "
            f"DO UPDATE SET {column} = excluded.{column}",
            rows,
        )

    def update_ints(
        self, table: str, key: str, column: str, rows: Sequence[tuple[int, int]]
    ) -> None:
        """Set ``column`` of the existing row with integer ``key`` to each
        row's value (key, value)."""
        self.executemany(
            f"UPDATE {table} SET {column} = ? WHERE {key} = ?", [(v, k) for k, v in rows]
        )

    def any_of(self, column: str) -> str:
        """SQL testing ``column`` against a list given by :meth:`list_param`."""
        raise NotImplementedError

    def list_param(self, values: Sequence[Any]) -> Any:
        """The one parameter for :meth:`any_of`."""
        raise NotImplementedError

    def begin_write(self) -> bool:
        """Open a write transaction, waiting for other writers. Returns True
        when another connection wrote since this one last committed (or this
        is the first write), so caches must be reloaded."""
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    def schema_version(self) -> int:
        raise NotImplementedError

    def migrate(self, steps: Sequence[Sequence[Statement]]) -> None:
        """Bring the schema to ``len(steps)`` (steps[v] turns v into v + 1),
        or refuse the database with a :class:`StoreError`."""
        raise NotImplementedError

    def size_bytes(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def _newer(name: str, version: int, current: int) -> StoreError:
    return StoreError(
        name,
        f"written by a newer citeaudit (schema v{version}; this one reads up to "
        f"v{current}): upgrade citeaudit to use it",
    )


# ---------------------------------------------------------------- SQLite


class SqliteDatabase(Database):
    """A store file. WAL lets readers work while an index run writes."""

    kind = "sqlite"

    def __init__(self, conn: sqlite3.Connection, name: str) -> None:
        self._conn = conn
        self.name = name
        self._seen: int | None = None

    @classmethod
    def open(cls, name: str, *, create: bool) -> SqliteDatabase:
        if not create and not os.path.exists(name):
            raise StoreError(name, "no such store (create one with `citeaudit index add`)")
        try:
            conn = sqlite3.connect(name, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(name, f"cannot open ({exc})") from exc
        db = cls(conn, name)
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
        conn.execute("PRAGMA busy_timeout = 10000")
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
        import json

        return json.dumps(list(values))

    def begin_write(self) -> bool:
        self._conn.execute("BEGIN IMMEDIATE")
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

    def migrate(self, steps: Sequence[Sequence[Statement]]) -> None:
        conn, name = self._conn, self.name
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            tables = int(conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StoreError(name, f"not a citeaudit store ({exc})") from exc
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(name, "not a citeaudit store (another program's SQLite file)")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        current = len(steps)
        version = self.schema_version()
        if version > current:
            raise _newer(name, version, current)
        if version == current:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated the file while we waited.
            version = self.schema_version()
            for step in steps[version:]:
                for statement in step:
                    if callable(statement):
                        statement(self)
                    else:
                        conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {current}")
            conn.execute("COMMIT")
        except BaseException as exc:
            conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    name, f"cannot migrate schema v{version} to v{current} ({exc})"
                ) from exc
            raise

    def size_bytes(self) -> int:
        return sum(
            os.path.getsize(p) for p in (self.name, self.name + "-wal") if os.path.exists(p)
        )

    def close(self) -> None:
        self._conn.close()


# ---------------------------------------------------------------- PostgreSQL


@cache
def _pg_sql(sql: str) -> str:
    """``?`` marks to psycopg's ``%s`` (the store's SQL holds no literal ``%``
    or ``?``)."""
    return sql.replace("?", "%s")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise UsageError(
            f"a postgresql:// store needs the postgres extra: {POSTGRES_EXTRA}"
        ) from exc
    return psycopg


class PostgresDatabase(Database):
    """A store in a PostgreSQL database. The connection runs in autocommit
    mode: each read sees the latest committed state, and writes open their own
    transactions (:meth:`begin_write`)."""

    kind = "postgresql"

    def __init__(self, conn: Any, name: str) -> None:
        self._conn = conn
        self.name = name
        self._seen: int | None = None
        # Inside a write transaction: statements are pipelined (sent without
        # waiting for each answer; a read waits for all before it).
        self._pipe: Any = None
        self._pipe_exit = ExitStack()

    @classmethod
    def open(cls, url: str, *, create: bool) -> PostgresDatabase:
        psycopg = _psycopg()
        name = display_name(url)
        try:
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(name, f"cannot connect ({str(exc).strip()})") from exc
        db = cls(conn, name)
        if not create and db._meta_version() is None:
            conn.close()
            raise StoreError(name, "no such store (create one with `citeaudit index add`)")
        return db

    def _error(self) -> type[Exception]:
        return _psycopg().Error  # type: ignore[no-any-return]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self._conn.execute(_pg_sql(sql), params)  # type: ignore[no-any-return]

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(_pg_sql(sql), rows)

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        # COPY cannot run in a pipeline: leave it (waiting for what was sent).
        self._end_pipeline()
        cols = ", ".join(f'"{c}"' for c in columns)
        with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as out:
            for row in rows:
                out.write_row(row)

    def insert_ints(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[int]]
    ) -> None:
        if rows:
            arrays = ", ".join("?::bigint[]" for _ in columns)
            self.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({arrays})",
                [list(col) for col in zip(*rows, strict=True)],
            )

    def sync(self) -> None:
        if self._pipe is not None:
            self._pipe.sync()

    def _end_pipeline(self) -> None:
        if self._pipe is not None:
            self._pipe = None
            self._pipe_exit.close()

    def add_counts(
        self, table: str, key: str, column: str, rows: Sequence[tuple[int, int]]
    ) -> None:
        self._by_arrays(
            f"INSERT INTO {table} ({key}, {column}) "
            "SELECT * FROM unnest(?::bigint[], ?::bigint[]) "
            f"ON CONFLICT ({key}) DO UPDATE SET {column} = {table}.{column} + "
            f"excluded.{column}",
            rows,
        )

    def upsert_ints(
        self, table: str, key: str, column: str, rows: Sequence[tuple[int, int]]
    ) -> None:
        self._by_arrays(
            f"INSERT INTO {table} ({key}, {column}) "
            "SELECT * FROM unnest(?::bigint[], ?::bigint[]) "
            f"ON CONFLICT ({key}) DO UPDATE SET {column} = excluded.{column}",
            rows,
        )

    def update_ints(
        self, table: str, key: str, column: str, rows: Sequence[tuple[int, int]]
    ) -> None:
        self._by_arrays(
            f"UPDATE {table} AS t SET {column} = v.value "
            "FROM unnest(?::bigint[], ?::bigint[]) AS v(key, value) "
            f"WHERE t.{key} = v.key",
            rows,
        )

    def _by_arrays(self, sql: str, rows: Sequence[tuple[int, int]]) -> None:
        """``sql`` with two bigint[] parameters (keys, values) over ``rows``,
        one statement per chunk: a statement per row costs a server round of
        work each (a million for a regrouped archive)."""
        for i in range(0, len(rows), _ARRAY_ROWS):
            chunk = rows[i : i + _ARRAY_ROWS]
            self.execute(sql, ([k for k, _ in chunk], [v for _, v in chunk]))

    def any_of(self, column: str) -> str:
        return f"{column} = ANY(?)"

    def list_param(self, values: Sequence[Any]) -> Any:
        return list(values)

    def begin_write(self) -> bool:
        self._conn.execute("BEGIN")
        # Writers take turns, a batch at a time; readers are not blocked.
        self._conn.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", (APPLICATION_ID, _LOCK_WRITE)
        )
        generation = int(self._conn.execute(
            "SELECT value FROM citeaudit_meta WHERE key = 'generation'"
        ).fetchone()[0])
        stale = generation != self._seen
        self._seen = generation
        self._pipe = self._pipe_exit.enter_context(self._conn.pipeline())
        return stale

    def commit(self) -> None:
        self._end_pipeline()
        row = self._conn.execute(
            "UPDATE citeaudit_meta SET value = value + 1 WHERE key = 'generation' "
            "RETURNING value"
        ).fetchone()
        self._conn.execute("COMMIT")
        self._seen = int(row[0])

    def rollback(self) -> None:
        self._end_pipeline()
        self._conn.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        psycopg = _psycopg()
        status = self._conn.info.transaction_status
        return bool(status != psycopg.pq.TransactionStatus.IDLE)

    def _meta_version(self) -> int | None:
        if self._conn.execute("SELECT to_regclass('citeaudit_meta')").fetchone()[0] is None:
            return None
        row = self._conn.execute(
            "SELECT value FROM citeaudit_meta WHERE key = 'schema_version'"
        ).fetchone()
        return None if row is None else int(row[0])

    def schema_version(self) -> int:
        return self._meta_version() or 0

    def migrate(self, steps: Sequence[Sequence[Statement]]) -> None:
        conn, name, error = self._conn, self.name, self._error()
        current = len(steps)
        version = self._meta_version()
        if version is not None and version > current:
            raise _newer(name, version, current)
        if version == current:
            return
        conn.execute("BEGIN")
        try:
            # DDL is transactional here: a failed step leaves the old schema.
            conn.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                         (APPLICATION_ID, _LOCK_MIGRATE))
            version = self._meta_version()
            if version is None:
                if conn.execute("SELECT to_regclass('articles')").fetchone()[0] is not None:
                    raise StoreError(
                        name, "not a citeaudit store (another program's tables are there)"
                    )
                conn.execute(
                    "CREATE TABLE citeaudit_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)"
                )
                conn.execute("INSERT INTO citeaudit_meta VALUES ('schema_version', 0), "
                             "('generation', 0)")
                version = 0
            for step in steps[version:]:
                for statement in step:
                    if callable(statement):
                        statement(self)
                    else:
                        conn.execute(statement)
            conn.execute("UPDATE citeaudit_meta SET value = %s WHERE key = 'schema_version'",
                         (current,))
            conn.execute("COMMIT")
        except BaseException as exc:
            conn.execute("ROLLBACK")
            if isinstance(exc, error):
                raise StoreError(
                    name, f"cannot migrate schema v{version} to v{current} ({exc})"
                ) from exc
            raise

    def size_bytes(self) -> int:
        return int(
            self._conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        )

    def close(self) -> None:
        self._end_pipeline()
        self._conn.close()


def open_database(target: str, *, create: bool) -> Database:
    """Open the store database at ``target``: a postgresql:// URL, else a
    SQLite file path."""
    if is_url(target):
        return PostgresDatabase.open(target, create=create)
    return SqliteDatabase.open(target, create=create)
