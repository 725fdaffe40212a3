"""Rendering an audit as one self-contained HTML file.

The page is built by jinja2 with autoescaping on for every template, so no
article text can ever become markup; the view model below hands the template
plain strings cut from the article text and the template escapes them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ..findings import count_by_severity, spelling_variants
from ..memory import without_cycle_collection
from ..models import SEVERITY_ORDER, Evidence, ParsedArticle, QuoteGroup, Source, WordDiff
from ..pipeline import AuditResult
from .graph import citation_svg

_CONTEXT = 80  # characters of article text shown either side of evidence


def templates_dir() -> Path:
    """Where the templates are: inside the installed package (the wheel maps
    ``templates/`` to ``audit/templates``), else beside the package in a checkout."""
    here = Path(__file__).resolve().parent.parent  # audit/, this module is in audit/report/
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "report.html.j2").is_file():
            return candidate
    raise FileNotFoundError("report templates not found (looked in audit/templates and templates/)")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,  # every template, whatever its name: article text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass
class TextSegment:
    """A piece of article text with the classes and hover title of the marks covering it."""

    text: str
    classes: list[str] = field(default_factory=list)
    title: str = ""


@dataclass
class ParagraphView:
    """A paragraph of the report: its id, its marked segments, and why it is
    boilerplate (empty when it is article text)."""

    anchor: str
    segments: list[TextSegment]
    boilerplate: str = ""


class ReportAnchors:
    """Stable HTML ids for articles and the paragraph holding any offset
    (the ``Anchors`` the citation graph links to)."""

    def __init__(self, parsed: Sequence[ParsedArticle]) -> None:
        self.index = {p.article.path: i for i, p in enumerate(parsed, 1)}
        self._blocks = {
            p.article.path: _BlockIndex(
                [(b.start, b.end) for b in (*p.article.paragraphs, *p.article.boilerplate)]
            )
            for p in parsed
        }

    def article(self, path: str) -> str:
        return f"a{self.index[path]}"

    def at(self, path: str, offset: int) -> str:
        k = self._blocks[path].first_holding(offset)
        if k is None:
            return self.article(path)
        return f"{self.article(path)}-p{self._blocks[path].starts[k]}"


class _BlockIndex:
    """Blocks (start, end) sorted, searched by bisection: a report asks for
    the block of every quote, source and finding (a scan per look-up was
    quadratic in a long article). Empty blocks hold nothing and are left out."""

    def __init__(self, blocks: Iterable[tuple[int, int]]) -> None:
        spans = sorted((s, e) for s, e in blocks if s < e)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self._reach = list(accumulate(self.ends, max))  # furthest end so far

    def first_holding(self, offset: int) -> int | None:
        """The first block (in order) with ``start <= offset <= end``."""
        k = bisect_left(self._reach, offset)
        return k if k < len(self.starts) and self.starts[k] <= offset else None

    def overlapping(self, start: int, end: int) -> Iterator[int]:
        """The blocks that overlap ``[start, end)``, in order."""
        for k in range(bisect_right(self._reach, start), len(self.starts)):
            if self.starts[k] >= end:
                return
            if self.ends[k] > start:
                yield k


def mark_segments(text: str, start: int, end: int, marks: Sequence[tuple[int, int, str, str]]) -> (
    list[TextSegment]
):
    """Cut ``text[start:end]`` at every mark boundary; each piece carries the
    classes (and hover titles) of the marks covering it, so overlapping marks
    never need nested tags."""
    cuts = {start, end}
    inside = [(max(s, start), min(e, end), c, t) for s, e, c, t in marks if s < end and e > start]
    opening: dict[int, list[int]] = defaultdict(list)
    closing: dict[int, list[int]] = defaultdict(list)
    for i, (s, e, _, _) in enumerate(inside):
        cuts.update((s, e))
        if s < e:  # an empty mark only cuts
            opening[s].append(i)
            closing[e].append(i)
    points = sorted(cuts)
    out: list[TextSegment] = []
    # A sweep: the marks open over each piece (every boundary is a cut, so a
    # mark covers a piece iff it opened at or before it and has not closed),
    # kept in mark order for the titles.
    open_marks: set[int] = set()
    for a, b in zip(points, points[1:], strict=False):
        open_marks.difference_update(closing.get(a, ()))
        open_marks.update(opening.get(a, ()))
        covering = [inside[i][2:] for i in sorted(open_marks)]
        out.append(
            TextSegment(
                text[a:b],
                sorted({c for c, _ in covering}),
                "; ".join(dict.fromkeys(t for _, t in covering if t)),
            )
        )
    return out


def _article_marks(p: ParsedArticle) -> list[tuple[int, int, str, str]]:
    marks: list[tuple[int, int, str, str]] = []
    for q in p.quotes:
        who = q.speaker or "no speaker found"
        via = f" via {q.via}" if q.via else ""
        marks.append((q.start, q.end, "quote", f"quote: {who}{via}"))
    for s in p.sources:
        kind = "vague" if s.kind == "vague" else "source"
        marks.append((s.start, s.end, kind, f"{s.kind}: {s.name}"))
        if s.cue_start is not None and s.cue_end is not None:
            marks.append((s.cue_start, s.cue_end, "cue", f"cue: {s.cue}"))
    for r in p.reported:
        marks.append((r.start, r.end, "reported", f"reported speech: {r.speaker or '?'}"))
    return marks


def _paragraphs(p: ParsedArticle, anchors: ReportAnchors) -> list[ParagraphView]:
    blocks = [(b, "") for b in p.article.paragraphs] + [
        (b, b.label or "boilerplate") for b in p.article.boilerplate
    ]
    # Each paragraph's marks, in mark order, found by bisection (not every
    # mark tested against every paragraph).
    index = _BlockIndex((b.start, b.end) for b in p.article.paragraphs)
    by_block: dict[tuple[int, int], list[tuple[int, int, str, str]]] = defaultdict(list)
    for mark in _article_marks(p):
        for k in index.overlapping(mark[0], mark[1]):
            by_block[index.starts[k], index.ends[k]].append(mark)
    out = []
    for block, why in sorted(blocks, key=lambda x: x[0].start):
        segs = (
            [TextSegment(p.article.text[block.start : block.end])]
            if why
            else mark_segments(
                p.article.text, block.start, block.end, by_block.get((block.start, block.end), [])
            )
        )
        out.append(ParagraphView(anchors.at(p.article.path, block.start), segs, why))
    return out


def _evidence_view(ev: Evidence, texts: dict[str, str], anchors: ReportAnchors) -> dict[str, Any]:
    text = texts[ev.article]
    lo, hi = max(0, ev.start - _CONTEXT), min(len(text), ev.end + _CONTEXT)
    return {
        "article": ev.article,
        "start": ev.start,
        "end": ev.end,
        "before": ("…" if lo else "") + " ".join(text[lo : ev.start].split(" ")),
        "hit": text[ev.start : ev.end],
        "after": text[ev.end : hi] + ("…" if hi < len(text) else ""),
        "href": "#" + anchors.at(ev.article, ev.start),
    }


def _diff_view(diff: Iterable[WordDiff]) -> list[dict[str, str]]:
    return [{"op": d.op, "a": d.a, "b": d.b} for d in diff]


def _sources_view(parsed: Sequence[ParsedArticle], anchors: ReportAnchors) -> list[dict[str, Any]]:
    """One row per (kind, name): which articles cite it, with which cues, through whom."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for p in parsed:
        for s in p.sources:
            row = rows.setdefault(
                (s.kind, s.name),
                {"name": s.name, "kind": s.kind, "outlet": s.outlet, "roles": [], "uses": []},
            )
            if s.role and s.role not in row["roles"]:
                row["roles"].append(s.role)
            row["uses"].append(_use(s, anchors))
    kind_order = {"outlet": 0, "person": 1, "organisation": 2, "document": 3, "vague": 4}
    return sorted(rows.values(), key=lambda r: (kind_order.get(r["kind"], 9), r["name"].casefold()))


