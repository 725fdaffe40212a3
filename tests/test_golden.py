"""Golden snapshots: the documents every command prints on the sample corpus
and on the gold set, byte for byte. They pin behaviour through refactors; a
deliberate change of output regenerates them with
``CITEAUDIT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and the
diff is reviewed in the commit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CORPORA = {"seeds": "seeds", "gold": "tests/gold/text"}
DRAFTS = "tests/fixtures/drafts"

# (snapshot name, arguments after the corpus path is substituted for {corpus})
COMMANDS = [
    ("quotes.json", ["quotes", "{corpus}", "--format", "json"]),
    ("sources.json", ["sources", "{corpus}", "--format", "json"]),
    ("people.json", ["people", "{corpus}", "--format", "json"]),
    ("quotes.txt", ["quotes", "{corpus}"]),
    ("people.txt", ["people", "{corpus}"]),
    ("lookup.json", ["lookup", "we will not", "{corpus}", "--format", "json"]),
]


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CITEAUDIT_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; regenerate with CITEAUDIT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"output differs from {name}"


def _invoke(args: list[str]) -> str:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths in the documents are as given on the command line: relative to the repository.
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("corpus", sorted(CORPORA))
@pytest.mark.parametrize(("name", "args"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_listing_matches_snapshot(corpus: str, name: str, args: list[str]) -> None:
    argv = [a.format(corpus=CORPORA[corpus]) for a in args]
    _compare(f"{corpus}/{name}", _invoke(argv))


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_report_matches_snapshot(corpus: str, tmp_path: Path) -> None:
    html, doc = tmp_path / "audit.html", tmp_path / "findings.json"
    _invoke(["report", CORPORA[corpus], "-o", str(html), "--json", str(doc)])
    _compare(f"{corpus}/report.json", doc.read_text(encoding="utf-8"))
    _compare(f"{corpus}/report.html", html.read_text(encoding="utf-8"))


def test_check_matches_snapshot() -> None:
    drafts = sorted(str(p.relative_to(ROOT)) for p in (ROOT / DRAFTS).glob("*.txt"))
    result = CliRunner().invoke(
        main, ["check", *drafts, "--against", "seeds", "--format", "json", "--fail-on", "info"],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    _compare("check.json", result.stdout)
