"""A throw-away PostgreSQL server for the tests: a cluster made by ``initdb`` in
a temporary folder, served by ``postgres`` on loopback at a free port, and
removed when the test session ends.

The server binaries come from ``$CITEAUDIT_PG_BIN``, else ``initdb`` on PATH,
else the newest Debian install under ``/usr/lib/postgresql/*/bin``. PostgreSQL
refuses to run as root, so under root the cluster belongs to the ``postgres``
system user and the server runs as that user.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# How long the server may take to accept connections (initdb is separate).
START_TIMEOUT = 30.0
USER = "citeaudit"


class PgUnavailable(Exception):
    """No server could be started; the message says why."""


def find_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``postgres``, or None."""
    given = os.environ.get("CITEAUDIT_PG_BIN")
    if given:
        return Path(given)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return debian[-1].parent if debian else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    """A running server; :meth:`new_database` gives each test its own database."""

    process: subprocess.Popen[bytes]
    root: Path
    port: int
    _names: Iterator[int]

    def url(self, dbname: str = "postgres") -> str:
        """The connection URL of database ``dbname``."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = f"t{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        """Immediate shutdown (SIGQUIT: no checkpoint, the cluster is thrown
        away; a fast shutdown can wait on a lingering session), then remove the
        cluster folder."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    """Make a cluster in a new temporary folder and start a server on it.
    Raises :class:`PgUnavailable` with the reason when that is not possible."""
    bin_dir = find_bin_dir()
    if bin_dir is None or not (bin_dir / "postgres").exists():
        raise PgUnavailable(
            "no PostgreSQL server binaries (install Debian's postgresql package "
            "or set CITEAUDIT_PG_BIN)"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PgUnavailable("psycopg is not installed (pip install 'citeaudit[postgres]')") from exc
    # Not under pytest's tmp folder: its parents are private to root, and the
    # server user must reach the cluster folder.
    root = Path(tempfile.mkdtemp(prefix="citeaudit-pg-"))
    user: str | None = None
    if os.geteuid() == 0:
        user = "postgres"
        try:
            owner = pwd.getpwnam(user)
        except KeyError as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise PgUnavailable("running as root and there is no postgres system user") from exc
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, log = root / "data", root / "server.log"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "TZ": "UTC"}
    try:
        subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
             "--encoding=UTF8", "--no-locale", "--no-sync"],
            user=user, env=env, check=True, capture_output=True, timeout=120,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(root, ignore_errors=True)
        raise PgUnavailable(f"initdb failed: {exc} {detail.decode(errors='replace')}") from exc
    port = _free_port()
    # Durability settings off: the cluster is thrown away after the session.
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(bin_dir / "postgres"), "-D", str(data), "-k", str(root), "-p", str(port),
             "-h", "127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=60"],
            user=user, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = PgServer(process, root, port, itertools.count(1))
    deadline = time.monotonic() + START_TIMEOUT
    import psycopg

    while True:
        if process.poll() is not None:
            reason = log.read_text(errors="replace")[-2000:]
            server.stop()
            raise PgUnavailable(f"postgres exited with status {process.returncode}: {reason}")
        with contextlib.suppress(psycopg.OperationalError):
            psycopg.connect(server.url(), connect_timeout=2).close()
            return server
        if time.monotonic() > deadline:
            server.stop()
            raise PgUnavailable(f"postgres did not accept connections in {START_TIMEOUT:.0f} s")
        time.sleep(0.1)
