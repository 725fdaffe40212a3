"""The subject of a speech cue: the person (or named organisation) written
before it ("Peskov said", "the Kremlin spokesman said", "Clinton, during a
town hall in Columbus, said") or after it ("said Peskov", "according to
him"), and what may stand between a subject and its verb.

Each finder answers with a ``SpeakerRef``, None for a subject that names no
one ("officials said"), or False when the window has no subject at all.
"""

from __future__ import annotations

from .context import ArticleContext, PersonMention, SpeakerRef, Word
from .speech_cues import DETERMINERS, Cue


def subject_before(
    ctx: ArticleContext, words: list[Word], cue: Cue, lo: int
) -> SpeakerRef | None | bool:
    """The speaker written before ``cue`` in ``words`` (which start at ``lo``).

    Returns a SpeakerRef (a person, or a named organisation such as "the Kremlin"),
    None (a subject that names no one: "officials"), or False (no subject at
    all in the window: "..., adding that")."""
    rules = ctx.rules
    k = before_cue(ctx, words, cue)
    if k < 0 or shares_subject(words, cue, k):
        return False
    w = words[k]
    if w.key in rules.pronouns:
        return ctx.resolve_pronoun(w.start, w.end)
    if w.key == "who" and k > 1 and words[k - 1].key == ",":
        # "from Mike Lee, who declared": the name the relative clause follows.
        named = ctx.m_by_end.get(words[k - 2].end)
        if named is not None and named.start >= lo and not ctx.in_quote(named.start):
            return SpeakerRef(named.name, named.start, named.end)
    if w.key in rules.roles:
        ref = _role_subject(ctx, words, k)
        if ref is not None:
            return ref
    if w.key in rules.documents and k > 0 and words[k - 1].key == "the":
        return ctx.document_issuer(w.start)  # "the statement said"
    direct = ctx.m_by_end.get(w.end)
    if direct is not None and direct.start >= lo and not ctx.in_quote(direct.start):
        return SpeakerRef(direct.name, direct.start, direct.end)  # "..., Rendell added"
    # The first name of the clause joined to the verb only by asides,
    # prepositional phrases and adverbs: "Clinton, during a town hall in
    # Columbus, Ohio, said"; "Peskov, citing Putin, said" is Peskov's.
    left = k
    while left > 0 and k - left < 30 and words[left - 1].key not in (";", ":"):
        left -= 1
    for idx in range(left, k + 1):
        m = ctx.m_by_end.get(words[idx].end)
        if m is None or m.start < lo or ctx.in_quote(m.start) or ctx.in_title(m):
            continue
        if _stood_for(ctx, words, left, m) or (
            not ctx.object_like(m, coordinated=False) and _links(ctx, words, idx + 1, cue.index)
        ):
            return SpeakerRef(m.name, m.start, m.end)
    if cue.key_ing:
        return False  # "a statement saying that": the sentence's subject speaks
    # "Xinhua, the official Chinese news agency, wrote": a named organisation
    # opening the clause.
    start = left
    while start < k and words[start].key in DETERMINERS:
        start += 1
    end = start
    while end < k + 1 and (words[end].cap or words[end].key in ORG_GLUE):
        end += 1
    if start < end <= k + 1 and _links(ctx, words, end, cue.index):
        org = organisation_ref(ctx, words, start, end)
        if org is not None:
            return org
    return _organisation_before(ctx, words, k)


def _stood_for(ctx: ArticleContext, words: list[Word], left: int, m: PersonMention) -> bool:
    """ "the bench of Justice SG Mehare of the Aurangabad bench ... said": a
    name after "the <court> of" opening the clause is the person the noun
    stands for, whatever follows it up to the verb."""
    j = next((j for j in range(left, len(words)) if words[j].start >= m.lead), len(words))
    return (
        j - 3 >= left
        and words[j - 1].key == "of"
        and words[j - 2].key in ctx.rules.stand_for
        and words[j - 3].key == "the"
        and (j - 3 == left or words[j - 4].key == ",")  # "the" opens the clause
    )


