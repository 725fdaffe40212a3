"""Building the citation graph of an audit: its boxes (articles, the sources
they rely on, the people quoted), one attribution per citation, folded to each
column's limit, merged into weighted edges, thinned to the edge budget and
ordered against crossings. Drawing it is ``draw``'s job."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Protocol

from ...models import ParsedArticle, Person, Quote, ReportedSpeech, Source
from ...parse.sources import is_state_affiliated
from ...pipeline import AuditResult
from ...rules.graph import EdgeKind, GraphSettings, NodeKind, graph_settings

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


class Anchors(Protocol):
    """The report's ids (``audit.report.html.ReportAnchors`` fits): an article's
    section, and the paragraph holding an offset of an article."""

    def article(self, path: str) -> str: ...

    def at(self, path: str, offset: int) -> str: ...


# ---------------------------------------------------------------------------
# The graph: nodes, attributions, merged edges

NodeKey = tuple[int, str]  # (column, name); articles are named by their path
# The name of a column's "+K more" box: xml_safe_line strips NUL, so no real name has it.
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
    articles: int = 0  # articles citing or quoting it (shown beside sources and people)


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


def xml_safe_line(text: str) -> str:
    """``text`` on one line, without the characters XML 1.0 forbids (markup
    is escaped later, when the SVG is drawn)."""
    return " ".join(_NOT_XML.sub(" ", text).split())


def _cut(text: str, limit: int) -> str:
    text = xml_safe_line(text)
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, in the plural (``many``, else word + "s") unless ``n`` is 1."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def _person_names(people: Iterable[Person]) -> dict[str, str]:
    """Every spelling of a person, mapped to the merged person's name."""
    out: dict[str, str] = {}
    for p in people:
        for name in (p.name, *p.variants, *(m.full_name for m in p.mentions)):
            out.setdefault(name, p.name)
    return out


class _GraphBuilder:
    """Collects the nodes and attributions of a set of parsed articles."""

    def __init__(self, people: Sequence[Person], s: GraphSettings) -> None:
        self.s = s
        self.names = _person_names(people)
        self.titles = {p.name: p.titles for p in people}
        self.nodes: dict[NodeKey, _NodeInfo] = {}
        self.attributions: list[_Attribution] = []

    def mid(self, name: str, source: Source | None, kind: NodeKind | None = None) -> NodeKey:
        """The middle-column box of a source (or, without one, of a name only
        seen as a "via", taken for an outlet until a source says otherwise;
        or of a speaker that is no person, of the ``kind`` given)."""
        key: NodeKey = (1, xml_safe_line(name) or "?")
        info = self.nodes.get(key)
        if info is None:
            info = self.nodes[key] = _NodeInfo("outlet", key[1], "", sure=False)
        if source is None and kind is not None and not info.sure:
            info.kind, info.sure = kind, True
        kind = source.kind if source is not None else "outlet"
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
        key: NodeKey = (2, xml_safe_line(canonical) or "?")
        if key not in self.nodes:
            titles = "; ".join(self.titles.get(canonical, ()))
            self.nodes[key] = _NodeInfo("person", key[1], titles)
        return key

    def add(
        self, src: NodeKey, dst: NodeKey, kind: EdgeKind, cue: str | None,
        where: tuple[str, int], what: str,
    ) -> int:
        """Record an attribution; returns its index."""
        cue = xml_safe_line(cue).casefold() if cue else None
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
        self.nodes[art] = _NodeInfo("article", xml_safe_line(name) or "?", xml_safe_line(a.path))
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
        # Words credited to something that is no person ("Russia", "the
        # Kremlin", "Der Spiegel"): the article names it as another kind of
        # source and never as a person, or the audit found people and none
        # of them is spelled so.
        other: dict[str, NodeKind] = {s.name: s.kind for s in p.sources if s.kind != "person"}
        persons = {s.name for s in p.sources if s.kind == "person"}
        for unit in _person_units(p, self.s.reported_gap):
            if unit.speaker not in persons and (
                unit.speaker in other or self.names and unit.speaker not in self.names
            ):
                who = self.mid(unit.speaker, None, other.get(unit.speaker, "organisation"))
            else:
                who = self.person(unit.speaker)
            noun = _EDGE_NOUN[unit.kind]
            if unit.via:
                via = self.mid(unit.via, None)
                via_uses.setdefault(via, unit.offset)
                self.add(via, who, "chain", unit.cue, (a.path, unit.offset),
                         f"{noun} via {xml_safe_line(unit.via)}")
            else:
                self.add(art, who, unit.kind, unit.cue, (a.path, unit.offset), noun)
        for via, offset in via_uses.items():
            if via not in direct:  # a chain starts at the article that reports it
                self.add(art, via, "chain", "via", (a.path, offset), "citation (via)")

    def _source_kind(self, s: Source) -> EdgeKind:
        if s.kind == "vague":
            return "vague"
        cue = xml_safe_line(s.cue).casefold() if s.cue else ""
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
    # Only a speaker's own sources compare, and only those near the quote or
    # speech, found by bisection (one speaker quoted thousands of times made
    # every quote scan all their sources).
    by_start: dict[str, _Positions] = defaultdict(_Positions)
    by_cue_end: dict[str, _Positions] = defaultdict(_Positions)
    for i, s in enumerate(people):
        by_start[s.name].add(s.start, i, s.end - s.start)
        if s.cue is not None and s.cue_end is not None:
            by_cue_end[s.name].add(max(s.end, s.cue_end), i)
    used: set[int] = set()
    units: list[_PersonUnit] = []
    for q in p.quotes:
        if q.speaker:
            if q.speaker in by_start and q.speaker_start is not None and q.speaker_end is not None:
                near = by_start[q.speaker].starting_within(q.speaker_start, q.speaker_end)
                used.update(i for i in near if _introduces_quote(people[i], q))
            units.append(_PersonUnit(q.speaker, "quote", q.cue, q.via, q.start))
    for r in p.reported:
        if not r.speaker:
            continue
        cue_ends = by_cue_end.get(r.speaker)
        near = cue_ends.between(r.start - gap, r.start) if cue_ends else []
        intro = [i for i in sorted(near) if _introduces_speech(people[i], r, gap)]
        used.update(intro)
        via = next((people[i].via for i in intro if people[i].via), None)
        units.append(_PersonUnit(r.speaker, "reported", r.cue, via, r.start))
    units.extend(
        _PersonUnit(s.name, "reported", s.cue, s.via, s.start)
        for i, s in enumerate(people) if i not in used
    )
    return sorted(units, key=lambda u: (u.offset, u.speaker, u.kind))


