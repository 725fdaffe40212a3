"""The pre-publication check's findings as text for people
(``draft.txt:LINE:COL: severity kind: message``) and as GitHub Actions
annotations; the JSON form is in ``documents``. File names and messages
(which quote the drafts) pass through ``terminal`` so that no control
character reaches the terminal or the Actions log."""

from __future__ import annotations

from collections.abc import Sequence

import click

from ..models import SEVERITY_ORDER, Finding
from .terminal import one_line, safe_text


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def format_text(found: Sequence[Finding], texts: dict[str, str], *, color: bool = False) -> str:
    """``draft.txt:LINE:COL: severity kind: message`` lines, grouped by file."""
    colours = {"error": "red", "warning": "yellow", "info": "cyan"}
    lines: list[str] = []
    for f in sorted(found, key=_place):
        ev = f.evidence[0]
        line, col = line_col(texts[ev.article], ev.start) if ev.article in texts else (1, 1)
        sev = click.style(f.severity, fg=colours[f.severity], bold=True) if color else f.severity
        place = f"{safe_text(ev.article)}:{line}:{col}"
        lines.append(f"{place}: {sev} {one_line(f'{f.kind}: {f.message}')}")
    return "\n".join(lines)


def _place(f: Finding) -> tuple[str, int, int]:
    ev = f.evidence[0]
    return ev.article, ev.start, -SEVERITY_ORDER[f.severity]


def format_github(found: Sequence[Finding], texts: dict[str, str]) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in sorted(found, key=_place):
        ev = f.evidence[0]
        line, col = line_col(texts[ev.article], ev.start) if ev.article in texts else (1, 1)
        message = _gh_escape(f"{f.kind}: {f.message}", data=True)
        lines.append(
            f"::{level[f.severity]} file={_gh_escape(ev.article)},line={line},col={col},"
            f"title={_gh_escape(f.kind)}::{message}"
        )
    return "\n".join(lines)


def _gh_escape(value: str, *, data: bool = False) -> str:
    """Escape for workflow commands: % and LF always, and : , in
    properties; any other control character (CR too) is made visible."""
    value = safe_text(value, keep="\n").replace("%", "%25").replace("\n", "%0A")
    if not data:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value
