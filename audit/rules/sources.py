"""The attribution grammar of ``sources.toml``: how a cue ties to the source
it names (subjects of verbs, citation chains, pronouns, documents, verb
classes and idioms, claim nouns, colon labels, unknown names).

Each table is one frozen record whose fields are named like the file's keys;
the comments of ``sources.toml`` say what each list holds and how it was
calibrated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import DataError
from . import load_data, string_lists, strings, table

NAME = "sources.toml"

_SOURCE_KINDS = frozenset({"organisation", "outlet", "vague", "document"})


@dataclass(frozen=True)
class SubjectRules:
    """``[subject]``: finding the phrase a cue verb is said by."""

    glue: tuple[str, ...]  # regex fragments
    not_adverbs: tuple[str, ...]
    passive_auxiliaries: tuple[str, ...]
    blocking: tuple[str, ...]
    institution_lemmas: tuple[str, ...]
    document_lemmas: tuple[str, ...]
    document_forms: tuple[str, ...]
    weak_lemmas: tuple[str, ...]
    person_lemmas: tuple[str, ...]
    weak_followers: tuple[str, ...]
    particles: tuple[str, ...]
    inversion_lemmas: tuple[str, ...]
    lead_in: tuple[str, ...]
    postmodifiers: tuple[str, ...]
    determiners: tuple[str, ...]
    auxiliaries: tuple[str, ...]
    days: tuple[str, ...]
    infinitive_markers: tuple[str, ...]
    catenatives: tuple[str, ...]
    subject_pronouns: tuple[str, ...]
    participle_links: tuple[str, ...]
    object_control: tuple[str, ...]
    noun_phrase_openers: tuple[str, ...]
    noun_phrase_documents: tuple[str, ...]
    articles: tuple[str, ...]
    inversion_followers: tuple[str, ...]
    others: tuple[str, ...]
    description_openers: tuple[str, ...]
    object_lemmas: tuple[str, ...]
    no_comment: tuple[str, ...]  # regex fragments
    relatives: tuple[str, ...]
    coordinators: tuple[str, ...]
    noun_phrase_max_words: int = 6
    description_max_words: int = 8
    segments_back: int = 4
    apposition_max_words: int = 14
    apposition_quote_chars: int = 0
    adverb_suffix: str = "ly"


@dataclass(frozen=True)
class ChainRules:
    """``[chains]``: citation chains and prepositional cues."""

    citing: tuple[str, ...]
    extra_phrases: tuple[str, ...]
    outlet_only: tuple[str, ...]
    citer_gap_words: tuple[str, ...]
    outlet_object_lemmas: tuple[str, ...]
    channel_subject_lemmas: tuple[str, ...]
    noun_phrase_cues: tuple[str, ...]
    quoted_verbs: tuple[str, ...]
    by_participles: tuple[str, ...]
    citer_gap: int = 6
    noun_phrase_max_words: int = 20
    agent_gap: int = 8


@dataclass(frozen=True)
class PronounRules:
    """``[pronouns]``: pronouns resolved to the person named last."""

    subject: tuple[str, ...]
    object: tuple[str, ...]
    window: int = 2


@dataclass(frozen=True)
class DocumentRules:
    """``[documents]``: document phrases ("a CNN/ORC poll")."""

    heads: tuple[str, ...]
    survey_heads: tuple[str, ...]
    determiners: tuple[str, ...]
    marked: tuple[str, ...]
    modifiers: tuple[str, ...]


@dataclass(frozen=True)
class PossessiveRules:
    """``[possessive]``: "Trump's claim that"."""

    nouns: tuple[str, ...]
    max_modifiers: int = 2


@dataclass(frozen=True)
class NominalRules:
    """``[nominal]``: "criticism from Clinton"."""

    nouns: tuple[str, ...]
    links: tuple[str, ...]


@dataclass(frozen=True)
class ColonRules:
    """``[colon]``: labels before a colon ("TAPPER:")."""

    stop: tuple[str, ...]
    max_words: int = 4
    topic_max_words: int = 8


@dataclass(frozen=True)
class CreditRules:
    """``[credits]``: wire, dateline and foot credits ("MOSCOW, Jan 12
    (Reuters) -", "/TASS/", "Source: Bernama", "— AFP") and a signature's
    channel ("Name (BT Sport)")."""

    months: tuple[str, ...]  # month names and abbreviations of a dateline's date
    labels: tuple[str, ...]  # words before a colon that credit what follows ("Source:")
    boilerplate: tuple[str, ...]  # boilerplate labels whose text is read for credits only
    reporters: tuple[str, ...]  # "IRNA's reporter": an outlet's journalist makes it a channel
    place_words: int = 4  # most words in a dateline's place
    name_words: int = 5  # most words in a credited name
    head_chars: int = 120  # how far into a paragraph a dateline credit may end


@dataclass(frozen=True)
class FallbackRules:
    """``[fallback]``: capitalised names no list knows."""

    honorifics: tuple[str, ...]
    stop: tuple[str, ...]
    max_words: int = 5


@dataclass(frozen=True)
class VerbClass:
    """One ``[classes.<name>]`` table: a class of attribution verbs."""

    subjects: tuple[str, ...]  # kinds besides person its verbs may be said by
    lemmas: tuple[str, ...]  # cues.toml lemmas of the class
    verbs: Mapping[str, tuple[str, ...]]  # the class's own verbs: lemma -> forms


@dataclass(frozen=True)
class IdiomEntry:
    """One ``[idioms.<lemma>]`` table."""

    pattern: str  # opens with the alternation of its verb forms
    needs: tuple[str, ...]  # one of these words must be in the sentence


@dataclass(frozen=True)
class SourceRules:
    """The validated content of ``sources.toml``."""

    subject: SubjectRules
    chains: ChainRules
    pronouns: PronounRules
    role_nouns: tuple[str, ...]  # [roles] nouns
    documents: DocumentRules
    not_name: tuple[str, ...]  # [names] not_name
    classes: Mapping[str, VerbClass]
    weak_complementizers: tuple[str, ...]  # [weak_verbs] complementizers
    weak_verbs: Mapping[str, tuple[str, ...]]  # [weak_verbs] lemma -> the words after it
    idiom_subjects: tuple[str, ...]  # [idioms] subjects
    idioms: Mapping[str, IdiomEntry]
    possessive: PossessiveRules
    nominal: NominalRules
    colon: ColonRules
    credits: CreditRules
    fallback: FallbackRules


if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Record = TypeVar("_Record", bound="DataclassInstance")


def _count(data: Mapping[str, Any], key: str, default: int, name: str) -> int:
    """The non-negative integer ``key`` of ``data``; absent means ``default``."""
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DataError(name, f"{key!r} must be a non-negative integer")
    return value


def _record(record: type[_Record], data: Mapping[str, Any], key: str) -> _Record:
    """The table ``[key]`` as a ``record``: each field read from the key of the
    same name (a non-negative integer or a string, absent meaning the field's
    default, else a list of strings)."""
    tab = table(data, key, NAME)
    where = f"{NAME} [{key}]"
    values: dict[str, object] = {}
    for f in fields(record):
        default = f.default
        if isinstance(default, int):
            values[f.name] = _count(tab, f.name, default, where)
        elif isinstance(default, str):
            values[f.name] = str(tab.get(f.name, default))
        else:
            values[f.name] = strings(tab, f.name, where)
    return record(**values)


def _classes(data: Mapping[str, Any]) -> dict[str, VerbClass]:
    classes = table(data, "classes", NAME)
    out = {}
    for name in classes:
        where = f"{NAME} [classes.{name}]"
        cls = table(classes, name, NAME)
        subjects = strings(cls, "subjects", where)
        if not set(subjects) <= _SOURCE_KINDS:
            raise DataError(NAME, f"[classes.{name}] subjects has an unknown kind")
        verbs = string_lists(cls, "verbs", where) if "verbs" in cls else {}
        out[name] = VerbClass(subjects, strings(cls, "lemmas", where), verbs)
    return out


def _idioms(data: Mapping[str, Any]) -> dict[str, IdiomEntry]:
    idioms = table(data, "idioms", NAME)
    out = {}
    for lemma, entry in idioms.items():
        if lemma == "subjects":
            continue
        pattern = entry.get("pattern") if isinstance(entry, dict) else None
        if not isinstance(pattern, str):
            raise DataError(NAME, f"[idioms.{lemma}] needs a pattern string")
        out[lemma] = IdiomEntry(pattern, strings(entry, "needs", NAME))
    return out


@cache
def source_rules() -> SourceRules:
    """The validated view of ``sources.toml`` (cached)."""
    data = load_data(NAME)
    weak = table(data, "weak_verbs", NAME)
    return SourceRules(
        subject=_record(SubjectRules, data, "subject"),
        chains=_record(ChainRules, data, "chains"),
        pronouns=_record(PronounRules, data, "pronouns"),
        role_nouns=strings(table(data, "roles", NAME), "nouns", NAME),
        documents=_record(DocumentRules, data, "documents"),
        not_name=strings(table(data, "names", NAME), "not_name", NAME),
        classes=_classes(data),
        weak_complementizers=strings(weak, "complementizers", NAME),
        weak_verbs={k: strings(weak, k, NAME) for k in weak if k != "complementizers"},
        idiom_subjects=strings(table(data, "idioms", NAME), "subjects", NAME),
        idioms=_idioms(data),
        possessive=_record(PossessiveRules, data, "possessive"),
        nominal=_record(NominalRules, data, "nominal"),
        colon=_record(ColonRules, data, "colon"),
        credits=_record(CreditRules, data, "credits"),
        fallback=_record(FallbackRules, data, "fallback"),
    )
