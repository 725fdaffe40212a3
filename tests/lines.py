"""Test helper: an Article whose every non-empty line is a paragraph, for
property tests that feed arbitrary text straight to the parse stages."""

from __future__ import annotations

import re

from audit.models import Article, Span


def article_of_lines(text: str, path: str = "fuzz.txt") -> Article:
    """``text`` as an article, each non-empty line one paragraph."""
    paras = tuple(Span(m.start(), m.end(), "paragraph") for m in re.finditer(r"[^\n]+", text))
    return Article(path, text, paragraphs=paras)
