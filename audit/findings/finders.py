"""One finder per finding kind of an audited set, run in the order of one
registry (``FINDERS``); rules, severities and their word lists live in
``audit/data/findings.toml`` (read through ``audit.rules.findings``); the
sourcing finders are in ``sourcing.py`` and the helpers they share in
``common.py``."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..match import (
    Rendering,
    compare_keys,
    compare_quotes,
    comparison_key,
    group_organisations,
    link_renderings,
    same_speaker,
    speaker_surname,
    spelling_key,
    surnames_agree,
    word_diff,
)
from ..models import (
    SEVERITY_ORDER,
    Confidence,
    Evidence,
    Finding,
    Mention,
    ParsedArticle,
    Person,
    Quote,
    QuoteGroup,
    QuoteMember,
    WordDiff,
)
from ..rules.findings import AttributionWords, findings_rules
from ..text import normalize
from .common import WORD as _WORD
from .common import ArticleTexts
from .common import finding as _finding
from .sourcing import SourcePlaces, names_institution, opening_name, state_media, vague_attributions


def _at(e: Evidence) -> str:
    """Where an evidence span is, in words (for reasons)."""
    return f"{e.article} {e.start}-{e.end}"


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
    return tuple(sorted(merge_overlapping(found), key=sort_key))


def merge_overlapping(found: Iterable[Finding]) -> list[Finding]:
    """One problem, one finding: findings of one kind whose first evidence
    spans overlap in one article are merged into the most severe of them
    (the earlier on a tie), with the evidence and reasons of all. One sort
    and one pass: a run of overlapping spans is merged as it is read."""
    def place(f: Finding) -> tuple[str, str, int, int]:
        first = f.evidence[0]
        return (f.kind, first.article, first.start, first.end)

    found = list(found)
    out = [f for f in found if not f.evidence]
    run: list[Finding] = []
    run_end = -1
    for f in sorted((f for f in found if f.evidence), key=lambda f: (place(f), sort_key(f))):
        kind, article, start, end = place(f)
        if run and (kind, article) == place(run[0])[:2] and start < run_end:
            run.append(f)
            run_end = max(run_end, end)
            continue
        if run:
            out.append(_merged(run))
        run, run_end = [f], end
    if run:
        out.append(_merged(run))
    return out


def _merged(run: Sequence[Finding]) -> Finding:
    kept = max(run, key=lambda f: SEVERITY_ORDER[f.severity])  # the first of the most severe
    return replace(
        kept,
        evidence=tuple(dict.fromkeys(e for f in (kept, *run) for e in f.evidence)),
        reasons=tuple(dict.fromkeys(r for f in (kept, *run) for r in f.reasons)),
    )


def sort_key(f: Finding) -> tuple[Any, ...]:
    """Most severe first, then kind, then place."""
    first = f.evidence[0] if f.evidence else Evidence("", 0, 0, "")
    return (-SEVERITY_ORDER[f.severity], f.kind, first.article, first.start, f.message)


# -- people -----------------------------------------------------------------


def is_shorter_form(a: str, b: str) -> bool:
    """True when name ``a`` is ``b`` with words left out ("Peskov" of
    "Dmitry Peskov"): that is a shorter name, not another spelling."""
    wa, wb = normalize(a).split(), normalize(b).split()
    # The same words hyphenated otherwise ("Jong-un" / "Jong Un") are two spellings.
    return all(w in wb for w in wa) and (wa != wb or spelling_key(a) == spelling_key(b))


def spelling_variants(person: Person) -> list[str]:
    """The spellings of ``person`` that are not just a shorter form of another."""
    names = list(person.variants) or [person.name]
    return [
        n for n in names if not any(n != m and is_shorter_form(n, m) for m in names)
    ]


def name_variants(people: Iterable[Person], texts: ArticleTexts) -> Iterator[Finding]:
    """``name_variant``: one person, two or more spellings; every spelling
    the articles use is listed, with its first mention in each article that
    uses it (in full where it is written out) as evidence."""
    for person in people:
        spellings = spelling_variants(person)
        # Full names on every side (given name and surname) are one person
        # with more certainty than a bare surname matched by its spelling.
        full = all(len(s.split()) > 1 for s in spellings)
        yield from _spelling_finding(
            person, spellings, texts, confidence="high" if full else "medium", reasons=(
                f"spellings grouped as one person by the name rules: {', '.join(spellings)}",
                "every spelling is a full name" if full
                else "a spelling is a bare surname, matched by its spelling alone",
            ))


def organisation_variants(parsed: Iterable[ParsedArticle], texts: ArticleTexts
                          ) -> Iterator[Finding]:
    """``name_variant`` of organisations: one acronym spelled out in two or
    more ways that are word for word transliterations of each other
    (:func:`audit.match.group_organisations`), every spelling listed with its
    first spelled-out place in each article as evidence."""
    for org in group_organisations(p.article for p in parsed):
        spellings = list(org.variants)
        yield from _spelling_finding(org, spellings, texts, confidence="high", reasons=(
            f"one acronym spelled out as: {', '.join(spellings)}",
            "word for word transliterations of each other (the name spelling rules)",
        ))


def _spelling_finding(person: Person, spellings: Sequence[str], texts: ArticleTexts, *,
                      confidence: Confidence, reasons: tuple[str, ...]) -> Iterator[Finding]:
    """The name_variant finding of ``person``'s ``spellings`` (none for one
    spelling)."""
    if len({spelling_key(s) for s in spellings}) < 2:
        return
    articles: dict[str, set[str]] = defaultdict(set)
    # Each spelling's first mention in each article that uses it, the
    # first written out in full where there is one (not a headline's bare
    # surname): the evidence behind every count of the message.
    first: dict[str, dict[str, Mention]] = defaultdict(dict)
    for m in person.mentions:
        spelled = _best_spelling(m.full_name, spellings)
        articles[spelled].add(m.article)
        kept = first[spelled].get(m.article)
        if kept is None or (normalize(m.text) == normalize(spelled)
                            and normalize(kept.text) != normalize(spelled)):
            first[spelled][m.article] = m
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
            for f in sorted(first[s].values(), key=lambda m: (m.article, m.start))
        ),
        subject=person.name, confidence=confidence, reasons=reasons,
    )


def _best_spelling(full_name: str, spellings: Sequence[str]) -> str:
    """The listed spelling a mention's full name is, or is a shorter form of."""
    key = spelling_key(full_name)
    for s in spellings:
        if spelling_key(s) == key:
            return s
    for s in spellings:
        if is_shorter_form(full_name, s):
            return s
    return spellings[0]


