"""Who cites whom: the citation graph of an audit, drawn as inline SVG.

Three columns, left to right: the articles, the outlets, documents,
organisations and vague sources they rely on, and the people quoted. Each
attribution is an edge (article -> outlet for "citing TASS", outlet -> person
when a person was reached through that outlet, article -> person for quotes
and reported speech); parallel edges are merged with a count, and each column
keeps its best-connected boxes and folds the rest into one "+K more" box, so
the picture stays legible at fifty articles.

The SVG is built here rather than in a template because it is mostly
geometry; every element goes through ``_el``, which escapes every attribute
value and every text child (article text is untrusted), so the ``Markup`` it
returns is safe to put in the autoescaped report as is. No script, no
external asset: links are plain ``<a href="#...">`` to ids the report already
has, tooltips are SVG ``<title>`` elements.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Protocol

from markupsafe import Markup, escape

from ..models import ParsedArticle, Person, Quote, ReportedSpeech, Source
from ..parse.sources import is_state_affiliated
from ..pipeline import AuditResult
from ..rules.graph import EdgeKind, GraphSettings, NodeKind, graph_settings

# When parallel edges of different kinds merge, the merged edge is drawn in
# the most telling one: vague sourcing first, then a citation chain.
_EDGE_PRIORITY: dict[EdgeKind, int] = {"vague": 3, "chain": 2, "quote": 1, "reported": 0}
_EDGE_NOUN: dict[EdgeKind, str] = {
    "quote": "direct quote",
    "reported": "reported speech or statement",
    "chain": "citation",
    "vague": "vague attribution",
}
# A name seen as several kinds in the middle column is shown as the strongest.
_MID_RANK = {"outlet": 0, "organisation": 1, "document": 2, "vague": 3}
_SECTION = ("articles", "sources", "people")  # report sections the "+K more" boxes open
# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone
# surrogates, U+FFFE/U+FFFF): article text may hold them, an SVG may not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9:-]*\Z")


class Anchors(Protocol):
    """The report's ids (``audit.render._Anchors`` fits): an article's
    section, and the paragraph holding an offset of an article."""

    def article(self, path: str) -> str: ...

    def at(self, path: str, offset: int) -> str: ...


# ---------------------------------------------------------------------------
# The graph: nodes, attributions, merged edges

NodeKey = tuple[int, str]  # (column, name); articles are named by their path
# The name of a column's "+K more" box: _clean strips NUL, so no real name has it.
_MORE = "\x00more"


@dataclass(frozen=True)
class _Attribution:
    """One attribution, before merging: an edge with the place it comes from."""

    src: NodeKey
    dst: NodeKey
    kind: EdgeKind
    cue: str | None
    article: str
    offset: int
    what: str  # "direct quote", "organisation source"... for the tooltip


@dataclass
class _NodeInfo:
    kind: NodeKind
    name: str  # shown: an article's title, else the source's or person's name
    detail: str  # tooltip: an article's path, an outlet's classification, a person's titles
    sure: bool = True  # False for a name only ever seen as a "via": its kind is a guess
    typology: str | None = None
    evidence: tuple[str, int] | None = None  # the earliest (article, offset) citing it
    articles: set[str] = field(default_factory=set)
    count: int = 0


@dataclass(frozen=True)
class GraphNode:
    """A box of the graph; ``folded`` counts the boxes a "+K more" box stands for."""

    key: NodeKey
    kind: NodeKind
    name: str
    label: str
    tooltip: str
    href: str
    typology: str | None = None
    folded: int = 0


@dataclass(frozen=True)
class GraphEdge:
    """A merged edge: ``count`` attributions from ``src`` to ``dst``."""

    src: NodeKey
    dst: NodeKey
    kind: EdgeKind
    count: int
    label: str
    tooltip: str
    href: str


@dataclass(frozen=True)
class CitationGraph:
    """Boxes per column (top to bottom, after ordering) and merged edges;
    ``totals`` counts each column's boxes before folding."""

    columns: tuple[tuple[GraphNode, ...], tuple[GraphNode, ...], tuple[GraphNode, ...]]
    edges: tuple[GraphEdge, ...]
    totals: tuple[int, int, int]
    omitted: int = 0  # attributions on the lightest edges, left out past the edge budget


def _clean(text: str) -> str:
    """One line of XML-safe text (markup is escaped later, by ``_el``)."""
    return " ".join(_NOT_XML.sub(" ", text).split())


