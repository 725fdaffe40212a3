"""Articles made by code for the store, match and engine tests: records at
their true offsets, and a generated corpus of recurring statements."""

from __future__ import annotations

import random
from collections.abc import Sequence

from audit.models import Article, Mention, ParsedArticle, Person, Quote, Source, Span


def make_article(
    path: str, quotes: Sequence[tuple[str, str]], *, lead: str = "Officials spoke on Monday."
) -> ParsedArticle:
    """An article quoting ``(speaker, words)`` pairs, one paragraph each, with
    its ground-truth records at their true offsets."""
    text = lead
    paragraphs = [Span(0, len(lead), "paragraph")]
    found: list[Quote] = []
    people: dict[str, list[Mention]] = {}
    sources: list[Source] = []
    for i, (speaker, words) in enumerate(quotes):
        text += "\n\n"
        start_para = len(text)
        s_start = len(text)
        text += speaker
        s_end = len(text)
        text += " said: “"
        q_start = len(text)
        text += words
        q_end = len(text)
        text += "”"
        paragraphs.append(Span(start_para, len(text), "paragraph"))
        found.append(Quote(f"{path}#q{i}", path, q_start, q_end, words, speaker, s_start,
                           s_end, "said", fragment=False))
        people.setdefault(speaker, []).append(Mention(path, s_start, s_end, speaker, speaker))
        sources.append(Source(path, speaker, "person", s_start, s_end, "said", s_end + 1,
                              s_end + 5))
    article = Article(path=path, text=text, title=f"Title of {path}",
                      paragraphs=tuple(paragraphs))
    return ParsedArticle(
        article,
        tuple(found),
        tuple(sources),
        tuple(Person(name, tuple(ms), (name,), ()) for name, ms in people.items()),
    )




# A small vocabulary with a Zipf-like spread: a few words in every quote, many rare ones.
_COMMON = ("the", "of", "and", "to", "a", "in", "that", "we", "will", "not", "is", "it", "for",
           "on", "be", "this", "with", "as")


def generated_quotes(n: int, seed: int) -> list[ParsedArticle]:
    """Articles holding about ``n`` quotes: new statements, and recurring ones
    verbatim, truncated, altered or embedded in a longer quote, mostly by
    their first speaker."""
    rng = random.Random(seed)
    rare = [f"{a}{b}{c}" for a in "bdfklmnprst" for b in "aeiou" for c in "gmnrstvz"]

    def sentence(k: int) -> list[str]:
        return [rng.choice(_COMMON) if rng.random() < 0.45 else rng.choice(rare)
                for _ in range(k)]

    said: list[tuple[str, list[str]]] = []
    articles: list[ParsedArticle] = []
    made = 0
    while made < n:
        quotes: list[tuple[str, str]] = []
        for _ in range(rng.randint(2, 8)):
            roll = rng.random()
            speaker = f"Speaker {rng.randint(1, 40)}"
            if said and roll < 0.35:
                # A recurring statement: its own speaker's most of the time
                # (a short fragment joins a group only with the same speaker).
                first, kept = rng.choice(said)
                words = list(kept)
                speaker = first if rng.random() < 0.7 else speaker
                if roll < 0.1 and len(words) > 6:
                    k = rng.randint(3, len(words) - 2)
                    start = rng.randint(0, len(words) - k)
                    words = words[start : start + k]
                elif roll < 0.2:
                    words[rng.randrange(len(words))] = rng.choice(rare)
                elif roll < 0.25:
                    words = sentence(rng.randint(2, 6)) + words
            else:
                words = sentence(rng.randint(4, 30))
                said.append((speaker, words))
            quotes.append((speaker, " ".join(words)))
        articles.append(make_article(f"gen/{len(articles):05d}.txt", quotes))
        made += len(quotes)
    return articles
