"""What speaker resolution knows about one article: its word tokens, the
people it names and where, its paired quote marks and its sentences, and how
a pronoun or a role ("the spokesman") resolves to a named person.

The context is built once per article and cached for the next call on the
same article and people (``article_context``).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from operator import is_
from typing import NamedTuple

from ...models import Article, Person, Span
from ...text import Sentences, fold_word, sentence_spans
from .attribution_rules import attribution_rules
from .marks import RawQuote, has_word, raw_quotes


class Word(NamedTuple):
    """One word token of the text (or a comma, colon, semicolon or dash)."""

    start: int
    end: int
    key: str  # folded, lower-cased; punctuation tokens are themselves
    cap: bool


@cache
def _word_re() -> re.Pattern[str]:
    # A short parenthesis ("(R-Tenn.)") is matched as one unit and skipped.
    # Dotted acronyms ("U.S.") and words share their first letter: factored,
    # so the engine tests it once.
    return re.compile(
        r"(.*?)"  # the gap before the word, to keep count of positions
        r"(\([^()\n]{0,30}\)|[^\W\d_](?:\.(?:[^\W\d_]\.)+|[\w'’\-]*)|\d+(?:[.,]\d+)*"
        r"|[,:;—–]|(?<!\w)-(?!\w))",
        re.S,
    )


def word_tokens(text: str, start: int, end: int) -> list[Word]:
    """The words of ``text[start:end]``, keys folded; short parentheses skipped."""
    out: list[Word] = []
    append = out.append
    new = tuple.__new__  # Word(...) without the NamedTuple wrapper's extra call
    pos = start
    # findall of (gap, word) pairs: positions by running sum, no match objects
    # (this loop is the quotes stage's hottest; measured faster than maps over
    # the whole list, which make several passes).
    for gap, w in _word_re().findall(text, start, end):
        s = pos + len(gap)
        pos = s + len(w)
        c = w[0]
        if c != "(":
            append(new(Word, (s, pos, w.casefold() if w.isascii() else fold_word(w), c.isupper())))
    return out


# How many sentences back a pronoun may look for the person it stands for
# (within this paragraph and the one before). Calibrated on PolNeAR-train:
# 4 loses nothing against an unbounded search and keeps long paragraphs linear.
_PRONOUN_REACH = 4
# How many paragraphs wholly inside quotes a pronoun may look past (a statement
# quoted over several paragraphs before "he told reporters"); news copy seen
# in the gold set runs to 2.
_QUOTED_PARAGRAPHS = 3


@dataclass(frozen=True)
class SpeakerRef:
    """A resolved speaker: the name, and the span of text naming them."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class PersonMention:
    """A mention of a person found by the people stage, with its name."""

    start: int
    end: int
    name: str
    lead: int  # where the mention's phrase starts: its title before it, else itself


