"""Proper names in gold Source spans and in predicted speakers: the head name
of a Source, the surnames of the person names it holds, and whether a
predicted name is the same person (rules in the ``audit.eval`` docstring;
word lists in ``evaluate.toml``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from ..rules.evaluate import evaluate_rules
from ..text import normalize
from .brat import Fragment
from .quotation_marks import compiled_pattern, is_space_like


@cache
def _name_token_pattern() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_][\w'\u2019\-]*\.?")


_POSSESSIVE = r"['\u2019]s?$"


@cache
def _word_key(token: str) -> str:
    # Accents are folded: "Isarescu" in one copy and "Isărescu" in a label
    # are one person's name, as a reader reads them.
    key = normalize(compiled_pattern(_POSSESSIVE).sub("", token.rstrip("."))).replace(" ", "")
    if key.isascii():
        return key
    return "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence: nothing but white space
    and quotation marks since a full stop, a line break or the text start. A
    stop after a title ("Mr.") or an initial ("J.", "U.S.") ends no sentence."""
    i = start - 1
    while i >= 0 and (text[i] in " \t\u00a0\"'\u2018\u2019\u201c\u201d(" or is_space_like(text[i])):
        if text[i] == "\n":
            return True
        i -= 1
    if i < 0 or text[i] in "!?\n":
        return True
    if text[i] != ".":
        return False
    word = compiled_pattern(r"([^\W\d_]+)\.?$").search(text[max(0, i - 20) : i])
    if word is None:
        return True
    bare = word.group(1)
    return not (len(bare) == 1 or bare.casefold() in evaluate_rules().titles)


def midsentence_capitals(text: str) -> frozenset[str]:
    """Keys of the capitalised words that occur somewhere in ``text`` other
    than at a sentence start: evidence that a sentence-initial word is a name."""
    return frozenset(
        _word_key(m.group())
        for m in _name_token_pattern().finditer(text)
        if m.group()[0].isupper() and not _sentence_initial(text, m.start())
    )


@dataclass(frozen=True)
class NameHead:
    """The head name of a Source span: its first run of capitalised name words
    that is neither possessive ("Trump's") nor a modifier ("Trump supporters")."""

    start: int
    end: int
    key: str
    single: bool = False


def same_name(name: str, head: NameHead) -> bool:
    """Whether a name the pipeline reports names the gold head: same surname
    key; a one-word gold head ("Tom", "Pew") may match any word of the name."""
    if name_key(name) == head.key:
        return True
    return head.single and head.key in {
        _word_key(tok) for tok in _name_token_pattern().findall(name)
    }


@cache
def _source_part_break() -> re.Pattern[str]:
    # Where a Source span splits into parts that may each name a person.
    return re.compile(r"\([^()]*\)?|[,;:()\[\]\u2014\u2013]|\s-{1,2}\s|\s(?:and|or|&)\s")


def source_surnames(
    text: str, frags: Sequence[Fragment], mid_caps: frozenset[str]
) -> frozenset[str]:
    """The surname keys of the person names inside the Source span ``frags``
    (see the ``audit.eval`` docstring): one per part of the span, from the run of
    capitalised words that ends the part before any prepositional phrase or
    relative clause."""
    out: set[str] = set()
    for a, b in frags:
        pos = a
        for brk in [*_source_part_break().finditer(text, a, b), None]:
            end = brk.start() if brk is not None else b
            key = _part_surname_key(text, pos, end, mid_caps)
            if key:
                out.add(key)
            if brk is not None:
                pos = brk.end()
    return frozenset(out)


def _part_surname_key(text: str, a: int, b: int, mid_caps: frozenset[str]) -> str | None:
    run = _part_run(text, a, b, mid_caps)
    return _surname_key(run) if run else None


