"""The sources stage: who or what each claim of an article is credited to.

A source is a phrase in a *cue slot*. Cues are verbs of speech (cues.toml)
and of the classes in sources.toml that PolNeAR-style annotation counts as
attribution too: cognition ("believes"), intention ("wants to", "declined
to"), endorsement and opposition ("endorsed", "rejected"), findings ("a poll
found"), plus idioms ("took aim at"); prepositional cues ("according to X",
"citing X", "told Reuters", "described by sources"); possessive claim nouns
("Trump's claim that"); "criticism from X"; labels before a colon ("TAPPER:");
a name signing after a dash ("- Sanders." after a quotation, "— Paul Ryan
(@SpeakerRyan)" closing a tweet); and the speakers the quote stage found.
Kinds: outlet, person (people stage, pronouns, "the diplomat", a name with an
honorific), organisation, document and vague ("reportedly", "officials said";
a leaked or anonymous document is reported as a document *and* as a vague
source).

The subject of a cue verb is looked for in its clause: the phrase opening the
clause when only a post-modifier stands between ("Senator Boxer of Ohio
said", "officials who met the envoy said"), else the phrase touching the verb,
with the phrases coordinated with it ("Russia and China said"); appositions
and relative clauses between commas or dashes are skipped ("Roe, who lives in
Dayton, Ohio, said", "Trump - who ... - said"), and so is glue ("has also",
"did not", manner adverbs: "pointedly rejected"). Phrases come from the
data files (outlets.toml, organisations.toml, vague.toml, sources.toml,
cues.toml); the code only compiles them and ties cues to phrases, sentence by
sentence. Names and cues inside quotation marks belong to the quoted speaker
and are skipped.

Citation chains set ``via``, the source a claim was passed through:

- "The WP Times, citing TASS": TASS ``via`` "The WP Times" (and The WP Times
  is a source with the cue "citing"); "TASS quoted Peskov as saying": Peskov
  ``via`` "TASS".
- An outlet a sentence reached us through ("According to The Guardian, Peskov
  noted ...", "Peskov told Reuters", "documents seen by Reuters show") becomes
  the ``via`` of the sentence's other sources: the claim reaches the reader
  through the outlet, so "Peskov told Reuters" gives the Reuters outlet source
  and Peskov ``via`` "Reuters". In "A, citing B" the other sources go via B,
  the outlet nearest to them.

Outlets are classified with the State Media Matrix (ASD, MIT) shipped under
``audit/data/state_media``: the typology code is kept as is, never reduced to
a yes/no flag (``is_state_affiliated`` states which codes raise a finding).

Speed: the article is tokenised once; phrase families are tried only at cue
slots and only when one of their trigger words is near (a bit set per word),
and a sentence is skipped whole unless it holds a cue word together with the
word its rule needs ("in" only with "interview", "statement"..., "is" only
with "critical" or "clear": see ``_cue_gate``).
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache, reduce
from itertools import compress, repeat
from operator import or_
from typing import Any

from ...errors import DataError
from ...models import Article, Outlet, Person, Quote, Source, SourceKind, Span
from ...rules import load_data, read_text_data
from ...text import Sentences, normalize, sentence_spans

# ---------------------------------------------------------------------------
# Data helpers


def _strings(data: Mapping[str, Any], key: str, name: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataError(name, f"{key!r} must be a list of non-empty strings")
    return tuple(value)


def _table(data: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise DataError(name, f"[{key}] table is missing")
    return value


@lru_cache(maxsize=8192)
def _outlet_key(name: str) -> str:
    """Comparison key of an outlet name: normalised, without a leading "the"
    (cached: the same spellings are looked up in every article)."""
    key = normalize(name)
    return key[4:] if key.startswith("the ") else key


def _compact(name: str) -> str:
    # The matrix writes "France24" where articles write "France 24".
    return _outlet_key(name).replace(" ", "")


# ---------------------------------------------------------------------------
# Outlet lexicon and State Media Matrix


@dataclass(frozen=True)
class OutletEntry:
    """One outlet of ``outlets.toml``."""

    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    strict: frozenset[str]
    match_name: bool = True


@dataclass(frozen=True)
class OutletLexicon:
    """The outlets lexicon with its state-media settings (see ``outlets.toml``)."""

    entries: tuple[OutletEntry, ...]
    keys: Mapping[str, OutletEntry]
    kinds: tuple[str, ...]
    affiliated: frozenset[str]
    labels: Mapping[str, str]
    classification_source: str
    matrix_file: str

    def find(self, name: str) -> OutletEntry | None:
        """The entry whose name or alias is ``name`` (case and "the" ignored)."""
        return self.keys.get(_outlet_key(name))


@cache
def load_outlets() -> OutletLexicon:
    """The outlets lexicon from ``audit/data/outlets.toml`` (cached)."""
    name = "outlets.toml"
    data = load_data(name)
    media = _table(data, "state_media", name)
    generic = _table(data, "generic", name)
    kinds = tuple(_table(generic, "heads", name))
    labels = _table(media, "labels", name)
    entries: list[OutletEntry] = []
    keys: dict[str, OutletEntry] = {}
    raw = data.get("outlet")
    if not isinstance(raw, list) or not raw:
        raise DataError(name, "no [[outlet]] entries")
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise DataError(name, f"outlet without a name: {item!r}")
        kind = item.get("kind")
        if kind not in kinds:
            raise DataError(name, f"outlet {item['name']!r} has unknown kind {kind!r}")
        country = item.get("country")
        entry = OutletEntry(
            name=item["name"],
            kind=str(kind),
            country=country if isinstance(country, str) else None,
            aliases=_strings(item, "aliases", name),
            strict=frozenset(_strings(item, "strict", name)),
            match_name=not item.get("exclude_name", False),
        )
        entries.append(entry)
        for spelling in (entry.name, *entry.aliases):
            key = _outlet_key(spelling)
            if keys.get(key, entry) is not entry:
                raise DataError(name, f"{spelling!r} names two outlets")
            keys[key] = entry
    return OutletLexicon(
        entries=tuple(entries),
        keys=keys,
        kinds=kinds,
        affiliated=frozenset(_strings(media, "affiliated", name)),
        labels={str(k): str(v) for k, v in labels.items()},
        classification_source=str(media.get("classification_source", "")),
        matrix_file=str(media.get("file", "")),
    )


@dataclass(frozen=True)
class _MatrixHit:
    country: str
    typology: str
    asset: bool  # matched a "Main assets" cell (more specific than the company)


@cache
def _matrix_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # "News agency: Xinhua", "Print: Izvestia" -> the name after the medium label;
    # "British Broadcasting Corporation (BBC)" -> the name and its abbreviation.
    return re.compile(r"^[A-Za-z ]{2,20}:\s+"), re.compile(r"^([^()]*)\(([^()]*)\)?")


def _matrix_names(cell: str) -> list[str]:
    prefix, paren = _matrix_patterns()
    cell = prefix.sub("", cell.strip().rstrip("*").strip())
    m = paren.match(cell)
    if m is None:
        return [cell] if cell else []
    base, inner = m.group(1).strip(), m.group(2).strip()
    names = [base] if base else []
    words = inner.split()
    # "(BBC)", "(Russia Today)" are other names; "(Arabic)", "(Indian edition)" are not.
    if (len(words) == 1 and sum(c.isupper() for c in inner) >= 2) or (
        len(words) > 1 and all(w[:1].isupper() for w in words)
    ):
        names.append(inner)
    return names


@cache
def _matrix() -> Mapping[str, tuple[_MatrixHit, ...]]:
    lex = load_outlets()
    raw = read_text_data("state_media", lex.matrix_file)
    reader = csv.DictReader(io.StringIO(raw))
    needed = {"Country", "Media company", "Main assets", "Typology"}
    if not needed <= set(reader.fieldnames or ()):
        raise DataError(f"state_media/{lex.matrix_file}", f"needs columns {sorted(needed)}")
    index: dict[str, list[_MatrixHit]] = {}
    for row in reader:
        typology = (row["Typology"] or "").strip()
        country = (row["Country"] or "").strip()
        if not typology:
            continue
        for column, asset in (("Main assets", True), ("Media company", False)):
            for name in _matrix_names(row[column] or ""):
                key = _compact(name)
                if key:
                    index.setdefault(key, []).append(_MatrixHit(country, typology, asset))
    return {k: tuple(v) for k, v in index.items()}


def _typology(names: Iterable[str], country: str | None) -> tuple[str, str] | None:
    """(typology, country) of the matrix rows named exactly like one of ``names``."""
    table = _matrix()
    hits = [h for n in names for h in table.get(_compact(n), ())]
    if country is not None:
        hits = [h for h in hits if h.country == country]
    # A bare name found in several countries ("MBC", "PBS") is not classified.
    if not hits or len({h.country for h in hits}) > 1:
        return None
    pool = [h for h in hits if h.asset] or hits
    counts = Counter(h.typology for h in pool)
    order = list(load_outlets().labels)
    best = min(counts, key=lambda t: (-counts[t], order.index(t) if t in order else len(order), t))
    return best, hits[0].country


def _make_outlet(name: str, kind: str, country: str | None) -> Outlet:
    lex = load_outlets()
    entry = lex.find(name)
    spellings = (entry.name, *entry.aliases) if entry else (name,)
    found = _typology(spellings, country)
    if found is None:
        return Outlet(name=name, kind=kind, country=country)
    typology, matrix_country = found
    return Outlet(
        name=name,
        kind=kind,
        country=country or matrix_country,
        typology=typology,
        typology_label=lex.labels.get(typology),
        classification_source=lex.classification_source,
    )


@cache
def classify_outlet(name: str) -> Outlet | None:
    """The outlet record for ``name``: canonical name, kind and country from the
    lexicon (by name or alias), and the State Media Matrix typology code when
    the matrix lists it (whole names only, same country as the lexicon entry).

    A name the lexicon does not know is looked up in the matrix alone; None when
    neither knows it (or the matrix lists the name in several countries)."""
    entry = load_outlets().find(name)
    if entry is not None:
        return _make_outlet(entry.name, entry.kind, entry.country)
    if _typology((name,), None) is None:
        return None
    return _make_outlet(name.strip(), _guess_kind(name) or "unknown", None)


def is_state_affiliated(outlet: Outlet | None) -> bool:
    """True when the outlet's typology is one of the codes ``outlets.toml``
    counts as state-affiliated (SC, CaPu, CaPr: the state controls the editorial
    line). Independent public media (IP, e.g. the BBC) and independent
    state-funded or state-managed media (ISFM, ISF, ISM) are not."""
    return outlet is not None and outlet.typology in load_outlets().affiliated


def _guess_kind(name: str) -> str | None:
    """The outlet kind implied by a name's last word ("The WP Times": newspaper)."""
    heads = _generic_heads()
    words = name.split()
    for size in (3, 2, 1):
        kind = heads.get(" ".join(words[-size:]).casefold())
        if kind is not None:
            return kind
    return None


@cache
def _generic_heads() -> Mapping[str, str]:
    generic = _table(load_data("outlets.toml"), "generic", "outlets.toml")
    heads = _table(generic, "heads", "outlets.toml")
    return {h.casefold(): kind for kind in heads for h in _strings(heads, kind, "outlets.toml")}


# ---------------------------------------------------------------------------
# Grammar: every pattern compiled once, from the data files
#
# Cues are found by looking words up (one tokenisation per sentence); the
# phrase a cue names is then matched only at the cue's slot, with anchored
# patterns tried only when one of their trigger words is close: scanning every
# sentence with every pattern cost twenty times more.


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
_MAX_PHRASE_WORDS = 12
# How far ahead of a slot a phrase family's trigger word may be (in words).
_MAX_AHEAD = 14


@dataclass(frozen=True)
class _Family:
    """One kind of source phrase: its pattern, and the words that gate it."""

    build: str  # key of _BUILDERS
    kind: SourceKind
    pattern: re.Pattern[str]
    triggers: frozenset[str]
    back: int  # a trigger is among the last `back` words of the phrase
    ahead: int  # a trigger is among the first `ahead` words of the phrase
    # The pattern anchored at a word start and at the end of the searched range:
    # one search finds the leftmost (longest) phrase that ends at a slot.
    ending: re.Pattern[str]


@dataclass(frozen=True)
class _Direct:
    name: str
    pattern: re.Pattern[str]
    triggers: frozenset[str]


