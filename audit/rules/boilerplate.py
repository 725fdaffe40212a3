"""The page boilerplate rules of ``boilerplate.toml``: the text layout
thresholds (headlines, headings, hard wraps, decoding), the ``[[rule]]``
patterns that file a block as boilerplate, and the HTML extraction settings.
Patterns are compiled here, once, so a bad one fails as a :class:`DataError`
naming the rule instead of deep inside ingest."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import DataError
from . import boolean, integer, load_data, number, string, string_lists, strings, table, tables

NAME = "boilerplate.toml"


@dataclass(frozen=True)
class BoilerplateRule:
    """One ``[[rule]]``: a block of at most ``max_words`` words that
    ``pattern`` matches whole is boilerplate labelled ``name``."""

    name: str
    pattern: re.Pattern[str]  # the rule's patterns as one alternation
    needs: tuple[str, ...]  # a match contains one of these (lower case)
    max_words: int
    tail_only: bool


@dataclass(frozen=True)
class TextLayout:
    """``[layout]``: what makes a block a headline, heading, fragment or
    wrapped line, and how bytes are decoded (see the file's comments)."""

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
    utf8_min_valid_per_invalid: float
    utf16_min_nul_share: float


@dataclass(frozen=True)
class HtmlRules:
    """``[html]``: which elements hold no text, which start or label a block,
    and how the page's blocks are matched to trafilatura's text."""

    skip_tags: frozenset[str]
    hidden_classes: frozenset[str]
    furniture_max_words: int
    furniture_tags: frozenset[str]
    kept_inside: Mapping[str, frozenset[str]]
    furniture_roles: frozenset[str]
    furniture_words: frozenset[str]
    never_furniture: frozenset[str]
    block_tags: frozenset[str]
    block_labels: Mapping[str, str]
    flag_prefixes: frozenset[str]
    split_camel_case: tuple[str, ...]
    label_words: Mapping[str, str]
    label_max_words: int
    heading_tags: frozenset[str]
    link_label: str
    match_min_words: int
    match_share: float
    above_headline_share: float
    whole_page_max_words: int
    article_min_share: float
    article_min_of_articles: float
    sniff: re.Pattern[str]
    class_hint: re.Pattern[str]


@dataclass(frozen=True)
class Boilerplate:
    """The validated view of ``boilerplate.toml``; ``rules`` in file order
    (the first that fires wins)."""

    layout: TextLayout
    rules: tuple[BoilerplateRule, ...]
    html: HtmlRules


@cache
def boilerplate_rules() -> Boilerplate:
    """The validated, compiled view of ``boilerplate.toml`` (cached)."""
    data = load_data(NAME)
    return Boilerplate(
        layout=_layout(table(data, "layout", NAME)),
        rules=tuple(
            _rule(r, f"{NAME} [[rule]] #{i + 1}") for i, r in enumerate(tables(data, "rule", NAME))
        ),
        html=_html(table(data, "html", NAME)),
    )


def _compile(pattern: str, flags: int, name: str, key: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataError(name, f"{key!r} is not a valid pattern ({exc})") from exc


def _layout(lay: Mapping[str, Any]) -> TextLayout:
    where = f"{NAME} [layout]"
    encodings = strings(lay, "fallback_encodings", where, required=True)
    for encoding in encodings:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise DataError(where, f"'fallback_encodings': unknown encoding {encoding!r}") from exc
    return TextLayout(
        sentence_end=string(lay, "sentence_end", where),
        closers=string(lay, "closers", where),
        quote_marks=string(lay, "quote_marks", where),
        title_min_words=integer(lay, "title_min_words", where),
        title_max_words=integer(lay, "title_max_words", where),
        title_max_chars=integer(lay, "title_max_chars", where),
        heading_max_words=integer(lay, "heading_max_words", where),
        orphan_max_words=integer(lay, "orphan_max_words", where),
        tail_max_words=integer(lay, "tail_max_words", where),
        wrap_min_chars=integer(lay, "wrap_min_chars", where),
        wrap_max_chars=integer(lay, "wrap_max_chars", where),
        wrap_min_inner_lines=integer(lay, "wrap_min_inner_lines", where),
        wrap_share_in_range=number(lay, "wrap_share_in_range", where),
        wrap_share_unpunctuated=number(lay, "wrap_share_unpunctuated", where),
        binary_control_share=number(lay, "binary_control_share", where),
        fallback_encodings=encodings,
        utf8_min_valid_per_invalid=number(lay, "utf8_min_valid_per_invalid", where),
        utf16_min_nul_share=number(lay, "utf16_min_nul_share", where),
    )


def _rule(rule: Mapping[str, Any], where: str) -> BoilerplateRule:
    patterns = strings(rule, "patterns", where, required=True)
    flags = re.I if boolean(rule, "ignore_case", where, True) else 0
    return BoilerplateRule(
        name=string(rule, "name", where),
        pattern=_compile("|".join(f"(?:{p})" for p in patterns), flags, where, "patterns"),
        needs=tuple(n.lower() for n in strings(rule, "needs", where)),
        max_words=integer(rule, "max_words", where),
        tail_only=boolean(rule, "tail_only", where, False),
    )


def _string_table(data: Mapping[str, Any], key: str, name: str) -> dict[str, str]:
    tab = table(data, key, name)
    return {k: string(tab, k, f"{name} [{key}]") for k in tab}


def _html(html: Mapping[str, Any]) -> HtmlRules:
    where = f"{NAME} [html]"

    def words(key: str) -> frozenset[str]:
        return frozenset(strings(html, key, where, required=True))

    return HtmlRules(
        skip_tags=words("skip_tags"),
        hidden_classes=words("hidden_classes"),
        furniture_max_words=integer(html, "furniture_max_words", where),
        furniture_tags=words("furniture_tags"),
        kept_inside={
            k: frozenset(v) for k, v in string_lists(html, "kept_inside", where).items()
        },
        furniture_roles=words("furniture_roles"),
        furniture_words=words("furniture_words"),
        never_furniture=words("never_furniture"),
        block_tags=words("block_tags"),
        block_labels=_string_table(html, "block_labels", where),
        flag_prefixes=words("flag_prefixes"),
        split_camel_case=tuple(sorted(strings(html, "split_camel_case", where, required=True))),
        label_words=_string_table(html, "label_words", where),
        label_max_words=integer(html, "label_max_words", where),
        heading_tags=words("heading_tags"),
        link_label=string(html, "link_label", where),
        match_min_words=integer(html, "match_min_words", where),
        match_share=number(html, "match_share", where),
        above_headline_share=number(html, "above_headline_share", where),
        whole_page_max_words=integer(html, "whole_page_max_words", where),
        article_min_share=number(html, "article_min_share", where),
        article_min_of_articles=number(html, "article_min_of_articles", where),
        sniff=_compile(string(html, "sniff", where), 0, where, "sniff"),
        # Any furniture or label word inside a class/id value (lower-cased): a
        # value without one needs no splitting into tokens.
        class_hint=re.compile(
            "|".join(
                re.escape(w)
                for w in sorted(words("furniture_words") | set(_string_table(
                    html, "label_words", where)), key=len, reverse=True)
            )
        ),
    )
