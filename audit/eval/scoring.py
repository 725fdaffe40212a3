"""Scoring one article: gold quotes from the annotated Content, predicted
quotes cut like them, one-to-one matching by overlap, speakers and named
sources, and the error type of every miss, added up in a ``ScoreTally``
(definitions in the ``audit.eval`` docstring)."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import Quote, Source
from ..rules.evaluate import evaluate_rules
from ..text import normalize
from .brat import Fragment, GoldAttribution
from .names import (
    NameHead,
    Person,
    gold_persons,
    introduced,
    midsentence_capitals,
    name_head,
    person_of_name,
    resolve_surname,
    same_name,
    same_person,
    same_speaker,
    source_surnames,
)
from .quotation_marks import (
    Stretch,
    compiled_pattern,
    glyph_direction,
    has_word,
    paragraph_break,
    paragraph_spans,
    quoted_stretches,
    single_quoted_stretches,
    trim,
)

NAMED_SOURCE_KINDS = ("person", "outlet", "organisation")


# --------------------------------------------------------------------------- overlap and matching


def overlap(a: Fragment, b: Fragment) -> float:
    """Shared characters of two spans over the length of the longer one (0..1)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return shared / longer if shared > 0 and longer > 0 else 0.0


def match_spans(
    gold: Sequence[Fragment], predicted: Sequence[Fragment], threshold: float
) -> tuple[tuple[int, int], ...]:
    """One-to-one pairs ``(gold index, predicted index)`` whose overlap reaches
    ``threshold``, chosen greedily: highest overlap first, ties by position."""
    candidates = sorted(
        (-score, g[0], p[0], gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if (score := overlap(g, p)) >= threshold and score > 0
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return tuple(sorted(pairs))


# ------------------------------------------------------------------ gold and predicted quotes


@dataclass(frozen=True)
class GoldQuote:
    """A gold direct quote: the quoted part of annotated Content.

    ``kind`` is ``double`` (scored), ``title`` or ``single`` (neutral)."""

    start: int
    end: int
    kind: str
    stretch: Stretch | None
    attribution: GoldAttribution | None


def _merge_pieces(text: str, pieces: list[Fragment]) -> list[Fragment]:
    merged: list[Fragment] = []
    for a, b in sorted(pieces):
        if merged and not has_word(text, merged[-1][1], a):
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _owning_attribution(seg: Fragment, gold: Sequence[GoldAttribution]) -> GoldAttribution | None:
    """The attribution whose Content covers most of ``seg``; among equals the
    innermost (shortest Content), then the first annotated."""
    best: tuple[int, int, int] | None = None
    owner = None
    for n, att in enumerate(gold):
        shared = sum(max(0, min(b, seg[1]) - max(a, seg[0])) for a, b in att.content)
        if shared <= 0:
            continue
        rank = (-shared, att.content_length, n)
        if best is None or rank < best:
            best, owner = rank, att
    return owner


def _title_like(text: str, start: int, end: int) -> bool:
    rules = evaluate_rules()
    chunk = text[start:end]
    # A title may carry the comma of the sentence around it ("Connect 2030,"),
    # never a sentence's own final mark.
    if compiled_pattern(r"[.!?;:]$").search(chunk.rstrip("\"'\u201d\u2019,")):
        return False
    toks = compiled_pattern(r"[\w'\u2019\-]+").findall(chunk)
    if not toks or len(toks) > rules.title_max_words:
        return False
    return all(t[0].isupper() or t[0].isdigit() or t in rules.title_small_words for t in toks) and (
        toks[0][0].isupper() or toks[0][0].isdigit()
    )


def gold_quotes(text: str, gold: Sequence[GoldAttribution]) -> tuple[GoldQuote, ...]:
    """The gold quotes of an article (see the ``audit.eval`` docstring)."""
    contents = sorted(f for att in gold for f in att.content)
    starts = [a for a, _ in contents]
    out: list[GoldQuote] = []
    doubles = quoted_stretches(text)
    for st in doubles:
        pieces = []
        hi = bisect.bisect_left(starts, st.end)
        for a, b in contents[:hi]:
            lo_, hi_ = max(a, st.start), min(b, st.end)
            if lo_ < hi_:
                pieces.append(trim(text, lo_, hi_))
        for a, b in _merge_pieces(text, [p for p in pieces if has_word(text, *p)]):
            kind = "title" if _title_like(text, a, b) else "double"
            out.append(GoldQuote(a, b, kind, st, _owning_attribution((a, b), gold)))
    for a, b in single_quoted_stretches(text):
        if any(st.start <= a and b <= st.end for st in doubles):
            continue
        inside = sum(max(0, min(y, b) - max(x, a)) for x, y in contents)
        if inside * 2 >= b - a:
            out.append(GoldQuote(a, b, "single", None, _owning_attribution((a, b), gold)))
    return tuple(sorted(out, key=lambda g: (g.start, g.end)))


@dataclass(frozen=True)
class QuoteSegment:
    """One scored piece of a predicted quote (a quote is cut at paragraph breaks)."""

    start: int
    end: int
    quote: Quote


def quote_segments(text: str, found: Iterable[Quote]) -> tuple[QuoteSegment, ...]:
    """Predicted quotes as scored: trimmed of marks and white space and cut at
    paragraph breaks, like the gold quotes."""
    out: list[QuoteSegment] = []
    for q in found:
        pos = q.start
        for m in paragraph_break().finditer(text, q.start, q.end):
            out.append(QuoteSegment(*trim(text, pos, m.start()), q))
            pos = m.end()
        out.append(QuoteSegment(*trim(text, pos, q.end), q))
    return tuple(
        sorted((s for s in out if has_word(text, s.start, s.end)), key=lambda s: (s.start, s.end))
    )


# --------------------------------------------------------------------------- per-article scoring


@dataclass
class ScoreTally:
    """Counts accumulated over articles (mutable, private to one run)."""

    tp: Counter[float] = field(default_factory=Counter)
    fp: Counter[float] = field(default_factory=Counter)
    fn: Counter[float] = field(default_factory=Counter)
    neutral: Counter[float] = field(default_factory=Counter)
    # Speaker counts by the field names of ``report.SpeakerScore``.
    speaker: Counter[str] = field(default_factory=Counter)
    # Named gold Sources by role, and those recalled (labelled roles only).
    role_named: Counter[str] = field(default_factory=Counter)
    role_recalled: Counter[str] = field(default_factory=Counter)
    gold_named: int = 0
    recalled: int = 0
    gold_direct: int = 0
    recalled_direct: int = 0
    predicted: int = 0
    predicted_matching: int = 0
    # Credits left out of precision because the gold does not annotate them.
    credits_unscored: int = 0
    errors: dict[str, list[tuple[str, int, int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def error(self, kind: str, article: str, text: str, start: int, end: int) -> None:
        snippet = " ".join(text[start:end].split())
        if len(snippet) > 70:
            snippet = snippet[:67] + "..."
        self.errors[kind].append((article, start, end, snippet))


@dataclass(frozen=True)
class _ArticleContext:
    """What every scoring step of one article reads: its stem and text, its
    paragraphs, and the words seen capitalised mid-sentence."""

    stem: str
    text: str
    paragraphs: tuple[Fragment, ...]
    para_starts: tuple[int, ...]
    mid_caps: frozenset[str]
    named: tuple[Person, ...] = ()

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1


def score_article(
    stem: str,
    text: str,
    gold: Sequence[GoldAttribution],
    found_quotes: Sequence[Quote],
    found_sources: Sequence[Source],
    tally: ScoreTally,
) -> None:
    """Score one article's predicted quotes and sources against its gold
    attributions, adding the counts and error cases to ``tally``."""
    paragraphs = paragraph_spans(text)
    mid_caps = midsentence_capitals(text)
    starts = tuple(a for a, _ in paragraphs)
    people = (p for att in gold if att.source for p in gold_persons(text, att.source, mid_caps))
    ctx = _ArticleContext(stem, text, paragraphs, starts, mid_caps, introduced(text, people))
    _score_quotes(ctx, gold, found_quotes, tally)
    _score_sources(ctx, gold, found_sources, tally)


def _score_quotes(
    ctx: _ArticleContext, gold: Sequence[GoldAttribution], found: Sequence[Quote], tally: ScoreTally
) -> None:
    rules = evaluate_rules()
    text = ctx.text
    golds = gold_quotes(text, gold)
    scored = [g for g in golds if g.kind == "double"]
    neutral = [g for g in golds if g.kind != "double"]
    segs = quote_segments(text, found)
    g_spans = [(g.start, g.end) for g in scored]
    p_spans = [(p.start, p.end) for p in segs]
    n_spans = [(g.start, g.end) for g in neutral]
    for threshold in rules.thresholds:
        pairs = match_spans(g_spans, p_spans, threshold)
        matched_p = {pi for _, pi in pairs}
        rest = [pi for pi in range(len(segs)) if pi not in matched_p]
        neutral_pairs = match_spans(n_spans, [p_spans[pi] for pi in rest], threshold)
        tally.tp[threshold] += len(pairs)
        tally.fn[threshold] += len(scored) - len(pairs)
        tally.neutral[threshold] += len(neutral_pairs)
        tally.fp[threshold] += len(rest) - len(neutral_pairs)
        if threshold != rules.primary:
            continue
        neutral_p = {rest[pi] for _, pi in neutral_pairs}
        matched_g = {gi for gi, _ in pairs}
        for gi, g in enumerate(scored):
            if gi not in matched_g:
                kind = _missed_quote_kind(ctx, g, p_spans, matched_p)
                tally.error(kind, ctx.stem, text, g.start, g.end)
        for pi, seg in enumerate(segs):
            if pi not in matched_p and pi not in neutral_p:
                kind = _spurious_quote_kind(ctx, seg, g_spans, {gi for gi, _ in pairs}, gold)
                tally.error(kind, ctx.stem, text, seg.start, seg.end)
        for gi, pi in pairs:
            _score_speaker(ctx, scored[gi], segs[pi], tally)


def _missed_quote_kind(
    ctx: _ArticleContext, g: GoldQuote, p_spans: Sequence[Fragment], used: set[int]
) -> str:
    rules = evaluate_rules()
    touching = [pi for pi, p in enumerate(p_spans) if overlap((g.start, g.end), p) > 0]
    if touching:
        if all(pi in used for pi in touching):
            return "missed quote: merged into a neighbouring quote"
        return "missed quote: boundary mismatch (overlap < threshold)"
    st = g.stretch
    assert st is not None
    if "''" in (st.open, st.close):
        return "missed quote: '' (double apostrophe) marks"
    if not st.close:
        return "missed quote: open at paragraph end (multi-paragraph)"
    if st.continued:
        return "missed quote: last paragraph of a multi-paragraph quote"
    if (
        glyph_direction(st.open) == "close"
        or glyph_direction(st.close) == "open"
        or ((st.open == '"') != (st.close == '"'))
    ):
        return "missed quote: mismatched or misdirected marks"
    if ctx.paragraph(g.start) == 0:
        return "missed quote: in the headline"
    if len(ctx.text[g.start : g.end].split()) <= rules.short_words:
        return f"missed quote: short fragment (<= {rules.short_words} words)"
    family = "straight" if st.open == '"' else "curly"
    return f"missed quote: other ({family} marks)"


def _spurious_quote_kind(
    ctx: _ArticleContext,
    seg: QuoteSegment,
    g_spans: Sequence[Fragment],
    used: set[int],
    gold: Sequence[GoldAttribution],
) -> str:
    rules = evaluate_rules()
    text = ctx.text
    touching = [gi for gi, g in enumerate(g_spans) if overlap(g, (seg.start, seg.end)) > 0]
    if touching:
        if all(gi in used for gi in touching):
            return "spurious quote: part of a gold quote matched elsewhere (split)"
        return "spurious quote: boundary mismatch (overlap < threshold)"
    before = text[max(0, seg.start - 3) : seg.start].rstrip()
    if before.endswith(("'", "\u2018")) and not before.endswith("''"):
        return "spurious quote: single-quoted"
    if _title_like(text, seg.start, seg.end):
        return "spurious quote: title-like (Title Case words)"
    if len(text[seg.start : seg.end].split()) <= rules.short_words:
        return f"spurious quote: scare quote or term (<= {rules.short_words} words)"
    if any(a < seg.end and seg.start < b for att in gold for a, b in att.content):
        return "spurious quote: inside annotated Content, not a gold quotation"
    return "spurious quote: outside any annotated attribution"


def _score_speaker(
    ctx: _ArticleContext, g: GoldQuote, seg: QuoteSegment, tally: ScoreTally
) -> None:
    att = g.attribution
    if att is None or not att.source:
        tally.speaker["no_source"] += 1
        return
    q = seg.quote
    head = name_head(ctx.text, att.source, ctx.mid_caps)
    lenient = False
    if head is None:
        tally.speaker["unnamed_source"] += 1
    else:
        tally.speaker["scored"] += 1
        surnames = source_surnames(ctx.text, att.source, ctx.mid_caps)
        lenient = q.speaker is not None and same_speaker(q.speaker, head, surnames)
        tally.speaker["correct"] += lenient
        if not lenient:
            tally.error(_speaker_error_kind(ctx, g, att, q), ctx.stem, ctx.text, g.start, g.end)
    named = gold_persons(ctx.text, att.source, ctx.mid_caps)
    if not named and att.person is None:
        tally.speaker["described_all"] += 1
        tally.speaker["described_unresolved"] += att.labelled
    people = _gold_people(att, named, ctx.named)
    if not people:
        return  # a description no label resolves: not identifiable here
    tally.speaker["described_all"] += not named
    predicted = person_of_name(q.speaker) if q.speaker is not None else None
    strict = predicted is not None and any(same_person(predicted, p) for p in people)
    tally.speaker["no_speaker"] += q.speaker is None
    if named:
        tally.speaker["strict_scored"] += 1
        tally.speaker["strict_correct"] += strict
    else:
        tally.speaker["described_scored"] += 1
        tally.speaker["described_correct"] += strict
        tally.speaker["described_no_speaker"] += q.speaker is None
    if strict or (named and not lenient and head is not None):
        return  # right, or already listed by the lenient check
    if not named:
        kind = _speaker_error_kind(ctx, g, att, q).replace(":", " (described source):", 1)
    elif predicted is not None and any(predicted.last == p.last for p in people):
        kind = "wrong speaker (strict): same surname, another given name"
    else:
        kind = "wrong speaker (strict): not the gold person's name"
    tally.error(kind, ctx.stem, ctx.text, g.start, g.end)


def _gold_people(
    att: GoldAttribution, named: tuple[Person, ...], introduced_people: tuple[Person, ...]
) -> tuple[Person, ...]:
    """The persons a gold Source may mean under strict scoring: the labelled
    person when there is one, else those the span ``named``, a bare surname
    read as the full name the article introduced (``resolve_surname``)."""
    if att.person is not None:
        labelled = person_of_name(att.person)
        return (labelled,) if labelled is not None else ()
    return tuple(resolve_surname(p, introduced_people) for p in named)


def _speaker_error_kind(ctx: _ArticleContext, g: GoldQuote, att: GoldAttribution, q: Quote) -> str:
    gold_para = ctx.paragraph(att.source[0][0])
    quote_para = ctx.paragraph(g.start)
    if q.speaker is None:
        where = (
            "same paragraph"
            if gold_para == quote_para
            else "earlier paragraph"
            if gold_para < quote_para
            else "later paragraph"
        )
        form = "fragment" if q.fragment else "full quote"
        return f"wrong speaker: none given ({form}, gold source in {where})"
    if q.speaker_start is None:
        return "wrong speaker: other name (no position)"
    if g.start <= q.speaker_start < g.end:
        return "wrong speaker: a name inside the quote"
    speaker_para = ctx.paragraph(q.speaker_start)
    if speaker_para < quote_para and gold_para == quote_para:
        return "wrong speaker: carried from an earlier paragraph"
    if speaker_para == quote_para:
        return "wrong speaker: another name in the same paragraph"
    return "wrong speaker: other name elsewhere"


def _score_sources(
    ctx: _ArticleContext,
    gold: Sequence[GoldAttribution],
    found: Sequence[Source],
    tally: ScoreTally,
) -> None:
    text = ctx.text
    # One gold Source per annotated span (events may share a Source span).
    by_span: dict[tuple[Fragment, ...], GoldAttribution] = {}
    for att in gold:
        if att.source and att.source not in by_span:
            by_span[att.source] = att
    heads = {span: name_head(text, span, ctx.mid_caps) for span in by_span}
    pred_paras = [ctx.paragraph(p.start) for p in found]

    def matches(pi: int, span: tuple[Fragment, ...], head: NameHead | None) -> bool:
        p = found[pi]
        if any(a < p.end and p.start < b for a, b in span):
            return True
        return (
            head is not None
            and pred_paras[pi] == ctx.paragraph(span[0][0])
            and same_name(p.name, head)
        )

    for span in sorted(by_span):
        att, head = by_span[span], heads[span]
        if head is None:
            continue
        direct = _is_direct(text, att)
        tally.gold_named += 1
        tally.gold_direct += direct
        recalled = any(matches(pi, span, head) for pi in range(len(found)))
        if att.role is not None:
            tally.role_named[att.role] += 1
            tally.role_recalled[att.role] += recalled
        if recalled:
            tally.recalled += 1
            tally.recalled_direct += direct
        else:
            tally.error(_missed_source_kind(ctx, att), ctx.stem, text, span[0][0], span[-1][1])
    # A set that labels no roles (PolNeAR) annotates the sources of claims, not
    # the agency credited with the copy ("DALLAS (AP) —"): credits are scored
    # only where the gold labels roles, and so annotates credits.
    labels_roles = any(att.role is not None for att in gold)
    for pi, p in enumerate(found):
        if p.kind not in NAMED_SOURCE_KINDS:
            continue
        if p.how == "credit" and not labels_roles:
            tally.credits_unscored += 1
            continue
        tally.predicted += 1
        if any(matches(pi, span, heads[span]) for span in by_span):
            tally.predicted_matching += 1
        else:
            cue = f"cue '{normalize(p.cue)}'" if p.cue else "no cue"
            tally.error(f"spurious source: {p.kind} ({cue})", ctx.stem, text, p.start, p.end)


def _missed_source_kind(ctx: _ArticleContext, att: GoldAttribution) -> str:
    text = ctx.text
    cue = " ".join(text[a:b] for a, b in att.cue)
    cue_key = normalize(cue)
    around = normalize(text[att.cue[0][0] : att.cue[-1][1] + 40]) if att.cue else ""
    if "according to" in cue_key:
        return "missed source: 'according to'"
    if compiled_pattern(r"\b(told|tell|tells|telling)\b").search(cue_key):
        return "missed source: 'told X'"
    if "statement" in around.split()[:6]:
        return "missed source: 'in a statement'"
    if cue.strip() in (":", "-", "--", "\u2014", "\u2013"):
        return "missed source: colon or dash attribution"
    skip = evaluate_rules().cue_skip
    first = next((w for w in cue_key.split() if w not in skip), cue_key or "none")
    if att.cue and att.cue[-1][1] <= att.source[0][0]:
        return f"missed source: after the cue ('{first}' X)"
    style = "direct quote" if _is_direct(text, att) else "indirect"
    return f"missed source: {style}, cue '{first}'"


def _is_direct(text: str, att: GoldAttribution) -> bool:
    """Whether an attribution's Content holds a double quotation mark."""
    return any(compiled_pattern("[\"\u201c\u201d]|''").search(text[a:b]) for a, b in att.content)
