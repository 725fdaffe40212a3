"""The quotes stage: every direct quote in an article and who said it, and
reported speech ("Grushko stressed that ...").

Quote marks are paired paragraph by paragraph (curly, straight, guillemets,
„low-high“, and single marks only where they clearly delimit a quote). A
quote still open at a paragraph end continues when the next paragraph opens
with a quote mark, news style; each paragraph's part is its own Quote.

The speaker is found, in order, from: a speech verb right after the quote
("..., Peskov said" / "said Peskov" / "he added" / "..., Blunt, after a
pause, said"), a dash attribution, the sentence that leads into the quote
("Peskov said:" / "X confirmed that ... was "..."" / "According to X, ..."
/ a sentence whose named subject the quote belongs to), a neighbouring quote
of the same paragraph, the previous sentence of the paragraph, and finally,
for a paragraph that opens with an unattributed quote, the previous
paragraph's quote or its closing sentence about a person. Pronouns take the
subject of the latest sentence naming a person, looking no further back than
the previous paragraph. When the subject is a named organisation ("the
Kremlin said", "Xinhua wrote") the speaker is that name; a group ("officials
said") or an unresolved pronoun gives None, never a guess.

Beyond speech verbs: a quote whose sentence goes on ("“...,” Trump barked")
takes the name next to any past-tense verb; a lead-in "X shot back, “...”"
likewise; a verb sharing its sentence's subject ("and said", ", adding that")
takes that subject, not a name inside the reported clause; an attribution
closing a sentence covers its earlier quotes; a cue inside an opening
subordinate clause ("After X criticized Y, Z said") is not the quote's. A
short quoted stretch in Title Case without a final stop and without a speech
verb next to it names a work or a thing ("Meet the Press") and is left out.

The speech verbs are ``cues.toml``'s; the rules on what may stand between a
speaker and a verb are in ``quotes.toml``; titles and non-names come from
``people.toml``. ``find_quotes`` and ``find_reported_speech`` share the paired
marks of an article (a small cache keyed on the article and its people).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import compress
from operator import is_, itemgetter
from typing import NamedTuple

from ...models import Article, Person, Quote, ReportedSpeech, Span
from ...rules import load_data
from ...text import Sentences, fold_marks, sentence_spans

# ---------------------------------------------------------------------------
# Rules


@dataclass(frozen=True)
class _Rules:
    forms: dict[str, str]  # inflected single-word cue -> lemma
    pairs: dict[tuple[str, str], str]  # two-word cues ("pointed out") -> lemma
    plural: frozenset[str]  # bare plural-present forms ("say")
    participles: frozenset[str]  # forms that can follow "was"/"were" (passive)
    pronouns: frozenset[str]
    between: frozenset[str]
    passive: frozenset[str]
    prepositions: frozenset[str]
    bare_clause: frozenset[str]
    noun_like: frozenset[str]  # "states", "reports": plural nouns as often as verbs
    roles: frozenset[str]
    modifiers: frozenset[str]
    function_words: frozenset[str]  # "As", "The": capitalised at a sentence start only
    not_speakers: frozenset[str]  # "Officials", "This": capitalised but naming no one
    calendar: frozenset[str]  # "Monday", "March": "said Monday" has no inverted subject
    abbreviations: frozenset[str]  # "lt", "gov", "mr": a stop after them ends no sentence
    past_forms: frozenset[str]  # irregular past-tense verbs ("went", "shot")
    fragment_words: int
    reported_words: int
    evidence: frozenset[str]  # cue lemmas of evidence, not speech ("show", "find")
    title_words: int  # longest quoted title of a work ("Meet the Press")
    title_small: frozenset[str]  # lower-case words inside such titles
    cue_words: frozenset[str]  # every word that may start a cue ("said", "according")


def _fold(word: str) -> str:
    return word.casefold() if word.isascii() else fold_marks(word).casefold()


@cache
def _rules() -> _Rules:
    cues = load_data("cues.toml")
    q = load_data("quotes.toml")
    people = load_data("people.toml")
    forms: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    participles: set[str] = set()
    for lemma, inflections in sorted(cues["verbs"].items()):
        for form in inflections:
            parts = _fold(form).split()
            if len(parts) == 1:
                forms.setdefault(parts[0], lemma)
            elif len(parts) == 2:
                pairs.setdefault((parts[0], parts[1]), lemma)
            if parts[0].endswith(("ed", "en", "wn")) or parts[0] in ("said", "told", "thought"):
                participles.add(parts[0])
    att = q["attribution"]
    return _Rules(
        forms=forms,
        pairs=pairs,
        plural=frozenset(lemma.split("_")[0] for lemma in cues["verbs"]),
        participles=frozenset(participles),
        pronouns=frozenset(att["pronouns"]),
        between=frozenset(att["between"]),
        passive=frozenset(att["passive"]),
        prepositions=frozenset(att["prepositions"]),
        bare_clause=frozenset(att["bare_clause"]),
        noun_like=frozenset(att["noun_like"]),
        roles=frozenset(_fold(r) for r in people["titles"]["roles"]),
        modifiers=frozenset(_fold(r) for r in people["titles"]["modifiers"]),
        function_words=frozenset(_fold(w) for w in people["never"]["function_words"]),
        not_speakers=frozenset(
            _fold(w)
            for group in ("groups", "function_words", "months", "days", "demonyms")
            for w in people["never"][group]
        ),
        calendar=frozenset(
            _fold(w) for group in ("months", "days") for w in people["never"][group]
        ),
        abbreviations=frozenset(
            _fold(a).rstrip(".")
            for a in [
                *people["titles"]["abbreviations"],
                *people["titles"]["places"],
                *people["honorifics"]["forms"],
            ]
            + list(people["names"]["suffixes"])
        )
        | frozenset(["st", "no", "vs", "etc", "inc", "co", "corp", "ltd", "jan", "feb", "aug"]),
        past_forms=frozenset(att["past_forms"]),
        fragment_words=int(q["fragment"]["max_words"]),
        evidence=frozenset(att["evidence"]),
        title_words=int(q["title"]["max_words"]),
        title_small=frozenset(q["title"]["small_words"]),
        reported_words=int(q["reported"]["min_words"]),
        cue_words=frozenset(forms) | frozenset(a for a, _ in pairs) | {"according"},
    )


# ---------------------------------------------------------------------------
# Quote marks

_DOUBLE_OPEN = "“„«‟"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‹‛"
_SINGLE_CLOSE = "’›"
_ALL_MARKS = "\"'“”„‟«»‘’‹›‛`"
_BEFORE_OPEN = "([{—–-/:;,"
_AFTER_CLOSE = ".,;:!?)]}—–-…/"
_ELISIONS = frozenset(("em", "til", "tis", "twas", "cause", "n", "s", "round", "bout"))
# Restarts of one paragraph's scan after a single mark proved not to open a quote.
_MAX_RESTARTS = 8


@cache
def _mark_re() -> re.Pattern[str]:
    # Typewriter pairs (``like this'') count as double marks; a lone "`" is
    # no mark. Opening with one character class lets the engine skip to
    # candidates (see ``text._sentence_end_re``): half the scanning time.
    return re.compile(r"[\"'“”„‟«»‘’‹›‛`](?:(?<=`)`|(?<=')'?|(?<![`']))")


@dataclass(frozen=True)
class _Raw:
    """A quoted stretch of one paragraph: content offsets and the marks."""

    para: int
    start: int
    end: int
    open_pos: int
    close_pos: int | None  # None: open at the paragraph end
    continued: bool = False  # continues a quote left open in the previous paragraph


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in "\u200b\u200e\u200f\ufeff"


def _opens(text: str, pos: int, size: int, lo: int, hi: int) -> bool:
    left = text[pos - 1] if pos > lo else " "
    right = text[pos + size] if pos + size < hi else " "
    return (_is_space(left) or left in _BEFORE_OPEN or left in _ALL_MARKS) and not _is_space(right)


def _closes(text: str, pos: int, size: int, lo: int, hi: int) -> bool:
    left = text[pos - 1] if pos > lo else " "
    right = text[pos + size] if pos + size < hi else " "
    return not _is_space(left) and (
        _is_space(right) or right in _AFTER_CLOSE or right in _ALL_MARKS
    )


class _SmallRes(NamedTuple):
    word: re.Pattern[str]
    next_letter: re.Pattern[str]
    colon: re.Pattern[str]
    abbreviation: re.Pattern[str]


@cache
def _small_re() -> _SmallRes:
    # Compiled once: ``re.match(pattern, ...)`` looks its pattern up at every call.
    return _SmallRes(
        word=re.compile(r"[\w]+"),
        next_letter=re.compile(r"\s+([^\W\d_])"),
        colon=re.compile(r"\s*:\s*"),
        # The word before a stop (the text before it is sliced: ``^`` and ``$`` anchor there).
        abbreviation=re.compile(r"(?:^|[\s(])([A-Za-z.]{1,6})$"),
    )


def _single_opens(text: str, pos: int, lo: int, hi: int) -> bool:
    if not _opens(text, pos, 1, lo, hi):
        return False
    m = _small_re().word.match(text, pos + 1, pos + 8)
    if m is None:
        return False
    word = m.group()
    return not (word[0].isdigit() or word.casefold() in _ELISIONS)


def _single_closes(text: str, pos: int, lo: int, hi: int) -> bool:
    if not _closes(text, pos, 1, lo, hi):
        return False
    right = text[pos + 1] if pos + 1 < hi else " "
    if text[pos - 1] in "sS" and _is_space(right):
        # "the Russians’ views": a plural possessive before a lower-case word.
        nxt = _small_re().next_letter.match(text, pos + 1, pos + 4)
        if nxt and nxt.group(1).islower():
            return False
    return True


def _scan_paragraph(
    text: str, lo: int, hi: int, banned: frozenset[int]
) -> tuple[list[tuple[int, int, int | None, str]], int | None, str | None]:
    """Pair the marks of one paragraph.

    Returns the closed quotes as (open_pos, content_start, close_pos, kind),
    plus the opening position and kind of a quote left open at the end."""
    found: list[tuple[int, int, int | None, str]] = []
    kind: str | None = None
    opener = ""
    open_pos = 0
    depth = 0
    for m in _mark_re().finditer(text, lo, hi):
        pos, mark = m.start(), m.group()
        size = len(mark)
        if kind is None:
            if mark in ("``",) or mark[0] in _DOUBLE_OPEN:
                kind, opener = "double", mark
            elif mark in ('"', "''", "”") and _opens(text, pos, size, lo, hi):
                if mark == "”" and _closes(text, pos, size, lo, hi):
                    continue
                kind, opener = "double", mark
            elif (
                mark in ("'", "‘", "‛", "‹")
                and pos not in banned
                and _single_opens(text, pos, lo, hi)
            ):
                kind, opener = "single", mark
            else:
                continue
            open_pos, depth = pos, 1
            content = pos + size
            continue
        if kind == "double":
            if mark in ("'", "‘", "’", "‛", "‹", "›"):
                continue
            if (
                mark == "“"
                and opener != "„"
                and not (_closes(text, pos, size, lo, hi) and not _opens(text, pos, size, lo, hi))
            ):
                depth += 1  # a nested double quotation
                continue
            if mark == "``":
                depth += 1
                continue
            if mark == "«":
                depth += 1
                continue
            if mark in ('"', "''") and depth > 1 and _opens(text, pos, size, lo, hi):
                depth += 1
                continue
            depth -= 1
            if depth > 0:
                continue
            found.append((open_pos, content, pos, kind))
            kind = None
        else:
            if mark in ("’", "'", "›") and _single_closes(text, pos, lo, hi):
                found.append((open_pos, content, pos, kind))
                kind = None
    if kind is None:
        return found, None, None
    return found, open_pos, kind


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_space(text[start]):
        start += 1
    # A comma before the closing mark belongs to the sentence, not the quote.
    while end > start and (_is_space(text[end - 1]) or text[end - 1] in ",;"):
        end -= 1
    return start, end


def _starts_with_mark(text: str, span: Span, kind: str) -> bool:
    k = span.start
    while k < span.end and _is_space(text[k]):
        k += 1
    if k >= span.end:
        return False
    ch = text[k]
    if kind == "double":
        return ch in _DOUBLE_OPEN or ch == '"' or text.startswith(("``", "''"), k)
    return ch in _SINGLE_OPEN or ch == "'"


def _raw_quotes(article: Article) -> list[_Raw]:
    text = article.text
    out: list[_Raw] = []
    carried = False
    paras = article.paragraphs
    for idx, para in enumerate(paras):
        banned: set[int] = set()
        for _ in range(_MAX_RESTARTS + 1):
            found, left_open, kind = _scan_paragraph(text, para.start, para.end, frozenset(banned))
            if left_open is None or kind != "single":
                break
            nxt = paras[idx + 1] if idx + 1 < len(paras) else None
            if nxt is not None and _starts_with_mark(text, nxt, "single"):
                break
            # A single mark that never closes was an apostrophe: scan again without it.
            banned.add(left_open)
        else:
            left_open = None
        first = True
        for open_pos, content, close_pos, _kind in found:
            out.append(_make_raw(text, idx, open_pos, content, close_pos, carried and first))
            first = False
        if left_open is not None and kind is not None:
            size = 2 if text.startswith(("``", "''"), left_open) else 1
            raw = _make_raw(text, idx, left_open, left_open + size, None, carried and first)
            out.append(raw)
            nxt = paras[idx + 1] if idx + 1 < len(paras) else None
            carried = nxt is not None and _starts_with_mark(text, nxt, kind)
        else:
            carried = False
    return [r for r in out if r.end > r.start and _has_word(text, r.start, r.end)]


def _make_raw(
    text: str, para: int, open_pos: int, content: int, close_pos: int | None, continued: bool
) -> _Raw:
    end = close_pos if close_pos is not None else _para_end(text, content)
    start, stop = _trim(text, content, end)
    return _Raw(para, start, stop, open_pos, close_pos, continued)


def _para_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl


def _has_word(text: str, start: int, end: int) -> bool:
    return any(c.isalnum() for c in text[start:end])


# ---------------------------------------------------------------------------
# Words and mentions


class _Word(NamedTuple):
    start: int
    end: int
    key: str  # folded, lower-cased; punctuation tokens are themselves
    cap: bool


_KEY = itemgetter(2)  # _Word.key, for maps over C functions


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


def _words(text: str, start: int, end: int) -> list[_Word]:
    out: list[_Word] = []
    append = out.append
    new = tuple.__new__  # _Word(...) without the NamedTuple wrapper's extra call
    pos = start
    # findall of (gap, word) pairs: positions by running sum, no match objects
    # (this loop is the quotes stage's hottest; measured faster than maps over
    # the whole list, which make several passes).
    for gap, w in _word_re().findall(text, start, end):
        s = pos + len(gap)
        pos = s + len(w)
        c = w[0]
        if c != "(":
            append(new(_Word, (s, pos, w.casefold() if w.isascii() else _fold(w), c.isupper())))
    return out


# How many sentences back a pronoun may look for the person it stands for
# (within this paragraph and the one before). Calibrated on PolNeAR-train:
# 4 loses nothing against an unbounded search and keeps long paragraphs linear.
_PRONOUN_REACH = 4


@dataclass(frozen=True)
class _Ref:
    """A resolved speaker: the name, and the span of text naming them."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class _M:
    start: int
    end: int
    name: str
    lead: int  # where the mention's phrase starts: its title before it, else itself