class ArticleContext:
    """Everything speaker resolution needs about one article, built once."""

    def __init__(
        self,
        article: Article,
        people: Sequence[Person],
        raws: list[RawQuote],
        split: Sentences | None,
    ) -> None:
        self.text = article.text
        self.paras = article.paragraphs
        self.para_starts = [p.start for p in self.paras]
        self.rules = attribution_rules()
        self.raws = raws
        self.quote_spans = [(r.open_pos, r.end + 1) for r in raws]
        self.quote_starts = [s for s, _ in self.quote_spans]
        mentions: list[PersonMention] = []
        titles: list[tuple[int, int]] = []
        role_people: dict[str, list[tuple[int, str]]] = {}
        for person in people:
            for m in person.mentions:
                lead = m.start
                if m.title_start is not None and m.title_start < m.start:
                    lead = m.title_start
                mentions.append(PersonMention(m.start, m.end, person.name, lead))
                if m.title_start is not None and m.title_end is not None:
                    titles.append((m.title_start, m.title_end))
                for word in fold_word(m.title or "").split():
                    if word in self.rules.roles:
                        role_people.setdefault(word, []).append((m.start, person.name))
        mentions.sort(key=lambda x: (x.start, x.end))
        titles.sort()
        self.mentions = mentions
        self.m_starts = [m.start for m in mentions]
        # Keyed by end, and also by the end before a final stop ("Comey Jr.",
        # "Mr."): the word tokens here never include the stop.
        self.m_by_end = {m.end: m for m in mentions}
        for known in mentions:
            if self.text[known.end - 1] == ".":
                self.m_by_end.setdefault(known.end - 1, known)
        self.titles = titles
        self.role_people = {k: sorted(v) for k, v in role_people.items()}
        # Each person's mentions as (start, end), in text order.
        self.by_name: dict[str, list[tuple[int, int]]] = {}
        for known in mentions:
            self.by_name.setdefault(known.name, []).append((known.start, known.end))
        self._subjects: dict[int, list[tuple[int, PersonMention | None]]] = {}
        self._starts: dict[int, list[int]] = {}
        self._sifted: dict[int, list[PersonMention]] = {}
        self._described: dict[int, tuple[tuple[int, SpeakerRef | None], ...]] = {}
        self._index: SubjectCandidates | None = None
        self._sent_starts: dict[int, list[int]] = {}
        self._subjects_upto = 0  # paragraphs below this have their sentence subjects
        self.genders = self._genders(mentions)
        self._split = split
        self._sentences: dict[int, Sequence[Span]] = {}

    # -- sentences, split once per paragraph (or once per article, by the caller)

    def sentences(self, para: int) -> Sequence[Span]:
        """The sentences of paragraph ``para``."""
        if self._split is not None:
            return self._split.by_paragraph[para]
        cached = self._sentences.get(para)
        if cached is None:
            span = self.paras[para]
            cached = tuple(sentence_spans(self.text, span.start, span.end))
            self._sentences[para] = cached
        return cached

    # -- lookups

    def para_of(self, pos: int) -> int:
        """Index of the paragraph holding ``pos``."""
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        """True if ``pos`` lies inside a quote, its marks included."""
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]

    def in_title(self, m: PersonMention) -> bool:
        """True if ``m`` lies inside another mention's title."""
        i = bisect.bisect_right(self.titles, (m.start, len(self.text) + 1)) - 1
        while i >= 0 and self.titles[i][1] >= m.end:
            if self.titles[i][0] <= m.start and m.end <= self.titles[i][1]:
                return True
            i -= 1
            if i >= 0 and self.titles[i][1] < m.start:
                break
        return False

    def mention_at(self, start: int) -> PersonMention | None:
        """The mention starting at ``start``, if any."""
        i = bisect.bisect_left(self.m_starts, start)
        if i < len(self.mentions) and self.mentions[i].start == start:
            return self.mentions[i]
        return None

    def names_person(self, ref: SpeakerRef) -> bool:
        """True if ``ref`` is a person's mention, not an organisation's name."""
        m = self.mention_at(ref.start)
        return m is not None and m.end == ref.end

    def mentions_in(self, lo: int, hi: int) -> list[PersonMention]:
        """The mentions lying wholly in ``[lo, hi)``, in text order."""
        return list(self.iter_mentions_in(lo, hi))

    def iter_mentions_in(self, lo: int, hi: int) -> Iterator[PersonMention]:
        """The mentions lying wholly in ``[lo, hi)``, in text order, as read."""
        i = bisect.bisect_left(self.m_starts, lo)
        while i < len(self.mentions) and self.mentions[i].start < hi:
            if self.mentions[i].end <= hi:
                yield self.mentions[i]
            i += 1

    # -- pronouns and roles

    def sentence_subjects(self, para: int) -> list[tuple[int, PersonMention | None]]:
        """(sentence start, subject mention) for each sentence of a paragraph:
        the first person named outside quotes, titles and prepositional
        phrases, or for a sentence whose subject is a pronoun ("“...,” he
        said", "She later posted"), the person that pronoun stands for."""
        # A pronoun's antecedent may sit in the paragraph before, itself a
        # pronoun's: paragraphs are done in order, once each, so a chain of
        # "he said" paragraphs resolves without recursion and in linear work.
        while self._subjects_upto <= para:
            self._subjects_upto += 1
            self._subject_paragraph(self._subjects_upto - 1)
        return self._subjects[para]

    def _subject_paragraph(self, para: int) -> None:
        out: list[tuple[int, PersonMention | None]] = []
        starts: list[int] = []
        self._subjects[para] = out
        self._starts[para] = starts
        for sent in self.sentences(para):
            out.append((sent.start, self._topic(para, sent.start, sent.end)))
            starts.append(sent.start)

    def _topic(self, para: int, lo: int, hi: int) -> PersonMention | None:
        """Whom the sentence ``[lo, hi)`` of paragraph ``para`` is about: its
        first person named, or a pronoun's antecedent when the pronoun comes
        first or no one is named, or a definite role's person."""
        subject = self.subject_in(lo, hi)
        if subject is None:
            # "Ban's term expires later this year.": a possessive opening a
            # sentence that names no other subject is what it is about.
            first = next(self.iter_mentions_in(lo, hi), None)
            if (
                first is not None
                and self.text[first.end : first.end + 1] in ("'", "’")
                and not self.in_quote(first.start)
                and not self.words_outside_quotes(lo, first.lead)
            ):
                return first
        # The pronoun is the subject when no one is named, or when it comes
        # before the name ("He met Harsh Vardhan", "On Sunday he endorsed
        # Clinton"), unless the name opens the main clause ("When he
        # arrived, Clinton said").
        pronoun = self._pronoun_in(lo, hi if subject is None else subject.lead)
        if pronoun is not None and (
            subject is None or self._pronoun_leads(lo, pronoun[0], subject)
        ):
            drawn = self._antecedent(para, lo, pronoun[1])
            return drawn[1] if drawn is not None else None
        if subject is None:
            return self._role_in(para, lo, hi)
        return subject

    def described_subject(self, para: int, lo: int, hi: int) -> SpeakerRef | None:
        """The person a sentence of paragraph ``para`` starting at ``lo`` that
        names no one before ``hi`` is about: its first pronoun outside quotes
        before ``hi``, resolved, or a definite role ("the Florida senator")."""
        found = self._described.get(lo)
        if found is None:
            # Once per sentence, over all of it: the first pronoun or role of
            # the whole sentence lies before ``hi`` or none does (a sentence
            # of many quotes is not read again for each).
            sents = self.sentences(para)
            k = bisect.bisect_right(self._sentence_starts(para), lo) - 1
            end = sents[k].end if k >= 0 else self.paras[para].end
            pronoun = self._pronoun_in(lo, end)
            role = self._role_in(para, lo, end)
            drawn: list[tuple[int, SpeakerRef | None]] = []
            if pronoun is not None:
                at = pronoun[0]
                drawn.append((at, self.resolve_pronoun(at, at + len(pronoun[1]))))
            if role is not None:
                drawn.append((role.start, SpeakerRef(role.name, role.start, role.end)))
            found = tuple(drawn)
            self._described[lo] = found
        return next((ref for at, ref in found if at < hi), None)

    def _named_next(self, para: int, pos: int) -> PersonMention | None:
        """ "“...,” the spokesperson said. Esmaeil Baqaei added that ...": the
        person opening the next sentence of the paragraph with a speech verb
        names the role just used."""
        starts = self._sentence_starts(para)
        k = bisect.bisect_right(starts, pos)
        if k >= len(starts):
            return None
        lo = starts[k]
        first = next(self.subject_candidates(lo, self.sentences(para)[k].end), None)
        if first is None or self.words_outside_quotes(lo, first.lead):
            return None
        after = word_tokens(self.text, first.end, min(self.paras[para].end, first.end + 30))
        return first if after and after[0].key in self.rules.forms else None

    def _pronoun_leads(self, lo: int, pos: int, name: PersonMention) -> bool:
        """True if the pronoun at ``pos`` (before ``name``, in the sentence
        starting at ``lo``) is the sentence's subject: it opens the sentence,
        or it stands in the sentence's first clause and the name does not open
        a later clause ("When he arrived, Clinton said"; but "Flying home,
        she told her husband, Frank" is hers)."""
        text = self.text
        if not self.words_outside_quotes(lo, pos) or text.find(",", lo, pos) != -1:
            return True  # "“...,” he said", "Flying home, she ...": the main clause's
        comma = text.rfind(",", pos, name.lead)
        return comma == -1 or not all(w[:1].isupper() for w in text[comma + 1 : name.lead].split())

    def words_outside_quotes(self, lo: int, hi: int) -> bool:
        """True if ``text[lo:hi]`` holds a letter or digit outside quotes."""
        spans = self.quote_spans
        i = max(0, bisect.bisect_right(self.quote_starts, lo) - 1)
        pos = lo
        while pos < hi:
            while i < len(spans) and spans[i][1] <= pos:
                i += 1
            if i < len(spans) and spans[i][0] <= pos:
                pos = spans[i][1]  # inside a quote: skip to its end
                continue
            nxt = min(hi, spans[i][0]) if i < len(spans) else hi
            if has_word(self.text, pos, nxt):
                return True
            pos = nxt
        return False

    def _role_in(self, para: int, lo: int, hi: int) -> PersonMention | None:
        """The person a definite role names in ``[lo, hi)`` ("Speaking at the
        meeting, the former Statoil boss said"), outside quotes."""
        words = word_tokens(self.text, lo, hi)
        for k, w in enumerate(words):
            if w.key not in self.rules.roles or self.in_quote(w.start):
                continue
            the = next((j for j in range(k - 1, max(-1, k - 5), -1) if words[j].key == "the"), None)
            if the is None or any(words[j].key == "," for j in range(the, k)):
                continue
            ref = self.resolve_role(w.key, w.start, words[the].start, w.end, sentence=lo)
            return PersonMention(ref.start, ref.end, ref.name, ref.start) if ref else None
        return None

    def _pronoun_in(self, lo: int, hi: int) -> tuple[int, str] | None:
        """The first subject pronoun in ``[lo, hi)`` outside quotes: its start and key."""
        for m in _pronoun_re(self.rules.pronouns).finditer(self.text, lo, hi):
            if not self.in_quote(m.start()):
                return m.start(), m.group().casefold()
        return None

    def subject_in(self, lo: int, hi: int) -> PersonMention | None:
        """The first person named in ``[lo, hi)`` outside quotes, titles and
        prepositional phrases (``lo`` a sentence start of its paragraph)."""
        return next(self.subject_candidates(lo, hi), None)

    def subject_candidates(self, lo: int, hi: int) -> Iterator[PersonMention]:
        """The mentions in ``[lo, hi)`` outside quotes, titles and
        prepositional phrases, in text order; ``lo`` starts a sentence of its
        paragraph (or the paragraph), whose mentions are sifted once: a long
        sentence of quoted names is not re-read for each quote in it."""
        sifted = self._sifted.get(lo)
        if sifted is None:
            para = self.para_of(lo)
            sents = self.sentences(para)
            k = bisect.bisect_right(self._sentence_starts(para), lo) - 1
            end = sents[k].end if k >= 0 else self.paras[para].end
            sifted = [
                m
                for m in self.iter_mentions_in(lo, max(end, lo))
                if not (self.in_quote(m.start) or self.in_title(m) or self.object_like(m))
            ]
            self._sifted[lo] = sifted
        for m in sifted:
            if m.start >= hi:
                break
            if m.end <= hi:
                yield m

    def subject_index(self, main_clause: re.Pattern[str]) -> SubjectCandidates:
        """The article's possible subjects, indexed once (see ``SubjectCandidates``)."""
        if self._index is None:
            self._index = SubjectCandidates(self, main_clause)
        return self._index

    def _sentence_starts(self, para: int) -> list[int]:
        starts = self._sent_starts.get(para)
        if starts is None:
            starts = [sent.start for sent in self.sentences(para)]
            self._sent_starts[para] = starts
        return starts

    def object_like(self, m: PersonMention, *, coordinated: bool = True) -> bool:
        """A name after a preposition ("worked for Sen. Lamar Alexander", looking
        before the title too) or a possessive. With ``coordinated`` a name
        after "and"/"or" counts as an object too."""
        before = self.text[max(0, m.lead - 20) : m.lead].split()
        word = fold_word(before[-1]) if before else ""
        # "the editor I was talking to, Tim Grieve, said": a comma after a
        # stranded preposition opens an apposition, not its object.
        if word.endswith(",") and word.strip(",") not in ("and", "or"):
            word = ""
        word = word.strip(",")
        if word in self.rules.prepositions and (coordinated or word not in ("and", "or")):
            return True
        # "Trump's campaign", "Sanders' success": a possessive is not the subject.
        return self.text[m.end : m.end + 1] in ("'", "’")

    def resolve_pronoun(self, pos: int, end: int) -> SpeakerRef | None:
        """The person a pronoun at ``pos`` stands for: the subject of its own
        sentence named before it, else of the latest sentence about a person
        (named, or a pronoun resolved in turn), in this paragraph or the one
        before, whose gender, where a mention shows it, fits the pronoun."""
        found = self.pronoun_source(pos, end)
        return SpeakerRef(found[1].name, pos, end) if found is not None else None

    def pronoun_source(self, pos: int, end: int) -> tuple[int, PersonMention] | None:
        """What ``resolve_pronoun`` draws on: where the antecedent was found
        (its mention in the pronoun's sentence, else the start of the
        sentence whose subject it is) and the mention."""
        para = self.para_of(pos)
        pronoun = fold_word(self.text[pos:end])
        sent_start = self.sentence_start(para, pos)
        subject = self.subject_in(sent_start, pos)
        if subject is not None and self.fits(subject.name, pronoun):
            return subject.start, subject
        return self._antecedent(para, sent_start, pronoun)

    def _antecedent(
        self, para: int, sent_start: int, pronoun: str
    ) -> tuple[int, PersonMention] | None:
        """The subject of the latest sentence before ``sent_start`` (this
        paragraph's or the previous one's) that ``pronoun`` may stand for,
        with that sentence's start."""
        # Paragraphs wholly inside a quote (a statement running over several)
        # are passed over: they name no one and do not count.
        p, read = para, 0
        while p >= 0 and read < 2 and para - p <= _QUOTED_PARAGRAPHS + 1:
            sentences = self._subjects[p]
            # Earlier sentences only: those starting before this one.
            k = bisect.bisect_left(self._starts[p], sent_start) if p == para else len(sentences)
            for start, found in reversed(sentences[max(0, k - _PRONOUN_REACH) : k]):
                if found is not None and self.fits(found.name, pronoun):
                    return start, found
            span = self.paras[p]
            read += p == para or self.words_outside_quotes(span.start, span.end)
            p -= 1
        return None

    def fits(self, name: str, pronoun: str) -> bool:
        """True unless a mention of ``name`` shows a gender other than ``pronoun``'s."""
        gender = self.genders.get(name)
        return gender is None or pronoun not in self.rules.gender or gender == pronoun

    def _genders(self, mentions: list[PersonMention]) -> dict[str, str]:
        """The pronoun each person takes where an honorific or the given name
        shows it ("Ms Mohamed", "Hillary Clinton": she); a person shown as
        both takes none."""
        shown: dict[str, set[str]] = {}
        for name in {m.name for m in mentions}:
            given = fold_word(name).split()[:1]
            for pronoun, names in self.rules.given_gender.items():
                if given and given[0] in names:
                    shown.setdefault(name, set()).add(pronoun)
        for m in mentions:
            before = fold_word(self.text[max(0, m.lead - 12) : m.start]).replace(".", " ")
            words = before.split()[-1:] + fold_word(self.text[m.start : m.end]).split()[:1]
            for pronoun, honorifics in self.rules.gender.items():
                if any(w.rstrip(".") in honorifics for w in words):
                    shown.setdefault(m.name, set()).add(pronoun)
        return {name: next(iter(g)) for name, g in shown.items() if len(g) == 1}

    def document_issuer(self, pos: int, since: int = 0) -> SpeakerRef | None:
        """ "the statement said": who issued the latest document named before
        ``pos`` ("a release from the Health Ministry", "X said in a
        statement"), looking back a bounded stretch (and not before ``since``)."""
        found = None
        lo = max(since, pos - self.rules.document_reach)
        for m in _issuer_re(self.rules.documents).finditer(self.text, lo, pos):
            group = next(g for g in (1, 2, 3) if m.group(g))
            found = (m.start(group), m.end(group))
        if found is None:
            return None
        named = self.mention_at(found[0])
        if named is not None:
            return SpeakerRef(named.name, named.start, named.end)
        name = self.text[found[0] : found[1]].removeprefix("The ")
        return SpeakerRef(name, found[0], found[1]) if name else None

    def sentence_start(self, para: int, pos: int) -> int:
        """Start of the sentence of paragraph ``para`` that holds ``pos``."""
        self.sentence_subjects(para)
        starts = self._starts[para]
        k = bisect.bisect_right(starts, pos) - 1
        return starts[k] if k >= 0 else self.paras[para].start

    def resolve_role(
        self, role: str, pos: int, start: int, end: int, *, sentence: int | None = None
    ) -> SpeakerRef | None:
        """ "the spokesman", "the Russian advisor": the latest person before
        ``pos`` whose title holds that role (or a role it stands for: "the
        court", a judge); when no one was given it, the person spoken of
        last, as a pronoun would. ``sentence``: the start of ``pos``'s
        sentence, if known."""
        # Look-ups by bisection: a scan of every earlier mention per role noun
        # was quadratic in an article repeating one (bench/worst_case.py).
        best: tuple[int, str] | None = None
        for each in (role, *sorted(self.rules.stand_for.get(role, ()))):
            titled = self.role_people.get(each, [])
            k = bisect.bisect_left(titled, (pos, ""))  # the last titled before ``pos``
            if k and (best is None or titled[k - 1][0] > best[0]):
                best = titled[k - 1]
        if best is None:
            # "the Foreign Ministry spokesman" where no one was given that
            # title: a definite description of the person spoken of last.
            para = self.para_of(pos)
            if sentence is None:
                sentence = self.sentence_start(para, pos)
            # "Cruz defends his record on TV: “...,” the senator says": the
            # sentence's own subject named before the role comes first.
            subject = self.subject_in(sentence, pos) or self._named_next(para, pos)
            if subject is not None:
                return SpeakerRef(subject.name, start, end)
            drawn = self._antecedent(para, sentence, "")
            return SpeakerRef(drawn[1].name, start, end) if drawn is not None else None
        own = self.by_name[best[1]]
        # The latest mention of that person lying wholly before ``pos``.
        i = bisect.bisect_left(own, (pos,)) - 1
        while i >= 0 and own[i][1] > pos:
            i -= 1
        if i < 0:
            return None
        latest = own[i][0]
        if self.para_of(pos) - self.para_of(latest) > 3:
            return None
        return SpeakerRef(best[1], start, end)


