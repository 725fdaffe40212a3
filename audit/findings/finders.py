"""One finder per finding kind of an audited set, run in the order of one
registry (``FINDERS``); rules, severities and their word lists live in
``audit/data/findings.toml`` (read through ``audit.rules.findings``).

Why this size: every finder uses this module's finding builder, evidence
cutting and merging; the variant finders (names, quotes) are the first to
move to a module of their own when it grows further."""

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
    surnames_agree,
    word_diff,
)
from ..models import (
    SEVERITY_ORDER,
    Confidence,
    Evidence,
    Finding,
    Mention,
    Outlet,
    ParsedArticle,
    Person,
    Quote,
    QuoteGroup,
    QuoteMember,
    Source,
    Span,
    WordDiff,
)
from ..parse.sources import classify_outlet, is_state_affiliated
from ..rules.findings import findings_rules
from ..rules.sources import source_rules
from ..text import excerpt, normalize, sentence_spans


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
    rule: str,
    message: str,
    evidence: Iterable[Evidence],
    *,
    subject: str,
    confidence: Confidence,
    reasons: Iterable[str],
) -> Finding:
    r = findings_rules().rules[rule]
    return Finding(r.kind, r.severity, message, r.name, tuple(evidence), subject=subject,
                   confidence=confidence, reasons=tuple(reasons))


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
    return all(w in wb for w in wa)


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
    if len({normalize(s) for s in spellings}) < 2:
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
    for s in spellings:
        if s == full_name or is_shorter_form(full_name, s):
            return s
    return spellings[0]


_WORD = re.compile(r"[\w-]+")


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
    other, or an alteration of a few words (not merely alike: "I don't want
    you to have the wrong impression..." / "You don't want to be the story")?"""
    _, relation = compare_keys(comparison_key(a), comparison_key(b))
    return relation in ("identical", "excerpt", "extended") or (
        relation == "variant" and is_alteration(word_diff(a, b)))


def speaker_conflicts(
    groups: Iterable[QuoteGroup],
    people: Iterable[Person],
    texts: ArticleTexts,
    parsed: Iterable[ParsedArticle] = (),
) -> Iterator[Finding]:
    """``speaker_conflict``: one statement given to two different people. An
    error only when both are named by a direct speech cue ("said", "told");
    else info. Never from a channel (an outlet, a ``via``), a speaker named
    only inside the quote, or a scare-quoted fragment."""
    canonical: dict[tuple[str, str], str] = {}
    for person in people:
        for m in person.mentions:
            canonical[(m.article, m.full_name)] = person.name
    channels = _channel_names(parsed)

    def who(q: Quote) -> str | None:
        if q.speaker is None or not is_said_by(q):
            return None
        if normalize(q.speaker) in channels.get(q.article, set()):
            return None
        return canonical.get((q.article, q.speaker), q.speaker)

    for group in groups:
        by_speaker: dict[str, list[Quote]] = defaultdict(list)
        for member in group.members:
            if (name := who(member.quote)) is not None:
                by_speaker[name].append(member.quote)
        if len(by_speaker) < 2:
            continue
        names = sorted(by_speaker)
        # Per person, a quote with a direct cue if there is one.
        shown = [min(by_speaker[n], key=lambda q: not is_direct(q)) for n in names]
        same = same_wording(shown[0].text, shown[1].text)
        certain = same and all(is_direct(q) for q in shown)
        evidence = [texts.evidence(q.article, q.start, q.end) for q in shown]
        yield _finding(
            "speaker_conflict" if certain else "speaker_uncertain",
            "The same quote is attributed to " + " and ".join(names) + ".",
            evidence,
            subject=group.id,
            confidence="high" if certain else "low",
            reasons=tuple(
                f"{n} by “{q.cue or 'no speech cue'}” at {_at(e)}"
                for n, q, e in zip(names, shown, evidence, strict=True)
            ) + (() if all(is_direct(q) for q in shown)
                 else ("not every attribution is a direct speech cue",))
              + (() if same else ("the wordings are only alike, not the same words",)),
        )


def unattributed_quotes(parsed: Iterable[ParsedArticle], texts: ArticleTexts) -> Iterator[Finding]:
    """``unattributed_quote``: a direct quote whose speaker a reader cannot
    name: no speaker and no speech cue, not continuing an attributed quote,
    no person named right after it (quote lists) or in the lead-in sentence
    just before it, not a headline and not a fragment (scare quotes, titles,
    policy names)."""
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
                    or near.read_in(q, cfg.lead_in_chars, cfg.document_words)
                    or near.lead_in(q, cfg.lead_in_chars)):
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


