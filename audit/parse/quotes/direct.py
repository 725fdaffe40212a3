"""Direct quotes of an article and their speakers (``find_quotes``).

Each quote takes the attribution written around it (``speakers``); a quote
without one takes it from its neighbours: pieces of one statement split
around "he said" or continued across paragraphs, an attribution closing the
sentence after its last quote, the paragraph's previous quote or previous
sentence about a person, and for a paragraph that opens with a quote, the
previous paragraph's quote or its closing sentence about a person. Short
quoted stretches inside a sentence are marked as fragments (scare quotes);
a short quoted stretch in Title Case without a final stop or a speech verb
next to it names a work or a thing ("Meet the Press") and is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from ...models import Article, Person, Quote
from ...text import Sentences, fold_word
from . import layouts
from .context import ArticleContext, SpeakerRef, article_context, word_tokens
from .marks import ALL_MARKS, RawQuote, has_word, is_space, sentence_opening
from .reported import has_quote, reported_in
from .speakers import Attribution, attribution_after, attribution_before, sentence_subject
from .speech_cues import find_cues
from .subjects import subject_after


def _is_fragment(ctx: ArticleContext, raw: RawQuote) -> bool:
    """Short, no sentence-final stop, and set inside a sentence."""
    text = ctx.text
    body = text[raw.start : raw.end]
    if len(body.split()) > ctx.rules.fragment_words or body.rstrip()[-1:] in ".!?…":
        return False
    k = raw.open_pos
    para_start = ctx.paras[raw.para].start
    while k > para_start and is_space(text[k - 1]):
        k -= 1
    if k == para_start or text[k - 1] in ".!?:…" or text[k - 1] in ALL_MARKS:
        return False
    # "Peskov said, “No”": a quote introduced by a cue and a comma is a statement.
    if text[k - 1] != ",":
        return True
    before = word_tokens(text, max(para_start, k - 30), k - 1)
    return not (before and before[-1].key in ctx.rules.forms)


def find_quotes(
    article: Article, people: Sequence[Person], sentences: Sentences | None = None
) -> tuple[Quote, ...]:
    """Every direct quote in ``article``'s paragraphs, in text order, with its
    speaker (the fullest name the article gives) when the text attributes it.
    ``sentences``: the article's sentences if the caller has split them."""
    ctx = article_context(article, people, sentences)
    raws = ctx.raws
    if not raws:
        return ()
    atts: list[Attribution] = []
    frags: list[bool] = []
    closing: list[bool] = []  # attributed by the words after the quote
    spoken: tuple[RawQuote, SpeakerRef] | None = None  # the latest quote given a person
    channels: dict[int, SpeakerRef] = {}  # "..., TASS reported": by opening mark
    for i, raw in enumerate(raws):
        nxt = raws[i + 1] if i + 1 < len(raws) and raws[i + 1].para == raw.para else None
        prv = raws[i - 1] if i > 0 and raws[i - 1].para == raw.para else None
        next_open = nxt.open_pos if nxt else len(article.text)
        prev_close = (prv.close_pos + 1) if prv and prv.close_pos is not None else 0
        frag = _is_fragment(ctx, raw)
        att = attribution_after(ctx, raw, next_open)
        closing.append(att.found)
        prev_att = atts[-1] if prv else None
        if not att.found:
            pre = attribution_before(ctx, raw, prev_close, prev_att)
            att = pre if pre.found or att.cue is None else att
        att = layouts.settle(ctx, raw, att, (prev_close, prev_att), channels)
        att = _current_speaker(ctx, att, spoken)
        if att.ref is not None and ctx.names_person(att.ref) and not frag:
            spoken = (raw, att.ref)
        atts.append(att)
        frags.append(frag)
    _bylines(ctx, raws, atts, listed=_quote_list(ctx, raws))
    layouts.apply_layouts(ctx, raws, atts)
    _share_closing(ctx, raws, atts, closing)
    _fill_gaps(ctx, raws, atts, frags)
    layouts.screen(ctx, raws, atts)
    out = []
    kept = [
        (raw, att, frag)
        for raw, att, frag, after in zip(raws, atts, frags, closing, strict=True)
        if not _names_a_work(ctx, raw, after)
    ]
    for n, (raw, att, frag) in enumerate(kept, start=1):
        ref = att.ref
        out.append(
            Quote(
                id=f"{article.path}#q{n}",
                article=article.path,
                start=raw.start,
                end=raw.end,
                text=article.text[raw.start : raw.end],
                speaker=ref.name if ref else None,
                speaker_start=ref.start if ref else None,
                speaker_end=ref.end if ref else None,
                cue=att.cue,
                fragment=frag,
                via=channels[raw.open_pos].name if raw.open_pos in channels else None,
            )
        )
    return tuple(out)