def _title_key(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """(office words, status words) of a title after dropping filler and
    mapping synonyms; "President-elect" gives ({president}, {elect})."""
    words = findings_rules().titles
    filler, status, synonyms = words.filler, words.status | words.past, words.synonyms
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
    """True when one person cannot hold titles ``a`` and ``b`` at one time:
    the same office with a different status ("President" / "President-elect",
    "minister" / "former minister"). Two different offices or a title against
    a description ("Brigadier General" / "military spokesman") may both hold,
    so they do not conflict."""
    return title_conflict_rule(a, b) is not None


def title_conflict_rule(a: str, b: str) -> str | None:
    """The rule two titles of one person break: ``title_conflict`` (one
    office, different status), ``title_past`` (an office and the same office
    as past: "former President" / "President", maybe a historical
    reference), or None."""
    (oa, sa), (ob, sb) = _title_key(a), _title_key(b)
    if not (oa and ob and sa != sb and (oa <= ob or ob <= oa)):
        return None
    return "title_past" if (sa ^ sb) <= findings_rules().titles.past else "title_conflict"


def is_own_title(title: str) -> bool:
    """Is ``title`` the person's own, not a relation to someone else's office
    ("daughter of former President", "press secretary to President")?"""
    folded = title.casefold()
    return not any(r in folded for r in findings_rules().titles.relation)


def title_conflicts(people: Iterable[Person], texts: ArticleTexts) -> Iterator[Finding]:
    """``title_conflict``: one confirmed person, titles that cannot both hold.
    Only mentions under a full name (given name and surname) with the
    person's own title count: a bare surname may be another person of that
    name. A warning for one office with a different status, info when the
    difference is only past (former, late)."""
    for person in people:
        # One mention per distinct title meaning: "US President" and
        # "U.S. President" are the same title written twice.
        seen: dict[str, Mention] = {}
        keys: set[tuple[frozenset[str], frozenset[str]]] = set()
        for m in person.mentions:
            if (m.title and m.title_start is not None and len(m.full_name.split()) > 1
                    and is_own_title(m.title) and _title_key(m.title) not in keys):
                keys.add(_title_key(m.title))
                seen[m.title] = m
        pairs = [
            (a, b, rule)
            for i, a in enumerate(seen)
            for b in list(seen)[i + 1 :]
            if (rule := title_conflict_rule(a, b)) is not None
        ]
        if not pairs:
            continue
        # The strongest rule decides: one status pair makes it a warning.
        rule = "title_conflict" if any(r == "title_conflict" for *_, r in pairs) else "title_past"
        involved = list(dict.fromkeys(t for a, b, r in pairs if r == rule for t in (a, b)))
        listed = " vs ".join(f"“{t}”" for t in involved)
        evidence = [title_evidence(seen[t], texts) for t in involved]
        names = {normalize(seen[t].full_name) for t in involved}
        yield _finding(
            rule,
            f"{person.name} is called {listed}.",
            evidence,
            subject=person.name,
            # One spelling on every side: surely one person; else the
            # people grouping joined the spellings.
            confidence="high" if len(names) == 1 else "medium",
            reasons=(
                *(f"“{t}” at {_at(e)}" for t, e in zip(involved, evidence, strict=True)),
                "the same office with a different status (elect, acting...)"
                if rule == "title_conflict"
                else "the same office, once as past (former, late): maybe a historical reference",
            ),
        )


def title_span(m: Mention) -> tuple[int, int]:
    """The span of a mention's title and name, whichever comes first
    ("President Trump" or "Trump, the President"): start never after end."""
    start = min(m.start, m.title_start if m.title_start is not None else m.start)
    end = max(m.end, m.title_end if m.title_end is not None else m.end)
    return start, end


def title_evidence(m: Mention, texts: ArticleTexts) -> Evidence:
    """:func:`title_span` of a mention as evidence."""
    return texts.evidence(m.article, *title_span(m))


# -- quotes -----------------------------------------------------------------


def mark_diff(diff: Iterable[WordDiff]) -> str:
    """The second wording of a word diff with its changes marked against the
    first: ``[-removed-]`` and ``{+added+}``."""
    out = []
    for d in diff:
        if d.op == "equal":
            out.append(d.b)
        elif d.op == "replace":
            out.append(f"[-{d.a}-] {{+{d.b}+}}")
        elif d.op == "delete":
            out.append(f"[-{d.a}-]")
        else:
            out.append(f"{{+{d.b}+}}")
    return " ".join(out)


def equal_share(diff: Sequence[WordDiff]) -> float:
    """The share of the longer wording's words a word diff keeps equal."""
    equal = sum(len(d.a.split()) for d in diff if d.op == "equal")
    longer = max(sum(len(d.a.split()) for d in diff), sum(len(d.b.split()) for d in diff))
    return equal / longer if longer else 1.0


def aligned_part(diff: Sequence[WordDiff]) -> tuple[WordDiff, ...]:
    """A word diff without the words only the first wording has before its
    first equal step and after its last: the part a shorter quote was taken
    from (a quote of one sentence of a longer one is shortened, not changed;
    a word replaced at an edge is still a change)."""
    equal = [i for i, d in enumerate(diff) if d.op == "equal"]
    if not equal:
        return tuple(diff)
    return (*[d for d in diff[:equal[0]] if d.op != "delete"],
            *diff[equal[0]:equal[-1] + 1],
            *[d for d in diff[equal[-1] + 1:] if d.op != "delete"])


def is_alteration(diff: Sequence[WordDiff]) -> bool:
    """A few words changed in an otherwise identical quote (not a wholly
    reworded rendering of the statement): most words equal, and no words
    replaced by a rewritten phrase ("dreamed" / "slept for many years with
    the dream" is a rewording)."""
    limits = findings_rules().variants
    longest = max((max(len(d.a.split()), len(d.b.split())) for d in diff if d.op == "replace"),
                  default=0)
    return equal_share(diff) >= limits.alteration_min_equal and longest <= limits.alteration_max_run


def quote_variants(groups: Iterable[QuoteGroup], texts: ArticleTexts) -> Iterator[Finding]:
    """``quote_variant``: one statement worded differently in two articles,
    one finding per other article (its most serious difference, then its
    wording closest to the reference: a headline and body copy of one quote
    are one finding). An alteration (a
    few words changed) is a warning with its diff; a wholly different
    rendering (a translation) and a shortened form are info."""
    limits = findings_rules().variants
    groups = tuple(groups)
    for group in groups:
        ref = group.reference
        ref_ev = texts.evidence(ref.article, ref.start, ref.end)
        best: dict[str, list[QuoteMember]] = {}
        for member in group.members[1:]:
            q = member.quote
            if q.article == ref.article or member.relation == "identical":
                continue
            # Joined through another member, not close to the reference itself:
            # two statements sharing a part, not a pair.
            if member.relation == "variant" and member.score < limits.pair_min_score:
                continue
            # Two named speakers who are not one person: two statements alike
            # ("This is a big night for us" / "...a big political win for me"),
            # or one statement given to two people (speaker_conflict's case).
            if speakers_differ(ref, q):
                continue
            short = min(len(ref.text.split()), len(q.text.split())) < limits.alteration_min_words
            if short and member.relation == "variant" and not same_speaker(ref, q):
                continue
            best.setdefault(q.article, []).append(member)
        # An article whose copy is identical has the statement as is.
        same = {m.quote.article for m in group.members[1:] if m.relation == "identical"}
        for article, members in best.items():
            if article in same:
                continue
            # The most serious difference the article makes, then its wording
            # closest to the reference: an altered sentence is not hidden by
            # an exact quote of the next one.
            found = [(_variant_finding(group, m, ref_ev, texts), m.score) for m in members]
            yield max(found, key=lambda fs: (SEVERITY_ORDER[fs[0].severity], fs[1]))[0]
        for link in group.reported:
            sp = link.speech
            if sp.article == ref.article:
                continue
            yield _finding(
                "quote_paraphrased",
                f"Reported as indirect speech (“{sp.cue}”) of the quote in {ref.article} "
                f"(score {link.score:.0f}).",
                [ref_ev, texts.evidence(sp.article, sp.start, sp.end)],
                subject=group.id,
                confidence="medium",
                reasons=(f"indirect speech cue “{sp.cue}”",
                         f"content words shared with the quote (score {link.score:.0f})"),
            )
    for r in link_renderings(groups):
        rendering = _rendering_finding(r, texts)
        if rendering is not None:
            yield rendering


def _rendering_finding(r: Rendering, texts: ArticleTexts) -> Finding | None:
    """The finding of two quotes left in different groups that render one
    statement (:func:`audit.match.link_renderings`): none for one wording;
    a shortened form when one holds the other; else an alteration when the
    word diff says so, else another rendering; the score is the Dice of
    their content words."""
    ref, other = r.first, r.second
    _, relation = compare_quotes(ref.text, other.text)
    if relation == "identical":
        return None
    if relation == "extended":  # the longer wording is the reference
        ref, other, relation = other, ref, "excerpt"
    group = QuoteGroup(r.first_group if ref is r.first else r.second_group,
                       (QuoteMember(ref, "reference", 100.0),))
    member = QuoteMember(other, "excerpt" if relation == "excerpt" else "variant", r.score,
                         word_diff(ref.text, other.text))
    found = _variant_finding(group, member, texts.evidence(ref.article, ref.start, ref.end),
                             texts)
    who = (f"both name {r.first.speaker} / {r.second.speaker}" if r.same_speaker
           else "one side names no speaker")
    return replace(found, reasons=(
        *found.reasons,
        f"{r.shared} content words shared (Dice {r.score:.0f}); {who}",
    ))


def speakers_differ(a: Quote, b: Quote) -> bool:
    """Do ``a`` and ``b`` both name a speaker by a cue, and surnames that are
    not one person's? A speaker with no cue (a name merely near the quote)
    does not say who spoke."""
    if not a.cue or not b.cue:
        return False
    sa, sb = speaker_surname(a.speaker), speaker_surname(b.speaker)
    return bool(sa) and bool(sb) and not surnames_agree(sa, sb)


def _variant_finding(
    group: QuoteGroup, member: QuoteMember, ref_ev: Evidence, texts: ArticleTexts
) -> Finding:
    q, ref = member.quote, group.reference
    evidence = [ref_ev, texts.evidence(q.article, q.start, q.end)]
    # Compared with the part of the reference it was taken from: a quote of
    # one sentence of a longer statement is shortened there, or altered.
    diff = aligned_part(member.diff)
    if member.relation == "excerpt" and all(d.op in ("equal", "delete") for d in diff):
        return _finding(
            "quote_truncated",
            f"Quote is a shortened form of the wording in {ref.article} "
            f"(score {member.score:.0f}).",
            evidence, subject=group.id, confidence="high",
            reasons=(f"every word of {_at(evidence[1])} is in {_at(ref_ev)}",),
        )
    share = equal_share(diff)
    changed = sum(1 for d in diff if d.op != "equal")
    if is_alteration(diff):
        return _finding(
            "quote_altered",
            f"Quote differs in {changed} place{'s' if changed != 1 else ''} from the wording "
            f"in {ref.article} (score {member.score:.0f}): “{mark_diff(diff)}”.",
            evidence, subject=group.id,
            confidence="high" if changed <= 2 else "medium",
            reasons=(f"{share:.0%} of the words are the same, {changed} changed",
                     f"score {member.score:.0f} against the reference {_at(ref_ev)}"),
        )
    return _finding(
        "quote_rendering",
        f"Quote is another rendering (a translation or rewording) of the statement in "
        f"{ref.article} (score {member.score:.0f}).",
        evidence, subject=group.id, confidence="medium",
        reasons=(f"only {share:.0%} of the words are the same: reworded, not altered",
                 f"score {member.score:.0f} against the reference {_at(ref_ev)}"),
    )


def _cue_word(q: Quote) -> str:
    return q.cue.split()[0].strip(":,.").casefold() if q.cue and q.cue.split() else ""


def is_direct(q: Quote) -> bool:
    """Is ``q`` given to its speaker by a direct speech cue ("said", "told";
    not "asked", "reported" or a label)?"""
    return _cue_word(q) in findings_rules().attribution.direct_cues


def is_said_by(q: Quote) -> bool:
    """Does ``q`` name who said it: a speaker who is not a channel (``via``),
    not named only inside the quote, on a quote that is not a fragment?"""
    if q.speaker is None or q.via is not None or q.fragment:
        return False
    if q.speaker_start is not None and q.start <= q.speaker_start < q.end:
        return False
    return normalize(q.speaker) not in normalize(q.text)


def _channel_names(parsed: Iterable[ParsedArticle]) -> dict[str, set[str]]:
    """Per article, the names of its outlets and channels (sources of kind
    outlet, and every ``via``): a quote credited to one is passed on, not said."""
    out: dict[str, set[str]] = defaultdict(set)
    for p in parsed:
        for s in p.sources:
            if s.kind == "outlet":
                out[s.article].add(normalize(s.name))
            if s.via:
                out[s.article].add(normalize(s.via))
    return out


def same_wording(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one statement's words: the same, one inside the
    other, or an alteration of a few words, maybe of a part of the longer
    (not merely alike: "I don't want
    you to have the wrong impression..." / "You don't want to be the story")?"""
    _, relation = compare_keys(comparison_key(a), comparison_key(b))
    # An altered excerpt is compared with the part of the longer wording it
    # was taken from (a sentence of a longer statement, a word changed).
    longer, shorter = (a, b) if len(a.split()) >= len(b.split()) else (b, a)
    return relation in ("identical", "excerpt", "extended") or (
        relation == "variant" and is_alteration(aligned_part(word_diff(longer, shorter))))


# How sure each speaker_conflict rule is: both named by a direct cue on the
# quote; both named, one less directly; alike words or a question or label.
_SPEAKER_CONFIDENCE: dict[str, Confidence] = {
    "speaker_conflict": "high", "speaker_named": "medium", "speaker_uncertain": "low"}


# How a speaker is named when not by a cue on the quote itself (for reasons).
_NAMED_HOW = {
    "cued": "by a direct cue closing the quote's run of paragraphs",
    "reader": "as the subject of the sentence before the quote (or the one its pronoun "
              "stands for)",
}


def speaker_conflicts(
    groups: Iterable[QuoteGroup],
    people: Iterable[Person],
    texts: ArticleTexts,
    parsed: Iterable[ParsedArticle] = (),
) -> Iterator[Finding]:
    """``speaker_conflict``: one statement given to two different speakers.
    An error only when the wordings are the same and both are named by a
    direct speech cue on the quote ("said", "told"); a warning when the
    wordings are the same and each speaker is named by a direct cue (maybe
    the one closing a quote that runs over several paragraphs) or is the
    speaker a reader credits a quote with no attribution to (the subject of
    the sentence before it: :meth:`_Neighbours.reader_speaker`); else info.
    Never from a channel (an outlet, a ``via``), a speaker named only inside
    the quote or only in a heading, or a scare-quoted fragment."""
    canonical: dict[tuple[str, str], str] = {}
    for person in people:
        for m in person.mentions:
            canonical[(m.article, m.full_name)] = person.name
    parsed = list(parsed)
    channels = _channel_names(parsed)
    by_path = {p.article.path: p for p in parsed}
    neighbours: dict[str, _Neighbours] = {}
    cfg = findings_rules().attribution

    def near(article: str) -> _Neighbours | None:
        if article not in by_path:
            return None
        if article not in neighbours:
            neighbours[article] = _Neighbours(by_path[article])
        return neighbours[article]

    def who(q: Quote) -> tuple[str, str] | None:
        """The speaker of ``q`` and how it is named: "direct" (a direct cue
        on the quote), "cued" (a direct cue on its speaker elsewhere),
        "reader" (a reader's inference) or "other"."""
        n = near(q.article)
        if q.speaker is None:
            # A reader's inference on a short wording is not enough: short
            # wordings are alike by chance ([quote_variants] alteration_min_words).
            if (q.cue or q.via or q.fragment or n is None
                    or len(q.text.split()) < findings_rules().variants.alteration_min_words):
                return None
            name = n.reader_speaker(q, cfg)
            return None if name is None else (canonical.get((q.article, name), name), "reader")
        if not is_said_by(q) or normalize(q.speaker) in channels.get(q.article, set()):
            return None
        if n is not None and q.speaker_start is not None and n.in_heading(q.speaker_start):
            return None  # a headline's subject, not the quote's speaker
        how = ("direct" if is_direct(q)
               else "cued" if n is not None and n.cued_directly(q, cfg.direct_cues)
               else "other")
        return canonical.get((q.article, q.speaker), q.speaker), how

    for group in groups:
        by_speaker: dict[str, list[tuple[Quote, str]]] = defaultdict(list)
        for member in group.members:
            if (named := who(member.quote)) is not None:
                by_speaker[named[0]].append((member.quote, named[1]))
        if len(by_speaker) < 2:
            continue
        names = sorted(by_speaker)
        # Per speaker, the quote named most directly.
        rank = {"direct": 0, "cued": 1, "reader": 2, "other": 3}
        shown = [min(by_speaker[n], key=lambda qh: rank[qh[1]]) for n in names]
        same = same_wording(shown[0][0].text, shown[1][0].text)
        hows = [h for _, h in shown]
        rule = ("speaker_conflict" if same and all(h == "direct" for h in hows)
                else "speaker_named" if same and "other" not in hows
                else "speaker_uncertain")
        evidence = [texts.evidence(q.article, q.start, q.end) for q, _ in shown]
        yield _finding(
            rule,
            "The same quote is attributed to " + " and ".join(names) + ".",
            evidence,
            subject=group.id,
            confidence=_SPEAKER_CONFIDENCE[rule],
            reasons=tuple(
                f"{n} {_NAMED_HOW.get(h) or 'by “' + (q.cue or 'no speech cue') + '”'}"
                f" at {_at(e)}"
                for n, (q, h), e in zip(names, shown, evidence, strict=True)
            ) + (() if all(h == "direct" for h in hows)
                 else ("not every attribution is a direct speech cue on the quote",))
              + (() if same else ("the wordings are only alike, not the same words",)),
        )


def unattributed_quotes(parsed: Iterable[ParsedArticle], texts: ArticleTexts) -> Iterator[Finding]:
    """``unattributed_quote``: a direct quote whose speaker a reader cannot
    name: no speaker and no speech cue, not continuing an attributed quote,
    no person named right after it (quote lists) or in the lead-in sentence
    just before it, no subject of that sentence a reader credits it to (a
    named person or institution, a pronoun with a speech cue: see
    :meth:`_Neighbours.reader_speaker`), not a headline and not a fragment
    (scare quotes, titles, policy names)."""
    cfg = findings_rules().attribution
    for p in parsed:
        near = _Neighbours(p)
        # The last quote a reader can credit: a quote right after it, or after
        # its cue in the same paragraph, continues it ("“...,” said the
        # 25-year-old. “My dream is ...”").
        prior: Quote | None = None
        for q in sorted(p.quotes, key=lambda q: q.start):
            cued = q.speaker is not None or q.via is not None or bool(q.cue)
            if q.fragment or len(q.text.split()) < cfg.min_words:
                prior = q if cued else prior
                continue
            continues = prior is not None and (
                0 <= q.start - prior.end <= cfg.continuation_gap
                or near.only_its_cue_between(prior, q))
            prior = q
            if (cued or continues
                    or near.named_after(q, cfg.continuation_gap)
                    or near.read_in(q, cfg.lead_in_chars,
                                    cfg.document_words | cfg.reporting_forms)
                    or near.lead_in(q, cfg.lead_in_chars)
                    or near.introduced(q, cfg.lead_in_chars,
                                       cfg.direct_cues | cfg.reporting_forms)
                    or near.reader_speaker(q, cfg) is not None):
                continue
            prior = None
            if near.is_headline(q, cfg.headline_words) or near.is_term(q, cfg.term_determiners):
                continue
            words = len(q.text.split())
            yield _finding(
                "unattributed_quote",
                f"Quote “{short_text(q.text)}” has no named speaker.",
                [texts.evidence(q.article, q.start, q.end)],
                subject=q.id,
                confidence="medium",
                reasons=(f"{words} words with no speaker and no speech cue",
                         "no person named next to it or in a lead-in; not in a heading"),
            )


_SENTENCE_END = re.compile(r"[.!?]")
# What may stand between a sentence's end and the quote opening the next one.
_OPENERS = " \t\r\n\"“‘«'"
_QUOTE_OPENERS = "\"“‘«'"


class _Neighbours:
    """What sits around an article's quotes, indexed once so each quote is
    looked up in logarithmic time: paragraphs, person mentions, and person
    sources given by a cue."""

    def __init__(self, p: ParsedArticle) -> None:
        self.text = p.article.text
        self.paragraphs = sorted(p.article.paragraphs, key=lambda s: s.start)
        self.para_starts = [s.start for s in self.paragraphs]
        self.mentions = sorted(m.start for person in p.people for m in person.mentions)
        # Where each mention opens, with its title ("President William Ruto").
        opens = sorted((min(m.start, m.title_start if m.title_start is not None else m.start),
                        m.full_name) for person in p.people for m in person.mentions)
        self.opens = [at for at, _ in opens]
        self.open_names = [name for _, name in opens]
        self.cued = sorted(s.start for s in p.sources if s.kind == "person" and s.cue)
        # Who may credit a quote by name: people and organisations given by a cue.
        self.places = SourcePlaces(
            p, (s for s in p.sources if s.kind in ("person", "organisation") and s.cue))

    def reader_speaker(self, q: Quote, cfg: AttributionWords) -> str | None:
        """The speaker a reader credits a quote opening a sentence to: the
        subject of the sentence right before it when that names a person or
        an institution, or, when it opens with a pronoun and a speech cue
        ("They said ..."), the pronoun's antecedent (see :meth:`antecedent`)."""
        before = q.start
        while before > 0 and self.text[before - 1] in _OPENERS:
            before -= 1
        if before == 0 or self.text[before - 1] not in ".:!?\"”’»":
            return None
        para = self.paragraph(before - 1)
        if para is None or self.paragraphs[para].label == "heading":
            return None
        start, _ = self.places.sentence_of(before - 1)
        while start < before and self.text[start] in _OPENERS:
            start += 1
        if (who := self.subject(start)) is not None:
            return who
        words = _WORD.findall(self.text[start:start + 80])
        pronoun = words[0].casefold() if words else ""
        if pronoun in cfg.lead_in_pronouns and any(
                w.casefold() in cfg.direct_cues for w in words[1:1 + cfg.pronoun_verb_words]):
            return self.antecedent(start, para, cfg, person=pronoun in cfg.person_pronouns)
        return None

    def in_heading(self, pos: int) -> bool:
        """Is offset ``pos`` in a heading?"""
        i = self.paragraph(pos)
        return i is not None and self.paragraphs[i].label == "heading"

    def cued_directly(self, q: Quote, direct_cues: Collection[str]) -> bool:
        """Is ``q``'s speaker named by the direct speech cue closing a run of
        quoted paragraphs it opens (“... Githurai.” / “...,” the group
        said)? Every paragraph after the quote's, to the cue's, must open
        with a quote mark: a name before the quote, or after a paragraph of
        the writer's own, is the parse's guess."""
        at = q.speaker_start
        pq, ps = self.paragraph(q.start), None if at is None else self.paragraph(at)
        if at is None or at < q.end or pq is None or ps is None:
            return False
        if not all(self.text[self.paragraphs[i].start:self.paragraphs[i].end].lstrip()[:1]
                   in _QUOTE_OPENERS for i in range(pq + 1, ps + 1)):
            return False
        return any(
            n.start == at and n.cue is not None and n.cue.split()[0].casefold() in direct_cues
            for n in self.places.named_in(at, at + 1))

    def paragraph(self, pos: int) -> int | None:
        """The index of the paragraph holding offset ``pos``, or None."""
        i = bisect.bisect_right(self.para_starts, pos) - 1
        return i if i >= 0 and pos < self.paragraphs[i].end else None

    def subject(self, start: int, *, person: bool = False) -> str | None:
        """The person or named institution opening the sentence at ``start``
        ("Kenya's President William Ruto", "The Bar Reform Forum"), or None."""
        opening = opening_name(self.text, start)
        cfg = findings_rules().attribution
        first = _WORD.match(opening)
        if first is None or first.group().casefold() in cfg.opening_stop:
            return None  # "If Obama's experience ...": a clause, not a subject
        i = bisect.bisect_left(self.opens, start)
        if i < len(self.opens) and self.opens[i] == start:
            return self.open_names[i]
        if person or not names_institution(opening, cfg.institution_words,
                                           cfg.term_determiners):
            return None
        return re.sub(r"^(?:The|the)\s+", "", opening)

    def antecedent(self, start: int, para: int, cfg: AttributionWords, *,
                   person: bool) -> str | None:
        """Who a pronoun opening the sentence at ``start`` stands for: the
        nearest person or institution before it named as a sentence's subject
        or by a cue, within ``antecedent_paragraphs`` paragraphs."""
        for i in range(para, max(-1, para - cfg.antecedent_paragraphs - 1), -1):
            if self.paragraphs[i].label == "heading":
                break
            for lo, hi in reversed(self.places.sentences(i)):
                if lo >= start:
                    continue
                cued = [n for n in self.places.named_in(lo, min(hi, start))
                        if not person or n.kind == "person"]
                if cued:
                    return cued[-1].name
                at = lo
                while at < hi and self.text[at] in _OPENERS:
                    at += 1
                if (who := self.subject(at, person=person)) is not None:
                    return who
        return None

    def named_after(self, q: Quote, gap: int) -> bool:
        """A person named within ``gap`` characters after the quote, with no
        sentence end between (‘"..." Glenn Hoddle, England coach’)."""
        i = bisect.bisect_left(self.mentions, q.end)
        if i == len(self.mentions) or self.mentions[i] - q.end > gap:
            return False
        return not _SENTENCE_END.search(self.text, q.end, self.mentions[i])

    def only_its_cue_between(self, a: Quote, b: Quote) -> bool:
        """Do quotes ``a`` and ``b`` sit in one paragraph with only the end of
        ``a``'s sentence between them (“...,” said the 25-year-old. “...”),
        no sentence of its own?"""
        i = bisect.bisect_right(self.para_starts, a.start) - 1
        if i < 0 or b.start >= self.paragraphs[i].end:
            return False
        between = self.text[a.end:b.start].strip("\"“”‘’«»' \t")
        return (not between[:1].isupper()
                and len(_SENTENCE_END.findall(between.rstrip(".!?"))) == 0)

    def lead_in(self, q: Quote, window: int) -> bool:
        """The sentence right before the quote (within ``window`` characters)
        names a person with a cue ("..., stated Sergey Lavrov.\n\n“...”"),
        or names one and ends in a colon ("Chilean President Gabriel Boric,
        a leftist: “...”")."""
        lo = max(0, q.start - window)
        before = self.text[lo:q.start].rstrip(" \t\r\n\"“‘«'")
        if not before or before[-1] not in ".:,":
            return False
        # The start of that sentence: the sentence end before its own.
        ends = [m.start() for m in _SENTENCE_END.finditer(before, 0, len(before) - 1)]
        begin = lo + (ends[-1] + 1 if ends else 0)
        names = self.cued if before[-1] != ":" else self.mentions
        i = bisect.bisect_left(names, begin)
        return i < len(names) and names[i] < lo + len(before)

    def introduced(self, q: Quote, window: int, verbs: Collection[str]) -> bool:
        """A speech verb earlier in the quote's own sentence (within
        ``window`` characters) introduces it ("..., saying that “...”"):
        its subject, named or not, is who a reader credits."""
        before = self.text[max(0, q.start - window):q.start]
        # From the last sentence end or paragraph break before the quote.
        ends = list(_SENTENCE_END.finditer(before.rstrip(_OPENERS)))
        begin = max(ends[-1].end() if ends else 0, before.rfind("\n") + 1)
        return any(w in verbs for w in _WORD.findall(before[begin:].casefold()))

    def read_in(self, q: Quote, window: int, documents: Collection[str]) -> bool:
        """The rest of the quote's sentence names the document it was read in
        or the verb it was read or said with (“...”, we can read in the press
        release; “...”, the statement said; “...”, it read)."""
        tail = self.text[q.end:q.end + window].lstrip("\"”’»' ")
        if q.text.rstrip()[-1:] in (".", "!", "?") and not tail[:1].islower():
            return False  # the quote ended its sentence
        end = _SENTENCE_END.search(tail)
        words = _WORD.findall(tail[:end.end() if end else len(tail)].casefold())
        return any(w in documents for w in words)

    def is_term(self, q: Quote, determiners: Collection[str]) -> bool:
        """A quoted name or term: it follows a determiner inside a sentence
        (declared a ‘public health emergency of continental security’)."""
        before = _WORD.findall(self.text[max(0, q.start - 12):q.start])
        return bool(before) and before[-1].casefold() in determiners

    def is_headline(self, q: Quote, max_words: int) -> bool:
        """In a heading, or the whole first paragraph and at most
        ``max_words`` words."""
        i = bisect.bisect_right(self.para_starts, q.start) - 1
        if i < 0 or not q.start < self.paragraphs[i].end:
            return False
        para = self.paragraphs[i]
        if para.label == "heading":
            return True
        outside = self.text[para.start:q.start] + self.text[q.end:para.end]
        whole = not any(c.isalnum() for c in outside)
        return i == 0 and whole and len(q.text.split()) <= max_words


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
    "name_variant": lambda a: (*name_variants(a.people, a.texts),
                               *organisation_variants(a.parsed, a.texts)),
    "title_conflict": lambda a: title_conflicts(a.people, a.texts),
    "quote_variant": lambda a: quote_variants(a.groups, a.texts),
    "speaker_conflict": lambda a: speaker_conflicts(a.groups, a.people, a.texts, a.parsed),
    "vague_attribution": lambda a: vague_attributions(a.parsed, a.texts),
    "state_media": lambda a: state_media(a.parsed, a.texts),
    "unattributed_quote": lambda a: unattributed_quotes(a.parsed, a.texts),
}
