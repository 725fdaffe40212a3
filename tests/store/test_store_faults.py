"""Fault tests for audit.store (issue 19): writers racing for the write lock,
a writer whose input stalls, a writer killed with SIGKILL, a full disk, a
read-only store, a damaged file, and passwords kept out of every message.
Each runs on both backends where the fault exists on both; every child
process is joined with a time bound."""

from __future__ import annotations

import multiprocessing
import os
import resource
import shutil
import signal
import sqlite3
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from corpora import generated_quotes
from paths import SEEDS

from audit import cli
from audit.errors import StoreError
from audit.models import ParsedArticle
from audit.store import Store, display_name, is_url, session
from audit.store.backends import APPLICATION_ID, base

# A bound on every child process: far above what each needs here.
JOIN_SECONDS = 120
CTX = multiprocessing.get_context("fork")


def _whole(item: ParsedArticle) -> tuple[object, ...]:
    """What must be stored of an article (the store adds its content hash)."""
    return (item.article.path, item.article.text, item.quotes, item.sources, item.people,
            item.reported)


def _snapshot(db: str) -> tuple[object, ...]:
    """Everything a user can read of a store, without its size and name."""
    with Store.open(db, create=False) as st:
        stats = {k: v for k, v in st.stats().items()
                 if k not in ("path", "backend", "db_bytes", "bytes_per_quote")}
        return (stats, [_whole(p) for p in st.iter_parsed()], st.groups(), st.group_of())


def _assert_consistent(db: str, expected: dict[str, ParsedArticle]) -> None:
    """The store is sound: whole articles only (each as given), every quote in
    a group, the stem counts those of the postings."""
    with Store.open(db, create=False) as st:
        for item in st.iter_parsed():
            assert _whole(item) == _whole(expected[item.article.path])
        conn = st.database
        if not is_url(db):
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert list(conn.execute(
            "SELECT count(*) FROM quotes q LEFT JOIN quote_groups g ON g.id = q.grp "
            "WHERE g.id IS NULL")) == [(0,)]
        counted = sorted(tuple(r) for r in conn.execute(
            "SELECT term, count(*) FROM postings GROUP BY term"))
        assert sorted(tuple(r) for r in conn.execute("SELECT term, df FROM terms")) == counted


def _join(procs: list[Any]) -> list[int | None]:
    for proc in procs:
        proc.join(timeout=JOIN_SECONDS)
        if proc.is_alive():
            proc.kill()
            proc.join()
    return [p.exitcode for p in procs]


# ---------------------------------------------------------------- racing writers


def _hold_write_lock(db: str) -> Callable[[], None]:
    """Take the store's write lock from another connection, as another writer
    would; return what releases it."""
    conn: Any
    if is_url(db):
        import psycopg

        conn = psycopg.connect(db, autocommit=True)
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(%s, 1)", (APPLICATION_ID,))
    else:
        conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")

    def release() -> None:
        conn.execute("COMMIT")
        conn.close()

    return release


