"""The word sets speaker attribution consults, drawn once from three data
views: the speech verbs of ``cues.toml``, the attribution rules of
``quotes.toml`` and the titles and non-names of ``people.toml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from ...rules.cues import speech_verbs
from ...rules.people import people_lexicon
from ...rules.quotes import quote_rules


@dataclass(frozen=True)
class AttributionRules:
    """Every look-up of the quotes stage, each word folded like ``Word.key``."""

    forms: Mapping[str, str]  # inflected single-word cue -> lemma
    pairs: Mapping[tuple[str, str], str]  # two-word cues ("pointed out") -> lemma
    participles: frozenset[str]  # forms that can follow "was"/"were" (passive)
    pronouns: frozenset[str]
    gender: Mapping[str, frozenset[str]]  # pronoun -> honorifics showing it ("she": "ms")
    given_gender: Mapping[str, frozenset[str]]  # pronoun -> given names showing it ("she": "ann")
    between: frozenset[str]
    passive: frozenset[str]
    prepositions: frozenset[str]
    bare_clause: frozenset[str]
    noun_like: frozenset[str]  # "states", "reports": plural nouns as often as verbs
    roles: frozenset[str]
    stand_for: Mapping[str, frozenset[str]]  # "court" -> the roles it stands for ("judge")
    documents: frozenset[str]  # nouns of a document speaking for its issuer ("statement")
    document_reach: int  # characters "the statement said" looks back for its issuer
    modifiers: frozenset[str]
    function_words: frozenset[str]  # "As", "The": capitalised at a sentence start only
    not_speakers: frozenset[str]  # "Officials", "This": capitalised but naming no one
    calendar: frozenset[str]  # "Monday", "March": "said Monday" has no inverted subject
    abbreviations: frozenset[str]  # "lt", "gov", "mr": a stop after them ends no sentence
    past_forms: frozenset[str]  # irregular past-tense verbs ("went", "shot")
    fragment_words: int
    reported_words: int
    evidence: frozenset[str]  # cue lemmas of evidence, not speech ("show", "find")
    title_words: int  # longest quoted title of a work ("Meet the Press")
    heading_words: int  # longest heading before a quote list's first quote
    title_small: frozenset[str]  # lower-case words inside such titles
    cue_words: frozenset[str]  # every word that may start a cue ("said", "according")


@cache
def attribution_rules() -> AttributionRules:
    """The quotes stage's word sets (cached)."""
    verbs = speech_verbs()
    quotes = quote_rules()
    people = people_lexicon()
    never = people.never
    return AttributionRules(
        forms=verbs.forms,
        pairs=verbs.pairs,
        participles=verbs.participles,
        pronouns=quotes.pronouns,
        gender=quotes.gender,
        given_gender=quotes.given_gender,
        between=quotes.between,
        passive=quotes.passive,
        prepositions=quotes.prepositions,
        bare_clause=quotes.bare_clause,
        noun_like=quotes.noun_like,
        roles=people.roles | frozenset(quotes.stand_for),
        stand_for=quotes.stand_for,
        documents=quotes.documents,
        document_reach=quotes.document_reach,
        modifiers=people.modifiers,
        function_words=never.function_words,
        not_speakers=never.common_capitals | never.demonyms,
        calendar=never.months | never.days,
        abbreviations=frozenset(
            a.rstrip(".")
            for a in people.abbreviations | people.places | people.honorifics | people.suffixes
        )
        | frozenset(["st", "no", "vs", "etc", "inc", "co", "corp", "ltd", "jan", "feb", "aug"]),
        past_forms=quotes.past_forms,
        fragment_words=quotes.fragment_words,
        evidence=quotes.evidence,
        title_words=quotes.title_words,
        heading_words=quotes.heading_words,
        title_small=quotes.title_small,
        reported_words=quotes.reported_words,
        cue_words=frozenset(verbs.forms) | frozenset(a for a, _ in verbs.pairs) | {"according"},
    )