class SubjectCandidates:
    """The mentions that may be a subject (outside quotes, titles and
    prepositional phrases), the article's commas and main-clause openings
    (``main_clause``: ", Hillary"), each sorted, so that finding a sentence's
    subject before a position takes bisections, not a walk over the
    sentence's mentions (and its words) for each of its quotes."""

    def __init__(self, ctx: ArticleContext, main_clause: re.Pattern[str]) -> None:
        self.mentions = [
            m for m in ctx.mentions
            if not (ctx.in_quote(m.start) or ctx.in_title(m) or ctx.object_like(m))
        ]
        self.starts = [m.start for m in self.mentions]
        self.ends = [m.end for m in self.mentions]
        # Mentions never overlap in practice; when they do, their ends are
        # out of order and each look-up filters its range instead.
        self.ends_sorted = all(map(operator.le, self.ends, self.ends[1:]))
        self.reach = list(accumulate((m.lead for m in self.mentions), max))
        self.commas = [m.start() for m in re.finditer(",", ctx.text)]
        found = list(main_clause.finditer(ctx.text))
        self.main_starts = [m.start() for m in found]
        self.main_ends = [m.end() for m in found]

    def between(self, lo: int, hi: int) -> list[PersonMention]:
        """The candidates lying wholly in ``[lo, hi)``, in text order."""
        i = bisect.bisect_left(self.starts, lo)
        if self.ends_sorted:
            return self.mentions[i : max(i, bisect.bisect_right(self.ends, hi))]
        j = bisect.bisect_left(self.starts, hi)
        return [m for m in self.mentions[i:j] if m.end <= hi]

    def lead_reach(self, between: Sequence[PersonMention], hi: int) -> int:
        """The furthest lead of ``between`` (what ``between(lo, hi)`` gave),
        or of an earlier candidate: those lead before ``lo``."""
        if self.ends_sorted:
            k = bisect.bisect_right(self.ends, hi)
            return self.reach[k - 1] if k else -1
        return max((m.lead for m in between), default=-1)

    def last_comma(self, lo: int, hi: int) -> int:
        """The position of the last comma in ``[lo, hi)``, or -1."""
        k = bisect.bisect_left(self.commas, hi) - 1
        return self.commas[k] if k >= 0 and self.commas[k] >= lo else -1

    def first_comma(self, lo: int, hi: int) -> int:
        """The position of the first comma in ``[lo, hi)``, or -1."""
        k = bisect.bisect_left(self.commas, lo)
        return self.commas[k] if k < len(self.commas) and self.commas[k] < hi else -1

    def main_clause_in(self, lo: int, hi: int) -> bool:
        """True if a main clause opens in ``[lo, hi)`` (the pattern's matches
        cannot overlap: each is one comma, the spaces after it and a capital)."""
        k = bisect.bisect_left(self.main_starts, lo)
        return k < len(self.main_starts) and self.main_ends[k] <= hi


