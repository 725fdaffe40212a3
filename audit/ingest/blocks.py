"""The core of ingest shared by plain text and HTML: cut an article's text
into blocks (a line, or a hard-wrapped paragraph) and file each block as
content (a paragraph or heading) or as boilerplate labelled with the
``boilerplate.toml`` rule that fired, then build the :class:`Article`.
HTML comes here as text too, with the labels its markup implies preset."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import EmptyInput
from ..models import Article, Span
from ..rules.boilerplate import BoilerplateRule, TextLayout, boilerplate_rules
from ..text import normalize, valid_unicode, word_count


@dataclass(frozen=True)
class _TextBlock:
    """A run of lines treated as one unit: ``text`` is its lines joined by
    single spaces (what the rules match), ``start``/``end`` its extent."""

    start: int
    end: int
    text: str
    words: int
    lower: str


def build_article(
    path: str,
    text: str,
    title: str | None,
    title_keys: Iterable[str],
    *,
    wrap: bool,
    publisher: str | None = None,
    author: str | None = None,
    date: str | None = None,
    url: str | None = None,
    preset: Sequence[Span] = (),
    headings: frozenset[int] = frozenset(),
    sections: bool = False,
) -> Article:
    """The Article of ``text`` (never altered): its blocks filed as content
    or boilerplate. ``title`` is the known headline, ``title_keys`` the texts
    a headline block may repeat; ``wrap`` joins hard-wrapped lines (plain
    text only). ``preset`` spans (sorted) label the blocks inside them and
    ``headings`` holds the starts of markup headings (both from HTML);
    with ``sections`` (a web page's story) a heading repeating an earlier
    one is a section of the story, and only the headline's repeats are
    furniture. The metadata arguments are copied (surrogates made U+FFFD,
    in the text too); a byline found in the text fills a missing
    ``author``. Raises EmptyInput when no content block is left."""
    # Strings from JSON-LD escapes ("\\ud800") or a caller may hold lone
    # surrogates, which no UTF-8 output can carry.
    text = valid_unicode(text)
    title, publisher, author, date, url = (
        None if v is None else valid_unicode(v) for v in (title, publisher, author, date, url)
    )
    title_keys = [valid_unicode(k) for k in title_keys]
    blocks = _text_blocks(text, wrap=wrap)
    found_title, paragraphs, boilerplate, byline = _classify(
        blocks, title, title_keys, preset, headings, sections
    )
    if not paragraphs:
        reason = "no article text" if not boilerplate else "only page boilerplate, no article text"
        raise EmptyInput(path, reason)
    return Article(
        path=path,
        text=text,
        title=found_title,
        paragraphs=paragraphs,
        boilerplate=boilerplate,
        publisher=publisher,
        author=author or byline,
        date=date,
        url=url,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _text_blocks(text: str, *, wrap: bool) -> list[_TextBlock]:
    """Cut ``text`` into blocks: one per line, except that hard-wrapped lines
    and a line continued by a lower-case line are joined."""
    layout = boilerplate_rules().layout
    # (start, end, stripped text, paragraph number) of every non-blank line
    lines: list[tuple[int, int, str, int]] = []
    pos, para, blank = 0, 0, False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            para += blank
            start = pos + len(raw) - len(raw.lstrip())
            lines.append((start, start + len(stripped), stripped, para))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    wrapped = wrap and _is_wrapped(lines, layout)
    blocks: list[_TextBlock] = []
    group: list[tuple[int, int, str, int]] = []
    for i, line in enumerate(lines):
        group.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and nxt[3] == line[3]:
            if wrapped and len(line[2]) >= layout.wrap_min_chars:
                continue
            if nxt[2][0].islower() and not _ends_sentence(line[2], layout):
                continue
        joined = " ".join(g[2] for g in group)
        blocks.append(
            _TextBlock(group[0][0], group[-1][1], joined, word_count(joined), joined.lower())
        )
        group = []
    return blocks


def _is_wrapped(lines: list[tuple[int, int, str, int]], layout: TextLayout) -> bool:
    inner = [a[2] for a, b in zip(lines, lines[1:], strict=False) if a[3] == b[3]]
    if len(inner) < layout.wrap_min_inner_lines:
        return False
    in_range = sum(layout.wrap_min_chars <= len(s) <= layout.wrap_max_chars for s in inner)
    open_end = sum(not _ends_sentence(s, layout) for s in inner)
    return (
        in_range >= layout.wrap_share_in_range * len(inner)
        and open_end >= layout.wrap_share_unpunctuated * len(inner)
    )


def _final_mark(text: str, layout: TextLayout) -> str:
    body = text.rstrip(layout.closers + " ")
    return body[-1] if body else ""


def _ends_sentence(text: str, layout: TextLayout) -> bool:
    mark = _final_mark(text, layout)
    return bool(mark) and mark in layout.sentence_end


def _classify(
    blocks: list[_TextBlock],
    title: str | None,
    title_keys: Iterable[str],
    preset: Sequence[Span],
    headings: frozenset[int] = frozenset(),
    sections: bool = False,
) -> tuple[str | None, tuple[Span, ...], tuple[Span, ...], str | None]:
    """File each block as content or boilerplate; return the title, the
    paragraphs, the boilerplate and a byline author, if any. Blocks inside a
    ``preset`` span (sorted, from the HTML structure) take its label; blocks
    starting at an offset in ``headings`` are markup headings, never orphans."""
    cfg = boilerplate_rules()
    layout = cfg.layout
    labels: list[str | None] = []
    byline: str | None = None
    preset_starts = [p.start for p in preset]
    for b in blocks:
        k = bisect_right(preset_starts, b.start) - 1
        if k >= 0 and b.start < preset[k].end:
            labels.append(preset[k].label)
            continue
        name, author = _match_rule(b, cfg.rules, tail=False)
        labels.append(name)
        byline = byline or author

    # The title line: the given headline, else the first content block if it
    # reads like one.
    keys = {k for k in (normalize(t) for t in title_keys) if k}
    title_idx: int | None = None
    for i, b in enumerate(blocks):
        if labels[i] is not None:
            continue
        if keys:
            if normalize(b.text) in keys:
                title_idx = i
                break
        else:
            if title is None and _is_headline(b, layout):
                title, title_idx = b.text, i
                keys = {normalize(b.text)}
            break

    # Repeats of the headline, or of an earlier heading, are page furniture;
    # in a web page's story a repeated heading is a section ("Pre-workout
    # meal" in each day of a plan): only the headline's repeat is furniture.
    seen_headings = set(keys)
    for i, b in enumerate(blocks):
        if labels[i] is not None or i == title_idx or not _is_heading(b, layout):
            continue
        key = normalize(b.text)
        if key in (keys if sections else seen_headings):
            labels[i] = "duplicate_headline"
        seen_headings.add(key)

    # The tail: walk back from the end over boilerplate, promotions and
    # fragments too short to be anything but link text or labels.
    for i in range(len(blocks) - 1, -1, -1):
        if labels[i] is not None:
            continue
        if i == title_idx:
            break
        name, _ = _match_rule(blocks[i], cfg.rules, tail=True)
        if name is None and _is_fragment(blocks[i], layout.tail_max_words, layout):
            name = "trailing_fragment"
        if name is None:
            break
        labels[i] = name

    for i, b in enumerate(blocks):
        if (
            labels[i] is None
            and i != title_idx
            and b.start not in headings
            and _is_fragment(b, layout.orphan_max_words, layout)
        ):
            labels[i] = "orphan_line"

    # The short header of a list of links ("Keep reading", "Key events") goes
    # with it (a fragment as short as the tail's furniture; a subtitle above a
    # byline of links is longer).
    link_label = cfg.html.link_label
    for i in range(len(blocks) - 2, -1, -1):
        if (
            labels[i] is None
            and i != title_idx
            and labels[i + 1] == link_label
            and _is_fragment(blocks[i], layout.tail_max_words, layout)
        ):
            labels[i] = "link_list_heading"

    paragraphs: list[Span] = []
    boilerplate: list[Span] = []
    for i, b in enumerate(blocks):
        label = labels[i]
        if label is not None:
            boilerplate.append(Span(b.start, b.end, label))
        else:
            heading = i == title_idx or _is_heading(b, layout)
            paragraphs.append(Span(b.start, b.end, "heading" if heading else "paragraph"))
    return title, tuple(paragraphs), tuple(boilerplate), byline


def _match_rule(
    block: _TextBlock, rules: tuple[BoilerplateRule, ...], *, tail: bool
) -> tuple[str | None, str | None]:
    for rule in rules:
        if rule.tail_only != tail or block.words > rule.max_words:
            continue
        if rule.needs and not any(n in block.lower for n in rule.needs):
            continue
        m = rule.pattern.fullmatch(block.text)
        if m:
            return rule.name, m.groupdict().get("author")
    return None, None


def _is_headline(block: _TextBlock, layout: TextLayout) -> bool:
    return (
        layout.title_min_words <= block.words <= layout.title_max_words
        and len(block.text) <= layout.title_max_chars
        and _final_mark(block.text, layout) not in ".…;:,"
    )


def _is_heading(block: _TextBlock, layout: TextLayout) -> bool:
    return block.words <= layout.heading_max_words and not _ends_sentence(block.text, layout)


def _is_fragment(block: _TextBlock, max_words: int, layout: TextLayout) -> bool:
    return (
        block.words <= max_words
        and not _ends_sentence(block.text, layout)
        and not any(q in block.text for q in layout.quote_marks)
    )