def _cut(text: str, limit: int) -> str:
    text = _clean(text)
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _person_names(people: Iterable[Person]) -> dict[str, str]:
    """Every spelling of a person, mapped to the merged person's name."""
    out: dict[str, str] = {}
    for p in people:
        for name in (p.name, *p.variants, *(m.full_name for m in p.mentions)):
            out.setdefault(name, p.name)
    return out


class _Builder:
    """Collects the nodes and attributions of a set of parsed articles."""

    def __init__(self, people: Sequence[Person], s: GraphSettings) -> None:
        self.s = s
        self.names = _person_names(people)
        self.titles = {p.name: p.titles for p in people}
        self.nodes: dict[NodeKey, _NodeInfo] = {}
        self.attributions: list[_Attribution] = []

    def mid(self, name: str, source: Source | None) -> NodeKey:
        """The middle-column box of a source (or, without one, of a name only
        seen as a "via", taken for an outlet until a source says otherwise)."""
        key: NodeKey = (1, _clean(name) or "?")
        kind = source.kind if source is not None else "outlet"
        info = self.nodes.get(key)
        if info is None:
            info = self.nodes[key] = _NodeInfo("outlet", key[1], "", sure=False)
        if source is not None and (
            not info.sure or _MID_RANK[kind] < _MID_RANK.get(info.kind, 0)
        ):
            info.kind, info.sure = kind, True
        outlet = source.outlet if source is not None else None
        if outlet is not None and not info.typology:
            bits = [outlet.kind, outlet.country or ""]
            if outlet.typology:
                bits.append(f"State Media Matrix: {outlet.typology} {outlet.typology_label or ''}")
            info.detail = ", ".join(b.strip() for b in bits if b.strip())
            if is_state_affiliated(outlet):
                info.typology = outlet.typology
        if info.typology is not None:
            info.kind = "state"
        return key

    def person(self, name: str) -> NodeKey:
        canonical = self.names.get(name, name)
        key: NodeKey = (2, _clean(canonical) or "?")
        if key not in self.nodes:
            titles = "; ".join(self.titles.get(canonical, ()))
            self.nodes[key] = _NodeInfo("person", key[1], titles)
        return key

    def add(
        self, src: NodeKey, dst: NodeKey, kind: EdgeKind, cue: str | None,
        where: tuple[str, int], what: str,
    ) -> int:
        """Record an attribution; returns its index."""
        cue = _clean(cue).casefold() if cue else None
        self.attributions.append(_Attribution(src, dst, kind, cue, where[0], where[1], what))
        for key in (src, dst):
            info = self.nodes[key]
            info.articles.add(where[0])
            info.count += 1
            if info.evidence is None or where < info.evidence:
                info.evidence = where
        return len(self.attributions) - 1

    def article(self, p: ParsedArticle) -> None:
        """Every attribution of one article."""
        a = p.article
        art: NodeKey = (0, a.path)
        name = a.title or a.publisher or PurePath(a.path).name or a.path
        self.nodes[art] = _NodeInfo("article", _clean(name) or "?", _clean(a.path))
        direct: set[NodeKey] = set()  # middle boxes this article cites itself
        via_uses: dict[NodeKey, int] = {}  # boxes used as a "via" -> first offset
        seen: dict[tuple[NodeKey, int, int], int] = {}  # one attribution per name and cue
        for s in p.sources:
            if s.kind == "person":
                continue
            key = self.mid(s.name, s)
            kind = self._source_kind(s)
            span = (key, s.start if s.cue_start is None else s.cue_start,
                    s.end if s.cue_end is None else s.cue_end)
            if span in seen:  # the vague twin of a leaked document: the vaguer style wins
                old = self.attributions[seen[span]]
                if _EDGE_PRIORITY[kind] > _EDGE_PRIORITY[old.kind]:
                    self.attributions[seen[span]] = replace(old, kind=kind)
                continue
            seen[span] = self.add(art, key, kind, s.cue, (a.path, s.start), f"{s.kind} source")
            direct.add(key)
            if s.via:
                via = self.mid(s.via, None)
                via_uses.setdefault(via, s.start)
                self.add(via, key, "chain", s.cue, (a.path, s.start), f"{s.kind} passed on")
        for unit in _person_units(p, self.s.reported_gap):
            who = self.person(unit.speaker)
            noun = _EDGE_NOUN[unit.kind]
            if unit.via:
                via = self.mid(unit.via, None)
                via_uses.setdefault(via, unit.offset)
                self.add(via, who, "chain", unit.cue, (a.path, unit.offset),
                         f"{noun} via {_clean(unit.via)}")
            else:
                self.add(art, who, unit.kind, unit.cue, (a.path, unit.offset), noun)
        for via, offset in via_uses.items():
            if via not in direct:  # a chain starts at the article that reports it
                self.add(art, via, "chain", "via", (a.path, offset), "citation (via)")

    def _source_kind(self, s: Source) -> EdgeKind:
        if s.kind == "vague":
            return "vague"
        cue = _clean(s.cue).casefold() if s.cue else ""
        if s.kind == "outlet" or s.via or cue in self.s.chain_cues:
            return "chain"
        return "reported"


