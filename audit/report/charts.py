"""Two small inline SVG charts of the report: findings by outlet and kind,
and when each quote group first appeared and where it went next.

Both are drawn 360 units wide, labels on their own line above each bar or
track, so that on a 390 px phone they show at about their natural size;
every text goes through ``element``, which escapes it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from markupsafe import Markup

from ..models import Finding, QuoteGroup
from .cards import ArticleLabel
from .compare import date_key
from .graph.build import plural, xml_safe_line
from .graph.draw import element

WIDTH = 360.0
FONT = 12
ROWS = 10  # bars or tracks drawn; the rest are summed up in one line
# Colour-blind-safe palette (Okabe and Ito), one colour per finding kind.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
           "#f0e442")
_FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"


def _cut(text: str, limit: int) -> str:
    text = xml_safe_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(height: float, label: str, *children: Markup) -> Markup:
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg", "class": "chart",
            "viewBox": f"0 0 {WIDTH:.0f} {height:.0f}", "role": "img", "aria-label": label,
            "font-family": _FONT, "font-size": FONT, "fill": "#1b1b1b",
        },
        element("title", None, label),
        *children,
    )


def outlet_chart(findings: Sequence[Finding], labels: Mapping[str, ArticleLabel]) -> Markup:
    """Findings by the outlet of the articles they touch, one stacked bar
    per outlet (the most touched first; the others summed in one bar), a
    colour per kind."""
    by_outlet: dict[str, Counter[str]] = {}
    for f in findings:
        for outlet in dict.fromkeys(labels[e.article].outlet for e in f.evidence):
            by_outlet.setdefault(outlet, Counter())[f.kind] += 1
    if not by_outlet:
        return element("p", {"class": "meta"}, "No findings to chart.")
    ranked = sorted(by_outlet.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    rows = ranked[:ROWS]
    kinds = sorted({k for _, c in rows for k in c})
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    parts: list[Markup] = []
    x, y = 0.0, 14.0
    for k in kinds:  # the legend, wrapped to the width
        w = 16 + len(k) * FONT * 0.58 + 12
        if x + w > WIDTH:
            x, y = 0.0, y + 18
        parts.append(element("rect", {"x": x, "y": y - 9, "width": 10.0, "height": 10.0,
                                      "fill": colour[k]}))
        parts.append(element("text", {"x": x + 14, "y": y}, k))
        x += w
    top = y + 16
    most = max(sum(c.values()) for _, c in rows)
    for name, counts in rows:
        total = sum(counts.values())
        parts.append(element("text", {"x": 0.0, "y": top + 12},
                             f"{_cut(name, 40)} — {plural(total, 'finding')}"))
        bx = 0.0
        for k in kinds:
            if counts[k]:
                w = counts[k] / most * (WIDTH - 2)
                parts.append(element(
                    "rect", {"x": bx, "y": top + 17, "width": w, "height": 12.0,
                             "fill": colour[k]},
                    element("title", None, f"{name}: {plural(counts[k], k + ' finding')}"),
                ))
                bx += w
        top += 36
    if len(ranked) > ROWS:  # the rest in words: a bar of their sum would dwarf the others
        rest = sum(sum(c.values()) for _, c in ranked[ROWS:])
        parts.append(element("text", {"x": 0.0, "y": top + 12, "fill": "#5f6368"},
                             f"{plural(len(ranked) - ROWS, 'other outlet')}: "
                             f"{plural(rest, 'finding')}"))
        top += 20
    return _svg(top + 4, "Findings by outlet and kind", *parts)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def timeline(groups: Sequence[QuoteGroup], labels: Mapping[str, ArticleLabel],
             dates: Mapping[str, str | None], hrefs: Mapping[str, str]) -> Markup:
    """When each quote group first appeared (its earliest dated article) and
    where it went next: one track per group (the most repeated first), a dot
    per article, the first filled; undated articles are counted beside it."""
    shown = [g for g in groups if len(g.members) > 1]
    if not shown:
        return element("p", {"class": "meta"}, "No statement is quoted in more than one article.")
    days = {p: _day(d) for p, d in dates.items()}
    known = [d for g in shown for m in g.members if (d := days.get(m.quote.article))]
    if not known:
        return element("p", {"class": "meta"},
                       "No timeline: none of the articles quoting a statement twice has a date"
                       " (dates unknown).")
    lo, hi = min(known), max(known)
    span = max(1, (hi - lo).days)
    ranked = sorted(shown, key=lambda g: (
        -len({m.quote.article for m in g.members}),
        date_key(min(dates.get(m.quote.article) or "~" for m in g.members)), g.id))
    parts: list[Markup] = [
        element("text", {"x": 0.0, "y": 12.0}, f"{lo.isoformat()}"),
        element("text", {"x": WIDTH, "y": 12.0, "text-anchor": "end"}, f"{hi.isoformat()}"),
    ]
    top = 24.0
    for g in ranked[:ROWS]:
        first = g.members[0].quote
        who = first.speaker or "no speaker named"
        outlets = {labels[m.quote.article].outlet for m in g.members}
        head = f"{_cut(who, 18)}: “{_cut(first.text, 20)}” {plural(len(outlets), 'outlet')}"
        parts.append(element("a", {"href": f"#group-{g.id}"},
                             element("text", {"x": 0.0, "y": top + 12}, head)))
        points = sorted({(d, m.quote.article) for m in g.members
                         if (d := days.get(m.quote.article))})
        undated = sum(1 for m in g.members if not days.get(m.quote.article))
        y = top + 24
        xs = [4 + (d - lo).days / span * (WIDTH - 70) for d, _ in points]
        if xs:
            parts.append(element("line", {"x1": xs[0], "y1": y, "x2": xs[-1], "y2": y,
                                          "stroke": "#5f6368", "stroke-width": 1.5}))
        for i, ((d, path), x) in enumerate(zip(points, xs, strict=True)):
            lab = labels[path]
            parts.append(element(
                "a", {"href": hrefs.get(path, "#quotes")},
                element("circle", {"cx": x, "cy": y, "r": 5.0 if i == 0 else 4.0,
                                   "fill": "#0b57d0" if i == 0 else "#ffffff",
                                   "stroke": "#0b57d0", "stroke-width": 1.5},
                        element("title", None, f"{d.isoformat()}: {lab.text}")),
            ))
        if undated:
            parts.append(element("text", {"x": WIDTH, "y": y + 4, "text-anchor": "end",
                                          "fill": "#5f6368"}, f"+{undated} undated"))
        top += 40
    if len(ranked) > ROWS:
        parts.append(element("text", {"x": 0.0, "y": top + 12, "fill": "#5f6368"},
                             f"{plural(len(ranked) - ROWS, 'more group')}: see Quote groups"))
        top += 20
    return _svg(top + 4, "When each quote group first appeared and where it went next", *parts)
