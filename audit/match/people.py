"""People across articles: one person spelled several ways ("Zelensky",
"Zelenskyy", "Volodymyr Zelenskiy") merged by :func:`group_people`, and the
name relations the other matchers use (a speaker's surname, whether two
surnames may be one person's).

Thresholds and name lists live in ``match.toml`` [people]
(:mod:`audit.rules.match`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import jellyfish
from rapidfuzz.distance import Indel, JaroWinkler, Levenshtein

from ..models import Mention, Person
from ..rules.match import PeopleRules, people_rules
from ..text import normalize


@cache
def _given_groups() -> dict[str, int]:
    """Folded given name -> its group in [people] given_name_groups
    (short forms and transliterations of one name)."""
    groups: dict[str, int] = {}
    for i, group in enumerate(people_rules().given_name_groups):
        for name in group:
            groups[_fold_name(name)] = i
    return groups


@lru_cache(maxsize=65536)  # names and titles recur in every record of a person
def _fold_name(text: str) -> str:
    """Lower case without diacritics or punctuation ("Erdoğan" -> "erdogan")."""
    decomposed = unicodedata.normalize("NFKD", normalize(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l")


# A hyphen between two letters ("Jong-un"); kept apart from a space by
# :func:`spelling_key`, as "Kim Jong-un" and "Kim Jong Un" are two spellings.
_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> tuple[str, ...]:
    """What makes two spellings of a name the same spelling: its words
    folded (case, diacritics, punctuation and honorifics aside) with
    hyphenated words kept whole, so "Kim Jong-un" and "Kim Jong Un" (or
    "Moon Jae-in" and "Moon Jae In") are two spellings, "Kim Jong-Un" and
    "KIM JONG-UN" one."""
    s = people_rules()
    dropped = s.honorifics | s.male_honorifics | s.female_honorifics
    return tuple(t for t in _fold_name(_HYPHEN.sub("_", name)).split() if t not in dropped)


@dataclass(frozen=True)
class _Name:
    given: tuple[str, ...]
    surname: str  # folded, particles joined without spaces ("binsalman")
    canon: str  # the surname after the spelling rules ("zelensky", "kasem")
    suffix: str  # "jr", "sr"... or ""
    gender: str  # "m" or "f" from an honorific ("Mrs."), else ""
    # The last given name and the surname written as one surname, after the
    # spelling rules ("Amir Abdollahian" -> "amirabdolahin"), or "".
    joined: str = ""

    @property
    def key(self) -> tuple[tuple[str, ...], str, str]:
        """What makes two spellings the same spelling (case, diacritics,
        honorifics and punctuation aside)."""
        return (self.given, self.surname, self.suffix)


def _canonical(surname: str, s: PeopleRules) -> str:
    for pattern, replacement in s.spelling_rules:
        surname = pattern.sub(replacement, surname)
    return surname


@lru_cache(maxsize=65536)
def _loose(canon: str, s: PeopleRules) -> str:
    """A canonical spelling after the loose spelling rules (kh/h, dj/j):
    equal loose forms are only close, never one spelling."""
    for pattern, replacement in s.loose_spelling_rules:
        canon = pattern.sub(replacement, canon)
    return canon


@lru_cache(maxsize=65536)
def _parse_name(name: str, s: PeopleRules) -> _Name:
    tokens: list[str] = []
    gender = ""
    for t in _fold_name(name).split():
        if t in s.male_honorifics:
            gender = gender or "m"
        elif t in s.female_honorifics:
            gender = gender or "f"
        elif t not in s.honorifics:
            tokens.append(t)
    suffix = ""
    if len(tokens) > 1 and tokens[-1] in s.suffixes:
        suffix = tokens.pop()
    if not tokens:
        return _Name((), "", "", suffix, gender)
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in s.particles:
        start -= 1
    surname = "".join(tokens[start:])
    joined = _canonical(tokens[start - 1] + surname, s) if start > 0 else ""
    return _Name(tuple(tokens[:start]), surname, _canonical(surname, s), suffix, gender, joined)


def _as_one_surname(a: _Name, b: _Name) -> _Name:
    """``a`` with its last given name joined to its surname when that is
    ``b``'s surname ("Hossein Amir Abdollahian" against "Hossein
    Amirabdollahian"; the hyphen of "Amir-Abdollahian" folds to a space),
    else ``a`` itself."""
    if a.joined and a.joined == b.canon and a.canon != b.canon:
        return _Name(a.given[:-1], b.surname, b.canon, a.suffix, a.gender)
    return a


def _gendered(a: str, b: str, s: PeopleRules) -> bool:
    """``a`` and ``b`` are the masculine and feminine forms of one surname."""
    if a[:3] != b[:3]:
        return False
    for masc, fem in ((a, b), (b, a)):
        for f_end in s.feminine_endings:
            if fem.endswith(f_end):
                stem = fem[: len(fem) - len(f_end)]
                if (
                    len(stem) >= 3
                    and masc.startswith(stem)
                    and masc[len(stem) :] in s.masculine_endings
                ):
                    return True
    return False


@lru_cache(maxsize=65536)
def _metaphone(word: str) -> str:
    return str(jellyfish.metaphone(word)) if word.isalpha() else word


SurnameRelation = Literal["same", "spelling", "similar", "gendered", "different"]


@lru_cache(maxsize=65536)  # each pair of spellings is met many times while merging
def _surname_relation(a: str, b: str, s: PeopleRules) -> SurnameRelation:
    """How two folded surnames relate: ``same``; ``spelling`` (equal after the
    spelling rules: Zelensky/Zelenskyy, Qassem/Kassem); ``similar`` (close in
    spelling AND in sound: Witkoff/Wittkopf); ``gendered`` (Navalny/Navalnaya);
    or ``different``."""
    if a == b:
        return "same"
    if _gendered(a, b, s):
        return "gendered"
    ca, cb = _canonical(a, s), _canonical(b, s)
    if ca == cb and len(ca) >= s.min_spelling_surname:
        return "spelling"
    loose = _loose(ca, s)
    if loose == _loose(cb, s) and len(loose) >= s.min_spelling_surname:
        return "similar"
    if min(len(a), len(b)) < s.min_fuzzy_surname:
        return "different"
    edits = max(1, int(s.surname_max_edit_ratio * max(len(a), len(b))))
    if (
        JaroWinkler.similarity(a, b) >= s.surname_min_jw
        and Levenshtein.distance(a, b, score_cutoff=edits) <= edits
        and Indel.distance(_metaphone(a), _metaphone(b)) <= s.max_sound_edits
    ):
        return "similar"
    return "different"


@lru_cache(maxsize=65536)
def words_alike(a: str, b: str) -> bool:
    """May the folded words ``a`` and ``b`` be one word transliterated
    ("tehreek" / "tareekh", "insaf" / "insaaf")? Equal; equal after the
    spelling rules; or the same first letter and sound keys (metaphone)
    within ``max_sound_edits`` insertions or deletions, each word at least
    ``min_fuzzy_surname`` letters long. For the words of organisation names,
    which an acronym they share anchors (:mod:`audit.match.organisations`)."""
    if a == b:
        return True
    s = people_rules()
    if min(len(a), len(b)) < s.min_fuzzy_surname:
        return False
    if _canonical(a, s) == _canonical(b, s):
        return True
    return a[0] == b[0] and Indel.distance(_metaphone(a), _metaphone(b)) <= s.max_sound_edits


GivenRelation = Literal["strong", "weak", "conflict", "unknown"]


def _given_token(x: str, y: str, s: PeopleRules) -> GivenRelation:
    if x == y:
        return "strong"
    groups = _given_groups()
    gx = groups.get(x)
    if gx is not None and gx == groups.get(y):
        return "strong"
    # Equal after the transliteration rules of surnames (Yulia / Yuliya).
    if len(x) > 1 and len(y) > 1 and _canonical(x, s) == _canonical(y, s):
        return "strong"
    if len(x) == 1 or len(y) == 1:
        return "weak" if x[0] == y[0] else "conflict"
    # Equal after the loose rules too (Yevgeny / Evgeny, Mikhail / Mihail).
    if _loose(_canonical(x, s), s) == _loose(_canonical(y, s), s):
        return "weak"
    if (
        x[0] == y[0]
        and JaroWinkler.similarity(x, y) >= s.given_min_jw
        and _metaphone(x) == _metaphone(y)
    ):
        return "weak"
    return "conflict"


def _given_relation(a: _Name, b: _Name, s: PeopleRules) -> GivenRelation:
    """``strong``: equal or a known short form/transliteration; ``weak``: an
    initial or a close spelling that sounds the same (Sergey/Sergei);
    ``conflict``; ``unknown`` when one side has no given name. Middle names
    count only when both sides have them (George W. vs George H. W.)."""
    if not a.given or not b.given:
        return "unknown"
    first = _given_token(a.given[0], b.given[0], s)
    middle_a, middle_b = a.given[1:], b.given[1:]
    if (
        middle_a
        and middle_b
        and (
            len(middle_a) != len(middle_b)
            or any(
                _given_token(x, y, s) == "conflict" for x, y in zip(middle_a, middle_b, strict=True)
            )
        )
    ):
        return "conflict"
    return first


def _may_merge(a: _Name, b: _Name, s: PeopleRules) -> bool:
    """May two spellings name one person, on the names alone?"""
    if a.gender and b.gender and a.gender != b.gender:
        return False
    if a.suffix != b.suffix:  # "Trump Jr." is neither "Donald Trump" nor "Trump"
        return False
    a, b = _as_one_surname(a, b), _as_one_surname(b, a)
    surname = _surname_relation(a.surname, b.surname, s)
    given = _given_relation(a, b, s)
    if surname == "different" and _syllables_alike(a, b, s):
        surname = "similar"
    if surname == "different" or given == "conflict":
        return False
    if surname in ("same", "spelling"):
        return True
    # A surname that is only close (or its gendered form) needs given names
    # that agree outright: one uncertain part per match, never two.
    return given == "strong"


def _syllables_alike(a: _Name, b: _Name, s: PeopleRules) -> bool:
    """Two names of three or more words, given words alike one for one,
    whose last words (too short for the surname rules) are equal after the
    loose rules: a Korean given name's last syllable in two romanisations
    ("Woo Won-sik" / "Woo Won Shik")."""
    return (
        len(a.given) >= 2
        and len(a.given) == len(b.given)
        and all(_given_token(x, y, s) == "strong" for x, y in zip(a.given, b.given, strict=True))
        and _loose(_canonical(a.surname, s), s) == _loose(_canonical(b.surname, s), s)
    )


def _block_keys(name: _Name) -> set[str]:
    # The loose form's prefix too, so Khodorkovsky meets Hodorkovsky.
    loose = _loose(name.canon, people_rules())
    keys = {"c:" + name.canon[:3], "c:" + loose[:3], "m:" + _metaphone(name.surname)[:3]}
    return keys | {"c:" + name.joined[:3]} if name.joined else keys


def surnames_related(a: str, b: str) -> bool:
    """May the spellings ``a`` and ``b`` share a person by their surnames
    (the same, a spelling variant, close, or gendered forms)? Every member of
    a :func:`group_people` person has this relation to every other, except
    a bare surname attached by a shared title, which still has a close one."""
    s = people_rules()
    sa, sb = _parse_name(a, s).surname, _parse_name(b, s).surname
    return bool(sa) and bool(sb) and _surname_relation(sa, sb, s) != "different"


def name_keys(name: str) -> tuple[str, ...]:
    """The blocking keys :func:`group_people` compares the spelling ``name``
    under (surname prefix after the spelling rules, and its sound), sorted;
    empty for a name without a surname. Two spellings that share no key are
    never compared directly, so a store can fetch the records one name may
    merge with by these keys."""
    parsed = _parse_name(name, people_rules())
    return tuple(sorted(_block_keys(parsed))) if parsed.surname else ()


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        # The smaller root stays root, so results do not depend on call order.
        self.parent[max(ri, rj)] = min(ri, rj)


def _mention_key(m: Mention) -> tuple[str, int, int, str]:
    return (m.article, m.start, m.end, m.text)


def _record_key(p: Person) -> tuple[str, int, str]:
    first = min(p.mentions, key=_mention_key, default=None)
    return (first.article, first.start, p.name) if first else ("", 0, p.name)


def _title_words(titles: Iterable[str], s: PeopleRules) -> set[str]:
    return {w for t in titles for w in _fold_name(t).split()} - s.title_stop_words


class _PeopleClusters:
    """Spellings (nodes) merged into people with complete linkage: two
    clusters join only if every pair across them may be one person, so
    "J. Smith" cannot chain "John Smith" to "Jane Smith"."""

    def __init__(self, names: Sequence[_Name], s: PeopleRules) -> None:
        self.names, self.s = names, s
        self.uf = _UnionFind(len(names))
        self.members: dict[int, list[int]] = {n: [n] for n in range(len(names))}

    def root(self, node: int) -> int:
        return self.uf.find(node)

    def fits(self, node: int, root: int) -> bool:
        return all(_may_merge(self.names[node], self.names[m], self.s) for m in self.members[root])

    def join(self, x: int, y: int, *, check: bool = True) -> bool:
        rx, ry = self.root(x), self.root(y)
        if rx == ry:
            return True
        if check and not all(self.fits(m, ry) for m in self.members[rx]):
            return False
        self.uf.union(rx, ry)
        keep, gone = min(rx, ry), max(rx, ry)
        self.members[keep].extend(self.members.pop(gone))
        return True


def group_people(people: Iterable[Person]) -> tuple[Person, ...]:
    """Merge per-article people into one Person per real person.

    Spellings are blocked by surname (after spelling rules) and its sound
    (metaphone prefix), so no all-pairs pass. Two full names merge when the
    surnames are the same or differ only by the spelling rules (Zelensky /
    Zelenskyy) and the given names do not conflict, or when the surnames are
    merely close in spelling and sound (Witkoff/Wittkopf) and the given names
    agree outright. A gendered surname pair (Navalny/Navalnaya) needs agreeing
    given names; different given names (Hillary/Bill), middle initials,
    suffixes (Jr.) or honorific genders (Mr./Mrs.) keep people apart. Merging
    is complete-linkage. A surname-only spelling joins the one full-name
    person its surname fits (a close surname needs a shared title word; an
    ambiguous surname is settled by titles, else left alone). Output: name =
    most frequent of the fullest spellings (ties alphabetical); variants =
    distinct spellings (:func:`spelling_key`: case, diacritics, honorifics
    aside, a hyphen apart from a space; a bare surname
    already in a full name left out) by frequency then alphabetically;
    mentions by (article, start); titles in order of first appearance.
    People are returned sorted by name."""
    return group_people_counted((p, 1) for p in people)


def group_people_counted(people: Iterable[tuple[Person, int]]) -> tuple[Person, ...]:
    """:func:`group_people` of records each standing for ``n`` records (the
    same name, variants and titles; its mentions stand for theirs): a large
    archive gives one record per stored spelling with its count, and the
    choice of each person's name and spellings weighs the counts."""
    s = people_rules()
    counted = sorted(people, key=lambda pn: _record_key(pn[0]))
    records = [p for p, _ in counted]
    weight = {id(p): n for p, n in counted}
    names: list[_Name] = []
    node_of_key: dict[tuple[tuple[str, ...], str, str, str], int] = {}
    node_of_record: list[int] = []
    for p in records:
        parsed = _parse_name(p.name, s)
        node_key = (*parsed.key, parsed.gender)
        if node_key not in node_of_key:
            node_of_key[node_key] = len(names)
            names.append(parsed)
        node_of_record.append(node_of_key[node_key])
    titles: list[set[str]] = [set() for _ in names]
    for p, node in zip(records, node_of_record, strict=True):
        titles[node] |= _title_words([*p.titles, *(m.title for m in p.mentions if m.title)], s)

    blocks: dict[str, list[int]] = defaultdict(list)
    for node, name in enumerate(names):
        if name.surname:
            for block in sorted(_block_keys(name)):
                blocks[block].append(node)
    neighbours: list[set[int]] = [set() for _ in names]
    for members in blocks.values():
        for x in members:
            neighbours[x].update(members)
    for node in range(len(names)):
        neighbours[node].discard(node)

    clusters = _PeopleClusters(names, s)
    full = [n for n in range(len(names)) if names[n].given]

    def strength(pair: tuple[int, int]) -> tuple[bool, bool, float, int, int]:
        a, b = names[pair[0]], names[pair[1]]
        return (
            a.surname != b.surname,
            a.given[0] != b.given[0],
            -JaroWinkler.similarity(a.surname, b.surname),
            *pair,
        )

    pairs = sorted(
        (
            (x, y)
            for x in full
            for y in neighbours[x]
            if x < y and names[y].given and _may_merge(names[x], names[y], s)
        ),
        key=strength,
    )
    for x, y in pairs:
        clusters.join(x, y)

    # Surname-only spellings: attach to the one full-name person they fit.
    for node in range(len(names)):
        if names[node].given or not names[node].surname:
            continue
        fits: dict[int, SurnameRelation] = {}
        for other in sorted(neighbours[node]):
            if not names[other].given:
                continue
            relation = _surname_relation(names[node].surname, names[other].surname, s)
            root = clusters.root(other)
            by_title = relation == "similar" and bool(titles[node] & titles[other])
            if not (clusters.fits(node, root) or (by_title and _genders_agree(names, node, other))):
                continue
            if fits.get(root) != "same":
                fits[root] = relation
        chosen = _choose_person(fits, titles[node], clusters, titles)
        if chosen is not None:
            clusters.join(node, chosen, check=False)
    # Surname-only spellings still alone: merge with each other when they fit.
    lone = [n for n in range(len(names)) if not names[n].given and clusters.root(n) == n]
    lone_set = set(lone)
    for x in lone:
        for y in sorted(neighbours[x]):
            if x < y and y in lone_set:
                clusters.join(x, y)

    grouped: dict[int, list[Person]] = defaultdict(list)
    for p, node in zip(records, node_of_record, strict=True):
        grouped[clusters.root(node)].append(p)
    merged = [_merge_records(rs, s, weight) for rs in grouped.values()]
    return tuple(sorted(merged, key=lambda p: (p.name.casefold(), p.name, _first(p))))