def _current_speaker(
    ctx: ArticleContext, att: Attribution, spoken: tuple[RawQuote, SpeakerRef] | None
) -> Attribution:
    """ "When Beck asked him, D'Souza replied, “...” ¶ “...,” he added": a
    pronoun takes the speaker of the latest quote when that quote comes
    after where the pronoun's antecedent was drawn from (this paragraph or
    the one before), and the pronoun fits that speaker."""
    ref = att.ref
    if ref is None or spoken is None or fold_word(ctx.text[ref.start : ref.end]) not in (
        ctx.rules.pronouns
    ):
        return att
    raw, speaker = spoken
    source = ctx.pronoun_source(ref.start, ref.end)
    if (
        source is None
        or raw.open_pos <= source[0]
        or speaker.name == ref.name
        or ctx.para_of(ref.start) - raw.para > 1
        or not ctx.fits(speaker.name, fold_word(ctx.text[ref.start : ref.end]))
    ):
        return att
    return replace(att, ref=SpeakerRef(speaker.name, ref.start, ref.end))


def _quote_list(ctx: ArticleContext, raws: list[RawQuote]) -> bool:
    """A quote list ("The Week in Quotes"): the first quote opens a paragraph
    and only headings come before it (no lead sentence introduces it)."""
    first = raws[0]
    text = ctx.text
    if has_word(text, ctx.paras[first.para].start, first.open_pos):
        return False
    limit = ctx.rules.heading_words
    return all(
        len(word_tokens(text, p.start, min(p.end, p.start + 40 * limit))) <= limit
        for p in ctx.paras[: first.para]
    )


def _bylines(
    ctx: ArticleContext, raws: list[RawQuote], atts: list[Attribution], *, listed: bool
) -> None:
    """In a quote list (``listed``), a quote paragraph without an attribution
    takes the name that follows it: in the rest of its paragraph ("“...”
    Emma Hayes (BT Sport)", "“...” Tunisia's coach, Henryk Kasperczak") or
    opening the next paragraph when that holds no quote ("France coach
    Didier Deschamps paid tribute ..."). In any article, a short paragraph
    of a dash and a name ("- Bernie Sanders.") signs the quote before it."""
    text = ctx.text
    by_para: dict[int, list[int]] = {}
    for i, raw in enumerate(raws):
        by_para.setdefault(raw.para, []).append(i)
    for para, members in by_para.items():
        todo = [i for i in members if not atts[i].found and atts[i].cue is None]
        last = raws[members[-1]]
        if not todo or last.close_pos is None:
            continue
        span = ctx.paras[para]
        ref = None
        if has_word(text, last.close_pos + 1, span.end):
            if listed:
                ref = _opening_name(ctx, last.close_pos + 1, span.end)
        elif para + 1 < len(ctx.paras) and para + 1 not in by_para:
            nxt = ctx.paras[para + 1]
            if listed or _signature(ctx, nxt.start, nxt.end):
                ref = _opening_name(ctx, nxt.start, nxt.end)
        if ref is not None:
            for i in todo:
                atts[i] = Attribution(ref, None, True)


def _signature(ctx: ArticleContext, lo: int, hi: int) -> bool:
    """ "- Bernie Sanders.", "— Dmitry Peskov": a short paragraph of a dash
    and a name."""
    words = word_tokens(ctx.text, lo, min(hi, lo + 200))
    return (
        1 < len(words) <= ctx.rules.heading_words
        and words[0].key in ("—", "–", "-")
        and ctx.mention_at(words[1].start) is not None
    )


