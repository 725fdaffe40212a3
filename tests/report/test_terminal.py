"""Output conventions on a real terminal and off it: control characters made
visible, colour (``--color``, ``NO_COLOR``), tables fitted to the width,
the progress line (count, rate, time left), atomic output files."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.progress import ProgressBar
from audit.report.files import write_atomic
from audit.report.terminal import escape_json_text, safe_text, use_color

ROOT = Path(__file__).resolve().parents[2]
DRAFT = str(ROOT / "tests" / "fixtures" / "drafts" / "misquote.txt")
SEEDS = str(ROOT / "seeds")
ESC = "\x1b"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _on_pty(args: list[str], env: dict[str, str], *, stream: str) -> str:
    """Run ``python -m audit ARGS`` with ``stream`` (stdout or stderr) on a
    pseudo-terminal, the other to a pipe; what the terminal got."""
    leader, follower = pty.openpty()
    other = subprocess.DEVNULL
    kwargs = {"stdout": follower, "stderr": other} if stream == "stdout" else {
        "stdout": other, "stderr": follower}
    proc = subprocess.Popen([sys.executable, "-m", "audit", *args], cwd=ROOT,
                            env={**os.environ, **env}, **kwargs)  # type: ignore[call-overload]
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the child is done
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    proc.wait(timeout=60)
    return out.decode("utf-8", "replace")


# ------------------------------------------------------------- control characters

@pytest.mark.parametrize(("text", "keep", "shown"), [
    ("title\x1b]0;pwned\x07", "", "title\\x1b]0;pwned\\x07"),
    ("\x9b31m red", "", "\\x9b31m red"),
    ("a\rb\x08c\x7f", "", "a\\x0db\\x08c\\x7f"),
    ("line\nnext\tcol", "", "line\\x0anext\\x09col"),
    ("line\nnext\tcol", "\n", "line\nnext\\x09col"),
    ("line\nnext\tcol", "\n\t", "line\nnext\tcol"),
    ("abc\u202edcba", "", "abc\\u202edcba"),
    ("lone \ud800 surrogate", "", "lone \\ud800 surrogate"),
    ("“Да”, é — fine", "", "“Да”, é — fine"),
])
def test_safe_text_makes_controls_visible(text: str, keep: str, shown: str) -> None:
    assert safe_text(text, keep=keep) == shown


def test_json_escape_keeps_the_value() -> None:
    value = {"t": "a\x9b\x7f\u2028\u202e\ud800 “Да”"}
    dumped = escape_json_text(json.dumps(value, ensure_ascii=False))
    assert json.loads(dumped) == value
    assert "“Да”" in dumped
    assert all(ord(c) < 0x7f and c >= " " or ord(c) > 0x9f and c not in "\u2028\u202e"
               for c in dumped)


def test_listings_and_errors_escape_file_names(tmp_path: Path) -> None:
    hostile = tmp_path / "a\x1b]0;owned\x07.txt"
    hostile.write_text(
        "Officials met on Tuesday.\n\n"
        "\u201cWe will not\x1b[2J give in,\u201d said Jane Roe, the minister.\n",
        encoding="utf-8")
    missing = tmp_path / "gone\x1b[31m.txt"
    for fmt in ("table", "csv"):
        result = CliRunner().invoke(main, ["quotes", str(hostile), str(missing), "--format", fmt])
        assert ESC not in result.stdout and "\\x1b[2J" in result.stdout, result.stdout
        assert ESC not in result.stderr and "gone\\x1b[31m.txt" in result.stderr
    result = CliRunner().invoke(main, ["check", str(hostile), "--against", SEEDS,
                                       "--format", "github", "--fail-on", "info"])
    assert ESC not in result.stdout


# ------------------------------------------------------------------------ colour

@pytest.mark.parametrize(("mode", "env", "tty", "coloured"), [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),  # no-color.org: set and not empty
    ("auto", {"TERM": "dumb"}, True, False),
    ("always", {"NO_COLOR": "1"}, False, True),  # an explicit flag wins
    ("never", {}, True, False),
])
def test_use_color(mode: str, env: dict[str, str], tty: bool, coloured: bool) -> None:
    stream = _Tty() if tty else io.StringIO()
    assert use_color(mode, stream, env) is coloured


@pytest.mark.parametrize(("flag", "coloured"), [("always", True), ("never", False)])
def test_check_color_flag(flag: str, coloured: bool) -> None:
    result = CliRunner().invoke(main, ["check", DRAFT, "--against", SEEDS, "--color", flag,
                                       "--fail-on", "info"])
    assert result.exit_code == 1, result.output
    assert (ESC in result.stdout) is coloured


@pytest.mark.parametrize(("env", "coloured"), [({}, True), ({"NO_COLOR": "1"}, False)])
def test_check_on_a_terminal_honours_no_color(env: dict[str, str], coloured: bool) -> None:
    out = _on_pty(["check", DRAFT, "--against", "seeds", "--fail-on", "info"],
                  {"NO_COLOR": "", **env}, stream="stdout")
    assert "misquote.txt:" in out
    assert (ESC + "[" in out) is coloured


# ------------------------------------------------------------------- table width

def test_table_fits_the_terminal_and_is_full_in_a_pipe() -> None:
    on_tty = _on_pty(["quotes", "seeds"], {"COLUMNS": "60"}, stream="stdout")
    lines = on_tty.replace("\r\n", "\n").strip().splitlines()
    assert lines[0].startswith("CLUSTER")
    assert max(len(line) for line in lines) <= 60
    assert any(line.endswith("…") for line in lines)
    piped = CliRunner().invoke(main, ["quotes", "seeds"], env={"COLUMNS": "60"}).stdout
    quotes = json.loads(CliRunner().invoke(main, ["quotes", "seeds", "--format", "json"]).stdout)
    texts = [" ".join(q["text"].split()) for q in quotes["quotes"]]
    assert max(map(len, texts)) > 100
    assert all(text in piped for text in texts)


# ----------------------------------------------------------------------- progress

def test_progress_line_shows_count_rate_and_eta() -> None:
    now = [0.0]
    out = _Tty()
    bar = ProgressBar("parsing", 40, stream=out, clock=lambda: now[0])
    now[0] = 4.0
    bar.advance(10)
    assert bar.line() == "parsing  [######------------------]  10/40  2.5/s  ETA 0:12"
    assert out.getvalue().endswith(bar.line() + "\x1b[K")
    now[0] = 4.05
    bar.advance()  # within REDRAW_EVERY: not drawn again
    assert out.getvalue().count("\r") == 1
    now[0] = 16.0
    bar.advance(29)
    bar.close()
    assert out.getvalue().endswith("40/40  2.5/s  in 0:16\x1b[K\n")


def test_progress_without_total_counts_and_rates() -> None:
    now = [0.0]
    bar = ProgressBar("indexing", stream=_Tty(), clock=lambda: now[0])
    now[0] = 2.0
    bar.advance(3)
    assert bar.line() == "indexing  3  1.5/s"


def test_progress_draws_nothing_off_a_terminal() -> None:
    out = io.StringIO()
    with ProgressBar("parsing", 3, stream=out) as bar:
        bar.advance(3)
    assert out.getvalue() == ""


def test_cli_progress_on_a_terminal_knows_the_total() -> None:
    err = _on_pty(["quotes", "seeds", "nope.txt", "--format", "json"], {}, stream="stderr")
    total = len(list((ROOT / "seeds").glob("*.txt"))) + 1  # a skipped input counts
    assert f"{total}/{total}" in err and "/s" in err, err
    # The skip reason is on a line of its own, not after a half-drawn bar.
    assert any(line.split("\x1b[K")[-1].startswith("citeaudit: skipped nope.txt")
               for line in err.replace("\r\n", "\n").replace("\r", "\n").split("\n")), err


def test_index_add_progress_knows_the_total(tmp_path: Path) -> None:
    db = str(tmp_path / "corpus.db")
    err = _on_pty(["index", "add", "seeds", "nope.txt", "--db", db], {}, stream="stderr")
    total = len(list((ROOT / "seeds").glob("*.txt"))) + 1  # a skipped input counts
    assert f"{total}/{total}" in err and "indexing" in err, err


# ------------------------------------------------------------------ output files

def test_write_atomic_replaces_whole_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "out" / "audit.html"
    write_atomic(target, "first")
    target.chmod(0o640)
    write_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(target.parent) == ["audit.html"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "findings.json"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half written then \ud800")
    assert target.read_text(encoding="utf-8") == "old report"
    assert os.listdir(tmp_path) == ["findings.json"]


def test_failed_report_keeps_the_existing_report(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    html, findings = tmp_path / "audit.html", tmp_path / "findings.json"
    html.write_text("old html", encoding="utf-8")
    findings.write_text("old json", encoding="utf-8")

    def broken(*_: object) -> str:
        return "<html>half" + "\ud800"  # cannot be written as UTF-8: the write fails midway

    monkeypatch.setattr("audit.cli.render_html", broken)
    result = CliRunner().invoke(main, ["report", SEEDS, "-o", str(html), "--json", str(findings)])
    assert result.exit_code != 0
    assert html.read_text(encoding="utf-8") == "old html"
    assert findings.read_text(encoding="utf-8") == "old json"
    assert sorted(os.listdir(tmp_path)) == ["audit.html", "findings.json"]
