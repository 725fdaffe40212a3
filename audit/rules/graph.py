"""The layout and style of the citation graph, ``graph.toml``: canvas,
columns, box and edge sizes and styles, the cues drawn as citation chains and
the number of ordering sweeps."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, TypeVar

from ..errors import DataError
from . import load_data
from .cues import cues

NAME = "graph.toml"
T = TypeVar("T")

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


def _number(value: Any, dotted: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(NAME, f"{dotted} must be a number")
    return float(value)


def _integer(value: Any, dotted: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(NAME, f"{dotted} must be an integer")
    return value


def _text(value: Any, dotted: str) -> str:
    if not isinstance(value, str):
        raise DataError(NAME, f"{dotted} must be a string")
    return value


def _get(table: Mapping[str, Any], dotted: str, check: Callable[[Any, str], T]) -> T:
    """The value at the ``dotted`` key path, checked by ``check``."""
    node: Any = table
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise DataError(NAME, f"missing key {dotted}")
        node = node[part]
    return check(node, dotted)


def _list(table: Mapping[str, Any], dotted: str, check: Callable[[Any, str], T]) -> list[T]:
    """The list at the ``dotted`` key path, each item checked by ``check``."""
    value = _get(table, dotted, lambda v, _: v)
    if not isinstance(value, list):
        raise DataError(NAME, f"{dotted} must be a list")
    return [check(v, dotted) for v in value]


def _per_column(
    table: Mapping[str, Any], dotted: str, check: Callable[[Any, str], T]
) -> tuple[T, T, T]:
    value = _list(table, dotted, check)
    if len(value) != 3:
        raise DataError(NAME, f"{dotted} must list one value per column (3)")
    return (value[0], value[1], value[2])


@cache
def graph_settings() -> GraphSettings:
    """The validated view of ``graph.toml`` (cached); the chain cues include
    the phrase cues of ``cues.toml``."""
    data = load_data(NAME)
    phrase_cues = {c for group in cues().phrases.values() for c in group}
    return GraphSettings(
        width=_get(data, "canvas.width", _number),
        margin=_get(data, "canvas.margin", _number),
        legend_row=_get(data, "canvas.legend_row", _number),
        heading_height=_get(data, "canvas.heading_height", _number),
        titles=_per_column(data, "columns.titles", _text),
        node_width=_per_column(data, "columns.node_width", _number),
        max_nodes=_per_column(data, "columns.max_nodes", _integer),
        max_edges=_get(data, "edges.max_edges", _integer),
        label_chars=_per_column(data, "columns.label_chars", _integer),
        badge_chars=_get(data, "columns.badge_chars", _integer),
        node_height=_get(data, "nodes.height", _number),
        node_gap=_get(data, "nodes.gap", _number),
        padding=_get(data, "nodes.padding", _number),
        font_size=_get(data, "nodes.font_size", _number),
        person_radius=_get(data, "nodes.person_radius", _number),
        box_radius=_get(data, "nodes.box_radius", _number),
        edge_font=_get(data, "edges.font_size", _number),
        edge_chars=_get(data, "edges.label_chars", _integer),
        glyph_width=_get(data, "edges.glyph_width", _number),
        count_growth=_get(data, "edges.count_growth", _number),
        count_cap=_get(data, "edges.count_cap", _integer),
        arc_bulge=_get(data, "edges.arc_bulge", _number),
        arc_bulge_max=_get(data, "edges.arc_bulge_max", _number),
        reported_gap=_get(data, "edges.reported_gap", _integer),
        edge_styles={
            k: EdgeStyle(
                colour=_get(data, f"edges.style.{k}.colour", _text),
                width=_get(data, f"edges.style.{k}.width", _number),
                dash=_get(data, f"edges.style.{k}.dash", _text),
                label=_get(data, f"edges.style.{k}.label", _text),
            )
            for k in EDGE_KINDS
        },
        node_styles={
            k: NodeStyle(
                fill=_get(data, f"nodes.style.{k}.fill", _text),
                stroke=_get(data, f"nodes.style.{k}.stroke", _text),
                label=_get(data, f"nodes.style.{k}.label", _text),
            )
            for k in NODE_KINDS
        },
        badge_fill=_get(data, "badge.fill", _text),
        badge_text=_get(data, "badge.text", _text),
        badge_font=_get(data, "badge.font_size", _number),
        badge_width=_get(data, "badge.width", _number),
        chain_cues=frozenset(
            c.casefold() for c in (*_list(data, "chains.cues", _text), *phrase_cues)
        ),
        sweeps=_get(data, "order.sweeps", _integer),
    )
