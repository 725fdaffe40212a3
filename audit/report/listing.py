"""The one renderer for listing commands: an aligned table for people, JSON
for programs. Every listing command hands it rows and a JSON payload."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

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