@dataclass(frozen=True)
class _Grammar:
    token: re.Pattern[str]
    families: tuple[_Family, ...]
    family_masks: Mapping[str, int]  # word -> bit set of the families it triggers
    desc_kind: Mapping[str, str]
    follow_ok: frozenset[str]
    follow_capitalised: frozenset[str]
    modifier_like: frozenset[str]
    org_words: frozenset[str]
    bare_verb_heads: frozenset[str]
    doc_marked: frozenset[str]
    vague_doc: frozenset[str]
    doc_forms: re.Pattern[str]
    direct: tuple[_Direct, ...]
    direct_words: frozenset[str]
    # Every word some rule of _attribute starts from, with the words one of which the
    # sentence must also hold for the rule to fire (None: no other word is needed).
    cue_gate: Mapping[str, frozenset[str] | None]
    subject_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    role: re.Pattern[str]
    role_words: frozenset[str]
    pronoun_window: int
    verbs: _Verbs
    phrases: Mapping[str, tuple[tuple[str, ...], ...]]
    inversion_lemmas: frozenset[str]
    particles: frozenset[str]
    outlet_object_lemmas: frozenset[str]
    outlet_only: frozenset[tuple[str, ...]]
    citing: frozenset[tuple[str, ...]]
    citer_gap_words: frozenset[str]
    citer_gap: int
    quoted_verbs: frozenset[str]
    np_phrases: frozenset[tuple[str, ...]]
    agent_gap: int
    survey_heads: frozenset[str]
    participle_links: frozenset[str]
    np_max_words: int
    glue: re.Pattern[str]
    glue_words: frozenset[str]
    adverb_suffix: str
    not_adverbs: frozenset[str]
    glue_tails: frozenset[str]
    passive_aux: frozenset[str]
    blocking: frozenset[str]
    apposition_max_words: int
    apposition_quote_chars: int
    not_name: frozenset[str]
    quote_zone: re.Pattern[str]
    the: re.Pattern[str]
    lead_in: frozenset[str]
    postmodifiers: frozenset[str]
    relatives: frozenset[str]
    coordinators: frozenset[str]
    segments_back: int
    poss_nouns: frozenset[str]
    nominal_nouns: frozenset[str]
    nominal_links: frozenset[str]
    poss_max_mods: int
    colon_stop: frozenset[str]
    colon_max: int
    topic_max: int
    name_family: _Family
    stops: re.Pattern[str]
    honorifics: frozenset[str]
    name_stop: frozenset[str]
    name_follow: frozenset[str]
    no_subject: frozenset[str]
    articles: frozenset[str]
    no_comment: re.Pattern[str]
    object_lemmas: frozenset[str]
    inversion_followers: frozenset[str]
    complementizers: frozenset[str]
    infinitive: frozenset[str]
    day_words: frozenset[str]
    subject_words: frozenset[str]
    object_control: frozenset[str]
    np_openers: frozenset[str]
    np_documents: frozenset[str]
    np_people: frozenset[str]
    np_max_nouns: int
    finite: frozenset[str]
    plural_nouns: frozenset[str]
    person_lemmas: frozenset[str]
    others: frozenset[str]
    description_max_words: int
    description_openers: frozenset[str]
    catenatives: frozenset[str]
    dash: re.Pattern[str]

    def is_glue(self, fold: str) -> bool:
        """Whether a (case-folded) word may stand between a source and its verb:
        a listed glue word or a manner adverb ("pointedly", "enthusiastically")."""
        return fold in self.glue_words or (
            len(fold) > 4 and fold.endswith(self.adverb_suffix) and fold not in self.not_adverbs
        )


def _int(table: Mapping[str, Any], key: str, default: int, name: str) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DataError(name, f"{key!r} must be a non-negative integer")
    return value


@dataclass(frozen=True)
class _Idiom:
    lemma: str
    pattern: re.Pattern[str]
    needs: frozenset[str]  # one of these words must be in the sentence


@dataclass(frozen=True)
class _Verbs:
    forms: Mapping[str, str]  # one-word form -> lemma
    multi: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (rest, lemma)
    participles: Mapping[str, tuple[tuple[str, ...], ...]]  # last word -> participles
    first_words: frozenset[str]  # every word a verb form starts with
    subjects: Mapping[str, frozenset[str]]  # lemma -> kinds besides person it may be said by
    idioms: Mapping[str, tuple[_Idiom, ...]]  # first word -> idioms it opens
    bases: frozenset[str]  # uninflected one-word forms ("plan", "say")
    weak: Mapping[str, frozenset[str]]  # lemma -> the words one of which must follow it
    single_participles: frozenset[str]  # one-word past participles ("endorsed", "written")


def _inflections(
    table: Mapping[str, Any], name: str, forms: dict[str, str], multi: dict[str, list[Any]]
) -> tuple[list[str], list[str]]:
    """Index the lemma -> forms ``table``; returns (participles, base forms)."""
    participles: list[str] = []
    bases: list[str] = []
    for lemma in table:
        inflections = _strings(table, lemma, name)
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


def _verbs(cues: Mapping[str, Any], src: Mapping[str, Any]) -> _Verbs:
    """Speech verbs of cues.toml and the verb classes of sources.toml, with the
    kinds of subject each allows, and the participles that take an agent
    ("described by")."""
    s = "sources.toml"
    chains, subject = _table(src, "chains", s), _table(src, "subject", s)
    forms: dict[str, str] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    participles, bases = _inflections(_table(cues, "verbs", "cues.toml"), "cues.toml", forms, multi)
    participles += _strings(chains, "by_participles", s)
    lemmas = set(_table(cues, "verbs", "cues.toml"))
    subjects: dict[str, set[str]] = {}
    institution = {"organisation", "outlet", "vague"}
    for lemma in _strings(subject, "institution_lemmas", s):
        subjects.setdefault(lemma, set()).update(institution)
    for lemma in _strings(subject, "document_lemmas", s):
        subjects.setdefault(lemma, set()).add("document")
    classes = _table(src, "classes", s)
    for cls in classes.values():
        own = cls.get("verbs", {})
        more, more_bases = _inflections(own, s, forms, multi)
        participles += more
        bases += more_bases
        lemmas.update(own)
    for name, cls in classes.items():
        kinds = set(_strings(cls, "subjects", s))
        if not kinds <= {"organisation", "outlet", "vague", "document"}:
            raise DataError(s, f"[classes.{name}] subjects has an unknown kind")
        for lemma in (*cls.get("verbs", {}), *_strings(cls, "lemmas", s)):
            if lemma not in lemmas:
                raise DataError(s, f"[classes.{name}] names an unknown verb {lemma!r}")
            subjects.setdefault(lemma, set()).update(kinds)
    idioms: dict[str, list[_Idiom]] = {}
    idiom_table = _table(src, "idioms", s)
    idiom_kinds = set(_strings(idiom_table, "subjects", s))
    for lemma, entry in idiom_table.items():
        if lemma == "subjects":
            continue
        pattern = entry.get("pattern") if isinstance(entry, dict) else None
        if not isinstance(pattern, str):
            raise DataError(s, f"[idioms.{lemma}] needs a pattern string")
        # The pattern opens with an alternation of verb forms: the words that trigger it.
        head = re.match(r"\(\?:([a-z|]+)\)", pattern)
        if head is None:
            raise DataError(s, f"[idioms] {lemma} must open with (?:form|form...)")
        spaced = pattern.replace(" ", r"\s+")
        compiled = re.compile(rf"(?i:{spaced}){_E}")
        needs = frozenset(w.casefold() for w in _strings(entry, "needs", s))
        for form in head.group(1).split("|"):
            idioms.setdefault(form, []).append(_Idiom(lemma, compiled, needs))
        subjects.setdefault(lemma, set()).update(idiom_kinds)
    weak: dict[str, set[str]] = {}
    followers = {w.casefold() for w in _strings(subject, "weak_followers", s)}
    for lemma in _strings(subject, "weak_lemmas", s):
        weak.setdefault(lemma, set()).update(followers)
    table = _table(src, "weak_verbs", s)
    base_words = set(_strings(table, "complementizers", s))
    for lemma in table:
        if lemma == "complementizers":
            continue
        if lemma not in lemmas:
            raise DataError(s, f"[weak_verbs] names an unknown verb {lemma!r}")
        weak.setdefault(lemma, set()).update(base_words, _strings(table, lemma, s))
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in participles:
        toks = _tokens_of(p)
        index.setdefault(toks[-1], []).append(toks)
    return _Verbs(
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
) -> _Family:
    return _Family(
        build,
        kind,
        re.compile(pattern),
        frozenset(triggers),
        back,
        ahead,
        re.compile(rf"(?<!\w)(?:{pattern})\Z"),
    )


def _outlet_families(generic: Mapping[str, Any]) -> tuple[_Family, ...]:
    """Known outlets (with descriptors), unknown ones with an outlet-like name."""
    ol = "outlets.toml"
    lex = load_outlets()
    spellings = [sp for e in lex.entries for sp in ((e.name,) if e.match_name else ()) + e.aliases]
    # A leading "The" of an alias also matches "the"; other letters keep their case.
    alias_alt = "|".join(
        (r"[Tt]he\s+" + re.escape(sp[4:]) if sp.startswith("The ") else re.escape(sp)).replace(
            r"\ ", r"\s+"
        )
        for sp in sorted(set(spellings), key=lambda x: (-len(x), x))
    )
    heads = _table(generic, "heads", ol)
    head_words = [h for k in heads for h in _strings(heads, k, ol)]
    descs = _table(generic, "descriptors", ol)
    desc_alt = _alt(d for k in descs for d in _strings(descs, k, ol))
    desc_last = _lasts(d for k in descs for d in _strings(descs, k, ol))
    mods = _alt(_strings(generic, "descriptor_modifiers", ol))
    desc = (
        rf"(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[A-Z][\w.-]*['’]s\s+)?"
        rf"(?:(?:{mods}|[A-Z][\w-]*)\s+){{0,3}}(?:{desc_alt})"
    )
    after = rf"(?:\s+(?P<after>{desc_alt}))?"
    domains = _strings(generic, "domains", ol)
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


def _org_families(orgs: Mapping[str, Any]) -> tuple[_Family, ...]:
    o = "organisations.toml"
    mod = r"(?:[A-Z][\w.-]*(?:['’]s)?|U\.S\.)"
    names, heads = _strings(orgs, "names", o), _strings(orgs, "heads", o)
    places = _strings(orgs, "metonyms", o) + _strings(orgs, "countries", o)
    common, bare = _strings(orgs, "common", o), _strings(orgs, "bare", o)
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


def _vague_families(noun: Mapping[str, Any]) -> tuple[_Family, ...]:
    v = "vague.toml"
    mods = rf"(?:(?:{_alt(_strings(noun, 'modifiers', v), escape=False)})\s+){{0,4}}"
    partitive = noun.get("partitive", "")
    if not isinstance(partitive, str):
        raise DataError(v, "[noun] partitive must be a string")
    partitive = rf"(?:{partitive})?"
    tails = "|".join(f"(?:{t})" for t in _strings(noun, "tails", v))
    heads = _strings(noun, "heads", v)
    tailed = _strings(noun, "heads_with_tail", v)
    single = _strings(noun, "singular", v)
    # "a senior official", "Trump's lawyer", "Chad's ambassador to France".
    dets = rf"{_alt(_strings(noun, 'singular_determiners', v))}|(?-i:{_CAP})['’]s"
    quants = _strings(noun, "quantifiers", v)
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


def _document_family(docs: Mapping[str, Any], qualifiers: Sequence[str]) -> _Family:
    s = "sources.toml"
    words = _strings(docs, "marked", s) + _strings(docs, "modifiers", s) + tuple(qualifiers)
    # "a CNN/ORC poll", "the New York Times/CBS News survey".
    mod = rf"(?:(?i:{_alt(words)})|{_CAP}(?:/{_CAP})*(?:['’]s)?|\d[\w-]*|[a-z]+-[a-z]+)"
    heads = _strings(docs, "heads", s)
    tail = (
        rf"(?:\s+(?:by|from|of)\s+(?:the\s+)?{_CAP}"
        rf"(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?{_CAP}){{0,5}})?"
    )
    return _family(
        "document",
        "document",
        rf"(?:(?i:{_alt(_strings(docs, 'determiners', s))})\s+)?(?P<mods>(?:{mod}\s+){{0,5}})"
        rf"(?P<head>(?i:{_alt(heads)}))(?P<tail>{tail}){_E}",
        _lasts(heads),
        12,
        7,
    )


def _family_masks(families: Sequence[_Family]) -> Mapping[str, int]:
    masks: dict[str, int] = {}
    for bit, family in enumerate(families):
        for word in family.triggers:
            masks[word] = masks.get(word, 0) | 1 << bit
    return masks


def _one_pattern(data: Mapping[str, Any], key: str, name: str) -> str:
    return "|".join(f"(?:{p})" for p in _strings(data, key, name))


def _folded(data: Mapping[str, Any], key: str, name: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _strings(data, key, name))


def _name_family(fallback: Mapping[str, Any], verbs: _Verbs) -> _Family:
    """Capitalised names no list knows ("Mr. Minor", "Edison Research"): an
    optional honorific, then capitalised words (particles such as "de" may join
    them); never a possessive ("Trump's")."""
    s = "sources.toml"
    hon = _alt(h for h in _strings(fallback, "honorifics", s))
    words = _int(fallback, "max_words", 5, s)
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


def _directs(vague: Mapping[str, Any]) -> tuple[_Direct, ...]:
    v = "vague.toml"
    raw = vague.get("direct", [])
    if not isinstance(raw, list):
        raise DataError(v, "[[direct]] must be an array of tables")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not {"name", "pattern"} <= set(item):
            raise DataError(v, f"direct entry needs name and pattern: {item!r}")
        pattern = re.compile(rf"(?<![\w-])(?i:{item['pattern']}){_E}")
        triggers = frozenset(t.casefold() for t in _strings(item, "triggers", v))
        out.append(_Direct(str(item["name"]), pattern, triggers))
    return tuple(out)


def _cue_gate(
    verbs: _Verbs,
    phrases: Mapping[str, tuple[tuple[str, ...], ...]],
    plain: frozenset[str],
    companions: Mapping[str, frozenset[str]],
) -> Mapping[str, frozenset[str] | None]:
    """The sentence gate: word -> the words one of which must come with it.

    A verb form, a one-word phrase and the words of ``plain`` fire alone; a
    multi-word verb or phrase needs its second word ("in an interview"), an
    idiom one of its ``needs`` ("is critical of"), and a claim noun the word its
    rule keys on (``companions``: "Trump's claim" needs the "s", a poll "in")."""
    needs: dict[str, set[str] | None] = {}

    def add(word: str, other: Iterable[str] | None) -> None:
        if other is None or needs.get(word, set()) is None:
            needs[word] = None
        else:
            found = needs.setdefault(word, set())
            assert found is not None
            found.update(other)

    for word in verbs.forms:
        add(word, None)
    for word, rests in verbs.multi.items():
        add(word, (rest[0] for rest, _ in rests))
    for word, idioms in verbs.idioms.items():
        add(word, (w for idiom in idioms for w in idiom.needs))
    for word, seqs in phrases.items():
        for seq in seqs:
            add(word, seq[1:2] or None)
    for word in plain:
        add(word, None)
    for companion, words in companions.items():
        for word in words:
            add(word, (companion,))
    return {w: None if n is None else frozenset(n) for w, n in needs.items()}