@dataclass(frozen=True)
class _PersonUnit:
    speaker: str
    kind: EdgeKind
    cue: str | None
    via: str | None
    offset: int


def _person_units(p: ParsedArticle, gap: int) -> list[_PersonUnit]:
    """One unit per quote and reported speech with a speaker, and per person
    source that introduces neither (so one attribution is never counted
    twice); reported speech takes the ``via`` of the source introducing it."""
    people = [s for s in p.sources if s.kind == "person"]
    by_name: dict[str, list[int]] = defaultdict(list)  # only a speaker's own sources compare
    for i, s in enumerate(people):
        by_name[s.name].append(i)
    used: set[int] = set()
    units: list[_PersonUnit] = []
    for q in p.quotes:
        if q.speaker:
            used.update(i for i in by_name.get(q.speaker, ()) if _introduces_quote(people[i], q))
            units.append(_PersonUnit(q.speaker, "quote", q.cue, q.via, q.start))
    for r in p.reported:
        if not r.speaker:
            continue
        intro = [i for i in by_name.get(r.speaker, ()) if _introduces_speech(people[i], r, gap)]
        used.update(intro)
        via = next((people[i].via for i in intro if people[i].via), None)
        units.append(_PersonUnit(r.speaker, "reported", r.cue, via, r.start))
    units.extend(
        _PersonUnit(s.name, "reported", s.cue, s.via, s.start)
        for i, s in enumerate(people) if i not in used
    )
    return sorted(units, key=lambda u: (u.offset, u.speaker, u.kind))


def _introduces_quote(s: Source, q: Quote) -> bool:
    return (
        s.name == q.speaker
        and q.speaker_start is not None
        and q.speaker_end is not None
        and s.start < q.speaker_end
        and q.speaker_start < s.end
    )


def _introduces_speech(s: Source, r: ReportedSpeech, gap: int) -> bool:
    if s.name != r.speaker or s.cue is None or s.cue_end is None:
        return False
    if _clean(s.cue).casefold() != _clean(r.cue).casefold():
        return False
    return 0 <= r.start - max(s.end, s.cue_end) <= gap


# ---------------------------------------------------------------------------
# Folding, merging and ordering


def _fold(
    nodes: Mapping[NodeKey, _NodeInfo], limits: Sequence[int]
) -> tuple[list[list[NodeKey]], dict[NodeKey, NodeKey], list[int]]:
    """Keep the best-connected boxes of each column (most articles, then most
    attributions, then name); the rest map to the column's "+K more" box."""
    columns: list[list[NodeKey]] = [[], [], []]
    for key in nodes:
        columns[key[0]].append(key)
    mapping: dict[NodeKey, NodeKey] = {}
    folded = [0, 0, 0]
    for c, keys in enumerate(columns):
        keys.sort(key=lambda k: (-len(nodes[k].articles), -nodes[k].count, k[1]))
        limit = max(2, limits[c])
        if len(keys) > limit:
            more: NodeKey = (c, _MORE)
            mapping.update((k, more) for k in keys[limit - 1 :])
            folded[c] = len(keys) - (limit - 1)
            keys[:] = [*keys[: limit - 1], more]
        mapping.update((k, k) for k in keys)
    return columns, mapping, folded


def _merge(
    attributions: Iterable[_Attribution], mapping: Mapping[NodeKey, NodeKey]
) -> dict[tuple[NodeKey, NodeKey], list[_Attribution]]:
    """Attributions grouped by the boxes they join after folding (a chain
    folded into one box, a loop, is dropped)."""
    merged: dict[tuple[NodeKey, NodeKey], list[_Attribution]] = defaultdict(list)
    for a in attributions:
        src, dst = mapping[a.src], mapping[a.dst]
        if src != dst:
            merged[(src, dst)].append(a)
    return merged


