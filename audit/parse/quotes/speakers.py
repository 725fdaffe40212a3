"""Speaker attribution of one direct quote, from the words around it.

After the quote: a speech verb ("..., Peskov said" / "said Peskov" / "he
added" / "..., Blunt, after a pause, said"), a dash ("— Dmitry Peskov"), or
any past-tense verb when the quote's sentence goes on ("“...,” Trump
barked"). Before it: the lead-in ("Peskov said:" / "X confirmed that ... was
“...”" / "According to X, ..." / "X shot back, “...”"), a name and a colon,
or the sentence's named subject. A cue inside an opening subordinate clause
("After X criticized Y, Z said") is not the quote's, and a verb sharing its
sentence's subject ("and said", ", adding that") takes that subject.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from ...text import fold_word
from .attribution_rules import attribution_rules
from .context import ArticleContext, PersonMention, SpeakerRef, Word, word_tokens
from .marks import ALL_MARKS, RawQuote, sentence_opening
from .speech_cues import DETERMINERS, Cue, find_cues, is_passive
from .subjects import (
    ORG_GLUE,
    before_cue,
    is_adverb,
    lead_word,
    organisation_ref,
    shares_subject,
    subject_after,
    subject_before,
)


@dataclass(frozen=True)
class Attribution:
    """Who a quote's attribution names, and with which cue."""

    ref: SpeakerRef | None
    cue: str | None
    found: bool  # an attribution was written (even to a non-person)


# No attribution written: a neighbour's speaker may be carried to the quote.
NO_ATTRIBUTION = Attribution(None, None, False)


def attribution_after(ctx: ArticleContext, raw: RawQuote, next_open: int) -> Attribution:
    """The attribution written after ``raw``, before ``next_open`` (the next
    quote of its paragraph): "..., Peskov said" / "said Peskov" / "he added" /
    "— Dmitry Peskov"."""
    if raw.close_pos is None:
        return NO_ATTRIBUTION
    text = ctx.text
    lo = raw.close_pos + 1
    hi = min(next_open, ctx.paras[raw.para].end, lo + 200)
    into_next = hi == next_open
    hi = _clause_end(text, lo, hi)
    into_next = into_next and hi == next_open
    if hi == lo:
        return NO_ATTRIBUTION
    words = word_tokens(text, lo, hi)
    if not words:
        return NO_ATTRIBUTION
    first = 0
    dash = False
    while first < len(words) and words[first].key in (",", "—", "–", "-"):
        dash = dash or words[first].key in ("—", "–", "-")
        first += 1
    words = words[first:]
    if not words:
        return NO_ATTRIBUTION
    # “... liar.” Carly Fiorina said ...: after a full stop a new sentence starts,
    # which only a bare "Name said." still attributes to the quote. (A "?" or
    # "!" inside the marks is often followed by the attribution: “Why?” he asked.)
    new_sentence = (
        text[raw.start : raw.end].rstrip(ALL_MARKS)[-1:] in (".", "…")
        and text[raw.close_pos + 1 : raw.close_pos + 2] != ","
        and words[0].cap
    )
    # A question or exclamation closing the quote, a name (not a pronoun)
    # after it, and a next quote opening on a capital.
    asked = (
        into_next
        and text[raw.start : raw.end].rstrip(ALL_MARKS)[-1:] in ("?", "!")
        and words[0].cap
        and words[0].key not in ctx.rules.pronouns
        and text[next_open + 1 : next_open + 2].isupper()
    )
    for cue in find_cues(ctx, words):
        prefix = words[: cue.index]
        strict = cue.index <= 8 and all(_subject_word(ctx, w) for w in prefix)
        immediate = (
            strict
            or (cue.index <= 20 and _apposition_prefix(ctx, prefix))
            or _named_prefix(ctx, prefix)
            or _described_prefix(ctx, prefix)
        )
        if _colon_re().fullmatch(text, words[cue.last].end, next_open):
            break  # "Trump said: “...”" introduces the next quote, not this one
        if asked and _comma_re().fullmatch(text, words[cue.last].end, next_open):
            # "“Why now?” Mills then writes back, “You look cute.”": a new
            # sentence whose verb introduces the next quote.
            break
        if not immediate and cue.index > 0 and words[cue.index - 1].key == ",":
            # "“...” if she lost, said David Wasserman, an analyst": an inverted
            # attribution closing the sentence.
            inverted = subject_after(ctx, words, cue)
            if isinstance(inverted, SpeakerRef):
                return Attribution(inverted, cue.text, True)
        if new_sentence:
            # Only a bare "Name said." closing the sentence: not "Rubio called
            # the plan “...”", whose verb leads into the next quote.
            if not strict or len(words) - cue.last - 1 > 3 or into_next:
                break
        elif not (immediate or _closing_attribution(ctx, words, cue)):
            continue
        if is_passive(ctx, words, cue):
            break
        ref: SpeakerRef | None | bool = False
        if cue.index == 0 or words[cue.index - 1].key == ",":
            ref = subject_after(ctx, words, cue)  # "..., said Steve Elmendorf"
        if ref is False:
            ref = subject_before(ctx, words, cue, lo)
        if ref is False:
            ref = subject_after(ctx, words, cue)
        # ", adding that ...": a cue without a subject leaves the quote to its lead-in.
        return Attribution(ref if isinstance(ref, SpeakerRef) else None, cue.text, ref is not False)
    if dash and words and sentence_opening(text, ctx.paras[raw.para].start, raw.open_pos):
        # "“...” — Dmitry Peskov"; not a byline after a sentence's last fragment.
        m = ctx.mention_at(words[0].start)
        if m is not None:
            return Attribution(SpeakerRef(m.name, m.start, m.end), None, True)
    if not new_sentence:
        ref = _verb_attribution(ctx, raw, words)
        if ref is not None:
            return Attribution(ref, None, True)
    # A speech verb we could not tie to a speaker: the quote is attributed, so
    # no neighbour's speaker may be carried to it (unless it is a new sentence's).
    first_cue = None if new_sentence else next(find_cues(ctx, words), None)
    return Attribution(None, first_cue.text, False) if first_cue else NO_ATTRIBUTION


