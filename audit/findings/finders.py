"""One finder per finding kind of an audited set, run in the order of one
registry (``FINDERS``); rules, severities and their word lists live in
``audit/data/findings.toml`` (read through ``audit.rules.findings``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from ..models import (
    SEVERITY_ORDER,
    Evidence,
    Finding,
    Mention,
    ParsedArticle,
    Person,
    Quote,
    QuoteGroup,
    Source,
)
from ..parse.sources import is_state_affiliated
from ..rules.findings import findings_rules
from ..text import excerpt, normalize


class ArticleTexts:
    """Article texts by path, to cut evidence excerpts."""

    # Public so the draft check reuses the same evidence cutting.

    def __init__(self, parsed: Sequence[ParsedArticle]) -> None:
        self._text = {p.article.path: p.article.text for p in parsed}

    def evidence(self, article: str, start: int, end: int) -> Evidence:
        return Evidence(article, start, end, excerpt(self._text[article], start, end))

    def text(self, article: str) -> str:
        return self._text[article]


def _finding(
    rule: str, message: str, evidence: Iterable[Evidence], *, subject: str
) -> Finding:
    r = findings_rules().rules[rule]
    return Finding(r.kind, r.severity, message, r.name, tuple(evidence), subject=subject)


@dataclass(frozen=True)
class AuditedSet:
    """What the finders read: the parsed articles, their quote groups and
    people, and the article texts evidence is cut from."""

    parsed: Sequence[ParsedArticle]
    groups: Sequence[QuoteGroup]
    people: Sequence[Person]
    texts: ArticleTexts


Finder = Callable[[AuditedSet], Iterable[Finding]]


def find_all(
    parsed: Sequence[ParsedArticle],
    groups: Sequence[QuoteGroup],
    people: Sequence[Person],
) -> tuple[Finding, ...]:
    """Every finding for an audited set (each finder of ``FINDERS`` in turn),
    most severe first, then by place."""
    audited = AuditedSet(parsed, groups, people, ArticleTexts(parsed))
    found = [f for finder in FINDERS.values() for f in finder(audited)]
    return tuple(sorted(found, key=sort_key))


def sort_key(f: Finding) -> tuple[Any, ...]:
    """Most severe first, then kind, then place."""
    first = f.evidence[0] if f.evidence else Evidence("", 0, 0, "")
    return (-SEVERITY_ORDER[f.severity], f.kind, first.article, first.start, f.message)


# -- people -----------------------------------------------------------------


def is_shorter_form(a: str, b: str) -> bool:
    """True when name ``a`` is ``b`` with words left out ("Peskov" of
    "Dmitry Peskov"): that is a shorter name, not another spelling."""
    wa, wb = normalize(a).split(), normalize(b).split()
    return all(w in wb for w in wa)


def spelling_variants(person: Person) -> list[str]:
    """The spellings of ``person`` that are not just a shorter form of another."""
    names = list(person.variants) or [person.name]
    return [
        n for n in names if not any(n != m and is_shorter_form(n, m) for m in names)
    ]


def name_variants(people: Iterable[Person], texts: ArticleTexts) -> Iterator[Finding]:
    """``name_variant``: one person, two or more spellings."""
    for person in people:
        spellings = spelling_variants(person)
        if len({normalize(s) for s in spellings}) < 2:
            continue
        articles: dict[str, set[str]] = defaultdict(set)
        first: dict[str, Mention] = {}
        for m in person.mentions:
            spelled = _best_spelling(m.full_name, spellings)
            articles[spelled].add(m.article)
            first.setdefault(spelled, m)
        counts = ", ".join(
            f"“{s}” in {len(articles[s])} article{'s' if len(articles[s]) != 1 else ''}"
            for s in spellings
        )
        yield _finding(
            "name_variant",
            f"{person.name} is spelled {len(spellings)} ways: {counts}.",
            (
                texts.evidence(f.article, f.start, f.end)
                for s in spellings
                if (f := first.get(s)) is not None
            ),
            subject=person.name,
        )


def _best_spelling(full_name: str, spellings: Sequence[str]) -> str:
    """The listed spelling a mention's full name is, or is a shorter form of."""
    for s in spellings:
        if s == full_name or is_shorter_form(full_name, s):
            return s
    return spellings[0]


_WORD = re.compile(r"[\w-]+")


