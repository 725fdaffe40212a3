"""The thresholds of ``match.toml``: quote comparison, grouping and look-up
(:class:`QuoteSettings`), reported-speech links (:class:`ReportedSettings`),
renderings of one statement (:class:`RenderingSettings`), people across
articles (:class:`PeopleRules`) and organisations spelled out with an
acronym (:class:`OrganisationRules`).

Each concern has its own loader, reading only its tables, so a missing
table or key fails where it is used, naming the file and the dotted key
(``quotes.variant_min_score``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import DataError
from . import integer, load_data, number, strings, table

NAME = "match.toml"


def _dotted(*names: str) -> dict[str, Any]:
    """The keys of the tables ``names`` of match.toml, each under its dotted
    name ("quotes.short_words"), so that an error names table and key."""
    data = load_data(NAME)
    return {f"{t}.{k}": v for t in names for k, v in table(data, t, NAME).items()}


def _string_rows(data: Mapping[str, Any], key: str) -> tuple[tuple[str, ...], ...]:
    """The list of lists of non-empty strings ``key`` of ``data``."""
    rows = data.get(key)
    if not isinstance(rows, list):
        raise DataError(NAME, f"{key!r} must be a list of lists of strings")
    return tuple(strings({key: row}, key, NAME) for row in rows)


def _endings(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """The list of strings ``key`` of ``data`` ("" is the bare stem),
    longest first: "skaya" is tried before "a"."""
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(NAME, f"{key!r} must be a list of strings")
    return tuple(sorted(value, key=lambda e: (-len(e), e)))


@dataclass(frozen=True)
class QuoteSettings:
    """How quotes are compared ([quotes]), blocked for grouping
    ([grouping]) and looked up ([lookup])."""

    variant_min_score: float
    short_words: int
    short_min_score: float
    partial_min_words: int
    partial_max_length_ratio: float
    max_chars: int
    stem_length: int
    shingle_size: int
    max_postings: int
    max_candidates: int
    lookup_min_score: float


@cache
def quote_settings() -> QuoteSettings:
    """The validated [quotes], [grouping] and [lookup] tables (cached)."""
    q = _dotted("quotes")
    g = _dotted("grouping")
    lk = _dotted("lookup")
    return QuoteSettings(
        variant_min_score=number(q, "quotes.variant_min_score", NAME),
        short_words=integer(q, "quotes.short_words", NAME),
        short_min_score=number(q, "quotes.short_min_score", NAME),
        partial_min_words=integer(q, "quotes.partial_min_words", NAME),
        partial_max_length_ratio=number(q, "quotes.partial_max_length_ratio", NAME),
        max_chars=integer(q, "quotes.max_chars", NAME),
        stem_length=integer(q, "quotes.stem_length", NAME),
        shingle_size=integer(g, "grouping.shingle_size", NAME),
        max_postings=integer(g, "grouping.max_postings", NAME),
        max_candidates=integer(g, "grouping.max_candidates", NAME),
        lookup_min_score=number(lk, "lookup.min_score", NAME),
    )


@dataclass(frozen=True)
class ReportedSettings:
    """How reported speech is linked to a quote group ([reported])."""

    min_score: float
    min_shared: int
    stem_length: int
    stop_words: frozenset[str]


@cache
def reported_settings() -> ReportedSettings:
    """The validated [reported] table (cached)."""
    r = _dotted("reported")
    return ReportedSettings(
        min_score=number(r, "reported.min_score", NAME),
        min_shared=integer(r, "reported.min_shared", NAME),
        stem_length=integer(r, "reported.stem_length", NAME),
        stop_words=frozenset(strings(r, "reported.stop_words", NAME)),
    )


@dataclass(frozen=True)
class RenderingSettings:
    """When two quotes in different groups render one statement ([renderings])."""

    min_words: int
    min_shared: int
    min_score: float
    unknown_speaker_min_score: float
    stem_length: int
    max_postings: int


@cache
def rendering_settings() -> RenderingSettings:
    """The validated [renderings] table (cached)."""
    r = _dotted("renderings")
    return RenderingSettings(
        min_words=integer(r, "renderings.min_words", NAME),
        min_shared=integer(r, "renderings.min_shared", NAME),
        min_score=number(r, "renderings.min_score", NAME),
        unknown_speaker_min_score=number(r, "renderings.unknown_speaker_min_score", NAME),
        stem_length=integer(r, "renderings.stem_length", NAME),
        max_postings=integer(r, "renderings.max_postings", NAME),
    )


@dataclass(frozen=True)
class OrganisationRules:
    """How spelled-out acronyms are read ([organisations])."""

    connectors: frozenset[str]
    max_connectors: int
    max_name_chars: int


@cache
def organisation_rules() -> OrganisationRules:
    """The validated [organisations] table (cached)."""
    o = _dotted("organisations")
    return OrganisationRules(
        connectors=frozenset(strings(o, "organisations.connectors", NAME)),
        max_connectors=integer(o, "organisations.max_connectors", NAME),
        max_name_chars=integer(o, "organisations.max_name_chars", NAME),
    )


@dataclass(frozen=True, eq=False)  # hashed by identity: a cached singleton, a cache key
class PeopleRules:
    """When two spellings name one person ([people]): spelling rules
    compiled, word lists as sets, surname endings longest first (the order
    they are tried in), given-name groups in file order."""

    surname_min_jw: float
    surname_max_edit_ratio: float
    min_fuzzy_surname: int
    given_min_jw: float
    max_sound_edits: int
    min_spelling_surname: int
    spelling_rules: tuple[tuple[re.Pattern[str], str], ...]
    loose_spelling_rules: tuple[tuple[re.Pattern[str], str], ...]
    title_stop_words: frozenset[str]
    masculine_endings: tuple[str, ...]
    feminine_endings: tuple[str, ...]
    particles: frozenset[str]
    suffixes: frozenset[str]
    honorifics: frozenset[str]
    male_honorifics: frozenset[str]
    female_honorifics: frozenset[str]
    given_name_groups: tuple[tuple[str, ...], ...]


def _rewrite_rules(data: Mapping[str, Any], key: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The [pattern, replacement] rows at ``key``, compiled."""
    rules = _string_rows(data, key)
    if any(len(rule) != 2 for rule in rules):
        raise DataError(NAME, f"'{key}' must hold [pattern, replacement] pairs")
    try:
        return tuple((re.compile(pattern), replacement) for pattern, replacement in rules)
    except re.error as exc:
        raise DataError(NAME, f"'{key}' has a bad pattern ({exc})") from exc


