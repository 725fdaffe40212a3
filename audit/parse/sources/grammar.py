"""The grammar of the sources stage: every word list of the data files
(sources.toml, cues.toml, outlets.toml, organisations.toml, vague.toml)
compiled once into lookup sets and patterns.

Cues are found by looking words up (one tokenisation per sentence); the
phrase a cue names is then matched only at the cue's slot, with anchored
patterns tried only when one of their trigger words is close: scanning every
sentence with every pattern cost twenty times more."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...errors import DataError
from ...models import SourceKind
from ...rules.cues import cues
from ...rules.organisations import Organisations, organisations
from ...rules.outlets import OutletLexicon, load_outlets, outlet_key
from ...rules.sources import NAME as SOURCES
from ...rules.sources import DocumentRules, FallbackRules, SourceRules, source_rules
from ...rules.vague import DirectEntry, VagueNoun, vague

CLAUSE_STOPS = ",;:—–[]"  # characters that end a clause segment


def _alt(items: Iterable[str], *, escape: bool = True) -> str:
    """Regex alternation, longest first; spaces match any white space."""
    parts = sorted(set(items), key=lambda s: (-len(s), s))
    if escape:
        parts = [re.escape(p).replace(r"\ ", r"\s+") for p in parts]
    return "|".join(parts)


def _tokens_of(phrase: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", phrase.casefold()))


def _lasts(items: Iterable[str]) -> frozenset[str]:
    """The last word of each phrase: what a phrase ending at a slot must end with."""
    return frozenset(t[-1] for t in map(_tokens_of, items) if t)


def _by_first(items: Iterable[str]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for item in items:
        toks = _tokens_of(item)
        if toks:
            table.setdefault(toks[0], []).append(toks)
    return {k: tuple(sorted(v, key=lambda t: (-len(t), t))) for k, v in table.items()}


# A capitalised word of a name; a possessive "'s" ends the name.
_CAP = r"[A-Z][\w&-]*(?:['’](?!s\b)[A-Za-z][\w-]*)?"
_CAPNAME = rf"{_CAP}(?:\s+{_CAP}){{0,3}}"
# A word of a name the lists do not know: an initial ("J.", "U.S.") or a capitalised word.
_NAMEW = rf"(?:[A-Z]\.(?:[A-Z]\.)*|{_CAP})"
_E = r"(?![\w-])"
# How far back from a verb a subject phrase may start (in words).
MAX_PHRASE_WORDS = 12
# How far ahead of a slot a phrase family's trigger word may be (in words).
MAX_AHEAD = 14


@dataclass(frozen=True)
class PhraseFamily:
    """One kind of source phrase: its pattern, and the words that gate it."""

    build: str  # key of PHRASE_BUILDERS
    kind: SourceKind
    pattern: re.Pattern[str]
    triggers: frozenset[str]
    back: int  # a trigger is among the last `back` words of the phrase
    ahead: int  # a trigger is among the first `ahead` words of the phrase
    # The pattern anchored at a word start and at the end of the searched range:
    # one search finds the leftmost (longest) phrase that ends at a slot.
    ending: re.Pattern[str]


@dataclass(frozen=True)
class DirectPhrase:
    """A phrase that is cue and vague source at once ("reportedly")."""

    name: str
    pattern: re.Pattern[str]
    triggers: frozenset[str]


@dataclass(frozen=True)
class Idiom:
    """A cue idiom of sources.toml ("took aim at")."""

    lemma: str
    pattern: re.Pattern[str]
    needs: frozenset[str]  # one of these words must be in the sentence


@dataclass(frozen=True)
class VerbLexicon:
    """The attribution verbs, indexed for lookup by word."""

    forms: Mapping[str, str]  # one-word form -> lemma
    multi: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (rest, lemma)
    participles: Mapping[str, tuple[tuple[str, ...], ...]]  # last word -> participles
    first_words: frozenset[str]  # every word a verb form starts with
    subjects: Mapping[str, frozenset[str]]  # lemma -> kinds besides person it may be said by
    idioms: Mapping[str, tuple[Idiom, ...]]  # first word -> idioms it opens
    bases: frozenset[str]  # uninflected one-word forms ("plan", "say")
    weak: Mapping[str, frozenset[str]]  # lemma -> the words one of which must follow it
    single_participles: frozenset[str]  # one-word past participles ("endorsed", "written")


@dataclass(frozen=True)
class NameWords:
    """What the phrase builders check a match against: outlet descriptors and
    the words around a name."""

    desc_kind: Mapping[str, str]
    follow_ok: frozenset[str]
    follow_capitalised: frozenset[str]
    modifier_like: frozenset[str]
    org_words: frozenset[str]
    bare_verb_heads: frozenset[str]
    doc_marked: frozenset[str]
    vague_doc: frozenset[str]
    not_name: frozenset[str]
    honorifics: frozenset[str]
    name_stop: frozenset[str]
    name_follow: frozenset[str]
    named_group_heads: frozenset[str]  # vague.toml [noun] named_heads


@dataclass(frozen=True)
class PronounWords:
    """Pronouns and role nouns resolved to a person ("He stressed", "the diplomat")."""

    subject_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    role: re.Pattern[str]
    role_words: frozenset[str]
    pronoun_window: int


@dataclass(frozen=True)
class ClauseWords:
    """Finding the subject of a verb in its clause: glue, appositions, noun phrases."""

    participle_links: frozenset[str]
    glue: re.Pattern[str]
    glue_words: frozenset[str]
    adverb_suffix: str
    not_adverbs: frozenset[str]
    glue_tails: frozenset[str]
    passive_aux: frozenset[str]
    blocking: frozenset[str]
    apposition_max_words: int
    apposition_quote_chars: int
    lead_in: frozenset[str]
    postmodifiers: frozenset[str]
    relatives: frozenset[str]
    coordinators: frozenset[str]
    segments_back: int
    no_subject: frozenset[str]
    articles: frozenset[str]
    infinitive: frozenset[str]
    object_control: frozenset[str]
    np_openers: frozenset[str]
    np_documents: frozenset[str]
    np_people: frozenset[str]
    np_max_nouns: int
    finite: frozenset[str]
    catenatives: frozenset[str]

    def is_glue(self, fold: str) -> bool:
        """Whether a (case-folded) word may stand between a source and its verb:
        a listed glue word or a manner adverb ("pointedly", "enthusiastically")."""
        return fold in self.glue_words or (
            len(fold) > 4 and fold.endswith(self.adverb_suffix) and fold not in self.not_adverbs
        )


@dataclass(frozen=True)
class VerbCueWords:
    """How a verb cue ties to its source: inversions, weak verbs, particles."""

    inversion_lemmas: frozenset[str]
    particles: frozenset[str]
    outlet_object_lemmas: frozenset[str]
    channel_subject_lemmas: frozenset[str]
    no_comment: re.Pattern[str]
    object_lemmas: frozenset[str]
    inversion_followers: frozenset[str]
    complementizers: frozenset[str]
    day_words: frozenset[str]
    subject_words: frozenset[str]
    plural_nouns: frozenset[str]
    person_lemmas: frozenset[str]
    others: frozenset[str]
    description_max_words: int
    description_openers: frozenset[str]


@dataclass(frozen=True)
class CueWords:
    """The other cue rules: prepositional phrases, chains, agents, claim nouns,
    colon labels, direct vague phrases and marked documents."""

    doc_forms: re.Pattern[str]
    direct: tuple[DirectPhrase, ...]
    direct_words: frozenset[str]
    phrases: Mapping[str, tuple[tuple[str, ...], ...]]
    outlet_only: frozenset[tuple[str, ...]]
    citing: frozenset[tuple[str, ...]]
    citer_gap_words: frozenset[str]
    citer_gap: int
    quoted_verbs: frozenset[str]
    np_phrases: frozenset[tuple[str, ...]]
    agent_gap: int
    survey_heads: frozenset[str]
    np_max_words: int
    poss_nouns: frozenset[str]
    nominal_nouns: frozenset[str]
    nominal_links: frozenset[str]
    poss_max_mods: int
    colon_stop: frozenset[str]
    colon_max: int
    topic_max: int


@dataclass(frozen=True)
class Grammar:
    """Every word list and pattern of the sources stage, compiled once: the
    shared patterns and phrase families, and one record per concern."""

    token: re.Pattern[str]
    families: tuple[PhraseFamily, ...]
    family_masks: Mapping[str, int]  # word -> bit set of the families it triggers
    verbs: VerbLexicon
    quote_zone: re.Pattern[str]
    the: re.Pattern[str]
    name_family: PhraseFamily
    stops: re.Pattern[str]
    dash: re.Pattern[str]
    names: NameWords
    pronouns: PronounWords
    clause: ClauseWords
    verb_cues: VerbCueWords
    cues: CueWords


def _inflections(
    table: Mapping[str, tuple[str, ...]], forms: dict[str, str], multi: dict[str, list[Any]]
) -> tuple[list[str], list[str]]:
    """Index the lemma -> forms ``table``; returns (participles, base forms)."""
    participles: list[str] = []
    bases: list[str] = []
    for lemma, inflections in table.items():
        first = inflections[0]
        # The first form is the base when its third person is listed too ("say",
        # "says"); a list of past and -ing forms only ("attacked") has no base.
        third = (first + "s", first + "es", first[:-1] + "ies")
        base = first if any(t in inflections for t in third) else ""
        if base and " " not in base:
            bases.append(base)
        for form in inflections:
            toks = _tokens_of(form)
            if len(toks) == 1:
                forms.setdefault(toks[0], lemma)
            else:
                multi.setdefault(toks[0], []).append((toks[1:], lemma))
            # Past forms only: "said by", "described by"; not "says by" or "saying by".
            if form not in (base, base + "s", base + "es") and not form.endswith("ing"):
                participles.append(form)
    return participles, bases


def _verb_lexicon(cue_verbs: Mapping[str, tuple[str, ...]], rules: SourceRules) -> VerbLexicon:
    """Speech verbs of cues.toml and the verb classes of sources.toml, with the
    kinds of subject each allows, and the participles that take an agent
    ("described by")."""
    subject = rules.subject
    forms: dict[str, str] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    participles, bases = _inflections(cue_verbs, forms, multi)
    participles += rules.chains.by_participles
    lemmas = set(cue_verbs)
    subjects: dict[str, set[str]] = {}
    institution = {"organisation", "outlet", "vague"}
    for lemma in subject.institution_lemmas:
        subjects.setdefault(lemma, set()).update(institution)
    for lemma in subject.document_lemmas:
        subjects.setdefault(lemma, set()).add("document")
    for cls in rules.classes.values():
        more, more_bases = _inflections(cls.verbs, forms, multi)
        participles += more
        bases += more_bases
        lemmas.update(cls.verbs)
    for name, cls in rules.classes.items():
        kinds = set(cls.subjects)
        for lemma in (*cls.verbs, *cls.lemmas):
            if lemma not in lemmas:
                raise DataError(SOURCES, f"[classes.{name}] names an unknown verb {lemma!r}")
            subjects.setdefault(lemma, set()).update(kinds)
    idioms: dict[str, list[Idiom]] = {}
    idiom_kinds = set(rules.idiom_subjects)
    for lemma, entry in rules.idioms.items():
        # The pattern opens with an alternation of verb forms: the words that trigger it.
        head = re.match(r"\(\?:([a-z|]+)\)", entry.pattern)
        if head is None:
            raise DataError(SOURCES, f"[idioms] {lemma} must open with (?:form|form...)")
        spaced = entry.pattern.replace(" ", r"\s+")
        compiled = re.compile(rf"(?i:{spaced}){_E}")
        needs = frozenset(w.casefold() for w in entry.needs)
        for form in head.group(1).split("|"):
            idioms.setdefault(form, []).append(Idiom(lemma, compiled, needs))
        subjects.setdefault(lemma, set()).update(idiom_kinds)
    weak: dict[str, set[str]] = {}
    followers = {w.casefold() for w in subject.weak_followers}
    for lemma in subject.weak_lemmas:
        weak.setdefault(lemma, set()).update(followers)
    base_words = set(rules.weak_complementizers)
    for lemma, words in rules.weak_verbs.items():
        if lemma not in lemmas:
            raise DataError(SOURCES, f"[weak_verbs] names an unknown verb {lemma!r}")
        weak.setdefault(lemma, set()).update(base_words, words)
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in participles:
        toks = _tokens_of(p)
        index.setdefault(toks[-1], []).append(toks)
    return VerbLexicon(
        forms=forms,
        multi={k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in multi.items()},
        participles={k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()},
        first_words=frozenset(forms) | frozenset(multi) | frozenset(idioms),
        subjects={k: frozenset(v) for k, v in subjects.items()},
        idioms={k: tuple(v) for k, v in idioms.items()},
        bases=frozenset(bases),
        weak={k: frozenset(v) for k, v in weak.items()},
        single_participles=frozenset(p for p in participles if " " not in p.strip()),
    )


def _family(
    build: str, kind: SourceKind, pattern: str, triggers: Iterable[str], back: int, ahead: int
) -> PhraseFamily:
    return PhraseFamily(
        build,
        kind,
        re.compile(pattern),
        frozenset(triggers),
        back,
        ahead,
        re.compile(rf"(?<!\w)(?:{pattern})\Z"),
    )


def _outlet_families(lex: OutletLexicon) -> tuple[PhraseFamily, ...]:
    """Known outlets (with descriptors), unknown ones with an outlet-like name."""
    generic = lex.generic
    spellings = [sp for e in lex.entries for sp in ((e.name,) if e.match_name else ()) + e.aliases]
    # A leading "The" of an alias also matches "the"; other letters keep their case.
    alias_alt = "|".join(
        (r"[Tt]he\s+" + re.escape(sp[4:]) if sp.startswith("The ") else re.escape(sp)).replace(
            r"\ ", r"\s+"
        )
        for sp in sorted(set(spellings), key=lambda x: (-len(x), x))
    )
    head_words = [h for k in generic.heads for h in generic.heads[k]]
    descs = generic.descriptors
    desc_alt = _alt(d for k in descs for d in descs[k])
    desc_last = _lasts(d for k in descs for d in descs[k])
    mods = _alt(generic.descriptor_modifiers)
    desc = (
        rf"(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[A-Z][\w.-]*['’]s\s+)?"
        rf"(?:(?:{mods}|[A-Z][\w-]*)\s+){{0,3}}(?:{desc_alt})"
    )
    after = rf"(?:\s+(?P<after>{desc_alt}))?"
    domains = generic.domains
    return (
        _family(
            "alias",
            "outlet",
            rf"(?:(?P<desc>{desc})\s+)?(?P<name>{alias_alt}){after}{_E}",
            _lasts(spellings) | desc_last,
            1,
            12,
        ),
        _family(
            "generic",
            "outlet",
            rf"(?:(?P<desc>{desc})\s+)?(?P<name>(?:[Tt]he\s+)?(?:{_CAP}\s+){{1,4}}"
            rf"(?P<head>{_alt(head_words)})){after}{_E}",
            _lasts(head_words) | desc_last,
            1,
            14,
        ),
        _family(
            "domain",
            "outlet",
            rf"(?P<name>[A-Z][\w-]*\.(?:{_alt(domains)})){_E}",
            (d.casefold() for d in domains),
            1,
            3,
        ),
        _family(
            "desc_name",
            "outlet",
            rf"(?P<desc>{desc})\s+(?P<name>{_CAPNAME}){_E}",
            desc_last,
            6,
            8,
        ),
    )


def _org_families(orgs: Organisations) -> tuple[PhraseFamily, ...]:
    mod = r"(?:[A-Z][\w.-]*(?:['’]s)?|U\.S\.)"
    names, heads = orgs.names, orgs.heads
    places = orgs.metonyms + orgs.countries
    common, bare = orgs.common, orgs.bare
    tail = (
        rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}"
        rf"(?:\s+(?:(?:of|for)\s+(?:the\s+)?|and\s+)?{_CAP}){{0,5}})?"
    )
    return (
        _family(
            "org",
            "organisation",
            rf"(?:[Tt]he\s+)?(?:{mod}\s+){{0,3}}(?:{_alt(names)}){_E}",
            _lasts(names),
            1,
            6,
        ),
        _family(
            "org_head",
            "organisation",
            rf"(?P<the>[Tt]he\s+)?(?P<mods>(?:{mod}\s+){{0,4}})(?:{_alt(heads)})(?P<tail>{tail}){_E}",
            _lasts(heads),
            10,
            7,
        ),
        _family("org", "organisation", rf"(?:{_alt(places)}){_E}", _lasts(places), 1, 3),
        _family(
            "org_common",
            "organisation",
            # "the ministry", "the Kremlin's press service", "Trump's campaign".
            rf"(?:[Tt]he\s+(?:{mod}\s+)?|{_CAP}['’]s\s+)(?i:{_alt(common)}){_E}",
            _lasts(common),
            1,
            5,
        ),
        _family("org_common", "organisation", rf"(?i:{_alt(bare)}){_E}", _lasts(bare), 1, 3),
    )


def _vague_families(noun: VagueNoun) -> tuple[PhraseFamily, ...]:
    mods = rf"(?:(?:{_alt(noun.modifiers, escape=False)})\s+){{0,4}}"
    partitive = rf"(?:{noun.partitive})?"
    tails = "|".join(f"(?:{t})" for t in noun.tails)
    heads = noun.heads
    tailed = noun.heads_with_tail
    single = noun.singular
    # "a senior official", "Trump's lawyer", "Chad's ambassador to France".
    dets = rf"{_alt(noun.singular_determiners)}|(?-i:{_CAP})['’]s"
    quants = noun.quantifiers
    return (
        _family(
            "vague",
            "vague",
            rf"(?P<mods>(?i:{partitive}{mods}))(?P<head>(?i:{_alt(heads)}))"
            rf"(?P<tail>\s+(?:{tails}))?{_E}",
            _lasts(heads),
            12,
            6,
        ),
        _family(
            "vague",
            "vague",
            rf"(?P<mods>(?i:{mods}))(?P<head>(?i:{_alt(tailed)}))(?P<tail>\s+(?:{tails})){_E}",
            _lasts(tailed),
            12,
            6,
        ),
        _family(
            "vague",
            "vague",
            rf"(?P<mods>(?i:(?:{dets})\s+{mods}))(?P<head>(?i:{_alt(single)}))"
            rf"(?P<tail>\s+(?:{tails}))?{_E}",
            _lasts(single),
            12,
            7,
        ),
        # "many speakers at the service", "large majorities of Republican voters".
        _family(
            "vague",
            "vague",
            rf"(?P<mods>(?i:(?:{_alt(quants)})\s+(?:[\w-]+\s+){{0,3}}?))(?P<head>[a-z][a-z-]+s)"
            rf"(?P<tail>\s+(?:{tails}))?{_E}",
            frozenset(w for q in quants for w in _tokens_of(q)),
            12,
            3,
        ),
    )


def _document_family(docs: DocumentRules, qualifiers: Sequence[str]) -> PhraseFamily:
    words = docs.marked + docs.modifiers + tuple(qualifiers)
    # "a CNN/ORC poll", "the New York Times/CBS News survey".
    mod = rf"(?:(?i:{_alt(words)})|{_CAP}(?:/{_CAP})*(?:['’]s)?|\d[\w-]*|[a-z]+-[a-z]+)"
    heads = docs.heads
    tail = (
        rf"(?:\s+(?:by|from|of)\s+(?:the\s+)?{_CAP}"
        rf"(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?{_CAP}){{0,5}})?"
    )
    return _family(
        "document",
        "document",
        rf"(?:(?i:{_alt(docs.determiners)})\s+)?(?P<mods>(?:{mod}\s+){{0,5}})"
        rf"(?P<head>(?i:{_alt(heads)}))(?P<tail>{tail}){_E}",
        _lasts(heads),
        12,
        7,
    )


def _family_masks(families: Sequence[PhraseFamily]) -> Mapping[str, int]:
    masks: dict[str, int] = {}
    for bit, family in enumerate(families):
        for word in family.triggers:
            masks[word] = masks.get(word, 0) | 1 << bit
    return masks


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)


def _name_family(fallback: FallbackRules) -> PhraseFamily:
    """Capitalised names no list knows ("Mr. Minor", "Edison Research"): an
    optional honorific, then capitalised words (particles such as "de" may join
    them); never a possessive ("Trump's")."""
    hon = _alt(h for h in fallback.honorifics)
    words = fallback.max_words
    # "Club for Growth", "Bank of America", "Institute for the Study of War".
    particle = r"(?:de|van|von|der|bin|al|la|le|da|di|del|du|St\.|(?:of|for|on)(?:\s+the)?)"
    return _family(
        "name",
        "person",
        rf"(?P<hon>(?:{hon})\.?\s+)?"
        rf"(?P<name>{_NAMEW}(?:\s+(?:{particle}\s+)?{_NAMEW}){{0,{words - 1}}})(?!['’]s\b){_E}",
        frozenset(),
        1,
        words,
    )


def _directs(entries: Iterable[DirectEntry]) -> tuple[DirectPhrase, ...]:
    return tuple(
        DirectPhrase(
            d.name,
            re.compile(rf"(?<![\w-])(?i:{d.pattern}){_E}"),
            frozenset(t.casefold() for t in d.triggers),
        )
        for d in entries
    )


@cache
def grammar() -> Grammar:
    """The grammar compiled from the data files (cached)."""
    rules, lex, vague_words = source_rules(), load_outlets(), vague()
    orgs = organisations()
    subject, chains, docs = rules.subject, rules.chains, rules.documents
    pronouns, colon, fallback = rules.pronouns, rules.colon, rules.fallback
    generic = lex.generic
    qualifiers = vague_words.document_qualifiers
    cue_words = cues()
    verbs = _verb_lexicon(cue_words.verbs, rules)
    descs = generic.descriptors
    desc_kind = {d.casefold(): k for k in descs for d in descs[k]}
    follow = {w.casefold() for w in generic.follow_ok}
    follow |= set(verbs.forms) | {w for d in desc_kind for w in _tokens_of(d)}
    follow |= {g.casefold() for g in subject.glue if g.isalpha()}
    phrases = [p for key in cue_words.phrases for p in cue_words.phrases[key]]
    phrases += chains.extra_phrases
    roles = rules.role_nouns
    org_names = orgs.names + orgs.metonyms + orgs.countries
    v_heads = vague_words.noun.heads
    glue = "|".join(f"(?:{g})" for g in subject.glue)
    families = (
        _outlet_families(lex)
        + _org_families(orgs)
        + _vague_families(vague_words.noun)
        + (_document_family(docs, qualifiers),)
    )
    if any(f.back > MAX_PHRASE_WORDS or f.ahead > MAX_AHEAD for f in families):
        raise DataError(SOURCES, "a phrase family reaches further than the slot window")
    direct = _directs(vague_words.direct)
    return Grammar(
        token=re.compile(r"\w+"),
        families=families,
        family_masks=_family_masks(families),
        verbs=verbs,
        quote_zone=re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]"),
        the=re.compile(r"[Tt]he\s+"),
        name_family=_name_family(fallback),
        # A hyphen between spaces and a double hyphen are dashes too ("Trump - who ... - said").
        stops=re.compile(rf"[{re.escape(CLAUSE_STOPS)}]|(?<=\s)-(?=\s)|--"),
        # A dash (not a hyphen inside a word) before a capital: "- Sanders.", "— Paul Ryan".
        dash=re.compile(r"(?<![\w-])[—–-]{1,2}[ \t]*(?=[A-Z])"),
        names=NameWords(
            desc_kind=desc_kind,
            follow_ok=frozenset(follow),
            follow_capitalised=frozenset(generic.follow_capitalised),
            modifier_like=_folded(generic.modifier_like),
            org_words=frozenset(outlet_key(n) for n in org_names),
            bare_verb_heads=frozenset(h.casefold() for h in v_heads if h.casefold() in verbs.forms),
            doc_marked=_folded(docs.marked),
            vague_doc=_folded(qualifiers),
            not_name=_folded(rules.not_name),
            honorifics=_folded(fallback.honorifics),
            name_stop=_folded(fallback.stop) | frozenset(verbs.forms),
            # What may follow a name in a cue slot: a verb, glue, a post-modifier.
            name_follow=(
                frozenset(verbs.forms)
                | frozenset(verbs.multi)
                | _folded(subject.postmodifiers)
                | _folded(subject.blocking)
                | _folded(subject.passive_auxiliaries)
                | frozenset(g.casefold() for g in subject.glue if g.isalpha())
            ),
            named_group_heads=_folded(vague_words.noun.named_heads),
        ),
        pronouns=PronounWords(
            subject_pronouns=_folded(pronouns.subject),
            object_pronouns=_folded(pronouns.object),
            role=re.compile(rf"[Tt]he\s+(?:[\w-]+\s+){{0,2}}?(?i:{_alt(roles)}){_E}(?!\s+[A-Z])"),
            role_words=_lasts(roles),
            pronoun_window=pronouns.window,
        ),
        clause=ClauseWords(
            participle_links=_folded(subject.participle_links),
            glue=re.compile(rf"(?i:{glue})"),
            glue_words=frozenset(w.casefold() for w in subject.glue if w.isalpha()),
            adverb_suffix=subject.adverb_suffix,
            not_adverbs=_folded(subject.not_adverbs),
            # The words a glue phrase can end with: the words of its last part.
            glue_tails=frozenset(
                t.casefold()
                for w in subject.glue
                if not w.isalpha()
                for t in re.findall(r"[A-Za-z]+", w.split()[-1])
            ),
            passive_aux=_folded(subject.passive_auxiliaries),
            blocking=_folded(subject.blocking),
            apposition_max_words=subject.apposition_max_words,
            apposition_quote_chars=subject.apposition_quote_chars,
            lead_in=_folded(subject.lead_in),
            postmodifiers=_folded(subject.postmodifiers),
            relatives=_folded(subject.relatives),
            coordinators=_folded(subject.coordinators),
            segments_back=subject.segments_back,
            no_subject=(_folded(subject.blocking) | _folded(subject.determiners))
            - _folded(subject.coordinators),
            articles=_folded(subject.articles),
            infinitive=_folded(subject.infinitive_markers),
            object_control=_folded(subject.object_control),
            np_openers=_folded(subject.noun_phrase_openers),
            np_documents=_folded(docs.heads) | _folded(subject.noun_phrase_documents),
            np_people=_folded(vague_words.noun.singular),
            np_max_nouns=subject.noun_phrase_max_words,
            finite=frozenset(verbs.forms) | _folded(subject.auxiliaries),
            catenatives=_folded(subject.catenatives),
        ),
        verb_cues=VerbCueWords(
            inversion_lemmas=frozenset(subject.inversion_lemmas),
            particles=_folded(subject.particles),
            outlet_object_lemmas=frozenset(chains.outlet_object_lemmas),
            channel_subject_lemmas=frozenset(chains.channel_subject_lemmas),
            no_comment=re.compile(rf"\s+(?i:{'|'.join(f'(?:{p})' for p in subject.no_comment)})"),
            object_lemmas=frozenset(subject.object_lemmas),
            inversion_followers=_folded(subject.inversion_followers)
            | _folded(subject.days)
            | (_folded(subject.postmodifiers) - _folded(subject.coordinators)),
            complementizers=_folded(rules.weak_complementizers),
            day_words=_folded(subject.days),
            subject_words=_folded(subject.subject_pronouns),
            plural_nouns=frozenset(b.split()[-1].casefold() for b in orgs.bare) | {"people"},
            person_lemmas=frozenset(subject.person_lemmas),
            others=_folded(subject.others),
            description_max_words=subject.description_max_words,
            description_openers=frozenset(subject.description_openers),
        ),
        cues=CueWords(
            doc_forms=re.compile(rf"\s+(?P<form>{_alt(subject.document_forms)}){_E}"),
            direct=direct,
            direct_words=frozenset().union(*(d.triggers for d in direct)),
            phrases=_by_first(phrases),
            outlet_only=frozenset(_tokens_of(p) for p in chains.outlet_only),
            citing=frozenset(_tokens_of(p) for p in chains.citing),
            citer_gap_words=_folded(chains.citer_gap_words),
            citer_gap=chains.citer_gap,
            quoted_verbs=_folded(chains.quoted_verbs),
            np_phrases=frozenset(_tokens_of(p) for p in chains.noun_phrase_cues),
            agent_gap=chains.agent_gap,
            survey_heads=_folded(docs.survey_heads),
            np_max_words=chains.noun_phrase_max_words,
            poss_nouns=_folded(rules.possessive.nouns),
            nominal_nouns=_folded(rules.nominal.nouns),
            nominal_links=_folded(rules.nominal.links),
            poss_max_mods=rules.possessive.max_modifiers,
            colon_stop=_folded(colon.stop),
            colon_max=colon.max_words,
            topic_max=colon.topic_max_words,
        ),
    )
