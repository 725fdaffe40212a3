"""Speech cues in a window of words: the speech verbs of ``cues.toml`` (one
or two words), "according to", and "told" with its addressee, told apart
from the nouns, infinitives and headline capitals spelled like them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter

from .context import ArticleContext, Word

_WORD_KEY = itemgetter(2)  # Word.key, for maps over C functions


@dataclass(frozen=True)
class Cue:
    """A speech cue found in a window of words ("said", "according to", "told Reuters")."""

    index: int  # index of the cue's first word in the window's words
    last: int  # index of its last word
    text: str
    lemma: str

    @property
    def key_ing(self) -> bool:
        """A participle ("saying", "adding"): it never takes an inverted subject."""
        return self.lemma != "according_to" and self.text.split()[0].casefold().endswith("ing")


def find_cues(ctx: ArticleContext, words: list[Word]) -> Iterator[Cue]:
    """The speech cues of ``words``, in order: not the nouns ("media reports"),
    infinitives ("declined to comment") or headline capitals ("Kremlin Says")
    that share a cue's spelling."""
    rules = ctx.rules
    # Only words that may start a cue: most words are skipped in bulk.
    for i in compress(range(len(words)), map(rules.cue_words.__contains__, map(_WORD_KEY, words))):
        w = words[i]
        if w.key == "according" and i + 1 < len(words) and words[i + 1].key == "to":
            yield Cue(i, i + 1, ctx.text[w.start : words[i + 1].end], "according_to")
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
                or (prev in rules.roles and i > 1 and words[i - 2].key in DETERMINERS)
            )
            and ctx.m_by_end.get(words[i - 1].end) is None
        ):
            continue  # "member states", "the reports"
        # "told Reuters": a capitalised addressee is part of the cue.
        if lemma == "tell" and last + 1 < len(words) and words[last + 1].cap:
            nxt = words[last + 1]
            if ctx.mention_at(nxt.start) is None and nxt.key not in rules.pronouns:
                last += 1
        yield Cue(i, last, ctx.text[w.start : words[last].end], lemma)


# A word before a cue's spelling that makes it a noun or an infinitive
# ("the reports", "media reports", "declined to comment").
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

# Determiners and possessives that open a noun phrase ("the spokesman").
DETERMINERS = frozenset(["the", "a", "an", "his", "her", "its", "their", "our"])


def is_passive(ctx: ArticleContext, words: list[Word], cue: Cue) -> bool:
    """ "were described as": an auxiliary before a participle cue makes it passive."""
    k = cue.index - 1
    while k >= 0 and words[k].key in ("also", "not", "widely", "often", "later"):
        k -= 1
    return (
        k >= 0
        and words[k].key in ctx.rules.passive
        and words[cue.index].key in ctx.rules.participles
    )