class _Context:
    """Everything speaker resolution needs about one article, built once."""

    def __init__(
        self,
        article: Article,
        people: Sequence[Person],
        raws: list[_Raw],
        split: Sentences | None,
    ) -> None:
        self.text = article.text
        self.paras = article.paragraphs
        self.para_starts = [p.start for p in self.paras]
        self.rules = _rules()
        self.raws = raws
        self.quote_spans = [(r.open_pos, r.end + 1) for r in raws]
        self.quote_starts = [s for s, _ in self.quote_spans]
        mentions: list[_M] = []
        titles: list[tuple[int, int]] = []
        role_people: dict[str, list[tuple[int, str]]] = {}
        for person in people:
            for m in person.mentions:
                lead = m.start
                if m.title_start is not None and m.title_start < m.start:
                    lead = m.title_start
                mentions.append(_M(m.start, m.end, person.name, lead))
                if m.title_start is not None and m.title_end is not None:
                    titles.append((m.title_start, m.title_end))
                for word in _fold(m.title or "").split():
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
        self._subjects: dict[int, list[tuple[int, _M | None]]] = {}
        self._starts: dict[int, list[int]] = {}
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
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]

    def in_title(self, m: _M) -> bool:
        i = bisect.bisect_right(self.titles, (m.start, len(self.text) + 1)) - 1
        while i >= 0 and self.titles[i][1] >= m.end:
            if self.titles[i][0] <= m.start and m.end <= self.titles[i][1]:
                return True
            i -= 1
            if i >= 0 and self.titles[i][1] < m.start:
                break
        return False

    def mention_at(self, start: int) -> _M | None:
        i = bisect.bisect_left(self.m_starts, start)
        if i < len(self.mentions) and self.mentions[i].start == start:
            return self.mentions[i]
        return None

    def names_person(self, ref: _Ref) -> bool:
        """True if ``ref`` is a person's mention, not an organisation's name."""
        m = self.mention_at(ref.start)
        return m is not None and m.end == ref.end

    def mentions_in(self, lo: int, hi: int) -> list[_M]:
        i = bisect.bisect_left(self.m_starts, lo)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < hi:
            if self.mentions[i].end <= hi:
                out.append(self.mentions[i])
            i += 1
        return out

    # -- pronouns and roles

    def sentence_subjects(self, para: int) -> list[tuple[int, _M | None]]:
        """(sentence start, subject mention) for each sentence of a paragraph:
        the first person named outside quotes, titles and prepositional phrases."""
        cached = self._subjects.get(para)
        if cached is not None:
            return cached
        out: list[tuple[int, _M | None]] = []
        for sent in self.sentences(para):
            out.append((sent.start, self.subject_in(sent.start, sent.end)))
        self._subjects[para] = out
        self._starts[para] = [start for start, _ in out]
        return out

    def subject_in(self, lo: int, hi: int) -> _M | None:
        for m in self.mentions_in(lo, hi):
            if self.in_quote(m.start) or self.in_title(m) or self.object_like(m):
                continue
            return m
        return None

    def object_like(self, m: _M, *, coordinated: bool = True) -> bool:
        """A name after a preposition ("worked for Sen. Lamar Alexander", looking
        before the title too) or a possessive. With ``coordinated`` a name
        after "and"/"or" counts as an object too."""
        before = self.text[max(0, m.lead - 20) : m.lead].split()
        word = _fold(before[-1]) if before else ""
        # "the editor I was talking to, Tim Grieve, said": a comma after a
        # stranded preposition opens an apposition, not its object.
        if word.endswith(",") and word.strip(",") not in ("and", "or"):
            word = ""
        word = word.strip(",")
        if word in self.rules.prepositions and (coordinated or word not in ("and", "or")):
            return True
        # "Trump's campaign", "Sanders' success": a possessive is not the subject.
        return self.text[m.end : m.end + 1] in ("'", "’")

    def resolve_pronoun(self, pos: int, end: int) -> _Ref | None:
        """The person a pronoun at ``pos`` stands for: the subject of the latest
        sentence naming one, in this paragraph or the one before."""
        para = self.para_of(pos)
        # The sentence holding the pronoun first: its subject, if named before it.
        sent_start = self.sentence_start(para, pos)
        subject = self.subject_in(sent_start, pos)
        if subject is not None:
            return _Ref(subject.name, pos, end)
        for p in (para, para - 1):
            if p < 0:
                break
            sentences = self.sentence_subjects(p)
            # Earlier sentences only: those starting before this one.
            k = bisect.bisect_left(self._starts[p], sent_start) if p == para else len(sentences)
            for _, found in reversed(sentences[max(0, k - _PRONOUN_REACH) : k]):
                if found is not None:
                    return _Ref(found.name, pos, end)
        return None

    def sentence_start(self, para: int, pos: int) -> int:
        """Start of the sentence of paragraph ``para`` that holds ``pos``."""
        self.sentence_subjects(para)
        starts = self._starts[para]
        k = bisect.bisect_right(starts, pos) - 1
        return starts[k] if k >= 0 else self.paras[para].start

    def resolve_role(self, role: str, pos: int, start: int, end: int) -> _Ref | None:
        """ "the spokesman", "the Russian advisor": the latest person before
        ``pos`` whose title holds that role."""
        best: tuple[int, str] | None = None
        for mpos, name in self.role_people.get(role, ()):
            if mpos < pos:
                best = (mpos, name)
        if best is None:
            return None
        latest = max(m.start for m in self.mentions_in(0, pos) if m.name == best[1])
        if self.para_of(pos) - self.para_of(latest) > 3:
            return None
        return _Ref(best[1], start, end)


