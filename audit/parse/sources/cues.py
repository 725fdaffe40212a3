"""The cue rules: each family of cues is one ``CueRule``, registered in order
in ``CUE_RULES``. ``attribute`` runs them on a sentence; the sentence gate
(``may_hold_cue``) is built from what each rule says it starts from, so a new
family is one new entry here."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ...models import Quote
from ...rules.sources import source_rules
from .builders import build_document, first_lower
from .chains import outlets_in_documents, propagate, settle, vague_twins
from .credits import credit_lines, outlet_reporters, signed_channel
from .grammar import Grammar, grammar
from .phrase import KIND_RANK, SourcePhrase, moved
from .sentence import DASHES, SPACE_AND_QUOTES, FoundSource, Sentence
from .subjects import verb_subjects
from .verb_cues import speech_verbs


class SentenceGlance(NamedTuple):
    """What the sentence gate sees of a sentence before it is analysed."""

    text: str  # the article
    start: int
    end: int
    words: list[str]  # the sentence's words, case-folded
    quotes: Sequence[Quote]  # the quotes whose speaker it names
    g: Grammar


# A word a rule starts from, with the words one of which the sentence must also
# hold for the rule to fire (None: no other word is needed).
OpeningWords = Iterable[tuple[str, Iterable[str] | None]]


def _no_words(g: Grammar) -> OpeningWords:
    return ()


@dataclass(frozen=True)
class CueRule:
    """One family of cues: ``run`` adds the sources it finds to a sentence. For
    the sentence gate, ``opens`` lists the words the rule starts from, and
    ``glance`` (if any) tells that it may fire on a sentence without such a word
    (a colon label, a dash, a quote's speaker)."""

    name: str
    run: Callable[[Sentence], None]
    opens: Callable[[Grammar], OpeningWords] = _no_words
    glance: Callable[[SentenceGlance], bool] | None = None


def attribute(sen: Sentence) -> list[FoundSource]:
    """Every source of one sentence: the cue rules in their order (see
    ``CUE_RULES``), then the chain steps that settle the sentence's sources."""
    for rule in CUE_RULES:
        rule.run(sen)
    if sen.hits:
        settle(sen)
        outlets_in_documents(sen)
        vague_twins(sen)
        propagate(sen)
    return sen.hits


def _agents(sen: Sentence) -> None:
    """Passive agents ("described by sources", "endorsed ... by Fiorina") and
    "X quoted Y as saying", in word order."""
    g = sen.g
    if "by" in sen.fold_set or not sen.fold_set.isdisjoint(g.cues.quoted_verbs):
        for i, fold in enumerate(sen.folds):
            if fold == "by":
                if not _by_agent(sen, i):
                    _late_agent(sen, i)
            elif fold in g.cues.quoted_verbs and sen.words[i].islower():
                _quoted_as(sen, i)


def _direct_phrases(sen: Sentence) -> None:
    """ "reportedly", "it is reported": cue and vague source at once."""
    g = sen.g
    for d in g.cues.direct if not g.cues.direct_words.isdisjoint(sen.fold_set) else ():
        if not d.triggers.isdisjoint(sen.fold_set):
            for m in d.pattern.finditer(sen.text, sen.span.start, sen.span.end):
                if sen.free(m.start(), m.start() + 1):
                    cand = SourcePhrase("vague", d.name, m.start(), m.end(), m.start(), m.end())
                    sen.add(cand, (m.start(), m.end()), chained=False)


def _in_survey(sen: Sentence) -> None:
    """ "In a CNN/ORC poll released Monday, 31% said": findings credited to a
    poll or survey after "in" (and the outlets named in it)."""
    g = sen.g
    if "in" not in sen.fold_set or sen.fold_set.isdisjoint(g.cues.survey_heads):
        return
    for i, fold in enumerate(sen.folds):
        if fold != "in":
            continue
        cue = (sen.starts[i], sen.ends[i])
        target = sen.object(cue[1]) if sen.free(*cue) else None
        if target is None or target.kind != "document":
            continue
        if g.cues.survey_heads.isdisjoint(g.token.findall(target.name.casefold())):
            continue
        sen.claimed.append(cue)
        sen.add(target, cue)


def _possessives(sen: Sentence) -> None:
    """ "Trump's claim that", "Kerry's proposal": the owner of a claim noun."""
    g = sen.g
    if "s" not in sen.fold_set or sen.fold_set.isdisjoint(g.cues.poss_nouns):
        return
    text, n = sen.text, len(sen.folds)
    for i in range(1, n):
        a = sen.starts[i]
        if sen.folds[i] != "s" or text[a - 1 : a] not in ("'", "’") or sen.ends[i - 1] != a - 1:
            continue
        k = i + 1
        while k < n and k <= i + 1 + g.cues.poss_max_mods and sen.folds[k] not in g.cues.poss_nouns:
            if not sen.words[k].islower():
                break
            k += 1
        if (
            k >= n
            or sen.folds[k] not in g.cues.poss_nouns
            or text[sen.ends[i] : sen.starts[k]].strip(" -")
        ):
            continue
        cue = (sen.starts[k], sen.ends[k])
        if not sen.free(*cue):
            continue
        owners = [
            c
            for c in sen.ending_at(a - 1)
            if c.kind in ("person", "outlet", "organisation") and not c.object_only
        ]
        best = min(owners, key=lambda c: (c.lead, KIND_RANK[c.kind], c.name), default=None)
        if best is not None and not sen.ctx.quoted(best.start):
            sen.add(best, cue)


def _nominals(sen: Sentence) -> None:
    """ "criticism from Clinton and Trump", "a call by the union": the source of a
    claim noun, after "from" or "by"."""
    g = sen.g
    if sen.fold_set.isdisjoint(g.cues.nominal_nouns):
        return
    for i in range(len(sen.folds) - 1):
        if sen.folds[i] not in g.cues.nominal_nouns or sen.folds[i + 1] not in g.cues.nominal_links:
            continue
        cue = (sen.starts[i], sen.ends[i])
        if not sen.free(*cue) or not sen.joined(i, (sen.folds[i], sen.folds[i + 1])):
            continue
        target = sen.object(sen.ends[i + 1])
        if target is None or target.kind == "document" or target.object_only:
            continue
        sen.add(target, cue)
        # "from Hillary Clinton and Donald Trump": both.
        k = sen.index_at(target.tail)
        if k is not None and sen.folds[k] in g.clause.coordinators:
            other = sen.object(sen.ends[k])
            if other is not None and other.kind != "document" and not other.object_only:
                sen.add(other, cue)


def _colon_label(sen: Sentence) -> None:
    """ "TAPPER: Do you think", "Poll: Clinton leads", "Gillibrand on the
    transcripts: ..." : a label opening the sentence before a colon credits what
    follows; so does a headline's "Name On <topic>"."""
    g, text = sen.g, sen.text
    if not (
        sen.starts
        and sen.starts[0] - sen.span.start <= 2
        and (":" in text[sen.span.start : sen.span.end] or "on" in sen.fold_set)
    ):
        return
    n = len(sen.starts)
    colon = on = None
    for k in range(min(n - 1, g.cues.colon_max + g.cues.topic_max)):
        gap = text[sen.ends[k] : sen.starts[k + 1]]
        if sen.folds[k] == "on" and k and on is None:
            on = k
        if gap.startswith(":") and not gap[1:].strip(SPACE_AND_QUOTES):
            colon = k
            break
        if gap.strip(" .-’'"):
            break
    if colon is None and not (on is not None and sen.headline()):
        return
    last = on - 1 if on is not None else colon
    if (
        last is None
        or last >= g.cues.colon_max
        or not all(w[:1].isupper() for w in sen.words[: last + 1])
    ):
        return
    if any(f in g.cues.colon_stop for f in sen.folds[: last + 1]):
        return
    cue = (
        (sen.ends[colon], sen.ends[colon] + 1)
        if colon is not None
        else (sen.starts[on or 0], sen.ends[on or 0])
    )
    if sen.ctx.quoted(cue[0]) or not sen.free(*cue):
        return
    # What follows may open with a quotation mark ("Sanders: ‘Of Course’ Clinton Is").
    after = bisect_left(sen.starts, cue[1])
    opened = after < n and not text[cue[1] : sen.starts[after]].strip(SPACE_AND_QUOTES)
    if not opened or not sen.words[after][:1].isalpha() or n - after < 3:
        return  # "Clinton: 1,769": a table row, not a claim
    clause = any(w.islower() for w in sen.words[after : after + 8])
    options = [
        c
        for c in sen.ending_at(sen.ends[last])
        if not c.object_only and c.lead <= sen.starts[0] and (clause or not c.guessed)
    ]
    best = min(options, key=lambda c: (c.lead, KIND_RANK[c.kind], c.name), default=None)
    if (
        colon is not None
        and (best is None or best.guessed)
        and " ".join(sen.words[: last + 1]).isupper()
        and not sen.ctx.surnames.get(sen.words[last].title())
        and sen.ctx.caps_labels() < 2
    ):
        return  # "KUALA LUMPUR: The government ...": a dateline; a transcript has several labels
    if best is None and colon is not None:
        # A transcript's speaker ("TAPPER:", "JAKE TAPPER:").
        label = sen.words[: last + 1]
        name = " ".join(label)
        known = sen.ctx.surnames.get(label[-1].title()) or sen.ctx.surnames.get(label[-1])
        if known or (name.isupper() and len(label) <= 2):
            best = SourcePhrase(
                "person",
                known or name.title(),
                sen.starts[0],
                sen.ends[last],
                sen.starts[0],
                sen.ends[last],
            )
    if best is not None:
        sen.add(best, cue)


def _dash_label(sen: Sentence) -> None:
    """ "- Sanders." after a quoted passage, "— Paul Ryan (@SpeakerRyan) July 5"
    closing a tweet: a name after a dash signs what stands before it. The dash
    opens the sentence right after a closing quotation mark (not a byline
    after the writer's own text), or the name is followed by a handle."""
    text, lo, hi = sen.text, sen.span.start, sen.span.end
    first = lo
    while first < hi and text[first].isspace():
        first += 1
    if first == hi or (text[first] not in DASHES and text.find("(@", lo, hi) < 0):
        return  # neither a dash opening the sentence nor a handle
    for m in sen.g.dash.finditer(text, lo, hi):
        back = m.start()
        while back > 0 and text[back - 1].isspace():
            back -= 1
        opening = back > 0 and not text[lo : m.start()].strip() and text[back - 1] in "\"”’'"
        cand = sen.object(m.end())
        if cand is None or cand.kind not in ("person", "outlet", "organisation"):
            continue
        rest = text[cand.tail : sen.span.end].strip()
        if cand.object_only or not (
            rest.startswith("(@") or (opening and (not rest.strip(".") or rest[0] == ","))
        ):
            continue
        if sen.free(m.start(), m.end()):
            sen.add(cand, (m.start(), m.end()))


def _phrase_cues(sen: Sentence) -> None:
    """Prepositional cues ("according to X", "citing X", "told Reuters"): they
    claim their words before any other rule."""
    g = sen.g
    if sen.fold_set.isdisjoint(g.cues.phrases):
        return
    folds, n = sen.folds, len(sen.folds)
    for i, fold in enumerate(folds):
        for seq in g.cues.phrases.get(fold, ()):
            if len(seq) > 1 and (i + 1 >= n or folds[i + 1] != seq[1]):
                continue
            if not sen.joined(i, seq):
                continue
            cue = (sen.starts[i], sen.ends[i + len(seq) - 1])
            if not sen.free(*cue):
                break
            target = sen.object(cue[1])
            if target is not None and seq in g.cues.outlet_only and target.kind != "outlet":
                target = None
            if target is None and seq in g.cues.outlet_only and seq[0] in g.verbs.forms:
                break  # "wrote in an op-ed": the verb is the cue
            sen.claimed.append(cue)
            if seq in g.cues.np_phrases and (
                target is None or target.kind in ("document", "vague")
            ):
                # "according to a count by The Associated Press", "according to his book".
                inner, np_end = _named_in_phrase(sen, cue[1])
                if inner is not None:
                    sen.add(inner, cue, channel=inner.kind == "outlet")
                elif target is None and np_end is not None:
                    target = _phrase_document(sen, cue[1], np_end)
            citer = sen.nearest_before(cue[0]) if seq in g.cues.citing else None
            if target is not None:
                hit = sen.add(target, cue, channel=target.kind == "outlet")
                if citer is not None:
                    hit.via, hit.chained = citer.name, False
            if citer is not None:
                known = sen.hits_of(citer)
                for h in known:
                    h.citer, h.chained = True, False
                if not known:
                    sen.add(citer, cue, citer=True, chained=False, fallback=True)
            break


def _named_in_phrase(
    sen: Sentence, pos: int, *, person: bool = False
) -> tuple[SourcePhrase | None, int | None]:
    """The first person, outlet or organisation in the noun phrase after
    ``pos`` (up to punctuation, at most ``np_max_words`` words), and where the
    phrase ends; with ``person``, the first person if there is one ("said former
    Pennsylvania Gov. Ed Rendell")."""
    g, text = sen.g, sen.text
    k = sen.index_at(pos)
    if k is None:
        return None, None
    first, found = k, None
    while k < len(sen.starts) and k - first < g.cues.np_max_words:
        settled = found is not None and (found.kind == "person" or not person)
        if sen.words[k][:1].isupper() and not settled and not sen.ctx.quoted(sen.starts[k]):
            c = sen.starting_at(sen.starts[k])
            if (
                c is not None
                and c.kind in ("person", "outlet", "organisation")
                and not c.object_only
                and (found is None or c.kind == "person")
            ):
                found = c
        if k + 1 == len(sen.starts) or text[sen.ends[k] : sen.starts[k + 1]].strip(" \t-'’."):
            return found, sen.ends[k]
        k += 1
    return found, None


def _phrase_document(sen: Sentence, start: int, end: int) -> SourcePhrase | None:
    """The noun phrase ``[start, end)`` after a cue, as a document source."""
    while start < end and sen.text[start].isspace():
        start += 1
    if start >= end or sen.ctx.quoted(start):
        return None
    name = first_lower(sen, start, " ".join(sen.text[start:end].split()))
    return SourcePhrase("document", name, start, end, start, end)


def _by_agent(sen: Sentence, i: int) -> bool:
    """ "described by sources", "articulated by Kremlin spokesman Dmitry Peskov"."""
    for seq in sen.g.verbs.participles.get(sen.folds[i - 1] if i else "", ()):
        k = i - len(seq)
        if k < 0 or not sen.joined(k, seq + ("by",)):
            continue
        cue = (sen.starts[k], sen.ends[i])
        if not sen.free(*cue):
            return True
        sen.claimed.append(cue)
        target = sen.object(cue[1])
        if target is not None:
            sen.add(target, cue, channel=target.kind == "outlet")
        return True
    return False


def _late_agent(sen: Sentence, i: int) -> None:
    """ "was endorsed the day before by Fiorina", "has been called X by
    Hendrick": the agent of a passive cue verb a few words back."""
    g, text = sen.g, sen.text
    for j in range(i - 1, max(0, i - g.cues.agent_gap - 1), -1):
        if any(ch in ',;:—–"“”' for ch in text[sen.ends[j] : sen.starts[j + 1]]):
            return
        if sen.folds[j] not in g.verbs.single_participles:
            continue
        if not any(f in g.clause.passive_aux for f in sen.folds[max(0, j - 3) : j]):
            return
        cue = (sen.starts[j], sen.ends[j])
        target = sen.object(sen.ends[i])
        if target is None or not sen.free(*cue):
            return
        sen.claimed.append(cue)
        sen.add(target, cue, channel=target.kind == "outlet")
        return


def _quoted_as(sen: Sentence, i: int) -> None:
    """ "TASS quoted Peskov as saying": Peskov reached us via TASS."""
    cue = (sen.starts[i], sen.ends[i])
    if not sen.free(*cue):
        return
    subjects, _ = verb_subjects(sen, cue[0], sen.words[i])
    by = subjects[-1] if subjects else None
    target = sen.object(cue[1])
    if by is None or target is None:
        return
    sen.claimed.append(cue)
    sen.add(by, cue, channel=by.kind == "outlet", citer=True, chained=False)
    sen.add(target, cue, via=by.name, chained=False)


def _marked_documents(sen: Sentence) -> None:
    """ "a classified document proposing terms": a source without a speech verb."""
    g = sen.g
    if g.names.doc_marked.isdisjoint(sen.fold_set):
        return
    for family in g.families:
        if family.kind != "document" or family.triggers.isdisjoint(sen.fold_set):
            continue
        for m in family.pattern.finditer(sen.text, sen.span.start, sen.span.end):
            cand = build_document(sen, family, m)
            form = g.cues.doc_forms.match(sen.text, m.end(), sen.span.end)
            if cand is None or not cand.marked or form is None or sen.ctx.quoted(m.start()):
                continue
            if not sen.has_hit_at(cand.start):
                sen.add(cand, form.span("form"))


def _quote_speakers(sen: Sentence) -> None:
    """Speakers the quote stage tied to quotes, with the cue nearest the speaker.
    A speaker the people stage does not know as a person keeps the kind its
    phrase has here ("Russia" is an organisation)."""
    span = sen.span
    for q in sen.quotes:
        start, end = q.speaker_start, q.speaker_end
        if q.speaker is None or start is None or end is None or not span.start <= start < span.end:
            continue
        people = [
            c
            for c in sen.by_tail.get(end, []) + sen.by_lead.get(start, [])
            if c.kind == "person" and c.name == q.speaker
        ]
        cue = _locate(sen, q.cue, start, end) if q.cue else None
        if people:
            cand = moved(people[0], start, end, start, end)
        else:
            other = [c for c in sen.ending_at(end) if c.kind != "person" and c.lead <= start]
            cand = min(
                other, key=lambda c: (c.lead, KIND_RANK[c.kind]), default=None
            ) or SourcePhrase("person", q.speaker, start, end, start, end)
        channel = _quote_channel(sen, q.via, end) if q.via else None
        if channel is None:
            sen.add(cand, cue)
            continue
        # "“...,” Lavrov said, the Post reported": the quote stage moved the
        # speaker off the outlet; the outlet is the channel the words came by.
        sen.add(cand, cue, via=channel.name, chained=False)
        if not sen.has_hit_at(channel.start):
            sen.add(channel, _channel_verb(sen, channel), channel=True, chained=False)


def _channel_verb(sen: Sentence, channel: SourcePhrase) -> tuple[int, int] | None:
    """The cue verb right after the channel ("the Post reported") or right
    before it ("reported the Post")."""
    after = bisect_left(sen.starts, channel.tail)
    for k in (after, bisect_left(sen.starts, channel.lead) - 1):
        if 0 <= k < len(sen.starts) and sen.folds[k] in sen.g.verbs.forms:
            return sen.starts[k], sen.ends[k]
    return None


def _quote_channel(sen: Sentence, via: str, after: int) -> SourcePhrase | None:
    """The phrase naming the quote's channel ``via`` in the sentence (after
    the quote's speaker at ``after``, or anywhere in it), outside quotes: the
    outlet or organisation a phrase there names, else an organisation."""
    text, span = sen.text, sen.span
    for lo in (after, span.start):
        pos = text.find(via, lo, span.end)
        while pos >= 0 and sen.ctx.quoted(pos):
            pos = text.find(via, pos + 1, span.end)
        if pos >= 0:
            end = pos + len(via)
            named = [c for c in sen.ending_at(end) if c.kind in ("outlet", "organisation")]
            found = min(named, key=lambda c: (c.lead, KIND_RANK[c.kind]), default=None)
            return found or SourcePhrase("organisation", via, pos, end, pos, end)
    return None


def _locate(sen: Sentence, cue: str, start: int, end: int) -> tuple[int, int] | None:
    """The occurrence of ``cue`` in the sentence nearest to the speaker."""
    seq = tuple(sen.g.token.findall(cue.casefold()))
    if not seq:
        return None
    # Only where the cue's first word is. The distance falls, then rises, along
    # the sentence: the nearest occurrence on each side of the speaker is read
    # (and those at distance 0 before it: the earliest wins a tie), not every
    # occurrence for every quote of a long sentence.
    occ, last = sen.positions(seq[0]), len(sen.ends) - 1
    starts, ends = sen.starts, sen.ends

    def after(i: int) -> int:  # > 0: the occurrence ends that far after the speaker
        return starts[i] - end

    def before(i: int) -> int:  # > 0: it starts that far before the speaker
        return start - ends[min(i + len(seq) - 1, last)]

    def dist(i: int) -> int:
        return max(after(i), before(i), 0)

    split = bisect_left(occ, True, key=lambda i: after(i) >= before(i))
    found = _first_joined(sen, seq, reversed(occ[:split])) + _first_joined(sen, seq, occ[split:])
    if not found:
        return None
    best = min(dist(i) for i in found)
    if best == 0:  # a plateau: the earliest occurrence at distance 0
        k = bisect_left(occ, found[0])
        while k > 0 and dist(occ[k - 1]) == 0:
            k -= 1
            if sen.joined(occ[k], seq):
                found.append(occ[k])
    i = min(i for i in found if dist(i) == best)
    return starts[i], ends[i + len(seq) - 1]


def _first_joined(sen: Sentence, seq: tuple[str, ...], order: Iterable[int]) -> list[int]:
    """The first word index in ``order`` where the words ``seq`` stand."""
    for i in order:
        if sen.joined(i, seq):
            return [i]
    return []


# ---------------------------------------------------------------------------
# The registry


def _phrase_openers(g: Grammar) -> OpeningWords:
    # A multi-word phrase needs its second word ("in an interview").
    return ((word, seq[1:2] or None) for word, seqs in g.cues.phrases.items() for seq in seqs)


def _agent_openers(g: Grammar) -> OpeningWords:
    return (("by", None), *((word, None) for word in g.cues.quoted_verbs))


def _verb_openers(g: Grammar) -> OpeningWords:
    # A verb form fires alone; a multi-word verb needs its second word, an idiom
    # one of its ``needs`` ("is critical of").
    verbs = g.verbs
    yield from ((word, None) for word in verbs.forms)
    yield from ((word, (rest[0] for rest, _ in rests)) for word, rests in verbs.multi.items())
    for word, idioms in verbs.idioms.items():
        yield word, (w for idiom in idioms for w in idiom.needs)


def _colon_glance(s: SentenceGlance) -> bool:
    # A colon, or a headline's label "Name On <topic>".
    return s.text.find(":", s.start, s.end) >= 0 or "on" in s.words[1 : s.g.cues.colon_max + 1]


def _credit_glance(s: SentenceGlance) -> bool:
    # A bracket, slash, dash or colon near a paragraph's start, a short line, or a
    # dash near the sentence's end.
    rules = source_rules().credits
    head = s.text[s.start : s.start + rules.head_chars]
    return (
        len(s.words) <= rules.name_words + 2
        or any(ch in head for ch in "(/-—–,")
        or any(ch in s.text[max(s.start, s.end - 40) : s.end] for ch in "—–")
    )


def _signature_glance(s: SentenceGlance) -> bool:
    return s.text[s.end - 2 : s.end].rstrip().endswith(")")


def _dash_glance(s: SentenceGlance) -> bool:
    return s.text[s.start : s.start + 1] in DASHES or s.text.find("(@", s.start, s.end) >= 0


# Run in this order: prepositional cues claim their words first; claim nouns
# after the verbs; the quote stage's speakers last.
CUE_RULES: tuple[CueRule, ...] = (
    CueRule("prepositional phrase", _phrase_cues, _phrase_openers),
    CueRule("passive agent and quoted-as", _agents, _agent_openers),
    CueRule("verb and idiom", speech_verbs, _verb_openers),
    CueRule("poll after in", _in_survey, lambda g: ((w, ("in",)) for w in g.cues.survey_heads)),
    CueRule(
        "possessive claim noun", _possessives, lambda g: ((w, ("s",)) for w in g.cues.poss_nouns)
    ),
    CueRule(
        "claim noun with from or by",
        _nominals,
        lambda g: ((w, ("from", "by")) for w in g.cues.nominal_nouns),
    ),
    CueRule("colon label", _colon_label, glance=_colon_glance),
    CueRule("dash signature", _dash_label, glance=_dash_glance),
    CueRule(
        "direct vague phrase", _direct_phrases, lambda g: ((w, None) for w in g.cues.direct_words)
    ),
    CueRule(
        "marked document", _marked_documents, lambda g: ((w, None) for w in g.names.doc_marked)
    ),
    CueRule("quote speaker", _quote_speakers, glance=lambda s: bool(s.quotes)),
    # After the quote stage's speakers: a signature adds its signer only when
    # the quote stage did not.
    CueRule(
        "outlet's reporter",
        outlet_reporters,
        lambda g: ((w, ("s",)) for w in source_rules().credits.reporters),
    ),
    CueRule("credit line", credit_lines, glance=_credit_glance),
    CueRule("signature channel", signed_channel, glance=_signature_glance),
)


@cache
def sentence_gate() -> Mapping[str, frozenset[str] | None]:
    """Every word some cue rule starts from -> the words one of which the
    sentence must also hold (None: the word fires alone), merged over the rules
    (cached)."""
    g = grammar()
    needs: dict[str, set[str] | None] = {}
    for rule in CUE_RULES:
        for word, other in rule.opens(g):
            found = needs.get(word, set())
            if other is None or found is None:
                needs[word] = None
            else:
                needs[word] = found | set(other)
    return {w: None if n is None else frozenset(n) for w, n in needs.items()}


_GLANCES = tuple(rule.glance for rule in CUE_RULES if rule.glance is not None)


def may_hold_cue(glance: SentenceGlance) -> bool:
    """Whether some cue rule may fire on the sentence: most rules start from a
    word (with another word they need); a sentence without any is skipped whole."""
    gate, words = sentence_gate(), glance.words
    present = gate.keys() & words
    if present:
        held: set[str] | None = None
        for word in present:
            need = gate[word]
            if need is None:
                return True
            if held is None:
                held = set(words)
            if not need.isdisjoint(held):
                return True
    return any(test(glance) for test in _GLANCES)
