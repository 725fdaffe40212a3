"""The ingest corpus through the command line: every case beside a good
article in one ``quotes --format json`` run (issue 19). Exit 0 or 3, never a
traceback, each refused case named on one stderr line, the good article and
every other case listed, and the output valid UTF-8 JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hostile_inputs import CASES

from audit.cli import EXIT_SKIPPED, main

# Cases whose cost is in the parse stages (people tokeniser, long articles),
# which are another change's: their ingest is covered by the corpus test.
_PARSE_BOUND = {"big_article_txt", "big_article_html", "article_html_1mb", "table_of_numbers"}
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
