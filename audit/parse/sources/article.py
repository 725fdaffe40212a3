"""The sources stage over one article: sentences gated, analysed and their
sources merged (see ``find_sources``)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from ...models import Article, Person, Quote, Source, SourceHow, Span
from ...rules.sources import source_rules
from ...text import Sentences, sentence_spans
from .anaphora import anaphors, person_references
from .credits import credit_lines
from .cues import SentenceGlance, attribute, may_hold_cue
from .grammar import grammar
from .sentence import ArticleContext, FoundSource, Sentence, quote_zones


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
    g = grammar()
    text = article.text
    blocks: Sequence[Span] = article.paragraphs
    if not blocks and not article.boilerplate and text.strip():
        blocks = (Span(0, len(text), "paragraph"),)
    if sentences is not None and blocks is article.paragraphs:
        split = sentences.flat()
    else:
        split = [s for b in blocks for s in sentence_spans(text, b.start, b.end)]
    zones = quote_zones(text, blocks, quotes, g)
    refs = person_references(people)
    ctx = ArticleContext(text, g, zones, refs, split, people)
    ctx.add_persons(sorted(refs + anaphors(ctx, refs), key=lambda r: (r.start, r.end)))
    spoken = sorted(
        (q for q in quotes if q.speaker is not None and q.speaker_start is not None),
        key=lambda q: (q.speaker_start or 0, q.id),
    )
    spoken_starts = [q.speaker_start or 0 for q in spoken]
    hits: list[FoundSource] = []
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
        if may_hold_cue(SentenceGlance(text, lo, hi, words, mine, g)):
            hits.extend(attribute(Sentence(ctx, sent, first, last, words, mine)))
    hits.extend(_foot_credits(article, ctx))
    return _merge_sources(article.path, text, hits)


def _foot_credits(article: Article, ctx: ArticleContext) -> list[FoundSource]:
    """The credits in the boilerplate a story's foot credit is filed under
    ("Source: Bernama", a lone "AP"): read for credits only."""
    labels = source_rules().credits.boilerplate
    found: list[FoundSource] = []
    for b in article.boilerplate:
        if b.label not in labels:
            continue
        for sent in sentence_spans(ctx.text, b.start, b.end):
            first, last = bisect_left(ctx.starts, sent.start), bisect_right(ctx.ends, sent.end)
            sen = Sentence(ctx, sent, first, last, ctx.folds[first:last])
            credit_lines(sen)
            found.extend(h for h in sen.hits if h.credit)
    return found


def _merge_sources(path: str, text: str, hits: Iterable[FoundSource]) -> tuple[Source, ...]:
    """The sources of ``hits``, one per kind, name and cue span (or phrase span
    when there is no cue), the first hit's fields filled from later ones, sorted
    by offset."""
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
            how=how_credited(h),
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
                old.how,
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


def how_credited(hit: FoundSource) -> SourceHow:
    """How the article credits a hit's source: "credit" for the agency the
    copy comes from, "via" for a channel (the outlet of "told Reuters",
    "according to TASS", "TASS reported", a citer), else "said"."""
    if hit.credit:
        return "credit"
    if hit.channel or hit.citer or hit.cand.kind == "outlet":
        return "via"
    return "said"