class _Positions:
    """Items (by index) at positions, sorted once they are all added, for
    range look-ups by bisection."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int]] = []
        self._longest = 0
        self._sorted = True

    def add(self, pos: int, item: int, length: int = 0) -> None:
        """Add ``item`` at ``pos``, spanning ``length`` characters from it."""
        self._items.append((pos, item))
        self._longest = max(self._longest, length)
        self._sorted = False

    def _ready(self) -> list[tuple[int, int]]:
        if not self._sorted:
            self._items.sort()
            self._sorted = True
        return self._items

    def between(self, lo: int, hi: int) -> list[int]:
        """The items at positions ``lo..hi`` (both included)."""
        items = self._ready()
        a = bisect_left(items, lo, key=_position)
        b = bisect_right(items, hi, key=_position)
        return [i for _, i in items[a:b]]

    def starting_within(self, start: int, end: int) -> list[int]:
        """The items whose span may overlap ``[start, end)``."""
        return self.between(start - self._longest, end)


def _position(item: tuple[int, int]) -> int:
    return item[0]


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
    if xml_safe_line(s.cue).casefold() != xml_safe_line(r.cue).casefold():
        return False
    return 0 <= r.start - max(s.end, s.cue_end) <= gap


# ---------------------------------------------------------------------------
# Folding, merging and ordering


def _fold_columns(
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


def _merge_attributions(
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


def _order_columns(
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
    return xml_safe_line(text + f"; in {plural(len(articles), 'article')}: " + ", ".join(articles))


def build_graph(result: AuditResult, anchors: Anchors) -> CitationGraph:
    """The citation graph of an audit: boxes per column (folded to the limits
    of ``graph.toml`` and ordered to reduce crossings) and merged edges, each
    linked to a report id given by ``anchors``."""
    s = graph_settings()
    b = _GraphBuilder(result.people, s)
    for p in result.parsed:
        b.article(p)
    totals = [sum(1 for k in b.nodes if k[0] == c) for c in range(3)]
    columns, mapping, folded = _fold_columns(b.nodes, s.max_nodes)
    # Sorted, so labels list cues in text order whatever order the articles came in.
    attributions = sorted(
        b.attributions, key=lambda a: (a.article, a.offset, a.src, a.dst, a.kind, a.cue or "")
    )
    merged = _merge_attributions(attributions, mapping)
    kept = _edges_within_budget(merged, s.max_edges)
    omitted = sum(len(items) for key, items in merged.items() if key not in kept)
    merged = {key: items for key, items in merged.items() if key in kept}
    _order_columns(columns, merged, s.sweeps)
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


def _edges_within_budget(
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
        what = plural(folded, ("article", "source", "person")[c],
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
    cited = plural(info.count, "attribution")
    if c == 0:
        tooltip = f"{info.name} ({info.detail}): {cited}"
        href = "#" + anchors.article(key[1])
    else:
        role = "cited" if c == 1 else "quoted or cited"
        detail = f" ({info.detail})" if info.detail else ""
        used = plural(len(info.articles), "article")
        tooltip = f"{info.name}{detail}: {role} in {used}, {cited}"
        href = "#" + (anchors.at(*info.evidence) if info.evidence else _SECTION[c])
    articles = len(info.articles) if c else 0
    chars = s.label_chars[c] - (s.badge_chars if info.typology else 0)
    chars -= len(str(articles)) + 1 if articles else 0
    return GraphNode(
        key=key,
        kind=info.kind,
        name=info.name,
        label=_cut(info.name, chars),
        tooltip=xml_safe_line(tooltip),
        href=href,
        typology=xml_safe_line(info.typology) if info.typology else None,
        articles=articles,
    )
