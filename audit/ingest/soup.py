"""Parsing a page with BeautifulSoup and reading its tags: the parser
choice, attribute values as text, and white space squashed to single spaces.
Shared by the body extraction (``html``) and the metadata readers
(``metadata``)."""

from __future__ import annotations

import warnings
from functools import cache
from importlib.util import find_spec

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import Tag


@cache
def parser_name() -> str:
    """The BeautifulSoup tree builder: ``lxml`` when installed (faster), else
    Python's ``html.parser``, which extracts every test page the same."""
    return "lxml" if find_spec("lxml") is not None else "html.parser"


def parse_page(html: str) -> BeautifulSoup:
    """The parsed tree of ``html``, with :func:`parser_name`'s parser."""
    with warnings.catch_warnings():
        # A short page that looks like a file name or XML is still a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, parser_name())


def squash_spaces(text: str) -> str:
    """``text`` with every run of white space made one space, ends stripped."""
    return " ".join(text.split())


def attribute(tag: Tag, name: str) -> str:
    """The value of ``tag``'s attribute ``name`` as one string (a multi-valued
    attribute such as ``class`` joined by spaces); "" when absent."""
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)
