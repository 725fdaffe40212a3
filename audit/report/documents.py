"""The JSON documents citeaudit writes for programs (README "Output shapes"),
built from the library's result objects, so a library user gets the same
documents as ``report --json``, ``quotes``, ``sources``, ``people``,
``lookup``, ``index stats``, ``check --format json`` and ``articles
--format json`` print. Each function
returns plain JSON-ready values; ``listing.to_json`` writes them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..models import Article, Finding, LookupMatch, Skipped, Span
from ..pipeline import AuditResult


def article_records(result: AuditResult) -> list[dict[str, Any]]:
    """The metadata of each audited article (path, title, publisher, author,
    date, url), as the ``articles`` list of the documents."""
    return [
        {
            "path": p.article.path,
            "title": p.article.title,
            "publisher": p.article.publisher,
            "author": p.article.author,
            "date": p.article.date,
            "url": p.article.url,
        }
        for p in result.parsed
    ]


def findings_document(result: AuditResult) -> dict[str, Any]:
    """The ``report --json`` document: articles, findings and skipped inputs."""
    return {
        "articles": article_records(result),
        "findings": [f.as_dict() for f in result.findings],
        "skipped": [s.as_dict() for s in result.skipped],
    }


def quotes_document(result: AuditResult) -> dict[str, Any]:
    """The ``quotes --format json`` document: articles, every quote with its
    quote group (``cluster``), and the groups' members."""
    cluster = result.cluster_of()
    return {
        "articles": article_records(result),
        "quotes": [{**q.as_dict(), "cluster": cluster.get(q.id)} for q in result.quotes],
        "clusters": [{"id": g.id, "quotes": [m.quote.id for m in g.members]}
                     for g in result.groups],
    }


def sources_document(result: AuditResult) -> dict[str, Any]:
    """The ``sources --format json`` document: every attributed source."""
    return {"sources": [s.as_dict() for p in result.parsed for s in p.sources]}


def people_document(result: AuditResult) -> dict[str, Any]:
    """The ``people --format json`` document: the people named, joined across articles."""
    return {"people": [p.as_dict() for p in result.people]}


def lookup_document(query: str, matches: Iterable[LookupMatch]) -> dict[str, Any]:
    """The ``lookup --format json`` document: the query and its matches, best first."""
    return {"query": query, "matches": [m.as_dict() for m in matches]}


def index_stats_document(stats: Mapping[str, Any]) -> dict[str, Any]:
    """The ``index stats --format json`` document: the counts ``Store.stats`` gives."""
    return dict(stats)


def check_document(found: Sequence[Finding], skipped: Sequence[Skipped]) -> dict[str, Any]:
    """The ``check --format json`` document: the drafts' findings and the
    drafts or references that could not be read."""
    return {"findings": [f.as_dict() for f in found], "skipped": [s.as_dict() for s in skipped]}


def articles_document(articles: Iterable[Article], skipped: Sequence[Skipped]) -> dict[str, Any]:
    """The ``articles --format json`` document: what the audit read from each
    input (its metadata, its text, and every block of the text in order with
    its label and whether it is content, i.e. read for quotes and sources, or
    boilerplate), and the inputs that could not be read."""
    return {
        "articles": [
            {
                "path": a.path,
                "title": a.title,
                "publisher": a.publisher,
                "author": a.author,
                "date": a.date,
                "url": a.url,
                "text": a.text,
                "blocks": [
                    {**span.as_dict(), "content": content}
                    for span, content in article_blocks(a)
                ],
            }
            for a in articles
        ],
        "skipped": [s.as_dict() for s in skipped],
    }


def article_blocks(article: Article) -> list[tuple[Span, bool]]:
    """Every block of ``article``'s text in order, with whether it is content."""
    blocks = [(s, True) for s in article.paragraphs] + [(s, False) for s in article.boilerplate]
    return sorted(blocks, key=lambda b: b[0].start)
