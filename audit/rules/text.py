"""The sentence-splitting lexicon of ``text.toml``: words after which a full
stop does not end a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import load_data, strings

NAME = "text.toml"


@dataclass(frozen=True)
class TextRules:
    """``abbreviations``: case-folded, final dot dropped ("mr", "u.s")."""

    abbreviations: frozenset[str]


@cache
def text_rules() -> TextRules:
    """The validated view of ``text.toml`` (cached)."""
    data = load_data(NAME)
    return TextRules(abbreviations=frozenset(strings(data, "abbreviations", NAME, required=True)))