def _part_run(text: str, a: int, b: int, mid_caps: frozenset[str]) -> list[tuple[str, str]]:
    """The ``(token, class)`` run of the person name of one Source part, or
    an empty list when the part names no person."""
    # A lower-case word that opens a modifier of the name before it: the person
    # name of a Source part is read before it ("Jim Whelan of New Mexico").
    openers = evaluate_rules().phrase_openers
    run: list[tuple[str, str]] = []
    prev_end = a
    for m in _name_token_pattern().finditer(text, a, b):
        tok = m.group()
        if tok in openers:
            break
        cls = _token_class(tok, _sentence_initial(text, m.start()), mid_caps)
        # Any mark but white space between two words ends a run ("“Scandal” star").
        if text[prev_end : m.start()].strip() or cls == "other":
            run = []
        if cls != "other":
            run.append((tok, cls))
        if compiled_pattern(_POSSESSIVE).search(tok):
            run = []  # "Clinton's introducer": the owner is not the person
        prev_end = m.end()
    else:
        if text[prev_end:b].strip(" \t\n\u00a0.\"'\u201c\u201d\u2018\u2019"):
            run = []
    names = [tok for tok, cls in run if cls == "name"]
    if not names or run[-1][1] == "group":
        return []
    if all(t.rstrip(".").isupper() and len(t.rstrip(".")) > 1 for t in names):
        return []  # "CEO", "CBS": acronyms name no person
    return run


def same_speaker(name: str, head: NameHead, surnames: frozenset[str]) -> bool:
    """Whether a predicted speaker names the gold Source whose head is
    ``head`` and whose person-name surnames are ``surnames``."""
    return same_name(name, head) or name_key(name) in surnames


def _token_class(token: str, initial: bool, mid_caps: frozenset[str]) -> str:
    """'name', 'join' (title, suffix), 'group' (party, nationality) or
    'other' for one token."""
    rules = evaluate_rules()
    bare = compiled_pattern(_POSSESSIVE).sub("", token.rstrip("."))
    if not bare or not bare[0].isupper():
        return "other"
    if len(bare) == 1 and token.endswith("."):
        return "name"  # an initial ("James A. Lewis", "F.B.I."), even "A." or "I."
    if bare in rules.not_names:
        return "other"
    if bare in rules.groups:
        return "group"
    if bare.casefold() in rules.titles:
        return "join"
    if bare.casefold() in rules.suffixes:
        return "join"
    if initial and _word_key(token) not in mid_caps:
        return "other"
    return "name"


def name_head(text: str, frags: Sequence[Fragment], mid_caps: frozenset[str]) -> NameHead | None:
    """The head name of the Source span ``frags`` of ``text``, or None when the
    span holds no proper name (pronouns, descriptions, groups).

    A word counts as a name when capitalised, not in the pronoun, determiner,
    group or title lists, and, at a sentence start, also seen capitalised
    mid-sentence in the article. Runs of such words (titles and particles may
    join them) are read in order; the head is the first run that is not a
    possessive and not followed by a lower-case word (a modifier)."""
    rules = evaluate_rules()
    for a, b in frags:
        tokens = list(_name_token_pattern().finditer(text, a, b))
        runs: list[list[tuple[re.Match[str], str]]] = []
        current: list[tuple[re.Match[str], str]] = []
        for i, m in enumerate(tokens):
            tok = m.group()
            cls = _token_class(tok, _sentence_initial(text, m.start()), mid_caps)
            gap = text[current[-1][0].end() : m.start()] if current else ""
            if current and (gap.strip() or "\n" in gap):
                runs.append(current)
                current = []
            if cls in ("name", "join", "group"):
                current.append((m, cls))
            elif (
                tok in rules.particles
                and current
                and i + 1 < len(tokens)
                and _token_class(tokens[i + 1].group(), False, mid_caps) == "name"
            ):
                current.append((m, "join"))
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        for run in runs:
            names = [m for m, cls in run if cls == "name"]
            if not names:
                continue
            last = names[-1]
            # "Trump's aides", "a Nevada Democrat": the name only modifies.
            if compiled_pattern(_POSSESSIVE).search(last.group()) or run[-1][1] == "group":
                continue
            after = text[run[-1][0].end() : b]
            nxt = compiled_pattern(r"\s+([^\W\d_]+)").match(after)
            if nxt and nxt.group(1)[0].islower() and nxt.group(1) not in rules.particles:
                continue
            key = _surname_key([(m.group(), cls) for m, cls in run]) or _word_key(last.group())
            return NameHead(run[0][0].start(), run[-1][0].end(), key, len(names) == 1)
    return None