def before_cue(ctx: ArticleContext, words: list[Word], cue: Cue) -> int:
    """Index of the word before ``cue``, skipping adverbs and auxiliaries (-1: none)."""
    k = cue.index - 1
    while k >= 0 and (words[k].key in ctx.rules.between or is_adverb(words[k])):
        k -= 1
    return k


def shares_subject(words: list[Word], cue: Cue, k: int) -> bool:
    """ "... and called it", "but now said", ", insisting that", "by saying": a
    verb (preceded by ``words[k]``) that shares the sentence's subject."""
    if k < 0:
        return False
    key = words[k].key
    # "praised Cruz for showing “...”", "accused him of saying": the quoted
    # words are the sentence subject's characterisation.
    return key in ("and", "but", "or") or (
        cue.key_ing
        and key in (",", "by", "while", "when", "after", "before", "for", "of", "in", "without")
    )


def _links(ctx: ArticleContext, words: list[Word], a: int, b: int) -> bool:
    """True if ``words[a:b]`` may stand between a subject and its verb: adverbs,
    time words, comma-delimited asides and prepositional phrases, nothing else."""
    rules = ctx.rules
    i = a
    after_aside = False
    while i < b:
        key = words[i].key
        if key in rules.between or is_adverb(words[i]):
            i += 1
        elif key in _DASHES:
            # "Jason Sims — a teacher from Ohio — says": an aside between dashes.
            close = next((j for j in range(i + 1, min(b, i + 32)) if words[j].key in _DASHES), None)
            if close is None or any(words[j].key in (";", ":") for j in range(i + 1, close)):
                return False
            i = close + 1
            after_aside = True
            continue
        elif key == "," or after_aside and key not in _PHRASE_PREPOSITIONS:
            # An aside: ", who ...,", ", 67,", and one following another
            # without a new comma (", 67, a retiree in Allentown, Pa., said").
            if key == "," and i == b - 1:
                return True  # "her adviser, Jake Sullivan, said": the apposition closes
            close = next((j for j in range(i + 1, min(b, i + 32)) if words[j].key == ","), None)
            if key == "," and words[i + 1].key in ("who", "whose", "which", "where"):
                # ", whose hometown, Miami, is projected to ..., argues": a
                # relative clause runs to the last comma before the verb.
                close = next((j for j in range(b - 1, i, -1) if words[j].key == ","), None)
                if close is not None and close - i > 40:
                    close = None
            if close is None:
                # ", who is chairman of Our Principles PAC said": the closing comma is missing.
                return (
                    key == ","
                    and b - i <= 16
                    and (
                        words[i + 1].key in ("who", "the", "a", "an")
                        or words[i + 1].key in rules.roles
                    )
                )
            if any(words[j].key in (";", ":") for j in range(i + 1, close)):
                return False
            i = close + 1
            after_aside = True
            continue
        elif key in _PHRASE_PREPOSITIONS:
            i += 1
            steps = 0
            while i < b and steps < 6 and words[i].key not in (",", ";", ":"):
                if words[i].key in rules.forms or words[i].key in ("who", "which", "that"):
                    return False
                i += 1
                steps += 1
        else:
            return False
        after_aside = False
    return True


_DASHES = frozenset(["—", "–", "-"])


def is_adverb(w: Word) -> bool:
    """ "jokingly", "repeatedly": an -ly adverb may sit between subject and verb
    (a capitalised one is a name: "Kelly said")."""
    key = w.key
    return not w.cap and len(key) > 4 and key.endswith("ly") and key.isalpha()


def _organisation_before(ctx: ArticleContext, words: list[Word], k: int) -> SpeakerRef | None:
    """ "The White House says", "Reuters reported": a capitalised subject that
    is not a person still names the speaker."""
    j = k
    while j >= 0 and (words[j].cap or (words[j].key in ORG_GLUE and j < k)):
        j -= 1
    return organisation_ref(ctx, words, j + 1, k + 1)


