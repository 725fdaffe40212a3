"""Shared fixtures: the store backends (a SQLite file, and a database on a
throw-away PostgreSQL server started once per test session)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg import PgServer, PgUnavailable, find_bin_dir, start_server

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the session. Skipped (with the reason) when none
    can be started; under CI (``$CI`` set) with the server binaries installed,
    that is a failure instead, so CI never passes by skipping."""
    try:
        server = start_server()
    except PgUnavailable as exc:
        bin_dir = find_bin_dir()
        if os.environ.get("CI") and bin_dir is not None and (bin_dir / "postgres").exists():
            pytest.fail(f"PostgreSQL server could not be started under CI: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return pg_server.new_database()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new, empty store lives, once per backend: a SQLite file path,
    or a postgresql:// URL of an empty database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))
