"""The subject of a cue verb: the phrases a verb is said by, looked for in
the verb's clause (see ``verb_subjects``)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ...models import SourceKind
from .builders import first_lower
from .phrase import KIND_RANK, SourcePhrase
from .sentence import SPACE_AND_QUOTES, Sentence


def verb_subjects(sen: Sentence, cue: int, form: str) -> tuple[list[SourcePhrase], bool]:
    """The phrases the verb ``form`` at ``cue`` is said by, and whether the
    (first) one touches the verb. Looked for in the verb's clause: the
    phrase opening it when only a post-modifier follows ("Boxer of
    California said", "officials who spoke with X said"), else the phrase
    touching the verb (not one inside a larger phrase: "the leaders of France
    declared"), with the phrases coordinated with it ("Russia and China
    said"); after a comma, appositions and relative clauses are skipped
    ("Ushakov, an aide to the president, confirmed"). None for a passive
    ("talks were described"). A noun phrase no list knows may open the
    clause ("the ad claims", "many delegates said"): a document or a vague
    source."""
    g, text = sen.g, sen.text
    participle = form.split()[0].casefold().endswith("ing")  # "calling for" too
    pos, skipped = _skip_glue(sen, cue)
    if not participle and any(w in g.clause.passive_aux for w in skipped):
        return [], False
    touching = not skipped and not text[pos:cue].strip()
    i = sen.index_ending(pos)
    if i is not None and sen.folds[i] in g.clause.relatives:
        # "officials who spoke", "Fiorina, who endorsed Cruz": the antecedent.
        pos, touching = sen.starts[i], False
        while pos > sen.span.start and text[pos - 1] in " \t\n,":
            pos -= 1
        i = sen.index_ending(pos)
    seg = sen.segment_start(pos)
    if i is not None and sen.folds[i] in g.clause.infinitive:
        # "took to Twitter to say", "was prompted to say": the clause's subject;
        # not "declined to comment", where "declined" is the cue, and only for
        # speech and finding verbs ("needs delegates to support him" is no claim).
        if i > 0 and sen.folds[i - 1] in g.clause.catenatives:
            # "continued to assert", "has begun to question": the subject of the
            # verb the infinitive continues.
            # The subject agrees with that verb, not with the bare infinitive.
            return verb_subjects(sen, sen.starts[i - 1], sen.words[i - 1])[0], False
        if i > 0 and sen.folds[i - 1] in g.verbs.forms:
            return [], False
        end = sen.starts[i]
        while end > sen.span.start and text[end - 1].isspace():
            end -= 1
        # "prompted Anderson Cooper to accuse": the object of the verb before.
        for c in sen.ending_at(end):
            k = bisect_left(sen.ends, c.lead + 1) - 1
            if k >= 0 and sen.folds[k] in g.clause.object_control and not c.object_only:
                return [c], False
        return _clause_head(sen, seg, sen.starts[i], loose=True), False
    if i is not None and sen.folds[i] in g.clause.no_subject:
        return [], False  # "secretary of state", "in their states": a noun, not a verb
    if i is not None and sen.folds[i] in g.clause.coordinators:
        # "met Obama and said", ", and said": the subject of the first verb.
        head = _clause_head(sen, seg, sen.starts[i], loose=True)
        at = _skip_lead_in(sen, seg, sen.starts[i])
        if head or (at < sen.starts[i] and text[at].isupper()):
            return head, False
        return _walk_back(sen, seg, loose=True), False
    if not text[seg:pos].strip(SPACE_AND_QUOTES):
        # ", said" after an apposition; ", saying" after a clause.
        return _walk_back(sen, seg, loose=participle), False
    # Fast path, the commonest shape: a person opening the clause right before
    # the verb ("Peskov said", "He added").
    for c in sen.by_tail.get(pos, ()):
        if (
            not c.object_only
            and c.lead == _skip_lead_in(sen, seg, pos)
            and text[c.tail : c.tail + 2] not in ("'s", "’s")
            and not sen.ctx.quoted(c.start)
        ):
            return [c], touching
    head = _clause_head(sen, seg, pos, noun_phrase=True)
    if head:
        return head, touching and head[0].tail == pos
    return _touching(sen, pos, participle), touching


def _skip_lead_in(sen: Sentence, seg: int, pos: int) -> int:
    """Position of the first word of ``[seg, pos)`` that is not a lead-in
    word ("But", "while"), quotation marks skipped."""
    text = sen.text
    while seg < pos and text[seg] in SPACE_AND_QUOTES:
        seg += 1
    i = sen.index_at(seg)
    while i is not None and sen.starts[i] < pos and sen.folds[i] in sen.g.clause.lead_in:
        i = i + 1 if i + 1 < len(sen.starts) else None
    return sen.starts[i] if i is not None and sen.starts[i] < pos else pos


def _clause_head(
    sen: Sentence, seg: int, pos: int, *, loose: bool = False, noun_phrase: bool = False
) -> list[SourcePhrase]:
    """The phrase opening the segment ``[seg, pos)`` when what follows it up
    to ``pos`` is a post-modifier (or anything, when ``loose``), with the
    phrase coordinated with it at ``pos`` ("Trump and Cruz said"); with
    ``noun_phrase``, a determiner's noun phrase too (see ``_noun_phrase``)."""
    g, text = sen.g, sen.text
    at = _skip_lead_in(sen, seg, pos)
    if at >= pos:
        return []
    head = sen.starting_at(at)
    if head is None and noun_phrase:
        head = _noun_phrase(sen, at, pos)
    if head is None or head.object_only or head.tail > pos:
        return []
    tail = head.tail
    # "Sen. Roy Blunt (R-Mo.) noted": a bracket after the name is part of it.
    rest = text[tail:pos].lstrip()
    if rest.startswith("("):
        close = text.find(")", tail, pos)
        if close != -1:
            tail = close + 1
    if not text[tail:pos].strip():
        return [head]
    if sen.ctx.quoted_between(tail, pos):
        return []
    k = sen.index_at(tail)
    first = sen.folds[k] if k is not None else None
    if first in g.clause.coordinators:
        other = _best_subject(sen, pos, False, blocked_ok=g.clause.coordinators)
        if other is not None and other.lead > tail:
            return [head, other]
    if loose:
        return [head]
    if k is not None and first not in g.clause.postmodifiers and _reduced_relative(sen, k):
        # "Exit polls taken in South Carolina found", "a survey released Monday showed".
        first, k = "of", k + 1
    if first in g.clause.postmodifiers and (
        first in g.clause.relatives
        or not any(
            sen.folds[j] in g.clause.finite and sen.words[j].islower()
            for j in range(k or 0, sen.index_ending(pos) or 0)
        )
    ):
        # Not "Russia and China said they would veto": "said" is a verb of its own.
        return [head]
    return []


def _noun_phrase(sen: Sentence, at: int, pos: int) -> SourcePhrase | None:
    """A noun phrase opened by a determiner ("the ad", "many delegates",
    "these reports"), up to a post-modifier or ``pos``: a document when its
    noun is a document's, vague when it names people or a plural, else None."""
    g = sen.g
    i = sen.index_at(at)
    if i is None or sen.folds[i] not in g.clause.np_openers:
        return None
    last = sen.index_ending(pos)
    k = i + 1
    while last is not None and k <= last and k - i <= g.clause.np_max_nouns:
        fold = sen.folds[k]
        if fold in g.clause.postmodifiers or fold in g.clause.finite or fold in g.clause.glue_words:
            break
        if sen.text[sen.ends[k - 1] : sen.starts[k]].strip(" -'’"):
            break
        k += 1
    if k == i + 1:
        return None
    noun = sen.folds[k - 1]
    if noun in g.clause.np_documents:
        kind: SourceKind = "document"
    elif noun in g.clause.np_people or (noun.endswith("s") and not noun.endswith("ss")):
        kind = "vague"
    else:
        return None
    start, end = sen.starts[i], sen.ends[k - 1]
    name = first_lower(sen, start, " ".join(sen.text[start:end].split()))
    return SourcePhrase(kind, name, start, end, start, end)


def _reduced_relative(sen: Sentence, k: int) -> bool:
    """Whether word ``k`` opens a participle phrase ("conducted by", "taken in")."""
    word = sen.folds[k]
    return (
        word.endswith(("ed", "en"))
        and k + 1 < len(sen.folds)
        and sen.folds[k + 1] in sen.g.clause.participle_links
    )


def _touching(sen: Sentence, pos: int, participle: bool) -> list[SourcePhrase]:
    """The phrase ending at ``pos`` with those coordinated before it
    ("Russia and China said"); none inside a larger phrase ("the leaders of
    Britain and France declared")."""
    g = sen.g
    best = _best_subject(sen, pos, participle, blocked_ok=g.clause.coordinators)
    if best is None:
        return []
    found = [best]
    while True:
        lead = found[-1].lead
        i = bisect_left(sen.ends, lead + 1) - 1
        if (
            i < 0
            or sen.folds[i] not in g.clause.coordinators
            or sen.text[sen.ends[i] : lead].strip()
        ):
            break
        end = sen.starts[i]
        while end > sen.span.start and sen.text[end - 1].isspace():
            end -= 1
        prev = _best_subject(sen, end, True, blocked_ok=g.clause.coordinators)
        if prev is None:
            break
        found.append(prev)
    if not participle and _blocked(sen, found[-1].lead, g.clause.coordinators):
        return []  # "the leaders of Britain and France declared"
    return found[::-1]


def _walk_back(sen: Sentence, seg: int, *, loose: bool) -> list[SourcePhrase]:
    """The subject of the clause before the segment starting at ``seg``:
    the leftmost of the comma-delimited segments before it that opens with
    a source phrase, so appositions and relative clauses, commas and all,
    are passed over ("Phillips, who lost her daughter in Aurora, Colorado,
    said"); when ``loose`` (the verb continues that clause), the phrase
    opening it whatever follows."""
    g, text = sen.g, sen.text
    words = 0
    segments: list[tuple[int, int]] = []
    for _ in range(g.clause.segments_back):
        end = seg - 1
        if end <= sen.span.start or text[end] not in ",—–-":
            break
        while end > sen.span.start and text[end - 1] in " \t\n-":
            end -= 1
        seg = sen.segment_start(end)
        words += len(text[seg:end].split())
        if words > g.clause.apposition_max_words or sen.ctx.long_quote_between(
            _skip_lead_in(sen, seg, end), end, g.clause.apposition_quote_chars
        ):
            break
        segments.append((seg, end))
    for seg, end in reversed(segments):
        at = _skip_lead_in(sen, seg, end)
        if at < end and not text[at].isupper():
            continue  # "a former aide", "who lives in Iowa", "58": an apposition
        head = _clause_head(sen, seg, end, loose=loose)
        if head:
            return head
    if not loose:
        for _, end in segments:
            near = _touching(sen, end, False)
            if near:
                return near
    return []


def _blocked(sen: Sentence, lead: int, allowed: frozenset[str]) -> bool:
    """True if the word before ``lead`` (or before its honorific: "of Mr.
    Trump") puts the phrase inside a larger one."""
    i = bisect_left(sen.ends, lead + 1) - 1
    if (
        i >= 1
        and sen.folds[i] in sen.g.names.honorifics
        and not sen.text[sen.ends[i] : lead].strip(" .")
    ):
        lead, i = sen.starts[i], i - 1
    return (
        i >= 0
        and sen.ends[i] <= lead
        and sen.folds[i] in sen.g.clause.blocking
        and sen.folds[i] not in allowed
        and not sen.text[sen.ends[i] : lead].strip()
    )


def _best_subject(
    sen: Sentence, pos: int, participle: bool, *, blocked_ok: frozenset[str]
) -> SourcePhrase | None:
    options = [c for c in sen.ending_at(pos) if not c.object_only and not sen.ctx.quoted(c.start)]
    best = min(options, key=lambda c: (c.lead, KIND_RANK[c.kind], c.name), default=None)
    if best is None:
        return None
    # "Documents seen by Reuters show": the agent of a participle is not the
    # subject; the phrase before the participle is.
    by = next(
        (
            a
            for a, b in sen.claimed
            if b <= best.lead
            and not sen.text[b : best.lead].strip()
            and sen.text[a:b].casefold().endswith("by")
        ),
        None,
    )
    if by is not None:
        return _best_subject(sen, _skip_glue(sen, by)[0], participle, blocked_ok=blocked_ok)
    i = bisect_left(sen.ends, best.lead + 1) - 1
    if (
        best.lead == best.start
        and i >= 0
        and sen.folds[i] in sen.g.clause.articles
        and " " not in sen.text[best.start : best.end]
    ):
        return None  # "the Paris attacks": the name is a modifier
    if participle:
        return best
    return None if _blocked(sen, best.lead, blocked_ok) else best


def _skip_glue(sen: Sentence, pos: int) -> tuple[int, list[str]]:
    """Walk back from a verb over glue words ("has also"); returns the
    position reached and the words skipped."""
    skipped: list[str] = []
    while True:
        while pos > sen.span.start and sen.text[pos - 1].isspace():
            pos -= 1
        # "the Institute for the Study of War (ISW) said": skip the abbreviation.
        opening = sen.text.rfind("(", max(sen.span.start, pos - 16), pos)
        if sen.text[pos - 1 : pos] == ")" and opening > 0:
            inner = sen.text[opening + 1 : pos - 1]
            if inner and not any(ch.isspace() for ch in inner):
                pos = opening
                continue
        i = bisect_right(sen.ends, pos) - 1
        if i < 0 or sen.ends[i] != pos:
            return pos, skipped
        fold = sen.folds[i]
        if sen.g.clause.is_glue(fold):
            skipped.append(fold)
            pos = sen.starts[i]
            continue
        # Phrases ("on Monday", "didn't") only when their last word is here.
        if fold not in sen.g.clause.glue_tails and not fold.isdigit():
            return pos, skipped
        for j in range(i - 1, max(-1, i - 4), -1):
            if sen.g.clause.glue.fullmatch(sen.text, sen.starts[j], pos):
                skipped.extend(sen.folds[j : i + 1])
                pos = sen.starts[j]
                break
        else:
            return pos, skipped
