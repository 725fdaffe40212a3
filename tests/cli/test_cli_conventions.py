"""Issue 18 and 19 (CLI part): the command line behaves like the tools people
already use. Each test drives the CLI (click's runner or a subprocess)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from audit import cli
from audit.cli import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    main,
)
from audit.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = str(ROOT / "seeds")
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
HOSTILE = str(ROOT / "tests" / "fixtures" / "articles" / "hostile.html")


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


def one_line_error(result: Result) -> None:
    """A failure told in one line on stderr, never a traceback."""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder (no citeaudit.db, no settings)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CITEAUDIT_DB", raising=False)
    return tmp_path


@pytest.fixture
def hostile_db(here: Path) -> str:
    """A store holding only the hostile fixture page (quotes not in the seeds)."""
    db = str(here / "corpus.db")
    assert invoke("index", "add", HOSTILE, "--db", db).exit_code == EXIT_OK
    return db


# ------------------------------------------------------------- 1. $CITEAUDIT_DB


def test_lookup_honours_citeaudit_db(hostile_db: str) -> None:
    result = invoke("lookup", "I have done nothing wrong", "--format", "json",
                    env={"CITEAUDIT_DB": hostile_db})
    assert result.exit_code == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["matches"][0]["article"] == HOSTILE


def test_check_honours_citeaudit_db(here: Path) -> None:
    db = str(here / "seeds.db")
    assert invoke("index", "add", SEEDS, "--db", db).exit_code == EXIT_OK
    result = invoke("check", str(DRAFTS / "misquote.txt"), env={"CITEAUDIT_DB": db})
    assert result.exit_code == EXIT_OK, result.stderr
    assert "misquote" in result.stdout


def test_check_without_reference_says_how_to_give_one(here: Path) -> None:
    result = invoke("check", str(DRAFTS / "clean.txt"))
    assert result.exit_code == EXIT_USAGE
    assert "give --against PATH... or --db FILE, or set $CITEAUDIT_DB" in result.stderr


def test_interrupt_anywhere_exits_130(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: Any) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "quotes_listing", interrupted)
    result = invoke("quotes", SEEDS)
    assert result.exit_code == EXIT_INTERRUPTED
    assert result.stderr.strip() == "citeaudit: interrupted"


def test_db_help_names_the_real_defaults() -> None:
    for command in ("lookup", "check", "index add"):
        text = " ".join(invoke(*command.split(), "--help").stdout.split())
        assert "$CITEAUDIT_DB, else citeaudit.db" in text
        assert "given bare" not in text


# ------------------------------------------------------ 2. no silent sample corpus


def test_no_path_says_the_sample_corpus_is_used(here: Path) -> None:
    result = invoke("quotes")
    assert result.exit_code == EXIT_OK
    assert "no PATH given: using the sample corpus" in result.stderr


def test_lookup_without_path_or_store_is_a_usage_error(here: Path) -> None:
    result = invoke("lookup", "we will not")
    assert result.exit_code == EXIT_USAGE
    assert "citeaudit.db: no such store" in result.stderr
    one_line_error(result)


def test_path_and_db_together_is_a_usage_error(hostile_db: str) -> None:
    result = invoke("lookup", "nothing wrong", SEEDS, "--db", hostile_db)
    assert result.exit_code == EXIT_USAGE
    assert "not both" in result.stderr


# ------------------------------------------------------------------ 3. - is stdout


def test_report_to_stdout(here: Path) -> None:
    result = invoke("report", SEEDS, "-o", "-")
    assert result.exit_code == EXIT_OK
    assert result.stdout.lstrip().lower().startswith("<!doctype html")
    assert "report: -" in result.stderr and "report:" not in result.stdout
    assert not (here / "-").exists()


def test_json_to_stdout(here: Path) -> None:
    result = invoke("report", SEEDS, "-o", str(here / "r.html"), "--json", "-")
    assert result.exit_code == EXIT_OK
    assert json.loads(result.stdout)["findings"]
    assert not (here / "-").exists()


def test_both_outputs_on_stdout_is_a_usage_error(here: Path) -> None:
    assert invoke("report", SEEDS, "-o", "-", "--json", "-").exit_code == EXIT_USAGE


# ------------------------------------------------- 4. unwritable output, nothing half-done


@pytest.mark.parametrize(
    ("html", "json_out"),
    [
        ("/dev/null/x.html", None),
        ("{tmp}/r.html", "/dev/null/f.json"),
        ("/proc/r.html", None),  # a folder that cannot be written
    ],
)
def test_unwritable_output_stops_before_writing(here: Path, html: str,
                                                json_out: str | None) -> None:
    args = ["report", SEEDS, "-o", html.format(tmp=here)]
    if json_out:
        args += ["--json", json_out]
    result = invoke(*args)
    assert result.exit_code == EXIT_USAGE
    one_line_error(result)
    assert not (here / "r.html").exists()


# ------------------------------------------------------------- 5. --against typo


def test_against_typo_stops(here: Path) -> None:
    result = invoke("check", str(DRAFTS / "misquote.txt"), "--against", str(here / "seedz"),
                    "--fail-on", "info")
    assert result.exit_code == EXIT_USAGE
    assert "seedz: no such file or folder" in result.stderr
    assert result.stdout == ""  # not every quote "not found in the reference coverage"
    one_line_error(result)


def test_against_without_a_readable_article_stops(here: Path) -> None:
    (here / "empty").mkdir()
    result = invoke("check", str(DRAFTS / "misquote.txt"), "--against", str(here / "empty"))
    assert result.exit_code == EXIT_USAGE
    assert "no readable article" in result.stderr
    assert result.stdout == ""


# ------------------------------------------- 7. input options after the subcommand


def test_input_options_after_the_subcommand(here: Path, local_site: str) -> None:
    refused = invoke("quotes", local_site, "--cache-dir", str(here / "c"))
    assert refused.exit_code == EXIT_USAGE
    assert "--allow-private" in refused.stderr
    result = invoke("quotes", local_site, "--allow-private", "--timeout", "5",
                    "--cache-dir", str(here / "c"), "--format", "json")
    assert result.exit_code == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["articles"][0]["path"] == local_site


@pytest.mark.parametrize("where", ["before", "after"])
def test_index_add_honours_input_options(here: Path, where: str) -> None:
    db = str(here / "s.db")
    args = ["index", "add", SEEDS, "--db", db]
    args = ["--max-bytes", "10", *args] if where == "before" else [*args, "--max-bytes", "10"]
    result = invoke(*args)
    assert result.exit_code == EXIT_SKIPPED
    assert "over the 10-byte limit" in result.stderr


def test_index_add_fetches_with_top_level_options(here: Path, local_site: str) -> None:
    db = str(here / "s.db")
    result = invoke("--allow-private", "--cache-dir", str(here / "c"), "index", "add",
                    local_site, "--db", db)
    assert result.exit_code == EXIT_OK, result.stderr


# ----------------------------------------------------------- 8. index add counts


def test_index_add_counts_articles(here: Path) -> None:
    db = str(here / "s.db")
    bad = here / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 binary")
    first = invoke("index", "add", SEEDS, str(bad), "--db", db)
    assert first.exit_code == EXIT_SKIPPED
    assert first.stdout.strip().endswith("added 5, replaced 0, unchanged 0, skipped 1")
    again = invoke("index", "add", SEEDS, "--db", db)
    assert again.stdout.strip().endswith("added 0, replaced 0, unchanged 5, skipped 0")


# ---------------------------------------------------------------- 10. settings


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("citeaudit.toml", 'house_spelling = ["Zelensky"]\n', "'house_spelling'"),
        ("citeaudit.toml", 'ignroe = ["state_media"]\n', "'ignroe'"),
        ("citeaudit.toml", '[severity]\nname_variant = ["error"]\n', "severity of name_variant"),
        ("citeaudit.toml", '[severity]\nname_varaint = "error"\n', "'name_varaint'"),
        ("citeaudit.toml", '[severity]\nname_variant = 3\n', "severity of name_variant"),
        ("pyproject.toml", "tool = 3\n", "tool must be a table"),
        ("pyproject.toml", "[tool]\nciteaudit = 3\n", "tool.citeaudit must be a table"),
    ],
)
@pytest.mark.parametrize("command", ["check", "report"])
def test_bad_settings_are_one_line_errors(here: Path, name: str, text: str, said: str,
                                          command: str) -> None:
    (here / name).write_text(text, encoding="utf-8")
    args = ["check", str(DRAFTS / "clean.txt"), "--against", SEEDS] if command == "check" \
        else ["report", SEEDS, "-o", str(here / "r.html")]
    result = invoke(*args)
    assert result.exit_code == EXIT_USAGE
    assert said in result.stderr and name in result.stderr
    one_line_error(result)
    assert not (here / "r.html").exists()


def test_report_honours_ignore_and_severity(here: Path) -> None:
    def findings() -> list[dict[str, Any]]:
        out = here / "f.json"
        assert invoke("report", SEEDS, "-o", str(here / "r.html"), "--json",
                      str(out)).exit_code == EXIT_OK
        return list(json.loads(out.read_text(encoding="utf-8"))["findings"])

    before = findings()
    assert any(f["kind"] == "vague_attribution" for f in before)
    assert any(f["kind"] == "name_variant" and f["severity"] == "warning" for f in before)
    (here / "citeaudit.toml").write_text(
        'ignore = ["vague_attribution"]\n[severity]\nname_variant = "error"\n', encoding="utf-8")
    after = findings()
    assert not any(f["kind"] == "vague_attribution" for f in after)
    assert all(f["severity"] == "error" for f in after if f["kind"] == "name_variant")


# ------------------------------------------------------------ 11. unsupported files


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "a PDF document"),
        ("a.docx", b"PK\x03\x04\x14\x00\x06\x00word/document.xml\x00", "a ZIP archive"),
        ("a.md", "# Title\n\n“We are ready,” Anna Berg said.\n".encode(), "a Markdown file"),
        ("a.txt", b"%PDF-1.4 renamed", "a PDF document"),
    ],
)
def test_unsupported_files_get_a_precise_reason(here: Path, name: str, data: bytes,
                                                said: str) -> None:
    (here / name).write_bytes(data)
    result = invoke("quotes", name, SEEDS)
    assert result.exit_code == EXIT_SKIPPED
    assert f"skipped {name}: {said}" in result.stderr
    assert "reads .txt, .html and .htm" in result.stderr


# ---------------------------------------------------- 12. Ctrl-C during index add


def test_interrupted_index_add_says_what_was_stored(here: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.parse_inputs

    def interrupted(paths: Any, **kwargs: Any) -> Iterator[Any]:
        for n, parsed in enumerate(real(paths, **kwargs)):
            if n == 2:
                raise KeyboardInterrupt
            yield parsed

    monkeypatch.setattr(cli, "parse_inputs", interrupted)
    db = str(here / "s.db")
    result = invoke("index", "add", SEEDS, "--db", db)
    assert result.exit_code == EXIT_INTERRUPTED
    assert result.stderr.strip() == (
        f"citeaudit: interrupted: 2 articles stored in {db} (each one whole), the rest not")
    with Store.open(db, create=False) as store:
        assert store.stats()["articles"] == 2


# ---------------------------------------------------------------- 16. no match


def test_lookup_no_match_is_said_on_stderr(here: Path) -> None:
    result = invoke("lookup", "zebra quantum marmalade", SEEDS)
    assert result.exit_code == EXIT_OK
    assert result.stdout == ""
    assert "no match for 'zebra quantum marmalade'" in result.stderr


# -------------------------------------------------------------- 17. cache, completion


def test_cache_help_names_xdg() -> None:
    assert "$XDG_CACHE_HOME/citeaudit" in " ".join(invoke("quotes", "--help").stdout.split())


def test_fetch_cache_honours_xdg_cache_home(here: Path, local_site: str) -> None:
    env = {"XDG_CACHE_HOME": str(here / "xdg")}
    result = invoke("quotes", local_site, "--allow-private", env=env)
    assert result.exit_code == EXIT_OK, result.stderr
    assert any((here / "xdg" / "citeaudit").iterdir())


# ------------------------------------------------------- 18. test-run conventions


def test_dask_cluster_does_not_claim_port_8787() -> None:
    pytest.importorskip("distributed")
    from audit import engine

    blocker = socket.socket()
    with blocker:
        try:
            blocker.bind(("", 8787))
            blocker.listen()
        except OSError:
            pass  # already taken: just as good for this test
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with engine.dask_client(workers=1, processes=False):
                pass
    assert not [w for w in caught if "8787" in str(w.message)]


def test_test_run_says_why_tests_were_skipped(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\ndef test_a():\n    pytest.skip('no widget here')\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir",
         str(tmp_path), "-p", "no:cacheprovider", str(tmp_path / "test_x.py")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert "SKIPPED [1]" in run.stdout and "no widget here" in run.stdout


# ---------------------------------------------- issue 19: statuses in one place


def test_internal_error_is_one_line_with_a_debug_pointer(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> str:
        raise RuntimeError("listing exploded\nsecond line")

    monkeypatch.setattr(cli, "quotes_listing", broken)
    result = invoke("quotes", SEEDS)
    assert result.exit_code == EXIT_INTERNAL
    assert result.stderr.strip().endswith(
        "citeaudit: internal error: RuntimeError: listing exploded "
        "(run again with --debug for the traceback)")
    one_line_error(CliRunner().invoke(main, ["quotes", SEEDS]))
    for args in (["--debug", "quotes", SEEDS], ["quotes", SEEDS, "--debug"]):
        debug = CliRunner().invoke(main, args)
        assert debug.exit_code == EXIT_INTERNAL
        assert "Traceback" in debug.stderr, args


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["quotes", SEEDS], EXIT_OK),
        (["check", str(DRAFTS / "wrong_speaker.txt"), "--against", SEEDS], EXIT_FINDINGS),
        (["quotes", "{tmp}/none.txt"], EXIT_USAGE),
        (["quotes", "--no-such-option"], EXIT_USAGE),
        (["quotes", SEEDS, "{tmp}/none.txt"], EXIT_SKIPPED),
        (["check", str(DRAFTS / "clean.txt"), str(DRAFTS / "none.txt"), "--against", SEEDS],
         EXIT_SKIPPED),
    ],
)
def test_exit_statuses(here: Path, args: list[str], status: int) -> None:
    argv = [a.format(tmp=here) for a in args]
    assert invoke(*argv).exit_code == status
    assert cli.run(argv) == status


def test_subprocess_statuses_and_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "CITEAUDIT_DB": ""}
    ran = subprocess.run(
        [sys.executable, "-m", "audit", "report", SEEDS, "-o", "/dev/null/x.html"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
    )
    assert ran.returncode == EXIT_USAGE
    assert ran.stderr.strip() == "citeaudit: error: /dev/null/x.html: /dev/null is not a folder"


@pytest.mark.parametrize(
    "command",
    [["index", "stats"], ["index", "group"], ["lookup", "x"], ["index", "add", SEEDS],
     ["check", str(DRAFTS / "clean.txt")]],
)
@pytest.mark.parametrize("db", ["/dev/null", "{tmp}"])
def test_a_store_that_is_not_a_file_is_a_one_line_error(here: Path, command: list[str],
                                                        db: str) -> None:
    result = invoke(*command, "--db", db.format(tmp=here))
    assert result.exit_code == EXIT_USAGE
    assert "not a citeaudit store (not a regular file)" in result.stderr
    one_line_error(result)