@lru_cache(maxsize=4)
def _issuer_re(nouns: frozenset[str]) -> re.Pattern[str]:
    doc = "|".join(sorted(map(re.escape, nouns)))
    # A name stays on its line: a headline above the sentence is not part of it.
    name = r"((?:[A-Z][\w'’.-]*)(?:[ \t]+(?:of[ \t]+|for[ \t]+|and[ \t]+)?[A-Z][\w'’.-]*)*)"
    return re.compile(
        rf"\b(?:{doc})\s+(?:issued\s+)?(?:from|by)\s+(?:the\s+)?{name}"
        rf"|{name}\s+(?:said|says|wrote|added)\s+in\s+an?\s+(?:\w+\s+)?(?:{doc})\b"
        rf"|{name}\s+(?:has\s+)?(?:issued|released|sent|published)\s+an?\s+(?:\w+\s+)?(?:{doc})\b"
    )


@lru_cache(maxsize=4)
def _pronoun_re(pronouns: frozenset[str]) -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, pronouns)))
    return re.compile(rf"\b(?:{words})\b", re.I)


def article_context(
    article: Article, people: Sequence[Person], sentences: Sentences | None
) -> ArticleContext:
    """The speaker context of ``article``, built once for the last few
    articles (``find_quotes`` and ``find_reported_speech`` share it)."""
    return _prepared(_SameCall(article, tuple(people), sentences))


class _SameCall:
    """The arguments of one call, compared by identity: hashing the records
    themselves (every mention of every person) cost more than the look-up
    saved. Equal but distinct records only miss the cache. The sentences,
    derived from the article, are carried along but not compared."""

    __slots__ = ("article", "people", "sentences", "_hash")

    def __init__(
        self, article: Article, people: tuple[Person, ...], sentences: Sentences | None
    ) -> None:
        self.article = article
        self.people = people
        self.sentences = sentences
        self._hash = hash((id(article), *map(id, people)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _SameCall)
            and other.article is self.article
            and len(other.people) == len(self.people)
            and all(map(is_, other.people, self.people))
        )


@lru_cache(maxsize=4)
def _prepared(args: _SameCall) -> ArticleContext:
    """The paired quote marks and speaker context of an article, shared by
    ``find_quotes`` and ``find_reported_speech`` (called one after the other
    on the same article): the marks are paired and paragraphs tokenised once.
    (The cache holds the arguments, so the identities it compares stay valid.)"""
    return ArticleContext(args.article, args.people, raw_quotes(args.article), args.sentences)