def _verb_attribution(ctx: ArticleContext, raw: RawQuote, words: list[Word]) -> SpeakerRef | None:
    """ "“...,” Trump barked", "“...?” an angry Hollande retaliated", "“...!”
    beamed Donald Hartley": a quote whose sentence goes on after a comma, "?"
    or "!" inside its marks, followed by a name (or pronoun) and a past-tense
    verb that is not in the cue list, in either order."""
    text = ctx.text
    assert raw.close_pos is not None
    after_close = text[raw.close_pos + 1 : raw.close_pos + 2]
    if text[raw.close_pos - 1] not in ",?!—–" and after_close != ",":
        return None
    # The quote opens its sentence ("When X said “...,” Clinton seized on it" is
    # a clause inside another sentence).
    if not sentence_opening(text, ctx.paras[raw.para].start, raw.open_pos):
        return None
    rules = ctx.rules
    i = 0
    while i < min(3, len(words)) and (
        words[i].key in DETERMINERS or (not words[i].cap and _modifier_like(ctx, words[i]))
    ):
        i += 1  # "an angry Hollande"
    if i < len(words):
        w = words[i]
        if w.key in rules.pronouns and i == 0:
            if i + 1 < len(words) and _past_like(ctx, words[i + 1]):
                return ctx.resolve_pronoun(w.start, w.end)
            return None
        m = ctx.mention_at(w.start)
        if m is not None and not ctx.in_quote(m.start):
            j = i
            while j < len(words) and words[j].start < m.end:
                j += 1
            if j < len(words) and _past_like(ctx, words[j]):
                return SpeakerRef(m.name, m.start, m.end)
    if words and _past_like(ctx, words[0]):
        for j in range(1, min(6, len(words))):
            m = ctx.mention_at(words[j].start)
            if m is not None:
                return SpeakerRef(m.name, m.start, m.end) if not ctx.in_quote(m.start) else None
            if not lead_word(ctx, words[j]):
                break
    return None


def _verb_lead(ctx: ArticleContext, words: list[Word], lead: str) -> SpeakerRef | None:
    """ "Hillary Clinton cracked, “...”", "Rubio fired back forcefully: “...”": a
    name and a past-tense verb (with its particle or adverb) right before the
    comma or colon that opens the quote."""
    if not lead.rstrip().endswith((",", ":")):
        return None
    k = len(words) - 1
    while k >= 0 and words[k].key in (",", ":"):
        k -= 1
    while k >= 0 and (is_adverb(words[k]) or words[k].key in _VERB_PARTICLES):
        k -= 1
    if k < 1 or not _past_like(ctx, words[k]):
        return None
    k -= 1
    while k >= 0 and (words[k].key in ctx.rules.between or is_adverb(words[k])):
        k -= 1
    m = ctx.m_by_end.get(words[k].end) if k >= 0 else None
    if m is None or ctx.in_quote(m.start) or ctx.object_like(m):
        return None
    return SpeakerRef(m.name, m.start, m.end)


