"""The attribution cues of ``cues.toml``: speech verbs with every inflection
matched (no stemmer), and cue phrases by family."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

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
