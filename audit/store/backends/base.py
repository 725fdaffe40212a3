"""What the corpus store asks of a database (:class:`Database`), and the one
migration path both backends share: the schema-version check, the step loop
and the roll-back, with hooks for where each backend keeps its version and
how it takes the migration lock."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol
from urllib.parse import unquote

from ...errors import StoreError

_URL_SCHEMES = ("postgresql://", "postgres://")
# A password in a URL's query (``?password=...``), up to the next parameter.
_QUERY_PASSWORD = re.compile(r"([?&])password=([^&#]*)&?", re.IGNORECASE)

# A writer waiting for the write lock says so on stderr this often: another
# writer holds it for one batch at a time (seconds), so the wait ends, and the
# notice tells the user why nothing moves meanwhile.
LOCK_NOTICE_SECONDS = 5.0

# "CAUD": SQLite's application_id, and the first key of our advisory locks.
APPLICATION_ID = 0x43415544

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


def _passwords(target: str) -> list[str]:
    """The passwords a store URL holds, as written and decoded: in the user
    part (``user:password@``, where the password may itself hold ``/``, ``:``
    or ``@``: the user part runs to the last ``@``) and in ``password=``
    query parameters."""
    if not is_url(target):
        return []
    found = [m.group(2) for m in _QUERY_PASSWORD.finditer(target)]
    rest = _QUERY_PASSWORD.sub(r"\1", target).split("://", 1)[1]
    userinfo = rest.rpartition("@")[0]
    if ":" in userinfo:
        found.append(userinfo.split(":", 1)[1])
    return [p for raw in found if raw for p in {raw, unquote(raw)}]


def redact(text: str, target: str) -> str:
    """``text`` (a message about store ``target``) with every password of
    ``target`` replaced by ``***``: for driver messages, which may quote the
    address they were given."""
    for password in sorted(_passwords(target), key=len, reverse=True):
        text = text.replace(password, "***")
    return text


def display_name(target: str) -> str:
    """``target`` fit for messages: a URL without its passwords (the user
    part's and ``password=`` parameters; every message about a store names it
    by this)."""
    if not is_url(target):
        return target
    scheme, rest = _QUERY_PASSWORD.sub(r"\1", target).split("://", 1)
    userinfo, at, host = rest.rpartition("@")
    if at:
        rest = f"{userinfo.split(':', 1)[0]}@{host}"
    return f"{scheme}://{rest}".rstrip("?&")


def notice(message: str) -> None:
    """Tell the user what the store is waiting for (stderr, one line)."""
    print(f"citeaudit: {message}", file=sys.stderr, flush=True)


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
        """Open a write transaction, waiting for other writers (see
        :meth:`wait_for_write_lock`). Returns True when another connection
        wrote since this one last committed (or this is the first write), so
        caches must be reloaded."""
        raise NotImplementedError

    def wait_for_write_lock(self, attempt: Callable[[float], bool]) -> None:
        """Take the write lock: ``attempt(seconds)`` tries for up to that long
        and says whether it got it. Writers hold the lock a batch at a time,
        so this waits as long as it takes (no writer crashes for having had
        to wait), saying on stderr every LOCK_NOTICE_SECONDS that it waits."""
        started = time.monotonic()
        while not attempt(LOCK_NOTICE_SECONDS):
            waited = time.monotonic() - started
            notice(f"{self.name}: waiting for another writer to finish ({waited:.0f} s)")

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Raise the driver's errors inside as a one-line :class:`StoreError`
        naming the store (a damaged file, a full disk, a lost server)."""
        try:
            yield
        except self.driver_error() as exc:
            raise StoreError(self.name, self.explain(exc)) from exc

    def explain(self, exc: Exception) -> str:
        """A driver error as one line, without any password."""
        return " ".join(str(exc).split())

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    def schema_version(self) -> int:
        raise NotImplementedError

    def size_bytes(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------ migrating

    def migrate(self, steps: Sequence[Sequence[Statement]]) -> None:
        """Bring the schema to ``len(steps)`` (steps[v] turns v into v + 1),
        or refuse the database with a :class:`StoreError`. A failed step
        rolls back every step of the run (both backends' DDL is
        transactional), leaving the old schema."""
        name = self.name
        current = len(steps)
        self.check_is_store()
        version = self.stored_version()
        if version is not None and version > current:
            raise StoreError(
                name,
                f"written by a newer citeaudit (schema v{version}; this one reads up to "
                f"v{current}): upgrade citeaudit to use it",
            )
        if version == current:
            return
        self.begin_migration()
        try:
            # Another process may have migrated the database while we waited.
            version = self.claim_version()
            for step in steps[version:]:
                for statement in step:
                    if callable(statement):
                        statement(self)
                    else:
                        self.run_statement(statement)
            self.set_version(current)
            self.run_statement("COMMIT")
        except BaseException as exc:
            if self.in_transaction:  # a failed I/O may have ended it already
                self.run_statement("ROLLBACK")
            if isinstance(exc, self.driver_error()):
                raise StoreError(
                    name, f"cannot migrate schema v{version} to v{current} ({self.explain(exc)})"
                ) from exc
            raise

    def check_is_store(self) -> None:
        """Before migrating: refuse a database that is another program's."""

    def stored_version(self) -> int | None:
        """The schema version stored, None when nothing of a store is there yet."""
        raise NotImplementedError

    def begin_migration(self) -> None:
        """Open the migration's transaction."""
        raise NotImplementedError

    def claim_version(self) -> int:
        """Inside the migration's transaction: take the migration lock and
        return the version to migrate from (making the version record of a
        new store)."""
        raise NotImplementedError

    def set_version(self, version: int) -> None:
        """Record the schema version (and mark the database as a citeaudit store)."""
        raise NotImplementedError

    def run_statement(self, sql: str) -> None:
        """Run one statement as written: no parameters, no mark translation."""
        raise NotImplementedError

    def driver_error(self) -> type[Exception]:
        """The database driver's error class (a failed migration step)."""
        raise NotImplementedError