def _surname_key(tokens: Sequence[tuple[str, str]]) -> str | None:
    """The key of the last name word of ``(token, class)`` pairs, read in the
    part before "of" that holds a name: "Gov. Bill Richardson of New Mexico"
    -> "richardson", "Secretary of State John Kerry" -> "kerry"."""
    part: list[str] = []
    parts = [part]
    for tok, cls in tokens:
        if tok == "of":
            part = []
            parts.append(part)
        elif cls == "name":
            part.append(tok)
    return next((_word_key(p[-1]) for p in parts if p), None)


@cache
def name_key(name: str) -> str:
    """The surname key of a name as the pipeline reports it, by the rule of
    ``name_head``: "Indiana Gov. Mike Pence" -> "pence"."""
    rules = evaluate_rules()
    tokens = [
        (
            tok,
            "join"
            if compiled_pattern(_POSSESSIVE).sub("", tok.rstrip(".")).casefold()
            in rules.titles | rules.suffixes
            else "name",
        )
        for tok in _name_token_pattern().findall(name)
    ]
    return _surname_key(tokens) or normalize(name)


# ------------------------------------------------------------------- strict: the same person


@dataclass(frozen=True)
class Person:
    """A person (or body) as strict scoring compares them: the key of the
    surname (last name word) and the keys of the given names before it, after
    any title ("Indiana Gov. Mike Pence" -> ``Person(frozenset({"mike"}),
    "pence")``; a bare "Cruz" gives none)."""

    given: frozenset[str]
    last: str


def _person_of_tokens(tokens: Sequence[tuple[str, str]]) -> Person | None:
    """The person named by ``(token, class)`` pairs: in the part before "of"
    that holds a name (as in ``_surname_key``), the last name word is the
    surname and the name words right before it are the given names; a title
    or a joining word ("and") ends them, a name particle ("bin", "de") does not."""
    part: list[tuple[str, str]] = []
    parts = [part]
    for tok, cls in tokens:
        if tok == "of":
            part = []
            parts.append(part)
        else:
            part.append((tok, cls))
    rules = evaluate_rules()
    for words in parts:
        at = max((i for i, (_, cls) in enumerate(words) if cls == "name"), default=None)
        if at is None:
            continue
        given: set[str] = set()
        for tok, cls in reversed(words[:at]):
            if cls == "name":
                given.add(_word_key(tok))
            elif tok not in rules.particles or tok in _JOINING:
                break
        return Person(frozenset(given), _word_key(words[at][0]))
    return None


_JOINING = frozenset({"and", "or", "of", "&"})


def person_of_name(name: str) -> Person | None:
    """The person a reported name (a predicted speaker, a hand-labelled
    person) names, or None when it holds no name word: titles, suffixes,
    pronouns, determiners and group words are not names ("He", "Republicans")."""
    rules = evaluate_rules()
    tokens: list[tuple[str, str]] = []
    for tok in _name_token_pattern().findall(name):
        bare = compiled_pattern(_POSSESSIVE).sub("", tok.rstrip("."))
        if compiled_pattern(_POSSESSIVE).search(tok):
            tokens = []  # "Media Research Center's Bozell": the owner is not the person
        elif tok == "of" or tok in rules.particles:
            tokens.append((tok, "join"))
        elif len(bare) == 1 and tok.endswith(".") and bare.isupper():
            tokens.append((tok, "name"))  # an initial, even "A." or "I."
        elif bare in rules.not_names and not tokens:
            continue  # "The Wall Street Journal"; "He" alone names nobody
        elif not bare or bare in rules.not_names:
            return _person_of_tokens(tokens)
        elif not bare[0].isupper() and not compiled_pattern(r"^\w+-[^\W\d_]").match(bare):
            tokens.append((tok, "join"))  # "Michery el Soheil"
        elif not bare[0].isupper():
            tokens.append((tok, "name"))  # "Anwar al-Awlaki"
        elif bare in rules.groups:
            tokens.append((tok, "join"))  # "White House", never a name alone
        elif bare.casefold() in rules.titles | rules.suffixes:
            tokens.append((tok, "join"))
        else:
            tokens.append((tok, "name"))
    return _person_of_tokens(tokens)