def _use(s: Source, anchors: ReportAnchors) -> dict[str, Any]:
    return {
        "article": s.article,
        "cue": s.cue,
        "via": s.via,
        "href": "#" + anchors.at(s.article, s.start),
    }


def _groups_view(
    groups: Sequence[QuoteGroup], anchors: ReportAnchors
) -> list[dict[str, Any]]:
    """Quote groups worth showing: quoted in more than one place, or paraphrased."""
    out = []
    for g in groups:
        if len(g.members) < 2 and not g.reported:
            continue
        out.append(
            {
                "id": g.id,
                "members": [
                    {
                        "quote": m.quote,
                        "relation": m.relation,
                        "score": m.score,
                        "diff": _diff_view(m.diff),
                        "href": "#" + anchors.at(m.quote.article, m.quote.start),
                    }
                    for m in g.members
                ],
                "reported": [
                    {
                        "speech": r.speech,
                        "score": r.score,
                        "href": "#" + anchors.at(r.speech.article, r.speech.start),
                    }
                    for r in g.reported
                ],
            }
        )
    return out


def safe_link(url: str | None) -> str | None:
    """``url`` if it is fit to be a link in the report: an absolute http or
    https address without white space or control characters (a page's
    canonical address is untrusted: ``javascript:`` and friends must never
    become an href), else None."""
    if not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


@without_cycle_collection
def render_html(result: AuditResult, *, title: str = "citeaudit report") -> str:
    """The whole report as one self-contained HTML page (no script, no external asset)."""
    anchors = ReportAnchors(result.parsed)
    texts = {p.article.path: p.article.text for p in result.parsed}
    by_severity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in result.findings:
        by_severity[f.severity].append(
            {"finding": f, "evidence": [_evidence_view(e, texts, anchors) for e in f.evidence]}
        )
    severities = sorted(by_severity, key=lambda s: -SEVERITY_ORDER[s])
    people = [
        {"person": p, "spellings": spelling_variants(p)}
        for p in result.people
        if len(p.mentions) > 0
    ]
    articles = [
        {
            "anchor": anchors.article(p.article.path),
            "parsed": p,
            "href": safe_link(p.article.url),
            "paragraphs": _paragraphs(p, anchors),
        }
        for p in result.parsed
    ]
    return _environment().get_template("report.html.j2").render(
        title=title,
        result=result,
        counts=count_by_severity(result.findings),
        severities=severities,
        by_severity=by_severity,
        sources=_sources_view(result.parsed, anchors),
        groups=_groups_view(result.groups, anchors),
        people=people,
        articles=articles,
        anchors=anchors,
        graph=citation_svg(result, anchors),
    )