# ---------------------------------------------------------------------------
# Cues and subjects


@dataclass(frozen=True)
class _Cue:
    index: int  # index of the cue's first word in the window's words
    last: int  # index of its last word
    text: str
    lemma: str

    @property
    def key_ing(self) -> bool:
        """A participle ("saying", "adding"): it never takes an inverted subject."""
        return self.lemma != "according_to" and self.text.split()[0].casefold().endswith("ing")


def _find_cues(ctx: _Context, words: list[_Word]) -> Iterator[_Cue]:
    rules = ctx.rules
    # Only words that may start a cue: most words are skipped in bulk.
    for i in compress(range(len(words)), map(rules.cue_words.__contains__, map(_KEY, words))):
        w = words[i]
        if w.key == "according" and i + 1 < len(words) and words[i + 1].key == "to":
            yield _Cue(i, i + 1, ctx.text[w.start : words[i + 1].end], "according_to")
            continue
        lemma = rules.forms.get(w.key)
        last = i
        if i + 1 < len(words) and (w.key, words[i + 1].key) in rules.pairs:
            lemma, last = rules.pairs[(w.key, words[i + 1].key)], i + 1
        if lemma is None:
            continue
        if lemma == "continue" and last + 1 < len(words) and words[last + 1].key == "to":
            continue  # "will continue to be": not speech
        prev = words[i - 1].key if i > 0 else ""
        # "US Signals", "Kremlin Says": capitalised inside a sentence is a headline or a noun.
        if w.cap and i > 0 and prev not in (",", ":", ";", "—", "–", "-"):
            continue
        # "media reports", "declined to comment": nouns and infinitives are not
        # cues ("CBS News reported" is one).
        if (prev in _NOUN_BEFORE and not (prev in ("news", "media") and words[i - 1].cap)) or (
            prev.endswith(("'s", "’s", "s'", "s’"))
        ):
            continue
        if (
            lemma in rules.noun_like
            and w.key in (lemma, lemma + "s")
            and i > 0
            and not (
                words[i - 1].cap
                or prev in rules.pronouns
                or (prev in rules.roles and i > 1 and words[i - 2].key in _DETERMINERS)
            )
            and ctx.m_by_end.get(words[i - 1].end) is None
        ):
            continue  # "member states", "the reports"
        # "told Reuters": a capitalised addressee is part of the cue.
        if lemma == "tell" and last + 1 < len(words) and words[last + 1].cap:
            nxt = words[last + 1]
            if ctx.mention_at(nxt.start) is None and nxt.key not in rules.pronouns:
                last += 1
        yield _Cue(i, last, ctx.text[w.start : words[last].end], lemma)