@cache
def _grammar() -> _Grammar:
    s = "sources.toml"
    src, cues = load_data(s), load_data("cues.toml")
    vague, outlets = load_data("vague.toml"), load_data("outlets.toml")
    orgs = load_data("organisations.toml")
    subject, chains = _table(src, "subject", s), _table(src, "chains", s)
    possessive, colon = _table(src, "possessive", s), _table(src, "colon", s)
    fallback = _table(src, "fallback", s)
    docs, pronouns = _table(src, "documents", s), _table(src, "pronouns", s)
    generic = _table(outlets, "generic", "outlets.toml")
    qualifiers = _strings(_table(vague, "documents", "vague.toml"), "qualifiers", "vague.toml")
    verbs = _verbs(cues, src)
    descs = _table(generic, "descriptors", "outlets.toml")
    desc_kind = {d.casefold(): k for k in descs for d in _strings(descs, k, "outlets.toml")}
    follow = {w.casefold() for w in _strings(generic, "follow_ok", "outlets.toml")}
    follow |= set(verbs.forms) | {w for d in desc_kind for w in _tokens_of(d)}
    follow |= {g.casefold() for g in _strings(subject, "glue", s) if g.isalpha()}
    phrase_table = _table(cues, "phrases", "cues.toml")
    phrases = [p for key in phrase_table for p in _strings(phrase_table, key, "cues.toml")]
    phrases += _strings(chains, "extra_phrases", s)
    roles = _strings(_table(src, "roles", s), "nouns", s)
    org_names = (
        _strings(orgs, "names", "organisations.toml")
        + _strings(orgs, "metonyms", "organisations.toml")
        + _strings(orgs, "countries", "organisations.toml")
    )
    v_heads = _strings(_table(vague, "noun", "vague.toml"), "heads", "vague.toml")
    glue = "|".join(f"(?:{g})" for g in _strings(subject, "glue", s))
    families = (
        _outlet_families(generic)
        + _org_families(orgs)
        + _vague_families(_table(vague, "noun", "vague.toml"))
        + (_document_family(docs, qualifiers),)
    )
    if any(f.back > _MAX_PHRASE_WORDS or f.ahead > _MAX_AHEAD for f in families):
        raise DataError(s, "a phrase family reaches further than the slot window")
    return _Grammar(
        token=re.compile(r"\w+"),
        families=families,
        family_masks=_family_masks(families),
        desc_kind=desc_kind,
        follow_ok=frozenset(follow),
        follow_capitalised=frozenset(_strings(generic, "follow_capitalised", "outlets.toml")),
        modifier_like=frozenset(
            w.casefold() for w in _strings(generic, "modifier_like", "outlets.toml")
        ),
        org_words=frozenset(_outlet_key(n) for n in org_names),
        bare_verb_heads=frozenset(h.casefold() for h in v_heads if h.casefold() in verbs.forms),
        doc_marked=frozenset(m.casefold() for m in _strings(docs, "marked", s)),
        vague_doc=frozenset(q.casefold() for q in qualifiers),
        doc_forms=re.compile(rf"\s+(?P<form>{_alt(_strings(subject, 'document_forms', s))}){_E}"),
        direct=_directs(vague),
        direct_words=frozenset().union(*(d.triggers for d in _directs(vague))),
        cue_gate=_cue_gate(
            verbs,
            _by_first(phrases),
            (
                frozenset(q.casefold() for q in _strings(chains, "quoted_verbs", s))
                | frozenset().union(*(d.triggers for d in _directs(vague)))
                | frozenset(m.casefold() for m in _strings(docs, "marked", s))
                | {"by"}
            ),
            {
                "s": _folded(possessive, "nouns", s),
                "from": _folded(_table(src, "nominal", s), "nouns", s),
                "by": _folded(_table(src, "nominal", s), "nouns", s),
                "in": _folded(docs, "survey_heads", s),
            },
        ),
        subject_pronouns=frozenset(p.casefold() for p in _strings(pronouns, "subject", s)),
        object_pronouns=frozenset(p.casefold() for p in _strings(pronouns, "object", s)),
        role=re.compile(rf"[Tt]he\s+(?:[\w-]+\s+){{0,2}}?(?i:{_alt(roles)}){_E}(?!\s+[A-Z])"),
        role_words=_lasts(roles),
        pronoun_window=_int(pronouns, "window", 2, s),
        verbs=verbs,
        phrases=_by_first(phrases),
        inversion_lemmas=frozenset(_strings(subject, "inversion_lemmas", s)),
        particles=frozenset(w.casefold() for w in _strings(subject, "particles", s)),
        outlet_object_lemmas=frozenset(_strings(chains, "outlet_object_lemmas", s)),
        outlet_only=frozenset(_tokens_of(p) for p in _strings(chains, "outlet_only", s)),
        citing=frozenset(_tokens_of(p) for p in _strings(chains, "citing", s)),
        citer_gap_words=frozenset(w.casefold() for w in _strings(chains, "citer_gap_words", s)),
        citer_gap=_int(chains, "citer_gap", 6, s),
        quoted_verbs=frozenset(q.casefold() for q in _strings(chains, "quoted_verbs", s)),
        np_phrases=frozenset(_tokens_of(p) for p in _strings(chains, "noun_phrase_cues", s)),
        np_max_words=_int(chains, "noun_phrase_max_words", 20, s),
        agent_gap=_int(chains, "agent_gap", 8, s),
        survey_heads=_folded(docs, "survey_heads", s),
        participle_links=_folded(subject, "participle_links", s),
        glue=re.compile(rf"(?i:{glue})"),
        glue_words=frozenset(w.casefold() for w in _strings(subject, "glue", s) if w.isalpha()),
        adverb_suffix=str(subject.get("adverb_suffix", "ly")),
        not_adverbs=_folded(subject, "not_adverbs", s),
        # The words a glue phrase can end with: the words of its last part.
        glue_tails=frozenset(
            t.casefold()
            for w in _strings(subject, "glue", s)
            if not w.isalpha()
            for t in re.findall(r"[A-Za-z]+", w.split()[-1])
        ),
        passive_aux=frozenset(a.casefold() for a in _strings(subject, "passive_auxiliaries", s)),
        blocking=frozenset(b.casefold() for b in _strings(subject, "blocking", s)),
        apposition_max_words=_int(subject, "apposition_max_words", 14, s),
        apposition_quote_chars=_int(subject, "apposition_quote_chars", 0, s),
        not_name=frozenset(w.casefold() for w in _strings(_table(src, "names", s), "not_name", s)),
        quote_zone=re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]"),
        the=re.compile(r"[Tt]he\s+"),
        lead_in=_folded(subject, "lead_in", s),
        postmodifiers=_folded(subject, "postmodifiers", s),
        relatives=_folded(subject, "relatives", s),
        coordinators=_folded(subject, "coordinators", s),
        segments_back=_int(subject, "segments_back", 4, s),
        poss_nouns=_folded(possessive, "nouns", s),
        nominal_nouns=_folded(_table(src, "nominal", s), "nouns", s),
        nominal_links=_folded(_table(src, "nominal", s), "links", s),
        poss_max_mods=_int(possessive, "max_modifiers", 2, s),
        colon_stop=_folded(colon, "stop", s),
        colon_max=_int(colon, "max_words", 4, s),
        topic_max=_int(colon, "topic_max_words", 8, s),
        name_family=_name_family(fallback, verbs),
        # A hyphen between spaces and a double hyphen are dashes too ("Trump - who ... - said").
        stops=re.compile(rf"[{re.escape(_STOPS)}]|(?<=\s)-(?=\s)|--"),
        honorifics=_folded(fallback, "honorifics", s),
        name_stop=_folded(fallback, "stop", s) | frozenset(verbs.forms),
        # What may follow a name in a cue slot: a verb, glue, a post-modifier.
        name_follow=(
            frozenset(verbs.forms)
            | frozenset(verbs.multi)
            | _folded(subject, "postmodifiers", s)
            | _folded(subject, "blocking", s)
            | _folded(subject, "passive_auxiliaries", s)
            | frozenset(g.casefold() for g in _strings(subject, "glue", s) if g.isalpha())
        ),
        articles=_folded(subject, "articles", s),
        no_comment=re.compile(rf"\s+(?i:{_one_pattern(subject, 'no_comment', s)})"),
        object_lemmas=frozenset(_strings(subject, "object_lemmas", s)),
        complementizers=_folded(_table(src, "weak_verbs", s), "complementizers", s),
        inversion_followers=_folded(subject, "inversion_followers", s)
        | _folded(subject, "days", s)
        | (_folded(subject, "postmodifiers", s) - _folded(subject, "coordinators", s)),
        infinitive=_folded(subject, "infinitive_markers", s),
        day_words=_folded(subject, "days", s),
        subject_words=_folded(subject, "subject_pronouns", s),
        object_control=_folded(subject, "object_control", s),
        np_openers=_folded(subject, "noun_phrase_openers", s),
        np_documents=_folded(docs, "heads", s) | _folded(subject, "noun_phrase_documents", s),
        np_people=_folded(_table(vague, "noun", "vague.toml"), "singular", "vague.toml"),
        np_max_nouns=_int(subject, "noun_phrase_max_words", 6, s),
        finite=frozenset(verbs.forms) | _folded(subject, "auxiliaries", s),
        no_subject=(_folded(subject, "blocking", s) | _folded(subject, "determiners", s))
        - _folded(subject, "coordinators", s),
        plural_nouns=frozenset(
            b.split()[-1].casefold() for b in _strings(orgs, "bare", "organisations.toml")
        )
        | {"people"},
        person_lemmas=frozenset(_strings(subject, "person_lemmas", s)),
        others=_folded(subject, "others", s),
        description_max_words=_int(subject, "description_max_words", 8, s),
        description_openers=frozenset(_strings(subject, "description_openers", s)),
        catenatives=_folded(subject, "catenatives", s),
        # A dash (not a hyphen inside a word) before a capital: "- Sanders.", "— Paul Ryan".
        dash=re.compile(r"(?<![\w-])[—–-]{1,2}[ \t]*(?=[A-Z])"),
    )


# ---------------------------------------------------------------------------
# Source phrases

_RANK: dict[str, int] = {"person": 0, "outlet": 1, "organisation": 2, "document": 3, "vague": 4}


@dataclass(frozen=True)
class _Cand:
    """A phrase that names a source.

    ``start``/``end`` is the name itself, ``lead``/``tail`` the whole phrase with
    its determiner, title or descriptor ("Russia's state-run news agency TASS")."""

    kind: SourceKind
    name: str
    start: int
    end: int
    lead: int
    tail: int
    role: str | None = None
    outlet: Outlet | None = None
    strict: bool = False
    marked: bool = False
    vague_doc: bool = False
    object_only: bool = False  # "him": follows a cue, never says anything itself
    guessed: bool = False  # an organisation only because no list knows the name


def _moved(c: _Cand, start: int, end: int, lead: int, tail: int) -> _Cand:
    """``c`` at other offsets (dataclasses.replace, without its introspection)."""
    return _Cand(
        c.kind,
        c.name,
        start,
        end,
        lead,
        tail,
        c.role,
        c.outlet,
        c.strict,
        c.marked,
        c.vague_doc,
        c.object_only,
        c.guessed,
    )


@dataclass(frozen=True)
class _PersonRef:
    """A person mention (or a pronoun resolved to one), with the role to report."""

    start: int
    end: int
    lead: int
    name: str
    role: str | None
    titles: tuple[str, ...]
    object_only: bool = False


def _person_refs(people: Sequence[Person]) -> list[_PersonRef]:
    refs = []
    for person in people:
        for m in person.mentions:
            lead = m.start
            if m.title_start is not None and m.title_start < m.start:
                lead = m.title_start
            role = m.title or (person.titles[0] if person.titles else None)
            refs.append(_PersonRef(m.start, m.end, lead, person.name, role, person.titles))
    refs.sort(key=lambda r: (r.start, r.end, r.name))
    return refs