class _Neighbours:
    """What sits around an article's quotes, indexed once so each quote is
    looked up in logarithmic time: paragraphs, person mentions, and person
    sources given by a cue."""

    def __init__(self, p: ParsedArticle) -> None:
        self.text = p.article.text
        self.paragraphs = sorted(p.article.paragraphs, key=lambda s: s.start)
        self.para_starts = [s.start for s in self.paragraphs]
        self.mentions = sorted(m.start for person in p.people for m in person.mentions)
        self.cued = sorted(s.start for s in p.sources if s.kind == "person" and s.cue)

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

    def read_in(self, q: Quote, window: int, documents: Collection[str]) -> bool:
        """The rest of the quote's sentence names the document it was read in
        (“...”, we can read in the press release; “...”, the statement said)."""
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


# -- sources ----------------------------------------------------------------


def vague_attributions(parsed: Iterable[ParsedArticle], texts: ArticleTexts) -> Iterator[Finding]:
    """``vague_attribution``: a claim credited to unnamed sources. Not when
    the phrase names an institution ("a Foreign Ministry spokesperson"), the
    same sentence credits a named source, the verb is a stance or action
    rather than a claim ("protesters who came out"), the phrase is unnamed
    state media (:func:`state_media` reports it), or the next sentence opens
    by naming the group or outlet meant ("media reported. Iran's Mehr news
    agency confirmed"). One finding per article
    and head noun, with every place ("Iranian media reported ... Iranian
    media have confirmed"); overlapping phrases are one finding too (see
    :func:`merge_overlapping`)."""
    cfg = findings_rules().attribution
    state_words = findings_rules().state_media.unnamed
    not_claims = not_claim_verbs(cfg.not_claim_classes)
    for p in parsed:
        text = p.article.text
        # Who may credit a claim by name: a person, organisation or outlet
        # (a document is often the claim's object: "presented ... a document").
        near = SourcePlaces(
            p, (s for s in p.sources if s.kind in ("person", "organisation", "outlet"))
        )
        by_head: dict[str, list[tuple[Source, int, int]]] = {}
        for s in p.sources:
            if s.kind != "vague":
                continue
            words = _WORD.findall(text[s.start:s.end].casefold())
            # A named institution is not vague sourcing, but its unnamed
            # "source" is ("an RT Russian service source").
            anonymous = bool(words) and words[-1] in cfg.anonymous_heads
            if not anonymous and names_institution(text[s.start:s.end], cfg.institution_words,
                                                   cfg.term_determiners):
                continue
            if s.cue and s.cue.casefold() in not_claims:
                continue
            # Unnamed state media ("Regime media reported") is state_media's
            # finding: one problem, one finding.
            if any(w in text[s.start:s.end].casefold() for w in state_words):
                continue
            start, end = _cue_span(s)
            sentence = near.sentence_of(start)
            # A named source elsewhere in the sentence; the same words read
            # as a named source too are the parse's call, not a second source.
            if any(not (n.start < s.end and s.start < n.end)
                   for n in near.named_in(*sentence)):
                continue
            head = words[-1] if words else ""
            if head in cfg.named_next and near.names_next(
                sentence[1], cfg.named_next[head], cfg.named_next_chars
            ):
                continue
            by_head.setdefault(head, []).append((s, start, end))
        for places in by_head.values():
            places.sort(key=lambda x: (x[1], x[2]))
            s, start, end = places[0]
            # The message names each place once: a longer reading of a
            # phrase already named (an overlapping span) is left out.
            phrases, shown_end = [], -1
            for _, a, b in places:
                if a >= shown_end:
                    phrases.append(text[a:b])
                    shown_end = b
            yield _finding(
                "vague_attribution",
                f"Claim rests on vague sourcing: “{'”, “'.join(dict.fromkeys(phrases))}”.",
                [texts.evidence(x.article, a, b) for x, a, b in places],
                subject=normalize(text[s.start:s.end]),
                confidence="medium",
                reasons=(*dict.fromkeys(
                    f"unnamed source “{text[x.start:x.end]}”"
                    + (f" with the cue “{x.cue}”" if x.cue else "") for x, _, _ in places),
                    "no named source in the same sentence"),
            )