_NOUN_BEFORE = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "media",
        "news",
        "recent",
        "such",
        "these",
        "those",
        "this",
        "many",
        "some",
        "no",
        "to",
        "any",
        "several",
        "earlier",
        "previous",
        "further",
        "initial",
        "latest",
    ]
)
_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "its", "their", "our"])
_OBJECT_PRONOUNS = frozenset(("him", "her"))


def _is_passive(ctx: _Context, words: list[_Word], cue: _Cue) -> bool:
    k = cue.index - 1
    while k >= 0 and words[k].key in ("also", "not", "widely", "often", "later"):
        k -= 1
    return (
        k >= 0
        and words[k].key in ctx.rules.passive
        and words[cue.index].key in ctx.rules.participles
    )


def _subject_before(ctx: _Context, words: list[_Word], cue: _Cue, lo: int) -> _Ref | None | bool:
    """The speaker written before ``cue`` in ``words`` (which start at ``lo``).

    Returns a _Ref (a person, or a named organisation such as "the Kremlin"),
    None (a subject that names no one: "officials"), or False (no subject at
    all in the window: "..., adding that")."""
    rules = ctx.rules
    k = _before_cue(ctx, words, cue)
    if k < 0 or _shares_subject(words, cue, k):
        return False
    w = words[k]
    if w.key in rules.pronouns:
        return ctx.resolve_pronoun(w.start, w.end)
    if w.key in rules.roles:
        ref = _role_subject(ctx, words, k)
        if ref is not None:
            return ref
    direct = ctx.m_by_end.get(w.end)
    if direct is not None and direct.start >= lo and not ctx.in_quote(direct.start):
        return _Ref(direct.name, direct.start, direct.end)  # "..., Rendell added"
    # The first name of the clause joined to the verb only by asides,
    # prepositional phrases and adverbs: "Clinton, during a town hall in
    # Columbus, Ohio, said"; "Peskov, citing Putin, said" is Peskov's.
    left = k
    while left > 0 and k - left < 30 and words[left - 1].key not in (";", ":"):
        left -= 1
    for idx in range(left, k + 1):
        m = ctx.m_by_end.get(words[idx].end)
        if (
            m is not None
            and m.start >= lo
            and not ctx.in_quote(m.start)
            and not ctx.in_title(m)
            and not ctx.object_like(m, coordinated=False)
            and _links(ctx, words, idx + 1, cue.index)
        ):
            return _Ref(m.name, m.start, m.end)
    if cue.key_ing:
        return False  # "a statement saying that": the sentence's subject speaks
    # "Xinhua, the official Chinese news agency, wrote": a named organisation
    # opening the clause.
    start = left
    while start < k and words[start].key in _DETERMINERS:
        start += 1
    end = start
    while end < k + 1 and (words[end].cap or words[end].key in _ORG_GLUE):
        end += 1
    if start < end <= k + 1 and _links(ctx, words, end, cue.index):
        org = _organisation(ctx, words, start, end)
        if org is not None:
            return org
    return _organisation_before(ctx, words, k)


def _before_cue(ctx: _Context, words: list[_Word], cue: _Cue) -> int:
    """Index of the word before ``cue``, skipping adverbs and auxiliaries (-1: none)."""
    k = cue.index - 1
    while k >= 0 and (words[k].key in ctx.rules.between or _adverb(words[k])):
        k -= 1
    return k


def _shares_subject(words: list[_Word], cue: _Cue, k: int) -> bool:
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


def _links(ctx: _Context, words: list[_Word], a: int, b: int) -> bool:
    """True if ``words[a:b]`` may stand between a subject and its verb: adverbs,
    time words, comma-delimited asides and prepositional phrases, nothing else."""
    rules = ctx.rules
    i = a
    after_aside = False
    while i < b:
        key = words[i].key
        if key in rules.between or _adverb(words[i]):
            i += 1
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


def _adverb(w: _Word) -> bool:
    """ "jokingly", "repeatedly": an -ly adverb may sit between subject and verb
    (a capitalised one is a name: "Kelly said")."""
    key = w.key
    return not w.cap and len(key) > 4 and key.endswith("ly") and key.isalpha()


def _organisation_before(ctx: _Context, words: list[_Word], k: int) -> _Ref | None:
    """ "The White House says", "Reuters reported": a capitalised subject that
    is not a person still names the speaker."""
    j = k
    while j >= 0 and (words[j].cap or (words[j].key in _ORG_GLUE and j < k)):
        j -= 1
    return _organisation(ctx, words, j + 1, k + 1)


def _organisation(ctx: _Context, words: list[_Word], a: int, b: int) -> _Ref | None:
    # "As Vulture put it", "The Kremlin said": leading function words are not the name.
    while a < b and (
        words[a].key in _DETERMINERS
        or words[a].key in _ORG_GLUE
        or words[a].key in ctx.rules.function_words
    ):
        a += 1
    while b > a and words[b - 1].key in _ORG_GLUE:
        b -= 1
    if a >= b or not all(w.cap or w.key in _ORG_GLUE for w in words[a:b]):
        return None
    names = words[a:b]
    # "Officials", "This": a lone common word names no one; "State Department" does.
    if any(w.key in ctx.rules.pronouns for w in names) or all(
        w.key in ctx.rules.not_speakers for w in names
    ):
        return None
    start, end = names[0].start, names[-1].end
    return _Ref(ctx.text[start:end], start, end)


_ORG_GLUE = frozenset(["of", "for", "and", "&", "de", "du"])


def _role_subject(ctx: _Context, words: list[_Word], k: int) -> _Ref | None:
    """ "the Kremlin spokesman said": a role noun introduced by a determiner."""
    j = k - 1
    while j >= 0 and k - j <= 4 and words[j].key not in _DETERMINERS:
        if words[j].key in (",", ":", ";"):
            return None
        j -= 1
    if j < 0 or words[j].key not in _DETERMINERS:
        return None
    return ctx.resolve_role(words[k].key, words[k].start, words[j].start, words[k].end)


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