class _Context:
    """What the sentences of one article share, with the article's words
    (tokenised once: per-sentence tokenising cost more than the rules)."""

    def __init__(
        self,
        text: str,
        g: _Grammar,
        zones: Sequence[tuple[int, int]],
        refs: Sequence[_PersonRef],
        sentences: Sequence[Span],
        people: Sequence[Person],
    ) -> None:
        self.text, self.g = text, g
        self.zones = tuple(zones)
        self.zone_starts = tuple(z[0] for z in zones)
        self.names = tuple((r.start, r.end) for r in refs)
        self.name_starts = tuple(r.start for r in refs)
        self.sentences = sentences
        # map() over the match methods: a loop in C, not in bytecode.
        matches = list(g.token.finditer(text))
        self.starts: list[int] = list(map(re.Match.start, matches))
        self.ends: list[int] = list(map(re.Match.end, matches))
        self.words: list[str] = list(map(re.Match.group, matches))
        # Per word, in C: half the cost of finding the words again in the
        # case-folded article (measured in instructions).
        self.folds: list[str] = list(map(str.casefold, self.words))
        fam = g.family_masks
        self.masks: list[int] = list(map(fam.get, self.folds, repeat(0)))
        # The surname (last word) of each person the people stage found.
        self.surnames: dict[str, str] = {}
        for person in sorted(people, key=lambda p: p.name):
            if person.name.split():
                self.surnames.setdefault(person.name.split()[-1], person.name)
        self._mid_caps: frozenset[str] | None = None
        self.by_tail: dict[int, list[_Cand]] = {}
        self.by_lead: dict[int, list[_Cand]] = {}

    def add_persons(self, persons: Iterable[_PersonRef]) -> None:
        """Make the people (and resolved pronouns) source phrases."""
        for r in persons:
            cand = _Cand(
                "person", r.name, r.start, r.end, r.lead, r.end, r.role, object_only=r.object_only
            )
            self.by_tail.setdefault(r.end, []).append(cand)
            for pos in {r.lead, r.start}:
                self.by_lead.setdefault(pos, []).append(cand)

    def quoted(self, pos: int) -> bool:
        i = bisect_right(self.zone_starts, pos) - 1
        return i >= 0 and self.zones[i][0] <= pos < self.zones[i][1]

    def quoted_between(self, a: int, b: int) -> bool:
        """True if quoted text overlaps ``[a, b)``."""
        i = bisect_left(self.zone_starts, b) - 1
        return i >= 0 and self.zones[i][1] > a

    def long_quote_between(self, a: int, b: int, limit: int) -> bool:
        """True if quoted text longer than ``limit`` characters overlaps ``[a, b)``
        (a title such as "Going Viral" in an apposition is shorter)."""
        i = bisect_left(self.zone_starts, b) - 1
        while i >= 0 and self.zones[i][1] > a:
            if self.zones[i][1] - self.zones[i][0] > limit:
                return True
            i -= 1
        return False

    def in_name(self, start: int, end: int) -> bool:
        i = bisect_left(self.name_starts, end)
        return any(s < end and start < e for s, e in self.names[max(0, i - 3) : i])

    def mid_caps(self) -> frozenset[str]:
        """Words capitalised somewhere other than at a sentence start: a word
        that opens a sentence is a name only if the article writes it so elsewhere."""
        if self._mid_caps is None:
            caps = Counter([w for w in self.words if w[0].isupper()])
            firsts = Counter(
                self.words[i]
                for s in self.sentences
                if (i := bisect_left(self.starts, s.start)) < len(self.words)
            )
            self._mid_caps = frozenset(w for w, n in caps.items() if n > firsts[w])
        return self._mid_caps


def _zones(
    text: str, blocks: Sequence[Span], quotes: Sequence[Quote], g: _Grammar
) -> list[tuple[int, int]]:
    """Quoted text, where names and cues belong to the speaker, not the article."""
    raw = [(max(0, q.start - 1), q.end + 1) for q in quotes]
    for b in blocks:
        raw.extend((m.start(), m.end()) for m in g.quote_zone.finditer(text, b.start, b.end))
    raw.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in raw:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


@dataclass
class _Hit:
    """A source found in one sentence (mutable while the sentence is worked on)."""

    cand: _Cand
    cue_start: int | None
    cue_end: int | None
    via: str | None = None
    channel: bool = False
    citer: bool = False
    chained: bool = True  # takes the sentence's channel as via
    fallback: bool = False  # a citer credited with "citing" only while it has no cue of its own


_STOPS = ",;:—–[]"  # characters that end a clause segment
_DASHES = "-—–"
_SPACE_QUOTES = " \t\n\"“”'‘’"


class _Sentence:
    """One sentence: its words, the people in it, and the sources found so far."""

    def __init__(self, ctx: _Context, span: Span, lo: int, hi: int, folds: list[str]) -> None:
        """The sentence ``span``: words ``lo..hi`` of the article, ``folds`` their
        case-folded forms (the caller has them already)."""
        self.ctx, self.span, self.text, self.g = ctx, span, ctx.text, ctx.g
        self.starts = ctx.starts[lo:hi]
        self.ends = ctx.ends[lo:hi]
        self.words = ctx.words[lo:hi]
        self.folds = folds
        self.masks = ctx.masks[lo:hi]
        self.fold_set = frozenset(self.folds)
        # People (and resolved pronouns) by where their phrase ends and starts.
        self.by_tail, self.by_lead = ctx.by_tail, ctx.by_lead
        self.hits: list[_Hit] = []
        self.claimed: list[tuple[int, int]] = []
        self._ending: dict[int, list[_Cand]] = {}
        self._starting: dict[int, _Cand | None] = {}
        self._headline: bool | None = None
        self._stops: list[int] | None = None

    def headline(self) -> bool:
        """Whether the sentence is written in title case, like a headline."""
        if self._headline is None:
            alpha = [w for w in self.words if w[:1].isalpha()]
            upper = sum(1 for w in alpha if w[:1].isupper())
            self._headline = len(alpha) >= 3 and upper >= 0.6 * len(alpha)
        return self._headline

    # -- words ---------------------------------------------------------------

    def joined(self, i: int, seq: tuple[str, ...]) -> bool:
        """True if words ``i..`` are ``seq``, separated by white space only."""
        n = len(seq)
        if self.folds[i : i + n] != list(seq):
            return False
        return n == 1 or all(
            not self.text[self.ends[k] : self.starts[k + 1]].strip() for k in range(i, i + n - 1)
        )

    def free(self, a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in self.claimed) and not self.ctx.quoted(a)

    def triggered(self, lo: int, hi: int) -> int:
        """The families (bit set) whose trigger words are among words ``lo..hi``."""
        return reduce(or_, self.masks[max(0, lo) : hi], 0)

    def index_ending(self, pos: int) -> int | None:
        """Index of the word that ends at ``pos``."""
        i = bisect_right(self.ends, pos) - 1
        return i if i >= 0 and self.ends[i] == pos else None

    def index_at(self, pos: int) -> int | None:
        """Index of the first word at or after ``pos`` (white space skipped)."""
        i = bisect_left(self.starts, pos)
        if i < len(self.starts) and not self.text[pos : self.starts[i]].strip():
            return i
        return None

    # -- phrases at a slot ----------------------------------------------------------

    def ending_at(self, pos: int) -> list[_Cand]:
        """Every source phrase that ends exactly at ``pos`` (longest per family);
        a name no list knows only when nothing else ends there."""
        if pos in self._ending:
            return self._ending[pos]
        found = list(self.by_tail.get(pos, ()))
        i = bisect_right(self.ends, pos)
        if i and self.ends[i - 1] == pos:
            # No phrase runs over a comma or a dash: search from the segment start.
            lo = max(self.starts[max(0, i - _MAX_PHRASE_WORDS)], self._segment_start(pos))
            near = self.triggered(i - _MAX_PHRASE_WORDS, i)
            for bit, family in enumerate(self.g.families if near else ()):
                if not near >> bit & 1 or not self.triggered(i - family.back, i) >> bit & 1:
                    continue
                cand = self._longest(family, lo, pos)
                if cand is not None:
                    found.append(cand)
            if not found and self.words[i - 1][:1].isupper():
                name = self.g.name_family
                lo = max(self.starts[max(0, i - name.ahead - 1)], self._segment_start(pos))
                cand = self._longest(name, lo, pos)
                if cand is not None:
                    found.append(cand)
        self._ending[pos] = found
        return found

    def _longest(self, family: _Family, lo: int, pos: int) -> _Cand | None:
        """The longest phrase of ``family`` that starts at a word after ``lo``
        and ends at ``pos``, that its builder accepts."""
        while True:
            m = family.ending.search(self.text, lo, pos)
            if m is None:
                return None
            cand = _build_name(self, family, m) if family.build == "name" else None
            if family.build != "name":
                cand = _BUILDERS[family.build](self, family, m)
            if cand is not None:
                return cand
            lo = m.start() + 1

    def starting_at(self, pos: int) -> _Cand | None:
        """The longest source phrase that starts at ``pos`` (or after a "the"
        there): the object of a cue ("according to X"), or a clause's subject."""
        text = self.text
        while pos < self.span.end and text[pos].isspace():
            pos += 1
        if pos in self._starting:
            return self._starting[pos]
        found = list(self.by_lead.get(pos, ()))
        the = self.g.the.match(text, pos, self.span.end)
        if the:
            found.extend(self.by_lead.get(the.end(), ()))
        j = bisect_left(self.starts, pos)
        if j + 1 < len(self.starts) and self.folds[j] in self.g.honorifics:
            # "Mrs. Clinton": the person the people stage found after the title.
            after = self.by_lead.get(self.starts[j + 1], ())
            if after and not text[self.ends[j] : self.starts[j + 1]].strip(" ."):
                found.extend(_moved(c, c.start, c.end, pos, c.tail) for c in after)
        places = [
            (at, j)
            for at in ((pos, the.end()) if the else (pos,))
            if (j := bisect_left(self.starts, at)) < len(self.starts) and self.starts[j] == at
        ]
        near = self.triggered(places[0][1], places[0][1] + _MAX_AHEAD) if places else 0
        for bit, family in enumerate(self.g.families if near else ()):
            if not near >> bit & 1:
                continue
            # The longest phrase per family: with its "the" if it has one.
            for at, j in places:
                if not self.triggered(j, j + family.ahead) >> bit & 1:
                    continue
                m = family.pattern.match(text, at, self.span.end)
                cand = _BUILDERS[family.build](self, family, m) if m else None
                if cand is not None and (not cand.strict or cand.lead == pos):
                    found.append(cand)
                    break
        if not found:
            # A name no list knows, or one after "the" ("confirmed by the Eagle Forum").
            for at in (pos, the.end()) if the else (pos,):
                if not text[at : at + 1].isupper():
                    continue
                m = self.g.name_family.pattern.match(text, at, self.span.end)
                cand = _build_name(self, self.g.name_family, m) if m else None
                if cand is not None and at != pos:
                    cand = _moved(cand, cand.start, cand.end, pos, cand.tail)
                if cand is not None:
                    found.append(cand)
                    break
        # "citing Trump's proposed ban": what is cited is the ban, not Trump; and a
        # phrase a builder trimmed ("In U.S. District Court") does not start here.
        found = [
            c
            for c in found
            if not self.ctx.quoted(c.start)
            and text[c.tail : c.tail + 2] not in ("'s", "’s")
            and (c.lead <= pos or (the is not None and c.lead <= the.end()))
        ]
        best = min(found, key=lambda c: (-c.tail, c.lead, _RANK[c.kind], c.name), default=None)
        self._starting[pos] = best
        return best

    def object(self, pos: int) -> _Cand | None:
        """The source phrase right after a cue ending at ``pos`` ("according to X")."""
        return self.starting_at(pos)

    # -- the subject of a verb -------------------------------------------------------

    def subjects(self, cue: int, form: str) -> tuple[list[_Cand], bool]:
        """The phrases the verb ``form`` at ``cue`` is said by, and whether the
        (first) one touches the verb. Looked for in the verb's clause: the
        phrase opening it when only a post-modifier follows ("Boxer of
        California said", "officials who spoke with X said"), else the phrase
        touching the verb (not one inside a larger phrase: "the leaders of France
        declared"), with the phrases coordinated with it ("Russia and China
        said"); after a comma, appositions and relative clauses are skipped
        ("Ushakov, an aide to the president, confirmed"). None for a passive
        ("talks were described"). A noun phrase no list knows may open the
        clause ("the ad claims", "many delegates said"): a document or a vague
        source."""
        g, text = self.g, self.text
        participle = form.split()[0].casefold().endswith("ing")  # "calling for" too
        pos, skipped = self._skip_glue(cue)
        if not participle and any(w in g.passive_aux for w in skipped):
            return [], False
        touching = not skipped and not text[pos:cue].strip()
        i = self.index_ending(pos)
        if i is not None and self.folds[i] in g.relatives:
            # "officials who spoke", "Fiorina, who endorsed Cruz": the antecedent.
            pos, touching = self.starts[i], False
            while pos > self.span.start and text[pos - 1] in " \t\n,":
                pos -= 1
            i = self.index_ending(pos)
        seg = self._segment_start(pos)
        if i is not None and self.folds[i] in g.infinitive:
            # "took to Twitter to say", "was prompted to say": the clause's subject;
            # not "declined to comment", where "declined" is the cue, and only for
            # speech and finding verbs ("needs delegates to support him" is no claim).
            if i > 0 and self.folds[i - 1] in g.catenatives:
                # "continued to assert", "has begun to question": the subject of the
                # verb the infinitive continues.
                # The subject agrees with that verb, not with the bare infinitive.
                return self.subjects(self.starts[i - 1], self.words[i - 1])[0], False
            if i > 0 and self.folds[i - 1] in g.verbs.forms:
                return [], False
            end = self.starts[i]
            while end > self.span.start and text[end - 1].isspace():
                end -= 1
            # "prompted Anderson Cooper to accuse": the object of the verb before.
            for c in self.ending_at(end):
                k = bisect_left(self.ends, c.lead + 1) - 1
                if k >= 0 and self.folds[k] in g.object_control and not c.object_only:
                    return [c], False
            return self._clause_head(seg, self.starts[i], loose=True), False
        if i is not None and self.folds[i] in g.no_subject:
            return [], False  # "secretary of state", "in their states": a noun, not a verb
        if i is not None and self.folds[i] in g.coordinators:
            # "met Obama and said", ", and said": the subject of the first verb.
            head = self._clause_head(seg, self.starts[i], loose=True)
            at = self._skip_lead_in(seg, self.starts[i])
            if head or (at < self.starts[i] and text[at].isupper()):
                return head, False
            return self._walk_back(seg, loose=True), False
        if not text[seg:pos].strip(_SPACE_QUOTES):
            # ", said" after an apposition; ", saying" after a clause.
            return self._walk_back(seg, loose=participle), False
        # Fast path, the commonest shape: a person opening the clause right before
        # the verb ("Peskov said", "He added").
        for c in self.by_tail.get(pos, ()):
            if (
                not c.object_only
                and c.lead == self._skip_lead_in(seg, pos)
                and text[c.tail : c.tail + 2] not in ("'s", "’s")
                and not self.ctx.quoted(c.start)
            ):
                return [c], touching
        head = self._clause_head(seg, pos, noun_phrase=True)
        if head:
            return head, touching and head[0].tail == pos
        return self._touching(pos, participle), touching

    def _segment_start(self, pos: int) -> int:
        """Where the clause segment ending at ``pos`` starts (after a comma,
        dash, bracket or colon)."""
        if self._stops is None:
            rx = self.g.stops
            self._stops = [m.end() for m in rx.finditer(self.text, self.span.start, self.span.end)]
        k = bisect_right(self._stops, pos) - 1
        return self._stops[k] if k >= 0 else self.span.start

    def _skip_lead_in(self, seg: int, pos: int) -> int:
        """Position of the first word of ``[seg, pos)`` that is not a lead-in
        word ("But", "while"), quotation marks skipped."""
        text = self.text
        while seg < pos and text[seg] in _SPACE_QUOTES:
            seg += 1
        i = self.index_at(seg)
        while i is not None and self.starts[i] < pos and self.folds[i] in self.g.lead_in:
            i = i + 1 if i + 1 < len(self.starts) else None
        return self.starts[i] if i is not None and self.starts[i] < pos else pos

    def _clause_head(
        self, seg: int, pos: int, *, loose: bool = False, noun_phrase: bool = False
    ) -> list[_Cand]:
        """The phrase opening the segment ``[seg, pos)`` when what follows it up
        to ``pos`` is a post-modifier (or anything, when ``loose``), with the
        phrase coordinated with it at ``pos`` ("Trump and Cruz said"); with
        ``noun_phrase``, a determiner's noun phrase too (see ``_noun_phrase``)."""
        g, text = self.g, self.text
        at = self._skip_lead_in(seg, pos)
        if at >= pos:
            return []
        head = self.starting_at(at)
        if head is None and noun_phrase:
            head = self._noun_phrase(at, pos)
        if head is None or head.object_only or head.tail > pos:
            return []
        tail = head.tail
        # "Sen. Roy Blunt (R-Mo.) noted": a bracket after the name is part of it.
        rest = text[tail:pos].lstrip()
        if rest.startswith("("):
            close = text.find(")", tail, pos)
            if close != -1:
                tail = close + 1
        if not text[tail:pos].strip():
            return [head]
        if self.ctx.quoted_between(tail, pos):
            return []
        k = self.index_at(tail)
        first = self.folds[k] if k is not None else None
        if first in g.coordinators:
            other = self._best_subject(pos, False, blocked_ok=g.coordinators)
            if other is not None and other.lead > tail:
                return [head, other]
        if loose:
            return [head]
        if k is not None and first not in g.postmodifiers and self._reduced_relative(k):
            # "Exit polls taken in South Carolina found", "a survey released Monday showed".
            first, k = "of", k + 1
        if first in g.postmodifiers and (
            first in g.relatives
            or not any(
                self.folds[j] in g.finite and self.words[j].islower()
                for j in range(k or 0, self.index_ending(pos) or 0)
            )
        ):
            # Not "Russia and China said they would veto": "said" is a verb of its own.
            return [head]
        return []

    def _noun_phrase(self, at: int, pos: int) -> _Cand | None:
        """A noun phrase opened by a determiner ("the ad", "many delegates",
        "these reports"), up to a post-modifier or ``pos``: a document when its
        noun is a document's, vague when it names people or a plural, else None."""
        g = self.g
        i = self.index_at(at)
        if i is None or self.folds[i] not in g.np_openers:
            return None
        last = self.index_ending(pos)
        k = i + 1
        while last is not None and k <= last and k - i <= g.np_max_nouns:
            fold = self.folds[k]
            if fold in g.postmodifiers or fold in g.finite or fold in g.glue_words:
                break
            if self.text[self.ends[k - 1] : self.starts[k]].strip(" -'’"):
                break
            k += 1
        if k == i + 1:
            return None
        noun = self.folds[k - 1]
        if noun in g.np_documents:
            kind: SourceKind = "document"
        elif noun in g.np_people or (noun.endswith("s") and not noun.endswith("ss")):
            kind = "vague"
        else:
            return None
        start, end = self.starts[i], self.ends[k - 1]
        name = _first_lower(self, start, " ".join(self.text[start:end].split()))
        return _Cand(kind, name, start, end, start, end)

    def _reduced_relative(self, k: int) -> bool:
        """Whether word ``k`` opens a participle phrase ("conducted by", "taken in")."""
        word = self.folds[k]
        return (
            word.endswith(("ed", "en"))
            and k + 1 < len(self.folds)
            and self.folds[k + 1] in self.g.participle_links
        )

    def _touching(self, pos: int, participle: bool) -> list[_Cand]:
        """The phrase ending at ``pos`` with those coordinated before it
        ("Russia and China said"); none inside a larger phrase ("the leaders of
        Britain and France declared")."""
        g = self.g
        best = self._best_subject(pos, participle, blocked_ok=g.coordinators)
        if best is None:
            return []
        found = [best]
        while True:
            lead = found[-1].lead
            i = bisect_left(self.ends, lead + 1) - 1
            if (
                i < 0
                or self.folds[i] not in g.coordinators
                or self.text[self.ends[i] : lead].strip()
            ):
                break
            end = self.starts[i]
            while end > self.span.start and self.text[end - 1].isspace():
                end -= 1
            prev = self._best_subject(end, True, blocked_ok=g.coordinators)
            if prev is None:
                break
            found.append(prev)
        if not participle and self._blocked(found[-1].lead, g.coordinators):
            return []  # "the leaders of Britain and France declared"
        return found[::-1]

    def _walk_back(self, seg: int, *, loose: bool) -> list[_Cand]:
        """The subject of the clause before the segment starting at ``seg``:
        the leftmost of the comma-delimited segments before it that opens with
        a source phrase, so appositions and relative clauses, commas and all,
        are passed over ("Phillips, who lost her daughter in Aurora, Colorado,
        said"); when ``loose`` (the verb continues that clause), the phrase
        opening it whatever follows."""
        g, text = self.g, self.text
        words = 0
        segments: list[tuple[int, int]] = []
        for _ in range(g.segments_back):
            end = seg - 1
            if end <= self.span.start or text[end] not in ",—–-":
                break
            while end > self.span.start and text[end - 1] in " \t\n-":
                end -= 1
            seg = self._segment_start(end)
            words += len(text[seg:end].split())
            if words > g.apposition_max_words or self.ctx.long_quote_between(
                self._skip_lead_in(seg, end), end, g.apposition_quote_chars
            ):
                break
            segments.append((seg, end))
        for seg, end in reversed(segments):
            at = self._skip_lead_in(seg, end)
            if at < end and not text[at].isupper():
                continue  # "a former aide", "who lives in Iowa", "58": an apposition
            head = self._clause_head(seg, end, loose=loose)
            if head:
                return head
        if not loose:
            for _, end in segments:
                near = self._touching(end, False)
                if near:
                    return near
        return []

    def _blocked(self, lead: int, allowed: frozenset[str]) -> bool:
        """True if the word before ``lead`` (or before its honorific: "of Mr.
        Trump") puts the phrase inside a larger one."""
        i = bisect_left(self.ends, lead + 1) - 1
        if (
            i >= 1
            and self.folds[i] in self.g.honorifics
            and not self.text[self.ends[i] : lead].strip(" .")
        ):
            lead, i = self.starts[i], i - 1
        return (
            i >= 0
            and self.ends[i] <= lead
            and self.folds[i] in self.g.blocking
            and self.folds[i] not in allowed
            and not self.text[self.ends[i] : lead].strip()
        )

    def _best_subject(
        self, pos: int, participle: bool, *, blocked_ok: frozenset[str]
    ) -> _Cand | None:
        options = [
            c for c in self.ending_at(pos) if not c.object_only and not self.ctx.quoted(c.start)
        ]
        best = min(options, key=lambda c: (c.lead, _RANK[c.kind], c.name), default=None)
        if best is None:
            return None
        # "Documents seen by Reuters show": the agent of a participle is not the
        # subject; the phrase before the participle is.
        by = next(
            (
                a
                for a, b in self.claimed
                if b <= best.lead
                and not self.text[b : best.lead].strip()
                and self.text[a:b].casefold().endswith("by")
            ),
            None,
        )
        if by is not None:
            return self._best_subject(self._skip_glue(by)[0], participle, blocked_ok=blocked_ok)
        i = bisect_left(self.ends, best.lead + 1) - 1
        if (
            best.lead == best.start
            and i >= 0
            and self.folds[i] in self.g.articles
            and " " not in self.text[best.start : best.end]
        ):
            return None  # "the Paris attacks": the name is a modifier
        if participle:
            return best
        return None if self._blocked(best.lead, blocked_ok) else best

    def _skip_glue(self, pos: int) -> tuple[int, list[str]]:
        """Walk back from a verb over glue words ("has also"); returns the
        position reached and the words skipped."""
        skipped: list[str] = []
        while True:
            while pos > self.span.start and self.text[pos - 1].isspace():
                pos -= 1
            # "the Institute for the Study of War (ISW) said": skip the abbreviation.
            opening = self.text.rfind("(", max(self.span.start, pos - 16), pos)
            if self.text[pos - 1 : pos] == ")" and opening > 0:
                inner = self.text[opening + 1 : pos - 1]
                if inner and not any(ch.isspace() for ch in inner):
                    pos = opening
                    continue
            i = bisect_right(self.ends, pos) - 1
            if i < 0 or self.ends[i] != pos:
                return pos, skipped
            fold = self.folds[i]
            if self.g.is_glue(fold):
                skipped.append(fold)
                pos = self.starts[i]
                continue
            # Phrases ("on Monday", "didn't") only when their last word is here.
            if fold not in self.g.glue_tails and not fold.isdigit():
                return pos, skipped
            for j in range(i - 1, max(-1, i - 4), -1):
                if self.g.glue.fullmatch(self.text, self.starts[j], pos):
                    skipped.extend(self.folds[j : i + 1])
                    pos = self.starts[j]
                    break
            else:
                return pos, skipped

    def nearest_before(self, pos: int) -> _Cand | None:
        """The citer of "X, citing Y": the source phrase ending right before
        ``pos``, with only speech verbs and glue words between ("Interfax
        reported on Monday, citing")."""
        g = self.g
        i = bisect_right(self.ends, pos)
        for k in range(i - 1, max(-1, i - 2 - g.citer_gap), -1):
            options = [
                c for c in self.ending_at(self.ends[k]) if c.kind != "vague" and not c.object_only
            ]
            if options:
                return min(options, key=lambda c: (c.lead, _RANK[c.kind], c.name))
            fold = self.folds[k]
            if not (
                fold in g.citer_gap_words
                or fold in g.verbs.forms
                or fold.isdigit()
                or g.glue.fullmatch(self.words[k])
            ):
                return None
        return None

    def add(self, cand: _Cand, cue: tuple[int, int] | None, **flags: Any) -> _Hit:
        hit = _Hit(cand, cue[0] if cue else None, cue[1] if cue else None, **flags)
        self.hits.append(hit)
        return hit


