"""The vague attributions of ``vague.toml``: the unnamed-group noun phrases
("officials said", "a person familiar with the matter"), the qualifiers of
unverifiable documents ("leaked") and the phrases that are cue and vague
source at once ("reportedly")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..errors import DataError
from . import load_data, strings, table

NAME = "vague.toml"


@dataclass(frozen=True)
class VagueNoun:
    """The ``[noun]`` table: the parts of a vague noun phrase (regex fragments
    where the file says so)."""

    modifiers: tuple[str, ...]
    partitive: str  # a pattern ("one of his"), empty when absent
    heads: tuple[str, ...]
    heads_with_tail: tuple[str, ...]
    singular: tuple[str, ...]
    quantifiers: tuple[str, ...]
    singular_determiners: tuple[str, ...]
    tails: tuple[str, ...]
    named_heads: tuple[str, ...] = ()  # named groups of these are organisations


@dataclass(frozen=True)
class DirectEntry:
    """One ``[[direct]]`` phrase: the source name reported, its pattern, and the
    words one of which a sentence must hold before the pattern is tried."""

    name: str
    pattern: str
    triggers: tuple[str, ...]


@dataclass(frozen=True)
class Vague:
    """The validated content of ``vague.toml``."""

    noun: VagueNoun
    document_qualifiers: tuple[str, ...]  # [documents] qualifiers ("leaked")
    direct: tuple[DirectEntry, ...]


@cache
def vague() -> Vague:
    """The validated view of ``vague.toml`` (cached)."""
    data = load_data(NAME)
    noun = table(data, "noun", NAME)
    partitive = noun.get("partitive", "")
    if not isinstance(partitive, str):
        raise DataError(NAME, "[noun] partitive must be a string")
    raw = data.get("direct", [])
    if not isinstance(raw, list):
        raise DataError(NAME, "[[direct]] must be an array of tables")
    direct = []
    for item in raw:
        if not isinstance(item, dict) or not {"name", "pattern"} <= set(item):
            raise DataError(NAME, f"direct entry needs name and pattern: {item!r}")
        direct.append(
            DirectEntry(str(item["name"]), str(item["pattern"]), strings(item, "triggers", NAME))
        )
    return Vague(
        noun=VagueNoun(
            modifiers=strings(noun, "modifiers", NAME),
            partitive=partitive,
            heads=strings(noun, "heads", NAME),
            heads_with_tail=strings(noun, "heads_with_tail", NAME),
            singular=strings(noun, "singular", NAME),
            quantifiers=strings(noun, "quantifiers", NAME),
            singular_determiners=strings(noun, "singular_determiners", NAME),
            tails=strings(noun, "tails", NAME),
            named_heads=strings(noun, "named_heads", NAME),
        ),
        document_qualifiers=strings(table(data, "documents", NAME), "qualifiers", NAME),
        direct=tuple(direct),
    )
