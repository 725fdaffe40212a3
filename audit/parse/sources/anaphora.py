"""People as sources: the people stage's mentions, and the pronouns and role
nouns ("He stressed", "according to the diplomat") resolved to them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import TYPE_CHECKING

from ...models import Person
from ...text import normalize

if TYPE_CHECKING:
    from .sentence import ArticleContext


@dataclass(frozen=True)
class PersonReference:
    """A person mention (or a pronoun resolved to one), with the role to report."""

    start: int
    end: int
    lead: int
    name: str
    role: str | None
    titles: tuple[str, ...]
    object_only: bool = False


def person_references(people: Sequence[Person]) -> list[PersonReference]:
    """Every mention of ``people``, with its title as the role, in text order."""
    refs = []
    for person in people:
        for m in person.mentions:
            lead = m.start
            if m.title_start is not None and m.title_start < m.start:
                lead = m.title_start
            role = m.title or (person.titles[0] if person.titles else None)
            refs.append(PersonReference(m.start, m.end, lead, person.name, role, person.titles))
    refs.sort(key=lambda r: (r.start, r.end, r.name))
    return refs


def anaphors(ctx: ArticleContext, refs: Sequence[PersonReference]) -> list[PersonReference]:
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
    pronouns = g.pronouns.subject_pronouns | g.pronouns.object_pronouns
    # compress() walks the words in C; few of them are pronouns.
    for k in compress(range(len(ctx.folds)), map(pronouns.__contains__, ctx.folds)):
        word, start = ctx.words[k], ctx.starts[k]
        i = sentence_of(start)
        # Lower case or capitalised ("He"), not "HE" in an all-caps line.
        if i >= 0 and (word.islower() or word.istitle()) and not ctx.quoted(start):
            spots.append((start, ctx.ends[k], None, i))
    if not g.pronouns.role_words.isdisjoint(ctx.folds):
        for m in g.pronouns.role.finditer(text, sentences[0].start, sentences[-1].end):
            i = sentence_of(m.start())
            if i >= 0 and m.end() <= sentences[i].end and not ctx.quoted(m.start()):
                spots.append((m.start(), m.end(), m.group().split()[-1].casefold(), i))
    spots.sort()
    ref_starts = [r.start for r in refs]
    found: list[PersonReference] = []
    for start, end, noun, i in spots:
        lo = sentences[max(0, i - g.pronouns.pronoun_window)].start
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
            only = text[start:end].casefold() not in g.pronouns.subject_pronouns and noun is None
            found.append(
                PersonReference(start, end, start, ref.name, ref.role, ref.titles, object_only=only)
            )
    return found


def _has_role(ref: PersonReference, noun: str) -> bool:
    return any(noun in _title_words(t) for t in ref.titles)


@lru_cache(maxsize=4096)
def _title_words(title: str) -> frozenset[str]:
    """The words of a title's comparison key (titles recur across mentions)."""
    return frozenset(normalize(title).split())
