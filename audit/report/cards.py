"""What a reader of the report works from: articles named by title, outlet
and date; findings folded into one card per problem (a kind and a subject);
and the cards ranked, so that the first screen says what to check first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from urllib.parse import urlsplit

from ..models import SEVERITY_ORDER, Article, Finding

# A finder's confidence, as a rank (a finding without one ranks below "low").
_CONFIDENCE_ORDER = {"high": 3, "medium": 2, "low": 1}
NO_OUTLET = "outlet not named"
NO_DATE = "undated"


@dataclass(frozen=True)
class ArticleLabel:
    """How the report names an article: title, outlet and date, with its
    file or address (for a tooltip) and its section's id."""

    anchor: str
    path: str
    title: str
    outlet: str
    date: str

    @property
    def text(self) -> str:
        """One line: title, outlet, date."""
        return f"{self.title} — {self.outlet}, {self.date}"


def article_label(article: Article, anchor: str) -> ArticleLabel:
    """An article's label; its file name stands in for a missing title, the
    address's host for a missing publisher."""
    outlet = article.publisher
    if not outlet and article.url:
        try:
            outlet = urlsplit(article.url).hostname
        except ValueError:
            outlet = None
    return ArticleLabel(
        anchor=anchor,
        path=article.path,
        title=" ".join((article.title or PurePath(article.path).name or article.path).split()),
        outlet=" ".join((outlet or NO_OUTLET).split()),
        date=(article.date or NO_DATE).strip() or NO_DATE,
    )


def path_namer(labels: Iterable[ArticleLabel]) -> Callable[[str], str]:
    """A function putting each article's title (in quotes) where a text
    names the article's file or address: a finding's message may name one,
    and the report prints no local path (the JSON keeps them). Longest paths
    first, so a path that begins another is never cut short."""
    by_path = {lab.path: lab.title for lab in labels if lab.path}
    if not by_path:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(p) for p in sorted(by_path, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: f"“{by_path[m.group(0)]}”", text)


@dataclass
class Card:
    """One problem: the findings of one kind and one subject, over every
    article they touch. ``items`` are ``(index in the audit's findings,
    finding)`` in the audit's order; what is derived from them is computed
    once, after folding (a report asks for it once per finding)."""

    id: str
    kind: str
    subject: str
    items: list[tuple[int, Finding]] = field(default_factory=list)
    articles: dict[str, None] = field(default_factory=dict)  # paths, first seen first

    @cached_property
    def severity(self) -> str:
        """The most severe of the card's findings."""
        return max((f.severity for _, f in self.items), key=lambda s: SEVERITY_ORDER[s])

    @cached_property
    def confidence(self) -> str | None:
        """The highest confidence any of its findings states, if any does."""
        stated = [f.confidence for _, f in self.items if f.confidence]
        return max(stated, key=lambda c: _CONFIDENCE_ORDER[c]) if stated else None

    @cached_property
    def rules(self) -> list[str]:
        """The rules that raised its findings, each once."""
        return list(dict.fromkeys(f.rule for _, f in self.items))

    def rank(self) -> tuple[int, int, int, int, str, str]:
        """Sort key, most important first: severity, articles touched,
        confidence, findings, then kind and subject (deterministic)."""
        return (
            -SEVERITY_ORDER[self.severity],
            -len(self.articles),
            -_CONFIDENCE_ORDER.get(self.confidence or "", 0),
            -len(self.items),
            self.kind,
            self.subject,
        )


def fold_cards(findings: Sequence[Finding]) -> list[Card]:
    """One card per (kind, subject), ranked (``Card.rank``); a finding
    without a subject is its own card, keyed by its message."""
    cards: dict[tuple[str, str], Card] = {}
    for i, f in enumerate(findings):
        key = (f.kind, f.subject or f"\x00{f.message}")
        card = cards.get(key)
        if card is None:
            card = cards[key] = Card("", f.kind, f.subject)
        card.items.append((i, f))
        card.articles.update(dict.fromkeys(ev.article for ev in f.evidence))
    ranked = sorted(cards.values(), key=Card.rank)
    for n, card in enumerate(ranked, 1):
        card.id = f"c{n}"
    return ranked