# Particles of phrasal verbs ("shot back", "spoke up").
_VERB_PARTICLES = frozenset(["back", "up", "out", "in", "on", "off"])


def _past_like(ctx: ArticleContext, w: Word) -> bool:
    """A lower-case past-tense verb form: "-ed" or a listed irregular one."""
    key = w.key
    return not w.cap and (
        (len(key) > 4 and key.endswith("ed") and key.isalpha()) or key in ctx.rules.past_forms
    )


def _modifier_like(ctx: ArticleContext, w: Word) -> bool:
    """A lower-case word that may qualify a name before it ("angry", "visibly")."""
    return (
        w.key.isalpha()
        and w.key not in ctx.rules.function_words
        and w.key not in ctx.rules.forms
        and not _past_like(ctx, w)
    )


def _named_prefix(ctx: ArticleContext, prefix: list[Word]) -> bool:
    """ "Fight for $15 organizing director Kendall Fells told": a short phrase
    ending in a name right before the verb, with no clause break inside."""
    k = len(prefix) - 1
    while k >= 0 and prefix[k].key in ctx.rules.between:
        k -= 1
    comma = k > 0 and prefix[k].key == ","
    if comma:
        k -= 1  # "the assailant, John McGraw, told"
    if not 0 <= k < 10 or prefix[0].key in ctx.rules.prepositions:
        return False
    m = ctx.m_by_end.get(prefix[k].end)
    if m is None:
        # "Jeffrey Lewis of the James Martin Center for Nonproliferation
        # Studies wrote": a name, then an "of"/"at" phrase of capitalised words.
        j = k
        while j > 0 and (prefix[j].cap or prefix[j].key in ORG_GLUE or prefix[j].key == "the"):
            if prefix[j].key in ("of", "at", "from") and j < k:
                m = ctx.m_by_end.get(prefix[j - 1].end)
                k = j - 1
                break
            j -= 1
    # "one of the prosecutors for David Petraeus said": a name after a preposition
    # is not it; "... links while Sanders suggests": nor one in a new clause. A
    # clause may open the phrase when the name is the verb's subject: "as Cruz
    # said", "which Mozloom thinks" (not "who worked with Trump, said").
    # ("..., though, Allen said": an adverb set off by commas opens it too.)
    opener = (
        prefix[0].key == "as"
        or (prefix[0].key == "which" and not comma)
        or (len(prefix) > 1 and prefix[1].key == ",")
    )
    return (
        m is not None
        and not ctx.object_like(m, coordinated=False)
        and not any(w.key in (";", ":") or w.key in ctx.rules.forms for w in prefix[:k])
        and not any(
            w.key in _CLAUSE_WORDS and not _joins_names(ctx, prefix, n)
            for n, w in enumerate(prefix[opener:k], start=opener)
        )
    )


def _described_prefix(ctx: ArticleContext, prefix: list[Word]) -> bool:
    """ "the billionaire business mogul told": a definite description, a
    determiner, a few plain words and a role noun, right before the verb."""
    return (
        2 <= len(prefix) <= 6
        and prefix[0].key in DETERMINERS
        and prefix[0].key not in ("a", "an")  # "a campaign aide said": someone new
        and prefix[-1].key in ctx.rules.roles
        and all(
            w.key.replace("-", "").isalpha()
            and w.key not in ctx.rules.forms
            and w.key not in ctx.rules.function_words
            for w in prefix[1:]
        )
    )


def _joins_names(ctx: ArticleContext, words: list[Word], n: int) -> bool:
    """ "Cummings and Conyers wrote": an "and" between two names joins the
    subjects of one verb; it opens no new clause."""
    return (
        words[n].key == "and"
        and 0 < n < len(words) - 1
        and words[n - 1].end in ctx.m_by_end
        and ctx.mention_at(words[n + 1].start) is not None
    )


