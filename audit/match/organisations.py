"""Organisations across articles: one organisation spelled several ways
("Pakistan Tehreek-e-Insaf" / "Pakistan Tareekh-e-Insaaf"), found where an
article spells out an acronym (:func:`acronym_names`) and merged by
:func:`group_organisations`.

An acronym defined in two articles anchors the comparison: two spelled-out
names of one acronym are one organisation when every word of one is a
transliteration of the matching word of the other (the people's spelling
rules, or the same first letter and a sound key within
``max_sound_edits``). Different organisations sharing an acronym ("PTI":
a party and a news agency) differ in whole words and stay apart. Word lists
and limits live in ``match.toml`` [organisations] (:mod:`audit.rules.match`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..models import Article, Mention, Person
from ..rules.match import OrganisationRules, organisation_rules
from .people import words_alike

# "Name (ACR)" and "ACR (Name)": an acronym is 2-8 capitals.
_ACRONYM_AFTER = re.compile(r"\(([A-Z]{2,8})\)")
_ACRONYM_BEFORE = re.compile(r"\b([A-Z]{2,8}) \(([^()\n]{3,120})\)")
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")


@dataclass(frozen=True)
class NamedAcronym:
    """A spelled-out name of an acronym in an article ("Pakistan
    Tehreek-e-Insaf" for "PTI"): ``text[start:end]`` is the name."""

    acronym: str
    name: str
    start: int
    end: int


def _parts(word: str) -> list[str]:
    return [p for p in word.split("-") if p]


def _initials(words: Iterable[str], s: OrganisationRules) -> str | None:
    """The capitals of a name's words and hyphenated parts, connectors
    ("of", the "e" of "Tehreek-e-Insaf") skipped; None when a part is
    neither capitalised nor a connector."""
    out = []
    for w in words:
        for part in _parts(w):
            if part[0].isupper():
                out.append(part[0])
            elif part.casefold() not in s.connectors:
                return None
    return "".join(out)


def acronym_names(text: str) -> Iterator[NamedAcronym]:
    """Each place ``text`` spells out an acronym: "Name (ACR)" or "ACR
    (Name)", the name's capitals (connectors skipped) being the acronym;
    for "Name (ACR)" the fewest words before the bracket that give it."""
    s = organisation_rules()
    for m in _ACRONYM_AFTER.finditer(text):
        acronym = m.group(1)
        before = list(_WORD.finditer(text, max(0, m.start() - s.max_name_chars), m.start()))
        # Only the words right before the bracket (a name, then a space).
        if not before or text[before[-1].end() : m.start()].strip():
            continue
        for k in range(1, min(len(before), len(acronym) + s.max_connectors) + 1):
            first = before[-k]
            gap = text[first.end() : before[-1].end()]
            if any(c in gap for c in ".,;:()\n"):
                break
            if not first.group()[0].isupper():
                continue
            got = _initials((w.group() for w in before[-k:]), s)
            if got == acronym:
                yield NamedAcronym(acronym, text[first.start() : before[-1].end()],
                                   first.start(), before[-1].end())
                break
            if got is None or len(got) > len(acronym):
                break
    for m in _ACRONYM_BEFORE.finditer(text):
        inner = m.group(2).strip()
        if _initials(inner.split(), s) == m.group(1):
            start = m.start(2) + m.group(2).index(inner)
            yield NamedAcronym(m.group(1), inner, start, start + len(inner))


def _words(name: str) -> list[str]:
    """The folded words and hyphenated parts of a name, connectors kept."""
    return [p.casefold().strip("'’") for w in name.split() for p in _parts(w)]


def names_alike(a: str, b: str) -> bool:
    """Are the spelled-out names ``a`` and ``b`` (of one acronym) one
    organisation's spellings: as many words, each pair alike
    (:func:`audit.match.words_alike`)?"""
    wa, wb = _words(a), _words(b)
    return len(wa) == len(wb) and all(words_alike(x, y) for x, y in zip(wa, wb, strict=True))


def _spelling_pattern(spellings: Iterable[str]) -> re.Pattern[str]:
    """Any of the folded ``spellings`` in a text, words apart by spaces or
    hyphens, any case."""
    alternatives = sorted((r"[\s-]+".join(map(re.escape, k.split())) for k in spellings),
                          key=lambda a: (-len(a), a))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def group_organisations(articles: Iterable[Article]) -> tuple[Person, ...]:
    """The organisations spelled out with an acronym in two or more ways
    across ``articles``, each as a :class:`Person` record (the shape the
    name_variant finder reads: name, spellings, mentions). Spellings that
    differ only in case or punctuation are one spelling; a spelling joins
    the first group of its acronym whose every spelling it is alike to
    (:func:`names_alike`). A group of two or more spellings then has every
    place any of them is written in any article as a mention (not only
    where the acronym is spelled out). Name: the most used spelling (the
    first on a tie); spellings by use then first appearance; mentions by
    place."""
    ordered = sorted(articles, key=lambda a: a.path)
    found: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for article in ordered:
        for n in acronym_names(article.text):
            mention = Mention(article.path, n.start, n.end, n.name, n.name)
            found[n.acronym].append((" ".join(_words(n.name)), mention))
    kept: list[dict[str, list[Mention]]] = []
    for acronym in sorted(found):
        groups: list[dict[str, list[Mention]]] = []
        for spelling, mention in found[acronym]:
            home = next((g for g in groups if spelling in g or all(
                names_alike(spelling, other) for other in g)), None)
            if home is None:
                groups.append(home := {})
            home.setdefault(spelling, []).append(mention)
        kept.extend(g for g in groups if len(g) >= 2)
    if not kept:
        return ()
    # Every place of every kept spelling, in one pass over each article.
    shown_of = {k: v[0].text for g in kept for k, v in g.items()}
    places: dict[str, list[Mention]] = defaultdict(list)
    pattern = _spelling_pattern(shown_of)
    for article in ordered:
        for m in pattern.finditer(article.text):
            key = " ".join(_words(m.group()))
            if key not in shown_of:  # a letter whose case folds apart ("İ")
                continue
            places[key].append(Mention(article.path, m.start(), m.end(), m.group(),
                                       shown_of[key]))
    out: list[Person] = []
    for g in kept:
        used = Counter({k: len(places[k]) for k in g})
        order = sorted(g, key=lambda k: -used[k])  # stable: first appearance on a tie
        shown = [shown_of[k] for k in order]
        mentions = sorted((m for k in g for m in places[k]), key=lambda m: (m.article, m.start))
        out.append(Person(shown[0], tuple(mentions), tuple(shown)))
    return tuple(out)
