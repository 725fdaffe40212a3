"""The attribution cues of ``cues.toml``: speech verbs with every inflection
matched (no stemmer), and cue phrases by family; and the speech verbs folded
for look-ups, as the people and quotes stages use them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from ..text import fold_word
from . import load_data, string_lists

NAME = "cues.toml"


@dataclass(frozen=True)
class Cues:
    """Speech verbs (lemma to its forms, in file order) and cue phrases."""

    verbs: Mapping[str, tuple[str, ...]]
    phrases: Mapping[str, tuple[str, ...]]


@cache
def cues() -> Cues:
    """The validated view of ``cues.toml`` (cached)."""
    data = load_data(NAME)
    return Cues(
        verbs=string_lists(data, "verbs", NAME), phrases=string_lists(data, "phrases", NAME)
    )


@dataclass(frozen=True)
class SpeechVerbs:
    """The speech verbs of ``cues.toml`` as the parsers look words up: every
    form folded (``text.fold_word``), one-word forms apart from two-word ones."""

    # One-word form -> its lemma; a form listed under two lemmas keeps the
    # first lemma in alphabetical order.
    forms: Mapping[str, str]
    pairs: Mapping[tuple[str, str], str]  # two-word forms ("pointed", "out") -> lemma
    # First words of forms that can follow "was"/"were" (a passive): "-ed",
    # "-en", "-wn" forms and "said", "told", "thought".
    participles: frozenset[str]
    # Each lemma's first word ("say", "point"): the bare plural present,
    # which a plural subject takes ("Experts say").
    bare_plurals: frozenset[str]


@cache
def speech_verbs() -> SpeechVerbs:
    """The speech verbs of ``cues()``, folded for look-ups (cached)."""
    forms: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    participles: set[str] = set()
    verbs = cues().verbs
    for lemma, inflections in sorted(verbs.items()):
        for form in inflections:
            parts = fold_word(form).split()
            if len(parts) == 1:
                forms.setdefault(parts[0], lemma)
            elif len(parts) == 2:
                pairs.setdefault((parts[0], parts[1]), lemma)
            if parts[0].endswith(("ed", "en", "wn")) or parts[0] in ("said", "told", "thought"):
                participles.add(parts[0])
    return SpeechVerbs(
        forms=forms,
        pairs=pairs,
        participles=frozenset(participles),
        bare_plurals=frozenset(fold_word(lemma.split("_")[0]) for lemma in verbs),
    )
