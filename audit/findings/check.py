"""Pre-publication check of drafts against earlier coverage.

Every quote of a draft is looked up in a reference corpus (files given with
``--against`` or a corpus store), every person's spelling and title is
compared with the corpus's, and the draft's own sourcing (state media, vague
attributions) is audited. The result is a list of findings with a severity, so
a newsroom's CI can fail on them."""

from __future__ import annotations

import difflib
import os
import tomllib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, cast

from ..errors import UsageError
from ..ingest import DEFAULT_MAX_BYTES
from ..ingest.fetch import FetchOptions, is_address
from ..match import (
    QueryTest,
    count_spellings,
    group_people,
    group_people_counted,
    lookup,
    quote_settings,
    spelling_counts,
    word_diff,
)
from ..models import (
    SEVERITY_ORDER,
    Confidence,
    Evidence,
    Finding,
    LookupMatch,
    Mention,
    ParsedArticle,
    Person,
    Quote,
    Severity,
    Skipped,
)
from ..pipeline import parse_articles, read_articles
from ..rules.findings import findings_rules
from ..store import STORED, Store
from ..text import excerpt, normalize
from .common import ArticleTexts
from .finders import (
    equal_share,
    is_alteration,
    is_direct,
    is_own_title,
    is_said_by,
    is_shorter_form,
    mark_diff,
    merge_overlapping,
    same_wording,
    short_text,
    sort_key,
    spelling_variants,
    title_conflict_rule,
    title_span,
)
from .sourcing import state_media, vague_attributions

CONFIG_FILE = "citeaudit.toml"
KINDS = (
    "misquote",
    "speaker_conflict",
    "unverified_quote",
    "name_variant",
    "title_conflict",
    "state_media",
    "vague_attribution",
)
_DEFAULT_SEVERITY: dict[str, Severity] = {
    "misquote": "warning",
    "speaker_conflict": "error",
    "unverified_quote": "info",
    "name_variant": "warning",
    "title_conflict": "warning",
}
SETTINGS = ("house_spellings", "state_outlets", "ignore", "severity")
# A draft quote scoring below this against every earlier quote is "unverified".
# Same value as lookup's default floor in match.toml (calibrated there on
# altered vs unrelated quotes of one story), so both commands agree.
_MIN_SCORE: float | None = None


@dataclass(frozen=True)
class CheckConfig:
    """A newsroom's check settings (``citeaudit.toml`` or ``[tool.citeaudit]``)."""

    house_spellings: tuple[str, ...] = ()
    state_outlets: tuple[str, ...] = ()
    ignore: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    source: str | None = None

    def severity_of(self, kind: str, default: Severity) -> Severity:
        return self.severity.get(kind, default)


def load_config(start: Path | None = None) -> CheckConfig:
    """Read ``citeaudit.toml``, else ``[tool.citeaudit]`` of ``pyproject.toml``,
    from ``start`` (default: the current folder) or the nearest parent."""
    folder = (start or Path.cwd()).resolve()
    for place in (folder, *folder.parents):
        own = place / CONFIG_FILE
        if own.is_file():
            return _parse_config(_read_toml(own), str(own))
        project = place / "pyproject.toml"
        if project.is_file():
            table = _tool_table(_read_toml(project), str(project))
            if table is not None:
                return _parse_config(table, f"{project} [tool.citeaudit]")
    return CheckConfig()


def load_config_file(path: Path) -> CheckConfig:
    """Read check settings from ``path``: a ``citeaudit.toml`` (top-level keys)
    or a ``pyproject.toml`` (its ``[tool.citeaudit]`` table)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = _tool_table(data, str(path))
        return _parse_config(table or {}, f"{path} [tool.citeaudit]")
    return _parse_config(data, str(path))


def all_kinds() -> frozenset[str]:
    """Every finding kind a setting may name: the check's and the audit's."""
    return frozenset(KINDS) | {r.kind for r in findings_rules().rules.values()}


def apply_config(found: Iterable[Finding], config: CheckConfig) -> tuple[Finding, ...]:
    """``found`` less the kinds ``config`` ignores, with its severities."""
    return tuple(
        replace(f, severity=config.severity_of(f.kind, f.severity))
        for f in found
        if f.kind not in config.ignore
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the check settings ({exc})") from exc


def _tool_table(data: dict[str, Any], source: str) -> dict[str, Any] | None:
    """The ``[tool.citeaudit]`` table of a pyproject.toml, if any."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise UsageError(f"{source}: tool must be a table")
    table = tool.get("citeaudit")
    if table is not None and not isinstance(table, dict):
        raise UsageError(f"{source}: tool.citeaudit must be a table")
    return table