def gold_persons(
    text: str, frags: Sequence[Fragment], mid_caps: frozenset[str]
) -> tuple[Person, ...]:
    """The persons (or bodies) a gold Source span names as speakers: the
    person name of each part of the span, read as ``source_surnames`` reads
    them (so "a spokesman for Bernie Sanders" names no speaker, and "Clinton
    and Sanders" names both)."""
    out: list[Person] = []
    for a, b in frags:
        pos = a
        for brk in [*_source_part_break().finditer(text, a, b), None]:
            end = brk.start() if brk is not None else b
            run = _part_run(text, pos, end, mid_caps)
            person = _person_of_tokens(run) if run else None
            if person is not None and person not in out:
                out.append(person)
            if brk is not None:
                pos = brk.end()
    return tuple(out)


def resolve_surname(person: Person, named: Sequence[Person]) -> Person:
    """``person`` with the given names a reader gives a bare surname: those of
    the person in ``named`` (the persons the article introduces in full, see
    ``introduced``) with that surname ("Cruz" is Ted Cruz, not Heidi Cruz, when
    the article first names him in full); ``person`` itself when it has a
    given name or no such person is introduced."""
    if person.given:
        return person
    return next((p for p in named if p.last == person.last), person)


def introduced(text: str, people: Iterable[Person]) -> tuple[Person, ...]:
    """Of ``people`` (the persons of an article's gold Sources) with given
    names, those the article introduces: its first mention of their surname
    comes with one of their given names up to three words before it. News
    style names a person in full first, so a relative named in full later is
    not who the bare surname means; when the first mention gives no given name
    (a headline, "Sen. Sanders") nobody is introduced under that surname."""
    words = normalize(text).split()
    first_mention: dict[str, int] = {}
    for i, w in enumerate(words):
        first_mention.setdefault(w, i)
    out: dict[Person, int] = {}
    for person in people:
        at = first_mention.get(person.last)
        if person.given and at is not None and person.given & set(words[max(0, at - 3) : at]):
            out[person] = at
    return tuple(sorted(out, key=lambda p: (out[p], p.last, sorted(p.given))))


def same_person(predicted: Person, gold: Person) -> bool:
    """Strict speaker match: surnames equal, and a given name in common where
    both give one (an initial matches a given name with that letter). A name
    of two words or more whose words all belong to the other name is the same
    person (a name without its patronymic or a middle name). A gold Source
    that is one name word and that no other Source names in full (the article
    calls the person "Tom") may also be the predicted given name."""
    words_p, words_g = predicted.given | {predicted.last}, gold.given | {gold.last}
    if min(len(words_p), len(words_g)) >= 2 and (words_p <= words_g or words_g <= words_p):
        return True  # "Saifuddin Nasution" of "Saifuddin Nasution Ismail" (a patronymic)
    if predicted.last != gold.last:
        return not gold.given and gold.last in predicted.given
    a, b = predicted.given, gold.given
    if not a or not b or a & b:
        return True
    return any(len(x) == 1 and any(y[0] == x for y in b) for x in a) or any(
        len(y) == 1 and any(x[0] == y for x in a) for y in b
    )
