"""Verb cues: speech verbs, the verb classes of sources.toml and idioms, tied
to their subject (or, inverted, to the speaker after them: ", said Peskov")."""

from __future__ import annotations

from bisect import bisect_left

from .grammar import Grammar
from .phrase import SourcePhrase, moved
from .sentence import Sentence
from .subjects import verb_subjects


def _verb_ok(cand: SourcePhrase, lemma: str, g: Grammar) -> bool:
    return cand.kind == "person" or cand.kind in g.verbs.subjects.get(lemma, ())


def _plural(cand: SourcePhrase, g: Grammar) -> bool:
    """Whether a phrase reads as plural ("officials", "Democrats", "the police")."""
    if cand.kind == "vague":
        return True
    if cand.kind == "person":
        return False
    last = cand.name.split()[-1].casefold() if cand.name.split() else ""
    return (last.endswith("s") and not last.endswith("ss")) or last in g.verb_cues.plural_nouns


def speech_verbs(sen: Sentence) -> None:
    """Verb cues: every speech verb, class verb (multi-word forms too) and idiom
    of the sentence, outside quotes and other cues, tied to its source."""
    g = sen.g
    forms, multi = g.verbs.forms, g.verbs.multi
    present = sen.fold_set & g.verbs.first_words
    if not present:
        return
    for i in [i for i, f in enumerate(sen.folds) if f in present]:
        fold = sen.folds[i]
        lemma = forms.get(fold)
        end = sen.ends[i]
        nxt = sen.folds[i + 1] if i + 1 < len(sen.folds) else None
        for rest, multi_lemma in multi.get(fold, ()):
            if rest[0] == nxt and sen.joined(i + 1, rest):
                lemma, end = multi_lemma, sen.ends[i + len(rest)]
                break
        for idiom in g.verbs.idioms.get(fold, ()):
            if idiom.needs.isdisjoint(sen.fold_set):
                continue
            m = idiom.pattern.match(sen.text, sen.starts[i], sen.span.end)
            if m:
                lemma, end = idiom.lemma, m.end()
                break
        word = sen.words[i]
        # Not "SAID" in an all-caps line; "Says" only in a headline ("Trump Says He"),
        # not in a name ("United States").
        cased = word.islower() or (word.istitle() and (i == 0 or sen.headline()))
        if lemma is not None and cased and sen.free(sen.starts[i], end):
            base = end == sen.ends[i] and fold in g.verbs.bases
            _verb_cue(sen, sen.starts[i], end, lemma, base=base)


def _hyphenated(sen: Sentence, end: int) -> bool:
    """Whether the word after ``end`` is the first part of a hyphenated word."""
    i = sen.index_at(end)
    return i is not None and sen.text[sen.ends[i] : sen.ends[i] + 1] == "-"


def _next_word(sen: Sentence, end: int) -> str | None:
    """The next word after ``end`` when only white space separates them."""
    i = bisect_left(sen.starts, end)
    if i < len(sen.starts) and not sen.text[end : sen.starts[i]].strip():
        return sen.folds[i]
    return None


def _verb_cue(sen: Sentence, start: int, end: int, lemma: str, *, base: bool) -> None:
    g = sen.g
    cue = (start, end)
    word = sen.text[start:end]
    following = _next_word(sen, end)
    if following in g.verb_cues.particles and not _hyphenated(sen, end):
        return  # "called up", "written off"; not "said down-ballot races"
    ing = word.split()[0].casefold().endswith("ing")  # "calling for" too
    inverted = _inverted(sen, start, end, lemma) if not ing and word.islower() else None
    if inverted is not None:
        # ", said James Henson, director of...": the speaker follows the verb.
        sen.add(inverted, cue)
        return
    weak = g.verbs.weak.get(lemma)
    subjects: list[SourcePhrase] = []
    touching = False
    strong = weak is None or _weak_ok(sen, end, weak)
    person = lemma in g.verb_cues.person_lemmas
    if strong or person or "document" in g.verbs.subjects.get(lemma, ()):
        subjects, touching = verb_subjects(sen, start, word)
        if not strong:
            # "a CNN poll showed a tie": a finding needs no complement; nor does a
            # person's belief ("Trump thinks so", "Clinton touted her plan").
            subjects = [
                c for c in subjects if c.kind == "document" or (person and c.kind == "person")
            ]
        if weak is not None and not _clause_follows(sen, end):
            # "Rust Belt states of": a weak verb after a name no list knows is a noun,
            # unless a clause follows ("Edison Research found that").
            subjects = [c for c in subjects if not c.guessed]
    if subjects and g.verb_cues.no_comment.match(sen.text, end, sen.span.end):
        return  # "did not respond to a request for comment": nothing is claimed
    for subject in subjects:
        touch = touching and subject is subjects[-1]
        if (
            _verb_ok(subject, lemma, g)
            and (touch or not subject.strict)
            and not (ing and _indefinite(sen, subject))
            # "the Sanders plan", "Trump say": an uninflected verb needs a plural subject.
            and not (base and touch and len(subjects) == 1 and not _plural(subject, g))
        ):
            # "..., Peskov said, TASS reported": the outlet is the channel of the
            # sentence's other sources; so is any named subject of "reported"
            # ("..., Beta reported").
            channel = subject.kind == "outlet" or (
                subject.kind == "organisation" and lemma in g.verb_cues.channel_subject_lemmas
            )
            sen.add(subject, cue, channel=channel)
    if lemma in g.verb_cues.outlet_object_lemmas:
        target = sen.object(end)
        if target is not None and target.kind == "outlet":
            sen.add(target, cue, channel=True)


