"""The layout and style of the citation graph, ``graph.toml``: canvas,
columns, box and edge sizes and styles, the cues drawn as citation chains and
the number of ordering sweeps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from ..errors import DataError
from . import load_data
from .cues import cues

NAME = "graph.toml"

EdgeKind = Literal["quote", "reported", "chain", "vague"]
NodeKind = Literal[
    "article", "outlet", "state", "organisation", "document", "vague", "person", "more"
]
EDGE_KINDS: tuple[EdgeKind, ...] = ("quote", "reported", "chain", "vague")
NODE_KINDS: tuple[NodeKind, ...] = (
    "article", "outlet", "state", "organisation", "document", "vague", "person", "more"
)


@dataclass(frozen=True)
class EdgeStyle:
    """How edges of one kind are drawn, and their legend label."""

    colour: str
    width: float
    dash: str
    label: str


@dataclass(frozen=True)
class NodeStyle:
    """How boxes of one kind are drawn, and their legend label."""

    fill: str
    stroke: str
    label: str


@dataclass(frozen=True)
class GraphSettings:
    """The validated layout and style of ``graph.toml`` (all lengths in SVG units)."""

    width: float
    margin: float
    legend_row: float
    heading_height: float
    titles: tuple[str, str, str]
    node_width: tuple[float, float, float]
    max_nodes: tuple[int, int, int]
    max_edges: int
    label_chars: tuple[int, int, int]
    badge_chars: int
    node_height: float
    node_gap: float
    padding: float
    font_size: float
    person_radius: float
    box_radius: float
    edge_font: float
    edge_chars: int
    glyph_width: float
    label_positions: tuple[float, ...]
    count_growth: float
    count_cap: int
    arc_bulge: float
    arc_bulge_max: float
    reported_gap: int
    edge_styles: Mapping[EdgeKind, EdgeStyle]
    node_styles: Mapping[NodeKind, NodeStyle]
    badge_fill: str
    badge_text: str
    badge_font: float
    badge_width: float
    chain_cues: frozenset[str]
    sweeps: int


def _get(table: Mapping[str, Any], dotted: str) -> Any:
    node: Any = table
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise DataError(NAME, f"missing key {dotted}")
        node = node[part]
    return node


def _per_column(table: Mapping[str, Any], dotted: str) -> list[Any]:
    value = _get(table, dotted)
    if not isinstance(value, list) or len(value) != 3:
        raise DataError(NAME, f"{dotted} must list one value per column (3)")
    return value


@cache
def graph_settings() -> GraphSettings:
    """The validated view of ``graph.toml`` (cached); the chain cues include
    the phrase cues of ``cues.toml``."""
    data = load_data(NAME)
    phrase_cues = {c for group in cues().phrases.values() for c in group}
    titles = _per_column(data, "columns.titles")
    widths = _per_column(data, "columns.node_width")
    limits = _per_column(data, "columns.max_nodes")
    chars = _per_column(data, "columns.label_chars")
    return GraphSettings(
        width=float(_get(data, "canvas.width")),
        margin=float(_get(data, "canvas.margin")),
        legend_row=float(_get(data, "canvas.legend_row")),
        heading_height=float(_get(data, "canvas.heading_height")),
        titles=(str(titles[0]), str(titles[1]), str(titles[2])),
        node_width=(float(widths[0]), float(widths[1]), float(widths[2])),
        max_nodes=(int(limits[0]), int(limits[1]), int(limits[2])),
        max_edges=int(_get(data, "edges.max_edges")),
        label_chars=(int(chars[0]), int(chars[1]), int(chars[2])),
        badge_chars=int(_get(data, "columns.badge_chars")),
        node_height=float(_get(data, "nodes.height")),
        node_gap=float(_get(data, "nodes.gap")),
        padding=float(_get(data, "nodes.padding")),
        font_size=float(_get(data, "nodes.font_size")),
        person_radius=float(_get(data, "nodes.person_radius")),
        box_radius=float(_get(data, "nodes.box_radius")),
        edge_font=float(_get(data, "edges.font_size")),
        edge_chars=int(_get(data, "edges.label_chars")),
        glyph_width=float(_get(data, "edges.glyph_width")),
        label_positions=tuple(float(t) for t in _get(data, "edges.label_positions")),
        count_growth=float(_get(data, "edges.count_growth")),
        count_cap=int(_get(data, "edges.count_cap")),
        arc_bulge=float(_get(data, "edges.arc_bulge")),
        arc_bulge_max=float(_get(data, "edges.arc_bulge_max")),
        reported_gap=int(_get(data, "edges.reported_gap")),
        edge_styles={
            k: EdgeStyle(
                colour=str(_get(data, f"edges.style.{k}.colour")),
                width=float(_get(data, f"edges.style.{k}.width")),
                dash=str(_get(data, f"edges.style.{k}.dash")),
                label=str(_get(data, f"edges.style.{k}.label")),
            )
            for k in EDGE_KINDS
        },
        node_styles={
            k: NodeStyle(
                fill=str(_get(data, f"nodes.style.{k}.fill")),
                stroke=str(_get(data, f"nodes.style.{k}.stroke")),
                label=str(_get(data, f"nodes.style.{k}.label")),
            )
            for k in NODE_KINDS
        },
        badge_fill=str(_get(data, "badge.fill")),
        badge_text=str(_get(data, "badge.text")),
        badge_font=float(_get(data, "badge.font_size")),
        badge_width=float(_get(data, "badge.width")),
        chain_cues=frozenset(
            c.casefold() for c in (*map(str, _get(data, "chains.cues")), *phrase_cues)
        ),
        sweeps=int(_get(data, "order.sweeps")),
    )
