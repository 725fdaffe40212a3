"""The library's public surface: ``audit.__all__`` is pinned, so a refactor
that drops or renames a public name fails here rather than in a user's code."""

from __future__ import annotations

import audit

PUBLIC = [
    "Article", "AuditResult", "BinaryInput", "CiteauditError", "DataError", "EmptyInput",
    "Evidence", "Finding", "InputError", "LookupMatch", "Mention", "Options", "Outlet",
    "OversizedInput", "ParsedArticle", "Person", "Quote", "QuoteGroup", "ReportedSpeech",
    "Skipped", "Source", "UnreadableInput", "UsageError", "__version__",
    "article_from_html", "article_from_text", "audit_parsed", "audit_paths", "group_people",
    "group_quotes", "link_reported", "load_article", "lookup", "parse_article",
    "parse_articles", "read_inputs", "render_html", "word_diff",
    "findings_document", "lookup_document", "people_document", "quotes_document",
    "sources_document",
]


def test_all_is_pinned() -> None:
    assert sorted(audit.__all__) == sorted(PUBLIC)


def test_every_public_name_resolves() -> None:
    missing = [name for name in audit.__all__ if not hasattr(audit, name)]
    assert missing == []
