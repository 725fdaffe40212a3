"""Who cites whom: the citation graph of an audit, drawn as inline SVG.

Three columns, left to right: the articles, the outlets, documents,
organisations and vague sources they rely on, and the people quoted. Each
attribution is an edge (article -> outlet for "citing TASS", outlet -> person
when a person was reached through that outlet, article -> person for quotes
and reported speech); parallel edges are merged with a count, and each column
keeps its best-connected boxes and folds the rest into one "+K more" box, so
the picture stays legible at fifty articles. ``build`` makes the graph,
``draw`` the SVG.
"""

from .build import Anchors, CitationGraph, GraphEdge, GraphNode, NodeKey, build_graph
from .draw import citation_svg, render_svg

__all__ = [
    "Anchors",
    "CitationGraph",
    "GraphEdge",
    "GraphNode",
    "NodeKey",
    "build_graph",
    "citation_svg",
    "render_svg",
]