def _unknown(source: str, what: str, names: Iterable[str], known: Collection[str]) -> None:
    """Refuse ``names`` not in ``known``, naming the first and its likely spelling."""
    for name in sorted(set(names) - set(known)):
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
        raise UsageError(f"{source}: unknown {what} {name!r}{hint}")


def _parse_config(table: dict[str, Any], source: str) -> CheckConfig:
    _unknown(source, "setting", table, SETTINGS)

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{source}: {key} must be a list of strings")
        return tuple(value)

    kinds = sorted(all_kinds())
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise UsageError(f"{source}: severity must be a table of kind = level")
    _unknown(source, "finding kind in [severity]", severity, kinds)
    for kind, level in severity.items():
        if not isinstance(level, str) or level not in SEVERITY_ORDER:
            raise UsageError(f"{source}: severity of {kind} must be info, warning or error")
    ignore = strings("ignore")
    _unknown(source, "finding kind to ignore", ignore, kinds)
    return CheckConfig(
        house_spellings=strings("house_spellings"),
        state_outlets=strings("state_outlets"),
        ignore=frozenset(ignore),
        severity=cast(dict[str, Severity], dict(severity)),
        source=source,
    )


class Reference(Protocol):
    """Earlier coverage a draft is checked against."""

    def lookup(self, text: str) -> list[LookupMatch]:
        """Earlier quotes matching ``text``, best first."""
        ...

    def people(self, names: Collection[str]) -> Iterable[tuple[Person, int]]:
        """Person records of the reference corpus that may name the same
        people as the spellings ``names`` (a reference may give more: they are
        merged with match.group_people_counted, which decides), each with the
        number of per-article records it stands for."""
        ...

    def usage(self, person: Person, earlier: Sequence[Mention]) -> tuple[dict[str, int],
                                                                        Counter[str]]:
        """For a merged ``person`` and its reference mentions ``earlier``: how
        many articles use each of its spellings (as match.spelling_counts),
        and how many mentions carry each title."""
        ...


class MemoryReference:
    """A reference corpus held in memory (``--against PATH...``)."""

    def __init__(self, parsed: Iterable[ParsedArticle]) -> None:
        self._parsed = tuple(parsed)
        self.articles = len(self._parsed)
        self._quotes = tuple((q, normalize(q.text)) for p in self._parsed for q in p.quotes)

    def lookup(self, text: str) -> list[LookupMatch]:
        # The store's verification first (string tests on the normal form),
        # then the scorer on what passes: the matches of a scan of all quotes.
        threshold = quote_settings().lookup_min_score if _MIN_SCORE is None else _MIN_SCORE
        test = QueryTest(text, threshold)
        hits = [q for q, norm in self._quotes if test.matches(q.text, norm)]
        return lookup(text, hits, min_score=_MIN_SCORE)

    def people(self, names: Collection[str]) -> Iterable[tuple[Person, int]]:
        return ((person, 1) for p in self._parsed for person in p.people)

    def usage(self, person: Person, earlier: Sequence[Mention]) -> tuple[dict[str, int],
                                                                        Counter[str]]:
        return (
            spelling_counts(replace(person, mentions=tuple(earlier))),
            Counter(m.title for m in earlier if m.title),
        )


