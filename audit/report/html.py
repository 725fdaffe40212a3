"""Rendering an audit as one self-contained HTML file.

The page is built by jinja2 with autoescaping on for every template, so no
article text can ever become markup; the view model below hands the template
plain strings cut from the article text and the template escapes them."""

from __future__ import annotations

import base64
import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from ..findings import count_by_severity, spelling_variants
from ..memory import without_cycle_collection
from ..models import Evidence, ParsedArticle, QuoteGroup, Source
from ..pipeline import AuditResult
from .cards import ArticleLabel, Card, article_label, fold_cards, path_namer
from .charts import outlet_chart, timeline
from .compare import compare_group
from .graph import citation_svg

_CONTEXT = 60  # characters of article text shown either side of evidence
_GROUP_ID = re.compile(r"g\d+")
KEY_FINDINGS = 5  # cards listed first, above the fold: what to check in five minutes
SHOWN = 3  # findings of a card shown before the rest is folded (<details>)


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
    """A paragraph of the report: its id, its text as escaped HTML (marks
    and evidence ranges), and why it is boilerplate (empty when it is article text)."""

    anchor: str
    html: Markup
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
        # The name is shown when the words differ from it ("Wiru" for Vezofon Wiru).
        # A person named as written needs no tooltip: the words say who it is.
        named = p.article.text[s.start : s.end] == s.name
        title = "" if named and s.kind == "person" else s.kind if named else f"{s.kind}: {s.name}"
        marks.append((s.start, s.end, kind, title))
        if s.cue_start is not None and s.cue_end is not None:
            marks.append((s.cue_start, s.cue_end, "cue", ""))  # the words are the cue
    for r in p.reported:
        marks.append((r.start, r.end, "reported", f"reported speech: {r.speaker or '?'}"))
    return marks


def _paragraphs(
    p: ParsedArticle, anchors: ReportAnchors, evidence: Mapping[tuple[int, int], list[int]]
) -> tuple[list[ParagraphView], set[tuple[int, int]]]:
    """The article's paragraphs, marked, with the evidence ranges of findings
    wrapped where they lie inside one paragraph; and those ranges."""
    blocks = [(b, "") for b in p.article.paragraphs] + [
        (b, b.label or "boilerplate") for b in p.article.boilerplate
    ]
    # Each paragraph's marks and evidence ranges, in order, found by
    # bisection (not every mark tested against every paragraph).
    index = _BlockIndex((b.start, b.end) for b in p.article.paragraphs)
    by_block: dict[tuple[int, int], list[tuple[int, int, str, str]]] = defaultdict(list)
    for mark in _article_marks(p):
        for k in index.overlapping(mark[0], mark[1]):
            by_block[index.starts[k], index.ends[k]].append(mark)
    ranges: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for start, end in sorted(evidence):
        held = index.first_holding(start)
        if held is not None and start < end <= index.ends[held]:
            ranges[index.starts[held], index.ends[held]].append((start, end))
    placed: set[tuple[int, int]] = set()
    out = []
    art = anchors.article(p.article.path)
    for block, why in sorted(blocks, key=lambda x: x[0].start):
        span = (block.start, block.end)
        if why:
            html = Markup(escape(p.article.text[block.start : block.end]))
        else:
            html, used = paragraph_html(
                p.article.text, block.start, block.end, by_block.get(span, []),
                ranges.get(span, []), evidence, art,
            )
            placed.update(used)
        out.append(ParagraphView(anchors.at(p.article.path, block.start), html, why))
    return out, placed


def evidence_id(article_anchor: str, start: int, end: int) -> str:
    """The id of the words ``[start, end)`` of an article in the report."""
    return f"{article_anchor}-e{start}-{end}"


def paragraph_html(
    text: str, start: int, end: int, marks: Sequence[tuple[int, int, str, str]],
    ranges: Sequence[tuple[int, int]], backs: Mapping[tuple[int, int], Sequence[int]],
    article_anchor: str,
) -> tuple[Markup, list[tuple[int, int]]]:
    """One paragraph as escaped HTML: marked segments, and each evidence
    range (sorted) wrapped in a span with an id, followed by links back to
    the findings resting on it (shown when the range is the target). Ranges
    nest; one that crosses an earlier one is left out (its link lands on the
    paragraph). Returns the HTML and the ranges wrapped."""
    kept: list[tuple[int, int]] = []
    stack: list[tuple[int, int]] = []
    for r in sorted(ranges, key=lambda r: (r[0], -r[1])):
        while stack and stack[-1][1] <= r[0]:
            stack.pop()
        if stack and r[1] > stack[-1][1]:
            continue
        kept.append(r)
        stack.append(r)
    cuts = [(s, s, "", "") for r in kept for s in r]
    opens: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r in kept:
        opens[r[0]].append(r)
    parts: list[str] = []
    stack = []
    pos = start

    def close_to(at: int) -> None:
        while stack and stack[-1][1] <= at:
            r = stack.pop()
            links = " ".join(
                f'<a href="#f{i}">finding {i}</a>' for i in backs.get(r, ())
            )
            parts.append(f'</span><span class="backs">↩ {links}</span>')

    for seg in mark_segments(text, start, end, [*marks, *cuts]):
        close_to(pos)
        for r in opens.get(pos, ()):
            parts.append(f'<span class="ev" id="{evidence_id(article_anchor, *r)}">')
            stack.append(r)
        if seg.classes:
            parts.append(
                f'<span class="{" ".join(seg.classes)}" title="{escape(seg.title)}">'
                f"{escape(seg.text)}</span>"
            )
        else:
            parts.append(str(escape(seg.text)))
        pos += len(seg.text)
    close_to(end)
    return Markup("".join(parts)), kept


