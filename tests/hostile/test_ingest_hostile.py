"""The hostile-input corpus through ingest (issue 19): each case is read,
or refused with a one-line reason, within a time bound, in a child process
(a runaway pattern cannot hang the suite); nested markup costs work linear
in its depth; the encodings and the binary checks of the corpus."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_inputs import CASES
from work import calls

from audit.errors import BinaryInput, EmptyInput, InputError, UnsupportedFormat
from audit.ingest import article_from_html, load_article, read_inputs
from audit.models import Skipped

# Seconds a case may take in its child process: generous for a loaded
# machine, far below the minutes the exponential and quadratic cases took.
_BOUND = 20.0
_CHILD = """
import sys
sys.path.insert(0, {folder!r})
from hostile_inputs import CASES
from audit.errors import InputError
from audit.ingest import load_article
case = CASES[{name!r}]()
path = {tmp!r} + "/" + case.name
open(path, "wb").write(case.data)
try:
    load_article(path)
    print("read")
except InputError as exc:
    print("refused", exc)
"""


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_is_read_or_refused_in_bounded_time(name: str, tmp_path: Path) -> None:
    code = _CHILD.format(folder=str(Path(__file__).parent), name=name, tmp=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=_BOUND, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(("read", "refused"))
    if not CASES[name]().readable:
        assert lines[0].startswith("refused")


def _page_work(tag: str, depth: int) -> int:
    name = tag.split()[0]
    html = "<html><body>" + f"<{tag}>" * depth + "<p>The minister spoke at length.</p>"
    html += f"</{name}>" * depth + "</body></html>"

    def run() -> None:
        # a page that is all <header> has no article text; the cost counts
        with contextlib.suppress(EmptyInput):
            article_from_html("deep.html", html)

    return calls(run)


@pytest.mark.parametrize(
    "tag", ["header", "div", "article", "time", "q", "section", 'div class="byline"']
)
def test_nested_markup_costs_work_linear_in_depth(tag: str) -> None:
    small, large = _page_work(tag, 400), _page_work(tag, 800)
    # Twice the depth, about twice the calls; looking up ancestors per tag made it four times.
    assert large < 2.6 * small, (small, large)


def test_lone_surrogate_in_json_ld_gives_valid_utf8(tmp_path: Path) -> None:
    case = CASES["json_ld_lone_surrogate"]()
    page = tmp_path / case.name
    page.write_bytes(case.data.replace(b"<h1>Headline</h1>", b""))
    article = load_article(str(page))
    assert article.author == "A \ufffd B"
    json.dumps(article.as_dict(), ensure_ascii=False).encode("utf-8")  # raised before


def test_lone_surrogate_given_by_a_caller_keeps_offsets() -> None:
    article = article_from_html("p.html", "<p>Officials said \ud800 it was over.</p>")
    assert article.text == "Officials said \ufffd it was over."
    article.text.encode("utf-8")


def test_stray_byte_keeps_a_utf8_file_utf8(tmp_path: Path) -> None:
    case = CASES["stray_byte_utf8"]()
    path = tmp_path / case.name
    path.write_bytes(case.data)
    notes: list[str] = []
    article = load_article(str(path), on_note=notes.append)
    assert "“We will not accept this,” said Anna Petrova" in article.text
    assert "Ukraine\ufffds" in article.text
    assert notes == [f"{path}: not valid UTF-8: read as UTF-8 with 1 bad byte sequence "
                     "replaced by U+FFFD"]


def test_cp1252_file_is_still_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "ansi.txt"
    path.write_bytes("“Café prices rose,” she said of Ukraine’s capital.".encode("cp1252"))
    notes: list[str] = []
    article = load_article(str(path), on_note=notes.append)
    assert article.text == "“Café prices rose,” she said of Ukraine’s capital."
    assert notes == []


def test_read_inputs_passes_notes_on(tmp_path: Path) -> None:
    case = CASES["stray_byte_utf8"]()
    (tmp_path / case.name).write_bytes(case.data)
    notes: list[str] = []
    skipped: list[Skipped] = []
    assert len(list(read_inputs([str(tmp_path)], on_skip=skipped.append,
                                on_note=notes.append))) == 1
    assert skipped == [] and len(notes) == 1


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "The minister said the plan would cut costs.\nShe left at noon.\n",
        "Министр заявил, что план сократит расходы.\nОна ушла в полдень.\n",
    ],
)
def test_utf16_without_bom_is_read(tmp_path: Path, codec: str, text: str) -> None:
    path = tmp_path / "sixteen.txt"
    path.write_bytes(text.encode(codec))
    assert load_article(str(path)).text == text


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n" + bytes((i * 37) % 256 for i in range(4000)),
        b"GIF89a" + bytes(1000),
        "text with NULs".encode("utf-16-le") + b"\x00\x01\x00",
    ],
)
def test_binary_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "blob.html"
    path.write_bytes(data)
    # Bytes that a known format opens with (PNG, PDF...) are named as that format.
    with pytest.raises((BinaryInput, UnsupportedFormat)) as caught:
        load_article(str(path))
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_every_refusal_is_an_input_error(tmp_path: Path) -> None:
    for name, build in CASES.items():
        case = build()
        if case.readable or len(case.data) > 100_000:
            continue
        path = tmp_path / case.name
        path.write_bytes(case.data)
        with pytest.raises(InputError):
            load_article(str(path))
        assert name