def _genders_agree(names: Sequence[_Name], x: int, y: int) -> bool:
    gx, gy = names[x].gender, names[y].gender
    return not gx or not gy or gx == gy


def _first(p: Person) -> tuple[str, int]:
    return (p.mentions[0].article, p.mentions[0].start) if p.mentions else ("", 0)


def _choose_person(
    fits: dict[int, SurnameRelation],
    words: set[str],
    clusters: _PeopleClusters,
    titles: Sequence[set[str]],
) -> int | None:
    """The one person a surname-only spelling belongs to: the only fit, else
    the only exact-surname fit, else the one sharing most title words
    ("president", not "former"); None when still ambiguous."""
    if not fits:
        return None
    exact = sorted(r for r, rel in fits.items() if rel == "same")
    options = exact or sorted(fits)
    if len(options) == 1:
        return options[0]
    overlap = {
        r: len(words & set().union(*(titles[n] for n in clusters.members[r]))) for r in options
    }
    top = max(overlap.values())
    winners = [r for r in options if overlap[r] == top]
    return winners[0] if top > 0 and len(winners) == 1 else None


def _merge_records(
    records: Sequence[Person], s: PeopleRules, weight: dict[int, int]
) -> Person:
    # Spellings that differ only in case, diacritics, honorifics or
    # punctuation are one spelling, shown in its most frequent form.
    counts: Counter[str] = Counter()
    for p in records:
        n = weight.get(id(p), 1)
        for spelling in {p.name, *p.variants}:
            counts[spelling] += n
    parsed = {name: _parse_name(name, s) for name in counts}
    by_key: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for spelling in counts:
        by_key[spelling_key(spelling)].append(spelling)
    shown = {k: min(v, key=lambda x: (-counts[x], x)) for k, v in by_key.items()}
    key_counts = {k: sum(counts[x] for x in v) for k, v in by_key.items()}

    def fullness(k: tuple[str, ...]) -> int:
        given = parsed[shown[k]].given
        return 2 if given and len(given[0]) > 1 else 1 if given else 0

    # The name: most frequent of the fullest spellings ("John Smith" over "J. Smith").
    record_keys: Counter[tuple[str, ...]] = Counter()
    for p in records:
        record_keys[spelling_key(p.name)] += weight.get(id(p), 1)
    top = max(fullness(k) for k in record_keys)
    name_key = min(
        (k for k in record_keys if fullness(k) == top),
        key=lambda k: (-record_keys[k], shown[k]),
    )
    full_surnames = {parsed[v].surname for v in shown.values() if parsed[v].given}
    variants = sorted(
        (v for v in shown.values() if parsed[v].given or parsed[v].surname not in full_surnames),
        key=lambda v: (-key_counts[spelling_key(v)], v),
    )
    mentions = sorted({m for p in records for m in p.mentions}, key=_mention_key)
    out_titles: list[str] = []
    seen: set[str] = set()
    for title in [m.title for m in mentions if m.title] + [t for p in records for t in p.titles]:
        folded = _fold_name(title)
        if folded not in seen:
            seen.add(folded)
            out_titles.append(title)
    return Person(
        name=shown[name_key],
        mentions=tuple(mentions),
        variants=tuple(variants),
        titles=tuple(out_titles),
    )