def _subject_after(ctx: _Context, words: list[_Word], cue: _Cue) -> _Ref | None | bool:
    """ "said Peskov", "said Kremlin spokesman Dmitry Peskov", "according to him".

    Like ``_subject_before``: None for a non-person subject ("said the
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
            return later or _Ref(m.name, m.start, m.end)
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
        if w.key in rules.roles and j > k and words[j - 1].key in _DETERMINERS:
            # "according to the diplomat": a role standing for a named person.
            nxt = words[j + 1] if j + 1 < len(words) else None
            if nxt is None or ctx.mention_at(nxt.start) is None:
                ref = ctx.resolve_role(w.key, w.start, words[j - 1].start, w.end)
                if ref is not None:
                    return ref
    # "said the Kremlin.", "reports USA Today": a short subject closing the clause.
    end = k
    while end < len(words) and end - k < 6 and words[end].key not in (",", ";", ":", "—", "–"):
        end += 1
    if end - k < 6 and not cue.key_ing and (first.cap or first.key in _DETERMINERS):
        org = _organisation(ctx, words, k, end)
        return org if org is not None else None
    # "told reporters that", "saying the city embodied": content, not a speaker.
    return False


# ---------------------------------------------------------------------------
# Attribution of one quote


@dataclass(frozen=True)
class _Attribution:
    ref: _Ref | None
    cue: str | None
    found: bool  # an attribution was written (even to a non-person)


_NONE = _Attribution(None, None, False)


def _after_quote(ctx: _Context, raw: _Raw, next_open: int) -> _Attribution:
    """ "..., Peskov said" / "said Peskov" / "he added" / "— Dmitry Peskov"."""
    if raw.close_pos is None:
        return _NONE
    text = ctx.text
    lo = raw.close_pos + 1
    hi = min(next_open, ctx.paras[raw.para].end, lo + 200)
    into_next = hi == next_open
    hi = _clause_end(text, lo, hi)
    into_next = into_next and hi == next_open
    if hi == lo:
        return _NONE
    words = _words(text, lo, hi)
    if not words:
        return _NONE
    first = 0
    dash = False
    while first < len(words) and words[first].key in (",", "—", "–", "-"):
        dash = dash or words[first].key in ("—", "–", "-")
        first += 1
    words = words[first:]
    if not words:
        return _NONE
    # “... liar.” Carly Fiorina said ...: after a full stop a new sentence starts,
    # which only a bare "Name said." still attributes to the quote. (A "?" or
    # "!" inside the marks is often followed by the attribution: “Why?” he asked.)
    new_sentence = (
        text[raw.start : raw.end].rstrip(_ALL_MARKS)[-1:] in (".", "…")
        and text[raw.close_pos + 1 : raw.close_pos + 2] != ","
        and words[0].cap
    )
    for cue in _find_cues(ctx, words):
        prefix = words[: cue.index]
        strict = cue.index <= 8 and all(_subject_word(ctx, w) for w in prefix)
        immediate = (
            strict
            or (cue.index <= 20 and _apposition_prefix(ctx, prefix))
            or _named_prefix(ctx, prefix)
        )
        if _small_re().colon.fullmatch(text, words[cue.last].end, next_open):
            break  # "Trump said: “...”" introduces the next quote, not this one
        if not immediate and cue.index > 0 and words[cue.index - 1].key == ",":
            # "“...” if she lost, said David Wasserman, an analyst": an inverted
            # attribution closing the sentence.
            inverted = _subject_after(ctx, words, cue)
            if isinstance(inverted, _Ref):
                return _Attribution(inverted, cue.text, True)
        if new_sentence:
            # Only a bare "Name said." closing the sentence: not "Rubio called
            # the plan “...”", whose verb leads into the next quote.
            if not strict or len(words) - cue.last - 1 > 3 or into_next:
                break
        elif not (immediate or _closing_attribution(ctx, words, cue)):
            continue
        if _is_passive(ctx, words, cue):
            break
        ref: _Ref | None | bool = False
        if cue.index == 0 or words[cue.index - 1].key == ",":
            ref = _subject_after(ctx, words, cue)  # "..., said Steve Elmendorf"
        if ref is False:
            ref = _subject_before(ctx, words, cue, lo)
        if ref is False:
            ref = _subject_after(ctx, words, cue)
        # ", adding that ...": a cue without a subject leaves the quote to its lead-in.
        return _Attribution(ref if isinstance(ref, _Ref) else None, cue.text, ref is not False)
    if dash and words and _sentence_opening(text, ctx.paras[raw.para].start, raw.open_pos):
        # "“...” — Dmitry Peskov"; not a byline after a sentence's last fragment.
        m = ctx.mention_at(words[0].start)
        if m is not None:
            return _Attribution(_Ref(m.name, m.start, m.end), None, True)
    if not new_sentence:
        ref = _verb_attribution(ctx, raw, words)
        if ref is not None:
            return _Attribution(ref, None, True)
    # A speech verb we could not tie to a speaker: the quote is attributed, so
    # no neighbour's speaker may be carried to it (unless it is a new sentence's).
    first_cue = None if new_sentence else next(_find_cues(ctx, words), None)
    return _Attribution(None, first_cue.text, False) if first_cue else _NONE


def _verb_attribution(ctx: _Context, raw: _Raw, words: list[_Word]) -> _Ref | None:
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
    if not _sentence_opening(text, ctx.paras[raw.para].start, raw.open_pos):
        return None
    rules = ctx.rules
    i = 0
    while i < min(3, len(words)) and (
        words[i].key in _DETERMINERS or (not words[i].cap and _modifier_like(ctx, words[i]))
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
                return _Ref(m.name, m.start, m.end)
    if words and _past_like(ctx, words[0]):
        for j in range(1, min(6, len(words))):
            m = ctx.mention_at(words[j].start)
            if m is not None:
                return _Ref(m.name, m.start, m.end) if not ctx.in_quote(m.start) else None
            if not _lead_word(ctx, words[j]):
                break
    return None


def _verb_lead(ctx: _Context, words: list[_Word], lead: str) -> _Ref | None:
    """ "Hillary Clinton cracked, “...”", "Rubio fired back forcefully: “...”": a
    name and a past-tense verb (with its particle or adverb) right before the
    comma or colon that opens the quote."""
    if not lead.rstrip().endswith((",", ":")):
        return None
    k = len(words) - 1
    while k >= 0 and words[k].key in (",", ":"):
        k -= 1
    while k >= 0 and (_adverb(words[k]) or words[k].key in _VERB_PARTICLES):
        k -= 1
    if k < 1 or not _past_like(ctx, words[k]):
        return None
    k -= 1
    while k >= 0 and (words[k].key in ctx.rules.between or _adverb(words[k])):
        k -= 1
    m = ctx.m_by_end.get(words[k].end) if k >= 0 else None
    if m is None or ctx.in_quote(m.start) or ctx.object_like(m):
        return None
    return _Ref(m.name, m.start, m.end)


# Particles of phrasal verbs ("shot back", "spoke up").
_VERB_PARTICLES = frozenset(["back", "up", "out", "in", "on", "off"])


def _past_like(ctx: _Context, w: _Word) -> bool:
    """A lower-case past-tense verb form: "-ed" or a listed irregular one."""
    key = w.key
    return not w.cap and (
        (len(key) > 4 and key.endswith("ed") and key.isalpha()) or key in ctx.rules.past_forms
    )


def _modifier_like(ctx: _Context, w: _Word) -> bool:
    """A lower-case word that may qualify a name before it ("angry", "visibly")."""
    return (
        w.key.isalpha()
        and w.key not in ctx.rules.function_words
        and w.key not in ctx.rules.forms
        and not _past_like(ctx, w)
    )


def _named_prefix(ctx: _Context, prefix: list[_Word]) -> bool:
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
        while j > 0 and (prefix[j].cap or prefix[j].key in _ORG_GLUE or prefix[j].key == "the"):
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
        and not ctx.object_like(m)
        and not any(w.key in (";", ":") or w.key in ctx.rules.forms for w in prefix[:k])
        and not any(w.key in _CLAUSE_WORDS for w in prefix[opener:k])
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


def _closing_attribution(ctx: _Context, words: list[_Word], cue: _Cue) -> bool:
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


def _apposition_prefix(ctx: _Context, prefix: list[_Word]) -> bool:
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
        len(head) <= 5 and _organisation(ctx, head, 0, len(head)) is not None
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


def _lead_word(ctx: _Context, w: _Word) -> bool:
    """Words that may precede a subject name: titles, determiners, capitals."""
    return (
        (w.cap and w.key not in ctx.rules.pronouns)
        or w.key in ("—", "–")  # a dateline: "WASHINGTON — Sen. X ..."
        or w.key in ctx.rules.roles
        or w.key in ctx.rules.modifiers
        or w.key in _DETERMINERS
    )


def _subject_word(ctx: _Context, w: _Word) -> bool:
    """Words that may stand between a quote and its speech verb."""
    return (
        w.cap
        or w.key[:1].isdigit()
        or w.key in ctx.rules.between
        or w.key in ctx.rules.pronouns
        or w.key in ctx.rules.roles
        or w.key in _DETERMINERS
        or w.key in (",", "—", "–", "-")
        or ctx.mention_at(w.start) is not None
        or _fold(w.key) in _TITLE_GLUE
    )


_TITLE_GLUE = frozenset(
    ["of", "for", "to", "deputy", "foreign", "former", "senior", "chief", "special"]
)


def _before_quote(
    ctx: _Context, raw: _Raw, prev_close: int, prev: _Attribution | None = None
) -> _Attribution:
    """The lead-in: "Peskov said:", "Peskov: ...", "X confirmed that ... was "...""."""
    text = ctx.text
    para = ctx.paras[raw.para]
    hi = raw.open_pos
    lo = max(para.start, prev_close, hi - 400)
    # Start after the last sentence end before the quote.
    # endpos hi + 1: the look-ahead must see the quote mark itself.
    for m in _sentence_end_re().finditer(text, lo, hi + 1):
        if not _abbreviation_before(text, m.start()):
            lo = m.end()
    words = _words(text, lo, hi)
    if not words:
        return _NONE
    named = _colon_name(ctx, words, text[lo:hi])
    if named is not None:
        return _Attribution(named, None, True)
    # "After Brown criticized Clinton, Hillary shot back, “...”": a cue inside
    # an opening subordinate clause that ends before the quote is not its cue.
    clause_end = lo
    if _opens_subordinate(words[0]):
        main = _main_clause_re().search(text, lo, hi)
        clause_end = main.start() if main else lo
    fallback: _Attribution | None = None
    weak: _Attribution | None = None
    shared = False
    shared_cue: str | None = None
    for cue in reversed(list(_find_cues(ctx, words))):
        if words[cue.index].start < clause_end:
            break
        if _is_passive(ctx, words, cue):
            ref = _by_agent(ctx, words, cue)
            if ref is not None:
                return _Attribution(ref, cue.text, True)
            # "that was reported in a "hit piece"": no agent, so the sentence's
            # earlier quote or subject decides, if any.
            if prev is not None and prev.ref is not None and lo == prev_close:
                return _Attribution(prev.ref, None, True)
            continue
        if cue.lemma == "according_to":
            ref_after = _subject_after(ctx, words, cue)
            if isinstance(ref_after, _Ref):
                return _Attribution(ref_after, cue.text, True)
            if fallback is None:
                fallback = _Attribution(None, cue.text, True)
            continue
        subject = _subject_before(ctx, words, cue, lo)
        sharing = subject is False and _shares_subject(words, cue, _before_cue(ctx, words, cue))
        inverted = subject is None and cue.index > 0 and words[cue.index - 1].key == ","
        if (subject is False and not sharing) or inverted:
            # "Because of the schedule, explained Rosenberg, “...”": after a
            # comma a verb may come before its subject.
            # "Said Trump: ...": an inverted subject. Not after "and said
            # Trump had ...", where the name opens the reported clause.
            after = _subject_after(ctx, words, cue)
            subject = after if not inverted or isinstance(after, _Ref) else subject
        if isinstance(subject, _Ref) and cue.lemma in ctx.rules.evidence and weak is None:
            # "Westmacott said that Obama shows “great charm”": a verb of
            # evidence inside a reported clause; the reporting verb's subject
            # speaks, if the window has one.
            weak = _Attribution(subject, shared_cue or cue.text, True)
            continue
        if isinstance(subject, _Ref) and not (
            shared and not ctx.names_person(subject) and not words[cue.index].key.endswith("ed")
        ):
            # After a shared verb an earlier cue needs a person subject, or an
            # unmistakable verb form: "The Times reported ..., noting", but
            # not "a Twitter comment, saying" or "a TV show, adding".
            return _Attribution(subject, shared_cue or cue.text, True)
        if subject is False:
            if prev is not None and prev.ref is not None and lo == prev_close:
                # "..." adding that this "...": the earlier quote's speaker goes on.
                return _Attribution(prev.ref, cue.text, True)
            if sharing and not shared:
                # "X said ..., adding that “...”": the earlier verb's subject,
                # if the window has one, else the sentence's.
                shared, shared_cue = True, cue.text
                continue
            ref = _sentence_subject(ctx, raw.para, hi)
            if ref is not None:
                return _Attribution(ref, shared_cue or cue.text, True)
        if fallback is None:
            fallback = _Attribution(None, shared_cue or cue.text, True)
    if weak is not None:
        return weak
    if shared or (fallback is not None and text[lo:hi].rstrip().endswith(":")):
        # "Sanders delivered a snappy retort: “...”": a lead-in whose cue found
        # no subject of its own; the sentence's named subject speaks.
        ref = _sentence_subject(ctx, raw.para, hi)
        if ref is not None:
            return _Attribution(ref, shared_cue or (fallback.cue if fallback else None), True)
    if fallback is not None:
        return fallback
    ref = _verb_lead(ctx, words, text[lo:hi])
    if ref is not None:
        return _Attribution(ref, None, True)
    # "... doesn't surprise pollster Daron Shaw: “...”": a name before the colon.
    if text[lo:hi].rstrip().endswith(":"):
        last = words[-1] if words[-1].key != ":" else (words[-2] if len(words) > 1 else None)
        before_colon = ctx.m_by_end.get(last.end) if last is not None else None
        if before_colon is not None:
            ref = _Ref(before_colon.name, before_colon.start, before_colon.end)
            return _Attribution(ref, None, True)
    # "Sanders has pushed his promise of "free college"": no speech verb, but
    # the sentence is about what its named subject says or does.
    ref = _sentence_subject(ctx, raw.para, hi)
    if ref is not None:
        return _Attribution(ref, None, True)
    return _NONE


def _colon_name(ctx: _Context, words: list[_Word], lead: str) -> _Ref | None:
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
        if not _lead_word(ctx, words[j - 1]) or words[j - 1].key in ctx.rules.function_words:
            return None
        j -= 1
    return _Ref(named.name, named.start, named.end)


def _sentence_subject(ctx: _Context, para: int, pos: int) -> _Ref | None:
    """The person named as the grammatical subject of the sentence holding
    ``pos``, before ``pos``: a name that only titles, capitalised words or an
    introductory phrase ending in a comma precede."""
    text = ctx.text
    lo = ctx.sentence_start(para, pos)
    first = _words(text, lo, min(pos, lo + 20))
    if first and first[0].key in ctx.rules.pronouns:
        return ctx.resolve_pronoun(first[0].start, first[0].end)  # "He has directed "...""
    # "After Brown criticized Clinton, Hillary shot back": a sentence opening with
    # a subordinate clause has its subject after the clause's comma, unless
    # the quote is still inside the clause ("When Trump wrapped up — “...”").
    subordinate = bool(first) and _opens_subordinate(first[0])
    candidates = [
        m
        for m in ctx.mentions_in(lo, pos)
        if not (ctx.in_quote(m.start) or ctx.in_title(m) or ctx.object_like(m))
    ]
    for n, m in enumerate(candidates):
        cut = text.rfind(",", lo, m.start)
        lead = _words(text, lo if cut == -1 else cut + 1, m.start)
        if subordinate and cut == -1:
            if _main_clause_re().search(text, m.end, pos) or any(
                text.rfind(",", m.end, later.lead) != -1 for later in candidates[n + 1 :]
            ):
                continue  # the main clause names its own subject after the comma
            lead = lead[1:]
        if not all(_lead_word(ctx, w) for w in lead):
            return None
        after = _words(text, m.end, min(pos, m.end + 40))
        # "Clinton and Sanders", "Friends of X": the name is not the subject;
        # "Senator Ted Cruz of Texas" is.
        if after and (
            after[0].key in ("and", "or")
            or (after[0].key == "of" and not (len(after) > 1 and after[1].cap))
        ):
            return None
        return _Ref(m.name, m.start, m.end)
    return None


def _opens_subordinate(w: _Word) -> bool:
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
def _sentence_end_re() -> re.Pattern[str]:
    return re.compile(r"[.!?][\"”’')]*\s+(?=[A-Z“\"‘'`(])")


def _abbreviation_before(text: str, dot: int) -> bool:
    """True if the stop at ``dot`` ends an initial or a known abbreviation ("Lt.")."""
    m = _small_re().abbreviation.search(text[max(0, dot - 7) : dot])
    if not m:
        return False
    token = m.group(1).casefold()
    return len(token.rstrip(".")) <= 1 or "." in token or token in _rules().abbreviations


def _name_after_modifier(ctx: _Context, words: list[_Word], m: _M, hi: int) -> _Ref | None:
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
            return _Ref(later.name, later.start, later.end)
        if not _lead_word(ctx, words[i]):
            break
    return None


def _by_agent(ctx: _Context, words: list[_Word], cue: _Cue) -> _Ref | None:
    """ "was quoted by Peskov": the agent of a passive cue."""
    k = cue.last + 1
    if k < len(words) and words[k].key == "by" and k + 1 < len(words):
        m = ctx.mention_at(words[k + 1].start)
        if m is not None:
            return _Ref(m.name, m.start, m.end)
    return None


# ---------------------------------------------------------------------------
# Public


def _is_fragment(ctx: _Context, raw: _Raw) -> bool:
    """Short, no sentence-final stop, and set inside a sentence."""
    text = ctx.text
    body = text[raw.start : raw.end]
    if len(body.split()) > ctx.rules.fragment_words or body.rstrip()[-1:] in ".!?…":
        return False
    k = raw.open_pos
    para_start = ctx.paras[raw.para].start
    while k > para_start and _is_space(text[k - 1]):
        k -= 1
    if k == para_start or text[k - 1] in ".!?:…" or text[k - 1] in _ALL_MARKS:
        return False
    # "Peskov said, “No”": a quote introduced by a cue and a comma is a statement.
    if text[k - 1] != ",":
        return True
    before = _words(text, max(para_start, k - 30), k - 1)
    return not (before and before[-1].key in ctx.rules.forms)


def find_quotes(
    article: Article, people: Sequence[Person], sentences: Sentences | None = None
) -> tuple[Quote, ...]:
    """Every direct quote in ``article``'s paragraphs, in text order, with its
    speaker (the fullest name the article gives) when the text attributes it.
    ``sentences``: the article's sentences if the caller has split them."""
    ctx = _context(article, people, sentences)
    raws = ctx.raws
    if not raws:
        return ()
    atts: list[_Attribution] = []
    frags: list[bool] = []
    closing: list[bool] = []  # attributed by the words after the quote
    for i, raw in enumerate(raws):
        nxt = raws[i + 1] if i + 1 < len(raws) and raws[i + 1].para == raw.para else None
        prv = raws[i - 1] if i > 0 and raws[i - 1].para == raw.para else None
        next_open = nxt.open_pos if nxt else len(article.text)
        prev_close = (prv.close_pos + 1) if prv and prv.close_pos is not None else 0
        frag = _is_fragment(ctx, raw)
        att = _after_quote(ctx, raw, next_open)
        closing.append(att.found)
        if not att.found:
            pre = _before_quote(ctx, raw, prev_close, atts[-1] if prv else None)
            att = pre if pre.found or att.cue is None else att
        atts.append(att)
        frags.append(frag)
    _share_closing(ctx, raws, atts, closing)
    _fill_gaps(ctx, raws, atts, frags)
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
            )
        )
    return tuple(out)