def _title_key(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """(office words, status words) of a title after dropping filler and
    mapping synonyms; "President-elect" gives ({president}, {elect})."""
    words = findings_rules().titles
    filler, status, synonyms = words.filler, words.status, words.synonyms
    text = title.casefold().replace("press secretary", "press_secretary")
    office: set[str] = set()
    flags: set[str] = set()
    for token in _WORD.findall(text):
        for part in ([token] if token in synonyms else token.split("-")):
            word = synonyms.get(part, part)
            if word in status:
                flags.add(word)
            elif word not in filler:
                office.update(word.split())
    return frozenset(office), frozenset(flags)


def titles_conflict(a: str, b: str) -> bool:
    """True when one person cannot hold titles ``a`` and ``b`` at once."""
    (oa, sa), (ob, sb) = _title_key(a), _title_key(b)
    if not oa or not ob:
        return False
    if sa != sb and (oa & ob):
        return True
    return not (oa <= ob or ob <= oa)


def title_conflicts(people: Iterable[Person], texts: ArticleTexts) -> Iterator[Finding]:
    """``title_conflict``: one person, incompatible titles."""
    for person in people:
        # One mention per distinct title meaning: "US President" and
        # "U.S. President" are the same title written twice.
        seen: dict[str, Mention] = {}
        keys: set[tuple[frozenset[str], frozenset[str]]] = set()
        for m in person.mentions:
            if m.title and m.title_start is not None and _title_key(m.title) not in keys:
                keys.add(_title_key(m.title))
                seen[m.title] = m
        pairs = [
            (a, b)
            for i, a in enumerate(seen)
            for b in list(seen)[i + 1 :]
            if titles_conflict(a, b)
        ]
        if not pairs:
            continue
        involved = list(dict.fromkeys(t for pair in pairs for t in pair))
        listed = " vs ".join(f"“{t}”" for t in involved)
        yield _finding(
            "title_conflict",
            f"{person.name} is called {listed}.",
            (
                texts.evidence(m.article, cast(int, m.title_start), m.end)
                for t in involved
                for m in [seen[t]]
            ),
            subject=person.name,
        )


# -- quotes -----------------------------------------------------------------


def quote_variants(groups: Iterable[QuoteGroup], texts: ArticleTexts) -> Iterator[Finding]:
    """``quote_variant``: one statement, worded differently in two articles."""
    for group in groups:
        ref = group.reference
        for member in group.members[1:]:
            q = member.quote
            if q.article == ref.article or member.relation == "identical":
                continue
            rule = "quote_altered" if member.relation == "variant" else "quote_truncated"
            changed = sum(1 for d in member.diff if d.op != "equal")
            what = (
                f"differs in {changed} place{'s' if changed != 1 else ''}"
                if rule == "quote_altered"
                else "is a shortened form"
            )
            yield _finding(
                rule,
                f"Quote {what} of the wording in {ref.article} (score {member.score:.0f}).",
                [
                    texts.evidence(ref.article, ref.start, ref.end),
                    texts.evidence(q.article, q.start, q.end),
                ],
                subject=group.id,
            )
        for link in group.reported:
            s = link.speech
            if s.article == ref.article:
                continue
            yield _finding(
                "quote_paraphrased",
                f"Reported as indirect speech (“{s.cue}”) of the quote in {ref.article} "
                f"(score {link.score:.0f}).",
                [
                    texts.evidence(ref.article, ref.start, ref.end),
                    texts.evidence(s.article, s.start, s.end),
                ],
                subject=group.id,
            )


def speaker_conflicts(
    groups: Iterable[QuoteGroup], people: Iterable[Person], texts: ArticleTexts
) -> Iterator[Finding]:
    """``speaker_conflict``: one statement given to two different people."""
    canonical: dict[tuple[str, str], str] = {}
    for person in people:
        for m in person.mentions:
            canonical[(m.article, m.full_name)] = person.name

    def who(q: Quote) -> str | None:
        if q.speaker is None:
            return None
        return canonical.get((q.article, q.speaker), q.speaker)

    for group in groups:
        by_speaker: dict[str, list[Quote]] = defaultdict(list)
        for member in group.members:
            # A scare-quoted word is too short to say whose statement it is.
            if member.quote.fragment:
                continue
            if (name := who(member.quote)) is not None:
                by_speaker[name].append(member.quote)
        if len(by_speaker) < 2:
            continue
        names = sorted(by_speaker)
        yield _finding(
            "speaker_conflict",
            "The same quote is attributed to " + " and ".join(names) + ".",
            (texts.evidence(qs[0].article, qs[0].start, qs[0].end) for qs in
             (by_speaker[n] for n in names)),
            subject=group.id,
        )


def unattributed_quotes(parsed: Iterable[ParsedArticle], texts: ArticleTexts) -> Iterator[Finding]:
    """``unattributed_quote``: a direct quote with no speaker named."""
    for p in parsed:
        for q in p.quotes:
            if q.speaker is not None or q.via is not None:
                continue
            rule = "unattributed_fragment" if q.fragment else "unattributed_quote"
            what = "Quoted phrase" if q.fragment else "Quote"
            yield _finding(
                rule,
                f"{what} “{short_text(q.text)}” has no named speaker.",
                [texts.evidence(q.article, q.start, q.end)],
                subject=q.id,
            )


# -- sources ----------------------------------------------------------------


def vague_attributions(parsed: Iterable[ParsedArticle], texts: ArticleTexts) -> Iterator[Finding]:
    """``vague_attribution``: a claim credited to unnamed sources."""
    for p in parsed:
        for s in p.sources:
            if s.kind != "vague":
                continue
            start, end = _cue_span(s)
            yield _finding(
                "vague_attribution",
                f"Claim rests on vague sourcing: “{texts.text(s.article)[start:end]}”.",
                [texts.evidence(s.article, start, end)],
                subject=normalize(texts.text(s.article)[s.start:s.end]),
            )


def _cue_span(s: Source) -> tuple[int, int]:
    if s.cue_start is None or s.cue_end is None:
        return s.start, s.end
    return min(s.start, s.cue_start), max(s.end, s.cue_end)


def state_media(
    parsed: Iterable[ParsedArticle], texts: ArticleTexts, *, extra_outlets: Iterable[str] = ()
) -> Iterator[Finding]:
    """``state_media``: a claim resting on a state-affiliated outlet, flagged
    more strongly when the article does not say the outlet is state media.
    ``extra_outlets`` names outlets a newsroom treats as state-affiliated
    beyond the State Media Matrix."""
    cfg = findings_rules().state_media
    window, words = cfg.window, cfg.disclosure
    extra = {normalize(name) for name in extra_outlets}
    for p in parsed:
        text = p.article.text
        for s in p.sources:
            if s.kind != "outlet" or s.outlet is None:
                continue
            o = s.outlet
            if normalize(o.name) in extra and not is_state_affiliated(o):
                o = replace(o, typology_label="state-affiliated",
                            classification_source="the newsroom's settings")
            elif not is_state_affiliated(o):
                continue
            before = text[max(0, s.start - window) : s.end].casefold()
            disclosed = any(w in before for w in words)
            via = f", passed on by {s.via}" if s.via else ""
            label = " ".join(x for x in (o.typology, f"({o.typology_label})") if x)
            said = "the article says so" if disclosed else "the article does not say so"
            yield _finding(
                "state_media_disclosed" if disclosed else "state_media_undisclosed",
                f"Claim rests on {o.name}{via}: classified {label} by "
                f"{o.classification_source}; {said}.",
                [texts.evidence(s.article, s.start, s.end)],
                subject=o.name,
            )


def short_text(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def count_by_severity(found: Iterable[Finding]) -> dict[str, int]:
    """Number of findings of each severity, every severity listed."""
    counts: Counter[str] = Counter(f.severity for f in found)
    return {s: counts[s] for s in sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__)}


# The finders of an audit, one per finding kind, in the order they run (the
# result is sorted, and equal findings keep this order).
FINDERS: dict[str, Finder] = {
    "name_variant": lambda a: name_variants(a.people, a.texts),
    "title_conflict": lambda a: title_conflicts(a.people, a.texts),
    "quote_variant": lambda a: quote_variants(a.groups, a.texts),
    "speaker_conflict": lambda a: speaker_conflicts(a.groups, a.people, a.texts),
    "vague_attribution": lambda a: vague_attributions(a.parsed, a.texts),
    "state_media": lambda a: state_media(a.parsed, a.texts),
    "unattributed_quote": lambda a: unattributed_quotes(a.parsed, a.texts),
}
