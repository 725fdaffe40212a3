"""Ingest: files and folders in, :class:`~audit.models.Article` records out.

Reads ``.txt`` and ``.html``/``.htm`` files (a file named explicitly with any
other extension is sniffed), decodes them, and cuts the text into blocks. No
text is ever deleted from ``Article.text``: each block is filed either as
content (``Article.paragraphs``, label ``paragraph`` or ``heading``) or as page
boilerplate (``Article.boilerplate``, labelled with the rule that fired), so
every offset later stages produce can be checked against the text. The rules
live in ``audit/data/boilerplate.toml``.

Inside folders only ``.txt``, ``.html`` and ``.htm`` files are read, in sorted
order; other files (images, JSON...) and hidden files and folders are skipped
silently, since the user did not name them. A path named on the command line
that cannot be used is reported through ``on_skip``.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import posixpath
import re
import stat
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib.util import find_spec
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from ..errors import BinaryInput, DataError, EmptyInput, InputError, OversizedInput, UnreadableInput
from ..models import Article, Skipped, Span
from ..rules import load_data
from ..text import normalize

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Largest input read (5 MB): a news article is well under 1 MB even as a
saved page, so anything larger is a dump or a mistake."""

_DATA = "boilerplate.toml"
_TEXT_SUFFIXES = frozenset({".txt"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
# BOMs, longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Declared charsets that browsers decode as cp1252 or UTF-8 (WHATWG Encoding).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "windows-1252": "cp1252", "utf-16": "utf-8", "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TOKEN_SPLIT = re.compile(r"[-_]+")
_ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|Report)$")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[\W_]+")
_BY_PREFIX = re.compile(r"^by\s+", re.I)
# Separators between the parts of a <title>: "Headline | Section | Site".
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—•·-]|::?|»)\s+")


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]  # the rule's patterns as one alternation
    needs: tuple[str, ...]  # a match contains one of these (lower case)
    max_words: int
    tail_only: bool


@dataclass(frozen=True)
class _Layout:
    sentence_end: str
    closers: str
    quote_marks: str
    title_min_words: int
    title_max_words: int
    title_max_chars: int
    heading_max_words: int
    orphan_max_words: int
    tail_max_words: int
    wrap_min_chars: int
    wrap_max_chars: int
    wrap_min_inner_lines: int
    wrap_share_in_range: float
    wrap_share_unpunctuated: float
    binary_control_share: float
    fallback_encodings: tuple[str, ...]


# Accepted TOML value types per annotation of a _Layout field.
_LAYOUT_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str, "int": int, "float": (int, float), "tuple[str, ...]": tuple,
}


@dataclass(frozen=True)
class _HtmlConfig:
    drop_tags: frozenset[str]
    block_tags: frozenset[str]
    block_labels: dict[str, str]
    noise_words: frozenset[str]
    noise_flag_prefixes: frozenset[str]
    never_dropped: frozenset[str]
    kept_inside: dict[str, frozenset[str]]
    drop_roles: frozenset[str]
    noise_classes: frozenset[str]
    split_camel_case: tuple[str, ...]
    label_words: dict[str, str]
    label_max_words: int
    heading_tags: frozenset[str]
    link_label: str
    article_min_share: float
    article_min_of_articles: float
    sniff: re.Pattern[str]


@dataclass(frozen=True)
class _Config:
    layout: _Layout
    rules: tuple[_Rule, ...]
    html: _HtmlConfig