def _inverted(sen: Sentence, start: int, end: int, lemma: str) -> SourcePhrase | None:
    """The speaker after an inverted verb (", said Peskov", "“...,” said the
    official"): a named phrase, not a pronoun opening the complement (", says
    he didn't"), closing its clause."""
    g = sen.g
    if lemma not in g.verb_cues.inversion_lemmas or lemma in g.verb_cues.object_lemmas:
        return None
    before = sen.text[sen.span.start : start].rstrip()
    if not before or before[-1] not in ',"”’—–':
        return None
    target = sen.object(end) or _described(sen, end)
    if target is None:
        return None
    if target.kind == "document" or not _verb_ok(target, lemma, g):
        return None
    if (
        target.kind == "person"
        and sen.text[target.start : target.end].casefold() in g.verb_cues.subject_words
    ):
        return None
    # It closes the clause: not ", said the United States should" (a complement).
    after = sen.text[target.tail : target.tail + 1]
    if after and not after.isspace() and after not in ",.;:!?)—–\"”’'":
        return None
    k = sen.index_at(target.tail)
    # ", said Doyle and others": a coordinated group still closes the clause.
    if (
        k is not None
        and sen.folds[k] not in g.verb_cues.inversion_followers
        and not (
            sen.folds[k] in g.clause.coordinators
            and _next_word(sen, sen.ends[k]) in g.verb_cues.others
        )
    ):
        return None
    return target


def _described(sen: Sentence, end: int) -> SourcePhrase | None:
    """The person named after a description that follows an inverted verb
    (", said the company's chief executive, John Ferriola."): the description
    opens with a determiner and runs to a comma, at most
    ``description_max_words`` words."""
    g, text = sen.g, sen.text
    k = sen.index_at(end)
    if k is None or sen.words[k] not in g.verb_cues.description_openers:
        return None
    for j in range(k, min(len(sen.starts) - 1, k + g.verb_cues.description_max_words)):
        gap = text[sen.ends[j] : sen.starts[j + 1]]
        if not gap.strip(" '’"):
            continue
        if gap.strip() != "," or sen.ctx.quoted(sen.starts[j + 1]):
            return None
        named = sen.object(sen.ends[j] + 1)
        if named is None or named.kind != "person" or named.object_only:
            return None
        return moved(named, named.start, named.end, sen.starts[k], named.tail)
    return None


def _weak_ok(sen: Sentence, end: int, weak: frozenset[str]) -> bool:
    """Whether what follows a weak verb makes it an attribution: punctuation,
    or (past adverbs and dates: "responded late Friday with") one of its listed
    words, a name ("<name>": "urged Congress", "thinks Mr. Trump will") or a
    subject pronoun ("<pronoun>": "believes he can")."""
    g = sen.g
    i = sen.index_at(end)
    while i is not None and (
        sen.folds[i] in g.clause.glue_words or sen.folds[i] in g.verb_cues.day_words
    ):
        i = sen.index_at(sen.ends[i])
    if i is None:
        return True  # a comma, a quote, the end of the sentence
    following = sen.folds[i]
    if following in weak:
        return True
    if "<pronoun>" in weak and following in g.verb_cues.subject_words:
        return True
    return (
        "<name>" in weak and sen.words[i][:1].isupper() and following not in g.verb_cues.day_words
    )


def _clause_follows(sen: Sentence, end: int) -> bool:
    """Whether a complementizer ("that", "whether") follows the verb ending at ``end``."""
    i = sen.index_at(end)
    return i is not None and sen.folds[i] in sen.g.verb_cues.complementizers


def _indefinite(sen: Sentence, cand: SourcePhrase) -> bool:
    """ "a legally binding document confirming ...": a hypothetical thing with a
    participle is no attribution."""
    if cand.kind == "person":
        return False
    i = bisect_left(sen.starts, cand.lead)
    for k in range(i, max(-1, i - 4), -1):
        if k < len(sen.folds) and sen.folds[k] in ("a", "an"):
            return True
        if k < i and not sen.words[k].islower():
            return False
    return False