def _opening_name(ctx: ArticleContext, lo: int, hi: int) -> SpeakerRef | None:
    """The person a stretch opens with, after no more than a title: "Glenn
    Hoddle, England coach, after ...", "Bury manager David Flitcroft on ..."."""
    rules = ctx.rules
    words = word_tokens(ctx.text, lo, min(hi, lo + 160))[: _BYLINE_LEAD + 1]
    for k, w in enumerate(words):
        m = ctx.mention_at(w.start)
        if m is not None and not ctx.in_title(m):  # "Aston Villa" of "... Aston Villa striker X"
            if ctx.in_quote(m.start):
                return None
            # "Mamelodi Sundowns co-coach Rhulani Mokwena": a name, a lower-case
            # noun, a name: the first qualifies the second.
            j = next((j for j in range(k, len(words)) if words[j].start >= m.end), len(words))
            if (
                j + 1 < len(words)
                and not words[j].cap
                and words[j].key not in rules.function_words
                and words[j].key not in rules.forms
            ):
                later = ctx.mention_at(words[j + 1].start)
                if later is not None:
                    m = later
            return SpeakerRef(m.name, m.start, m.end)
        if w.key in rules.forms or w.key in rules.pronouns or w.key in rules.function_words:
            return None  # a sentence of its own, not a byline
    return None


# Words of title a byline may put before its name ("Yugoslavia's former Aston
# Villa striker").
_BYLINE_LEAD = 8


def _names_a_work(ctx: ArticleContext, raw: RawQuote, attributed: bool) -> bool:
    """ "on CNN's “State of the Union”", "the “Make America Great Again” hat":
    a short quoted stretch in Title Case without a final stop is the title of
    a work or a name, not a quote, unless a speech verb introduces it or an
    attribution follows it (``attributed``). (Scare quotes start in lower
    case; "called him “Lyin' Ted”" has its verb.) After a possessive ("NBC's
    “Today”") or "told" it is a title all the same."""
    text = ctx.text
    body = text[raw.start : raw.end]
    if body.rstrip(ALL_MARKS)[-1:] in (".", "!", "?", "…", ";", ":"):
        return False
    rules = ctx.rules
    found = _title_word_re().findall(body)
    if not found or len(found) > rules.title_words:
        return False
    if not all(w[0].isupper() or w[0].isdigit() or w in rules.title_small for w in found):
        return False
    if found[0] in rules.title_small:
        return False
    para_start = ctx.paras[raw.para].start
    before = word_tokens(text, max(para_start, raw.open_pos - 40), raw.open_pos)[-3:]
    if before and before[-1].end == _skip_space_back(text, raw.open_pos):
        last = before[-1].key
        if last.endswith(("'s", "’s", "s'", "s’")) or rules.forms.get(last) == "tell":
            return True
    return not attributed and not any(w.key in rules.forms for w in before)


def _skip_space_back(text: str, pos: int) -> int:
    while pos > 0 and is_space(text[pos - 1]):
        pos -= 1
    return pos


@cache
def _title_word_re() -> re.Pattern[str]:
    return re.compile(r"[^\W_][\w'’\-]*")


def _share_closing(
    ctx: ArticleContext, raws: list[RawQuote], atts: list[Attribution], closing: list[bool]
) -> None:
    """ "... did not find “ties of any consequence,” aside from “casually”,
    said the director, James Comey.": an attribution closing a sentence after
    its last quote covers the sentence's earlier quotes that have none."""
    for j in range(len(raws) - 1, 0, -1):
        if not closing[j] or atts[j].ref is None:
            continue
        para = raws[j].para
        start = ctx.sentence_start(para, raws[j].open_pos)
        i = j - 1
        while i >= 0 and raws[i].para == para and raws[i].open_pos >= start:
            if atts[i].found or atts[i].cue is not None:
                break
            atts[i] = replace(atts[j], cue=None)
            i -= 1


