"""The one renderer for listing commands: an aligned table for people, JSON
for programs. Each listing command's output (``quotes_listing`` and so on)
is its document from ``documents`` as JSON, or its rows as a table."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..findings import count_by_severity
from ..models import Article, LookupMatch
from ..pipeline import AuditResult
from .documents import (
    article_blocks,
    index_stats_document,
    lookup_document,
    people_document,
    quotes_document,
    sources_document,
)

_MAX_CELL = 70  # wider cells are cut with an ellipsis so rows stay on one line


def to_json(payload: Any) -> str:
    """Deterministic, human-diffable JSON (keys in insertion order, UTF-8 kept)."""
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    text = " ".join(str(value).split())
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def to_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as a plain aligned text table with a header line."""
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def render_listing(
    fmt: str, payload: Any, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]
) -> str:
    """``payload`` as JSON when ``fmt`` is json, else ``rows`` as a table."""
    return to_json(payload) if fmt == "json" else to_table(rows, columns)


def quotes_listing(result: AuditResult, fmt: str) -> str:
    """``citeaudit quotes``: every direct quote with its speaker and quote group."""
    document = quotes_document(result)
    return render_listing(fmt, document, document["quotes"],
                          ["cluster", "article", "speaker", "fragment", "text"])


def sources_listing(result: AuditResult, fmt: str) -> str:
    """``citeaudit sources``: every attributed source, its cue and outlet typology."""
    document = sources_document(result)
    rows = [
        {**s, "typology": (s["outlet"] or {}).get("typology")} for s in document["sources"]
    ]
    return render_listing(fmt, document, rows,
                          ["article", "kind", "name", "cue", "via", "typology"])


def people_listing(result: AuditResult, fmt: str) -> str:
    """``citeaudit people``: the people named, with spellings, titles and article count."""
    rows = [
        {
            "name": p.name,
            "spellings": ", ".join(p.variants),
            "titles": "; ".join(p.titles),
            "articles": len({m.article for m in p.mentions}),
        }
        for p in result.people
    ]
    return render_listing(fmt, people_document(result), rows,
                          ["name", "articles", "spellings", "titles"])


def lookup_listing(query: str, matches: Sequence[LookupMatch], fmt: str) -> str:
    """``citeaudit lookup``: where ``query`` was quoted, best match first."""
    document = lookup_document(query, matches)
    return render_listing(fmt, document, document["matches"],
                          ["score", "relation", "article", "speaker", "text"])


def index_stats_listing(stats: Mapping[str, Any], fmt: str) -> str:
    """``citeaudit index stats``: what the store holds, one count a row."""
    rows = [{"what": k, "count": v} for k, v in stats.items()]
    return render_listing(fmt, index_stats_document(stats), rows, ["what", "count"])


def audit_summary(result: AuditResult) -> str:
    """The one line ``citeaudit report`` prints: what was read and the
    findings per severity, most severe first."""
    counts = count_by_severity(result.findings)
    summary = ", ".join(f"{n} {sev}" for sev, n in reversed(counts.items()))
    return (
        f"{len(result.parsed)} articles, {len(result.quotes)} quotes, "
        f"{sum(len(p.sources) for p in result.parsed)} sources; findings: {summary}"
    )


def articles_text(articles: Sequence[Article]) -> str:
    """``articles --format text``: each article's metadata, then its blocks
    in order, each under its label (boilerplate marked as set aside)."""
    out: list[str] = []
    for a in articles:
        out.append(f"== {a.path}")
        for key in ("title", "publisher", "author", "date", "url"):
            out.append(f"{key}: {getattr(a, key) or '-'}")
        for span, content in article_blocks(a):
            kind = span.label if content else f"{span.label}, set aside"
            out.append(f"\n[{kind}]\n{a.text[span.start : span.end]}")
        out.append("")
    return "\n".join(out)
