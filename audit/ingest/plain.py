"""Plain text in: the text with line endings made ``\\n`` is the article
text, cut and filed by :mod:`.blocks` (hard-wrapped lines joined)."""

from __future__ import annotations

from ..models import Article
from ..text import valid_unicode
from .blocks import build_article


def article_from_text(path: str, text: str, *, title: str | None = None) -> Article:
    """Build an Article from plain text.

    Line endings become ``\\n`` and a leading BOM is dropped; the result is
    ``Article.text``. The title is ``title`` if given, else the first
    non-boilerplate line when it looks like a headline. Raises EmptyInput
    when no content block is left."""
    text = clean_newlines(text)
    title = title or None
    return build_article(path, text, title, (title,) if title else (), wrap=True)


def clean_newlines(text: str) -> str:
    """``text`` with a leading BOM dropped, every line ending made ``\\n``
    and lone surrogates (which no parser or UTF-8 output takes) made U+FFFD."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return valid_unicode(text)
