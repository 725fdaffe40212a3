"""The settings of ``citeaudit eval`` in ``evaluate.toml``: overlap thresholds
and title-like quotes, the word lists that tell a proper name in a gold Source
span, and the size of the error table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import DataError
from . import integer, load_data, number, strings, table

NAME = "evaluate.toml"


@dataclass(frozen=True)
class EvaluateRules:
    """The validated settings of ``evaluate.toml``, in the forms the scorer
    uses: titles and suffixes case-folded, the never-a-name lists joined."""

    thresholds: tuple[float, ...]
    primary: float
    title_max_words: int
    title_small_words: frozenset[str]
    short_words: int
    not_names: frozenset[str]
    groups: frozenset[str]
    titles: frozenset[str]
    suffixes: frozenset[str]
    particles: frozenset[str]
    phrase_openers: frozenset[str]
    top_errors: int
    cue_skip: frozenset[str]


def _thresholds(data: Mapping[str, Any], key: str, name: str) -> tuple[float, ...]:
    # The one list of numbers among the data files: checked here, not by a shared reader.
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise DataError(name, f"{key!r} must be a non-empty list of numbers")
    return tuple(number({key: v}, key, name) for v in value)


@cache
def evaluate_rules() -> EvaluateRules:
    """The validated view of ``evaluate.toml`` (cached)."""
    data = load_data(NAME)
    quotes, names = table(data, "quotes", NAME), table(data, "names", NAME)
    report = table(data, "report", NAME)
    quotes_file, names_file, report_file = (
        f"{NAME} [quotes]",
        f"{NAME} [names]",
        f"{NAME} [report]",
    )
    return EvaluateRules(
        thresholds=_thresholds(quotes, "thresholds", quotes_file),
        primary=number(quotes, "primary", quotes_file),
        title_max_words=integer(quotes, "title_max_words", quotes_file),
        title_small_words=frozenset(strings(quotes, "title_small_words", quotes_file)),
        short_words=integer(quotes, "short_words", quotes_file),
        not_names=frozenset(strings(names, "pronouns", names_file))
        | frozenset(strings(names, "determiners", names_file))
        | frozenset(strings(names, "calendar", names_file)),
        groups=frozenset(strings(names, "groups", names_file)),
        titles=frozenset(t.casefold() for t in strings(names, "titles", names_file)),
        suffixes=frozenset(s.casefold() for s in strings(names, "suffixes", names_file)),
        particles=frozenset(strings(names, "particles", names_file)),
        phrase_openers=frozenset(strings(names, "phrase_openers", names_file)),
        top_errors=integer(report, "top_errors", report_file),
        cue_skip=frozenset(strings(report, "cue_skip", report_file)),
    )