# ---------------------------------------------------------------------------
# Phrase builders: from a family's match to a candidate, or None


@cache
def _non_space() -> re.Pattern[str]:
    return re.compile(r"\S+")


def _trim_leading(text: str, start: int, end: int, stop: frozenset[str], *, keep_the: bool) -> int:
    """Skip leading words of ``text[start:end]`` that never start a name
    (a capital "The" stays when ``keep_the``: "The WP Times")."""
    for m in _non_space().finditer(text, start, end):
        word = m.group()
        folded = word.casefold().strip(",")
        if keep_the and word == "The":
            return m.start()
        if folded not in stop and folded != "the":
            return m.start()
    return end


def _first_lower(sen: _Sentence, start: int, name: str) -> str:
    """Lower-case the first letter a sentence start capitalised ("Sources said")."""
    at_start = not sen.text[sen.span.start : start].strip(" \t\"“‘'«(")
    first = name.split(" ", 1)[0]
    if at_start and first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        return name[:1].lower() + name[1:]
    return name


def _accept_follow(sen: _Sentence, end: int) -> bool:
    """False when the word after an outlet name shows it is part of something
    else ("the Guardian angel", "AP Biology")."""
    text = sen.text
    nxt = text[end : end + 1]
    if not nxt or nxt in "'’":
        return True
    if not nxt.isspace():
        return nxt in ',.;:!?)—–-"”'
    i = bisect_left(sen.starts, end)
    if i >= len(sen.starts) or text[end : sen.starts[i]].strip():
        return True
    word = sen.words[i]
    if word[:1].isupper():
        return word in sen.g.follow_capitalised
    last = bisect_left(sen.starts, end) - 1
    if last < 0 or sen.folds[last] not in sen.g.modifier_like:
        return True
    return word[:1].isdigit() or sen.folds[i] in sen.g.follow_ok


def _descriptor(sen: _Sentence, m: re.Match[str]) -> tuple[str | None, str | None]:
    """(role, kind) from a descriptor before or after an outlet's name."""
    g = sen.g
    role = kind = None
    if m.group("desc"):
        start = _trim_leading(sen.text, m.start("desc"), m.end("desc"), g.not_name, keep_the=False)
        role = " ".join(sen.text[start : m.end("desc")].split()) or None
        kind = g.desc_kind.get(_last_desc(m.group("desc"), g))
    after = m.groupdict().get("after")
    if after:
        role = role or after
        kind = kind or g.desc_kind.get(" ".join(after.split()).casefold())
    return role, kind


def _last_desc(phrase: str, g: _Grammar) -> str:
    folded = " ".join(phrase.split()).casefold()
    return max((d for d in g.desc_kind if folded.endswith(d)), key=len, default=folded)


def _build_alias(sen: _Sentence, family: _Family, m: re.Match[str]) -> _Cand | None:
    entry = load_outlets().find(m.group("name"))
    start, end = m.span("name")
    if entry is None or sen.ctx.in_name(start, end):
        return None
    if not m.group("after") and not _accept_follow(sen, end):
        return None
    role, _ = _descriptor(sen, m)
    lead = m.start() if m.group("desc") else _with_the(sen, m.start())
    return _Cand(
        "outlet",
        entry.name,
        start,
        end,
        lead,
        m.end(),
        role,
        classify_outlet(entry.name),
        # "the AP" is no ambiguous "AP".
        strict=m.group("name") in entry.strict and lead == start,
    )


