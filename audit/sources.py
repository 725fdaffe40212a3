"""The sources stage: who or what each claim of an article is credited to.

A source is a phrase in a *cue slot*: the subject of a speech verb ("the
Kremlin said", "Peskov has also stressed"), the object of a prepositional cue
("according to Reuters", "citing TASS", "described by sources"), an outlet a
person spoke to ("told Reuters"), or a speaker the quote stage found. Kinds:
outlet, person (people stage, pronouns, "the diplomat"), organisation,
document and vague ("reportedly", "officials said"; a leaked or anonymous
document is reported as a document *and* as a vague source). Phrases come
from the data files (outlets.toml, organisations.toml, vague.toml,
sources.toml, cues.toml); the code only compiles them and ties cues to
phrases, sentence by sentence. Names and cues inside quotation marks belong to
the quoted speaker and are skipped.

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
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from .errors import DataError
from .lexicon import load_data, read_text_data
from .models import Article, Outlet, Person, Quote, Source, SourceKind, Span
from .text import normalize, sentence_spans

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


def _outlet_key(name: str) -> str:
    """Comparison key of an outlet name: normalised, without a leading "the"."""
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
_E = r"(?![\w-])"
# How far back from a verb a subject phrase may start (in words).
_MAX_PHRASE_WORDS = 12


@dataclass(frozen=True)
class _Family:
    """One kind of source phrase: its pattern, and the words that gate it."""

    build: str  # key of _BUILDERS
    kind: SourceKind
    pattern: re.Pattern[str]
    triggers: frozenset[str]
    back: int  # a trigger is among the last `back` words of the phrase
    ahead: int  # a trigger is among the first `ahead` words of the phrase


@dataclass(frozen=True)
class _Direct:
    name: str
    pattern: re.Pattern[str]
    triggers: frozenset[str]


@dataclass(frozen=True)
class _Grammar:
    token: re.Pattern[str]
    families: tuple[_Family, ...]
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
    subject_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    role: re.Pattern[str]
    role_words: frozenset[str]
    pronoun_window: int
    verbs: _Verbs
    phrases: Mapping[str, tuple[tuple[str, ...], ...]]
    institution_lemmas: frozenset[str]
    document_lemmas: frozenset[str]
    inversion_lemmas: frozenset[str]
    weak_lemmas: frozenset[str]
    weak_followers: frozenset[str]
    particles: frozenset[str]
    outlet_object_lemmas: frozenset[str]
    outlet_only: frozenset[tuple[str, ...]]
    citing: frozenset[tuple[str, ...]]
    citer_gap_words: frozenset[str]
    citer_gap: int
    quoted_verbs: frozenset[str]
    glue: re.Pattern[str]
    passive_aux: frozenset[str]
    blocking: frozenset[str]
    apposition_max_words: int
    not_name: frozenset[str]
    quote_zone: re.Pattern[str]
    the: re.Pattern[str]


def _int(table: Mapping[str, Any], key: str, default: int, name: str) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DataError(name, f"{key!r} must be a non-negative integer")
    return value


@dataclass(frozen=True)
class _Verbs:
    forms: Mapping[str, str]  # one-word form -> lemma
    multi: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (rest, lemma)
    participles: Mapping[str, tuple[tuple[str, ...], ...]]  # last word -> participles
    first_words: frozenset[str]  # every word a verb form starts with


def _verbs(cues: Mapping[str, Any], chains: Mapping[str, Any]) -> _Verbs:
    """Speech verbs of cues.toml, and the participles that take an agent ("described by")."""
    table = _table(cues, "verbs", "cues.toml")
    forms: dict[str, str] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    participles = list(_strings(chains, "by_participles", "sources.toml"))
    for lemma in table:
        inflections = _strings(table, lemma, "cues.toml")
        base = inflections[0]
        for form in inflections:
            toks = _tokens_of(form)
            if len(toks) == 1:
                forms[toks[0]] = lemma
            else:
                multi.setdefault(toks[0], []).append((toks[1:], lemma))
            # Past forms only: "said by", "described by"; not "says by" or "saying by".
            if form not in (base, base + "s", base + "es") and not form.endswith("ing"):
                participles.append(form)
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in participles:
        toks = _tokens_of(p)
        index.setdefault(toks[-1], []).append(toks)
    return _Verbs(
        forms=forms,
        multi={k: tuple(v) for k, v in multi.items()},
        participles={k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()},
        first_words=frozenset(forms) | frozenset(multi),
    )


def _family(
    build: str, kind: SourceKind, pattern: str, triggers: Iterable[str], back: int, ahead: int
) -> _Family:
    return _Family(build, kind, re.compile(pattern), frozenset(triggers), back, ahead)


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
            rf"[Tt]he\s+(?:{mod}\s+)?(?i:{_alt(common)}){_E}",
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
    dets = _alt(_strings(noun, "singular_determiners", v))
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
    )


def _document_family(docs: Mapping[str, Any], qualifiers: Sequence[str]) -> _Family:
    s = "sources.toml"
    words = _strings(docs, "marked", s) + _strings(docs, "modifiers", s) + tuple(qualifiers)
    mod = rf"(?:(?i:{_alt(words)})|{_CAP}(?:['’]s)?|\d[\w-]*|[a-z]+-[a-z]+)"
    heads = _strings(docs, "heads", s)
    tail = (
        rf"(?:\s+(?:by|from|of)\s+(?:the\s+)?{_CAP}"
        rf"(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?{_CAP}){{0,5}})?"
    )
    return _family(
        "document",
        "document",
        rf"(?:(?i:{_alt(_strings(docs, 'determiners', s))})\s+)?(?P<mods>(?:{mod}\s+){{0,3}})"
        rf"(?P<head>(?i:{_alt(heads)}))(?P<tail>{tail}){_E}",
        _lasts(heads),
        12,
        7,
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


@cache
def _grammar() -> _Grammar:
    s = "sources.toml"
    src, cues = load_data(s), load_data("cues.toml")
    vague, outlets = load_data("vague.toml"), load_data("outlets.toml")
    orgs = load_data("organisations.toml")
    subject, chains = _table(src, "subject", s), _table(src, "chains", s)
    docs, pronouns = _table(src, "documents", s), _table(src, "pronouns", s)
    generic = _table(outlets, "generic", "outlets.toml")
    qualifiers = _strings(_table(vague, "documents", "vague.toml"), "qualifiers", "vague.toml")
    verbs = _verbs(cues, chains)
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
    return _Grammar(
        token=re.compile(r"\w+"),
        families=(
            _outlet_families(generic)
            + _org_families(orgs)
            + _vague_families(_table(vague, "noun", "vague.toml"))
            + (_document_family(docs, qualifiers),)
        ),
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
        subject_pronouns=frozenset(p.casefold() for p in _strings(pronouns, "subject", s)),
        object_pronouns=frozenset(p.casefold() for p in _strings(pronouns, "object", s)),
        role=re.compile(rf"[Tt]he\s+(?:[\w-]+\s+){{0,2}}?(?i:{_alt(roles)}){_E}(?!\s+[A-Z])"),
        role_words=_lasts(roles),
        pronoun_window=_int(pronouns, "window", 2, s),
        verbs=verbs,
        phrases=_by_first(phrases),
        institution_lemmas=frozenset(_strings(subject, "institution_lemmas", s)),
        document_lemmas=frozenset(_strings(subject, "document_lemmas", s)),
        inversion_lemmas=frozenset(_strings(subject, "inversion_lemmas", s)),
        weak_lemmas=frozenset(_strings(subject, "weak_lemmas", s)),
        weak_followers=frozenset(w.casefold() for w in _strings(subject, "weak_followers", s)),
        particles=frozenset(w.casefold() for w in _strings(subject, "particles", s)),
        outlet_object_lemmas=frozenset(_strings(chains, "outlet_object_lemmas", s)),
        outlet_only=frozenset(_tokens_of(p) for p in _strings(chains, "outlet_only", s)),
        citing=frozenset(_tokens_of(p) for p in _strings(chains, "citing", s)),
        citer_gap_words=frozenset(w.casefold() for w in _strings(chains, "citer_gap_words", s)),
        citer_gap=_int(chains, "citer_gap", 6, s),
        quoted_verbs=frozenset(q.casefold() for q in _strings(chains, "quoted_verbs", s)),
        glue=re.compile(rf"(?i:{glue})"),
        passive_aux=frozenset(a.casefold() for a in _strings(subject, "passive_auxiliaries", s)),
        blocking=frozenset(b.casefold() for b in _strings(subject, "blocking", s)),
        apposition_max_words=_int(subject, "apposition_max_words", 14, s),
        not_name=frozenset(w.casefold() for w in _strings(_table(src, "names", s), "not_name", s)),
        quote_zone=re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]"),
        the=re.compile(r"[Tt]he\s+"),
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


@dataclass(frozen=True)
class _Context:
    """What the sentences of one article share."""

    text: str
    g: _Grammar
    zones: tuple[tuple[int, int], ...]
    zone_starts: tuple[int, ...]
    names: tuple[tuple[int, int], ...]  # spans of person names (people stage)
    name_starts: tuple[int, ...]

    def quoted(self, pos: int) -> bool:
        i = bisect_right(self.zone_starts, pos) - 1
        return i >= 0 and self.zones[i][0] <= pos < self.zones[i][1]

    def in_name(self, start: int, end: int) -> bool:
        i = bisect_left(self.name_starts, end)
        return any(s < end and start < e for s, e in self.names[max(0, i - 3) : i])


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


class _Sentence:
    """One sentence: its words, the people in it, and the sources found so far."""

    def __init__(self, ctx: _Context, span: Span) -> None:
        self.ctx, self.span, self.text, self.g = ctx, span, ctx.text, ctx.g
        token = self.g.token
        spans = [m.span() for m in token.finditer(self.text, span.start, span.end)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.words: list[str] = token.findall(self.text, span.start, span.end)
        # One casefold for the sentence; per word only if it changed the words.
        folds: list[str] = token.findall(self.text[span.start : span.end].casefold())
        if len(folds) != len(self.words):
            folds = [w.casefold() for w in self.words]
        self.folds = folds
        self.fold_set = frozenset(folds)
        self.by_tail: dict[int, list[_Cand]] = {}
        self.by_lead: dict[int, list[_Cand]] = {}
        self.hits: list[_Hit] = []
        self.claimed: list[tuple[int, int]] = []
        self._ending: dict[int, list[_Cand]] = {}

    def add_persons(self, persons: Iterable[_PersonRef]) -> None:
        """Make the people (and resolved pronouns) of the sentence source phrases."""
        for r in persons:
            cand = _Cand(
                "person", r.name, r.start, r.end, r.lead, r.end, r.role, object_only=r.object_only
            )
            self.by_tail.setdefault(r.end, []).append(cand)
            for pos in {r.lead, r.start}:
                self.by_lead.setdefault(pos, []).append(cand)

    # -- words ---------------------------------------------------------------

    def joined(self, i: int, seq: tuple[str, ...]) -> bool:
        """True if words ``i..`` are ``seq``, separated by white space only."""
        n = len(seq)
        if i + n > len(self.folds) or tuple(self.folds[i : i + n]) != seq:
            return False
        return all(
            not self.text[self.ends[k] : self.starts[k + 1]].strip() for k in range(i, i + n - 1)
        )

    def free(self, a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in self.claimed) and not self.ctx.quoted(a)

    # -- phrases at a slot ----------------------------------------------------------

    def ending_at(self, pos: int) -> list[_Cand]:
        """Every source phrase that ends exactly at ``pos`` (longest per family)."""
        if pos in self._ending:
            return self._ending[pos]
        found = list(self.by_tail.get(pos, ()))
        i = bisect_right(self.ends, pos)
        if i and self.ends[i - 1] == pos:
            first = max(0, i - _MAX_PHRASE_WORDS)
            for family in self.g.families:
                if family.triggers.isdisjoint(self.folds[max(0, i - family.back) : i]):
                    continue
                for j in range(first, i):
                    m = family.pattern.fullmatch(self.text, self.starts[j], pos)
                    cand = _BUILDERS[family.build](self, family, m) if m else None
                    if cand is not None:
                        found.append(cand)
                        break
        self._ending[pos] = found
        return found

    def object(self, pos: int) -> _Cand | None:
        """The source phrase right after a cue ending at ``pos`` ("according to X")."""
        text = self.text
        while pos < self.span.end and text[pos].isspace():
            pos += 1
        found = list(self.by_lead.get(pos, ()))
        the = self.g.the.match(text, pos, self.span.end)
        if the:
            found.extend(self.by_lead.get(the.end(), ()))
        for at in (pos, the.end()) if the else (pos,):
            j = bisect_left(self.starts, at)
            if j == len(self.starts) or self.starts[j] != at:
                continue
            for family in self.g.families:
                if family.triggers.isdisjoint(self.folds[j : j + family.ahead]):
                    continue
                m = family.pattern.match(text, at, self.span.end)
                cand = _BUILDERS[family.build](self, family, m) if m else None
                if cand is not None and (not cand.strict or cand.lead == pos):
                    found.append(cand)
        # "citing Trump's proposed ban": what is cited is the ban, not Trump.
        found = [
            c
            for c in found
            if not self.ctx.quoted(c.start) and text[c.tail : c.tail + 2] not in ("'s", "’s")
        ]
        return min(found, key=lambda c: (-c.tail, _RANK[c.kind], c.name), default=None)

    def subject(self, cue: int, form: str) -> tuple[_Cand | None, bool]:
        """The phrase the speech verb ``form`` at ``cue`` is said by, and whether
        it touches the verb. None for a passive ("talks were described") or for
        a finite verb after a phrase inside a larger one ("the leaders of France
        declared"); a participle may follow one ("asked about reports suggesting")."""
        participle = form.casefold().endswith("ing")
        pos, skipped = self._skip_glue(cue)
        if not participle and any(w in self.g.passive_aux for w in skipped):
            return None, False
        touching = not skipped and not self.text[pos:cue].strip()
        cand = self._best_subject(pos, participle)
        if cand is None and pos > self.span.start and self.text[pos - 1] == ",":
            pos, touching = self._apposition(pos - 1), False
            cand = self._best_subject(pos, participle) if pos >= 0 else None
        return cand, touching

    def _best_subject(self, pos: int, participle: bool) -> _Cand | None:
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
            return self._best_subject(self._skip_glue(by)[0], participle)
        if participle:
            return best
        i = bisect_left(self.ends, best.lead + 1) - 1
        blocked = (
            i >= 0
            and self.ends[i] <= best.lead
            and self.folds[i] in self.g.blocking
            and not self.text[self.ends[i] : best.lead].strip()
        )
        return None if blocked else best

    def _apposition(self, comma: int) -> int:
        """End of the phrase before ", apposition," or -1."""
        start = self.span.start
        prev = self.text.rfind(",", start, comma)
        if prev <= start:
            return -1
        between = self.text[prev + 1 : comma]
        if not 0 < len(between.split()) <= self.g.apposition_max_words:
            return -1
        if any(q in between for q in '“”"«»'):
            return -1
        end = prev
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return end

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
            for j in range(i, max(-1, i - 3), -1):
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


def _trim_leading(text: str, start: int, end: int, stop: frozenset[str], *, keep_the: bool) -> int:
    """Skip leading words of ``text[start:end]`` that never start a name
    (a capital "The" stays when ``keep_the``: "The WP Times")."""
    for m in re.finditer(r"\S+", text[start:end]):
        word = m.group()
        folded = word.casefold().strip(",")
        if keep_the and word == "The":
            return start + m.start()
        if folded not in stop and folded != "the":
            return start + m.start()
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
        strict=m.group("name") in entry.strict,
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


def _anaphors(sentences: Sequence[_Sentence], refs: Sequence[_PersonRef]) -> list[_PersonRef]:
    """Pronouns and "the diplomat" phrases, resolved in text order to the last
    person named (or resolved) in the same or the ``window`` previous sentences."""
    ref_starts = [r.start for r in refs]
    found: list[_PersonRef] = []
    for i, sen in enumerate(sentences):
        ctx, g, text, sent = sen.ctx, sen.g, sen.text, sen.span
        lo = sentences[max(0, i - g.pronoun_window)].span.start
        spots: list[tuple[int, int, str | None]] = []
        pronouns = g.subject_pronouns | g.object_pronouns
        if not sen.fold_set.isdisjoint(pronouns):
            for k, word in enumerate(sen.words):
                pronoun = sen.folds[k] in pronouns and (word.islower() or word.istitle())
                if pronoun and not ctx.quoted(sen.starts[k]):
                    spots.append((sen.starts[k], sen.ends[k], None))
        if not sen.fold_set.isdisjoint(g.role_words):
            for m in g.role.finditer(text, sent.start, sent.end):
                if not ctx.quoted(m.start()):
                    spots.append((m.start(), m.end(), m.group().split()[-1].casefold()))
        for start, end, noun in sorted(spots):
            earlier = [
                r for r in refs[bisect_left(ref_starts, lo) : bisect_left(ref_starts, start)]
            ]
            pool = sorted(
                earlier + [f for f in found if lo <= f.start < start], key=lambda r: r.start
            )
            ref = None
            if noun is not None:
                ref = next((r for r in reversed(pool) if _has_role(r, noun)), None)
            if ref is None and pool:
                ref = pool[-1]
            if ref is not None:
                only = text[start:end].casefold() not in g.subject_pronouns and noun is None
                found.append(
                    _PersonRef(start, end, start, ref.name, ref.role, ref.titles, object_only=only)
                )
    return found


def _has_role(ref: _PersonRef, noun: str) -> bool:
    return any(noun in normalize(t).split() for t in ref.titles)


# ---------------------------------------------------------------------------
# Attribution: cues tied to phrases, sentence by sentence


def _verb_ok(cand: _Cand, lemma: str, g: _Grammar) -> bool:
    if cand.kind == "person":
        return True
    if cand.kind == "document":
        return lemma in g.document_lemmas
    return lemma in g.institution_lemmas


def _attribute(sen: _Sentence, quotes: Sequence[Quote]) -> list[_Hit]:
    """Every source of one sentence, in the order: prepositional cues (they
    claim their words), passive agents and "X quoted Y", speech verbs, vague
    phrases, marked documents, the quote stage's speakers."""
    g = sen.g
    if not sen.fold_set.isdisjoint(g.phrases):
        _phrase_cues(sen)
    if "by" in sen.fold_set or not sen.fold_set.isdisjoint(g.quoted_verbs):
        for i, fold in enumerate(sen.folds):
            if fold == "by":
                _by_agent(sen, i)
            elif fold in g.quoted_verbs and sen.words[i].islower():
                _quoted_as(sen, i)
    _speech_verbs(sen)
    for d in g.direct:
        if not d.triggers.isdisjoint(sen.fold_set):
            for m in d.pattern.finditer(sen.text, sen.span.start, sen.span.end):
                if sen.free(m.start(), m.start() + 1):
                    cand = _Cand("vague", d.name, m.start(), m.end(), m.start(), m.end())
                    sen.add(cand, (m.start(), m.end()), chained=False)
    _marked_documents(sen)
    _quote_speakers(sen, quotes)
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
        for rest, multi_lemma in multi.get(fold, ()):
            if sen.joined(i + 1, rest):
                lemma, end = multi_lemma, sen.ends[i + len(rest)]
                break
        word = sen.words[i]
        cased = word.islower() or word.istitle()  # not "SAID" in an all-caps line
        if lemma is not None and cased and sen.free(sen.starts[i], end):
            _verb_cue(sen, sen.starts[i], end, lemma)


def _settle(sen: _Sentence) -> None:
    """Drop the hits another hit makes redundant."""
    # "Ukrainska Pravda, citing sources, reported": the verb is the citer's cue,
    # and a citer never takes the channel it cites as its own via.
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
    for i, fold in enumerate(sen.folds):
        for seq in g.phrases.get(fold, ()):
            if not sen.joined(i, seq):
                continue
            cue = (sen.starts[i], sen.ends[i + len(seq) - 1])
            if not sen.free(*cue):
                break
            sen.claimed.append(cue)
            target = sen.object(cue[1])
            if target is not None and seq in g.outlet_only and target.kind != "outlet":
                target = None
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


def _by_agent(sen: _Sentence, i: int) -> None:
    """ "described by sources", "articulated by Kremlin spokesman Dmitry Peskov"."""
    for seq in sen.g.verbs.participles.get(sen.folds[i - 1] if i else "", ()):
        k = i - len(seq)
        if k < 0 or not sen.joined(k, seq + ("by",)):
            continue
        cue = (sen.starts[k], sen.ends[i])
        if not sen.free(*cue):
            return
        sen.claimed.append(cue)
        target = sen.object(cue[1])
        if target is not None:
            sen.add(target, cue, channel=target.kind == "outlet")
        return


def _quoted_as(sen: _Sentence, i: int) -> None:
    """ "TASS quoted Peskov as saying": Peskov reached us via TASS."""
    cue = (sen.starts[i], sen.ends[i])
    if not sen.free(*cue):
        return
    by, _ = sen.subject(cue[0], sen.words[i])
    target = sen.object(cue[1])
    if by is None or target is None:
        return
    sen.claimed.append(cue)
    sen.add(by, cue, channel=by.kind == "outlet", citer=True, chained=False)
    sen.add(target, cue, via=by.name, chained=False)


def _next_word(sen: _Sentence, end: int) -> str | None:
    """The next word after ``end`` when only white space separates them."""
    i = bisect_left(sen.starts, end)
    if i < len(sen.starts) and not sen.text[end : sen.starts[i]].strip():
        return sen.folds[i]
    return None


def _verb_cue(sen: _Sentence, start: int, end: int, lemma: str) -> None:
    g = sen.g
    cue = (start, end)
    word = sen.text[start:end]
    following = _next_word(sen, end)
    if following in g.particles:
        return
    if lemma in g.weak_lemmas and following is not None and following not in g.weak_followers:
        subject, touching = None, False
    else:
        subject, touching = sen.subject(start, word)
    if (
        subject is not None
        and _verb_ok(subject, lemma, g)
        and (touching or not subject.strict)
        and not (word.casefold().endswith("ing") and _indefinite(sen, subject))
    ):
        sen.add(subject, cue)
    if lemma in g.outlet_object_lemmas:
        target = sen.object(end)
        if target is not None and target.kind == "outlet":
            sen.add(target, cue, channel=True)
            return
    if lemma in g.inversion_lemmas and word.islower():
        before = sen.text[sen.span.start : start].rstrip()
        if before and before[-1] in ',"”’—–':
            target = sen.object(end)
            if target is not None and target.kind != "document" and _verb_ok(target, lemma, g):
                sen.add(target, cue)


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
            cand = replace(people[0], start=start, end=end, lead=start, tail=end)
        else:
            other = [c for c in sen.ending_at(end) if c.kind != "person" and c.lead <= start]
            cand = min(other, key=lambda c: (c.lead, _RANK[c.kind]), default=None) or _Cand(
                "person", q.speaker, start, end, start, end
            )
        sen.add(cand, cue)


def _locate(sen: _Sentence, cue: str, start: int, end: int) -> tuple[int, int] | None:
    """The occurrence of ``cue`` in the sentence nearest to the speaker."""
    seq = _tokens_of(cue)
    best: tuple[int, tuple[int, int]] | None = None
    for i in range(len(sen.folds)):
        if seq and sen.joined(i, seq):
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
        if c.kind != "document" or alias.triggers.isdisjoint(_tokens_of(c.name)):
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
    article: Article, people: Sequence[Person], quotes: Sequence[Quote]
) -> tuple[Source, ...]:
    """Every attributed source in ``article.paragraphs``, sorted by offset.

    Sources are outlets (canonical name, ``outlet`` classified), people (with
    their role), organisations, documents and vague attributions; each carries
    its cue and the cue's offsets, and ``via`` for citation chains. Text in
    boilerplate spans is never read; an article with neither paragraphs nor
    boilerplate is read whole. Deduplicated per kind, name and cue span."""
    g = _grammar()
    text = article.text
    blocks: Sequence[Span] = article.paragraphs
    if not blocks and not article.boilerplate and text.strip():
        blocks = (Span(0, len(text), "paragraph"),)
    sentences = [s for b in blocks for s in sentence_spans(text, b.start, b.end)]
    zones = _zones(text, blocks, quotes, g)
    refs = _person_refs(people)
    ctx = _Context(
        text=text,
        g=g,
        zones=tuple(zones),
        zone_starts=tuple(z[0] for z in zones),
        names=tuple((r.start, r.end) for r in refs),
        name_starts=tuple(r.start for r in refs),
    )
    work = [_Sentence(ctx, sent) for sent in sentences]
    persons = sorted(refs + _anaphors(work, refs), key=lambda r: (r.start, r.end))
    person_starts = [p.start for p in persons]
    hits: list[_Hit] = []
    for sen in work:
        lo, hi = sen.span.start, sen.span.end
        sen.add_persons(persons[bisect_left(person_starts, lo) : bisect_left(person_starts, hi)])
        hits.extend(_attribute(sen, quotes))
    return _finish(article.path, text, hits)


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
            else replace(
                old,
                via=old.via or source.via,
                role=old.role or source.role,
                outlet=old.outlet or source.outlet,
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