def _fill_gaps(
    ctx: ArticleContext, raws: list[RawQuote], atts: list[Attribution], frags: list[bool]
) -> None:
    """Speakers for quotes with no attribution of their own, from their neighbours."""
    text = ctx.text
    n = len(raws)
    # Pieces of one statement: split around "he said", adjacent, or continued
    # across paragraphs. Attribution flows both ways inside a chain.
    for _ in range(2):
        for i in range(n - 1):
            a, b = raws[i], raws[i + 1]
            linked = b.continued or (
                a.para == b.para
                and a.close_pos is not None
                and not has_word(text, a.close_pos + 1, b.open_pos)
            )
            # "“brusk” and “tough”": coordinated fragments share their speaker.
            coordinated = (
                a.para == b.para
                and a.close_pos is not None
                and _coordination_re().fullmatch(text, a.close_pos + 1, b.open_pos) is not None
            )
            if not (coordinated or (linked and not frags[i] and not frags[i + 1])):
                continue
            if atts[i].ref is not None and not atts[i + 1].found:
                atts[i + 1] = replace(atts[i], cue=None)
            elif atts[i + 1].ref is not None and not atts[i].found:
                atts[i] = replace(atts[i + 1], cue=None)
    prev_para_speaker: dict[int, Attribution] = {}
    for i, raw in enumerate(raws):
        if atts[i].ref is not None and (not frags[i] or raw.para not in prev_para_speaker):
            prev_para_speaker[raw.para] = atts[i]
        if atts[i].found or atts[i].cue is not None or frags[i]:
            continue
        para = ctx.paras[raw.para]
        if has_word(text, para.start, raw.open_pos):
            # A quote opening a later sentence of the paragraph: the speaker of
            # the paragraph's previous quote goes on.
            prev = prev_para_speaker.get(raw.para)
            opening = sentence_opening(text, para.start, raw.open_pos)
            if (
                prev is not None
                and prev.ref is not None
                and (opening or not _other_person_between(ctx, prev.ref, raw.open_pos))
            ):
                atts[i] = replace(prev, cue=None)
            elif prev is None and opening:
                # "Clinton touted her record. “We need ...”": the person the
                # previous sentence of the paragraph is about.
                subject = sentence_subject(ctx, raw.para, _skip_back(text, raw.open_pos))
                if subject is not None:
                    atts[i] = Attribution(subject, None, True)
                    prev_para_speaker[raw.para] = atts[i]
            continue
        lead = prev_para_speaker.get(raw.para - 1) or _paragraph_lead(ctx, raw.para - 1)
        if lead is not None:
            atts[i] = replace(lead, cue=None)
            prev_para_speaker[raw.para] = atts[i]


def _skip_back(text: str, pos: int) -> int:
    """The position just inside the sentence before the one starting at ``pos``."""
    while pos > 0 and (is_space(text[pos - 1]) or text[pos - 1] in ".!?…"):
        pos -= 1
    return pos


def _other_person_between(ctx: ArticleContext, ref: SpeakerRef, pos: int) -> bool:
    """True if someone other than ``ref`` is named (outside quotes) between
    ``ref``'s mention and ``pos``."""
    return any(
        m.name != ref.name and not ctx.in_quote(m.start) for m in ctx.mentions_in(ref.end, pos)
    )


@cache
def _coordination_re() -> re.Pattern[str]:
    return re.compile(r"[\s,]*(?:and|or)?\s*")


def _paragraph_lead(ctx: ArticleContext, para: int) -> Attribution | None:
    """A paragraph whose last sentence reports speech ("Kerry said that ...",
    "Peskov told reporters:") introduces a quote paragraph after it."""
    if para < 0:
        return None
    span = ctx.paras[para]
    sentences = ctx.sentences(para)
    last = sentences[-1] if sentences else None
    if last is None or has_quote(ctx, last):
        return None
    if ctx.text[span.start : span.end].rstrip().endswith(":"):
        return _colon_lead(ctx, para)
    found = reported_in(ctx, "", last)
    if found is not None:
        return Attribution(found[1], found[0].cue, True)
    inverted = _inverted_cue(ctx, last.start, last.end)
    if inverted is not None:
        return inverted
    # "Viguerie is upbeat about Cruz's chances." then a quote paragraph: the
    # person the lead-in sentence is about.
    subject = sentence_subject(ctx, para, last.end)
    return Attribution(subject, None, True) if subject is not None else None


def _inverted_cue(ctx: ArticleContext, lo: int, hi: int) -> Attribution | None:
    """ "..., stated Russian Foreign Minister Sergey Lavrov during his talk.":
    a sentence closing on an inverted cue names who speaks next."""
    words = word_tokens(ctx.text, lo, hi)
    for cue in find_cues(ctx, words):
        if cue.index > 0 and words[cue.index - 1].key == "," and not cue.key_ing:
            ref = subject_after(ctx, words, cue)
            if isinstance(ref, SpeakerRef) and ctx.names_person(ref):
                return Attribution(ref, cue.text, True)
    return None


def _colon_lead(ctx: ArticleContext, para: int) -> Attribution | None:
    """A paragraph ending "Peskov told reporters:" introduces the next one."""
    span = ctx.paras[para]
    if not ctx.text[span.start : span.end].rstrip().endswith(":"):
        return None
    fake = RawQuote(para, span.end, span.end, span.end, span.end)
    att = attribution_before(ctx, fake, 0)
    return att if att.ref is not None else None