def not_claim_verbs(classes: Iterable[str]) -> frozenset[str]:
    """Every verb form (casefolded) of the named ``sources.toml`` classes."""
    verbs = source_rules().classes
    return frozenset(
        form.casefold() for c in classes if c in verbs
        for forms in verbs[c].verbs.values() for form in forms
    )


def names_institution(phrase: str, institution_words: Collection[str],
                      determiners: Collection[str] = ()) -> bool:
    """Does ``phrase`` name an institution: a capitalised word (not a
    sentence-initial determiner: "A group") followed by an institution word
    ("Foreign Ministry", "Lebanese Health Ministry", "Tasnim news")?"""
    tokens = _WORD.findall(phrase)
    return any(
        word.casefold() in institution_words and prev[:1].isupper()
        and prev.casefold() not in determiners
        for prev, word in zip(tokens, tokens[1:], strict=False)
    )


class SourcePlaces:
    """An article's sentences and named sources, indexed once, so that each
    vague source finds its sentence and the named sources near it by
    bisection (a scan of every paragraph and source per vague phrase was
    quadratic in an article of many: tests/test_work_bounds.py)."""

    def __init__(self, p: ParsedArticle, named: Iterable[Source]) -> None:
        self.text = p.article.text
        self.paras = sorted(p.article.paragraphs, key=lambda s: s.start)
        self.para_starts = [s.start for s in self.paras]
        self._sentences: dict[int, tuple[list[int], list[Span]]] = {}
        self.named = sorted(named, key=lambda n: n.start)
        self.named_starts = [n.start for n in self.named]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence holding offset ``pos`` (its paragraph if none)."""
        i = bisect.bisect_right(self.para_starts, pos) - 1
        if i < 0 or pos >= self.paras[i].end:
            return pos, pos + 1
        para = self.paras[i]
        if (split := self._sentences.get(i)) is None:
            sents = list(sentence_spans(self.text, para.start, para.end))
            split = self._sentences[i] = ([x.start for x in sents], sents)
        starts, sents = split
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos < sents[k].end:
            return sents[k].start, sents[k].end
        return para.start, para.end

    def named_in(self, lo: int, hi: int) -> list[Source]:
        """The named sources starting in ``[lo, hi)``."""
        return self.named[bisect.bisect_left(self.named_starts, lo):
                          bisect.bisect_left(self.named_starts, hi)]

    def names_next(self, after: int, kind: str, chars: int) -> bool:
        """Does the sentence after offset ``after`` open (within ``chars``
        characters) with a source of ``kind`` given by a cue ("..., media
        reported. Iran's Mehr news agency confirmed ...")?"""
        begin = after
        while begin < len(self.text) and self.text[begin].isspace():
            begin += 1
        if begin >= len(self.text):
            return False
        return any(n.kind == kind and n.cue for n in self.named_in(begin, begin + chars + 1))


def _cue_span(s: Source) -> tuple[int, int]:
    if s.cue_start is None or s.cue_end is None:
        return s.start, s.end
    return min(s.start, s.cue_start), max(s.end, s.cue_end)


def state_media(
    parsed: Iterable[ParsedArticle], texts: ArticleTexts, *, extra_outlets: Iterable[str] = ()
) -> Iterator[Finding]:
    """``state_media``: claims resting on a state-affiliated outlet, one
    finding per outlet and article with all its places ("X reported", a
    credit or dateline, a ``via``), flagged more strongly when the article
    never says the outlet is state media. ``extra_outlets`` names outlets a
    newsroom treats as state-affiliated beyond the State Media Matrix."""
    cfg = findings_rules().state_media
    window, words = cfg.window, cfg.disclosure
    extra = {normalize(name) for name in extra_outlets}
    for p in parsed:
        text = p.article.text
        by_outlet: dict[str, list[tuple[Source, Outlet]]] = defaultdict(list)
        unnamed: list[Source] = []
        for s in p.sources:
            if s.kind == "vague" and s.outlet is None:
                # "an RT Russian service source", "The semi-official Tasnim
                # news": the outlet is named inside an unnamed source.
                inside = outlet_inside(text, s)
                if inside is None:
                    if any(w in text[s.start:s.end].casefold() for w in cfg.unnamed):
                        unnamed.append(s)
                    continue
                s = inside
            if s.kind != "outlet" or s.outlet is None:
                continue
            o = s.outlet
            if normalize(o.name) in extra and not is_state_affiliated(o):
                o = replace(o, typology_label="state-affiliated",
                            classification_source="the newsroom's settings")
            elif not is_state_affiliated(o):
                continue
            by_outlet[o.name].append((s, o))
        for name, places in by_outlet.items():
            places.sort(key=lambda so: so[0].start)
            o = places[0][1]
            disclosed = any(
                w in text[max(0, s.start - window) : s.end].casefold()
                for s, _ in places for w in words
            )
            vias = sorted({s.via for s, _ in places if s.via})
            via = f", passed on by {', '.join(vias)}" if vias else ""
            label = " ".join(x for x in (o.typology, f"({o.typology_label})") if x)
            said = "the article says so" if disclosed else "the article does not say so"
            how = sorted({_credited_how(s) for s, _ in places})
            yield _finding(
                "state_media_disclosed" if disclosed else "state_media_undisclosed",
                f"Claim rests on {name}{via}: classified {label} by "
                f"{o.classification_source}; {said}.",
                [texts.evidence(s.article, s.start, s.end) for s, _ in places],
                subject=name,
                confidence="high",
                reasons=(
                    f"{name} is classified {label} by {o.classification_source}",
                    f"credited {len(places)} time{'s' if len(places) != 1 else ''}: "
                    + ", ".join(how),
                    ("a state-media word within " if disclosed else "no state-media word within ")
                    + f"{window} characters before the name",
                ),
            )
        if unnamed:
            phrases = "”, “".join(dict.fromkeys(text[s.start:s.end] for s in unnamed))
            yield _finding(
                "state_media_disclosed",
                f"Claim rests on state media the article does not name (“{phrases}”).",
                [texts.evidence(s.article, *_cue_span(s)) for s in unnamed],
                subject="unnamed state media",
                confidence="medium",
                reasons=("the source is called state media but no outlet is named",),
            )


def outlet_inside(text: str, s: Source) -> Source | None:
    """The state-affiliated outlet a capitalised word of source ``s``'s
    phrase names, as an outlet source on that word, or None."""
    for m in _WORD.finditer(text, s.start, s.end):
        word = m.group()
        if not word[:1].isupper():
            continue
        outlet = classify_outlet(word)
        if outlet is not None and is_state_affiliated(outlet):
            return replace(s, name=outlet.name, kind="outlet", start=m.start(), end=m.end(),
                           outlet=outlet)
    return None


def _credited_how(s: Source) -> str:
    if s.role in ("credit", "via"):
        return f"as a {s.role}"
    return f"by “{s.cue}”" if s.cue else "by name"


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
