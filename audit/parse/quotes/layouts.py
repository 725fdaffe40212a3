"""Speakers from an article's layout and from the channels words pass through.

Per quote (``settle``, run on each quote's own attribution):

- A channel is not a speaker: in "“...,” Lavrov said, TASS reported" and
  "Lavrov said the talks were “useful”, TASS reported" the outlet closing the
  sentence passed the words on; the person the sentence's lead-in names with
  a speech verb speaks (the sources stage makes the outlet the quote's
  ``via``). With no such person ("The fund “received ...”, the Post
  reported") the outlet stays the speaker.
- "Interfax quoted Ivan Petrov as saying: “...”": the person quoted speaks.
- Never a speaker: a name inside the quote itself, a label before a colon
  ("Translation:", "Phone:") and a country (unless a person of the article bears it as
  surname: "Israel said" after Rep. Mark Israel is his). The quote is left
  to its neighbours, as if no attribution had been written; after they are
  consulted (``screen``), a never-speaker carried to a quote is dropped, and
  an interviewer ("Daniel Pryce interviewed Maria Ortega") carried to a
  quote without a speech verb gives way to the person interviewed.

Per article (``apply_layouts``, after the quotes' own attributions):

- Transcript labels: a paragraph opening "WALLACE:" (or "Chris Wallace:")
  is the labelled person's; a capitalised surname takes the full name given
  earlier. A quote in it without a named speaker of its own is theirs.
- Q&A: "Q:" lines are the interviewer's, whose quotes get no speaker (never
  the interviewee's); "A:" lines are the interviewee's, the person the
  article names most before its first label.
- Vox-pop lists: "Aisha Bello, trader: “...”", "Tom Reed, Daily Echo: “...”":
  the name opening the paragraph before a comma speaks, not a name in the
  role or outlet after it.
- Key-point bullets: a paragraph ending "X said:" followed by bullet
  paragraphs ("• ...", "- ...") gives X each bullet's quotes.
- Bare lead-ins: a paragraph that only announces what follows
  ("Transcript as follows:") between a quote paragraph and the next gives
  the next the person just quoted (who then goes on through the chain).

Photographers ("Photo: Name", "(Photo by Name)") never reach this stage:
ingest files picture credits as boilerplate. Headings naming a speaker
("Coach Pablo Ruiz" above quote paragraphs) are read by ``direct``'s
carrying of a paragraph's lead to the quotes after it. The word lists are
``quotes.toml``'s ``[layout]``, ``[quoted_as]`` and ``[never]`` tables.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ...rules.people import people_lexicon
from ...rules.quotes import quote_rules
from ...text import fold_word
from .context import ArticleContext, SpeakerRef, Word, word_tokens
from .marks import RawQuote, has_word
from .speakers import NO_ATTRIBUTION, Attribution, attribution_before, sentence_subject
from .speech_cues import DETERMINERS, find_cues


def settle(
    ctx: ArticleContext,
    raw: RawQuote,
    att: Attribution,
    before: tuple[int, Attribution | None],
    channels: dict[int, SpeakerRef],
) -> Attribution:
    """``att`` (the attribution found for ``raw``) with a channel replaced by
    the speaker the lead-in names (``before``: where the lead-in may start and
    the attribution of the paragraph's quote before, as ``attribution_before``
    takes them; the channel is recorded in ``channels`` under the quote's
    opening mark), a "quoted X as saying" resolved, and a never-speaker
    dropped."""
    if att.ref is not None and _channel(ctx, att):
        pre = attribution_before(ctx, raw, *before)
        if (
            pre.ref is not None
            and pre.cue is not None
            and pre.ref.name in ctx.by_name
            and not _never(ctx, raw, pre.ref)
        ):
            channels[raw.open_pos] = att.ref
            att = Attribution(pre.ref, pre.cue, True)
    if att.ref is None and att.cue is not None:
        quoted = _quoted_as(ctx, raw)
        if quoted is not None:
            att = Attribution(quoted, att.cue, True)
    if att.ref is not None and _never(ctx, raw, att.ref):
        return NO_ATTRIBUTION
    if att.ref is not None and att.ref.name not in ctx.by_name:
        # "Israel said" after Rep. Mark Israel: the person, not the country.
        words = [fold_word(w) for w in _word_re().findall(att.ref.name)]
        person = _surname(ctx, words[-1]) if words else None
        if person is not None and all(w in _countries() for w in words):
            return Attribution(SpeakerRef(person, att.ref.start, att.ref.end), att.cue, True)
    return att


def screen(ctx: ArticleContext, raws: list[RawQuote], atts: list[Attribution]) -> None:
    """Drop the never-speakers a neighbour carried to a quote, and give a
    quote carried to an interviewer without a speech verb to the person
    interviewed (in place)."""
    interviewed = _interviews(ctx) if raws else {}
    for i, raw in enumerate(raws):
        ref = atts[i].ref
        guest = interviewed.get(ref.name) if ref is not None and atts[i].cue is None else None
        if guest is not None:
            atts[i] = Attribution(guest, None, True)
            ref = guest
        if ref is not None and _never(ctx, raw, ref):
            atts[i] = Attribution(None, atts[i].cue, True)


def _interviews(ctx: ArticleContext) -> dict[str, SpeakerRef]:
    """ "Daniel Pryce interviewed Maria Ortega": each interviewer's name, with
    the person interviewed (the first named after the verb in its sentence)."""
    out: dict[str, SpeakerRef] = {}
    text = ctx.text
    for m in _interview_re().finditer(text):
        k = m.start()
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        asker = ctx.m_by_end.get(k)
        if asker is None or ctx.in_quote(asker.start):
            continue
        para = ctx.paras[ctx.para_of(m.start())]
        stop = text.find(". ", m.end(), para.end)
        guest = next(
            (
                g
                for g in ctx.iter_mentions_in(m.end(), para.end if stop < 0 else stop)
                if g.name != asker.name
            ),
            None,
        )
        if guest is not None:
            out[asker.name] = SpeakerRef(guest.name, guest.start, guest.end)
    return out


def _channel(ctx: ArticleContext, att: Attribution) -> bool:
    """A channel's cue ("TASS reported") whose subject is no person."""
    assert att.ref is not None
    first = fold_word(att.cue.split()[0]) if att.cue else ""
    return ctx.rules.forms.get(first) in quote_rules().channels and att.ref.name not in ctx.by_name


