"""Reported speech: which quote group a sentence of reported speech
("Zelensky said the talks had failed") paraphrases (:func:`link_reported`).

Thresholds and stop words live in ``match.toml`` [reported]
(:mod:`audit.rules.match`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import QuoteGroup, ReportedLink, ReportedSpeech
from ..rules.match import ReportedSettings, reported_settings
from ..text import normalize, sentence_spans
from .people import speaker_surname, surnames_agree


def _content_stems(text: str, drop: Iterable[str], s: ReportedSettings) -> frozenset[str]:
    skip = s.stop_words | {w for d in drop for w in normalize(d).split()}
    return frozenset(
        w[: s.stem_length] for w in normalize(text).split() if w not in skip and len(w) > 1
    )


def _quote_units(text: str, s: ReportedSettings) -> list[frozenset[str]]:
    """Content stems of a quote and, if it has several, of each sentence: a
    paraphrase often renders one sentence of a long quote."""
    whole = _content_stems(text, (), s)
    sentences = list(sentence_spans(text))
    units = [whole]
    if len(sentences) > 1:
        units.extend(_content_stems(text[sp.start : sp.end], (), s) for sp in sentences)
    return [u for u in units if u]


@dataclass(frozen=True)
class _OutsideWeights:
    """Stem weights for one (sentence, group) pair: 1 + log((N + 1) / (n + 1)),
    with N the other documents of the run and n those using the stem."""

    df: Counter[str]
    others: int
    group: frozenset[str]
    speech: frozenset[str]

    def weight(self, terms: Iterable[str]) -> float:
        return sum(
            1.0
            + math.log(
                (self.others + 1) / (self.df[t] - (t in self.group) - (t in self.speech) + 1)
            )
            for t in terms
        )


def link_reported(
    groups: Iterable[QuoteGroup], reported: Iterable[ReportedSpeech]
) -> tuple[QuoteGroup, ...]:
    """Attach each reported-speech sentence to the quote group it paraphrases.

    Both sides are reduced to content-word stems (stop words, the speaker's
    name and the cue dropped). The score is a weighted Dice of the sentence
    against a member quote, or one sentence of it; a stem's weight is
    1 + log((N + 1) / (n + 1)), N the other groups and sentences of the run
    and n how many of them use the stem, so story-wide words ("Ukraine")
    count less than the specific ones. A link needs ``reported.min_score``,
    ``reported.min_shared`` shared stems and, when both the sentence and the
    group name a speaker, a surname in common (spelling variants allowed).
    Each sentence goes to its best group (earliest on a tie); a group's links
    are in (article, start) order after any it already had."""
    s = reported_settings()
    group_list = list(groups)
    speech_list = sorted(reported, key=lambda r: (r.article, r.start, r.end))
    units = [[u for m in g.members for u in _quote_units(m.quote.text, s)] for g in group_list]
    group_stems = [frozenset().union(*us) for us in units]
    speakers = [
        sorted({speaker_surname(m.quote.speaker) for m in g.members if m.quote.speaker} - {""})
        for g in group_list
    ]
    speech_stems = [_content_stems(r.text, (r.speaker or "", r.cue), s) for r in speech_list]
    df: Counter[str] = Counter()
    postings: dict[str, list[int]] = defaultdict(list)
    for gi, stems in enumerate(group_stems):
        df.update(stems)
        for t in stems:
            postings[t].append(gi)
    for stems in speech_stems:
        df.update(stems)
    others = len(group_list) + len(speech_list) - 2

    links: dict[int, list[ReportedLink]] = defaultdict(list)
    for speech, stems in zip(speech_list, speech_stems, strict=True):
        said_by = speaker_surname(speech.speaker)
        shared_count: Counter[int] = Counter()
        for t in stems:
            shared_count.update(postings.get(t, ()))
        best: tuple[float, int] | None = None
        for gi in sorted(g for g, n in shared_count.items() if n >= s.min_shared):
            if (
                said_by
                and speakers[gi]
                and not any(surnames_agree(said_by, x) for x in speakers[gi])
            ):
                continue

            outside = _OutsideWeights(df, others, group_stems[gi], stems)
            for unit in units[gi]:
                shared = stems & unit
                if len(shared) < s.min_shared:
                    continue
                total = outside.weight(stems) + outside.weight(unit)
                score = round(200.0 * outside.weight(shared) / total, 2)
                if score >= s.min_score and (best is None or score > best[0]):
                    best = (score, gi)
        if best is not None:
            links[best[1]].append(ReportedLink(speech, best[0]))
    return tuple(
        QuoteGroup(g.id, g.members, tuple(g.reported) + tuple(links.get(gi, ())))
        for gi, g in enumerate(group_list)
    )