class StoreReference:
    """A corpus store as reference (``--db FILE``): quotes come from its index."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def lookup(self, text: str) -> list[LookupMatch]:
        return self._store.lookup(text, min_score=_MIN_SCORE)

    def people(self, names: Collection[str]) -> Iterable[tuple[Person, int]]:
        # One summed record per stored name sharing a name key with the
        # draft's spellings: the store is not scanned, and a name used by
        # thousands of articles costs a few rows.
        return self._store.people_counted(names)

    def usage(self, person: Person, earlier: Sequence[Mention]) -> tuple[dict[str, int],
                                                                        Counter[str]]:
        names = {m.full_name for m in earlier if m.article == STORED and m.full_name}
        spellings, titles = self._store.person_usage(names)
        return count_spellings(person, spellings), titles


def check_drafts(
    drafts: Sequence[ParsedArticle], reference: Reference, config: CheckConfig | None = None
) -> tuple[Finding, ...]:
    """Every finding on ``drafts``, most severe first, then by place."""
    config = config or CheckConfig()
    found: list[Finding] = []
    texts = ArticleTexts(drafts)
    for draft in drafts:
        found += _quote_findings(draft, reference, config)
    found += _people_findings(drafts, reference, config)
    found += vague_attributions(drafts, texts)
    found += state_media(drafts, texts, extra_outlets=config.state_outlets)
    return tuple(sorted(merge_overlapping(apply_config(found, config)), key=sort_key))


def check_paths(
    drafts: Iterable[str],
    *,
    against: Iterable[str] = (),
    db: str | None = None,
    config: CheckConfig | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_skip: Callable[[Skipped], None],
    fetch_options: FetchOptions | None = None,
) -> tuple[list[ParsedArticle], tuple[Finding, ...]]:
    """Read and parse the ``drafts`` (files, folders or addresses) and check
    them against the articles at ``against`` or, when none are given, the
    corpus store ``db``; returns the parsed drafts and their findings. Every
    input that cannot be used goes to ``on_skip``; a reference that does not
    exist, or references without a readable article, raise ``UsageError``
    (a check against less coverage than asked for would mislead)."""
    references = list(against)
    for ref in references:
        if not is_address(ref) and not os.path.exists(ref):
            raise UsageError(f"--against {ref}: no such file or folder")
    parsed = list(parse_articles(read_articles(drafts, max_bytes=max_bytes, on_skip=on_skip,
                                               fetch_options=fetch_options)))
    if references or db is None:
        refs = read_articles(references, max_bytes=max_bytes, on_skip=on_skip,
                             fetch_options=fetch_options)
        reference = MemoryReference(parse_articles(refs))
        if references and not reference.articles:
            raise UsageError(f"--against {' '.join(references)}: no readable article")
        return parsed, check_drafts(parsed, reference, config)
    with Store.open(db, create=False) as store:
        return parsed, check_drafts(parsed, StoreReference(store), config)


def _finding(
    kind: str,
    rule: str,
    message: str,
    evidence: Iterable[Evidence],
    config: CheckConfig,
    *,
    subject: str,
    confidence: Confidence,
    reasons: Iterable[str],
    default: Severity | None = None,
) -> Finding:
    """A finding of ``kind`` at its configured severity, else ``default``,
    else the kind's default."""
    default = default or _DEFAULT_SEVERITY[kind]
    return Finding(kind, config.severity_of(kind, default), message, rule, tuple(evidence),
                   subject=subject, confidence=confidence, reasons=tuple(reasons))


def _quote_evidence(draft: ParsedArticle, q: Quote) -> Evidence:
    return Evidence(q.article, q.start, q.end, excerpt(draft.article.text, q.start, q.end))


def _earlier_evidence(m: LookupMatch) -> Evidence:
    return Evidence(m.quote.article, m.quote.start, m.quote.end, m.quote.text)


