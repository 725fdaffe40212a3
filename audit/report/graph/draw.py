"""Drawing a citation graph as one inline SVG: box placement, the lanes of
long edges through the middle column, edge routes (labels only in tooltips),
the legend and the report's figure with its caption.

The SVG is built here rather than in a template because it is mostly
geometry; every element goes through ``element``, which escapes every
attribute value and every text child (article text is untrusted), so the
``Markup`` it returns is safe to put in the autoescaped report as is. No
script, no external asset: links are plain ``<a href="#...">`` to ids the
report already has, tooltips are SVG ``<title>`` elements.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ...pipeline import AuditResult
from ...rules.graph import GraphSettings, graph_settings
from .build import (
    Anchors,
    CitationGraph,
    GraphEdge,
    GraphNode,
    NodeKey,
    build_graph,
    plural,
    xml_safe_line,
)

# Tag and attribute names ``element`` accepts (they only ever come from this module).
_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9:-]*\Z")


def _svg_number(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def element(tag: str, attrs: Mapping[str, object | None] | None = None, *children: str) -> Markup:
    """One element; every attribute value and every ``str`` child is escaped
    (``Markup`` children are already-built elements and pass as they are)."""
    assert _NAME.match(tag), tag  # tag and attribute names only ever come from this module
    parts = [f"<{tag}"]
    for name, value in (attrs or {}).items():
        assert _NAME.match(name), name
        if value is None:
            continue
        text = _svg_number(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{escape(text)}"')
    if not children:
        return Markup("".join(parts) + "/>")
    body = "".join(escape(c) for c in children)
    return Markup("".join(parts) + ">" + body + f"</{tag}>")


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float


Point = tuple[float, float]
Cubic = tuple[Point, Point, Point, Point]


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
        out.append(element("line", {
            "x1": float(x), "y1": float(y), "x2": float(x + 34), "y2": float(y),
            "stroke": st.colour, "stroke-width": st.width,
            "stroke-dasharray": st.dash or None, "stroke-linecap": "round" if kind == "vague"
            else None,
        }))
        out.append(element("text", {"x": float(x + 40), "y": float(y), "dy": "0.35em",
                                "font-size": s.edge_font + 1}, st.label))
        x += 48 + len(st.label) * (s.edge_font + 1) * s.glyph_width + 18
    x = s.margin
    y2 = y + s.legend_row
    for node_kind, ns in s.node_styles.items():
        if node_kind == "more":
            continue
        out.append(element("rect", {
            "x": float(x), "y": float(y2 - 7), "width": 22.0, "height": 14.0,
            "rx": 7.0 if node_kind == "person" else 2.0, "fill": ns.fill, "stroke": ns.stroke,
            "stroke-dasharray": "3 2" if node_kind == "vague" else None,
        }))
        label = ns.label
        out.append(element("text", {"x": float(x + 28), "y": float(y2), "dy": "0.35em",
                                "font-size": s.edge_font + 1}, label))
        x += 40 + len(label) * (s.edge_font + 1) * s.glyph_width + 14
    return out


def _draw_node(node: GraphNode, x: float, y: float, w: float, s: GraphSettings) -> Markup:
    st = s.node_styles[node.kind]
    h = s.node_height
    shape = element("rect", {
        "x": x, "y": y, "width": w, "height": h,
        "rx": s.person_radius if node.kind == "person" else s.box_radius,
        "fill": st.fill, "stroke": st.stroke, "stroke-width": 1.5,
        "stroke-dasharray": "4 3" if node.kind in ("vague", "more") else None,
    })
    parts = [element("title", None, node.tooltip), shape]
    parts.append(element("text", {
        "x": x + s.padding, "y": y + h / 2, "dy": "0.35em", "font-size": s.font_size,
        "font-style": "italic" if node.kind == "more" else None,
        "font-weight": "600" if node.kind == "state" else None,
    }, node.label))
    right = x + w - (s.badge_width + 8 if node.typology else s.padding)
    if node.articles:  # how many articles cite or quote it
        parts.append(element("text", {
            "x": right, "y": y + h / 2, "dy": "0.35em", "font-size": s.font_size - 1,
            "text-anchor": "end", "fill": "#5f6368",
        }, str(node.articles)))
    if node.typology:
        bx = x + w - s.badge_width - 4
        parts.append(element("rect", {"x": bx, "y": y + 5, "width": s.badge_width,
                                  "height": h - 10, "rx": 3.0, "fill": s.badge_fill}))
        parts.append(element("text", {
            "x": bx + s.badge_width / 2, "y": y + h / 2, "dy": "0.35em",
            "font-size": s.badge_font, "font-weight": "700", "text-anchor": "middle",
            "fill": s.badge_text,
        }, node.typology))
    return element("a", {"href": node.href, "class": f"cg-node cg-{node.kind}"}, *parts)


def _lanes(graph: CitationGraph, place: Mapping[NodeKey, _Rect], s: GraphSettings) -> dict[
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
    place: Mapping[NodeKey, _Rect],
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
    place: Mapping[NodeKey, _Rect],
    lanes: Mapping[tuple[NodeKey, NodeKey], float],
    mid: tuple[float, float],
    s: GraphSettings,
) -> list[Markup]:
    """Each edge, its tooltip and its short label as the link's name. No
    label is drawn: at hundreds of articles every free place for one lay
    over some other edge; the boxes carry the counts instead."""
    lines: list[Markup] = []
    for edge in sorted(edges, key=lambda e: (-e.count, e.src, e.dst)):
        st = s.edge_styles[edge.kind]
        pieces = _route(edge, place, lanes, mid, s)
        d = "M{} {}".format(*map(_svg_number, pieces[0][0])) + "".join(
            " C" + " ".join(f"{_svg_number(x)} {_svg_number(y)}" for x, y in piece[1:])
            for piece in pieces
        )
        width = st.width * (1 + s.count_growth * min(edge.count - 1, s.count_cap))
        parts = [
            element("title", None, edge.tooltip),
            element("path", {
                "d": d, "fill": "none", "stroke": st.colour, "stroke-width": width,
                "stroke-dasharray": st.dash or None, "stroke-opacity": 0.85,
                "stroke-linecap": "round" if edge.kind == "vague" else None,
                "marker-end": f"url(#cg-arrow-{edge.kind})",
            }),
        ]
        lines.append(element("a", {"href": edge.href, "class": f"cg-edge cg-{edge.kind}",
                                   "aria-label": edge.label}, *parts))
    return lines


def _markers(s: GraphSettings) -> Markup:
    return element("defs", None, *(
        element("marker", {
            "id": f"cg-arrow-{kind}", "viewBox": "0 0 10 10", "refX": "10", "refY": "5",
            "markerWidth": "11", "markerHeight": "11", "markerUnits": "userSpaceOnUse",
            "orient": "auto",
        }, element("path", {"d": "M0 0 L10 5 L0 10 z", "fill": st.colour}))
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
    return xml_safe_line(text)


def render_svg(graph: CitationGraph) -> Markup:
    """Draw a citation graph as one inline ``<svg>`` (no script, no external
    asset), every text escaped."""
    s = graph_settings()
    xs = _column_x(s)
    top = s.margin + 2 * s.legend_row + s.heading_height
    step = s.node_height + s.node_gap
    tallest = max(len(col) for col in graph.columns)
    height = top + max(1, tallest) * step + s.margin
    place: dict[NodeKey, _Rect] = {}
    for c, col in enumerate(graph.columns):
        y0 = top + (tallest - len(col)) * step / 2  # centre shorter columns
        for i, node in enumerate(col):
            place[node.key] = _Rect(xs[c], y0 + i * step, s.node_width[c], s.node_height)
    mid = (xs[1], xs[1] + s.node_width[1])
    edges = _draw_edges(graph.edges, place, _lanes(graph, place, s), mid, s)
    heading_y = s.margin + 2 * s.legend_row + s.heading_height / 2
    headings = [
        element("text", {"x": xs[c], "y": heading_y, "dy": "0.35em", "font-size": s.font_size + 1,
                     "font-weight": "700"},
            s.titles[c] + (f" ({graph.totals[c]})" if graph.totals[c] else "")
            + (" →" if c < 2 else ""))
        for c in range(3)
    ]
    nodes = [
        _draw_node(node, place[node.key].x, place[node.key].y, s.node_width[c], s)
        for c, col in enumerate(graph.columns) for node in col
    ]
    summary = _summary(graph)
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "citation-graph",
            "viewBox": f"0 0 {_svg_number(s.width)} {_svg_number(height)}",
            "width": s.width,
            "height": height,
            "style": "max-width:100%;height:auto",
            "role": "img",
            "aria-label": summary,
            "font-family": "system-ui, -apple-system, 'Segoe UI', sans-serif",
            "fill": "#1b1b1b",
        },
        element("desc", None, summary),
        _markers(s),
        *_legend(s, s.margin + s.legend_row / 2),
        *headings,
        element("g", {"class": "cg-edges"}, *edges) if edges else Markup(""),
        element("g", {"class": "cg-nodes"}, *nodes),
    )


def citation_svg(result: AuditResult, anchors: Anchors) -> Markup:
    """The report's "who cites whom" figure: the SVG graph of ``result`` with
    a caption, or a short note when nothing is attributed. Safe to insert in
    an autoescaped template as is."""
    graph = build_graph(result, anchors)
    if not graph.edges:
        return element("p", {"class": "meta"}, "No attributions to draw.")
    folded = [
        f"{n.folded} {('articles', 'sources', 'people')[c]}"
        for c, col in enumerate(graph.columns) for n in col if n.kind == "more"
    ]
    caption = (
        "Who cites whom, left to right (arrows point from who cites to who is cited): "
        "articles rely on outlets, documents, organisations and vague sources (middle) "
        "and quote people (right); the number in a box counts the articles citing it. "
        "Thick black: citing / via chain; blue: direct quote; purple dashed: reported "
        "speech; red dotted: vague sourcing; thicker lines merge more attributions. "
        "Click a box or a line to jump to its evidence; hover for details."
    )
    if folded:
        caption += " Folded into “+K more” boxes to stay legible: " + ", ".join(folded) + "."
    if graph.omitted:
        caption += (
            f" Left out: the {plural(graph.omitted, 'attribution')} on the lightest links;"
            " the Sources table lists every one."
        )
    return element(
        "figure",
        {"class": "graph", "style": "margin:1rem 0"},  # the browser's 40px indent shrank it
        render_svg(graph),
        element("figcaption", {"class": "meta"}, caption),
    )