def organisation_ref(ctx: ArticleContext, words: list[Word], a: int, b: int) -> SpeakerRef | None:
    """The organisation named by the capitalised ``words[a:b]`` ("The White
    House", "Xinhua"), or None when they name no one ("Officials", "This")."""
    # "As Vulture put it", "The Kremlin said": leading function words are not the name.
    while a < b and (
        words[a].key in DETERMINERS
        or words[a].key in ORG_GLUE
        or words[a].key in ctx.rules.function_words
    ):
        a += 1
    while b > a and words[b - 1].key in ORG_GLUE:
        b -= 1
    if a >= b or not all(w.cap or w.key in ORG_GLUE for w in words[a:b]):
        return None
    names = words[a:b]
    # "Officials", "This": a lone common word names no one; "State Department" does.
    if any(w.key in ctx.rules.pronouns for w in names) or all(
        w.key in ctx.rules.not_speakers for w in names
    ):
        return None
    start, end = names[0].start, names[-1].end
    return SpeakerRef(ctx.text[start:end], start, end)


# Lower-case words inside an organisation's name ("Bureau of Investigation").
ORG_GLUE = frozenset(["of", "for", "and", "&", "de", "du"])


def _role_subject(ctx: ArticleContext, words: list[Word], k: int) -> SpeakerRef | None:
    """ "the Kremlin spokesman said": a role noun introduced by a determiner."""
    j = k - 1
    while j >= 0 and k - j <= 4 and words[j].key not in DETERMINERS:
        if words[j].key in (",", ":", ";"):
            return None
        j -= 1
    if j < 0 or words[j].key not in _DEFINITE:
        return None  # "a campaign aide said": someone new
    return ctx.resolve_role(words[k].key, words[k].start, words[j].start, words[k].end)


_OBJECT_PRONOUNS = frozenset(("him", "her"))

# Prepositions that open an adjunct between a subject and its verb ("Peskov on Monday said").
_PHRASE_PREPOSITIONS = frozenset(
    [
        "on",
        "in",
        "at",
        "during",
        "after",
        "before",
        "from",
        "with",
        "over",
        "via",
        "while",
        "of",
        "for",
    ]
)


def subject_after(ctx: ArticleContext, words: list[Word], cue: Cue) -> SpeakerRef | None | bool:
    """ "said Peskov", "said Kremlin spokesman Dmitry Peskov", "according to him".

    Like ``subject_before``: None for a non-person subject ("said the
    Kremlin"), False when no subject follows ("adding that ...")."""
    rules = ctx.rules
    k = cue.last + 1
    if k >= len(words) or cue.key_ing or cue.lemma == "tell":
        return False  # "telling Stephanopoulos that": an addressee, not a speaker
    first = words[k]
    if first.key in rules.prepositions and cue.lemma != "according_to":
        return False  # "said of Cruz": Cruz is the topic, not the speaker
    if (
        first.key in rules.calendar or (first.key in rules.between and not first.cap)
    ) and ctx.mention_at(first.start) is None:
        return False  # "said Sunday", "said today": a time, not a subject
    if first.key in rules.pronouns or (
        cue.lemma == "according_to" and first.key in _OBJECT_PRONOUNS
    ):
        return ctx.resolve_pronoun(first.start, first.end)
    # "said former tech executive Carly Fiorina", "said the bureau's director,
    # James B. Comey": a name within a few words, before any clause break.
    for j in range(k, min(k + 9, len(words))):
        w = words[j]
        m = ctx.mention_at(w.start)
        if m is not None and not ctx.in_quote(m.start) and not ctx.in_title(m):
            later = _name_after_modifier(ctx, words, m, min(k + 9, len(words)))
            return later or SpeakerRef(m.name, m.start, m.end)
        if (
            w.key == "and"
            and j > k
            and words[j - 1].cap
            and j + 1 < len(words)
            and words[j + 1].cap
        ):
            continue  # "said former Gov. and Party Chairman Ed Rendell": one title
        if w.key in (";", ":", "—", "–", "that", "and", "but") or (
            w.key in rules.forms and not w.cap  # "said State Senator X" is no second verb
        ):
            break
        if w.key == "," and not (
            (j > k and words[j - 1].key in rules.roles)
            or (j + 1 < len(words) and ctx.mention_at(words[j + 1].start) is not None)
        ):
            break  # "said his best friend at Lehigh, Bruce Turry" goes on to the name
        if w.key in rules.roles and j > k and (
            words[j - 1].key in DETERMINERS or _determined(ctx, words, k, j)
        ):
            # "according to the diplomat": a role standing for a named person.
            nxt = words[j + 1] if j + 1 < len(words) else None
            # "the bench of Justice X": the name after "of" is the speaker.
            if nxt is None or (ctx.mention_at(nxt.start) is None and nxt.key != "of"):
                # "wrote the ambassador at the time, John Herbst": the name set
                # off after the role's phrase is the speaker.
                named = _apposed_name(ctx, words, j + 1)
                if named is not None:
                    return named
                lead = j - 1 if words[j - 1].key in DETERMINERS else k
                ref = ctx.resolve_role(w.key, w.start, words[lead].start, w.end)
                if ref is not None:
                    return ref
    # "said the Kremlin.", "reports USA Today": a short subject closing the clause.
    end = k
    while end < len(words) and end - k < 6 and words[end].key not in (",", ";", ":", "—", "–"):
        end += 1
    if end - k < 6 and not cue.key_ing and (first.cap or first.key in DETERMINERS):
        org = organisation_ref(ctx, words, k, end)
        return org if org is not None else None
    # "told reporters that", "saying the city embodied": content, not a speaker.
    return False


