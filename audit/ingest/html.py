"""HTML in: the story's text extracted from a page and labelled by its markup.

Page furniture (scripts, navigation, site headers and footers, hidden and
screen-reader-only text, elements whose class or id names them as sharing,
related links, ads...) is dropped; the story's element is chosen
(``<article>``, ``<main>`` or ``<body>``); its block elements become blocks
of text joined by blank lines, with the labels the markup implies (captions,
bylines, datelines, link lists) preset for :func:`.blocks.build_article`.
The settings are ``[html]`` of ``boilerplate.toml``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from ..models import Article, Span
from ..rules.boilerplate import HtmlRules, boilerplate_rules
from ..text import normalize
from .blocks import build_article
from .metadata import page_metadata
from .plain import clean_newlines
from .soup import attribute, parse_page, squash_spaces

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TOKEN_SPLIT = re.compile(r"[-_]+")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[\W_]+")
_C = TypeVar("_C")  # the context _descend hands down
# Separators between the parts of a <title>: "Headline | Section | Site".
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—•·-]|::?|»)\s+")


def article_from_html(path: str, html: str) -> Article:
    """Build an Article from an HTML page.

    Scripts, styles, navigation, site headers and footers, asides, forms,
    furniture landmarks (``role="navigation"``...) and elements whose class,
    id, component name or custom-element name marks them as navigation,
    sharing, related links, comments, ads or banners are dropped; the text is
    the remaining blocks (p, headings, li, blockquote, text in divs...) joined
    by blank lines, with ``<q>`` rendered in quote marks. Captions, bylines,
    datelines, credits and blocks made only of links stay in the text but are
    filed as boilerplate. Title from og:title, the first h1, the part of
    <title> that the page repeats as a heading, or JSON-LD; publisher,
    author, date and canonical URL from meta tags and JSON-LD (with ``@id``
    references resolved). Raises EmptyInput when no content block is left."""
    cfg = boilerplate_rules().html
    soup = parse_page(clean_newlines(html))
    meta = page_metadata(soup)
    _drop_noise(soup, cfg)
    blocks = _html_blocks(_content_root(soup, cfg), cfg)
    title = meta.og_title or meta.h1
    if not title and meta.title:
        title = _title_part(meta.title, [b.text for b in blocks])
    candidates = [t for t in (title, meta.og_title, meta.h1, meta.title, meta.ld_title) if t]
    title_keys = {normalize(t) for t in candidates}
    parts: list[str] = []
    preset: list[Span] = []
    headings: set[int] = set()
    pos = 0
    for block in blocks:
        pos += 2 if parts else 0  # the "\n\n" between blocks
        if block.label:
            preset.append(Span(pos, pos + len(block.text), block.label))
        else:
            if block.heading:
                headings.add(pos)
            start = pos
            for line, linked in zip(block.text.split("\n"), block.linked, strict=True):
                if linked and normalize(line) not in title_keys:
                    preset.append(Span(start, start + len(line), cfg.link_label))
                start += len(line) + 1
        parts.append(block.text)
        pos += len(block.text)
    return build_article(
        path,
        "\n\n".join(parts),
        candidates[0] if candidates else None,
        candidates,
        wrap=False,
        publisher=meta.publisher,
        author=meta.author,
        date=meta.date,
        url=meta.url,
        preset=preset,
        headings=frozenset(headings),
    )


def _title_part(title: str, blocks: Sequence[str]) -> str:
    """The part of a ``<title>`` ("Site :: Headline", "Headline | Section |
    Site") that the page repeats as a block, else the whole title."""
    keys = {normalize(b) for b in blocks}
    parts = sorted(_TITLE_SEPARATORS.split(title), key=len, reverse=True)
    return next((p for p in parts if normalize(p) in keys), title)


def _drop_noise(soup: BeautifulSoup, cfg: HtmlRules) -> None:
    containers = frozenset(n for names in cfg.kept_inside.values() for n in names)
    doomed: list[Tag] = []
    none: frozenset[str] = frozenset()
    for tag, above in _descend(soup, lambda seen, tag: _note_name(seen, tag, containers), none):
        if tag.name in cfg.drop_tags:
            inside = cfg.kept_inside.get(tag.name)
            if not inside or not above & frozenset(inside):
                doomed.append(tag)
        elif tag.name not in cfg.never_dropped and _is_noise(tag, cfg):
            doomed.append(tag)
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


def _note_name(seen: frozenset[str], tag: Tag, names: frozenset[str]) -> frozenset[str]:
    """``seen`` with ``tag``'s name added when it is one of ``names``."""
    return seen | {tag.name} if tag.name in names and tag.name not in seen else seen


def _is_noise(tag: Tag, cfg: HtmlRules) -> bool:
    if tag.has_attr("hidden") or attribute(tag, "aria-hidden").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(attribute(tag, "style")):
        return True
    if attribute(tag, "role").lower() in cfg.drop_roles:
        return True
    for token, parts in _tokens(tag, cfg):
        if token in cfg.noise_classes:
            return True
        if parts and parts[0] not in cfg.noise_flag_prefixes and cfg.noise_words & set(parts):
            return True
    return False


def _tokens(tag: Tag, cfg: HtmlRules) -> Iterator[tuple[str, list[str]]]:
    """Each lower-case class/id/component token of ``tag`` with its words (a
    custom element's own name, ``amp-ad``, counts too)."""
    attrs = tag.attrs
    values = [attribute(tag, "class")] if "class" in attrs else []
    values += [_CAMEL_HUMP.sub("-", attribute(tag, a)) for a in cfg.split_camel_case if a in attrs]
    if "-" in tag.name:
        values.append(tag.name)
    for token in " ".join(values).lower().split():
        yield token, [p for p in _TOKEN_SPLIT.split(token) if p]


def _label_of(tag: Tag, cfg: HtmlRules, words: dict[int, int]) -> str | None:
    """The boilerplate label a block element's class words give it, if it is short."""
    for token, parts in _tokens(tag, cfg):
        if parts and parts[0] in cfg.noise_flag_prefixes:
            continue
        label = cfg.label_words.get(token) or next(
            (cfg.label_words[p] for p in parts if p in cfg.label_words), None
        )
        if label:
            return label if words.get(id(tag), 0) <= cfg.label_max_words else None
    return None


def _content_root(soup: BeautifulSoup, cfg: HtmlRules) -> Tag:
    body = soup.body or soup
    articles = [
        tag for tag, inside in _descend(soup, lambda inside, tag: inside or tag.name == "article",
                                       False)
        if tag.name == "article" and not inside
    ]
    if articles:
        sizes = [len(a.get_text()) for a in articles]
        best = max(range(len(articles)), key=sizes.__getitem__)
        if (
            sizes[best] >= cfg.article_min_share * len(body.get_text())
            and sizes[best] > cfg.article_min_of_articles * sum(sizes)
        ):
            return articles[best]
    main = soup.find("main")
    return main if isinstance(main, Tag) else body


class _CloseMarker(Enum):
    """End markers on the HTML walk stack."""

    BLOCK = "block"
    LABELLED = "labelled"
    QUOTE = "q"
    INLINE = "inline"
    LINK = "link"


@dataclass(frozen=True)
class _HtmlBlock:
    """A block of page text (lines split by ``<br>``): the boilerplate label
    its element implies, whether it is a markup heading, and per line whether
    all its letters and digits are link text (in a heading: links to another
    page)."""

    text: str
    label: str | None
    heading: bool
    linked: tuple[bool, ...]


class _BlockWalk:
    """State of the walk over the content tree: the current block's lines and
    its link statistics."""

    def __init__(self) -> None:
        self.blocks: list[_HtmlBlock] = []
        # Text of the current block, one list of pieces per <br>-separated line
        # (new lines in the source are only white space).
        self.lines: list[list[str]] = [[]]
        self.labels: list[str] = []
        self.elements: list[str] = []  # names of the open block elements
        self.link_depth = 0
        # Per line: letters and digits, and how many of them are link text.
        self.counts: list[list[int]] = [[0, 0]]
        self.far_link = False  # a link in the block leads off the page
        self.quote_depth = 0  # open <q> elements
        # An inline element just closed, and another opened with no text
        # between: their texts are separate items (flex rows, link lists).
        self.closed = False
        self.gap = False

    def add(self, piece: str) -> None:
        if self.gap and piece[:1].isalnum():
            last = self.lines[-1][-1] if self.lines[-1] else ""
            if last[-1:].isalnum():
                self.lines[-1].append(" ")
        self.gap = self.closed = False
        self.lines[-1].append(piece)
        n = len(_NON_WORD.sub("", piece))
        self.counts[-1][0] += n
        self.counts[-1][1] += n if self.link_depth else 0

    def newline(self) -> None:
        self.lines.append([])
        self.counts.append([0, 0])
        self.closed = self.gap = False

    def flush(self, cfg: HtmlRules) -> None:
        lines = [squash_spaces("".join(pieces)) for pieces in self.lines]
        kept = [(line, c) for line, c in zip(lines, self.counts, strict=True) if line]
        if kept:
            heading = bool(self.elements) and self.elements[-1] in cfg.heading_tags
            far = self.far_link or not heading
            self.blocks.append(
                _HtmlBlock(
                    "\n".join(line for line, _ in kept),
                    self.labels[-1] if self.labels else None,
                    heading,
                    tuple(far and 0 < linked == chars for _, (chars, linked) in kept),
                )
            )
        self.lines = [[]]
        self.counts = [[0, 0]]
        self.far_link = self.closed = self.gap = False


def _html_blocks(root: Tag, cfg: HtmlRules) -> list[_HtmlBlock]:
    """The text blocks under ``root``, walked without recursion (hostile
    pages nest deeply); ``<br>`` becomes a line break inside a block."""
    walk = _BlockWalk()
    alone = _lone_times(root, cfg)
    words = _text_counts(root, _words)
    # Items: a node to enter, or a marker closing an element.
    stack: list[PageElement | _CloseMarker] = list(reversed(list(root.children)))
    while stack:
        node = stack.pop()
        if node is _CloseMarker.BLOCK:
            walk.flush(cfg)
            walk.elements.pop()
        elif node is _CloseMarker.LABELLED:
            walk.flush(cfg)
            walk.elements.pop()
            walk.labels.pop()
        elif node is _CloseMarker.QUOTE:
            walk.quote_depth -= 1
            walk.add("”" if walk.quote_depth % 2 == 0 else "’")
        elif node is _CloseMarker.LINK:
            walk.link_depth -= 1
            walk.closed = True
        elif node is _CloseMarker.INLINE:
            walk.closed = True
        elif isinstance(node, PreformattedString):
            continue  # comments, doctypes, CDATA
        elif isinstance(node, NavigableString):
            text = str(node)
            if text.strip():
                walk.add(text)
            elif text:
                walk.lines[-1].append(text)
                walk.closed = walk.gap = False
        elif isinstance(node, Tag):
            _enter(node, walk, stack, cfg, alone, words)
            if node.name != "br":
                stack.extend(reversed(list(node.children)))
    walk.flush(cfg)
    return walk.blocks


def _enter(
    node: Tag,
    walk: _BlockWalk,
    stack: list[PageElement | _CloseMarker],
    cfg: HtmlRules,
    alone: set[int],
    words: dict[int, int],
) -> None:
    """Open ``node``: start a block (labelled or not), a line, a quote or an
    inline element, pushing the marker that closes it."""
    if node.name == "br":
        walk.newline()
        return
    label = cfg.block_labels.get(node.name)
    if label is None and id(node) in alone:
        label = "timestamp"
    if label is None and node.name in cfg.block_tags:
        label = _label_of(node, cfg, words)
    if label is not None:
        walk.flush(cfg)
        walk.labels.append(label)
        walk.elements.append(node.name)
        stack.append(_CloseMarker.LABELLED)
    elif node.name in cfg.block_tags:
        walk.flush(cfg)
        walk.elements.append(node.name)
        stack.append(_CloseMarker.BLOCK)
    elif node.name == "q":
        walk.add("“" if walk.quote_depth % 2 == 0 else "‘")
        walk.quote_depth += 1
        stack.append(_CloseMarker.QUOTE)
    elif node.name == "a" and node.has_attr("href"):
        walk.link_depth += 1
        walk.far_link = walk.far_link or not attribute(node, "href").startswith("#")
        walk.gap = walk.gap or walk.closed
        stack.append(_CloseMarker.LINK)
    else:
        walk.gap = walk.gap or walk.closed
        stack.append(_CloseMarker.INLINE)


def _text_counts(root: Tag, measure: Callable[[str], int]) -> dict[int, int]:
    """``measure`` summed over the text strings of each tag under ``root``
    (and ``root``), by id, in one pass from the leaves up: reading the text
    per tag costs its depth, quadratic on nested pages."""
    tags = [root] + [tag for tag, _ in _descend(root, lambda ctx, tag: ctx, None)]
    counts: dict[int, int] = {}
    for tag in reversed(tags):  # every tag after its descendants
        counts[id(tag)] = sum(
            counts.get(id(child), 0) if isinstance(child, Tag)
            else measure(child) * (not isinstance(child, PreformattedString))
            for child in tag.contents
            if isinstance(child, Tag | NavigableString)
        )
    return counts


def _words(text: str) -> int:
    # additive over strings as get_text(" ") joins them
    return len(text.split())


def _visible(text: str) -> int:
    # characters other than white space, as str.split (squash_spaces) sees it
    return sum(map(len, text.split()))


def _lone_times(root: Tag, cfg: HtmlRules) -> set[int]:
    """ids of the ``<time>`` elements that make up the whole text of their
    block: a dateline widget, not a date inside a sentence. Only the
    outermost ``<time>`` of a block is compared (a time inside it is part
    of the same widget). A time's text lies inside its block's, so it is
    the whole of it when both hold as many characters other than white
    space, counted once per page."""
    alone: set[int] = set()
    above = root if root.name in cfg.block_tags else root.find_parent(cfg.block_tags)
    top = above if isinstance(above, Tag) else None
    visible = _text_counts(top or root, _visible)
    # Context: the nearest block element above, and whether a <time> is open below it.
    start: tuple[Tag | None, bool] = (top, False)
    for time, (parent, in_time) in _descend(root, lambda ctx, tag: _block_context(ctx, tag, cfg),
                                            start):
        if time.name != "time" or parent is None or in_time:
            continue
        if visible[id(parent)] == visible[id(time)]:
            alone.add(id(time))
    return alone


def _block_context(
    ctx: tuple[Tag | None, bool], tag: Tag, cfg: HtmlRules
) -> tuple[Tag | None, bool]:
    """The context below ``tag``: it becomes the nearest block, or a <time> opens."""
    if tag.name in cfg.block_tags:
        return tag, False
    return ctx[0], ctx[1] or tag.name == "time"


def _descend(root: Tag, step: Callable[[_C, Tag], _C], start: _C) -> Iterator[tuple[Tag, _C]]:
    """Every tag under ``root`` in document order, with a context computed
    from its ancestors: ``start`` for ``root``'s children, ``step(context,
    tag)`` for the children of ``tag``. One pass, without recursion: looking
    up ancestors per tag (``find_parent``) costs the depth each time, which
    pages nesting thousands of elements turn quadratic."""
    stack = [(c, start) for c in reversed(root.contents) if isinstance(c, Tag)]
    while stack:
        tag, ctx = stack.pop()
        yield tag, ctx
        inner = step(ctx, tag)
        stack.extend((c, inner) for c in reversed(tag.contents) if isinstance(c, Tag))
