"""Reported speech (``find_reported_speech``): sentences that report what a
person said without quoting them ("Grushko stressed that ...", "X said
(that) ...", "According to him, ..."), with the speaker named as the cue's
subject. Sentences holding a direct quote are left to ``find_quotes``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache

from ...models import Article, Person, ReportedSpeech, Span
from ...text import Sentences
from .attribution_rules import AttributionRules
from .context import ArticleContext, SpeakerRef, Word, article_context, word_tokens
from .marks import is_space
from .speech_cues import Cue, find_cues, is_passive
from .subjects import subject_after, subject_before


def find_reported_speech(
    article: Article, people: Sequence[Person], sentences: Sentences | None = None
) -> tuple[ReportedSpeech, ...]:
    """Sentences that report what a person said without quoting them:
    "Grushko stressed that ...", "X said (that) ...", "According to him, ...".
    Sentences holding a direct quote are left to ``find_quotes``.
    ``sentences``: the article's sentences if the caller has split them."""
    ctx = article_context(article, people, sentences)
    text = article.text
    cue_words = ctx.rules.cue_words
    out: list[ReportedSpeech] = []
    for n, para in enumerate(article.paragraphs):
        # Most paragraphs hold no speech verb at all: a cheap test skips them.
        if cue_words.isdisjoint(_plain_words(text[para.start : para.end])):
            continue
        for sent in ctx.sentences(n):
            if has_quote(ctx, sent) or cue_words.isdisjoint(
                _plain_words(text[sent.start : sent.end])
            ):
                continue
            found = reported_in(ctx, article.path, sent)
            if found is not None:
                out.append(found[0])
    return tuple(out)


@cache
def _plain_word_re() -> re.Pattern[str]:
    return re.compile(r"[a-z]+")


def _plain_words(chunk: str) -> list[str]:
    """The lower-cased ASCII letter runs of ``chunk``: enough to tell whether
    it may hold a cue word (every cue form is ASCII)."""
    return _plain_word_re().findall(chunk.lower())


def has_quote(ctx: ArticleContext, sent: Span) -> bool:
    """True if a direct quote overlaps the sentence ``sent``."""
    i = bisect.bisect_left(ctx.quote_starts, sent.start)
    if i > 0 and ctx.quote_spans[i - 1][1] > sent.start:
        return True
    return i < len(ctx.quote_spans) and ctx.quote_spans[i][0] < sent.end


def reported_in(
    ctx: ArticleContext, path: str, sent: Span
) -> tuple[ReportedSpeech, SpeakerRef] | None:
    """The first reported statement of a sentence, and the span naming its speaker."""
    text = ctx.text
    words = word_tokens(text, sent.start, sent.end)
    rules = ctx.rules
    for cue in find_cues(ctx, words):
        if is_passive(ctx, words, cue):
            continue
        if cue.lemma == "according_to":
            if cue.index != 0:
                continue
            after = subject_after(ctx, words, cue)
            comma = next((k for k in range(cue.last + 1, len(words)) if words[k].key == ","), None)
            if not isinstance(after, SpeakerRef) or comma is None:
                continue
            ref = after
            start = words[comma].end
        else:
            subject = subject_before(ctx, words, cue, sent.start)
            if not isinstance(subject, SpeakerRef):
                continue
            ref = subject
            start_word = _clause_start(words, cue, rules)
            if start_word is None:
                continue
            start = words[start_word].start
        body_start, body_end = _content_bounds(text, start, sent.end)
        if len(text[body_start:body_end].split()) < rules.reported_words:
            continue
        speech = ReportedSpeech(
            article=path,
            start=body_start,
            end=body_end,
            text=text[body_start:body_end],
            speaker=ref.name,
            cue=cue.text,
        )
        return speech, ref
    return None


def _clause_start(words: list[Word], cue: Cue, rules: AttributionRules) -> int | None:
    """Index of the first word of the reported clause after ``cue``."""
    k = cue.last + 1
    # "said on Monday that", "told reporters that": look a few words ahead.
    for j in range(k, min(k + 6, len(words))):
        if words[j].key == "that":
            return j + 1 if j + 1 < len(words) else None
        if words[j].key in (",", ";", ":"):
            break
    if cue.lemma not in rules.bare_clause or k >= len(words):
        return None
    first = words[k]
    if first.key in rules.prepositions or first.key in (",", ";", ":", "—", "–", "-"):
        return None
    return k


def _content_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (is_space(text[start]) or text[start] in ",:"):
        start += 1
    while end > start and (is_space(text[end - 1]) or text[end - 1] in ".!?;,"):
        end -= 1
    return start, end