def _barycentre(
    neighbours: Sequence[tuple[NodeKey, int]], pos: Mapping[NodeKey, float], default: float
) -> float:
    total = sum(w for n, w in neighbours if n in pos)
    return sum(pos[n] * w for n, w in neighbours if n in pos) / total if total else default


def _order(
    columns: list[list[NodeKey]],
    merged: Mapping[tuple[NodeKey, NodeKey], list[_Attribution]],
    sweeps: int,
) -> None:
    """Order each column by the weighted mean position of its neighbours in
    the other columns (barycentre heuristic against crossings), ties by name;
    a "+K more" box stays last. Fixed sweeps, so the result is deterministic."""
    neighbours: dict[NodeKey, list[tuple[NodeKey, int]]] = defaultdict(list)
    for (src, dst), items in merged.items():
        if src[0] != dst[0]:
            neighbours[src].append((dst, len(items)))
            neighbours[dst].append((src, len(items)))
    for col in columns:
        col.sort(key=lambda k: (k[1] == _MORE, k[1].casefold(), k[1]))
    for _ in range(sweeps):
        for c in (1, 2, 0):
            pos = {
                k: (i + 0.5) / len(col)
                for other, col in enumerate(columns) if other != c
                for i, k in enumerate(col)
            }
            own = {k: (i + 0.5) / len(columns[c]) for i, k in enumerate(columns[c])}
            centre = {k: _barycentre(neighbours[k], pos, own[k]) for k in columns[c]}
            columns[c].sort(key=lambda k: (k[1] == _MORE, centre[k], k[1].casefold(), k[1]))


def _edge_label(items: Sequence[_Attribution], limit: int) -> str:
    cues = list(dict.fromkeys(a.cue or _EDGE_NOUN[a.kind] for a in items))
    if len(items) == 1:
        return _cut(cues[0], limit)
    if len(cues) == 1:
        return _cut(f"{cues[0]} ×{len(items)}", limit)
    return _cut(f"×{len(items)}: {', '.join(cues)}", limit)


def _edge_tooltip(src: str, dst: str, items: Sequence[_Attribution]) -> str:
    kinds = Counter(a.what for a in items)
    parts = [f"{n} {what}" for what, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0]))]
    cues = list(dict.fromkeys(a.cue for a in items if a.cue))
    articles = sorted({PurePath(a.article).name or a.article for a in items})
    text = f"{src} → {dst}: " + ", ".join(parts)
    if cues:
        text += "; cues: " + ", ".join(f"“{c}”" for c in cues)
    return _clean(text + f"; in {_plural(len(articles), 'article')}: " + ", ".join(articles))


def build_graph(result: AuditResult, anchors: Anchors) -> CitationGraph:
    """The citation graph of an audit: boxes per column (folded to the limits
    of ``graph.toml`` and ordered to reduce crossings) and merged edges, each
    linked to a report id given by ``anchors``."""
    s = graph_settings()
    b = _Builder(result.people, s)
    for p in result.parsed:
        b.article(p)
    totals = [sum(1 for k in b.nodes if k[0] == c) for c in range(3)]
    columns, mapping, folded = _fold(b.nodes, s.max_nodes)
    # Sorted, so labels list cues in text order whatever order the articles came in.
    attributions = sorted(
        b.attributions, key=lambda a: (a.article, a.offset, a.src, a.dst, a.kind, a.cue or "")
    )
    merged = _merge(attributions, mapping)
    kept = _thin(merged, s.max_edges)
    omitted = sum(len(items) for key, items in merged.items() if key not in kept)
    merged = {key: items for key, items in merged.items() if key in kept}
    _order(columns, merged, s.sweeps)
    nodes = {
        key: _graph_node(key, b.nodes.get(key), folded[c], anchors, s)
        for c, keys in enumerate(columns) for key in keys
    }
    edges = []
    for (src, dst), items in merged.items():
        first = min(items, key=lambda a: (a.article, a.offset))
        edges.append(
            GraphEdge(
                src=src,
                dst=dst,
                kind=max((a.kind for a in items), key=lambda k: _EDGE_PRIORITY[k]),
                count=len(items),
                label=_edge_label(items, s.edge_chars),
                tooltip=_edge_tooltip(nodes[src].name, nodes[dst].name, items),
                href="#" + anchors.at(first.article, first.offset),
            )
        )
    edges.sort(key=lambda e: (e.src, e.dst))
    return CitationGraph(
        columns=(
            tuple(nodes[k] for k in columns[0]),
            tuple(nodes[k] for k in columns[1]),
            tuple(nodes[k] for k in columns[2]),
        ),
        edges=tuple(edges),
        totals=(totals[0], totals[1], totals[2]),
        omitted=omitted,
    )