def _with_the(sen: _Sentence, pos: int) -> int:
    """``pos`` moved back over a "the" right before it."""
    i = bisect_left(sen.starts, pos) - 1
    if i >= 0 and sen.folds[i] == "the" and not sen.text[sen.ends[i] : pos].strip():
        return sen.starts[i]
    return pos


def _build_generic(sen: _Sentence, family: _Family, m: re.Match[str]) -> _Cand | None:
    g, text = sen.g, sen.text
    start, end = m.span("name")
    if family.build == "generic":
        start = _trim_leading(text, start, end, g.not_name, keep_the=True)
        words = text[start:end].split()
        modifiers = [w for w in words[: -len(m.group("head").split())] if w != "The"]
        if not modifiers:
            return None
    elif family.build == "desc_name" and _outlet_key(m.group("name")) in g.org_words:
        return None
    name = " ".join(text[start:end].split())
    if start >= end or load_outlets().find(name) is not None or sen.ctx.in_name(start, end):
        return None
    after = m.groupdict().get("after")
    if not after and not _accept_follow(sen, end):
        return None
    role, desc_kind = _descriptor(sen, m) if family.build != "domain" else (None, None)
    kind = desc_kind or _guess_kind(name) or ("online" if family.build == "domain" else "unknown")
    outlet = classify_outlet(name) or Outlet(name=name, kind=kind)
    lead = m.start() if m.groupdict().get("desc") else _with_the(sen, start)
    return _Cand("outlet", name, start, end, lead, m.end(), role, outlet)


def _build_org(sen: _Sentence, family: _Family, m: re.Match[str]) -> _Cand | None:
    g, text = sen.g, sen.text
    if family.build == "org_head" and not (
        m.group("the") or m.group("mods").strip() or m.group("tail")
    ):
        return None
    keep = family.build == "org_common"
    start = (
        m.start() if keep else _trim_leading(text, m.start(), m.end(), g.not_name, keep_the=False)
    )
    end = m.end()
    if start >= end or sen.ctx.in_name(start, end):
        return None
    name = " ".join(text[start:end].split())
    name = _first_lower(sen, start, name) if keep else name
    return _Cand("organisation", name, start, end, _with_the(sen, m.start()), end)


def _build_vague(sen: _Sentence, family: _Family, m: re.Match[str]) -> _Cand | None:
    g = sen.g
    head = " ".join(m.group("head").split()).casefold()
    if not m.group("mods").strip() and not m.group("tail") and head in g.bare_verb_heads:
        # A bare "reports" is a noun only after a preposition or at a sentence
        # start ("according to reports"), not in "Reuters reports that".
        i = bisect_left(sen.starts, m.start()) - 1
        if i >= 0 and sen.folds[i] not in g.not_name:
            return None
    # "according to Reuters reports" credits Reuters, which is no vague source.
    capitals = [w for w in m.group("mods").split() if w[:1].isupper()]
    lex = load_outlets()
    if any(
        lex.find(" ".join(capitals[a:b])) is not None
        for a in range(len(capitals))
        for b in range(a + 1, min(len(capitals), a + 4) + 1)
    ):
        return None
    name = _first_lower(sen, m.start(), " ".join(m.group().split()))
    return _Cand("vague", name, m.start(), m.end(), m.start(), m.end())


def _build_document(sen: _Sentence, family: _Family, m: re.Match[str]) -> _Cand | None:
    g = sen.g
    head = m.group("head")
    if head[:1].isupper() and m.group("mods")[:1].isupper() and "/" not in m.group("mods"):
        # "Edison Research", "Pew Research": a name, not a document; but "an ABC
        # News/Washington Post Poll" is a joint poll.
        return None
    mods = [w.casefold() for w in m.group("mods").split()]
    start = m.start("mods") if mods else m.start("head")
    name = _first_lower(sen, start, " ".join(sen.text[start : m.end()].split()))
    return _Cand(
        "document",
        name,
        start,
        m.end(),
        m.start(),
        m.end(),
        marked=any(w in g.doc_marked for w in mods),
        vague_doc=any(w in g.vague_doc for w in mods),
    )


def _build_name(sen: _Sentence, family: _Family, m: re.Match[str]) -> _Cand | None:
    """A capitalised name no list knows: a person when an honorific opens it or
    a person of the article has its last word as surname, else an organisation."""
    g, ctx, text = sen.g, sen.ctx, sen.text
    end = m.end("name")
    start = _trim_leading(text, m.start("name"), end, g.name_stop, keep_the=False)
    words = text[start:end].split()
    if not words or any(w.casefold().rstrip(".") in g.name_stop for w in words):
        return None
    if ctx.in_name(start, end) or (len(words) == 1 and len(words[0]) < 2):
        return None
    at_start = not text[sen.span.start : start].strip(" \t\"“‘'«(—–-")
    if len(words) == 1 and at_start and words[0] not in ctx.mid_caps():
        return None  # "Voters said": a capital that only opens the sentence
    nxt = sen.index_at(m.end())
    if nxt is not None:
        word = sen.words[nxt]
        if word[:1].isupper() and sen.folds[nxt] not in g.name_stop:
            return None  # part of a longer name
        if word.islower() and sen.folds[nxt] not in g.name_follow and not g.is_glue(sen.folds[nxt]):
            return None  # "Former prosecutor": a modifier, not a name
    name = " ".join(words)
    honorific = m.group("hon") and start == m.start("name")
    known = ctx.surnames.get(words[-1])
    if honorific or known:
        return _Cand("person", known or name, start, end, m.start() if honorific else start, end)
    return _Cand("organisation", name, start, end, _with_the(sen, start), end, guessed=True)


_BUILDERS = {
    "alias": _build_alias,
    "generic": _build_generic,
    "domain": _build_generic,
    "desc_name": _build_generic,
    "org": _build_org,
    "org_head": _build_org,
    "org_common": _build_org,
    "vague": _build_vague,
    "document": _build_document,
}


# ---------------------------------------------------------------------------
# Pronouns and role nouns ("He stressed", "according to the diplomat")


def _anaphors(ctx: _Context, refs: Sequence[_PersonRef]) -> list[_PersonRef]:
    """Pronouns and "the diplomat" phrases, resolved in text order to the last
    person named (or resolved) in the same or the ``window`` previous sentences."""
    g, text, sentences = ctx.g, ctx.text, ctx.sentences
    if not sentences:
        return []
    firsts = [s.start for s in sentences]

    def sentence_of(pos: int) -> int:
        i = bisect_right(firsts, pos) - 1
        return i if i >= 0 and pos < sentences[i].end else -1

    spots: list[tuple[int, int, str | None, int]] = []
    pronouns = g.subject_pronouns | g.object_pronouns
    # compress() walks the words in C; few of them are pronouns.
    for k in compress(range(len(ctx.folds)), map(pronouns.__contains__, ctx.folds)):
        word, start = ctx.words[k], ctx.starts[k]
        i = sentence_of(start)
        # Lower case or capitalised ("He"), not "HE" in an all-caps line.
        if i >= 0 and (word.islower() or word.istitle()) and not ctx.quoted(start):
            spots.append((start, ctx.ends[k], None, i))
    if not g.role_words.isdisjoint(ctx.folds):
        for m in g.role.finditer(text, sentences[0].start, sentences[-1].end):
            i = sentence_of(m.start())
            if i >= 0 and m.end() <= sentences[i].end and not ctx.quoted(m.start()):
                spots.append((m.start(), m.end(), m.group().split()[-1].casefold(), i))
    spots.sort()
    ref_starts = [r.start for r in refs]
    found: list[_PersonRef] = []
    for start, end, noun, i in spots:
        lo = sentences[max(0, i - g.pronoun_window)].start
        # Newest first: the people named before ``start`` and the pronouns resolved.
        a, b = bisect_left(ref_starts, start) - 1, len(found) - 1
        ref = None
        while True:
            r = refs[a] if a >= 0 and refs[a].start >= lo else None
            f = found[b] if b >= 0 and found[b].start >= lo else None
            if r is None and f is None:
                break
            take_ref = f is None or (r is not None and r.start > f.start)
            newest = r if take_ref else f
            if take_ref:
                a -= 1
            else:
                b -= 1
            if ref is None:
                ref = newest  # the last person, if no role matches
            if noun is None or (newest is not None and _has_role(newest, noun)):
                ref = newest
                break
        if ref is not None:
            only = text[start:end].casefold() not in g.subject_pronouns and noun is None
            found.append(
                _PersonRef(start, end, start, ref.name, ref.role, ref.titles, object_only=only)
            )
    return found


def _has_role(ref: _PersonRef, noun: str) -> bool:
    return any(noun in _title_words(t) for t in ref.titles)


@lru_cache(maxsize=4096)
def _title_words(title: str) -> frozenset[str]:
    """The words of a title's comparison key (titles recur across mentions)."""
    return frozenset(normalize(title).split())


# ---------------------------------------------------------------------------
# Attribution: cues tied to phrases, sentence by sentence


def _verb_ok(cand: _Cand, lemma: str, g: _Grammar) -> bool:
    return cand.kind == "person" or cand.kind in g.verbs.subjects.get(lemma, ())


def _plural(cand: _Cand, g: _Grammar) -> bool:
    """Whether a phrase reads as plural ("officials", "Democrats", "the police")."""
    if cand.kind == "vague":
        return True
    if cand.kind == "person":
        return False
    last = cand.name.split()[-1].casefold() if cand.name.split() else ""
    return (last.endswith("s") and not last.endswith("ss")) or last in g.plural_nouns


def _attribute(sen: _Sentence, quotes: Sequence[Quote]) -> list[_Hit]:
    """Every source of one sentence, in the order: prepositional cues (they
    claim their words), passive agents and "X quoted Y", cue verbs and idioms,
    polls after "in", possessive and "from" claim nouns, colon labels, vague
    phrases, marked documents, the quote stage's speakers."""
    g = sen.g
    if not sen.fold_set.isdisjoint(g.phrases):
        _phrase_cues(sen)
    if "by" in sen.fold_set or not sen.fold_set.isdisjoint(g.quoted_verbs):
        for i, fold in enumerate(sen.folds):
            if fold == "by":
                if not _by_agent(sen, i):
                    _late_agent(sen, i)
            elif fold in g.quoted_verbs and sen.words[i].islower():
                _quoted_as(sen, i)
    _speech_verbs(sen)
    if "in" in sen.fold_set and not sen.fold_set.isdisjoint(g.survey_heads):
        _in_survey(sen)
    _possessives(sen)
    if not sen.fold_set.isdisjoint(g.nominal_nouns):
        _nominals(sen)
    if (
        sen.starts
        and sen.starts[0] - sen.span.start <= 2
        and (":" in sen.text[sen.span.start : sen.span.end] or "on" in sen.fold_set)
    ):
        _colon_label(sen)
    _dash_label(sen)
    for d in g.direct if not g.direct_words.isdisjoint(sen.fold_set) else ():
        if not d.triggers.isdisjoint(sen.fold_set):
            for m in d.pattern.finditer(sen.text, sen.span.start, sen.span.end):
                if sen.free(m.start(), m.start() + 1):
                    cand = _Cand("vague", d.name, m.start(), m.end(), m.start(), m.end())
                    sen.add(cand, (m.start(), m.end()), chained=False)
    _marked_documents(sen)
    if quotes:
        _quote_speakers(sen, quotes)
    if sen.hits:
        _settle(sen)
        _outlets_in_documents(sen)
        _vague_twins(sen)
        _propagate(sen)
    return sen.hits


def _speech_verbs(sen: _Sentence) -> None:
    g = sen.g
    forms, multi = g.verbs.forms, g.verbs.multi
    present = sen.fold_set & g.verbs.first_words
    if not present:
        return
    for i in [i for i, f in enumerate(sen.folds) if f in present]:
        fold = sen.folds[i]
        lemma = forms.get(fold)
        end = sen.ends[i]
        nxt = sen.folds[i + 1] if i + 1 < len(sen.folds) else None
        for rest, multi_lemma in multi.get(fold, ()):
            if rest[0] == nxt and sen.joined(i + 1, rest):
                lemma, end = multi_lemma, sen.ends[i + len(rest)]
                break
        for idiom in g.verbs.idioms.get(fold, ()):
            if idiom.needs.isdisjoint(sen.fold_set):
                continue
            m = idiom.pattern.match(sen.text, sen.starts[i], sen.span.end)
            if m:
                lemma, end = idiom.lemma, m.end()
                break
        word = sen.words[i]
        # Not "SAID" in an all-caps line; "Says" only in a headline ("Trump Says He"),
        # not in a name ("United States").
        cased = word.islower() or (word.istitle() and (i == 0 or sen.headline()))
        if lemma is not None and cased and sen.free(sen.starts[i], end):
            base = end == sen.ends[i] and fold in g.verbs.bases
            _verb_cue(sen, sen.starts[i], end, lemma, base=base)


def _in_survey(sen: _Sentence) -> None:
    """ "In a CNN/ORC poll released Monday, 31% said": findings credited to a
    poll or survey after "in" (and the outlets named in it)."""
    g = sen.g
    for i, fold in enumerate(sen.folds):
        if fold != "in":
            continue
        cue = (sen.starts[i], sen.ends[i])
        target = sen.object(cue[1]) if sen.free(*cue) else None
        if target is None or target.kind != "document":
            continue
        if g.survey_heads.isdisjoint(g.token.findall(target.name.casefold())):
            continue
        sen.claimed.append(cue)
        sen.add(target, cue)