@cache
def _config() -> _Config:
    """Parse and compile ``boilerplate.toml`` once; a malformed file is a DataError."""
    data = load_data(_DATA)
    try:
        lay = data["layout"]
        values: dict[str, Any] = {}
        for name, field in _Layout.__dataclass_fields__.items():
            kind = _LAYOUT_TYPES[str(field.type)]
            value = lay[name]
            if isinstance(value, list):
                value = tuple(value)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"layout.{name} should be {field.type}, not {value!r}")
            values[name] = value
        layout = _Layout(**values)
        for enc in layout.fallback_encodings:
            codecs.lookup(enc)
        rules = tuple(
            _Rule(
                name=str(r["name"]),
                pattern=re.compile(
                    "|".join(f"(?:{p})" for p in r["patterns"]),
                    re.I if r.get("ignore_case", True) else 0,
                ),
                needs=tuple(str(n).lower() for n in r.get("needs", ())),
                max_words=int(r["max_words"]),
                tail_only=bool(r.get("tail_only", False)),
            )
            for r in data["rule"]
        )
        h = data["html"]
        html = _HtmlConfig(
            drop_tags=frozenset(h["drop_tags"]),
            block_tags=frozenset(h["block_tags"]),
            block_labels={str(k): str(v) for k, v in h["block_labels"].items()},
            noise_words=frozenset(h["noise_words"]),
            noise_flag_prefixes=frozenset(h["noise_flag_prefixes"]),
            never_dropped=frozenset(h["never_dropped"]),
            kept_inside={str(k): frozenset(v) for k, v in h["kept_inside"].items()},
            drop_roles=frozenset(h["drop_roles"]),
            noise_classes=frozenset(h["noise_classes"]),
            split_camel_case=tuple(sorted(h["split_camel_case"])),
            label_words={str(k): str(v) for k, v in h["label_words"].items()},
            label_max_words=int(h["label_max_words"]),
            heading_tags=frozenset(h["heading_tags"]),
            link_label=str(h["link_label"]),
            article_min_share=float(h["article_min_share"]),
            article_min_of_articles=float(h["article_min_of_articles"]),
            sniff=re.compile(h["sniff"]),
        )
    except (KeyError, TypeError, ValueError, LookupError, re.error) as exc:
        raise DataError(_DATA, f"invalid entry ({exc!r})") from exc
    return _Config(layout, rules, html)


# --------------------------------------------------------------------------- reading


def read_inputs(
    paths: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_skip: Callable[[Skipped], None],
) -> Iterator[Article]:
    """Yield an Article for every readable input, lazily and in a stable order.

    A folder is searched recursively for ``.txt``/``.html``/``.htm`` files
    (sorted by path; hidden entries and other extensions ignored). Each article
    path is the argument joined with the file's relative path, posix style
    (``seeds/`` gives ``seeds/000_x.txt``). Unusable inputs, missing paths and
    folders without articles are passed to ``on_skip`` and the rest goes on."""
    for path in input_files(paths, on_skip):
        try:
            yield load_article(path, max_bytes=max_bytes)
        except InputError as exc:
            on_skip(Skipped(exc.path, exc.reason))


def input_files(paths: Iterable[str], on_skip: Callable[[Skipped], None]) -> Iterator[str]:
    """The files that ``read_inputs`` reads for ``paths``, lazily and in its
    order: a folder's article files (see ``read_inputs``), any other path as
    given. A folder without article files is passed to ``on_skip``."""
    for arg in paths:
        if os.path.isdir(arg):
            files = _folder_files(arg, on_skip)
            if not files:
                on_skip(Skipped(arg, "folder holds no .txt, .html or .htm files"))
            yield from files
        else:
            yield arg


def _folder_files(folder: str, on_skip: Callable[[Skipped], None]) -> list[str]:
    suffixes = _TEXT_SUFFIXES | _HTML_SUFFIXES

    def unreadable(exc: OSError) -> None:
        on_skip(Skipped(str(exc.filename or folder), f"cannot list folder ({exc.strerror})"))

    found: list[tuple[str, ...]] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = os.path.relpath(dirpath, folder)
        base = () if rel == os.curdir else tuple(rel.split(os.sep))
        for name in filenames:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in suffixes:
                found.append((*base, name))
    # Sorting on path parts keeps a folder's files together (tree order).
    return [posixpath.join(folder, *parts) for parts in sorted(found)]