def _thin(
    merged: Mapping[tuple[NodeKey, NodeKey], Sequence[_Attribution]], budget: int
) -> set[tuple[NodeKey, NodeKey]]:
    """The edges to draw: each box's heaviest edge (so no box is left
    unconnected), then the heaviest others up to ``budget`` edges in all.
    Weight: attributions merged, then the kind's priority, then names."""

    def weight(key: tuple[NodeKey, NodeKey]) -> tuple[int, int, NodeKey, NodeKey]:
        items = merged[key]
        return (-len(items), -max(_EDGE_PRIORITY[a.kind] for a in items), key[0], key[1])

    ranked = sorted(merged, key=weight)
    kept: set[tuple[NodeKey, NodeKey]] = set()
    linked: set[NodeKey] = set()
    for key in ranked:
        if key[0] not in linked or key[1] not in linked:
            kept.add(key)
            linked.update(key)
    for key in ranked:
        if len(kept) >= budget:
            break
        kept.add(key)
    return kept


def _graph_node(
    key: NodeKey, info: _NodeInfo | None, folded: int, anchors: Anchors, s: GraphSettings
) -> GraphNode:
    c = key[0]
    if info is None:  # the "+K more" box: its section of the report lists them all
        what = _plural(folded, ("article", "source", "person")[c],
                       ("articles", "sources", "people")[c])
        return GraphNode(
            key=key,
            kind="more",
            name=f"{what} more",
            label=f"+{folded} more",
            tooltip=f"{what} with fewer citations, folded; the report lists them all",
            href="#" + _SECTION[c],
            folded=folded,
        )
    cited = _plural(info.count, "attribution")
    if c == 0:
        tooltip = f"{info.name} ({info.detail}): {cited}"
        href = "#" + anchors.article(key[1])
    else:
        role = "cited" if c == 1 else "quoted or cited"
        detail = f" ({info.detail})" if info.detail else ""
        used = _plural(len(info.articles), "article")
        tooltip = f"{info.name}{detail}: {role} in {used}, {cited}"
        href = "#" + (anchors.at(*info.evidence) if info.evidence else _SECTION[c])
    chars = s.label_chars[c] - (s.badge_chars if info.typology else 0)
    return GraphNode(
        key=key,
        kind=info.kind,
        name=info.name,
        label=_cut(info.name, chars),
        tooltip=_clean(tooltip),
        href=href,
        typology=_clean(info.typology) if info.typology else None,
    )


# ---------------------------------------------------------------------------
# Drawing