def test_a_writer_waits_for_the_lock_and_says_so(
    store_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = store_url
    items = generated_quotes(60, seed=3)
    Store.open(db).close()
    monkeypatch.setattr(base, "LOCK_NOTICE_SECONDS", 0.2)
    release = _hold_write_lock(db)
    timer = threading.Timer(1.5, release)
    timer.start()
    try:
        with Store.open(db) as st:
            summary = st.add(items)
    finally:
        timer.join()
    assert len(summary.added) == len(items)
    notices = capsys.readouterr().err.splitlines()
    assert notices and all(
        line.startswith(f"citeaudit: {display_name(db)}: waiting for another writer")
        for line in notices
    )


def _stalling_writer(db: str, items: list[ParsedArticle], go_on: Any, done: Any) -> None:
    """Child: add two articles, then wait (with a bound) for the other writer
    to finish before reading the rest, as a slow fetch would."""
    session.COMMIT_SECONDS = 0.0  # a batch as soon as the input pauses

    def stream() -> Iterator[ParsedArticle]:
        yield from items[:2]
        done.put(("stalled", True))
        done.put(("resumed", go_on.wait(timeout=30)))
        yield from items[2:]

    with Store.open(db) as st:
        st.add(stream())


def _quick_writer(db: str, items: list[ParsedArticle], go_on: Any, done: Any) -> None:
    """Child: add every article, then let the stalled writer go on."""
    try:
        with Store.open(db) as st:
            st.add(items)
        done.put(("quick", True))
    finally:
        go_on.set()


def test_a_stalled_input_does_not_hold_the_write_lock(store_url: str) -> None:
    """A writer whose input stalls (a slow fetch) lets the other writer store
    meanwhile: neither waits for the other's input, nothing is lost."""
    db = store_url
    items = generated_quotes(240, seed=8)
    first, second = items[: len(items) // 2], items[len(items) // 2 :]
    Store.open(db).close()
    go_on, done = CTX.Event(), CTX.Queue()
    slow = CTX.Process(target=_stalling_writer, args=(db, first, go_on, done))
    slow.start()
    assert done.get(timeout=JOIN_SECONDS) == ("stalled", True)
    quick = CTX.Process(target=_quick_writer, args=(db, second, go_on, done))
    quick.start()
    assert _join([quick, slow]) == [0, 0]
    # The quick writer finished while the other one's input was stalled.
    events = dict(done.get(timeout=5) for _ in range(2))
    assert events == {"quick": True, "resumed": True}
    with Store.open(db, create=False) as st:
        assert st.paths() == sorted(p.article.path for p in items)
    _assert_consistent(db, {p.article.path: p for p in items})


# ---------------------------------------------------------------- a killed writer


def _doomed_writer(db: str, items: list[ParsedArticle], ready: Any) -> None:
    """Child: add articles in batches of three, signalling after the tenth
    stored one (its batch still open) and going on slowly until killed."""
    session.COMMIT_ARTICLES = 3
    seen = 0

    def progress(path: str, outcome: str) -> None:
        nonlocal seen
        seen += 1
        if seen == 10:
            ready.set()
        if seen >= 10:
            time.sleep(0.05)

    with Store.open(db) as st:
        st.add(items, on_progress=progress)


def test_a_killed_writer_leaves_whole_articles_and_a_rerun_is_identical(
    store_url: str, tmp_path: Path
) -> None:
    items = generated_quotes(300, seed=13)
    expected = {p.article.path: p for p in items}
    db = store_url
    Store.open(db).close()
    ready = CTX.Event()
    child = CTX.Process(target=_doomed_writer, args=(db, items, ready))
    child.start()
    assert ready.wait(timeout=JOIN_SECONDS)
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    assert _join([child]) == [-signal.SIGKILL]
    with Store.open(db, create=False) as st:
        kept = st.paths()
    assert 9 <= len(kept) < len(items)
    assert set(kept) <= set(expected)
    _assert_consistent(db, expected)
    # Adding everything again gives the store one run would have made.
    with Store.open(db) as st:
        st.add(items)
    clean = str(tmp_path / "clean.db")
    with Store.open(clean) as st:
        st.add(items)
    assert _snapshot(db) == _snapshot(clean)


# ---------------------------------------------------------------- a full disk


def _write_corpus(folder: Path, items: list[ParsedArticle]) -> None:
    folder.mkdir()
    for item in items:
        (folder / Path(item.article.path).name).write_text(item.article.text, encoding="utf-8")


def _cli_in_child(args: list[str], err: Path, limit: int | None) -> None:
    """Child: run the command line with stderr to ``err``, its files limited
    to ``limit`` bytes (a full disk: writes past it fail), exiting with the
    command's status."""
    sys.stderr = err.open("w", buffering=1)  # noqa: SIM115 - the child exits below
    session.COMMIT_ARTICLES = 10  # some batches are stored before the disk fills
    if limit is not None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the child exits below
    status = cli.run(args)
    sys.stderr.flush()
    os._exit(status)


def test_a_full_disk_is_one_line_and_corrupts_nothing(tmp_path: Path) -> None:
    items = generated_quotes(500, seed=17)
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, items)
    db, err = str(tmp_path / "full.db"), tmp_path / "err.txt"
    first = sorted(corpus.iterdir())[:5]
    assert cli.run(["index", "add", *map(str, first), "--db", db]) == cli.EXIT_OK
    size = os.path.getsize(db) + sum(
        os.path.getsize(p) for p in (db + "-wal",) if os.path.exists(p))
    child = CTX.Process(target=_cli_in_child,
                        args=(["index", "add", str(corpus), "--db", db], err, size + 65536))
    child.start()
    assert _join([child]) == [cli.EXIT_USAGE]
    lines = err.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"citeaudit: error: {db}: ")
    assert "could not be written" in lines[0] or "disk is full" in lines[0]
    with Store.open(db, create=False) as st:
        conn = st.database
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = st.paths()
    assert 5 <= len(stored) < len(items)
    # Room again: the run completes, and gives what one run gives.
    assert cli.run(["index", "add", str(corpus), "--db", db]) == cli.EXIT_OK
    clean = str(tmp_path / "clean.db")
    assert cli.run(["index", "add", *map(str, first), "--db", clean]) == cli.EXIT_OK
    assert cli.run(["index", "add", str(corpus), "--db", clean]) == cli.EXIT_OK
    assert _snapshot(db) == _snapshot(clean)


