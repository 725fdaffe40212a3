"""Article text from web pages: trafilatura chooses the story's blocks,
citeaudit's walk gives them their text, labels and offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from paths import FIXTURES

from audit.cli import EXIT_SKIPPED, EXIT_USAGE, main
from audit.ingest import article_from_html
from audit.ingest import html as html_module
from audit.models import Article

# Invented story text, long enough (over whole_page_max_words) for the page to
# go through trafilatura.
STORY = [
    f"The council met on day {i} and agreed that the harbour works would go on "
    f"through the winter, with the second pier finished before the spring tides."
    for i in range(1, 9)
]


def _paragraphs(article: Article) -> list[str]:
    return [article.text[s.start : s.end] for s in article.paragraphs]


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Harbour works go on</title>{head}</head><body>{body}</body></html>"


def _story_html() -> str:
    return "".join(f"<p>{p}</p>" for p in STORY)


@pytest.mark.parametrize(
    "wrapper",
    ['<div class="Page-ad-margins">', '<div class="l-sidebar-fixed l-article-body-segment">',
     '<div class="content-with-sidebar-wrp">', '<div class="paywall">',
     '<div class="non-ad-column">', '<form id="aspnetForm">'],
)
def test_a_furniture_word_on_a_story_wrapper_keeps_the_story(wrapper: str) -> None:
    name = wrapper[1:].split()[0].rstrip(">")
    page = _page(f"<h1>Harbour works go on</h1>{wrapper}{_story_html()}</{name}>")
    assert all(p in _paragraphs(article_from_html("p.html", page)) for p in STORY)


@pytest.mark.parametrize(
    ("furniture", "text"),
    [
        ('<div class="share-bar"><a href="/s">Share this story now</a></div>', "Share this"),
        ('<div class="ad-slot"><p>Advertisement for the harbour cafe</p></div>', "harbour cafe"),
        ("<aside><p>Listen to the harbour podcast every week</p></aside>", "podcast"),
        ('<div class="related"><p>Bridge plan shelved once again</p></div>', "Bridge plan"),
    ],
)
def test_small_furniture_is_dropped(furniture: str, text: str) -> None:
    page = _page(f"<h1>Harbour works go on</h1>{_story_html()}{furniture}{_story_html()}")
    assert text not in article_from_html("p.html", page).text


def test_a_data_table_row_is_one_line() -> None:
    table = (
        "<table><tr><th>Pos.</th><th>Driver</th><th>Points</th></tr>"
        "<tr><td>1</td><td>Anna Berg</td><td>5040</td></tr>"
        "<tr><td>2</td><td>Colm Byrne</td><td>5035</td></tr></table>"
    )
    page = _page(f"<h1>Harbour works go on</h1>{_story_html()}{table}<p>{STORY[0]}</p>")
    article = article_from_html("p.html", page)
    lines = article.text.split("\n\n")
    assert "1; Anna Berg; 5040" in lines
    assert "Anna Berg" not in lines


def test_q_marks_and_offsets_survive_selection() -> None:
    quoted = "<p>The mayor said the works were <q>on time and on budget</q> again.</p>"
    page = _page(f"<h1>Harbour works go on</h1>{_story_html()}{quoted}{_story_html()}")
    article = article_from_html("p.html", page)
    assert "The mayor said the works were “on time and on budget” again." in _paragraphs(article)


def test_metadata_falls_back_to_trafilatura() -> None:
    byline = '<div class="byline">By <a rel="author" href="/staff/jr">Jane Roe</a></div>'
    page = _page(f"<h1>Harbour works go on</h1>{byline}{_story_html()}")
    assert article_from_html("p.html", page).author == "Jane Roe"
    # The page's own meta tags win over the fallback.
    own = _page(f"<h1>Harbour works go on</h1>{byline}{_story_html()}",
                '<meta name="author" content="Ann Lee">')
    assert article_from_html("p.html", own).author == "Ann Lee"


def _invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_articles_command_text_and_json(tmp_path: Path) -> None:
    page = str(FIXTURES / "pages" / "ghost_q_quotes.html")
    result = _invoke("articles", page)
    assert result.exit_code == 0  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert "title: Kyiv city council votes to rename 40 streets" in out
    assert "[photo_caption, set aside]" in out and "[paragraph]" in out
    doc = json.loads(_invoke("articles", page, "--format", "json").stdout)  # type: ignore[attr-defined]
    (art,) = doc["articles"]
    assert art["author"] == "Oksana Hrytsenko" and doc["skipped"] == []
    starts = [b["start"] for b in art["blocks"]]
    assert starts == sorted(starts)
    quote = "the wrong signal to our soldiers and to our children"
    assert any(quote in art["text"][b["start"] : b["end"]] for b in art["blocks"] if b["content"])


def test_articles_command_names_skipped_inputs(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("“We are ready,” Foreign Minister Anna Berg said.\n", encoding="utf-8")
    result = _invoke("articles", str(tmp_path / "missing.html"), str(good))
    assert result.exit_code == EXIT_SKIPPED  # type: ignore[attr-defined]
    assert "missing.html" in result.stderr  # type: ignore[attr-defined]
    assert "We are ready" in result.stdout  # type: ignore[attr-defined]
    assert _invoke("articles", str(tmp_path / "missing.html")).exit_code == EXIT_USAGE  # type: ignore[attr-defined]


@pytest.mark.parametrize("depth", [50, 400])
def test_nested_furniture_wrappers_are_counted_once(
    depth: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each furniture candidate's words are counted from its children's
    counts: the work grows with the page, not with depth times subtree."""
    calls = 0
    real = html_module.word_count

    def counting(text: str) -> int:
        nonlocal calls
        calls += 1
        return real(text)

    monkeypatch.setattr(html_module, "word_count", counting)
    page = '<div class="ad">' * depth + _story_html() + "</div>" * depth
    assert STORY[0] in article_from_html("p.html", page).text
    # Two pieces (text, tail) per element at most, plus the blocks' own counts.
    assert calls <= 3 * (depth + len(STORY)) + 50