# Words that open a new clause: a name after them is not the subject of the
# phrase before them.
_CLAUSE_WORDS = frozenset(
    [
        "while",
        "when",
        "whereas",
        "although",
        "though",
        "because",
        "since",
        "until",
        "unless",
        "if",
        "after",
        "before",
        "as",
        "but",
        "and",
        "who",
        "which",
        "that",
    ]
)


def _closing_attribution(ctx: ArticleContext, words: list[Word], cue: Cue) -> bool:
    """ "The FBI made a "mistake" in the check, Comey has said.": the speaker and
    verb close the sentence after a comma."""
    if len(words) - cue.last - 1 > 3:
        return False
    k = cue.index - 1
    while k >= 0 and words[k].key != ",":
        k -= 1
    between = words[k + 1 : cue.index]
    return (
        k >= 0
        and bool(between)
        and all(_subject_word(ctx, w) for w in between)
        and any(w.key in ctx.rules.pronouns or ctx.m_by_end.get(w.end) for w in between)
    )


def _apposition_prefix(ctx: ArticleContext, prefix: list[Word]) -> bool:
    """ "Trump, the 2016 GOP frontrunner, said": a name, an apposition, the verb."""
    commas = [k for k, w in enumerate(prefix) if w.key == ","]
    if not commas or commas[0] == 0:
        return False
    head, tail = prefix[: commas[0]], prefix[commas[-1] + 1 :]
    if len(commas) == 1:
        # "Nate Silver, the polling guru who founded it tweeted": no closing comma.
        if commas[0] + 1 >= len(prefix) or prefix[commas[0] + 1].key not in (
            "who",
            "the",
            "a",
            "an",
        ):
            return False
        tail = []
    # The head is a person, or a short organisation name ("Xinhua, the
    # official news agency, wrote").
    named = ctx.m_by_end.get(head[-1].end) is not None or (
        len(head) <= 5 and organisation_ref(ctx, head, 0, len(head)) is not None
    )
    return (
        named
        and all(_subject_word(ctx, w) for w in head)
        and all(w.key in ctx.rules.between for w in tail)
    )


@cache
def _clause_end_re() -> re.Pattern[str]:
    # A stop before white space, a closing mark or the end, or a semicolon;
    # one leading character class lets the engine skip to candidates (see
    # ``text._sentence_end_re``).
    return re.compile(r"[.!?;](?:(?<=;)|(?=[\s\"'”’]|$))")


def _clause_end(text: str, lo: int, hi: int) -> int:
    """The end of the sentence or clause starting at ``lo`` (at most ``hi``):
    a stop after an abbreviation or initial ("Mr. Hof") does not count."""
    for m in _clause_end_re().finditer(text, lo, hi):
        if m.group() == "." and _abbreviation_before(text, m.start()):
            continue
        return m.start()
    return hi


def _subject_word(ctx: ArticleContext, w: Word) -> bool:
    """Words that may stand between a quote and its speech verb."""
    return (
        w.cap
        or w.key[:1].isdigit()
        or w.key in ctx.rules.between
        or w.key in ctx.rules.pronouns
        or w.key in ctx.rules.roles
        or w.key in ctx.rules.modifiers  # "the presumptive nominee", "the minority leader"
        or w.key in DETERMINERS
        or w.key in (",", "—", "–", "-")
        or ctx.mention_at(w.start) is not None
        or fold_word(w.key) in _TITLE_GLUE
        or w.key in ctx.rules.documents  # "a release from the Health Ministry said"
        or w.key == "from"
    )


_TITLE_GLUE = frozenset(
    ["of", "for", "to", "deputy", "foreign", "former", "senior", "chief", "special"]
)