# ---------------------------------------------------------------- read-only stores


def _unprivileged(work: Callable[[], object]) -> object:
    """``work()`` in a child process that may not write what it does not own:
    under root, the child runs as nobody (root writes any file). Returns what
    ``work`` returned, or ("StoreError", message) for the StoreError it raised."""
    reader, writer = CTX.Pipe(duplex=False)

    def child() -> None:
        if os.geteuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
        try:
            writer.send(work())
        except StoreError as exc:
            writer.send(("StoreError", str(exc)))

    proc = CTX.Process(target=child)
    proc.start()
    got = reader.recv() if reader.poll(JOIN_SECONDS) else TimeoutError("child")
    assert _join([proc]) == [0]
    return got


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's tmp folders are
    private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="citeaudit-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            path.chmod(path.stat().st_mode | stat.S_IWUSR | stat.S_IXUSR)
        shutil.rmtree(folder)


def _read(db: str) -> object:
    with Store.open(db, create=False) as st:
        quote = next(iter(st.quotes()))
        return (st.stats()["articles"], len(list(st.iter_parsed())),
                bool(st.lookup(quote.text)), len(st.groups()))


def _write(db: str, items: list[ParsedArticle]) -> object:
    with Store.open(db) as st:
        return st.add(items).added


@pytest.mark.parametrize("locked", ["folder", "file"])
def test_a_read_only_store_is_read_and_refuses_writes(public_dir: Path, locked: str) -> None:
    items = generated_quotes(60, seed=19)
    twin, db = str(public_dir / "twin.db"), str(public_dir / "ro" / "store.db")
    (public_dir / "ro").mkdir()
    for path in (twin, db):
        with Store.open(path) as st:
            st.add(items[:-1])
    # Warm the parent's lazy imports and caches: the child cannot read them
    # from root's Python install once it is nobody.
    expected = _read(twin)
    _write(twin, items[-1:])
    Path(db).chmod(0o444)
    if locked == "folder":
        (public_dir / "ro").chmod(0o555)
    else:
        (public_dir / "ro").chmod(0o777)
    assert _unprivileged(lambda: _read(db)) == expected
    kind, message = _unprivileged(lambda: _write(db, items[-1:]))  # type: ignore[misc]
    assert kind == "StoreError" and message.startswith(f"{db}: ") and "read-only" in message
    assert "\n" not in message
    assert _read(db) == expected  # nothing written


