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
from . import integer, load_data, number, string_lists, strings, table

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
    ``window`` characters before a state outlet's name, and the words that
    make an unnamed source state media ("Regime media reported"), and the
    verbs by which it only passes on a named source ("cited the statement");
    the outlet kinds and opening words ("official", "state") of a disclosure
    whose words may be parted ("the official Chinese news agency").
    Disclosures count in the appositive after the name too."""

    window: int
    disclosure: tuple[str, ...]
    disclosure_kinds: tuple[str, ...]
    disclosure_openers: tuple[str, ...]
    unnamed: tuple[str, ...]
    passing_verbs: frozenset[str]


@dataclass(frozen=True)
class TitleWords:
    """``[titles]``: words dropped from a title, status words (elect,
    acting...), past status words (former...), the words that make a title
    someone else's office ("daughter of", a possessive), and synonyms mapped
    to one office word."""

    filler: frozenset[str]
    status: frozenset[str]
    past: frozenset[str]
    relation: tuple[str, ...]
    synonyms: Mapping[str, str]


@dataclass(frozen=True)
class AttributionWords:
    """``[speaker_conflict]``, ``[unattributed]`` and ``[vague]``: the direct
    speech cues an error needs (and the other forms of speech verbs that
    introduce a quote later in their sentence), how near a quote continues an attributed one
    or a name follows it (characters), how far back a lead-in sentence may
    start (characters), how long a headline quote may be (words), the words
    naming a document a quote was read in, the determiners before a quoted
    term, the words that make a vague-looking phrase a named institution (but
    not when it ends in an anonymous head: "an RT Russian service source"),
    the verb classes of sources.toml that credit no claim (stance, action),
    and the source kind the next sentence may name a vague head by (within
    ``named_next_chars`` of its start), the pronouns a lead-in sentence may
    open with (and those that stand only for a person), the words that open
    a clause rather than a subject, how many words may
    part such a pronoun from its speech cue and how many paragraphs back its
    antecedent may be named, the cues and relative-clause words by which a
    vague phrase credits a claim of its own, the heads, membership words
    and leader words that make a group of states a reader can name
    ("European allies", "leaders of member states"), the heads that count
    time or things, never people ("two years"), the representatives a
    party names ("Evergrande's lawyer", "a lawyer for the creditors") and
    the determiners and links by which a definite group refers back to a
    named one ("liquidators at Alvarez & Marsal ... The liquidators said"),
    the links by which a sentence names a group's members ("including"),
    and the words of a poll's share of a group ("30 percent of voters")."""

    direct_cues: frozenset[str]
    continuation_gap: int
    lead_in_chars: int
    headline_words: int
    min_words: int
    document_words: frozenset[str]
    reporting_forms: frozenset[str]
    term_determiners: frozenset[str]
    institution_words: frozenset[str]
    anonymous_heads: frozenset[str]
    not_claim_classes: tuple[str, ...]
    named_next: Mapping[str, str]
    named_next_chars: int
    lead_in_pronouns: frozenset[str]
    opening_stop: frozenset[str]
    person_pronouns: frozenset[str]
    pronoun_verb_words: int
    antecedent_paragraphs: int
    source_cues: frozenset[str]
    relative_glue: frozenset[str]
    state_group_heads: frozenset[str]
    membership_words: frozenset[str]
    group_leaders: frozenset[str]
    measure_heads: frozenset[str]
    representative_heads: frozenset[str]
    representative_links: frozenset[str]
    anaphor_determiners: frozenset[str]
    anaphor_links: frozenset[str]
    anaphor_chars: int
    anaphor_heads: frozenset[str]
    member_links: frozenset[str]
    share_words: frozenset[str]
    share_chars: int


@dataclass(frozen=True)
class VariantLimits:
    """``[quote_variants]``: the share of equal words that makes a variant
    an alteration, the longest phrase it may replace, the words below which
    an alteration needs one named speaker on both sides, and the score a
    member needs to pair with its reference."""

    alteration_min_equal: float
    alteration_max_run: int
    alteration_min_words: int
    pair_min_score: float


@dataclass(frozen=True)
class FindingsRules:
    """The validated content of ``findings.toml``."""

    rules: Mapping[str, FindingRule]
    state_media: StateMediaWords
    titles: TitleWords
    attribution: AttributionWords
    variants: VariantLimits