def attribution_before(
    ctx: ArticleContext, raw: RawQuote, prev_close: int, prev: Attribution | None = None
) -> Attribution:
    """The lead-in of ``raw``, after ``prev_close`` (the end of the paragraph's
    previous quote, whose attribution is ``prev``): "Peskov said:", "Peskov:
    ...", "X confirmed that ... was "...""."""
    text = ctx.text
    para = ctx.paras[raw.para]
    hi = raw.open_pos
    lo = max(para.start, prev_close, hi - 400)
    # Start after the last sentence end before the quote.
    # endpos hi + 1: the look-ahead must see the quote mark itself.
    for m in _sentence_end_re().finditer(text, lo, hi + 1):
        if not _abbreviation_before(text, m.start()):
            lo = m.end()
    words = word_tokens(text, lo, hi)
    if not words:
        return NO_ATTRIBUTION
    named = _colon_name(ctx, words, text[lo:hi])
    if named is not None:
        return Attribution(named, None, True)
    # "After Brown criticized Clinton, Hillary shot back, “...”": a cue inside
    # an opening subordinate clause that ends before the quote is not its cue.
    clause_end = lo
    if _opens_subordinate(words[0]):
        main = _main_clause_re().search(text, lo, hi)
        clause_end = main.start() if main else lo
    fallback: Attribution | None = None
    weak: Attribution | None = None
    shared = False
    shared_cue: str | None = None
    for cue in reversed(list(find_cues(ctx, words))):
        if words[cue.index].start < clause_end:
            break
        if is_passive(ctx, words, cue):
            ref = _by_agent(ctx, words, cue)
            if ref is not None:
                return Attribution(ref, cue.text, True)
            # "that was reported in a "hit piece"": no agent, so the sentence's
            # earlier quote or subject decides, if any.
            if prev is not None and prev.ref is not None and lo == prev_close:
                return Attribution(prev.ref, None, True)
            continue
        if cue.lemma == "according_to":
            ref_after = subject_after(ctx, words, cue)
            if isinstance(ref_after, SpeakerRef):
                return Attribution(ref_after, cue.text, True)
            if fallback is None:
                fallback = Attribution(None, cue.text, True)
            continue
        subject = subject_before(ctx, words, cue, lo)
        sharing = subject is False and shares_subject(words, cue, before_cue(ctx, words, cue))
        inverted = subject is None and cue.index > 0 and words[cue.index - 1].key == ","
        if (subject is False and not sharing) or inverted:
            # "Because of the schedule, explained Rosenberg, “...”": after a
            # comma a verb may come before its subject.
            # "Said Trump: ...": an inverted subject. Not after "and said
            # Trump had ...", where the name opens the reported clause.
            after = subject_after(ctx, words, cue)
            subject = after if not inverted or isinstance(after, SpeakerRef) else subject
        if isinstance(subject, SpeakerRef) and cue.lemma in ctx.rules.evidence and weak is None:
            # "Westmacott said that Obama shows “great charm”": a verb of
            # evidence inside a reported clause; the reporting verb's subject
            # speaks, if the window has one.
            weak = Attribution(subject, shared_cue or cue.text, True)
            continue
        if isinstance(subject, SpeakerRef) and not (
            shared and not ctx.names_person(subject) and not words[cue.index].key.endswith("ed")
        ):
            # After a shared verb an earlier cue needs a person subject, or an
            # unmistakable verb form: "The Times reported ..., noting", but
            # not "a Twitter comment, saying" or "a TV show, adding".
            return Attribution(subject, shared_cue or cue.text, True)
        if subject is False:
            if prev is not None and prev.ref is not None and lo == prev_close:
                # "..." adding that this "...": the earlier quote's speaker goes on.
                return Attribution(prev.ref, cue.text, True)
            if sharing and not shared:
                # "X said ..., adding that “...”": the earlier verb's subject,
                # if the window has one, else the sentence's.
                shared, shared_cue = True, cue.text
                continue
            ref = sentence_subject(ctx, raw.para, hi) or _opening_organisation(ctx, raw.para, hi)
            if ref is not None:
                return Attribution(ref, shared_cue or cue.text, True)
        if fallback is None:
            fallback = Attribution(None, shared_cue or cue.text, True)
    if weak is not None:
        return weak
    if shared or (fallback is not None and text[lo:hi].rstrip().endswith(":")):
        # "Sanders delivered a snappy retort: “...”": a lead-in whose cue found
        # no subject of its own; the sentence's named subject speaks.
        ref = sentence_subject(ctx, raw.para, hi) or _opening_organisation(ctx, raw.para, hi)
        if ref is not None:
            return Attribution(ref, shared_cue or (fallback.cue if fallback else None), True)
    # "The council issued a statement Monday, saying the plan was “...”": a
    # document its issuer put out, named in the lead-in, speaks for them.
    issuer = ctx.document_issuer(hi, lo)
    if issuer is not None:
        return Attribution(issuer, fallback.cue if fallback else None, True)
    if fallback is not None:
        ref = _opening_organisation(ctx, raw.para, hi)
        return fallback if ref is None else Attribution(ref, fallback.cue, True)
    ref = _verb_lead(ctx, words, text[lo:hi])
    if ref is not None:
        return Attribution(ref, None, True)
    # "... doesn't surprise pollster Daron Shaw: “...”": a name before the colon.
    if text[lo:hi].rstrip().endswith(":"):
        last = words[-1] if words[-1].key != ":" else (words[-2] if len(words) > 1 else None)
        before_colon = ctx.m_by_end.get(last.end) if last is not None else None
        # "a blunt message to Ana Ruiz:" is addressed to her, not said by her
        # ("More from Jones:" is his).
        if before_colon is not None and not _addressee(ctx, before_colon):
            ref = SpeakerRef(before_colon.name, before_colon.start, before_colon.end)
            return Attribution(ref, None, True)
    # "Sanders has pushed his promise of "free college"": no speech verb, but
    # the sentence is about what its named subject says or does.
    ref = sentence_subject(ctx, raw.para, hi)
    if ref is not None:
        return Attribution(ref, None, True)
    return NO_ATTRIBUTION


