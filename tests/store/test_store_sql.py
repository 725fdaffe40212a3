"""Tests for audit.store.backends (the two store databases) and the command line
on a PostgreSQL store: URLs, the missing extra, messages without passwords."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from paths import SEEDS

from audit import cli
from audit.errors import StoreError, UsageError
from audit.store import Store
from audit.store.backends import display_name, is_url, open_database


@pytest.mark.parametrize(
    ("target", "url", "shown"),
    [
        ("citeaudit.db", False, "citeaudit.db"),
        ("/data/postgresql/x.db", False, "/data/postgresql/x.db"),
        ("postgresql://ed@db.example/news", True, "postgresql://ed@db.example/news"),
        ("postgresql://ed:s3cret@db.example:5433/news", True,
         "postgresql://ed@db.example:5433/news"),
        ("postgres://ed:p%40ss@db/news?sslmode=require", True,
         "postgres://ed@db/news?sslmode=require"),
    ],
)
def test_urls_and_what_messages_show(target: str, url: bool, shown: str) -> None:
    assert is_url(target) is url
    assert display_name(target) == shown


def test_missing_postgres_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(UsageError, match=r"pip install 'citeaudit\[postgres\]'"):
        open_database("postgresql://ed@127.0.0.1:1/news", create=True)
    status = cli.run(["index", "add", str(SEEDS), "--db", "postgresql://ed@127.0.0.1:1/x"])
    assert status == cli.EXIT_USAGE


def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://ed:s3cret@127.0.0.1:1/news?connect_timeout=2")
    assert "cannot connect" in str(info.value) and "s3cret" not in str(info.value)


def test_cli_on_a_postgresql_store(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CITEAUDIT_DB", pg_url)
    assert cli.run(["index", "add", str(SEEDS)]) == cli.EXIT_OK
    assert capsys.readouterr().out.startswith(f"{pg_url}: quotes ")
    assert cli.run(["index", "stats", "--format", "json"]) == cli.EXIT_OK
    stats = json.loads(capsys.readouterr().out)
    assert (stats["backend"], stats["articles"]) == ("postgresql", 5)
    with Store.open(pg_url, create=False) as st:
        quote = next(iter(st.quotes()))
    assert cli.run(["lookup", quote.text, "--db", pg_url, "--format", "json"]) == cli.EXIT_OK
    found = json.loads(capsys.readouterr().out)["matches"]
    assert found[0]["article"] == quote.article and found[0]["relation"] == "identical"
    # The same answers as a SQLite store of the same articles.
    db = str(tmp_path / "s.db")
    assert cli.run(["index", "add", str(SEEDS), "--db", db]) == cli.EXIT_OK
    capsys.readouterr()
    assert cli.run(["lookup", quote.text, "--db", db, "--format", "json"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["matches"] == found
