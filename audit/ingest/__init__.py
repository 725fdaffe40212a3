"""Ingest: files and folders in, :class:`~audit.models.Article` records out.

Reads ``.txt`` and ``.html``/``.htm`` files (a file named explicitly with any
other extension is sniffed), decodes them, and cuts the text into blocks. No
text is ever deleted from ``Article.text``: each block is filed either as
content (``Article.paragraphs``, label ``paragraph`` or ``heading``) or as page
boilerplate (``Article.boilerplate``, labelled with the rule that fired), so
every offset later stages produce can be checked against the text. The rules
live in ``audit/data/boilerplate.toml``.

Modules: ``inputs`` (paths, folders, reading, decoding, sniffing), ``plain``
(plain text), ``html`` (page body extraction), ``metadata`` (title, author,
date... from meta tags and JSON-LD), ``soup`` (the HTML parser and tag
helpers), ``blocks`` (cutting and filing blocks, shared by both formats) and
``fetch`` (web addresses, safely).
"""

from __future__ import annotations

from .html import article_from_html
from .inputs import DEFAULT_MAX_BYTES, input_files, load_article, read_inputs
from .plain import article_from_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "article_from_html",
    "article_from_text",
    "input_files",
    "load_article",
    "read_inputs",
]