def test_a_read_only_postgresql_store_refuses_writes_in_one_line(pg_url: str) -> None:
    import psycopg

    items = generated_quotes(40, seed=23)
    with Store.open(pg_url) as st:
        st.add(items[:-1])
    dbname = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {dbname} SET default_transaction_read_only = on")
    assert _read(pg_url)
    with pytest.raises(StoreError) as info:
        _write(pg_url, items[-1:])
    assert str(info.value).startswith(f"{pg_url}: ") and "read-only" in str(info.value)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------- damaged and odd files


def _damaged_store(tmp_path: Path) -> str:
    """A store with garbage written over pages in the middle of its file."""
    db = str(tmp_path / "damaged.db")
    assert cli.run(["index", "add", str(SEEDS), "--db", db]) == cli.EXIT_OK
    size = os.path.getsize(db)
    with open(db, "r+b") as raw:
        raw.seek(size // 2)
        raw.write(bytes(range(256)) * 32)
    return db


@pytest.mark.parametrize(
    "command", [["index", "stats"], ["index", "group"], ["index", "add"], ["lookup", "we"]]
)
def test_a_damaged_store_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    db = _damaged_store(tmp_path)
    # What reads no damaged page is answered (SQLite cannot tell without
    # reading the whole file); stats and grouping read every table.
    may_pass = command[0] == "lookup" or command == ["index", "add"]
    if command == ["index", "add"]:
        new = tmp_path / "new.txt"
        new.write_text("Ann Lee said: “We will build the harbour road this year.”\n")
        command = [*command, str(new)]
    capsys.readouterr()
    status = cli.run([*command, "--db", db])
    err = capsys.readouterr().err
    if may_pass and status == cli.EXIT_OK:
        return
    assert status == cli.EXIT_USAGE
    lines = [line for line in err.splitlines() if not line.startswith("grouping:")]
    assert lines == [lines[0]] and lines[0].startswith(f"citeaudit: error: {db}: ")
    assert "damaged" in lines[0]


@pytest.mark.parametrize("target", [os.devnull, "folder"])
def test_what_is_not_a_store_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    db = str(tmp_path) if target == "folder" else target
    for command in (["index", "stats"], ["index", "add", str(SEEDS)]):
        assert cli.run([*command, "--db", db]) == cli.EXIT_USAGE
        err = capsys.readouterr().err
        assert err == f"citeaudit: error: {db}: not a citeaudit store (not a regular file)\n"


# ---------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("postgresql://ed@db/news?password=s3cret", "postgresql://ed@db/news"),
        ("postgresql://ed@db/news?sslmode=require&password=s3cret&connect_timeout=2",
         "postgresql://ed@db/news?sslmode=require&connect_timeout=2"),
        ("postgresql://ed@db/news?PassWord=s3cret", "postgresql://ed@db/news"),
        ("postgresql://ed:s3/cr@et@db:5433/news", "postgresql://ed@db:5433/news"),
        ("postgresql://ed:s3:cr/et@db/news?password=more", "postgresql://ed@db/news"),
        ("postgres://:s3cret@db/news", "postgres://@db/news"),
    ],
)
def test_a_password_is_never_shown(target: str, shown: str) -> None:
    assert display_name(target) == shown
    assert base.redact(f"bad address {target}", target).count("***") >= 1
    for secret in ("s3cret", "s3/cr@et", "s3:cr/et", "more"):
        assert secret not in base.redact(f"bad address {target}", target)


@pytest.mark.parametrize(
    "target",
    [
        "postgresql://ed@127.0.0.1:1/news?password=s3cret&connect_timeout=2",
        "postgresql://ed:s3/cr@et@127.0.0.1:1/news?connect_timeout=2",
        "postgresql://ed:s3cret@127.0.0.1:1/news?connect_timeout=2&password=s3cret",
        "postgresql://ed@127.0.0.1:1/news?password=s3cret&port=notaport",
    ],
)
def test_connection_errors_keep_the_password_out(
    target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("psycopg")
    assert cli.run(["index", "stats", "--db", target]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"citeaudit: error: {display_name(target)}")
    assert "s3cret" not in err and "s3/cr" not in err
