"""The name lexicons of ``people.toml``: titles, honorifics, name parts and the
words that are never a person's name. The file compares every entry
case-insensitively after folding curly marks, so the view holds each list
folded (``text.fold_word``), ready for look-ups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..text import fold_word
from . import load_data, strings, table

NAME = "people.toml"


@dataclass(frozen=True)
class NonNames:
    """``[never]``: capitalised words that are never part of a person's name."""

    function_words: frozenset[str]  # "As", "The": capitalised at a sentence start only
    months: frozenset[str]
    days: frozenset[str]
    demonyms: frozenset[str]
    countries: frozenset[str]  # "Kenya", "United States": never a quote's speaker
    organisations: frozenset[str]
    institutions: frozenset[str]  # "Foundation", "Party": end a name even after a title
    groups: frozenset[str]  # "Officials", "Experts": plural nouns opening sentences
    every: frozenset[str]  # the words of every list of ``[never]``, those above and the rest

    @property
    def common_capitals(self) -> frozenset[str]:
        """Capitalised words that name no one: groups ("Officials"), function
        words ("The"), months and days."""
        return self.groups | self.function_words | self.months | self.days


@dataclass(frozen=True)
class PeopleLexicon:
    """The validated, folded view of ``people.toml``."""

    roles: frozenset[str]  # role nouns a title must hold ("spokesman")
    modifiers: frozenset[str]  # words qualifying a role ("deputy", "foreign")
    abbreviations: frozenset[str]  # title abbreviations with their stop ("sen.")
    places: frozenset[str]  # AP state abbreviations ("pa."): their stop ends no sentence
    connectors: frozenset[str]  # words between title words ("of", "for")
    honorifics: frozenset[str]  # "mr", "mrs", "dr"
    particles: frozenset[str]  # lower-case name parts ("de", "van")
    suffixes: frozenset[str]  # generational suffixes ("jr.", "iii")
    hyphen_prefixes: frozenset[str]  # "al" of "al-Assad"
    given_names: frozenset[str]  # listed given names ("peter")
    never: NonNames


def _folded(data: Mapping[str, Any], key: str, name: str) -> frozenset[str]:
    return frozenset(fold_word(word) for word in strings(data, key, name))


@cache
def people_lexicon() -> PeopleLexicon:
    """The validated view of ``people.toml`` (cached)."""
    data = load_data(NAME)
    titles = table(data, "titles", NAME)
    names = table(data, "names", NAME)
    never = table(data, "never", NAME)
    in_titles, in_names, in_never = f"{NAME} [titles]", f"{NAME} [names]", f"{NAME} [never]"
    return PeopleLexicon(
        roles=_folded(titles, "roles", in_titles),
        modifiers=_folded(titles, "modifiers", in_titles),
        abbreviations=_folded(titles, "abbreviations", in_titles),
        places=_folded(titles, "places", in_titles),
        connectors=_folded(titles, "connectors", in_titles),
        honorifics=_folded(table(data, "honorifics", NAME), "forms", f"{NAME} [honorifics]"),
        particles=_folded(names, "particles", in_names),
        suffixes=_folded(names, "suffixes", in_names),
        hyphen_prefixes=_folded(names, "hyphen_prefixes", in_names),
        given_names=_folded(table(data, "given_names", NAME), "hints", f"{NAME} [given_names]"),
        never=NonNames(
            function_words=_folded(never, "function_words", in_never),
            months=_folded(never, "months", in_never),
            days=_folded(never, "days", in_never),
            demonyms=_folded(never, "demonyms", in_never),
            countries=_folded(never, "countries", in_never),
            organisations=_folded(never, "organisations", in_never),
            institutions=_folded(never, "institutions", in_never),
            groups=_folded(never, "groups", in_never),
            every=frozenset().union(*(_folded(never, key, in_never) for key in never)),
        ),
    )
