"""The attribution rules of ``quotes.toml``: what may stand between a speaker
and a speech verb, which pronouns stand for a speaker, how short a scare quote
or a quoted title is, and how long reported speech must be."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import integer, load_data, strings, table

NAME = "quotes.toml"


@dataclass(frozen=True)
class QuoteRules:
    """The validated view of ``quotes.toml``."""

    pronouns: frozenset[str]  # subject pronouns that take a recent speaker ("he")
    between: frozenset[str]  # words between a subject and its verb ("has", "also")
    noun_like: frozenset[str]  # cue lemmas whose -s form is also a plural noun ("reports")
    passive: frozenset[str]  # auxiliaries that make a participle cue passive ("were")
    prepositions: frozenset[str]  # a mention after one is an object ("with Putin")
    bare_clause: frozenset[str]  # cue lemmas reporting a clause without "that" ("say")
    evidence: frozenset[str]  # cue lemmas of evidence, not speech ("show", "find")
    channels: frozenset[str]  # cue lemmas of an outlet passing words on ("report")
    past_forms: frozenset[str]  # irregular past-tense verbs ("went", "shot")
    fragment_words: int  # longest scare-quoted fragment, in words
    title_words: int  # longest quoted title of a work ("Meet the Press"), in words
    title_small: frozenset[str]  # lower-case words inside such titles ("the", "of")
    reported_words: int  # shortest reported speech kept, in words
    heading_words: int  # longest heading before a quote list's first quote, in words
    label_words: int  # longest label before a colon naming a speaker ("WALLACE:")
    question_labels: frozenset[str]  # an interview's question labels ("q")
    answer_labels: frozenset[str]  # an interview's answer labels ("a")
    bullets: frozenset[str]  # characters opening a bullet paragraph ("•")
    quoting_verbs: frozenset[str]  # "quoted" of "quoted X as saying"
    saying_forms: frozenset[str]  # "saying" of "quoted X as saying"
    never_labels: frozenset[str]  # never a speaker: "Translation", "Phone"
    interview_verbs: frozenset[str]  # "X interviewed Y": X never speaks Y's quotes
    documents: frozenset[str]  # nouns of a document speaking for its issuer ("statement")
    document_reach: int  # characters "the statement said" looks back for its issuer
    stand_for: Mapping[str, frozenset[str]]  # "court" -> roles it stands for ("judge")
    gender: Mapping[str, frozenset[str]]  # pronoun -> honorifics showing it ("she": "ms")
    given_gender: Mapping[str, frozenset[str]]  # pronoun -> given names showing it


@cache
def quote_rules() -> QuoteRules:
    """The validated view of ``quotes.toml`` (cached)."""
    data = load_data(NAME)
    att = table(data, "attribution", NAME)
    title = table(data, "title", NAME)
    in_att, in_title = f"{NAME} [attribution]", f"{NAME} [title]"
    in_docs = f"{NAME} [documents]"
    in_layout, in_quoted, in_never = f"{NAME} [layout]", f"{NAME} [quoted_as]", f"{NAME} [never]"

    def layout(key: str) -> tuple[str, ...]:
        return strings(table(data, "layout", NAME), key, in_layout)
    return QuoteRules(
        pronouns=frozenset(strings(att, "pronouns", in_att)),
        between=frozenset(strings(att, "between", in_att)),
        noun_like=frozenset(strings(att, "noun_like", in_att)),
        passive=frozenset(strings(att, "passive", in_att)),
        prepositions=frozenset(strings(att, "prepositions", in_att)),
        bare_clause=frozenset(strings(att, "bare_clause", in_att)),
        evidence=frozenset(strings(att, "evidence", in_att)),
        channels=frozenset(strings(att, "channels", in_att)),
        past_forms=frozenset(strings(att, "past_forms", in_att)),
        fragment_words=integer(table(data, "fragment", NAME), "max_words", f"{NAME} [fragment]"),
        title_words=integer(title, "max_words", in_title),
        title_small=frozenset(strings(title, "small_words", in_title)),
        reported_words=integer(table(data, "reported", NAME), "min_words", f"{NAME} [reported]"),
        heading_words=integer(table(data, "layout", NAME), "heading_words", in_layout),
        label_words=integer(table(data, "layout", NAME), "label_words", in_layout),
        question_labels=frozenset(layout("question_labels")),
        answer_labels=frozenset(layout("answer_labels")),
        bullets=frozenset(layout("bullets")),
        quoting_verbs=frozenset(strings(table(data, "quoted_as", NAME), "verbs", in_quoted)),
        saying_forms=frozenset(strings(table(data, "quoted_as", NAME), "saying", in_quoted)),
        never_labels=frozenset(strings(table(data, "never", NAME), "labels", in_never)),
        interview_verbs=frozenset(
            strings(table(data, "never", NAME), "interview_verbs", in_never)
        ),
        documents=frozenset(strings(table(data, "documents", NAME), "nouns", in_docs)),
        document_reach=integer(table(data, "documents", NAME), "reach", in_docs),
        stand_for=_lists(table(data, "stand_for", NAME), "stand_for"),
        gender=_lists(table(data, "gender", NAME), "gender"),
        given_gender=_lists(table(data, "given_gender", NAME), "given_gender"),
    )


def _lists(data: Mapping[str, Any], name: str) -> dict[str, frozenset[str]]:
    """A table of word lists ([gender], [stand_for]): each key and its words."""
    return {key: frozenset(strings(data, key, f"{NAME} [{name}]")) for key in sorted(data)}