def _addressee(ctx: ArticleContext, m: PersonMention) -> bool:
    """A name after a preposition other than "from" or "by" ("a message to X")."""
    before = ctx.text[max(0, m.lead - 6) : m.lead].split()
    return ctx.object_like(m, coordinated=False) and before[-1:] not in (["from"], ["by"])


def _colon_name(ctx: ArticleContext, words: list[Word], lead: str) -> SpeakerRef | None:
    """ "Peskov: “...”", "Pollsters agree - Carl Bialik: “...”": a name and a
    colon right before the quote name its speaker, whatever came before."""
    if not lead.rstrip().endswith(":"):
        return None
    k = len(words) - 1 if words[-1].key != ":" else len(words) - 2
    named = ctx.m_by_end.get(words[k].end) if k >= 0 else None
    if named is None or ctx.in_quote(named.start):
        return None
    # The name is a segment of its own: only titles and capitals before it back
    # to a comma or dash ("said of Mr. Rubio:" names the topic, not a speaker).
    j = k
    while j > 0 and words[j - 1].start >= named.lead:
        j -= 1
    while j > 0 and words[j - 1].key not in (",", "—", "–", "-", ";"):
        if not lead_word(ctx, words[j - 1]) or words[j - 1].key in ctx.rules.function_words:
            return None
        j -= 1
    return SpeakerRef(named.name, named.start, named.end)


def sentence_subject(ctx: ArticleContext, para: int, pos: int) -> SpeakerRef | None:
    """The person named as the grammatical subject of the sentence holding
    ``pos``, before ``pos``: a name that only titles, capitalised words or an
    introductory phrase ending in a comma precede."""
    text = ctx.text
    lo = ctx.sentence_start(para, pos)
    first = word_tokens(text, lo, min(pos, lo + 20))
    if first and first[0].key in ctx.rules.pronouns:
        return ctx.resolve_pronoun(first[0].start, first[0].end)  # "He has directed "...""
    # "After Brown criticized Clinton, Hillary shot back": a sentence opening with
    # a subordinate clause has its subject after the clause's comma, unless
    # the quote is still inside the clause ("When Trump wrapped up — “...”").
    subordinate = bool(first) and _opens_subordinate(first[0])
    index = ctx.subject_index(_main_clause_re())
    candidates = index.between(lo, pos)

    def kept(m: PersonMention) -> bool:
        # A name of the opening clause (no comma before it) is passed over
        # when the main clause names its own subject after a comma: a main
        # clause opens after the name, or a later candidate stands after a comma.
        if index.last_comma(lo, m.start) != -1:
            return True
        comma = index.first_comma(m.end, pos)
        later = comma != -1 and index.lead_reach(candidates, pos) > comma
        return not (index.main_clause_in(m.end, pos) or later)

    # Only a sentence opening with a subordinate clause may pass over a
    # candidate, and the first candidate kept decides. Those passed over come
    # first when the candidates end in order (the test holding for a name
    # holds for any earlier one): a bisection, not a walk over a long
    # sentence's names for each of its quotes.
    if not subordinate:
        n = 0
    elif index.ends_sorted:
        n = bisect_left(candidates, True, key=kept)
    else:
        n = next((i for i, m in enumerate(candidates) if kept(m)), len(candidates))
    for m in candidates[n : n + 1]:
        cut = index.last_comma(lo, m.start)
        lead = word_tokens(text, lo if cut == -1 else cut + 1, m.start)
        if subordinate and cut == -1:
            lead = lead[1:]
        if not all(lead_word(ctx, w) for w in lead):
            return None
        after = word_tokens(text, m.end, min(pos, m.end + 40))
        # "Clinton and Sanders", "Friends of X": the name is not the subject;
        # "Senator Ted Cruz of Texas" is.
        if after and (
            after[0].key in ("and", "or")
            or (after[0].key == "of" and not (len(after) > 1 and after[1].cap))
        ):
            return None
        return SpeakerRef(m.name, m.start, m.end)
    if candidates:
        return None
    # "On the health care page, she vows to “...”", "The Florida senator
    # sought ..., saying ...": no one named before ``pos``, but a pronoun or a
    # definite role stands for the subject.
    return ctx.described_subject(para, lo, pos)