def _possessives(sen: _Sentence) -> None:
    """ "Trump's claim that", "Kerry's proposal": the owner of a claim noun."""
    g = sen.g
    if "s" not in sen.fold_set or sen.fold_set.isdisjoint(g.poss_nouns):
        return
    text, n = sen.text, len(sen.folds)
    for i in range(1, n):
        a = sen.starts[i]
        if sen.folds[i] != "s" or text[a - 1 : a] not in ("'", "’") or sen.ends[i - 1] != a - 1:
            continue
        k = i + 1
        while k < n and k <= i + 1 + g.poss_max_mods and sen.folds[k] not in g.poss_nouns:
            if not sen.words[k].islower():
                break
            k += 1
        if (
            k >= n
            or sen.folds[k] not in g.poss_nouns
            or text[sen.ends[i] : sen.starts[k]].strip(" -")
        ):
            continue
        cue = (sen.starts[k], sen.ends[k])
        if not sen.free(*cue):
            continue
        owners = [
            c
            for c in sen.ending_at(a - 1)
            if c.kind in ("person", "outlet", "organisation") and not c.object_only
        ]
        best = min(owners, key=lambda c: (c.lead, _RANK[c.kind], c.name), default=None)
        if best is not None and not sen.ctx.quoted(best.start):
            sen.add(best, cue)


def _nominals(sen: _Sentence) -> None:
    """ "criticism from Clinton and Trump", "a call by the union": the source of a
    claim noun, after "from" or "by"."""
    g = sen.g
    for i in range(len(sen.folds) - 1):
        if sen.folds[i] not in g.nominal_nouns or sen.folds[i + 1] not in g.nominal_links:
            continue
        cue = (sen.starts[i], sen.ends[i])
        if not sen.free(*cue) or not sen.joined(i, (sen.folds[i], sen.folds[i + 1])):
            continue
        target = sen.object(sen.ends[i + 1])
        if target is None or target.kind == "document" or target.object_only:
            continue
        sen.add(target, cue)
        # "from Hillary Clinton and Donald Trump": both.
        k = sen.index_at(target.tail)
        if k is not None and sen.folds[k] in g.coordinators:
            other = sen.object(sen.ends[k])
            if other is not None and other.kind != "document" and not other.object_only:
                sen.add(other, cue)


def _colon_label(sen: _Sentence) -> None:
    """ "TAPPER: Do you think", "Poll: Clinton leads", "Gillibrand on the
    transcripts: ..." : a label opening the sentence before a colon credits what
    follows; so does a headline's "Name On <topic>"."""
    g, text = sen.g, sen.text
    n = len(sen.starts)
    colon = on = None
    for k in range(min(n - 1, g.colon_max + g.topic_max)):
        gap = text[sen.ends[k] : sen.starts[k + 1]]
        if sen.folds[k] == "on" and k and on is None:
            on = k
        if gap.startswith(":") and not gap[1:].strip(_SPACE_QUOTES):
            colon = k
            break
        if gap.strip(" .-’'"):
            break
    if colon is None and not (on is not None and sen.headline()):
        return
    last = on - 1 if on is not None else colon
    if (
        last is None
        or last >= g.colon_max
        or not all(w[:1].isupper() for w in sen.words[: last + 1])
    ):
        return
    if any(f in g.colon_stop for f in sen.folds[: last + 1]):
        return
    cue = (
        (sen.ends[colon], sen.ends[colon] + 1)
        if colon is not None
        else (sen.starts[on or 0], sen.ends[on or 0])
    )
    if sen.ctx.quoted(cue[0]) or not sen.free(*cue):
        return
    # What follows may open with a quotation mark ("Sanders: ‘Of Course’ Clinton Is").
    after = bisect_left(sen.starts, cue[1])
    opened = after < n and not text[cue[1] : sen.starts[after]].strip(_SPACE_QUOTES)
    if not opened or not sen.words[after][:1].isalpha() or n - after < 3:
        return  # "Clinton: 1,769": a table row, not a claim
    clause = any(w.islower() for w in sen.words[after : after + 8])
    options = [
        c
        for c in sen.ending_at(sen.ends[last])
        if not c.object_only and c.lead <= sen.starts[0] and (clause or not c.guessed)
    ]
    best = min(options, key=lambda c: (c.lead, _RANK[c.kind], c.name), default=None)
    if best is None and colon is not None:
        # A transcript's speaker ("TAPPER:", "JAKE TAPPER:").
        label = sen.words[: last + 1]
        name = " ".join(label)
        known = sen.ctx.surnames.get(label[-1].title()) or sen.ctx.surnames.get(label[-1])
        if known or (name.isupper() and len(label) <= 2):
            best = _Cand(
                "person",
                known or name.title(),
                sen.starts[0],
                sen.ends[last],
                sen.starts[0],
                sen.ends[last],
            )
    if best is not None:
        sen.add(best, cue)


def _dash_label(sen: _Sentence) -> None:
    """ "- Sanders." after a quoted passage, "— Paul Ryan (@SpeakerRyan) July 5"
    closing a tweet: a name after a dash signs what stands before it. The dash
    opens the sentence right after a closing quotation mark (not a byline
    after the writer's own text), or the name is followed by a handle."""
    text, lo, hi = sen.text, sen.span.start, sen.span.end
    first = lo
    while first < hi and text[first].isspace():
        first += 1
    if first == hi or (text[first] not in _DASHES and text.find("(@", lo, hi) < 0):
        return  # neither a dash opening the sentence nor a handle
    for m in sen.g.dash.finditer(text, lo, hi):
        back = m.start()
        while back > 0 and text[back - 1].isspace():
            back -= 1
        opening = back > 0 and not text[lo : m.start()].strip() and text[back - 1] in "\"”’'"
        cand = sen.object(m.end())
        if cand is None or cand.kind not in ("person", "outlet", "organisation"):
            continue
        rest = text[cand.tail : sen.span.end].strip()
        if cand.object_only or not (
            rest.startswith("(@") or (opening and (not rest.strip(".") or rest[0] == ","))
        ):
            continue
        if sen.free(m.start(), m.end()):
            sen.add(cand, (m.start(), m.end()))


def _settle(sen: _Sentence) -> None:
    """Drop the hits another hit makes redundant."""
    # "Ukrainska Pravda, citing sources, reported": the verb is the citer's cue,
    # and a citer never takes the channel it cites as its own via.
    if any(h.citer or h.fallback for h in sen.hits):
        citers = {h.cand for h in sen.hits if h.citer}
        own = {h.cand for h in sen.hits if not h.fallback}
        sen.hits = [h for h in sen.hits if not (h.fallback and h.cand in own)]
        for h in sen.hits:
            if h.cand in citers:
                h.citer, h.chained = True, False
    # "media reports indicate": the "reports" of the phrase is no cue of its own.
    spans = [(h.cand.start, h.cand.end) for h in sen.hits if h.cue_start != h.cand.start]
    sen.hits = [
        h
        for h in sen.hits
        if h.cue_start is None
        or h.cue_start == h.cand.start
        or not any(s <= h.cue_start < e for s, e in spans)
    ]


def _phrase_cues(sen: _Sentence) -> None:
    g = sen.g
    folds, n = sen.folds, len(sen.folds)
    for i, fold in enumerate(folds):
        for seq in g.phrases.get(fold, ()):
            if len(seq) > 1 and (i + 1 >= n or folds[i + 1] != seq[1]):
                continue
            if not sen.joined(i, seq):
                continue
            cue = (sen.starts[i], sen.ends[i + len(seq) - 1])
            if not sen.free(*cue):
                break
            target = sen.object(cue[1])
            if target is not None and seq in g.outlet_only and target.kind != "outlet":
                target = None
            if target is None and seq in g.outlet_only and seq[0] in g.verbs.forms:
                break  # "wrote in an op-ed": the verb is the cue
            sen.claimed.append(cue)
            if seq in g.np_phrases and (target is None or target.kind in ("document", "vague")):
                # "according to a count by The Associated Press", "according to his book".
                inner, np_end = _named_in_phrase(sen, cue[1])
                if inner is not None:
                    sen.add(inner, cue, channel=inner.kind == "outlet")
                elif target is None and np_end is not None:
                    target = _phrase_document(sen, cue[1], np_end)
            citer = sen.nearest_before(cue[0]) if seq in g.citing else None
            if target is not None:
                hit = sen.add(target, cue, channel=target.kind == "outlet")
                if citer is not None:
                    hit.via, hit.chained = citer.name, False
            if citer is not None:
                known = [h for h in sen.hits if h.cand == citer]
                for h in known:
                    h.citer, h.chained = True, False
                if not known:
                    sen.add(citer, cue, citer=True, chained=False, fallback=True)
            break


def _named_in_phrase(
    sen: _Sentence, pos: int, *, person: bool = False
) -> tuple[_Cand | None, int | None]:
    """The first person, outlet or organisation in the noun phrase after
    ``pos`` (up to punctuation, at most ``np_max_words`` words), and where the
    phrase ends; with ``person``, the first person if there is one ("said former
    Pennsylvania Gov. Ed Rendell")."""
    g, text = sen.g, sen.text
    k = sen.index_at(pos)
    if k is None:
        return None, None
    first, found = k, None
    while k < len(sen.starts) and k - first < g.np_max_words:
        settled = found is not None and (found.kind == "person" or not person)
        if sen.words[k][:1].isupper() and not settled and not sen.ctx.quoted(sen.starts[k]):
            c = sen.starting_at(sen.starts[k])
            if (
                c is not None
                and c.kind in ("person", "outlet", "organisation")
                and not c.object_only
                and (found is None or c.kind == "person")
            ):
                found = c
        if k + 1 == len(sen.starts) or text[sen.ends[k] : sen.starts[k + 1]].strip(" \t-'’."):
            return found, sen.ends[k]
        k += 1
    return found, None


def _phrase_document(sen: _Sentence, start: int, end: int) -> _Cand | None:
    """The noun phrase ``[start, end)`` after a cue, as a document source."""
    while start < end and sen.text[start].isspace():
        start += 1
    if start >= end or sen.ctx.quoted(start):
        return None
    name = _first_lower(sen, start, " ".join(sen.text[start:end].split()))
    return _Cand("document", name, start, end, start, end)


def _by_agent(sen: _Sentence, i: int) -> bool:
    """ "described by sources", "articulated by Kremlin spokesman Dmitry Peskov"."""
    for seq in sen.g.verbs.participles.get(sen.folds[i - 1] if i else "", ()):
        k = i - len(seq)
        if k < 0 or not sen.joined(k, seq + ("by",)):
            continue
        cue = (sen.starts[k], sen.ends[i])
        if not sen.free(*cue):
            return True
        sen.claimed.append(cue)
        target = sen.object(cue[1])
        if target is not None:
            sen.add(target, cue, channel=target.kind == "outlet")
        return True
    return False


def _late_agent(sen: _Sentence, i: int) -> None:
    """ "was endorsed the day before by Fiorina", "has been called X by
    Hendrick": the agent of a passive cue verb a few words back."""
    g, text = sen.g, sen.text
    for j in range(i - 1, max(0, i - g.agent_gap - 1), -1):
        if any(ch in ',;:—–"“”' for ch in text[sen.ends[j] : sen.starts[j + 1]]):
            return
        if sen.folds[j] not in g.verbs.single_participles:
            continue
        if not any(f in g.passive_aux for f in sen.folds[max(0, j - 3) : j]):
            return
        cue = (sen.starts[j], sen.ends[j])
        target = sen.object(sen.ends[i])
        if target is None or not sen.free(*cue):
            return
        sen.claimed.append(cue)
        sen.add(target, cue, channel=target.kind == "outlet")
        return


def _quoted_as(sen: _Sentence, i: int) -> None:
    """ "TASS quoted Peskov as saying": Peskov reached us via TASS."""
    cue = (sen.starts[i], sen.ends[i])
    if not sen.free(*cue):
        return
    subjects, _ = sen.subjects(cue[0], sen.words[i])
    by = subjects[-1] if subjects else None
    target = sen.object(cue[1])
    if by is None or target is None:
        return
    sen.claimed.append(cue)
    sen.add(by, cue, channel=by.kind == "outlet", citer=True, chained=False)
    sen.add(target, cue, via=by.name, chained=False)


def _hyphenated(sen: _Sentence, end: int) -> bool:
    """Whether the word after ``end`` is the first part of a hyphenated word."""
    i = sen.index_at(end)
    return i is not None and sen.text[sen.ends[i] : sen.ends[i] + 1] == "-"


def _next_word(sen: _Sentence, end: int) -> str | None:
    """The next word after ``end`` when only white space separates them."""
    i = bisect_left(sen.starts, end)
    if i < len(sen.starts) and not sen.text[end : sen.starts[i]].strip():
        return sen.folds[i]
    return None


def _verb_cue(sen: _Sentence, start: int, end: int, lemma: str, *, base: bool) -> None:
    g = sen.g
    cue = (start, end)
    word = sen.text[start:end]
    following = _next_word(sen, end)
    if following in g.particles and not _hyphenated(sen, end):
        return  # "called up", "written off"; not "said down-ballot races"
    ing = word.split()[0].casefold().endswith("ing")  # "calling for" too
    inverted = _inverted(sen, start, end, lemma) if not ing and word.islower() else None
    if inverted is not None:
        # ", said James Henson, director of...": the speaker follows the verb.
        sen.add(inverted, cue)
        return
    weak = g.verbs.weak.get(lemma)
    subjects: list[_Cand] = []
    touching = False
    strong = weak is None or _weak_ok(sen, end, weak)
    person = lemma in g.person_lemmas
    if strong or person or "document" in g.verbs.subjects.get(lemma, ()):
        subjects, touching = sen.subjects(start, word)
        if not strong:
            # "a CNN poll showed a tie": a finding needs no complement; nor does a
            # person's belief ("Trump thinks so", "Clinton touted her plan").
            subjects = [
                c for c in subjects if c.kind == "document" or (person and c.kind == "person")
            ]
        if weak is not None and not _clause_follows(sen, end):
            # "Rust Belt states of": a weak verb after a name no list knows is a noun,
            # unless a clause follows ("Edison Research found that").
            subjects = [c for c in subjects if not c.guessed]
    if subjects and g.no_comment.match(sen.text, end, sen.span.end):
        return  # "did not respond to a request for comment": nothing is claimed
    for subject in subjects:
        touch = touching and subject is subjects[-1]
        if (
            _verb_ok(subject, lemma, g)
            and (touch or not subject.strict)
            and not (ing and _indefinite(sen, subject))
            # "the Sanders plan", "Trump say": an uninflected verb needs a plural subject.
            and not (base and touch and len(subjects) == 1 and not _plural(subject, g))
        ):
            sen.add(subject, cue)
    if lemma in g.outlet_object_lemmas:
        target = sen.object(end)
        if target is not None and target.kind == "outlet":
            sen.add(target, cue, channel=True)


