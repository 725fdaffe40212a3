"""The ingest corpus through the command line: every case beside a good
article in one run of each command that reads inputs (issue 19). Exit 0 or 3, never a
traceback, each refused case named on one stderr line, the good article and
every other case listed, and the output valid UTF-8 JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_inputs import CASES

from audit.cli import EXIT_SKIPPED, main
from audit.store import Store

# The multi-megabyte cases take seconds each in every command; their ingest
# is covered by the corpus test and their parsing by tests/test_work_bounds.py.
_PARSE_BOUND = {"big_article_txt", "big_article_html", "article_html_1mb"}
_GOOD = "Talks resumed.\n\n“We will not give up,” said Anna Petrova, a spokeswoman.\n"


def test_corpus_through_quotes(tmp_path: Path) -> None:
    names = sorted(set(CASES) - _PARSE_BOUND)
    paths: dict[str, Path] = {}
    for name in names:
        case = CASES[name]()
        folder = tmp_path / name
        folder.mkdir()
        paths[name] = folder / case.name
        paths[name].write_bytes(case.data)
    good = tmp_path / "good.txt"
    good.write_text(_GOOD, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["quotes", "--format", "json", str(good), *map(str, paths.values())]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, EXIT_SKIPPED)
    assert "Traceback" not in result.stderr
    listed = json.loads(result.stdout.encode("utf-8"))
    read = {a["path"] for a in listed["articles"]}
    assert any(q["article"] == str(good) and q["speaker"] == "Anna Petrova"
               for q in listed["quotes"])
    for name in names:
        lines = [line for line in result.stderr.splitlines() if str(paths[name]) in line]
        skipped = [line for line in lines if line.startswith("citeaudit: skipped")]
        # every case is either listed or skipped with a reason, once
        assert (str(paths[name]) in read) != (len(skipped) == 1), (name, lines)
        if not CASES[name]().readable:
            assert skipped, name
    stray = [line for line in result.stderr.splitlines() if str(paths["stray_byte_utf8"]) in line]
    assert stray == [f"citeaudit: {paths['stray_byte_utf8']}: not valid UTF-8: read as UTF-8 "
                     "with 1 bad byte sequence replaced by U+FFFD"]


def test_index_add_notes_a_stray_byte(tmp_path: Path) -> None:
    case = CASES["stray_byte_utf8"]()
    path = tmp_path / case.name
    path.write_bytes(case.data)
    result = CliRunner().invoke(main, ["index", "add", "--db", str(tmp_path / "s.db"), str(path)])
    assert result.exit_code == 0, result.output
    assert f"citeaudit: {path}: not valid UTF-8" in result.stderr


def _processed(command: str, tmp_path: Path, stdout: str) -> set[str]:
    """The article paths a command's output says it read."""
    if command == "report":
        doc = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
        return {a["path"] for a in doc["articles"]}
    if command == "index":
        with Store.open(str(tmp_path / "corpus.db"), create=False) as store:
            return set(store.paths())
    doc = json.loads(stdout.encode("utf-8"))
    if command == "check":  # the good article's quote differs from the earlier wording
        return {e["article"] for f in doc["findings"] for e in f["evidence"]}
    if command == "lookup":
        return {m["article"] for m in doc["matches"]}
    if command == "sources":
        return {s["article"] for s in doc["sources"]}
    if command == "people":
        return {m["article"] for p in doc["people"] for m in p["mentions"]}
    return {a["path"] for a in doc["articles"]}


_COMMANDS = {
    "quotes": ["quotes", "--format", "json"],
    "sources": ["sources", "--format", "json"],
    "people": ["people", "--format", "json"],
    "articles": ["articles", "--format", "json"],
    "report": ["report", "-o", "{tmp}/audit.html", "--json", "{tmp}/findings.json"],
    "index": ["index", "add", "--db", "{tmp}/corpus.db"],
    "check": ["check", "--format", "json", "--against", "{tmp}/earlier.txt"],
    "lookup": ["lookup", "--format", "json", "We will not give up"],
}
_EARLIER = "“We will not give in,” said Anna Petrova, a spokeswoman.\n"


@pytest.mark.parametrize("command", sorted(_COMMANDS))
def test_corpus_through_every_command(tmp_path: Path, command: str) -> None:
    # Every command that reads inputs: exit 0 or 3, no traceback, each
    # refused case named once on stderr, the good article read.
    names = sorted(set(CASES) - _PARSE_BOUND)
    inputs = []
    for name in names:
        case = CASES[name]()
        (tmp_path / name).mkdir()
        inputs.append(tmp_path / name / case.name)
        inputs[-1].write_bytes(case.data)
    good = tmp_path / "good.txt"
    good.write_text(_GOOD, encoding="utf-8")
    (tmp_path / "earlier.txt").write_text(_EARLIER, encoding="utf-8")
    args = [a.format(tmp=tmp_path) for a in _COMMANDS[command]]
    result = CliRunner().invoke(main, [*args, str(good), *map(str, inputs)])
    assert result.exit_code in (0, EXIT_SKIPPED), result.output
    assert "Traceback" not in result.stderr
    assert all(line.startswith("citeaudit:") for line in result.stderr.splitlines())
    assert str(good) in _processed(command, tmp_path, result.stdout)
    for name, path in zip(names, inputs, strict=True):
        if not CASES[name]().readable:
            skips = [line for line in result.stderr.splitlines()
                     if line.startswith(f"citeaudit: skipped {path}:")]
            assert len(skips) == 1, (name, result.stderr)
