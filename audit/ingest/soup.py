"""Parsing a page with lxml and reading its elements: attribute values as
text, and white space squashed to single spaces. Shared by the body
extraction (``html``) and the metadata readers (``metadata``). lxml is the
parser trafilatura needs, so the page is parsed once for both."""

from __future__ import annotations

import re
from functools import cache

from lxml import etree
from lxml import html as lxml_html

# lxml refuses a str that declares its own encoding ("<?xml ... encoding=...?>");
# the text is decoded already, so the declaration is dropped before parsing.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Control characters (but tab and new lines) are no text, and lxml refuses
# them in the trees trafilatura builds.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def _parser() -> lxml_html.HTMLParser:
    # As trafilatura parses (comments and processing instructions dropped):
    # given a tree parsed otherwise, it sometimes chooses other text.
    return lxml_html.HTMLParser(
        remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False,
        huge_tree=True,
    )


def parse_page(html: str) -> etree._Element:
    """The parsed tree (the ``<html>`` element) of ``html``; an empty
    ``<html>`` when the page holds no markup or text."""
    text = _CONTROL.sub("", _XML_DECLARATION.sub("", html, count=1))
    try:
        return lxml_html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, ValueError):
        return lxml_html.Element("html")


def squash_spaces(text: str) -> str:
    """``text`` with every run of white space made one space, ends stripped."""
    return " ".join(text.split())


def attribute(tag: etree._Element, name: str) -> str:
    """The value of ``tag``'s attribute ``name``; "" when absent."""
    return tag.get(name) or ""
