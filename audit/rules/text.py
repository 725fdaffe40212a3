"""The sentence-splitting lexicon of ``text.toml``: words after which a full
stop does not end a sentence, and how words of unspaced scripts are counted."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import integer, load_data, strings

NAME = "text.toml"


@dataclass(frozen=True)
class TextRules:
    """``abbreviations``: case-folded, final dot dropped ("mr", "u.s");
    ``chars_per_word``: characters of an unspaced script (Chinese, Japanese)
    counted as one word."""

    abbreviations: frozenset[str]
    chars_per_word: int


@cache
def text_rules() -> TextRules:
    """The validated view of ``text.toml`` (cached)."""
    data = load_data(NAME)
    return TextRules(
        abbreviations=frozenset(strings(data, "abbreviations", NAME, required=True)),
        chars_per_word=integer(data, "chars_per_word", NAME),
    )