def _determined(ctx: ArticleContext, words: list[Word], k: int, j: int) -> bool:
    """A determiner opens ``words[k:j]`` and only modifiers or capitals stand
    between it and the role ``words[j]``: "the Democratic nominee", "the
    Senate minority leader"."""
    if words[k].key not in _DEFINITE:
        return False  # "said a longtime adviser": someone new
    return all(w.cap or w.key in ctx.rules.modifiers for w in words[k + 1 : j])


_DEFINITE = DETERMINERS - {"a", "an"}


def _apposed_name(ctx: ArticleContext, words: list[Word], i: int) -> SpeakerRef | None:
    """ "the ambassador at the time, John Herbst": a name set off by a comma
    within a few words after ``words[i]``, before any clause break."""
    for j in range(i, min(i + 6, len(words) - 1)):
        key = words[j].key
        if key == ",":
            m = ctx.mention_at(words[j + 1].start)
            return SpeakerRef(m.name, m.start, m.end) if m is not None else None
        if key in (";", ":", "—", "–", "that", "who", "which") or key in ctx.rules.forms:
            return None
    return None


def lead_word(ctx: ArticleContext, w: Word) -> bool:
    """Words that may precede a subject name: titles, determiners, capitals."""
    return (
        (w.cap and w.key not in ctx.rules.pronouns)
        or w.key in ("—", "–", "-")  # a dateline: "WASHINGTON — Sen. X ..."
        or w.key in ctx.rules.roles
        or w.key in ctx.rules.modifiers
        or w.key in DETERMINERS
    )


def _name_after_modifier(
    ctx: ArticleContext, words: list[Word], m: PersonMention, hi: int
) -> SpeakerRef | None:
    """ "said Concord resident Whit Symms", "mused Blaze co-host Stu Smith": a
    name followed by a lower-case noun qualifies the name after it."""
    j = next((i for i, w in enumerate(words) if w.start >= m.end), len(words))
    if j >= hi or words[j].cap or not words[j].key[:1].isalpha():
        return None
    if words[j].key in ctx.rules.function_words or words[j].key in ctx.rules.forms:
        return None
    for i in range(j + 1, hi):
        later = ctx.mention_at(words[i].start)
        if later is not None:
            return SpeakerRef(later.name, later.start, later.end)
        if not lead_word(ctx, words[i]):
            break
    return None