def _opening_organisation(ctx: ArticleContext, para: int, pos: int) -> SpeakerRef | None:
    """ "The State Department less than two weeks ago said that “...”": an
    organisation's name opening the sentence holding ``pos`` ("The" and a
    capitalised name, or two capitalised words or more), with no person
    named before ``pos``: the subject of the sentence's speech verb."""
    text = ctx.text
    lo = ctx.sentence_start(para, pos)
    if any(not ctx.in_quote(m.start) for m in ctx.mentions_in(lo, pos)):
        return None
    words = word_tokens(text, lo, min(pos, lo + 200))
    start = 1 if words and words[0].key == "the" else 0
    end = start
    while end < len(words) and (words[end].cap or (end > start and words[end].key in ORG_GLUE)):
        end += 1
    if end >= len(words) or end - start < (1 if start else 2) or not words[end].key.isalpha():
        return None
    if words[end].cap or words[end].key in ("and", "or") or ctx.in_quote(words[end].start):
        return None
    return organisation_ref(ctx, words, start, end)


def _opens_subordinate(w: Word) -> bool:
    """A sentence's first word opening a subordinate clause: "After", "When",
    or a participle ("Asked whether X would run, Clinton said")."""
    return w.key in _SUBORDINATORS or (
        w.cap
        and w.key.endswith(("ed", "ing"))
        and len(w.key) > 4
        and w.key.isalpha()
        and w.key != "according"  # "According to X, ..." attributes, it is no aside
    )


@cache
def _main_clause_re() -> re.Pattern[str]:
    # A comma and a capitalised word: where the main clause after an opening
    # subordinate clause starts ("After Brown spoke, Hillary shot back").
    return re.compile(r",\s+[A-Z]")


# Conjunctions that open a subordinate clause at a sentence start.
_SUBORDINATORS = frozenset(
    [
        "after",
        "before",
        "when",
        "while",
        "although",
        "though",
        "because",
        "since",
        "if",
        "unless",
        "until",
        "once",
        "whereas",
        "despite",
    ]
)


@cache
def _comma_re() -> re.Pattern[str]:
    # A comma after the verb, or after its particle ("writes back,").
    return re.compile(r"(?:\s+(?:back|up|out|in|on|off))?\s*,\s*")


@cache
def _colon_re() -> re.Pattern[str]:
    # Compiled once: ``re.match(pattern, ...)`` looks its pattern up at every call.
    return re.compile(r"\s*:\s*")


@cache
def _abbreviation_re() -> re.Pattern[str]:
    # The word before a stop (the text before it is sliced: ``^`` and ``$`` anchor there).
    return re.compile(r"(?:^|[\s(])([A-Za-z.]{1,6})$")


@cache
def _sentence_end_re() -> re.Pattern[str]:
    return re.compile(r"[.!?][\"”’')]*\s+(?=[A-Z“\"‘'`(])")


def _abbreviation_before(text: str, dot: int) -> bool:
    """True if the stop at ``dot`` ends an initial or a known abbreviation ("Lt.")."""
    m = _abbreviation_re().search(text[max(0, dot - 7) : dot])
    if not m:
        return False
    token = m.group(1).casefold()
    return len(token.rstrip(".")) <= 1 or "." in token or token in attribution_rules().abbreviations


def _by_agent(ctx: ArticleContext, words: list[Word], cue: Cue) -> SpeakerRef | None:
    """ "was quoted by Peskov": the agent of a passive cue."""
    k = cue.last + 1
    if k < len(words) and words[k].key == "by" and k + 1 < len(words):
        m = ctx.mention_at(words[k + 1].start)
        if m is not None:
            return SpeakerRef(m.name, m.start, m.end)
    return None