@cache
def people_rules() -> PeopleRules:
    """The validated [people] table (cached)."""
    p = _dotted("people")
    compiled = _rewrite_rules(p, "people.spelling_rules")
    return PeopleRules(
        surname_min_jw=number(p, "people.surname_min_jw", NAME),
        surname_max_edit_ratio=number(p, "people.surname_max_edit_ratio", NAME),
        min_fuzzy_surname=integer(p, "people.min_fuzzy_surname", NAME),
        given_min_jw=number(p, "people.given_min_jw", NAME),
        max_sound_edits=integer(p, "people.max_sound_edits", NAME),
        min_spelling_surname=integer(p, "people.min_spelling_surname", NAME),
        spelling_rules=compiled,
        loose_spelling_rules=_rewrite_rules(p, "people.loose_spelling_rules"),
        title_stop_words=frozenset(strings(p, "people.title_stop_words", NAME)),
        masculine_endings=_endings(p, "people.masculine_endings"),
        feminine_endings=_endings(p, "people.feminine_endings"),
        particles=frozenset(strings(p, "people.particles", NAME)),
        suffixes=frozenset(strings(p, "people.suffixes", NAME)),
        honorifics=frozenset(strings(p, "people.honorifics", NAME)),
        male_honorifics=frozenset(strings(p, "people.male_honorifics", NAME)),
        female_honorifics=frozenset(strings(p, "people.female_honorifics", NAME)),
        given_name_groups=_string_rows(p, "people.given_name_groups"),
    )