def _names_a_work(ctx: _Context, raw: _Raw, attributed: bool) -> bool:
    """ "on CNN's “State of the Union”", "the “Make America Great Again” hat":
    a short quoted stretch in Title Case without a final stop is the title of
    a work or a name, not a quote, unless a speech verb introduces it or an
    attribution follows it (``attributed``). (Scare quotes start in lower
    case; "called him “Lyin' Ted”" has its verb.) After a possessive ("NBC's
    “Today”") or "told" it is a title all the same."""
    text = ctx.text
    body = text[raw.start : raw.end]
    if body.rstrip(_ALL_MARKS)[-1:] in (".", "!", "?", "…", ";", ":"):
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
    before = _words(text, max(para_start, raw.open_pos - 40), raw.open_pos)[-3:]
    if before and before[-1].end == _skip_space_back(text, raw.open_pos):
        last = before[-1].key
        if last.endswith(("'s", "’s", "s'", "s’")) or rules.forms.get(last) == "tell":
            return True
    return not attributed and not any(w.key in rules.forms for w in before)


def _skip_space_back(text: str, pos: int) -> int:
    while pos > 0 and _is_space(text[pos - 1]):
        pos -= 1
    return pos


@cache
def _title_word_re() -> re.Pattern[str]:
    return re.compile(r"[^\W_][\w'’\-]*")