def _quoted_as(ctx: ArticleContext, raw: RawQuote) -> SpeakerRef | None:
    """ "Interfax quoted Ivan Petrov as saying: “...”": the person between a
    verb of quoting and "as saying", in the sentence before the quote."""
    lo = ctx.sentence_start(raw.para, raw.open_pos)
    for m in _quoted_as_re().finditer(ctx.text, lo, raw.open_pos):
        named = ctx.m_by_end.get(m.end("who"))
        if named is not None and named.start >= m.start("who") and not ctx.in_quote(named.start):
            return SpeakerRef(named.name, named.start, named.end)
    return None


@cache
def _quoted_as_re() -> re.Pattern[str]:
    rules = quote_rules()
    verbs = "|".join(sorted(map(re.escape, rules.quoting_verbs)))
    saying = "|".join(sorted(map(re.escape, rules.saying_forms)))
    return re.compile(
        rf"\b(?:{verbs})\s+(?P<who>[^.;:!?]{{1,80}}?)\s+as\s+(?:{saying})\b", re.IGNORECASE
    )


def _never(ctx: ArticleContext, raw: RawQuote, ref: SpeakerRef) -> bool:
    """A name that is never a quote's speaker: inside the quote, a label or a
    country."""
    if raw.open_pos <= ref.start < raw.end:
        return True
    rules = quote_rules()
    words = [fold_word(w) for w in _word_re().findall(ref.name)]
    if not words or all(w in rules.never_labels for w in words):
        return True
    # "Kenya:", but not "Israel said" after Rep. Steve Israel.
    return all(w in _countries() for w in words) and _surname(ctx, words[-1]) is None


def _surname(ctx: ArticleContext, word: str) -> str | None:
    """The person of the article whose surname is ``word`` (folded), if any."""
    return next((n for n in ctx.by_name if fold_word(n.split()[-1]) == word), None)


@cache
def _interview_re() -> re.Pattern[str]:
    verbs = "|".join(sorted(map(re.escape, quote_rules().interview_verbs)))
    return re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE)


@cache
def _countries() -> frozenset[str]:
    return people_lexicon().never.countries


