"""Extraction from saved news pages shaped like real publishers' layouts.

Each ``tests/fixtures/pages/NAME.html`` has a ``NAME.expected.toml`` beside it
stating the metadata that must come out (a missing key means None), text that
must be content (``content``: inside one paragraph), text that must not be
content (``excluded``: in no paragraph; a leading ``=`` means no paragraph is
exactly that text, for short menu words that prose may contain), text that
must not be in ``Article.text`` at all (``absent``) and the quotes, with
speakers, that the parse stage must find.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

import pytest
from paths import FIXTURES

from audit.ingest import load_article
from audit.models import Article, ParsedArticle
from audit.pipeline import parse_article

PAGES = FIXTURES / "pages"
NAMES = sorted(p.name.removesuffix(".html") for p in PAGES.glob("*.html"))
META = ("title", "publisher", "author", "date", "url")


@cache
def _expected(name: str) -> dict[str, Any]:
    return tomllib.loads((PAGES / f"{name}.expected.toml").read_text(encoding="utf-8"))


@cache
def _article(name: str) -> Article:
    return load_article(str(PAGES / f"{name}.html"))


@cache
def _parsed(name: str) -> ParsedArticle:
    return parse_article(_article(name))


def _content(article: Article) -> list[str]:
    return [article.text[s.start : s.end] for s in article.paragraphs]


def test_collection_is_complete() -> None:
    assert len(NAMES) >= 15
    expected = sorted(p.name.removesuffix(".expected.toml") for p in PAGES.glob("*.toml"))
    assert expected == NAMES
    for name in NAMES:
        exp = _expected(name)
        assert set(exp) <= {*META, "content", "excluded", "absent", "quote"}, name
        assert exp["content"] and exp["excluded"], name


@pytest.mark.parametrize("name", NAMES)
def test_metadata(name: str) -> None:
    article = _article(name)
    exp = _expected(name)
    got = {key: getattr(article, key) for key in META}
    assert got == {key: exp.get(key) for key in META}


@pytest.mark.parametrize("name", NAMES)
def test_article_text_is_kept(name: str) -> None:
    blocks = _content(_article(name))
    missing = [f for f in _expected(name)["content"] if not any(f in b for b in blocks)]
    assert not missing


@pytest.mark.parametrize("name", NAMES)
def test_page_furniture_is_set_aside(name: str) -> None:
    article = _article(name)
    blocks = _content(article)
    leaked = []
    for fragment in _expected(name)["excluded"]:
        if fragment.startswith("="):
            if fragment[1:] in blocks:
                leaked.append(fragment)
        elif any(fragment in b for b in blocks):
            leaked.append(fragment)
    assert not leaked
    present = [f for f in _expected(name).get("absent", ()) if f in article.text]
    assert not present


@pytest.mark.parametrize("name", NAMES)
def test_spans_tile_the_text(name: str) -> None:
    article = _article(name)
    spans = sorted((*article.paragraphs, *article.boilerplate), key=lambda s: s.start)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    for s in spans:
        block = article.text[s.start : s.end]
        assert block and block == block.strip()
    uncovered = article.text
    for s in reversed(spans):
        uncovered = uncovered[: s.start] + uncovered[s.end :]
    assert not uncovered.strip()


@pytest.mark.parametrize("name", NAMES)
def test_quotes_and_speakers(name: str) -> None:
    parsed = _parsed(name)
    text = parsed.article.text
    for q in parsed.quotes:
        assert text[q.start : q.end] == q.text
    found = {(q.text, q.speaker) for q in parsed.quotes}
    wanted = {(q["text"], q["speaker"]) for q in _expected(name).get("quote", ())}
    assert wanted <= found


@pytest.mark.parametrize("name", NAMES)
def test_pages_are_deterministic(name: str) -> None:
    assert load_article(str(PAGES / f"{name}.html")) == _article(name)