def _inverted(sen: _Sentence, start: int, end: int, lemma: str) -> _Cand | None:
    """The speaker after an inverted verb (", said Peskov", "“...,” said the
    official"): a named phrase, not a pronoun opening the complement (", says
    he didn't"), closing its clause."""
    g = sen.g
    if lemma not in g.inversion_lemmas or lemma in g.object_lemmas:
        return None
    before = sen.text[sen.span.start : start].rstrip()
    if not before or before[-1] not in ',"”’—–':
        return None
    target = sen.object(end) or _described(sen, end)
    if target is None:
        return None
    if target.kind == "document" or not _verb_ok(target, lemma, g):
        return None
    if (
        target.kind == "person"
        and sen.text[target.start : target.end].casefold() in g.subject_words
    ):
        return None
    # It closes the clause: not ", said the United States should" (a complement).
    after = sen.text[target.tail : target.tail + 1]
    if after and not after.isspace() and after not in ",.;:!?)—–\"”’'":
        return None
    k = sen.index_at(target.tail)
    # ", said Doyle and others": a coordinated group still closes the clause.
    if (
        k is not None
        and sen.folds[k] not in g.inversion_followers
        and not (sen.folds[k] in g.coordinators and _next_word(sen, sen.ends[k]) in g.others)
    ):
        return None
    return target


def _described(sen: _Sentence, end: int) -> _Cand | None:
    """The person named after a description that follows an inverted verb
    (", said the company's chief executive, John Ferriola."): the description
    opens with a determiner and runs to a comma, at most
    ``description_max_words`` words."""
    g, text = sen.g, sen.text
    k = sen.index_at(end)
    if k is None or sen.words[k] not in g.description_openers:
        return None
    for j in range(k, min(len(sen.starts) - 1, k + g.description_max_words)):
        gap = text[sen.ends[j] : sen.starts[j + 1]]
        if not gap.strip(" '’"):
            continue
        if gap.strip() != "," or sen.ctx.quoted(sen.starts[j + 1]):
            return None
        named = sen.object(sen.ends[j] + 1)
        if named is None or named.kind != "person" or named.object_only:
            return None
        return _moved(named, named.start, named.end, sen.starts[k], named.tail)
    return None


def _weak_ok(sen: _Sentence, end: int, weak: frozenset[str]) -> bool:
    """Whether what follows a weak verb makes it an attribution: punctuation,
    or (past adverbs and dates: "responded late Friday with") one of its listed
    words, a name ("<name>": "urged Congress", "thinks Mr. Trump will") or a
    subject pronoun ("<pronoun>": "believes he can")."""
    g = sen.g
    i = sen.index_at(end)
    while i is not None and (sen.folds[i] in g.glue_words or sen.folds[i] in g.day_words):
        i = sen.index_at(sen.ends[i])
    if i is None:
        return True  # a comma, a quote, the end of the sentence
    following = sen.folds[i]
    if following in weak:
        return True
    if "<pronoun>" in weak and following in g.subject_words:
        return True
    return "<name>" in weak and sen.words[i][:1].isupper() and following not in g.day_words


def _clause_follows(sen: _Sentence, end: int) -> bool:
    """Whether a complementizer ("that", "whether") follows the verb ending at ``end``."""
    i = sen.index_at(end)
    return i is not None and sen.folds[i] in sen.g.complementizers


def _indefinite(sen: _Sentence, cand: _Cand) -> bool:
    """ "a legally binding document confirming ...": a hypothetical thing with a
    participle is no attribution."""
    if cand.kind == "person":
        return False
    i = bisect_left(sen.starts, cand.lead)
    for k in range(i, max(-1, i - 4), -1):
        if k < len(sen.folds) and sen.folds[k] in ("a", "an"):
            return True
        if k < i and not sen.words[k].islower():
            return False
    return False


def _marked_documents(sen: _Sentence) -> None:
    """ "a classified document proposing terms": a source without a speech verb."""
    g = sen.g
    if g.doc_marked.isdisjoint(sen.fold_set):
        return
    for family in g.families:
        if family.kind != "document" or family.triggers.isdisjoint(sen.fold_set):
            continue
        for m in family.pattern.finditer(sen.text, sen.span.start, sen.span.end):
            cand = _build_document(sen, family, m)
            form = g.doc_forms.match(sen.text, m.end(), sen.span.end)
            if cand is None or not cand.marked or form is None or sen.ctx.quoted(m.start()):
                continue
            if not any(h.cand.start == cand.start for h in sen.hits):
                sen.add(cand, form.span("form"))


def _quote_speakers(sen: _Sentence, quotes: Sequence[Quote]) -> None:
    """Speakers the quote stage tied to quotes, with the cue nearest the speaker.
    A speaker the people stage does not know as a person keeps the kind its
    phrase has here ("Russia" is an organisation)."""
    span = sen.span
    for q in quotes:
        start, end = q.speaker_start, q.speaker_end
        if q.speaker is None or start is None or end is None or not span.start <= start < span.end:
            continue
        people = [
            c
            for c in sen.by_tail.get(end, []) + sen.by_lead.get(start, [])
            if c.kind == "person" and c.name == q.speaker
        ]
        cue = _locate(sen, q.cue, start, end) if q.cue else None
        if people:
            cand = _moved(people[0], start, end, start, end)
        else:
            other = [c for c in sen.ending_at(end) if c.kind != "person" and c.lead <= start]
            cand = min(other, key=lambda c: (c.lead, _RANK[c.kind]), default=None) or _Cand(
                "person", q.speaker, start, end, start, end
            )
        sen.add(cand, cue)


def _locate(sen: _Sentence, cue: str, start: int, end: int) -> tuple[int, int] | None:
    """The occurrence of ``cue`` in the sentence nearest to the speaker."""
    seq = tuple(sen.g.token.findall(cue.casefold()))
    if not seq:
        return None
    best: tuple[int, tuple[int, int]] | None = None
    folds, first, i = sen.folds, seq[0], -1
    # Only where the cue's first word is (list.index scans in C).
    while True:
        try:
            i = folds.index(first, i + 1)
        except ValueError:
            break
        if sen.joined(i, seq):
            a, b = sen.starts[i], sen.ends[i + len(seq) - 1]
            dist = max(a - end, start - b, 0)
            if best is None or dist < best[0]:
                best = (dist, (a, b))
    return best[1] if best else None


def _outlets_in_documents(sen: _Sentence) -> None:
    """ "according to a TASS report": the outlet behind a document is a source too."""
    alias = sen.g.families[0]
    for hit in list(sen.hits):
        c = hit.cand
        if c.kind != "document" or alias.triggers.isdisjoint(
            sen.g.token.findall(c.name.casefold())
        ):
            continue
        for m in alias.pattern.finditer(sen.text, c.start, c.end):
            outlet = _build_alias(sen, alias, m)
            if outlet is not None:
                sen.add(
                    outlet, None if hit.cue_start is None else (hit.cue_start, hit.cue_end or 0)
                )


def _vague_twins(sen: _Sentence) -> None:
    """A leaked or anonymous document is a vague source as well."""
    for hit in list(sen.hits):
        if hit.cand.kind == "document" and hit.cand.vague_doc:
            twin = _Hit(
                replace(hit.cand, kind="vague"),
                hit.cue_start,
                hit.cue_end,
                hit.via,
                chained=hit.chained,
            )
            sen.hits.append(twin)


def _propagate(sen: _Sentence) -> None:
    """The outlet a sentence reached us through is the via of its other sources."""
    channels = [h for h in sen.hits if h.channel]
    if not channels:
        return
    for hit in sen.hits:
        if hit.via is not None or hit.channel or hit.citer or not hit.chained:
            continue
        if hit.cand.kind == "outlet":
            continue
        nearest = min(channels, key=lambda h: (abs(h.cand.start - hit.cand.start), h.cand.start))
        if nearest.cand.name != hit.cand.name:
            hit.via = nearest.cand.name


# ---------------------------------------------------------------------------
# Public


def find_sources(
    article: Article,
    people: Sequence[Person],
    quotes: Sequence[Quote],
    sentences: Sentences | None = None,
) -> tuple[Source, ...]:
    """Every attributed source in ``article.paragraphs``, sorted by offset.

    Sources are outlets (canonical name, ``outlet`` classified), people (with
    their role), organisations, documents and vague attributions; each carries
    its cue and the cue's offsets, and ``via`` for citation chains. Text in
    boilerplate spans is never read; an article with neither paragraphs nor
    boilerplate is read whole. Deduplicated per kind, name and cue span.
    ``sentences``: the article's sentences if the caller has split them."""
    g = _grammar()
    text = article.text
    blocks: Sequence[Span] = article.paragraphs
    if not blocks and not article.boilerplate and text.strip():
        blocks = (Span(0, len(text), "paragraph"),)
    if sentences is not None and blocks is article.paragraphs:
        split = sentences.flat()
    else:
        split = [s for b in blocks for s in sentence_spans(text, b.start, b.end)]
    zones = _zones(text, blocks, quotes, g)
    refs = _person_refs(people)
    ctx = _Context(text, g, zones, refs, split, people)
    ctx.add_persons(sorted(refs + _anaphors(ctx, refs), key=lambda r: (r.start, r.end)))
    spoken = sorted(
        (q for q in quotes if q.speaker is not None and q.speaker_start is not None),
        key=lambda q: (q.speaker_start or 0, q.id),
    )
    spoken_starts = [q.speaker_start or 0 for q in spoken]
    hits: list[_Hit] = []
    gate = g.cue_gate
    starts, ends, folds = ctx.starts, ctx.ends, ctx.folds
    for sent in split:
        lo, hi = sent.start, sent.end
        mine = (
            spoken[bisect_left(spoken_starts, lo) : bisect_left(spoken_starts, hi)]
            if spoken
            else spoken
        )
        first, last = bisect_left(starts, lo), bisect_right(ends, hi)
        words = folds[first:last]
        # Most rules start from a word (with another word they need); a sentence
        # without any is skipped whole.
        if (
            mine
            or text.find(":", lo, hi) >= 0
            or _gated(gate, words)
            # A headline's label "Name On <topic>" (see _colon_label).
            or "on" in words[1 : g.colon_max + 1]
            or text[lo : lo + 1] in _DASHES
            or text.find("(@", lo, hi) >= 0
        ):
            hits.extend(_attribute(_Sentence(ctx, sent, first, last, words), mine))
    return _finish(article.path, text, hits)


def _gated(gate: Mapping[str, frozenset[str] | None], words: list[str]) -> bool:
    """Whether some rule may fire on a sentence of ``words`` (see ``_cue_gate``)."""
    present = gate.keys() & words
    if not present:
        return False
    held: set[str] | None = None
    for word in present:
        need = gate[word]
        if need is None:
            return True
        if held is None:
            held = set(words)
        if not need.isdisjoint(held):
            return True
    return False


def _finish(path: str, text: str, hits: Iterable[_Hit]) -> tuple[Source, ...]:
    merged: dict[tuple[object, ...], Source] = {}
    for h in hits:
        c = h.cand
        source = Source(
            article=path,
            name=c.name,
            kind=c.kind,
            start=c.start,
            end=c.end,
            cue=text[h.cue_start : h.cue_end] if h.cue_start is not None else None,
            cue_start=h.cue_start,
            cue_end=h.cue_end,
            via=h.via,
            role=c.role,
            outlet=c.outlet,
        )
        key: tuple[object, ...] = (
            (c.kind, c.name, h.cue_start, h.cue_end)
            if h.cue_start is not None
            else (c.kind, c.name, c.start, c.end)
        )
        old = merged.get(key)
        merged[key] = (
            source
            if old is None
            else Source(
                old.article,
                old.name,
                old.kind,
                old.start,
                old.end,
                old.cue,
                old.cue_start,
                old.cue_end,
                old.via or source.via,
                old.role or source.role,
                old.outlet or source.outlet,
            )
        )
    return tuple(
        sorted(
            merged.values(),
            key=lambda s: (
                s.start,
                s.end,
                -1 if s.cue_start is None else s.cue_start,
                s.kind,
                s.name,
            ),
        )
    )


def attach_via(quotes: Sequence[Quote], sources: Sequence[Source]) -> tuple[Quote, ...]:
    """``quotes`` with ``via`` filled from the citation chain of the sentence
    that attributes them: a person source with the quote's speaker, at the
    speaker's offsets, that reached us through an outlet ("According to The
    Guardian, Peskov noted that ..." gives the quote ``via`` "The Guardian")."""
    index: dict[tuple[str, str], list[Source]] = {}
    for s in sources:
        if s.kind == "person" and s.via is not None:
            index.setdefault((s.article, s.name), []).append(s)
    out = []
    for q in quotes:
        if (
            q.via is None
            and q.speaker
            and q.speaker_start is not None
            and q.speaker_end is not None
        ):
            for s in index.get((q.article, q.speaker), ()):
                if s.start < q.speaker_end and q.speaker_start < s.end:
                    q = replace(q, via=s.via)
                    break
        out.append(q)
    return tuple(out)