@cache
def _word_re() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_][\w'’.\-]*")


# --------------------------------------------------------------------------- layouts


def apply_layouts(ctx: ArticleContext, raws: list[RawQuote], atts: list[Attribution]) -> None:
    """Speakers from labelled lines (transcripts, Q&A, vox-pop lists) and
    bullets under an attribution, for quotes with no named speaker of their
    own (in place)."""
    labels = _labels(ctx)
    bullets = _bullet_leads(ctx)
    lead_ins = _bare_lead_ins(ctx)
    latest: SpeakerRef | None = None  # the latest quote's speaker, and its paragraph
    latest_para = -2
    for i, raw in enumerate(raws):
        if raw.para in bullets:
            if atts[i].cue is None:
                # No speech verb of its own: a topic before a colon ("- Fitness:")
                # is no speaker.
                atts[i] = Attribution(bullets[raw.para], None, True)
        elif raw.para in labels and not _own(ctx, raw, atts[i]):
            ref = labels[raw.para]
            if ref is _CARRY:
                # "Translation: “...”" under a quote: the words of its speaker.
                ref = latest if latest_para >= raw.para - 1 else None
                if ref is None and raw.para > 0:
                    ref = sentence_subject(ctx, raw.para - 1, ctx.paras[raw.para - 1].end)
            atts[i] = Attribution(ref, atts[i].cue, True)
        elif (
            raw.para - 1 in lead_ins
            and latest_para == raw.para - 2
            and latest is not None
            and latest.name in ctx.by_name
            and atts[i] == NO_ATTRIBUTION
            and not has_word(ctx.text, ctx.paras[raw.para].start, raw.open_pos)
        ):
            # "Transcript as follows:" between two quote paragraphs: the
            # words of the person just quoted go on.
            atts[i] = Attribution(latest, None, True)
        if atts[i].ref is not None:
            latest, latest_para = atts[i].ref, raw.para


def _bare_lead_ins(ctx: ArticleContext) -> frozenset[int]:
    """Paragraphs that only announce what follows ("Transcript as follows:",
    "Excerpts:"): a few words ending in a colon, with no quote, no name, no
    pronoun or role, no subject opening on a determiner and no speech or
    past-tense verb (those give the lead-in a speaker of its own)."""
    text = ctx.text
    limit = quote_rules().label_words
    out = set()
    for n, para in enumerate(ctx.paras):
        body = text[para.start : para.end].rstrip()
        if not body.endswith(":") or ctx.mentions_in(para.start, para.end):
            continue
        words = [w for w in word_tokens(text, para.start, para.end) if w.key != ":"]
        if (
            0 < len(words) <= limit
            and words[0].key not in DETERMINERS  # "The crowd chants:" has a subject
            and not any(ctx.in_quote(w.start) for w in words)
            and not any(_names_someone(ctx, w) for w in words)
            and next(find_cues(ctx, words), None) is None
        ):
            out.add(n)
    return frozenset(out)


def _names_someone(ctx: ArticleContext, w: Word) -> bool:
    """A word of a lead-in that may give it a speaker of its own: a pronoun
    ("his", "she"), a role noun ("Her rival disagreed:") or a past-tense
    verb ("The crowd chanted:")."""
    key = w.key
    return (
        key in ctx.rules.pronouns
        or key in _POSSESSIVES
        or key in ctx.rules.roles
        or key in ctx.rules.past_forms
        or (len(key) > 4 and key.endswith("ed"))
    )


_POSSESSIVES = frozenset(["his", "her", "their", "its", "our", "my"])


def _own(ctx: ArticleContext, raw: RawQuote, att: Attribution) -> bool:
    """A person named in the quote's own paragraph after its label ("FALLIN:
    Trump said “...”" is Trump's), not one carried from elsewhere or read
    from the label itself."""
    ref = att.ref
    return (
        ref is not None
        and ctx.names_person(ref)
        and _label_end(ctx, raw.para) <= ref.start < ctx.paras[raw.para].end
    )


def _label_end(ctx: ArticleContext, para: int) -> int:
    m = _label_re().match(ctx.text, ctx.paras[para].start, ctx.paras[para].end)
    return m.end() if m else ctx.paras[para].start


@cache
def _label_re() -> re.Pattern[str]:
    # A label of a few words before a colon opening a paragraph ("WALLACE:",
    # "Q:", "Aisha Bello, trader:"), what follows on the same line.
    return re.compile(r"\s*(?P<label>[^\W\d_][^:\n]{0,60}?)\s*:[ \t]+(?=\S)")


def _labels(ctx: ArticleContext) -> dict[int, SpeakerRef | None]:
    """Each labelled paragraph's speaker: the person of a transcript or
    vox-pop label, the interviewee for "A:", None for "Q:" (the
    interviewer). Bare capitalised labels count only in a transcript (two
    or more such paragraphs)."""
    rules = quote_rules()
    text = ctx.text
    found: dict[int, tuple[str, re.Match[str]]] = {}
    for n, para in enumerate(ctx.paras):
        m = _label_re().match(text, para.start, para.end)
        if m is None or ctx.in_quote(m.start("label")):
            continue
        label = m.group("label")
        key = fold_word(label.strip())
        if key in rules.never_labels:
            found[n] = ("carry", m)
        elif key in rules.question_labels:
            found[n] = ("q", m)
        elif key in rules.answer_labels:
            found[n] = ("a", m)
        elif len(label.split()) <= rules.label_words:
            found[n] = ("name", m)
    if not found:
        return {}
    first = min(found)
    out: dict[int, SpeakerRef | None] = {}
    caps = [n for n, (kind, m) in found.items() if kind == "name" and _caps(m.group("label"))]
    interviewee: SpeakerRef | None | bool = False
    for n, (kind, m) in sorted(found.items()):
        if kind == "q":
            out[n] = None
        elif kind == "carry":
            out[n] = _CARRY
        elif kind == "a":
            if interviewee is False:
                interviewee = _most_named(ctx, ctx.paras[first].start)
            out[n] = interviewee if isinstance(interviewee, SpeakerRef) else None
        else:
            ref = _label_person(ctx, m, transcript=len(caps) >= 2)
            if ref is not None:
                out[n] = ref
    return out


# A label that names no one ("Translation:"): the quote's speaker is carried
# from the quote before it.
_CARRY = SpeakerRef("", -1, -1)


def _caps(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _label_person(ctx: ArticleContext, m: re.Match[str], *, transcript: bool) -> SpeakerRef | None:
    """The person a label names: a mention opening it ("Aisha Bello, trader",
    "Chris Wallace"), else in a transcript a capitalised surname
    ("WALLACE") resolved to the latest full name with that surname."""
    rules = quote_rules()
    lo, hi = m.span("label")
    words = word_tokens(ctx.text, lo, hi)
    if not words or any(w.key in rules.never_labels for w in words):
        return None
    named = ctx.mention_at(words[0].start)
    if named is not None and named.end <= hi:
        rest = word_tokens(ctx.text, named.end, hi)
        # "Aisha Bello, trader": the name, then a comma and a role or outlet.
        if not rest or rest[0].key == ",":
            return SpeakerRef(named.name, named.start, named.end)
        return None
    if not (transcript and _caps(m.group("label")) and len(words) <= 3):
        return None
    surname = words[-1].key
    best = None
    for known in ctx.mentions:
        if known.start >= lo:
            break
        if fold_word(known.name.split()[-1]) == surname and not ctx.in_quote(known.start):
            best = known
    if best is not None:
        return SpeakerRef(best.name, lo, hi)
    return SpeakerRef(" ".join(w.capitalize() for w in m.group("label").split()), lo, hi)


def _most_named(ctx: ArticleContext, hi: int) -> SpeakerRef | None:
    """The person named most often (outside quotes) before ``hi``, the
    earliest named on a tie, at their latest mention there: whom an
    interview's lead introduces."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    latest: dict[str, tuple[int, int]] = {}
    for m in ctx.mentions:
        if m.start >= hi:
            break
        if ctx.in_quote(m.start):
            continue
        counts[m.name] += 1
        first.setdefault(m.name, m.start)
        latest[m.name] = (m.start, m.end)
    if not counts:
        return None
    name = min(counts, key=lambda k: (-counts[k], first[k]))
    return SpeakerRef(name, *latest[name])


def _bullet_leads(ctx: ArticleContext) -> dict[int, SpeakerRef]:
    """Bullet paragraphs under a paragraph ending in "X said:", each with X."""
    text = ctx.text
    bullets = quote_rules().bullets
    out: dict[int, SpeakerRef] = {}
    lead: SpeakerRef | None = None
    for n, para in enumerate(ctx.paras):
        body = text[para.start : para.end].strip()
        if lead is not None and body[:1] in bullets:
            out[n] = lead
            continue
        lead = None
        if body.endswith(":"):
            fake = RawQuote(n, para.end, para.end, para.end, para.end)
            att = attribution_before(ctx, fake, 0)
            if att.ref is not None and att.ref.name in ctx.by_name:
                lead = att.ref
    return out
