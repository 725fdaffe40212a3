"""citeaudit: a source-reliability and cross-citation auditor for news text.

The library API; the ``citeaudit`` command is a thin layer over it::

    from audit import audit_paths, findings_document, render_html
    result = audit_paths(["seeds/"])
    html = render_html(result)
    document = findings_document(result)  # the ``report --json`` document
"""

from ._version import __version__
from .errors import (
    BinaryInput,
    CiteauditError,
    DataError,
    EmptyInput,
    InputError,
    OversizedInput,
    UnreadableInput,
    UsageError,
)
from .ingest import article_from_html, article_from_text, load_article, read_inputs
from .match import group_people, group_quotes, link_reported, lookup, word_diff
from .models import (
    Article,
    Evidence,
    Finding,
    LookupMatch,
    Mention,
    Outlet,
    ParsedArticle,
    Person,
    Quote,
    QuoteGroup,
    ReportedSpeech,
    Skipped,
    Source,
)
from .options import Options
from .pipeline import AuditResult, audit_parsed, audit_paths, parse_article, parse_articles
from .report.documents import (
    findings_document,
    lookup_document,
    people_document,
    quotes_document,
    sources_document,
)
from .report.html import render_html

__all__ = [
    "Article",
    "AuditResult",
    "BinaryInput",
    "CiteauditError",
    "DataError",
    "EmptyInput",
    "Evidence",
    "Finding",
    "InputError",
    "LookupMatch",
    "Mention",
    "Options",
    "Outlet",
    "OversizedInput",
    "ParsedArticle",
    "Person",
    "Quote",
    "QuoteGroup",
    "ReportedSpeech",
    "Skipped",
    "Source",
    "UnreadableInput",
    "UsageError",
    "__version__",
    "article_from_html",
    "article_from_text",
    "audit_parsed",
    "audit_paths",
    "findings_document",
    "group_people",
    "group_quotes",
    "link_reported",
    "load_article",
    "lookup",
    "lookup_document",
    "parse_article",
    "parse_articles",
    "people_document",
    "quotes_document",
    "read_inputs",
    "render_html",
    "sources_document",
    "word_diff",
]
