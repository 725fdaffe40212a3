"""Quote groups as comparisons: each version of a statement beside the
earliest dated one, the words that differ marked in both, the words one
version leaves out of the other shown as context (an excerpt is an excerpt,
not a deletion)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..match import word_diff
from ..models import Quote, QuoteGroup, WordDiff

# The state of a run of words: plain (the same in both), changed, or outside
# the other version (context of an excerpt); "gap" marks words the other
# version has here and this one leaves out.
PLAIN, CHANGED, OUTSIDE, GAP = "", "chg", "out", "gap"


@dataclass(frozen=True)
class Run:
    """Consecutive words of one state; ``title`` says what a gap left out."""

    state: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Version:
    """One quote of a group as the comparison shows it."""

    quote: Quote
    relation: str  # to the first version: earliest, identical, excerpt, extended, altered
    runs: tuple[Run, ...]


def date_key(date: str | None) -> tuple[bool, str]:
    """Sort key of an article date: known dates first, in order (ISO dates
    sort as text), unknown last."""
    return (date is None or not date.strip(), (date or "").strip())


def _edges(diff: Sequence[WordDiff]) -> tuple[int, int]:
    """Indices of the first and last equal steps (-1, -1 when none)."""
    equal = [i for i, d in enumerate(diff) if d.op == "equal"]
    return (equal[0], equal[-1]) if equal else (-1, -1)


def _runs(words: Sequence[tuple[str, str, str]]) -> tuple[Run, ...]:
    """Words (state, text, title) merged into runs of one state."""
    out: list[Run] = []
    for state, text, title in words:
        if out and out[-1].state == state and state != GAP:
            out[-1] = Run(state, out[-1].text + " " + text, out[-1].title)
        else:
            out.append(Run(state, text, title))
    return tuple(out)


def _side(diff: Sequence[WordDiff]) -> tuple[list[str], list[tuple[str, str, str]], str]:
    """The first version's word states, the other version's words, and the
    relation, from a diff of the first to the other."""
    first, last = _edges(diff)
    base: list[str] = []
    other: list[tuple[str, str, str]] = []
    changed = outside_a = outside_b = False
    for i, d in enumerate(diff):
        edge = i < first or i > last
        a_words = d.a.split(" ") if d.a else []
        if d.op == "equal":
            base.extend(PLAIN for _ in a_words)
            other.append((PLAIN, d.b, ""))
        elif d.op == "replace":
            changed = True
            base.extend(CHANGED for _ in a_words)
            other.append((CHANGED, d.b, ""))
        elif d.op == "delete":
            base.extend((OUTSIDE if edge else CHANGED) for _ in a_words)
            outside_a |= edge
            changed |= not edge
            other.append((PLAIN, "…", "") if edge else (GAP, "[…]", f"left out: {d.a}"))
        else:  # insert
            outside_b |= edge
            changed |= not edge
            other.append((OUTSIDE if edge else CHANGED, d.b, ""))
    if changed or (outside_a and outside_b) or first < 0:
        relation = "altered"
    elif outside_a:
        relation = "excerpt"
    elif outside_b:
        relation = "extended"
    else:
        relation = "identical"
    return base, other, relation


def compare_group(group: QuoteGroup, dates: Mapping[str, str | None]) -> list[Version]:
    """The group's quotes, earliest dated first, each other one compared to
    that first version; the first version's words are marked where any other
    version changes them, and shown as context where every other version
    leaves them out."""
    members = sorted(
        group.members,
        # Undated, the group's reference (its fullest wording) leads.
        key=lambda m: (date_key(dates.get(m.quote.article)), m.quote is not group.reference,
                       m.quote.article, m.quote.start),
    )
    base = members[0]
    tokens: list[str] | None = None
    states: list[list[str]] = []
    others: list[Version] = []
    any_plain = False  # some version is the same words throughout
    for m in members[1:]:
        if base.quote is group.reference:
            diff: Sequence[WordDiff] = m.diff
        else:
            diff = word_diff(base.quote.text, m.quote.text)
        if not diff:  # no diff recorded: the same words
            any_plain = True
            others.append(Version(m.quote, "identical", (Run(PLAIN, m.quote.text),)))
            continue
        marks, words, relation = _side(diff)
        here = [w for d in diff if d.a for w in d.a.split(" ")]
        if tokens is None:
            tokens = here
        if here == tokens:
            states.append(marks)
        others.append(Version(m.quote, relation, _runs(words)))
    if tokens is None:
        base_runs: tuple[Run, ...] = (Run(PLAIN, base.quote.text),)
    else:
        words = []
        for k, token in enumerate(tokens):
            seen = [s[k] for s in states]
            state = (
                CHANGED if CHANGED in seen
                else OUTSIDE if seen and not any_plain and all(s == OUTSIDE for s in seen)
                else PLAIN
            )
            words.append((state, token, ""))
        base_runs = _runs(words)
    first = "earliest" if dates.get(base.quote.article) else "first listed (no dates)"
    return [Version(base.quote, first, base_runs), *others]
