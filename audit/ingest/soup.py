"""Parsing a page with lxml and reading its elements: attribute values as
text, and white space squashed to single spaces. Shared by the body
extraction (``html``) and the metadata readers (``metadata``). lxml is the
parser trafilatura needs, so the page is parsed once for both."""

from __future__ import annotations

import re
from functools import cache

from lxml import etree
from lxml import html as lxml_html

from ..errors import OversizedInput

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


def parse_page(path: str, html: str) -> etree._Element:
    """The parsed tree (the ``<html>`` element) of the page ``path``'s
    ``html``; an empty ``<html>`` when the page holds no markup or text.
    Raises OversizedInput when the markup nests deeper than the parser reads
    (2048 levels): what lies below would be lost without a word."""
    text = _CONTROL.sub("", _XML_DECLARATION.sub("", html, count=1))
    parser = _parser()
    try:
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return lxml_html.Element("html")
    if any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log):
        raise OversizedInput(path, "markup nested deeper than 2048 levels, more than is read")
    return tree


def squash_spaces(text: str) -> str:
    """``text`` with every run of white space made one space, ends stripped."""
    return " ".join(text.split())


def attribute(tag: etree._Element, name: str) -> str:
    """The value of ``tag``'s attribute ``name``; "" when absent."""
    return tag.get(name) or ""
