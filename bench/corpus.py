"""Seeded synthetic news corpora for the store benchmark and tests.

Real archives cannot be redistributed, so the benchmark runs on generated
text: articles about a few running stories, with people (titles, first and
later mentions, the odd second spelling), outlets, citation chains, reported
speech and attributed direct quotes. A share of the quotes recur across
articles as the press passes them on: verbatim, truncated to a fragment,
altered by a word or two, or re-worded; a few short stock phrases recur
everywhere. Word frequencies follow a Zipf law over real English function
words and invented content words, with story words mixed in, so the n-gram
statistics (stock phrases, rare words, near-miss quotes on the same story)
look like news text. One seed gives the same corpus, byte for byte.

Every article comes with its ground truth as a ``ParsedArticle`` (quotes,
people, sources at their true offsets), so the store can be measured without
the parsers, and with the statement each quote renders, so grouping can be
scored against the truth.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from audit.models import (
    Article,
    Mention,
    ParsedArticle,
    Person,
    Quote,
    ReportedSpeech,
    Source,
    Span,
)

Variant = Literal["original", "exact", "truncated", "altered", "reworded", "stock"]

# The most frequent English words, most frequent first: they take the top Zipf
# ranks so that about half of all tokens are function words, as in news text.
_FUNCTION_TEXT = (
    "the of and to a in that is for it on was with he as we be by this not are at have "
    "has from but will they an or would which their been had there were about more its "
    "who all also than can one when his her our what if so do no up out new into could "
    "should us them over after only other some any time now very just because must these "
    "those may how then even most made make people said like well first two back way "
    "still"
)
FUNCTION_WORDS = tuple(dict.fromkeys(_FUNCTION_TEXT.split()))
_TITLES = (
    "spokesman", "spokeswoman", "foreign minister", "defence minister", "deputy minister",
    "president", "prime minister", "senator", "ambassador", "chief of staff", "adviser",
    "secretary general", "governor", "mayor", "press secretary", "envoy",
)
_OUTLETS = (
    "Reuters", "the Associated Press", "AFP", "TASS", "RIA Novosti", "Interfax", "the BBC",
    "CNN", "The Guardian", "Bloomberg", "Xinhua", "Al Jazeera", "The New York Times",
    "The Washington Post", "Politico", "Ukrinform", "The Kyiv Independent", "Der Spiegel",
)
_SAY = ("said", "told reporters", "added", "stressed", "noted", "insisted", "warned")
_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Statement:
    """Something a person said once; quotes render it or a variant of it."""

    id: int
    speaker: int
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class QuoteTruth:
    """Which statement a generated quote renders (-1 for a stock phrase), and
    how it was changed."""

    quote_id: str
    statement: int
    variant: Variant


@dataclass(frozen=True)
class GeneratedArticle:
    """A generated article, its ground-truth parse, and its quotes' truth."""

    parsed: ParsedArticle
    truth: tuple[QuoteTruth, ...]

    @property
    def article(self) -> Article:
        """The generated article itself."""
        return self.parsed.article


@dataclass(frozen=True)
class _Person:
    first: str
    last: str
    title: str
    alt_last: str  # a second spelling some outlets use


@dataclass(frozen=True)
class _Pick:
    speaker: int
    tokens: tuple[str, ...]
    statement: int
    variant: Variant