def _evidence_view(
    ev: Evidence, texts: Mapping[str, str], anchors: ReportAnchors,
    labels: Mapping[str, ArticleLabel], placed: set[tuple[str, int, int]],
) -> dict[str, Any]:
    text = texts[ev.article]
    lo, hi = max(0, ev.start - _CONTEXT), min(len(text), ev.end + _CONTEXT)
    if (ev.article, ev.start, ev.end) in placed:
        href = "#" + evidence_id(anchors.article(ev.article), ev.start, ev.end)
    else:
        href = "#" + anchors.at(ev.article, ev.start)
    return {
        "label": labels[ev.article],
        "start": ev.start,
        "end": ev.end,
        "before": ("…" if lo else "") + " ".join(text[lo : ev.start].split(" ")),
        "hit": text[ev.start : ev.end],
        # Context only around short evidence: a whole quote is its own context.
        "context": ev.end - ev.start <= _CONTEXT,
        "after": text[ev.end : hi] + ("…" if hi < len(text) else ""),
        "href": href,
    }


def _sources_view(
    parsed: Sequence[ParsedArticle], anchors: ReportAnchors, labels: Mapping[str, ArticleLabel]
) -> list[dict[str, Any]]:
    """One row per (kind, name): which articles cite it, with which cues, through whom."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for p in parsed:
        for s in p.sources:
            row = rows.setdefault(
                (s.kind, s.name),
                {"name": s.name, "kind": s.kind, "outlet": s.outlet, "roles": [], "uses": [],
                 "seen": {}},
            )
            if s.role and s.role not in row["roles"]:
                row["roles"].append(s.role)
            use = row["seen"].get(s.article)  # one line per article: its cues and go-betweens
            if use is None:
                use = row["seen"][s.article] = _use(s, anchors, labels)
                row["uses"].append(use)
            use["count"] += 1
            for key, value in (("cues", s.cue), ("vias", s.via)):
                if value:
                    use[key][value] = None
    kind_order = {"outlet": 0, "person": 1, "organisation": 2, "document": 3, "vague": 4}
    return sorted(rows.values(), key=lambda r: (kind_order.get(r["kind"], 9), r["name"].casefold()))


def _use(s: Source, anchors: ReportAnchors, labels: Mapping[str, ArticleLabel]) -> dict[str, Any]:
    return {
        "label": labels[s.article],
        "cues": {},
        "vias": {},
        "href": "#" + anchors.at(s.article, s.start),
        "count": 0,
    }


def _groups_view(
    groups: Sequence[QuoteGroup], anchors: ReportAnchors, labels: Mapping[str, ArticleLabel],
    dates: Mapping[str, str | None],
) -> list[dict[str, Any]]:
    """Quote groups worth showing: quoted in more than one place, or
    paraphrased; versions side by side, the earliest dated first."""
    out = []
    for g in groups:
        if len(g.members) < 2 and not g.reported:
            continue
        out.append(
            {
                "id": g.id,
                "versions": [
                    {
                        "v": v,
                        "label": labels[v.quote.article],
                        "href": "#" + anchors.at(v.quote.article, v.quote.start),
                    }
                    for v in compare_group(g, dates)
                ],
                "reported": [
                    {
                        "speech": r.speech,
                        "score": r.score,
                        "label": labels[r.speech.article],
                        "href": "#" + anchors.at(r.speech.article, r.speech.start),
                    }
                    for r in g.reported
                ],
            }
        )
    return out


def _people_view(result: AuditResult, cards: Sequence[Card]) -> list[dict[str, Any]]:
    """People with their spellings and titles, marked when a name is spelled
    several ways or given titles that conflict (linked to that card)."""
    card_of = {(c.kind, c.subject): c.id for c in cards}
    out = []
    for p in result.people:
        if not p.mentions:
            continue
        spellings = spelling_variants(p)
        out.append({
            "person": p,
            "spellings": spellings,
            "articles": len({m.article for m in p.mentions}),
            "variant_card": card_of.get(("name_variant", p.name)),
            "several": len(spellings) > 1,
            "title_card": card_of.get(("title_conflict", p.name)),
        })
    return out


def _subject_label(subject: str, name_paths: Callable[[str], str]) -> str:
    """A card's subject as a reader sees it: a quote group by its id, a name
    as it is; a quote's id (a path) is left to the card's evidence."""
    if _GROUP_ID.fullmatch(subject):
        return f"quote group {subject}"
    return "" if "#" in subject else name_paths(subject)


def _card_view(
    card: Card, labels: Mapping[str, ArticleLabel], outlets: Mapping[str, int],
    evidence: Callable[[Evidence], dict[str, Any]], name_paths: Callable[[str], str],
) -> dict[str, Any]:
    arts = [labels[a] for a in card.articles]
    seen: set[tuple[str, int, int]] = set()  # evidence quoted once a card, linked after

    def once(e: Evidence) -> dict[str, Any]:
        key = (e.article, e.start, e.end)
        view = {**evidence(e), "repeat": key in seen}
        seen.add(key)
        return view

    return {
        "card": card,
        "headline": name_paths(card.items[0][1].message),
        "subject": _subject_label(card.subject, name_paths),
        "articles": arts,
        "outlets": " ".join(sorted({str(outlets[lab.outlet]) for lab in arts}, key=int)),
        "article_ids": " ".join(lab.anchor for lab in arts),
        "occurrences": [
            {
                "id": f"f{i}",
                "finding": f,
                "message": name_paths(f.message),
                "reasons": [name_paths(r) for r in f.reasons],
                "evidence": [once(e) for e in f.evidence],
                # Past the first few (collapsed), the words alone: the link has the rest.
                "context": n < SHOWN,
            }
            for n, (i, f) in enumerate(card.items)
        ],
    }


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


def report_script() -> str:
    """The report's one script (filters, search, opening folded targets),
    inlined and allowed by its hash; the report reads the same without it."""
    return (templates_dir() / "report.js").read_text(encoding="utf-8")


@without_cycle_collection
def render_html(result: AuditResult, *, title: str = "citeaudit report") -> str:
    """The whole report as one self-contained HTML page: no external asset,
    one small inline script (filters and search; allowed by its hash in the
    Content-Security-Policy, and not needed to read anything)."""
    anchors = ReportAnchors(result.parsed)
    texts = {p.article.path: p.article.text for p in result.parsed}
    labels = {
        p.article.path: article_label(p.article, anchors.article(p.article.path))
        for p in result.parsed
    }
    dates = {p.article.path: p.article.date for p in result.parsed}
    cards = fold_cards(result.findings)
    # Where each finding's evidence lies, per article: the words get an id.
    backs: dict[str, dict[tuple[int, int], list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, f in enumerate(result.findings):
        for e in f.evidence:
            if e.start < e.end:
                backs[e.article][e.start, e.end].append(i)
    placed: set[tuple[str, int, int]] = set()
    articles = []
    for p in result.parsed:
        paragraphs, used = _paragraphs(p, anchors, backs.get(p.article.path, {}))
        placed.update((p.article.path, s, e) for s, e in used)
        articles.append({
            "anchor": anchors.article(p.article.path),
            "parsed": p,
            "label": labels[p.article.path],
            "href": safe_link(p.article.url),
            "paragraphs": paragraphs,
        })
    outlet_names = sorted({lab.outlet for lab in labels.values()}, key=str.casefold)
    outlets = {name: k for k, name in enumerate(outlet_names)}
    name_paths = path_namer(labels.values())

    def evidence(e: Evidence) -> dict[str, Any]:
        return _evidence_view(e, texts, anchors, labels, placed)

    card_views = [_card_view(c, labels, outlets, evidence, name_paths) for c in cards]
    script = report_script()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return _environment().get_template("report.html.j2").render(
        title=title,
        result=result,
        counts=count_by_severity(result.findings),
        cards=card_views,
        key_cards=card_views[:KEY_FINDINGS],
        shown=SHOWN,
        kinds=sorted({c.kind for c in cards}),
        outlet_names=outlet_names,
        labels=[labels[p.article.path] for p in result.parsed],
        sources=_sources_view(result.parsed, anchors, labels),
        groups=_groups_view(result.groups, anchors, labels, dates),
        people=_people_view(result, cards),
        articles=articles,
        graph=citation_svg(result, anchors),
        outlet_chart=outlet_chart(result.findings, labels),
        timeline=timeline(result.groups, labels, dates,
                          {path: "#" + lab.anchor for path, lab in labels.items()}),
        script=Markup(script),
        script_hash=f"sha256-{digest}",
    )