def _num(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _el(tag: str, attrs: Mapping[str, object | None] | None = None, *children: str) -> Markup:
    """One element; every attribute value and every ``str`` child is escaped
    (``Markup`` children are already-built elements and pass as they are)."""
    assert _NAME.match(tag), tag  # tag and attribute names only ever come from this module
    parts = [f"<{tag}"]
    for name, value in (attrs or {}).items():
        assert _NAME.match(name), name
        if value is None:
            continue
        text = _num(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{escape(text)}"')
    if not children:
        return Markup("".join(parts) + "/>")
    body = "".join(escape(c) for c in children)
    return Markup("".join(parts) + ">" + body + f"</{tag}>")


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    w: float
    h: float

    def hits(self, other: _Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


Point = tuple[float, float]
Cubic = tuple[Point, Point, Point, Point]


def _bezier(p: Cubic, t: float) -> Point:
    u = 1 - t
    w = (u**3, 3 * u * u * t, 3 * u * t * t, t**3)
    return (sum(wi * q[0] for wi, q in zip(w, p, strict=True)),
            sum(wi * q[1] for wi, q in zip(w, p, strict=True)))


def _s_curve(a: Point, b: Point) -> Cubic:
    xm = (a[0] + b[0]) / 2
    return (a, (xm, a[1]), (xm, b[1]), b)


def _column_x(s: GraphSettings) -> tuple[float, float, float]:
    left = s.margin
    right = s.width - s.margin - s.node_width[2]
    mid = (left + s.node_width[0] + right) / 2 - s.node_width[1] / 2
    return (left, mid, right)


def _legend(s: GraphSettings, y: float) -> list[Markup]:
    out: list[Markup] = []
    x = s.margin
    for kind, st in s.edge_styles.items():
        out.append(_el("line", {
            "x1": float(x), "y1": float(y), "x2": float(x + 34), "y2": float(y),
            "stroke": st.colour, "stroke-width": st.width,
            "stroke-dasharray": st.dash or None, "stroke-linecap": "round" if kind == "vague"
            else None,
        }))
        out.append(_el("text", {"x": float(x + 40), "y": float(y), "dy": "0.35em",
                                "font-size": s.edge_font + 1}, st.label))
        x += 48 + len(st.label) * (s.edge_font + 1) * s.glyph_width + 18
    x = s.margin
    y2 = y + s.legend_row
    for node_kind, ns in s.node_styles.items():
        if node_kind == "more":
            continue
        out.append(_el("rect", {
            "x": float(x), "y": float(y2 - 7), "width": 22.0, "height": 14.0,
            "rx": 7.0 if node_kind == "person" else 2.0, "fill": ns.fill, "stroke": ns.stroke,
            "stroke-dasharray": "3 2" if node_kind == "vague" else None,
        }))
        label = ns.label
        out.append(_el("text", {"x": float(x + 28), "y": float(y2), "dy": "0.35em",
                                "font-size": s.edge_font + 1}, label))
        x += 40 + len(label) * (s.edge_font + 1) * s.glyph_width + 14
    return out


def _draw_node(node: GraphNode, x: float, y: float, w: float, s: GraphSettings) -> Markup:
    st = s.node_styles[node.kind]
    h = s.node_height
    shape = _el("rect", {
        "x": x, "y": y, "width": w, "height": h,
        "rx": s.person_radius if node.kind == "person" else s.box_radius,
        "fill": st.fill, "stroke": st.stroke, "stroke-width": 1.5,
        "stroke-dasharray": "4 3" if node.kind in ("vague", "more") else None,
    })
    parts = [_el("title", None, node.tooltip), shape]
    parts.append(_el("text", {
        "x": x + s.padding, "y": y + h / 2, "dy": "0.35em", "font-size": s.font_size,
        "font-style": "italic" if node.kind == "more" else None,
        "font-weight": "600" if node.kind == "state" else None,
    }, node.label))
    if node.typology:
        bx = x + w - s.badge_width - 4
        parts.append(_el("rect", {"x": bx, "y": y + 5, "width": s.badge_width,
                                  "height": h - 10, "rx": 3.0, "fill": s.badge_fill}))
        parts.append(_el("text", {
            "x": bx + s.badge_width / 2, "y": y + h / 2, "dy": "0.35em",
            "font-size": s.badge_font, "font-weight": "700", "text-anchor": "middle",
            "fill": s.badge_text,
        }, node.typology))
    return _el("a", {"href": node.href, "class": f"cg-node cg-{node.kind}"}, *parts)


def _lanes(graph: CitationGraph, place: Mapping[NodeKey, _Box], s: GraphSettings) -> dict[
    tuple[NodeKey, NodeKey], float
]:
    """The height at which each article -> person edge crosses the middle
    column: through the gap between two of its boxes (or above or below them)
    nearest the edge's own course, so that it never seems to leave a box it
    only passes behind; edges sharing a gap are spread across it."""
    boxes = sorted(place[n.key].y for n in graph.columns[1])
    if not boxes:
        return {}
    half = s.node_gap / 2
    gaps = [boxes[0] - half] + [y + s.node_height + half for y in boxes]
    by_gap: dict[float, list[tuple[float, float, tuple[NodeKey, NodeKey]]]] = defaultdict(list)
    for e in graph.edges:
        if (e.src[0], e.dst[0]) != (0, 2):
            continue
        ya, yb = place[e.src].y + s.node_height / 2, place[e.dst].y + s.node_height / 2
        lo, hi = min(ya, yb), max(ya, yb)
        gap = min(gaps, key=lambda g: (max(lo - g, g - hi, 0), abs(g - (ya + yb) / 2), g))
        by_gap[gap].append((ya, yb, (e.src, e.dst)))
    lanes: dict[tuple[NodeKey, NodeKey], float] = {}
    for gap, items in by_gap.items():
        items.sort()
        step = min(3.0, (s.node_gap - 2) / len(items))
        for i, (_, _, key) in enumerate(items):
            lanes[key] = gap + (i - (len(items) - 1) / 2) * step
    return lanes


def _route(
    edge: GraphEdge,
    place: Mapping[NodeKey, _Box],
    lanes: Mapping[tuple[NodeKey, NodeKey], float],
    mid: tuple[float, float],
    s: GraphSettings,
) -> list[Cubic]:
    """The edge as cubic pieces: an S-curve between neighbouring columns, an
    arc on the right of the middle column for a chain inside it, and for an
    article -> person edge, S-curves into and out of its lane across the
    middle column with a straight run through it."""
    a, b = place[edge.src], place[edge.dst]
    ya, yb = a.y + a.h / 2, b.y + b.h / 2
    if edge.src[0] == edge.dst[0]:
        x = max(a.x + a.w, b.x + b.w)
        dx = min(s.arc_bulge_max, 20 + abs(yb - ya) * s.arc_bulge)
        return [((x, ya), (x + dx, ya), (x + dx, yb), (x, yb))]
    start, end = (a.x + a.w, ya), (b.x, yb)
    lane = lanes.get((edge.src, edge.dst))
    if lane is None:
        return [_s_curve(start, end)]
    left, right = (mid[0] - 6, lane), (mid[1] + 6, lane)
    third = (right[0] - left[0]) / 3
    straight = (left, (left[0] + third, lane), (right[0] - third, lane), right)
    return [_s_curve(start, left), straight, _s_curve(right, end)]


def _draw_edges(
    edges: Sequence[GraphEdge],
    place: Mapping[NodeKey, _Box],
    lanes: Mapping[tuple[NodeKey, NodeKey], float],
    mid: tuple[float, float],
    s: GraphSettings,
) -> list[Markup]:
    """Each edge with its tooltip and, where it finds room clear of boxes and
    other labels, its label; heavier edges pick label places first. An edge
    whose label fits nowhere keeps it in the tooltip."""
    lines: list[Markup] = []
    taken: list[_Box] = list(place.values())
    for edge in sorted(edges, key=lambda e: (-e.count, e.src, e.dst)):
        st = s.edge_styles[edge.kind]
        pieces = _route(edge, place, lanes, mid, s)
        d = "M{} {}".format(*map(_num, pieces[0][0])) + "".join(
            " C" + " ".join(f"{_num(x)} {_num(y)}" for x, y in piece[1:]) for piece in pieces
        )
        width = st.width * (1 + s.count_growth * min(edge.count - 1, s.count_cap))
        parts = [
            _el("title", None, edge.tooltip),
            _el("path", {
                "d": d, "fill": "none", "stroke": st.colour, "stroke-width": width,
                "stroke-dasharray": st.dash or None, "stroke-opacity": 0.85,
                "stroke-linecap": "round" if edge.kind == "vague" else None,
                "marker-end": f"url(#cg-arrow-{edge.kind})",
            }),
        ]
        lw = len(edge.label) * s.edge_font * s.glyph_width + 6
        lh = s.edge_font + 4
        # A long edge takes its label on its right-hand curve first: the left
        # gap is the busier one.
        order = pieces[::-1] if len(pieces) > 1 else pieces
        for t in s.label_positions:
            for piece in order:
                x, y = _bezier(piece, t)
                box = _Box(x - lw / 2, y - lh / 2, lw, lh)
                if not any(box.hits(o) for o in taken):
                    break
            else:
                continue
            taken.append(box)
            parts.append(_el("text", {
                "x": x, "y": y, "dy": "0.35em", "font-size": s.edge_font,
                "text-anchor": "middle", "fill": st.colour, "stroke": "#ffffff",
                "stroke-width": 3.0, "paint-order": "stroke",
            }, edge.label))
            break
        lines.append(_el("a", {"href": edge.href, "class": f"cg-edge cg-{edge.kind}"}, *parts))
    return lines


def _markers(s: GraphSettings) -> Markup:
    return _el("defs", None, *(
        _el("marker", {
            "id": f"cg-arrow-{kind}", "viewBox": "0 0 10 10", "refX": "10", "refY": "5",
            "markerWidth": "7", "markerHeight": "7", "markerUnits": "userSpaceOnUse",
            "orient": "auto",
        }, _el("path", {"d": "M0 0 L10 5 L0 10 z", "fill": st.colour}))
        for kind, st in s.edge_styles.items()
    ))


def _summary(graph: CitationGraph) -> str:
    n_art, n_mid, n_people = graph.totals
    state = [
        f"{n.label} ({n.typology})" for n in graph.columns[1] if n.typology is not None
    ]
    text = (
        f"Citation graph: {n_art} article{'s' if n_art != 1 else ''} rely on {n_mid} outlets, "
        f"documents, organisations or vague sources and quote {n_people} "
        f"{'person' if n_people == 1 else 'people'}."
    )
    if state:
        text += " State-affiliated outlets: " + ", ".join(state) + "."
    return _clean(text)


def render_svg(graph: CitationGraph) -> Markup:
    """Draw a citation graph as one inline ``<svg>`` (no script, no external
    asset), every text escaped."""
    s = graph_settings()
    xs = _column_x(s)
    top = s.margin + 2 * s.legend_row + s.heading_height
    step = s.node_height + s.node_gap
    tallest = max(len(col) for col in graph.columns)
    height = top + max(1, tallest) * step + s.margin
    place: dict[NodeKey, _Box] = {}
    for c, col in enumerate(graph.columns):
        y0 = top + (tallest - len(col)) * step / 2  # centre shorter columns
        for i, node in enumerate(col):
            place[node.key] = _Box(xs[c], y0 + i * step, s.node_width[c], s.node_height)
    mid = (xs[1], xs[1] + s.node_width[1])
    edges = _draw_edges(graph.edges, place, _lanes(graph, place, s), mid, s)
    heading_y = s.margin + 2 * s.legend_row + s.heading_height / 2
    headings = [
        _el("text", {"x": xs[c], "y": heading_y, "dy": "0.35em", "font-size": s.font_size + 1,
                     "font-weight": "700"},
            s.titles[c] + (f" ({graph.totals[c]})" if graph.totals[c] else ""))
        for c in range(3)
    ]
    nodes = [
        _draw_node(node, place[node.key].x, place[node.key].y, s.node_width[c], s)
        for c, col in enumerate(graph.columns) for node in col
    ]
    summary = _summary(graph)
    return _el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "citation-graph",
            "viewBox": f"0 0 {_num(s.width)} {_num(height)}",
            "width": s.width,
            "height": height,
            "style": "max-width:100%;height:auto",
            "role": "img",
            "aria-label": summary,
            "font-family": "system-ui, -apple-system, 'Segoe UI', sans-serif",
            "fill": "#1b1b1b",
        },
        _el("desc", None, summary),
        _markers(s),
        *_legend(s, s.margin + s.legend_row / 2),
        *headings,
        _el("g", {"class": "cg-edges"}, *edges) if edges else Markup(""),
        _el("g", {"class": "cg-nodes"}, *nodes),
    )


def citation_svg(result: AuditResult, anchors: Anchors) -> Markup:
    """The report's "who cites whom" figure: the SVG graph of ``result`` with
    a caption, or a short note when nothing is attributed. Safe to insert in
    an autoescaped template as is."""
    graph = build_graph(result, anchors)
    if not graph.edges:
        return _el("p", {"class": "meta"}, "No attributions to draw.")
    folded = [
        f"{n.folded} {('articles', 'sources', 'people')[c]}"
        for c, col in enumerate(graph.columns) for n in col if n.kind == "more"
    ]
    caption = (
        "Who cites whom: articles (left) rely on outlets, documents, organisations and "
        "vague sources (middle) and quote people (right). Thick black: citing / via "
        "chain; blue: direct quote; purple dashed: reported speech; red dotted: vague "
        "sourcing; a label “×N” counts merged attributions. Click a box or a line to "
        "jump to its evidence; hover for details."
    )
    if folded:
        caption += " Folded into “+K more” boxes to stay legible: " + ", ".join(folded) + "."
    if graph.omitted:
        caption += (
            f" Left out: the {_plural(graph.omitted, 'attribution')} on the lightest links;"
            " the Sources table lists every one."
        )
    return _el(
        "figure",
        {"class": "graph", "style": "margin:1rem 0"},  # the browser's 40px indent shrank it
        render_svg(graph),
        _el("figcaption", {"class": "meta"}, caption),
    )
