"""The one renderer for listing commands (``quotes``, ``sources``,
``people``, ``lookup``, ``index stats``), in four formats: ``table`` for
people (fitted to the terminal's width; full text into a file or a pipe),
``csv`` for spreadsheets, ``json`` (the command's document from
``documents``) and ``jsonl`` (one record a line) for programs. Every text
cell goes through ``terminal.safe_text``; JSON stays exact JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
from .terminal import escape_json_text, one_line

LISTING_FORMATS = ("table", "csv", "json", "jsonl")

_GAP = "  "  # between table columns
# A column fitted to the terminal keeps at least this many characters (or
# its header's or its widest cell's, when shorter): fewer say nothing.
_MIN_COLUMN = 8
# Spreadsheets run a cell starting with one of these as a formula: such a
# cell from an article gets a leading apostrophe (OWASP's CSV injection advice).
_FORMULA_START = ("=", "+", "-", "@")


def to_json(payload: Any) -> str:
    """Deterministic, human-diffable JSON (keys in insertion order, UTF-8
    kept, characters a terminal would act on escaped as ``\\uXXXX``)."""
    return escape_json_text(json.dumps(payload, indent=2, ensure_ascii=False))


def to_jsonl(records: Sequence[Any]) -> str:
    """One compact JSON value a line (escaped as in ``to_json``)."""
    return "\n".join(escape_json_text(json.dumps(r, ensure_ascii=False)) for r in records)


def _text(value: Any) -> str:
    """A value as one line of visible text: booleans as yes/no, scores to a tenth."""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float):
        text = f"{value:.1f}"
    else:
        text = str(value)
    return one_line(text)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fit(widths: list[int], floors: list[int], budget: int) -> list[int]:
    """Column widths within ``budget``: the widest columns give way first,
    down to their floors; the largest common cap that fits is found by halving."""
    if sum(widths) <= budget:
        return widths
    lo, hi = 0, max(widths)
    while lo < hi:
        cap = (lo + hi + 1) // 2
        if sum(max(f, min(w, cap)) for w, f in zip(widths, floors, strict=True)) <= budget:
            lo = cap
        else:
            hi = cap - 1
    return [max(f, min(w, lo)) for w, f in zip(widths, floors, strict=True)]


def to_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str],
             width: int | None = None) -> str:
    """Rows as a plain aligned text table with a header line. With a
    ``width`` (a terminal's), wide cells are cut with an ellipsis so each
    row fits; without one every cell is shown in full."""
    cells = [["-" if row.get(c) is None else _text(row.get(c)) for c in columns]
             for row in rows]
    headers = [c.upper() for c in columns]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    if width is not None:
        floors = [max(len(h), min(w, _MIN_COLUMN)) for h, w in zip(headers, widths, strict=True)]
        widths = _fit(widths, floors, width - len(_GAP) * (len(columns) - 1))
        cells = [[_cut(v, w) for v, w in zip(r, widths, strict=True)] for r in cells]
    lines = [_GAP.join(v.ljust(w) for v, w in zip(r, widths, strict=True))
             for r in [headers, *cells]]
    return "\n".join(line.rstrip() for line in lines)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = _text(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV (RFC 4180 quoting, ``\\n`` line ends) with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue().removesuffix("\n")


@dataclass(frozen=True)
class Listing:
    """What a listing command shows: its ``document`` (``json``), its
    ``records`` (``jsonl``, one a line) and its ``rows`` in ``columns``
    (``table`` and ``csv``)."""

    document: Any
    records: Sequence[Any]
    rows: Sequence[Mapping[str, Any]]
    columns: Sequence[str]

    def render(self, fmt: str, width: int | None = None) -> str:
        """The listing in ``fmt`` (one of ``LISTING_FORMATS``); ``width``
        fits a table to a terminal."""
        if fmt == "json":
            return to_json(self.document)
        if fmt == "jsonl":
            return to_jsonl(self.records)
        if fmt == "csv":
            return to_csv(self.rows, self.columns)
        if fmt == "table":
            return to_table(self.rows, self.columns, width)
        raise ValueError(f"listing format {fmt!r} is not one of {', '.join(LISTING_FORMATS)}")


def quotes_listing(result: AuditResult, fmt: str, width: int | None = None) -> str:
    """``citeaudit quotes``: every direct quote with its speaker and quote group."""
    document = quotes_document(result)
    quotes = document["quotes"]
    return Listing(document, quotes, quotes,
                   ["cluster", "article", "speaker", "fragment", "text"]).render(fmt, width)


def sources_listing(result: AuditResult, fmt: str, width: int | None = None) -> str:
    """``citeaudit sources``: every attributed source, its cue and outlet typology."""
    document = sources_document(result)
    rows = [
        {**s, "typology": (s["outlet"] or {}).get("typology")} for s in document["sources"]
    ]
    return Listing(document, document["sources"], rows,
                   ["article", "kind", "name", "cue", "via", "typology"]).render(fmt, width)


def people_listing(result: AuditResult, fmt: str, width: int | None = None) -> str:
    """``citeaudit people``: the people named, with spellings, titles and article count."""
    document = people_document(result)
    rows = [
        {
            "name": p.name,
            "spellings": ", ".join(p.variants),
            "titles": "; ".join(p.titles),
            "articles": len({m.article for m in p.mentions}),
        }
        for p in result.people
    ]
    return Listing(document, document["people"], rows,
                   ["name", "articles", "spellings", "titles"]).render(fmt, width)


def lookup_listing(query: str, matches: Sequence[LookupMatch], fmt: str,
                   width: int | None = None) -> str:
    """``citeaudit lookup``: where ``query`` was quoted, best match first."""
    document = lookup_document(query, matches)
    found = document["matches"]
    return Listing(document, found, found,
                   ["score", "relation", "article", "speaker", "text"]).render(fmt, width)


def index_stats_listing(stats: Mapping[str, Any], fmt: str, width: int | None = None) -> str:
    """``citeaudit index stats``: what the store holds, one count a row."""
    rows = [{"what": k, "count": v} for k, v in stats.items()]
    return Listing(index_stats_document(stats), rows, rows, ["what", "count"]).render(fmt, width)


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