def count_spellings(person: Person, articles: Iterable[tuple[str, int]]) -> dict[str, int]:
    """:func:`spelling_counts` from (full-name spelling, articles using it)
    pairs instead of mentions: the counts of spellings that are one variant
    are added up (an article using two of them counts twice)."""
    variant_of = {spelling_key(v): v for v in person.variants}
    counts: Counter[str] = Counter()
    for spelling, n in articles:
        variant = variant_of.get(spelling_key(spelling))
        if variant is not None:
            counts[variant] += n
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def spelling_counts(person: Person) -> dict[str, int]:
    """How many articles spell a merged person each way: for each of
    ``person.variants``, the number of articles whose mentions carry that
    spelling as ``full_name`` (case, diacritics and honorifics aside), most
    used first, then alphabetical: {"Steve Witkoff": 1, "Steve Wittkopf": 1}.
    Spellings no article uses are left out."""
    variant_of = {spelling_key(v): v for v in person.variants}
    articles: dict[str, set[str]] = defaultdict(set)
    for m in person.mentions:
        variant = variant_of.get(spelling_key(m.full_name or m.text))
        if variant is not None:
            articles[variant].add(m.article)
    return {k: len(v) for k, v in sorted(articles.items(), key=lambda kv: (-len(kv[1]), kv[0]))}


@lru_cache(maxsize=4096)
def speaker_surname(name: str | None) -> str:
    """The folded surname of a speaker ("Donald Trump Jr." -> "trump"; "" for none)."""
    return _parse_name(name, people_rules()).surname if name else ""


def surnames_agree(a: str, b: str) -> bool:
    """Are the folded surnames ``a`` and ``b`` one person's: the same, a
    spelling variant or close in spelling and sound (not gendered forms)?"""
    return _surname_relation(a, b, people_rules()) in ("same", "spelling", "similar")
