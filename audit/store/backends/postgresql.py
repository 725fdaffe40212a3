"""A store in a PostgreSQL database (``postgresql://user@host/dbname``, needs
the ``postgres`` extra). Writers take turns with a transaction-level advisory
lock held by each write batch; the schema version and a generation number
(bumped by every committed batch, so a writer can tell that another one wrote
in between) live in the citeaudit_meta table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from functools import cache
from typing import Any

from ...errors import StoreError, UsageError
from .base import APPLICATION_ID, Cursor, Database, display_name, redact

POSTGRES_EXTRA = "pip install 'citeaudit[postgres]'"

# Second keys of our advisory locks (the first is APPLICATION_ID).
_LOCK_WRITE = 1
_LOCK_MIGRATE = 2
# Rows per array statement (add_counts, upsert_ints, update_ints): a few MB of
# parameters each, so one statement never holds a whole archive.
_ARRAY_ROWS = 100_000


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

    def __init__(self, conn: Any, name: str, url: str) -> None:
        self._conn = conn
        self.name = name
        self._url = url  # only to keep its passwords out of messages
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
            reason = " ".join(redact(str(exc), url).split())
            raise StoreError(name, f"cannot connect ({reason})") from exc
        db = cls(conn, name, url)
        try:
            with db.errors():
                missing = not create and db.stored_version() is None
        except StoreError:
            conn.close()
            raise
        if missing:
            conn.close()
            raise StoreError(name, "no such store (create one with `citeaudit index add`)")
        return db

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
        # Writers take turns, a batch at a time; readers are not blocked.
        conn, psycopg = self._conn, _psycopg()

        def attempt(seconds: float) -> bool:
            conn.execute("BEGIN")
            conn.execute(f"SET LOCAL lock_timeout = {int(seconds * 1000)}")
            try:
                conn.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", (APPLICATION_ID, _LOCK_WRITE)
                )
            except psycopg.errors.LockNotAvailable:
                conn.execute("ROLLBACK")
                return False
            conn.execute("SET LOCAL lock_timeout = 0")
            return True

        self.wait_for_write_lock(attempt)
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

    def stored_version(self) -> int | None:
        if self._conn.execute("SELECT to_regclass('citeaudit_meta')").fetchone()[0] is None:
            return None
        row = self._conn.execute(
            "SELECT value FROM citeaudit_meta WHERE key = 'schema_version'"
        ).fetchone()
        return None if row is None else int(row[0])

    def schema_version(self) -> int:
        return self.stored_version() or 0

    def begin_migration(self) -> None:
        self._conn.execute("BEGIN")

    def claim_version(self) -> int:
        conn = self._conn
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (APPLICATION_ID, _LOCK_MIGRATE))
        version = self.stored_version()
        if version is not None:
            return version
        if conn.execute("SELECT to_regclass('articles')").fetchone()[0] is not None:
            raise StoreError(
                self.name, "not a citeaudit store (another program's tables are there)"
            )
        conn.execute("CREATE TABLE citeaudit_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)")
        conn.execute("INSERT INTO citeaudit_meta VALUES ('schema_version', 0), ('generation', 0)")
        return 0

    def set_version(self, version: int) -> None:
        self._conn.execute(
            "UPDATE citeaudit_meta SET value = %s WHERE key = 'schema_version'", (version,)
        )

    def run_statement(self, sql: str) -> None:
        self._conn.execute(sql)

    def driver_error(self) -> type[Exception]:
        return _psycopg().Error  # type: ignore[no-any-return]

    def explain(self, exc: Exception) -> str:
        return redact(super().explain(exc), self._url)

    def size_bytes(self) -> int:
        return int(
            self._conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        )

    def close(self) -> None:
        self._end_pipeline()
        self._conn.close()