def _same_person(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if normalize(a) == normalize(b):
        return True
    people = [Person(a, (Mention("a", 0, 0, a, a),)), Person(b, (Mention("b", 0, 0, b, b),))]
    return len(group_people(people)) == 1


def marked_diff(earlier: str, draft: str) -> str:
    """The draft's wording with changed words marked against the earlier one:
    ``[-removed-]`` and ``{+added+}``."""
    return mark_diff(word_diff(earlier, draft))


@dataclass(frozen=True)
class SpeakerMatches:
    """The earlier quotes of one speaker matching a draft quote, as the check
    reads them: the first faithful one (the same words, or holding them),
    the first altered one and the first given by a speech cue, each with its
    rank among all the matches (best first)."""

    faithful: bool
    altered: tuple[int, LookupMatch] | None
    said: tuple[int, LookupMatch] | None


def speaker_matches(matches: Sequence[LookupMatch]) -> dict[str | None, SpeakerMatches]:
    """The matches of a draft quote by speaker (one pass): a draft of many
    quotes against as many earlier copies compares speakers, not every pair
    of quotes (bench/worst_case.py)."""
    faithful: dict[str | None, bool] = {}
    altered: dict[str | None, tuple[int, LookupMatch]] = {}
    said: dict[str | None, tuple[int, LookupMatch]] = {}
    for rank, m in enumerate(matches):
        who = m.quote.speaker
        faithful[who] = faithful.get(who, False) or m.relation in ("identical", "extended")
        if m.relation in ("variant", "excerpt"):
            altered.setdefault(who, (rank, m))
        if is_said_by(m.quote):
            said.setdefault(who, (rank, m))
    return {who: SpeakerMatches(f, altered.get(who), said.get(who))
            for who, f in faithful.items()}


def _quote_findings(
    draft: ParsedArticle, reference: Reference, config: CheckConfig
) -> Iterator[Finding]:
    asked: dict[str, dict[str | None, SpeakerMatches]] = {}
    for q in draft.quotes:
        if (by_speaker := asked.get(q.text)) is None:
            by_speaker = asked[q.text] = speaker_matches(reference.lookup(q.text))
        if not by_speaker:
            if not q.fragment:
                yield _finding(
                    "unverified_quote",
                    "quote.not_found",
                    f"Quote “{short_text(q.text)}” is not found in the reference coverage.",
                    [_quote_evidence(draft, q)],
                    config,
                    subject=q.id,
                    confidence="medium",
                    reasons=("no earlier quote scores above the look-up floor",),
                )
            continue
        same = [found for who, found in by_speaker.items() if _same_person(q.speaker, who)]
        # A faithful excerpt (the earlier quote holds the draft's words) or the
        # same words are fine; the best match decides.
        if any(found.faithful for found in same) or (
            q.speaker is None and any(found.faithful for found in by_speaker.values())
        ):
            continue
        altered = min((found.altered for found in same if found.altered), default=None)
        if altered:
            best = altered[1]
            diff = word_diff(best.quote.text, q.text)
            # The audit's rule: a wholly reworded version is another
            # rendering (a translation), not a misquote.
            if best.relation == "variant" and not is_alteration(diff):
                continue
            yield _finding(
                "misquote",
                "quote.altered",
                f"Quote differs from {best.quote.speaker}'s earlier wording in "
                f"{best.quote.article} (score {best.score:.0f}): "
                f"“{mark_diff(diff)}”; earlier: “{best.quote.text}”.",
                [_quote_evidence(draft, q), _earlier_evidence(best)],
                config,
                subject=q.id,
                confidence="high",
                reasons=(f"{equal_share(diff):.0%} of the words are the same as "
                         f"{best.quote.speaker}'s earlier wording",
                         f"score {best.score:.0f}, relation {best.relation}"),
            )
            continue
        other = min((found.said for who, found in by_speaker.items()
                     if who and found.said and not _same_person(q.speaker, who)), default=None)
        if other and is_said_by(q):
            best = other[1]
            certain = (is_direct(q) and is_direct(best.quote)
                       and same_wording(q.text, best.quote.text))
            yield _finding(
                "speaker_conflict",
                "quote.other_speaker",
                f"Quote is attributed to {q.speaker} here but to {best.quote.speaker} in "
                f"{best.quote.article}.",
                [_quote_evidence(draft, q), _earlier_evidence(best)],
                config,
                subject=q.id,
                confidence="high" if certain else "low",
                # An error only when both sides are direct speech cues, as in
                # the audit's speaker_uncertain rule.
                default=None if certain else "info",
                reasons=(f"{q.speaker} by “{q.cue or 'no speech cue'}” here",
                         f"{best.quote.speaker} by “{best.quote.cue or 'no speech cue'}” "
                         f"in {best.quote.article}"),
            )


def _established(person: Person, counts: dict[str, int]) -> str:
    """The usual spelling of ``person`` given how many earlier articles use
    each spelling (``counts``; ties go to the alphabetically first)."""
    return _most_used(spelling_variants(person), counts)


def _most_used(names: Iterable[str], counts: dict[str, int]) -> str:
    """The most counted of ``names``; a tie goes to the alphabetically first."""
    return min(names, key=lambda n: (-counts.get(n, 0), n))


def _house_spelling(spelled: str, config: CheckConfig) -> str | None:
    """The house spelling ``spelled`` departs from, if any."""
    for house in config.house_spellings:
        same = normalize(house) == normalize(spelled) or is_shorter_form(spelled, house)
        if not same and _same_person(spelled, house):
            return house
    return None


def _people_findings(
    drafts: Sequence[ParsedArticle], reference: Reference, config: CheckConfig
) -> Iterator[Finding]:
    draft_paths = {d.article.path for d in drafts}
    texts = {d.article.path: d.article.text for d in drafts}
    draft_people = [person for d in drafts for person in d.people]
    spellings = {p.name for p in draft_people}
    spellings.update(v for p in draft_people for v in p.variants)
    spellings.update(m.full_name for p in draft_people for m in p.mentions if m.full_name)
    merged = group_people_counted(
        [*((p, 1) for p in draft_people), *reference.people(spellings)]
    )
    for person in merged:
        in_draft = [m for m in person.mentions if m.article in draft_paths]
        earlier = [m for m in person.mentions if m.article not in draft_paths]
        if not in_draft:
            continue
        counts, titles = reference.usage(person, earlier) if earlier else ({}, Counter())
        yield from _spelling_finding(person, in_draft, bool(earlier), counts, texts, config)
        if titles:
            yield from _title_finding(person, in_draft, titles, texts, config)


def _spelling_finding(
    person: Person,
    in_draft: Sequence[Mention],
    earlier: bool,
    counts: dict[str, int],
    texts: dict[str, str],
    config: CheckConfig,
) -> Iterator[Finding]:
    """One ``name_variant`` per person: the draft departs from the house
    spelling, or from the spelling the earlier coverage mostly uses
    (``counts``: earlier articles per spelling; ``earlier``: is there any)."""
    usual = _established(person, counts) if earlier else ""
    # Spellings used as often as the most used one: with two or more the
    # corpus has no usual spelling (the tie still goes to the first, as before).
    top = counts.get(usual, 0)
    tied = sorted({normalize(n): n for n in spelling_variants(person)
                   if top and counts.get(n, 0) == top}.values())
    listed = ", ".join(f"“{s}” in {n} article{'s' if n != 1 else ''}" for s, n in counts.items())
    for m in in_draft:
        spelled = m.full_name
        house = _house_spelling(spelled, config)
        is_house = any(normalize(h) == normalize(spelled) for h in config.house_spellings)
        if house is not None:
            rule, message = "people.house_spelling", f"the house spelling is “{house}”"
        elif earlier and not (
            normalize(spelled) == normalize(usual) or is_shorter_form(spelled, usual)
        ) and not is_house:
            rule = "people.corpus_spelling"
            message = (f"the corpus is split between {' and '.join(f'“{t}”' for t in tied)}"
                       if len(tied) > 1 else f"the corpus usually spells it “{usual}”")
        else:
            continue
        corpus = f" (corpus: {listed})" if listed else ""
        yield _finding(
            "name_variant",
            rule,
            f"“{spelled}”: {message}{corpus}.",
            [Evidence(m.article, m.start, m.end, excerpt(texts[m.article], m.start, m.end))],
            config,
            subject=person.name,
            confidence="high" if house is not None else "medium",
            reasons=(f"“{spelled}” is grouped with the other spellings by the name rules",
                     message),
        )
        return


def _title_finding(
    person: Person,
    in_draft: Sequence[Mention],
    titles: Counter[str],
    texts: dict[str, str],
    config: CheckConfig,
) -> Iterator[Finding]:
    """A ``title_conflict`` when the draft's title for ``person`` contradicts
    the one the earlier mentions mostly use (``titles``: mentions per title)."""
    usual = _most_used(titles, titles)
    for m in in_draft:
        rule = title_conflict_rule(m.title, usual) if m.title and is_own_title(m.title) else None
        if rule is not None and m.title_start is not None:
            start, end = title_span(m)
            yield _finding(
                "title_conflict",
                "people.title_vs_corpus",
                f"{person.name} is called “{m.title}” here but “{usual}” in "
                f"{titles[usual]} earlier mention{'s' if titles[usual] != 1 else ''}.",
                [Evidence(m.article, start, end, excerpt(texts[m.article], start, end))],
                config,
                subject=person.name,
                confidence="medium",
                # As in the audit: a past status alone (former) is info.
                default=None if rule == "title_conflict" else "info",
                reasons=(f"“{m.title}” here, “{usual}” in earlier coverage",
                         "the same office with a different status"
                         + ("" if rule == "title_conflict" else ", once as past")),
            )
            return


def fails(found: Iterable[Finding], fail_on: str) -> bool:
    """True when a finding reaches the ``fail_on`` severity."""
    floor = SEVERITY_ORDER[fail_on]
    return any(SEVERITY_ORDER[f.severity] >= floor for f in found)