class CorpusGenerator:
    """A stream of synthetic articles; the same seed gives the same stream.

    ``recur_share`` is the share of quotes that pass on an earlier statement
    (changed or not); ``quotes_per_article`` the mean number of direct quotes."""

    def __init__(
        self, seed: int = 1, *, recur_share: float = 0.3, quotes_per_article: float = 7.0
    ) -> None:
        self.rng = random.Random(seed)
        self._seed = seed
        self._recur = recur_share
        self._per_article = quotes_per_article
        self._function = frozenset(FUNCTION_WORDS)
        content = self._pseudo_words(20_000, (2, 4))
        self._vocab = [*FUNCTION_WORDS, *content]
        self._cum = list(itertools.accumulate(1.0 / r for r in range(1, len(self._vocab) + 1)))
        self._stories = [tuple(self.rng.sample(content, 30)) for _ in range(40)]
        self._story_cum = list(itertools.accumulate(1.0 / r for r in range(1, 41)))
        # Stock phrases ("witch hunt", "special military operation"): a few words
        # ending on a content word, each quoted again and again.
        self._stock = [
            (*self.words(self.rng.randint(1, 2)), self.rng.choice(content[:5000]))
            for _ in range(200)
        ]
        self.people: list[_Person] = []
        self._pool: list[Statement] = []
        self._statements = 0
        self._count = 0

    # -- words ------------------------------------------------------------------

    def _pseudo_words(self, n: int, syllables: tuple[int, int]) -> list[str]:
        seen: set[str] = set(FUNCTION_WORDS)
        out: list[str] = []
        while len(out) < n:
            word = "".join(
                self.rng.choice(_CONSONANTS) + self.rng.choice(_VOWELS)
                for _ in range(self.rng.randint(*syllables))
            )
            if self.rng.random() < 0.3:
                word += self.rng.choice(_CONSONANTS)
            if word not in seen:
                seen.add(word)
                out.append(word)
        return out

    def words(self, n: int, story: tuple[str, ...] = ()) -> list[str]:
        """``n`` words drawn by Zipf rank; about one in seven from ``story``."""
        out = self.rng.choices(self._vocab, cum_weights=self._cum, k=n)
        if story:
            for i in range(n):
                if self.rng.random() < 0.15:
                    out[i] = self.rng.choice(story)
        return out

    def sentence_tokens(self, n: int, story: tuple[str, ...]) -> list[str]:
        """``n`` tokens in one or more sentences, commas here and there, no final stop."""
        tokens = self.words(n, story)
        breaks = {self.rng.randrange(4, n - 3) for _ in range(n // 15)} if n > 10 else set()
        capital = True
        for i, tok in enumerate(tokens):
            if capital:
                tok = tok.capitalize()
            capital = i in breaks
            if capital:
                tok += "."
            elif i < n - 1 and self.rng.random() < 0.07:
                tok += ","
            tokens[i] = tok
        return tokens

    def _person(self) -> int:
        """An existing person (the well-known ones more often) or a new one."""
        if self.people and self.rng.random() < 0.85:
            rank = min(int(self.rng.paretovariate(1.2)) - 1, len(self.people) - 1)
            # Half the time the famous (first) people, half the time the latest.
            return rank if self.rng.random() < 0.5 else len(self.people) - 1 - rank
        first = self._pseudo_words(1, (2, 3))[0].capitalize()
        last = self._pseudo_words(1, (2, 4))[0].capitalize()
        alt = last[:-1] + {"a": "ah", "i": "y", "o": "ov"}.get(last[-1], last[-1] * 2)
        org = self._pseudo_words(1, (2, 3))[0].capitalize()
        self.people.append(_Person(first, last, f"{org} {self.rng.choice(_TITLES)}", alt))
        return len(self.people) - 1

    # -- statements and their variants ------------------------------------------

    def _new_statement(self, story: tuple[str, ...]) -> Statement:
        n = min(60, 6 + int(self.rng.gammavariate(2.0, 7.0)))
        st = Statement(self._statements, self._person(), tuple(self.sentence_tokens(n, story)))
        self._statements += 1
        self._pool.append(st)
        if len(self._pool) > 4000:  # stories move on: old statements stop recurring
            del self._pool[:1000]
        return st

    def _variant(self, st: Statement) -> tuple[tuple[str, ...], Variant]:
        toks = list(st.tokens)
        roll = self.rng.random()
        if roll < 0.4 or len(toks) < 6:
            return st.tokens, "exact"
        if roll < 0.65:
            k = self.rng.randint(max(3, len(toks) // 4), len(toks) - 2)
            start = self.rng.randint(0, len(toks) - k)
            return tuple(toks[start : start + k]), "truncated"
        if roll < 0.9:
            for _ in range(self.rng.randint(1, 2)):
                i = self.rng.randrange(len(toks))
                op = self.rng.random()
                if op < 0.5:
                    toks[i] = self.words(1)[0]
                elif op < 0.75 and len(toks) > 5:
                    del toks[i]
                else:
                    toks.insert(i, self.words(1)[0])
            return tuple(toks), "altered"
        for i, tok in enumerate(toks):
            if tok.lower().strip(".,") not in self._function and self.rng.random() < 0.3:
                toks[i] = self.words(1)[0]
        if self.rng.random() < 0.5:
            cut = len(toks) // 2
            toks = toks[cut:] + toks[:cut]
        return tuple(toks), "reworded"

    def _picks(self, story: tuple[str, ...]) -> list[_Pick]:
        n = max(1, round(self.rng.gauss(self._per_article, 3.0)))
        picks: list[_Pick] = []
        for _ in range(n):
            roll = self.rng.random()
            if roll < 0.04:
                picks.append(_Pick(self._person(), self.rng.choice(self._stock), -1, "stock"))
            elif roll < 0.04 + self._recur and self._pool:
                st = self.rng.choice(self._pool)
                tokens, variant = self._variant(st)
                # One pass-on in twenty gives the words to someone else.
                speaker = self._person() if self.rng.random() < 0.05 else st.speaker
                picks.append(_Pick(speaker, tokens, st.id, variant))
            else:
                st = self._new_statement(story)
                picks.append(_Pick(st.speaker, st.tokens, st.id, "original"))
        return picks

    # -- articles ---------------------------------------------------------------

    def article(self) -> GeneratedArticle:
        """The next article of the stream."""
        index = self._count
        self._count += 1
        story = self.rng.choices(self._stories, cum_weights=self._story_cum)[0]
        picks = self._picks(story)
        cast = list(dict.fromkeys(p.speaker for p in picks))
        writer = _Writer(self, f"synthetic/{self._seed}/{index:07d}.txt", story, cast)
        title = " ".join(self.words(self.rng.randint(6, 10), story)).capitalize()
        for pick in picks:
            for _ in range(self.rng.choice((0, 1, 1, 2))):
                writer.narrative()
            writer.quote(pick)
        writer.narrative()
        return writer.finish(title, self.rng.choice(_OUTLETS).removeprefix("the "), index)

    def articles(self, count: int) -> Iterator[GeneratedArticle]:
        """The next ``count`` articles."""
        for _ in range(count):
            yield self.article()

    def until_quotes(self, quotes: int) -> Iterator[GeneratedArticle]:
        """Articles until they hold at least ``quotes`` quotes in all."""
        total = 0
        while total < quotes:
            item = self.article()
            total += len(item.parsed.quotes)
            yield item


class _Writer:
    """Writes one article and records its ground truth at the true offsets."""

    def __init__(
        self, gen: CorpusGenerator, path: str, story: tuple[str, ...], cast: list[int]
    ) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.path = path
        self.story = story
        self.cast = cast
        self.parts: list[str] = []
        self.pos = 0
        self.paragraphs: list[Span] = []
        self.mentions: dict[int, list[Mention]] = {p: [] for p in cast}
        self.quotes: list[Quote] = []
        self.truth: list[QuoteTruth] = []
        self.sources: list[Source] = []
        self.reported: list[ReportedSpeech] = []
        # One article in ten spells a person's surname the other way.
        self.surname = {
            p: gen.people[p].alt_last if self.rng.random() < 0.1 else gen.people[p].last
            for p in cast
        }

    def put(self, piece: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(piece)
        self.pos += len(piece)
        return start, self.pos

    def refer(self, p: int) -> tuple[int, int, str]:
        """Mention person ``p``: title and full name the first time, surname after."""
        person = self.gen.people[p]
        full = f"{person.first} {self.surname[p]}"
        if self.mentions[p]:
            start, end = self.put(self.surname[p])
            self.mentions[p].append(Mention(self.path, start, end, self.surname[p], full))
        else:
            t_start, t_end = self.put(person.title)
            self.put(" ")
            start, end = self.put(full)
            self.mentions[p].append(
                Mention(self.path, start, end, full, full, person.title, t_start, t_end)
            )
        return start, end, full

    def sentence(self) -> str:
        return " ".join(self.gen.sentence_tokens(self.rng.randint(10, 30), self.story))

    def narrative(self) -> None:
        """A paragraph of 1-3 sentences: plain, sourced to an outlet (maybe through
        another one), or reported speech of someone in the article."""
        para_start = self.pos
        for k in range(self.rng.randint(1, 3)):
            if k:
                self.put(" ")
            roll = self.rng.random()
            body = self.sentence()
            if roll < 0.15:
                name = self.rng.choice(_OUTLETS)
                cue = self.put("According to")
                self.put(" ")
                span = self.put(name)
                self.sources.append(Source(self.path, name, "outlet", *span, "according to", *cue))
                self.put(f", {body[0].lower()}{body[1:]}.")
            elif roll < 0.22:
                first, second = self.rng.sample(_OUTLETS, 2)
                head = first[0].upper() + first[1:]
                first_span = self.put(head)
                self.put(", ")
                citing = self.put("citing")
                self.put(" ")
                second_span = self.put(second)
                self.put(", ")
                reported = self.put("reported")
                self.put(f" that {body}.")
                self.sources.append(
                    Source(self.path, head, "outlet", *first_span, "reported", *reported)
                )
                self.sources.append(
                    Source(self.path, second, "outlet", *second_span, "citing", *citing, via=head)
                )
            elif roll < 0.35:
                start, first_part = self.pos, len(self.parts)
                s_start, s_end, full = self.refer(self.rng.choice(self.cast))
                self.put(" ")
                cue = self.put("said")
                clause = f" that {body[0].lower()}{body[1:]}."
                self.put(clause)
                spoken = "".join(self.parts[first_part:])
                self.reported.append(
                    ReportedSpeech(self.path, start, self.pos, spoken, full, "said")
                )
                self.sources.append(
                    Source(self.path, full, "person", s_start, s_end, "said", *cue)
                )
            else:
                self.put(f"{body}.")
        self.paragraphs.append(Span(para_start, self.pos, "paragraph"))
        self.put("\n\n")

    def quote(self, pick: _Pick) -> None:
        """A paragraph quoting ``pick``: a full quote before or after its
        attribution, or a fragment worked into a sentence."""
        rng = self.rng
        para_start = self.pos
        open_mark, close_mark = ("“", "”") if rng.random() < 0.8 else ('"', '"')
        words = " ".join(pick.tokens).rstrip(".,")
        cue = rng.choice(_SAY)
        fragment = pick.variant in ("stock", "truncated") and rng.random() < 0.6
        if fragment:
            s_start, s_end, full = self.refer(pick.speaker)
            self.put(" ")
            c_start, c_end = self.put(cue)
            self.put(f" the {self.gen.words(1, self.story)[0]} was {open_mark}")
            body = words.lower() if pick.variant == "stock" else words
            q_start, q_end = self.put(body)
            self.put(f"{close_mark}.")
        else:
            body = words[0].upper() + words[1:]
            if rng.random() < 0.5:
                self.put(open_mark)
                q_start, q_end = self.put(body)
                self.put(f",{close_mark} ")
                s_start, s_end, full = self.refer(pick.speaker)
                self.put(" ")
                c_start, c_end = self.put(cue)
                self.put(".")
            else:
                s_start, s_end, full = self.refer(pick.speaker)
                self.put(" ")
                c_start, c_end = self.put(cue)
                self.put(f": {open_mark}")
                q_start, q_end = self.put(body)
                self.put(f".{close_mark}")
        self.paragraphs.append(Span(para_start, self.pos, "paragraph"))
        self.put("\n\n")
        qid = f"{self.path}#q{len(self.quotes)}"
        self.quotes.append(
            Quote(qid, self.path, q_start, q_end, body, full, s_start, s_end, cue, fragment)
        )
        self.truth.append(QuoteTruth(qid, pick.statement, pick.variant))
        self.sources.append(
            Source(self.path, full, "person", s_start, s_end, cue, c_start, c_end)
        )

    def finish(self, title: str, publisher: str, index: int) -> GeneratedArticle:
        body = "".join(self.parts).rstrip("\n")
        people = tuple(
            Person(
                self.mentions[p][0].full_name,
                tuple(self.mentions[p]),
                (),
                (self.gen.people[p].title,),
            )
            for p in self.cast
            if self.mentions[p]
        )
        article = Article(
            path=self.path,
            text=body,
            title=title,
            paragraphs=tuple(self.paragraphs),
            publisher=publisher,
            date=f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}",
            content_hash=hashlib.sha256(body.encode()).hexdigest(),
        )
        parsed = ParsedArticle(
            article,
            tuple(self.quotes),
            tuple(sorted(self.sources, key=lambda s: (s.start, s.end, s.name))),
            people,
            tuple(self.reported),
        )
        return GeneratedArticle(parsed, tuple(self.truth))