def _share_closing(
    ctx: _Context, raws: list[_Raw], atts: list[_Attribution], closing: list[bool]
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
    ctx: _Context, raws: list[_Raw], atts: list[_Attribution], frags: list[bool]
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
                and not _has_word(text, a.close_pos + 1, b.open_pos)
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
    prev_para_speaker: dict[int, _Attribution] = {}
    for i, raw in enumerate(raws):
        if atts[i].ref is not None and (not frags[i] or raw.para not in prev_para_speaker):
            prev_para_speaker[raw.para] = atts[i]
        if atts[i].found or atts[i].cue is not None or frags[i]:
            continue
        para = ctx.paras[raw.para]
        if _has_word(text, para.start, raw.open_pos):
            # A quote opening a later sentence of the paragraph: the speaker of
            # the paragraph's previous quote goes on.
            prev = prev_para_speaker.get(raw.para)
            opening = _sentence_opening(text, para.start, raw.open_pos)
            if (
                prev is not None
                and prev.ref is not None
                and (opening or not _other_person_between(ctx, prev.ref, raw.open_pos))
            ):
                atts[i] = replace(prev, cue=None)
            elif prev is None and opening:
                # "Clinton touted her record. “We need ...”": the person the
                # previous sentence of the paragraph is about.
                subject = _sentence_subject(ctx, raw.para, _skip_back(text, raw.open_pos))
                if subject is not None:
                    atts[i] = _Attribution(subject, None, True)
                    prev_para_speaker[raw.para] = atts[i]
            continue
        lead = prev_para_speaker.get(raw.para - 1) or _paragraph_lead(ctx, raw.para - 1)
        if lead is not None:
            atts[i] = replace(lead, cue=None)
            prev_para_speaker[raw.para] = atts[i]


def _skip_back(text: str, pos: int) -> int:
    """The position just inside the sentence before the one starting at ``pos``."""
    while pos > 0 and (_is_space(text[pos - 1]) or text[pos - 1] in ".!?…"):
        pos -= 1
    return pos


def _other_person_between(ctx: _Context, ref: _Ref, pos: int) -> bool:
    """True if someone other than ``ref`` is named (outside quotes) between
    ``ref``'s mention and ``pos``."""
    return any(
        m.name != ref.name and not ctx.in_quote(m.start) for m in ctx.mentions_in(ref.end, pos)
    )


@cache
def _coordination_re() -> re.Pattern[str]:
    return re.compile(r"[\s,]*(?:and|or)?\s*")


def _sentence_opening(text: str, lo: int, pos: int) -> bool:
    k = pos
    while k > lo and _is_space(text[k - 1]):
        k -= 1
    return k == lo or text[k - 1] in ".!?…" or text[k - 1] in _ALL_MARKS


def _paragraph_lead(ctx: _Context, para: int) -> _Attribution | None:
    """A paragraph whose last sentence reports speech ("Kerry said that ...",
    "Peskov told reporters:") introduces a quote paragraph after it."""
    if para < 0:
        return None
    span = ctx.paras[para]
    sentences = ctx.sentences(para)
    last = sentences[-1] if sentences else None
    if last is None or _has_quote(ctx, last):
        return None
    if ctx.text[span.start : span.end].rstrip().endswith(":"):
        return _colon_lead(ctx, para)
    found = _reported_in(ctx, "", last)
    if found is not None:
        return _Attribution(found[1], found[0].cue, True)
    # "Viguerie is upbeat about Cruz's chances." then a quote paragraph: the
    # person the lead-in sentence is about.
    subject = _sentence_subject(ctx, para, last.end)
    return _Attribution(subject, None, True) if subject is not None else None


def _colon_lead(ctx: _Context, para: int) -> _Attribution | None:
    """A paragraph ending "Peskov told reporters:" introduces the next one."""
    span = ctx.paras[para]
    if not ctx.text[span.start : span.end].rstrip().endswith(":"):
        return None
    fake = _Raw(para, span.end, span.end, span.end, span.end)
    att = _before_quote(ctx, fake, 0)
    return att if att.ref is not None else None


def find_reported_speech(
    article: Article, people: Sequence[Person], sentences: Sentences | None = None
) -> tuple[ReportedSpeech, ...]:
    """Sentences that report what a person said without quoting them:
    "Grushko stressed that ...", "X said (that) ...", "According to him, ...".
    Sentences holding a direct quote are left to ``find_quotes``.
    ``sentences``: the article's sentences if the caller has split them."""
    ctx = _context(article, people, sentences)
    text = article.text
    cue_words = ctx.rules.cue_words
    out: list[ReportedSpeech] = []
    for n, para in enumerate(article.paragraphs):
        # Most paragraphs hold no speech verb at all: a cheap test skips them.
        if cue_words.isdisjoint(_plain_words(text[para.start : para.end])):
            continue
        for sent in ctx.sentences(n):
            if _has_quote(ctx, sent) or cue_words.isdisjoint(
                _plain_words(text[sent.start : sent.end])
            ):
                continue
            found = _reported_in(ctx, article.path, sent)
            if found is not None:
                out.append(found[0])
    return tuple(out)


def _context(
    article: Article, people: Sequence[Person], sentences: Sentences | None
) -> _Context:
    return _prepared(_Same(article, tuple(people), sentences))


class _Same:
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
            isinstance(other, _Same)
            and other.article is self.article
            and len(other.people) == len(self.people)
            and all(map(is_, other.people, self.people))
        )


