"""Shared fixtures: the store backends (a SQLite file, and a database on a
throw-away PostgreSQL server started once per test session), and a loopback
web server for the command-line tests."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from pg import PgServer, PgUnavailable, find_bin_dir, start_server

BACKENDS = ("sqlite", "postgresql")

# Property tests draw the same examples on every run (the README's test
# command and CI give one verdict for one tree); explore with
# HYPOTHESIS_PROFILE=explore, and pin what it finds with @example.
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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


@pytest.fixture
def local_site() -> Iterator[str]:
    """A loopback HTTP server serving the hostile fixture page; yields its address."""
    page = (Path(__file__).parent / "fixtures" / "articles" / "hostile.html").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

        def address_string(self) -> str:
            return "127.0.0.1"

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story.html"
    server.shutdown()
    server.server_close()
