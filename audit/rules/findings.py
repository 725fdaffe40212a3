"""The finding rules of ``findings.toml``: each rule's kind, severity and
rationale, the words that disclose state media, and the title vocabulary used
to tell conflicting titles from two spellings of one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import cast

from ..errors import DataError
from ..models import SEVERITY_ORDER, Severity
from . import integer, load_data, strings, table

NAME = "findings.toml"


@dataclass(frozen=True)
class FindingRule:
    """One ``[rules.NAME]`` table: the finding kind it raises, its severity
    and the one-line rationale shown in reports."""

    name: str
    kind: str
    severity: Severity
    why: str


@dataclass(frozen=True)
class StateMediaWords:
    """``[state_media]``: disclosure words (casefolded) looked for within
    ``window`` characters before a state outlet's name."""

    window: int
    disclosure: tuple[str, ...]


@dataclass(frozen=True)
class TitleWords:
    """``[titles]``: words dropped from a title, status words (elect,
    former...) and synonyms mapped to one office word."""

    filler: frozenset[str]
    status: frozenset[str]
    synonyms: Mapping[str, str]


@dataclass(frozen=True)
class FindingsRules:
    """The validated content of ``findings.toml``."""

    rules: Mapping[str, FindingRule]
    state_media: StateMediaWords
    titles: TitleWords


def _text(data: Mapping[str, object], key: str, name: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise DataError(name, f"{key!r} must be a non-empty string")
    return value


def _rule(name: str, data: Mapping[str, object]) -> FindingRule:
    where = f"{NAME} [rules.{name}]"
    severity = _text(data, "severity", where)
    if severity not in SEVERITY_ORDER:
        raise DataError(where, "'severity' must be info, warning or error")
    return FindingRule(
        name, _text(data, "kind", where), cast(Severity, severity), _text(data, "why", where)
    )


@cache
def findings_rules() -> FindingsRules:
    """The validated view of ``findings.toml`` (cached)."""
    data = load_data(NAME)
    rules = table(data, "rules", NAME)
    state = table(data, "state_media", NAME)
    titles = table(data, "titles", NAME)
    synonyms = table(titles, "synonyms", f"{NAME} [titles]")
    return FindingsRules(
        rules={
            name: _rule(name, table(rules, name, f"{NAME} [rules]")) for name in rules
        },
        state_media=StateMediaWords(
            window=integer(state, "window", f"{NAME} [state_media]"),
            disclosure=tuple(
                w.casefold() for w in strings(state, "disclosure", f"{NAME} [state_media]")
            ),
        ),
        titles=TitleWords(
            filler=frozenset(strings(titles, "filler", f"{NAME} [titles]")),
            status=frozenset(strings(titles, "status", f"{NAME} [titles]")),
            synonyms={
                word: _text(synonyms, word, f"{NAME} [titles.synonyms]") for word in synonyms
            },
        ),
    )
