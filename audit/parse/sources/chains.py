"""Citation chains: the steps that settle a sentence's sources once every cue
rule has run (redundant hits dropped, the outlet behind a document, the vague
twin of an anonymous document, the channel's ``via``), and ``attach_via``,
which carries a chain over to the quotes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import accumulate

from ...models import Quote, Source
from .builders import build_alias
from .sentence import FoundSource, Sentence


def settle(sen: Sentence) -> None:
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
    inside = _covered([(h.cand.start, h.cand.end) for h in sen.hits if h.cue_start != h.cand.start])
    sen.hits = [
        h
        for h in sen.hits
        if h.cue_start is None or h.cue_start == h.cand.start or not inside(h.cue_start)
    ]


def _covered(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether a position lies in one of ``spans``, in log time: the
    spans sorted by start, with the furthest end reached so far (a sentence
    of chained cues has thousands of hits, each tested against every span)."""
    spans.sort()
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))

    def inside(pos: int) -> bool:
        i = bisect_right(starts, pos)
        return i > 0 and reach[i - 1] > pos

    return inside


def outlets_in_documents(sen: Sentence) -> None:
    """ "according to a TASS report": the outlet behind a document is a source too."""
    alias = sen.g.families[0]
    for hit in list(sen.hits):
        c = hit.cand
        if c.kind != "document" or alias.triggers.isdisjoint(
            sen.g.token.findall(c.name.casefold())
        ):
            continue
        for m in alias.pattern.finditer(sen.text, c.start, c.end):
            outlet = build_alias(sen, alias, m)
            if outlet is not None:
                sen.add(
                    outlet, None if hit.cue_start is None else (hit.cue_start, hit.cue_end or 0)
                )


def vague_twins(sen: Sentence) -> None:
    """A leaked or anonymous document is a vague source as well."""
    for hit in list(sen.hits):
        if hit.cand.kind == "document" and hit.cand.vague_doc:
            twin = FoundSource(
                replace(hit.cand, kind="vague"),
                hit.cue_start,
                hit.cue_end,
                hit.via,
                chained=hit.chained,
            )
            sen.hits.append(twin)


def propagate(sen: Sentence) -> None:
    """The outlet a sentence reached us through is the via of its other sources."""
    channels = [h for h in sen.hits if h.channel]
    if not channels:
        return
    # The nearest channel by start (the earlier on a tie, the first listed at
    # that start), found by bisection: a chain of cues has many channels.
    first: dict[int, FoundSource] = {}
    for h in channels:
        first.setdefault(h.cand.start, h)
    at = sorted(first)
    for hit in sen.hits:
        if hit.via is not None or hit.channel or hit.citer or not hit.chained:
            continue
        if hit.cand.kind == "outlet":
            continue
        pos = hit.cand.start
        i = bisect_left(at, pos)
        near = at[i - 1 : i + 1] if i else at[:1]
        nearest = first[min(near, key=lambda s: (abs(s - pos), s))]
        if nearest.cand.name != hit.cand.name:
            hit.via = nearest.cand.name


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
