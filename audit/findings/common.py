"""What every finder shares: the article texts evidence is cut from, the
making of a finding from its rule in ``findings.toml``, and the word pattern
the finders tokenise with."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..models import Confidence, Evidence, Finding, ParsedArticle
from ..rules.findings import findings_rules
from ..text import excerpt

# A word of a phrase, as the finders split one ("state-run" is one word).
WORD = re.compile(r"[\w-]+")


class ArticleTexts:
    """Article texts by path, to cut evidence excerpts."""

    # Public so the draft check reuses the same evidence cutting.

    def __init__(self, parsed: Sequence[ParsedArticle]) -> None:
        self._text = {p.article.path: p.article.text for p in parsed}

    def evidence(self, article: str, start: int, end: int) -> Evidence:
        return Evidence(article, start, end, excerpt(self._text[article], start, end))

    def text(self, article: str) -> str:
        return self._text[article]


def finding(
    rule: str,
    message: str,
    evidence: Iterable[Evidence],
    *,
    subject: str,
    confidence: Confidence,
    reasons: Iterable[str],
) -> Finding:
    """A finding of ``rule``: its kind and severity are the rule's."""
    r = findings_rules().rules[rule]
    return Finding(r.kind, r.severity, message, r.name, tuple(evidence), subject=subject,
                   confidence=confidence, reasons=tuple(reasons))