def load_article(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one file into an Article.

    ``.html``/``.htm`` files are parsed as HTML, ``.txt`` as plain text, any
    other name is sniffed. Raises UnreadableInput (missing, a folder, no
    permission), OversizedInput (over ``max_bytes``, checked before reading),
    BinaryInput (NUL bytes, mostly undecodable) or EmptyInput (no article text)."""
    raw = _read_bytes(path, max_bytes)
    suffix = os.path.splitext(path)[1].lower()
    if suffix in _HTML_SUFFIXES:
        is_html = True
    elif suffix in _TEXT_SUFFIXES:
        is_html = False
    else:
        is_html = bool(_config().html.sniff.search(_decode(raw, path)[:2048]))
    if is_html:
        return article_from_html(path, _decode(raw, path, declared=_declared_charset(raw)))
    return article_from_text(path, _decode(raw, path))


def _read_bytes(path: str, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableInput(path, "is a folder")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableInput(path, "not a regular file")
        if st.st_size > max_bytes:
            raise OversizedInput(path, f"{st.st_size} bytes, over the {max_bytes}-byte limit")
        with open(path, "rb") as fh:
            # One byte more than allowed tells a file that grew since stat().
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise UnreadableInput(path, "no such file or folder") from exc
    except PermissionError as exc:
        raise UnreadableInput(path, "permission denied") from exc
    except OSError as exc:
        raise UnreadableInput(path, exc.strerror or str(exc)) from exc
    if len(raw) > max_bytes:
        raise OversizedInput(path, f"over the {max_bytes}-byte limit")
    if not raw:
        raise EmptyInput(path, "empty file")
    return raw


def _declared_charset(raw: bytes) -> str | None:
    m = _DECLARED_CHARSET.search(raw[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(raw: bytes, path: str, declared: str | None = None) -> str:
    """Bytes to text: BOM, else UTF-8, else the declared charset, else the
    fallbacks. Valid UTF-8 wins over a declaration because pages re-saved as
    UTF-8 often keep their old ``<meta charset>``."""
    layout = _config().layout
    text: str | None = None
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = raw[len(bom) :].decode(codec, "replace")
            break
    else:
        if b"\x00" in raw:
            raise BinaryInput(path, "contains NUL bytes (not a text file)")
        # A declared charset is trusted with replacement characters; the
        # fallbacks must decode cleanly, except the last (latin-1) which always does.
        # A UTF-8 declaration the bytes contradict is a wrong one (a page saved
        # by a cp1252 editor under its old <meta>): the fallbacks decide.
        tries = [("utf-8", "strict")]
        tries += [(declared, "replace")] if declared and declared != "utf-8" else []
        tries += [(enc, "strict") for enc in layout.fallback_encodings]
        for encoding, errors in tries:
            try:
                text = raw.decode(encoding, errors)
                break
            except (UnicodeError, LookupError):
                continue  # LookupError: a hostile page declaring "rot13" or "base64"
        if text is None:
            raise BinaryInput(path, "cannot be decoded as text")
    if text and len(_CONTROL.findall(text)) > layout.binary_control_share * len(text):
        raise BinaryInput(path, "mostly control characters or undecodable bytes")
    return text


# --------------------------------------------------------------------------- plain text


def article_from_text(path: str, text: str, *, title: str | None = None) -> Article:
    """Build an Article from plain text.

    Line endings become ``\\n`` and a leading BOM is dropped; the result is
    ``Article.text``. The title is ``title`` if given, else the first
    non-boilerplate line when it looks like a headline. Raises EmptyInput
    when no content block is left."""
    text = _clean_newlines(text)
    title = title or None
    return _build(path, text, title, (title,) if title else (), wrap=True)


def _clean_newlines(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class _Block:
    """A run of lines treated as one unit: ``text`` is its lines joined by
    single spaces (what the rules match), ``start``/``end`` its extent."""

    start: int
    end: int
    text: str
    words: int
    lower: str


def _build(
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
) -> Article:
    blocks = _blocks(text, wrap=wrap)
    found_title, paragraphs, boilerplate, byline = _classify(
        blocks, title, title_keys, preset, headings
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
        content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def _blocks(text: str, *, wrap: bool) -> list[_Block]:
    """Cut ``text`` into blocks: one per line, except that hard-wrapped lines
    and a line continued by a lower-case line are joined."""
    layout = _config().layout
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
    blocks: list[_Block] = []
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
            _Block(group[0][0], group[-1][1], joined, len(joined.split()), joined.lower())
        )
        group = []
    return blocks


def _is_wrapped(lines: list[tuple[int, int, str, int]], layout: _Layout) -> bool:
    inner = [a[2] for a, b in zip(lines, lines[1:], strict=False) if a[3] == b[3]]
    if len(inner) < layout.wrap_min_inner_lines:
        return False
    in_range = sum(layout.wrap_min_chars <= len(s) <= layout.wrap_max_chars for s in inner)
    open_end = sum(not _ends_sentence(s, layout) for s in inner)
    return (
        in_range >= layout.wrap_share_in_range * len(inner)
        and open_end >= layout.wrap_share_unpunctuated * len(inner)
    )


def _final_mark(text: str, layout: _Layout) -> str:
    body = text.rstrip(layout.closers + " ")
    return body[-1] if body else ""


def _ends_sentence(text: str, layout: _Layout) -> bool:
    mark = _final_mark(text, layout)
    return bool(mark) and mark in layout.sentence_end


def _classify(
    blocks: list[_Block],
    title: str | None,
    title_keys: Iterable[str],
    preset: Sequence[Span],
    headings: frozenset[int] = frozenset(),
) -> tuple[str | None, tuple[Span, ...], tuple[Span, ...], str | None]:
    """File each block as content or boilerplate; return the title, the
    paragraphs, the boilerplate and a byline author, if any. Blocks inside a
    ``preset`` span (sorted, from the HTML structure) take its label; blocks
    starting at an offset in ``headings`` are markup headings, never orphans."""
    cfg = _config()
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

    # Repeats of the headline, or of an earlier heading, are page furniture.
    seen_headings = set(keys)
    for i, b in enumerate(blocks):
        if labels[i] is not None or i == title_idx or not _is_heading(b, layout):
            continue
        key = normalize(b.text)
        if key in seen_headings:
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
    block: _Block, rules: tuple[_Rule, ...], *, tail: bool
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


def _is_headline(block: _Block, layout: _Layout) -> bool:
    return (
        layout.title_min_words <= block.words <= layout.title_max_words
        and len(block.text) <= layout.title_max_chars
        and _final_mark(block.text, layout) not in ".…;:,"
    )


def _is_heading(block: _Block, layout: _Layout) -> bool:
    return block.words <= layout.heading_max_words and not _ends_sentence(block.text, layout)


def _is_fragment(block: _Block, max_words: int, layout: _Layout) -> bool:
    return (
        block.words <= max_words
        and not _ends_sentence(block.text, layout)
        and not any(q in block.text for q in layout.quote_marks)
    )


# --------------------------------------------------------------------------- HTML


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
    cfg = _config().html
    with warnings.catch_warnings():
        # A short page that looks like a file name or XML is still a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(_clean_newlines(html), _parser_name())
    meta = _html_metadata(soup)
    _drop_noise(soup, cfg)
    blocks = _html_blocks(_content_root(soup, cfg), cfg)
    title = meta["og_title"] or meta["h1"]
    if not title and meta["title"]:
        title = _title_part(meta["title"], [b.text for b in blocks])
    candidates = [t for t in (title, meta["og_title"], meta["h1"], meta["title"],
                              meta["ld_title"]) if t]
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
    return _build(
        path,
        "\n\n".join(parts),
        candidates[0] if candidates else None,
        candidates,
        wrap=False,
        publisher=meta["publisher"],
        author=meta["author"],
        date=meta["date"],
        url=meta["url"],
        preset=preset,
        headings=frozenset(headings),
    )


@cache
def _parser_name() -> str:
    return "lxml" if find_spec("lxml") is not None else "html.parser"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _title_part(title: str, blocks: Sequence[str]) -> str:
    """The part of a ``<title>`` ("Site :: Headline", "Headline | Section |
    Site") that the page repeats as a block, else the whole title."""
    keys = {normalize(b) for b in blocks}
    parts = sorted(_TITLE_SEPARATORS.split(title), key=len, reverse=True)
    return next((p for p in parts if normalize(p) in keys), title)


def _html_metadata(soup: BeautifulSoup) -> dict[str, str | None]:
    def meta(*names: str) -> str | None:
        for tag in soup.find_all("meta"):
            key = (_attr(tag, "property") or _attr(tag, "name") or _attr(tag, "itemprop")).lower()
            if key in names:
                value = _squash(_attr(tag, "content"))
                if value:
                    return value
        return None

    def first_text(name: str) -> str | None:
        tag = soup.find(name)
        return (_squash(tag.get_text(" ")) or None) if isinstance(tag, Tag) else None

    ld = _json_ld(soup)
    publisher = meta("og:site_name") or ld.get("publisher")
    title = first_text("title")
    if title and publisher:
        # "<title>Headline | Site</title>": drop the site name.
        title = re.sub(rf"\s*[|–—:-]\s*{re.escape(publisher)}\s*$", "", title, flags=re.I) or title
    author = meta("author", "article:author", "byl", "parsely-author", "dc.creator")
    if author and author.startswith(("http://", "https://")):
        author = None  # article:author is often a profile URL, not a name
    if author:
        author = _BY_PREFIX.sub("", author) or None  # the NYT "byl" tag: "By A and B"
    time_tag = soup.find("time", attrs={"datetime": True})
    canonical = soup.find("link", rel="canonical")
    time_value = _squash(_attr(time_tag, "datetime")) if isinstance(time_tag, Tag) else ""
    canonical_url = _squash(_attr(canonical, "href")) if isinstance(canonical, Tag) else ""
    return {
        "og_title": meta("og:title", "twitter:title"),
        "h1": first_text("h1"),
        "title": title,
        "ld_title": ld.get("headline"),
        "publisher": publisher,
        "author": author or ld.get("author"),
        "date": meta("article:published_time", "datepublished", "date", "pubdate", "dc.date",
                     "parsely-pub-date")
        or ld.get("date")
        or time_value
        or None,
        "url": canonical_url or meta("og:url") or ld.get("url"),
    }


def _json_ld(soup: BeautifulSoup) -> dict[str, str]:
    """Headline, publisher, author, date and address of the first article
    object in the page's JSON-LD blocks (malformed blocks are ignored);
    ``{"@id": ...}`` references to objects elsewhere in the page are followed."""
    objects: list[dict[str, Any]] = []
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        try:
            data = json.loads(script.get_text())
        except (ValueError, RecursionError):
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
    by_id: dict[str, dict[str, Any]] = {}
    for item in objects:
        ident = item.get("@id")
        if isinstance(ident, str) and len(item) > 1:
            by_id.setdefault(ident, item)
    found: dict[str, str] = {}
    for item in objects:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and _ARTICLE_TYPE.search(k) for k in kinds):
            _ld_fields(item, found, by_id)
        if len(found) == 5:
            break
    return found


def _ld_fields(item: dict[str, Any], found: dict[str, str], by_id: dict[str, dict[str, Any]]) -> (
    None
):
    def name_of(value: Any, key: str = "name", depth: int = 0) -> str | None:
        if isinstance(value, str):
            return _squash(value) or None
        if isinstance(value, dict) and depth < 3:
            if key not in value and isinstance(value.get("@id"), str):
                value = by_id.get(value["@id"], value)
            return name_of(value.get(key), key, depth + 1)
        if isinstance(value, list) and depth < 3:
            names = [n for n in (name_of(v, key, depth + 1) for v in value[:10]) if n]
            return ", ".join(dict.fromkeys(names)) or None
        return None

    for field, source, key in (
        ("headline", "headline", "name"),
        ("publisher", "publisher", "name"),
        ("author", "author", "name"),
        ("date", "datePublished", "name"),
        ("url", "url", "@id"),
        ("url", "mainEntityOfPage", "@id"),
    ):
        value = name_of(item.get(source), key)
        if value and field not in found:
            found[field] = value


def _drop_noise(soup: BeautifulSoup, cfg: _HtmlConfig) -> None:
    doomed: list[Tag] = []
    for tag in soup.find_all(True):
        if tag.name in cfg.drop_tags:
            inside = cfg.kept_inside.get(tag.name)
            if not inside or tag.find_parent(inside) is None:
                doomed.append(tag)
        elif tag.name not in cfg.never_dropped and _is_noise(tag, cfg):
            doomed.append(tag)
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


def _is_noise(tag: Tag, cfg: _HtmlConfig) -> bool:
    if tag.has_attr("hidden") or _attr(tag, "aria-hidden").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(_attr(tag, "style")):
        return True
    if _attr(tag, "role").lower() in cfg.drop_roles:
        return True
    for token, parts in _tokens(tag, cfg):
        if token in cfg.noise_classes:
            return True
        if parts and parts[0] not in cfg.noise_flag_prefixes and cfg.noise_words & set(parts):
            return True
    return False


def _tokens(tag: Tag, cfg: _HtmlConfig) -> Iterator[tuple[str, list[str]]]:
    """Each lower-case class/id/component token of ``tag`` with its words (a
    custom element's own name, ``amp-ad``, counts too)."""
    attrs = tag.attrs
    values = [_attr(tag, "class")] if "class" in attrs else []
    values += [_CAMEL_HUMP.sub("-", _attr(tag, a)) for a in cfg.split_camel_case if a in attrs]
    if "-" in tag.name:
        values.append(tag.name)
    for token in " ".join(values).lower().split():
        yield token, [p for p in _TOKEN_SPLIT.split(token) if p]


def _label_of(tag: Tag, cfg: _HtmlConfig) -> str | None:
    """The boilerplate label a block element's class words give it, if it is short."""
    for token, parts in _tokens(tag, cfg):
        if parts and parts[0] in cfg.noise_flag_prefixes:
            continue
        label = cfg.label_words.get(token) or next(
            (cfg.label_words[p] for p in parts if p in cfg.label_words), None
        )
        if label:
            words = len(tag.get_text(" ").split())
            return label if words <= cfg.label_max_words else None
    return None


def _content_root(soup: BeautifulSoup, cfg: _HtmlConfig) -> Tag:
    body = soup.body or soup
    articles = [a for a in soup.find_all("article") if a.find_parent("article") is None]
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


class _Close(Enum):
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


class _Walk:
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

    def flush(self, cfg: _HtmlConfig) -> None:
        lines = [_squash("".join(pieces)) for pieces in self.lines]
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


def _html_blocks(root: Tag, cfg: _HtmlConfig) -> list[_HtmlBlock]:
    """The text blocks under ``root``, walked without recursion (hostile
    pages nest deeply); ``<br>`` becomes a line break inside a block."""
    walk = _Walk()
    alone = _lone_times(root, cfg)
    # Items: a node to enter, or a marker closing an element.
    stack: list[PageElement | _Close] = list(reversed(list(root.children)))
    while stack:
        node = stack.pop()
        if node is _Close.BLOCK:
            walk.flush(cfg)
            walk.elements.pop()
        elif node is _Close.LABELLED:
            walk.flush(cfg)
            walk.elements.pop()
            walk.labels.pop()
        elif node is _Close.QUOTE:
            walk.quote_depth -= 1
            walk.add("”" if walk.quote_depth % 2 == 0 else "’")
        elif node is _Close.LINK:
            walk.link_depth -= 1
            walk.closed = True
        elif node is _Close.INLINE:
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
            _enter(node, walk, stack, cfg, alone)
            if node.name != "br":
                stack.extend(reversed(list(node.children)))
    walk.flush(cfg)
    return walk.blocks


def _enter(
    node: Tag,
    walk: _Walk,
    stack: list[PageElement | _Close],
    cfg: _HtmlConfig,
    alone: set[int],
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
        label = _label_of(node, cfg)
    if label is not None:
        walk.flush(cfg)
        walk.labels.append(label)
        walk.elements.append(node.name)
        stack.append(_Close.LABELLED)
    elif node.name in cfg.block_tags:
        walk.flush(cfg)
        walk.elements.append(node.name)
        stack.append(_Close.BLOCK)
    elif node.name == "q":
        walk.add("“" if walk.quote_depth % 2 == 0 else "‘")
        walk.quote_depth += 1
        stack.append(_Close.QUOTE)
    elif node.name == "a" and node.has_attr("href"):
        walk.link_depth += 1
        walk.far_link = walk.far_link or not _attr(node, "href").startswith("#")
        walk.gap = walk.gap or walk.closed
        stack.append(_Close.LINK)
    else:
        walk.gap = walk.gap or walk.closed
        stack.append(_Close.INLINE)


def _lone_times(root: Tag, cfg: _HtmlConfig) -> set[int]:
    """ids of the ``<time>`` elements that make up the whole text of their
    block: a dateline widget, not a date inside a sentence."""
    alone: set[int] = set()
    for time in root.find_all("time"):
        parent = time.find_parent(cfg.block_tags)
        if parent is not None and _squash(parent.get_text()) == _squash(time.get_text()):
            alone.add(id(time))
    return alone
