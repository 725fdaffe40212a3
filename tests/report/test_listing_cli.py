"""Every listing command through the command line, in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from audit.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEEDS = str(ROOT / "seeds")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("store") / "corpus.db")
    result = CliRunner().invoke(main, ["index", "add", SEEDS, "--db", path])
    assert result.exit_code == 0, result.output
    return path


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# (command, the JSON document's list that jsonl prints one a line, CSV header)
LISTINGS = [
    (["quotes", SEEDS], "quotes", ["cluster", "article", "speaker", "fragment", "text"]),
    (["sources", SEEDS], "sources", ["article", "kind", "name", "cue", "via", "typology"]),
    (["people", SEEDS], "people", ["name", "articles", "spellings", "titles"]),
    (["lookup", "ironclad security guarantees", SEEDS], "matches",
     ["score", "relation", "article", "speaker", "text"]),
    (["lookup", "ironclad security guarantees", "--db", "{db}"], "matches",
     ["score", "relation", "article", "speaker", "text"]),
]


@pytest.mark.parametrize(("args", "key", "header"), LISTINGS,
                         ids=["quotes", "sources", "people", "lookup", "lookup-db"])
def test_every_listing_has_csv_and_jsonl(args: list[str], key: str, header: list[str],
                                          db: str) -> None:
    args = [a.format(db=db) for a in args]
    document = json.loads(_run([*args, "--format", "json"]))
    records = [json.loads(line) for line in _run([*args, "--format", "jsonl"]).splitlines()]
    assert records == document[key] and records
    table = list(csv.reader(io.StringIO(_run([*args, "--format", "csv"]))))
    assert table[0] == header
    assert len(table) == len(records) + 1


def test_index_stats_has_csv_and_jsonl(db: str) -> None:
    stats = json.loads(_run(["index", "stats", "--db", db, "--format", "json"]))
    rows = list(csv.DictReader(io.StringIO(_run(["index", "stats", "--db", db,
                                                 "--format", "csv"]))))
    assert {r["what"]: r["count"] for r in rows} == {k: str(v) for k, v in stats.items()}
    lines = _run(["index", "stats", "--db", db, "--format", "jsonl"]).splitlines()
    assert [json.loads(line)["what"] for line in lines] == list(stats)


def test_fragment_column_says_yes_or_no() -> None:
    lines = _run(["quotes", SEEDS]).splitlines()
    at = lines[0].index("FRAGMENT")
    assert {line[at:].split()[0] for line in lines[1:]} == {"yes", "no"}


def test_without_path_articles_have_short_names(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # anywhere but the repository
    rows: list[dict[str, Any]] = json.loads(_run(["quotes", "--format", "json"]))["quotes"]
    assert rows and all(r["article"].startswith("seeds/") for r in rows)
    assert "seeds/000_" in _run(["quotes"])
    assert Path.cwd() == tmp_path