def _text(data: Mapping[str, object], key: str, name: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise DataError(name, f"{key!r} must be a non-empty string")
    return value


def _folded(data: Mapping[str, object], key: str, where: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in strings(data, key, where))


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
    speaker = table(data, "speaker_conflict", NAME)
    unattributed = table(data, "unattributed", NAME)
    vague = table(data, "vague", NAME)
    variants = table(data, "quote_variants", NAME)
    return FindingsRules(
        rules={
            name: _rule(name, table(rules, name, f"{NAME} [rules]")) for name in rules
        },
        state_media=StateMediaWords(
            window=integer(state, "window", f"{NAME} [state_media]"),
            disclosure=tuple(
                w.casefold() for w in strings(state, "disclosure", f"{NAME} [state_media]")
            ),
            disclosure_kinds=tuple(
                w.casefold() for w in strings(state, "disclosure_kinds", f"{NAME} [state_media]")
            ),
            disclosure_openers=tuple(
                w.casefold() for w in strings(state, "disclosure_openers",
                                              f"{NAME} [state_media]")
            ),
            unnamed=tuple(
                w.casefold() for w in strings(state, "unnamed", f"{NAME} [state_media]")
            ),
            passing_verbs=_folded(state, "passing_verbs", f"{NAME} [state_media]"),
        ),
        titles=TitleWords(
            filler=frozenset(strings(titles, "filler", f"{NAME} [titles]")),
            status=frozenset(strings(titles, "status", f"{NAME} [titles]")),
            past=frozenset(strings(titles, "past", f"{NAME} [titles]")),
            relation=tuple(r.casefold() for r in strings(titles, "relation", f"{NAME} [titles]")),
            synonyms={
                word: _text(synonyms, word, f"{NAME} [titles.synonyms]") for word in synonyms
            },
        ),
        attribution=AttributionWords(
            direct_cues=frozenset(
                w.casefold()
                for w in strings(speaker, "direct_cues", f"{NAME} [speaker_conflict]",
                                 required=True)
            ),
            continuation_gap=integer(unattributed, "continuation_gap", f"{NAME} [unattributed]"),
            lead_in_chars=integer(unattributed, "lead_in_chars", f"{NAME} [unattributed]"),
            headline_words=integer(unattributed, "headline_words", f"{NAME} [unattributed]"),
            min_words=integer(unattributed, "min_words", f"{NAME} [unattributed]"),
            document_words=frozenset(
                w.casefold() for w in strings(unattributed, "document_words",
                                              f"{NAME} [unattributed]")
            ),
            term_determiners=frozenset(
                w.casefold() for w in strings(unattributed, "term_determiners",
                                              f"{NAME} [unattributed]")
            ),
            institution_words=frozenset(
                w.casefold() for w in strings(vague, "institution_words", f"{NAME} [vague]")
            ),
            anonymous_heads=frozenset(
                w.casefold() for w in strings(vague, "anonymous_heads", f"{NAME} [vague]")
            ),
            not_claim_classes=strings(vague, "not_claim_classes", f"{NAME} [vague]"),
            named_next={
                head.casefold(): kind
                for kind, heads in string_lists(vague, "named_next", f"{NAME} [vague]").items()
                for head in heads
            },
            named_next_chars=integer(vague, "named_next_chars", f"{NAME} [vague]"),
            lead_in_pronouns=_folded(unattributed, "lead_in_pronouns", f"{NAME} [unattributed]"),
            reporting_forms=_folded(unattributed, "reporting_forms", f"{NAME} [unattributed]"),
            opening_stop=_folded(unattributed, "opening_stop", f"{NAME} [unattributed]"),
            person_pronouns=_folded(unattributed, "person_pronouns", f"{NAME} [unattributed]"),
            pronoun_verb_words=integer(unattributed, "pronoun_verb_words",
                                       f"{NAME} [unattributed]"),
            antecedent_paragraphs=integer(unattributed, "antecedent_paragraphs",
                                          f"{NAME} [unattributed]"),
            source_cues=_folded(vague, "source_cues", f"{NAME} [vague]"),
            relative_glue=_folded(vague, "relative_glue", f"{NAME} [vague]"),
            state_group_heads=_folded(vague, "state_group_heads", f"{NAME} [vague]"),
            membership_words=_folded(vague, "membership_words", f"{NAME} [vague]"),
            group_leaders=_folded(vague, "group_leaders", f"{NAME} [vague]"),
            measure_heads=_folded(vague, "measure_heads", f"{NAME} [vague]"),
            representative_heads=_folded(vague, "representative_heads", f"{NAME} [vague]"),
            representative_links=_folded(vague, "representative_links", f"{NAME} [vague]"),
            anaphor_determiners=_folded(vague, "anaphor_determiners", f"{NAME} [vague]"),
            anaphor_links=_folded(vague, "anaphor_links", f"{NAME} [vague]"),
            anaphor_chars=integer(vague, "anaphor_chars", f"{NAME} [vague]"),
            anaphor_heads=_folded(vague, "anaphor_heads", f"{NAME} [vague]"),
            member_links=_folded(vague, "member_links", f"{NAME} [vague]"),
            share_words=_folded(vague, "share_words", f"{NAME} [vague]"),
            share_chars=integer(vague, "share_chars", f"{NAME} [vague]"),
        ),
        variants=VariantLimits(
            alteration_min_equal=number(variants, "alteration_min_equal",
                                        f"{NAME} [quote_variants]"),
            alteration_max_run=integer(variants, "alteration_max_run",
                                       f"{NAME} [quote_variants]"),
            alteration_min_words=integer(variants, "alteration_min_words",
                                         f"{NAME} [quote_variants]"),
            pair_min_score=number(variants, "pair_min_score", f"{NAME} [quote_variants]"),
        ),
    )