@lru_cache(maxsize=4)
def _prepared(args: _Same) -> _Context:
    """The paired quote marks and speaker context of an article, shared by
    ``find_quotes`` and ``find_reported_speech`` (called one after the other
    on the same article): the marks are paired and paragraphs tokenised once.
    (The cache holds the arguments, so the identities it compares stay valid.)"""
    return _Context(args.article, args.people, _raw_quotes(args.article), args.sentences)


@cache
def _plain_word_re() -> re.Pattern[str]:
    return re.compile(r"[a-z]+")


def _plain_words(chunk: str) -> list[str]:
    """The lower-cased ASCII letter runs of ``chunk``: enough to tell whether
    it may hold a cue word (every cue form is ASCII)."""
    return _plain_word_re().findall(chunk.lower())


def _has_quote(ctx: _Context, sent: Span) -> bool:
    i = bisect.bisect_left(ctx.quote_starts, sent.start)
    if i > 0 and ctx.quote_spans[i - 1][1] > sent.start:
        return True
    return i < len(ctx.quote_spans) and ctx.quote_spans[i][0] < sent.end


def _reported_in(ctx: _Context, path: str, sent: Span) -> tuple[ReportedSpeech, _Ref] | None:
    """The first reported statement of a sentence, and the span naming its speaker."""
    text = ctx.text
    words = _words(text, sent.start, sent.end)
    rules = ctx.rules
    for cue in _find_cues(ctx, words):
        if _is_passive(ctx, words, cue):
            continue
        if cue.lemma == "according_to":
            if cue.index != 0:
                continue
            after = _subject_after(ctx, words, cue)
            comma = next((k for k in range(cue.last + 1, len(words)) if words[k].key == ","), None)
            if not isinstance(after, _Ref) or comma is None:
                continue
            ref = after
            start = words[comma].end
        else:
            subject = _subject_before(ctx, words, cue, sent.start)
            if not isinstance(subject, _Ref):
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


def _clause_start(words: list[_Word], cue: _Cue, rules: _Rules) -> int | None:
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
    while start < end and (_is_space(text[start]) or text[start] in ",:"):
        start += 1
    while end > start and (_is_space(text[end - 1]) or text[end - 1] in ".!?;,"):
        end -= 1
    return start, end
