"""Finders of how claims are sourced: vague attributions (a claim credited
to no one a reader could check) and state media (a claim resting on a
state-affiliated outlet), with the index of an article's sentences and named
sources they share with the quote finders."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace

from ..models import Finding, Outlet, ParsedArticle, Source, Span
from ..parse.sources import classify_outlet, is_state_affiliated
from ..rules.findings import AttributionWords, StateMediaWords, findings_rules
from ..rules.sources import source_rules
from ..text import normalize, sentence_spans
from .common import WORD, ArticleTexts, finding


def vague_attributions(parsed: Iterable[ParsedArticle], texts: ArticleTexts) -> Iterator[Finding]:
    """``vague_attribution``: a claim credited to unnamed sources. Not when
    the phrase names an institution ("a Foreign Ministry spokesperson"), the
    same sentence credits a named source, the verb is a stance or action
    rather than a claim ("protesters who came out"), the phrase is unnamed
    state media (:func:`state_media` reports it), or the next sentence opens
    by naming the group or outlet meant ("media reported. Iran's Mehr news
    agency confirmed"). One finding per article
    and head noun, with every place ("Iranian media reported ... Iranian
    media have confirmed"), joining a definite phrase shortly after another
    place ("the person added") and the phrases of one sentence;
    overlapping phrases are one finding too (see :func:`merge_overlapping`)."""
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
        # Per head: each place (source, span) and, when a named source shares
        # its sentence, why that one does not credit the claim.
        by_head: dict[str, list[tuple[Source, int, int, str | None]]] = {}
        # The head and end of the last vague place kept: a definite phrase
        # shortly after it ("Another source familiar with ... said. ... the
        # person added") is the same unnamed source, one finding.
        last: tuple[str, int] | None = None
        for s in sorted(p.sources, key=lambda x: (x.start, x.end)):
            if s.kind != "vague":
                continue
            words = WORD.findall(text[s.start:s.end].casefold())
            # A named institution is not vague sourcing, but its unnamed
            # "source" is ("an RT Russian service source").
            anonymous = bool(words) and words[-1] in cfg.anonymous_heads
            if not anonymous and names_institution(text[s.start:s.end], cfg.institution_words,
                                                   cfg.term_determiners):
                continue
            if s.cue and s.cue.casefold() in not_claims:
                continue
            # Not a group of people: a time or an amount ("two years");
            # a party's representative ("Evergrande's lawyer"); a group
            # the article has already tied to a name ("The liquidators").
            if words and (words[-1] in cfg.measure_heads or represents_party(text, s, cfg)
                          or refers_back_to_named(text, s, cfg)
                          or names_members(text, s, cfg.member_links)):
                continue
            # A headline's words are title case and its sourcing the body's.
            if near.in_heading(s.start):
                continue
            # Unnamed state media ("Regime media reported") is state_media's
            # finding: one problem, one finding.
            if any(w in text[s.start:s.end].casefold() for w in state_words):
                continue
            start, end = _cue_span(s)
            sentence = near.sentence_of(start)
            if poll_share(text, s.start, max(sentence[0], start - cfg.share_chars), end,
                          cfg.share_words):
                continue
            # A named source elsewhere in the sentence (the same words read
            # as a named source too are the parse's call, not a second
            # source): it credits a hedge's claim, but a vague phrase with a
            # verb of its own ("world leaders who said") makes its own claim,
            # unless the named source shares that verb or stands between the
            # two, where the verb may be its own ("The protesters ...
            # prompting Ruto to issue a statement, saying").
            own = own_claim(text, s, cfg)
            others = [n for n in near.named_in(*sentence)
                      if not (n.start < s.end and s.start < n.end)]
            if any(own is None or n.cue_start == own or s.end <= n.start < own
                   or _embeds(n, s, cfg.direct_cues) for n in others):
                continue
            head = words[-1] if words else ""
            if head in cfg.named_next and near.names_next(
                sentence[1], cfg.named_next[head], cfg.named_next_chars
            ):
                continue
            if near.names_group(s, sentence[0], cfg):
                continue
            note = (f"“{text[s.start:s.end]}” has a verb of its own; {others[0].name} "
                    "in its sentence credits another claim") if others else None
            if (last is not None and len(words) == 2 and words[0] in cfg.anaphor_determiners
                    and head in cfg.anaphor_heads
                    and 0 <= s.start - last[1] <= cfg.anaphor_chars):
                head = last[0]
            last = (head, end)
            by_head.setdefault(head, []).append((s, start, end, note))
        for places in _merged_by_sentence(by_head.values(), near):
            places.sort(key=lambda x: (x[1], x[2]))
            s, start, end, _ = places[0]
            # The message names each place once: a longer reading of a
            # phrase already named (an overlapping span) is left out.
            phrases, shown_end = [], -1
            for _, a, b, _ in places:
                if a >= shown_end:
                    phrases.append(text[a:b])
                    shown_end = b
            yield finding(
                "vague_attribution",
                f"Claim rests on vague sourcing: “{'”, “'.join(dict.fromkeys(phrases))}”.",
                [texts.evidence(x.article, a, b) for x, a, b, _ in places],
                subject=normalize(text[s.start:s.end]),
                confidence="medium",
                reasons=(*dict.fromkeys(
                    f"unnamed source “{text[x.start:x.end]}”"
                    + (f" with the cue “{x.cue}”" if x.cue else "") for x, _, _, _ in places),
                    *dict.fromkeys(n for *_, n in places if n),
                    "no named source in the same sentence credits the claim"),
            )


Place = tuple[Source, int, int, str | None]


def _merged_by_sentence(groups: Iterable[list[Place]], near: SourcePlaces) -> list[list[Place]]:
    """The per-head groups of places, joined when two share a sentence: one
    sentence's vague phrases ("officials and diplomats said", "sources said
    ..., reportedly") are one problem and one finding with every place."""
    merged: list[list[Place]] = []
    where: dict[tuple[int, int], int] = {}  # sentence -> index in merged
    for group in groups:
        sentences = {near.sentence_of(start) for _, start, _, _ in group}
        hits = sorted({where[x] for x in sentences if x in where})
        if not hits:
            target = len(merged)
            merged.append([])
        else:
            target = hits[0]
            for other in hits[1:]:
                merged[target].extend(merged[other])
                merged[other] = []
                for x, i in where.items():
                    if i == other:
                        where[x] = target
        merged[target].extend(group)
        for x in sentences:
            where[x] = target
    return [g for g in merged if g]


def poll_share(text: str, phrase_start: int, lo: int, hi: int, words: Iterable[str]) -> bool:
    """Is the vague phrase at ``phrase_start`` a poll's share of a group: one
    of ``words`` in ``text[lo:hi]`` inside the phrase or leading straight into
    it, up to four words and no punctuation between ("30 percent of Mr.
    Sanders's backers say"; not "a majority of delegates, many supporters")?"""
    lead = text[lo:hi].casefold()
    at = phrase_start - lo
    for w in words:
        for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", lead):
            gap = lead[m.end():at]
            # (The lead starts in the phrase's sentence: a full stop in the
            # gap is an abbreviation's, "Mr.")
            if m.start() >= at or (not re.search(r"[,;:!?]", gap) and len(gap.split()) <= 4):
                return True
    return False


def represents_party(text: str, s: Source, cfg: AttributionWords) -> bool:
    """Is vague source ``s`` a representative named by the party it speaks
    for: a possessive before its head ("Evergrande's lawyer", "the
    ministry's spokesman") or a link word after it ("a lawyer for the
    creditors", "an attorney representing the family")?"""
    heads = [m for m in WORD.finditer(text, s.start, s.end)
             if m.group().casefold() in cfg.representative_heads]
    if not heads:
        return False
    head = heads[-1]
    if re.search(r"['’]s\s+(?:[\w-]+\s+){0,2}$", text[s.start:head.start()]):
        return True
    after = WORD.findall(text[head.end():head.end() + 40])
    return len(after) > 1 and after[0].casefold() in cfg.representative_links


_NAME = r"(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*"
# A person's full name set off by commas right after the phrase: "One of his
# advisers, Tad Devine, told".
_APPOSITIVE_NAME = re.compile(r",\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+,")
# "of" and a list of at least two names: "of Blackpool and Liverpool".
_NAMED_LIST = re.compile(rf"\s+of\s+{_NAME}(?:,\s+{_NAME})*,?\s+and\s+{_NAME}")


def names_members(text: str, s: Source, links: Collection[str]) -> bool:
    """Does the sentence name the members of vague group ``s`` right after
    it: a member link and a name ("newspapers, including the Asbury Park
    Press"), "of" and a list of names ("the cities of Blackpool and
    Liverpool"), or the one person meant, set off by commas ("One of his
    advisers, Tad Devine, told")?"""
    alts = "|".join(re.escape(w) for w in sorted(links))
    linked = re.compile(rf"(?:,|\s+[-–—])?\s+(?i:{alts})\s+{_NAME}")
    return bool(linked.match(text, s.end) or _NAMED_LIST.match(text, s.end)
                or _APPOSITIVE_NAME.match(text, s.end))


def refers_back_to_named(text: str, s: Source, cfg: AttributionWords) -> bool:
    """Is vague source ``s`` a definite group ("The liquidators") whose head
    the article has already tied to a name, shortly before, by a link word
    and a capitalised word ("appointing liquidators at Alvarez & Marsal")?"""
    tokens = WORD.findall(text[s.start:s.end])
    if len(tokens) != 2 or tokens[0].casefold() not in cfg.anaphor_determiners:
        return False
    links = "|".join(re.escape(w) for w in sorted(cfg.anaphor_links))
    earlier = re.compile(
        rf"\b(?i:{re.escape(tokens[1])})\s+(?i:{links})\s+(?:(?i:the)\s+)?[A-Z]")
    # Within `anaphor_chars` before it: a bounded look-back keeps the finder
    # linear in an article of many definite groups (tests/test_work_bounds.py).
    return earlier.search(text, max(0, s.start - cfg.anaphor_chars), s.start) is not None


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
    ("Foreign Ministry", "Lebanese Health Ministry", "Tasnim news"), or a
    capitalised institution word followed by "of" or "for" and a capitalised
    word ("Centre for Legal Aid", "Ministry of Health")?"""
    tokens = WORD.findall(phrase)
    return any(
        word.casefold() in institution_words and prev[:1].isupper()
        and prev.casefold() not in determiners
        for prev, word in zip(tokens, tokens[1:], strict=False)
    ) or any(
        word[:1].isupper() and word.casefold() in institution_words
        and link in ("of", "for") and name[:1].isupper()
        for word, link, name in zip(tokens, tokens[1:], tokens[2:], strict=False)
    )


_OPENING = re.compile(
    r"(?:(?:The|the)[ \t]+)?[A-Z][\w'’.&-]*(?:[ \t]+(?:(?:of|for|and|on)[ \t]+(?:the[ \t]+)?)?"
    r"[A-Z][\w'’.&-]*)*")


_OPENING_CHARS = 120  # a long institution's name with a title or possessive


def opening_name(text: str, at: int) -> str:
    """The run of capitalised words opening a sentence at ``at`` ("The Bar
    Reform Forum", "Centres for Disease Control"), or "": at most
    ``_OPENING_CHARS`` characters, so a text of capitalised words is not read
    to its end from every sentence."""
    m = _OPENING.match(text, at, min(len(text), at + _OPENING_CHARS))
    return m.group() if m else ""


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
        self._people = p.people
        self._person_words: frozenset[str] | None = None
        self._mid_capitals: frozenset[str] | None = None

    def names_group(self, s: Source, sentence_start: int, cfg: AttributionWords) -> bool:
        """Is vague source ``s`` a group of states a reader can name: a
        state-group head named by a proper word or a membership word
        ("European allies", "member states"), or the leaders of one
        ("leaders of member states")? Not a group of people ("world leaders",
        "Trump allies": a person's name)."""
        tokens = list(WORD.finditer(self.text, s.start, s.end))
        if not tokens:
            return False
        head = tokens[-1].group().casefold()
        if head in cfg.group_leaders:
            # "leaders of [the] X states": the group named after "of".
            tokens = list(WORD.finditer(self.text, s.end, min(len(self.text), s.end + 60)))
            if not tokens or tokens[0].group().casefold() != "of":
                return False
            k = next((i for i, t in enumerate(tokens[:6])
                      if t.group().casefold() in cfg.state_group_heads), None)
            if k is None:
                return False
            tokens = tokens[:k + 1]
        elif head not in cfg.state_group_heads:
            return False
        return any(self._names(t.group(), t.start(), sentence_start, cfg)
                   for t in tokens[:-1])

    def _names(self, word: str, at: int, sentence_start: int, cfg: AttributionWords) -> bool:
        """Does modifier ``word`` name a group: a membership word, or a proper
        word that is no person's name (capitalised mid-sentence somewhere in
        the article when it opens the sentence)?"""
        if word.casefold() in cfg.membership_words:
            return True
        if not word[:1].isupper():
            return False
        if self._person_words is None:
            self._person_words = frozenset(
                w for person in self._people for m in person.mentions
                for w in m.full_name.split())
        if word in self._person_words:
            return False
        if self.text[sentence_start:at].strip(" \t\n\"“‘'«("):
            return True
        if self._mid_capitals is None:
            self._mid_capitals = frozenset(_MID_CAPITAL.findall(self.text))
        return word in self._mid_capitals

    def in_heading(self, pos: int) -> bool:
        """Is offset ``pos`` in a paragraph labelled a heading?"""
        i = bisect.bisect_right(self.para_starts, pos) - 1
        return i >= 0 and pos < self.paras[i].end and self.paras[i].label == "heading"

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence holding offset ``pos`` (its paragraph if none)."""
        i = bisect.bisect_right(self.para_starts, pos) - 1
        if i < 0 or pos >= self.paras[i].end:
            return pos, pos + 1
        starts, sents = self._split(i)
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos < sents[k].end:
            return sents[k].start, sents[k].end
        return self.paras[i].start, self.paras[i].end

    def _split(self, i: int) -> tuple[list[int], list[Span]]:
        """Paragraph ``i``'s sentence starts and sentences, split once."""
        if (split := self._sentences.get(i)) is None:
            para = self.paras[i]
            sents = list(sentence_spans(self.text, para.start, para.end))
            split = self._sentences[i] = ([x.start for x in sents], sents)
        return split

    def sentences(self, i: int) -> list[tuple[int, int]]:
        """The sentences of paragraph ``i`` as (start, end), in order."""
        return [(x.start, x.end) for x in self._split(i)[1]]

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
        if any(n.kind == kind and n.cue for n in self.named_in(begin, begin + chars + 1)):
            return True
        # A named institution as the sentence's subject names the group
        # meant without a cue ("The Bar Reform Forum made the revelations").
        cfg = findings_rules().attribution
        return kind == "organisation" and names_institution(
            opening_name(self.text, begin), cfg.institution_words, cfg.term_determiners)


def own_claim(text: str, s: Source, cfg: AttributionWords) -> int | None:
    """Where the cue of vague source ``s`` starts when it credits a claim of
    its own, apart from the sentence's main claim: a relative clause with a
    speech verb ("world leaders who said", "analysts who have claimed") or
    a source cue before it ("as reported by Russian officials", "citing
    local outlets"); else None (a hedge, "reportedly"; a subject, "sources
    said", whose claim a named source of the sentence may credit)."""
    if s.cue_start is None or s.cue_end is None or s.cue is None:
        return None
    if s.cue_end <= s.start:
        return s.cue_start if s.cue.casefold() in cfg.source_cues else None
    if s.cue_start < s.end:
        return None
    between = text[s.end:s.cue_start].casefold().split()
    cue = s.cue.casefold().split()
    if between[:1] == ["who"] and all(w in cfg.relative_glue for w in between[1:]) and any(
            w in cfg.direct_cues for w in cue):
        return s.cue_start
    return None


def _embeds(n: Source, s: Source, direct_cues: Collection[str]) -> bool:
    """Does named source ``n`` report the clause holding vague ``s``: its
    speech verb follows its name and comes before the phrase ("Ryan said
    allies wanted ...")?"""
    return (n.cue is not None and n.cue_start is not None and n.start < n.cue_start < s.start
            and n.cue.split()[0].casefold() in direct_cues)


# A capitalised word after a lower-case word or a comma: capitalised as a name,
# not as a sentence's first word.
_MID_CAPITAL = re.compile(r"(?<=[a-z,;])[ \t]+([A-Z][\w-]*)")


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
    window = cfg.window
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
                    if (any(w in text[s.start:s.end].casefold() for w in cfg.unnamed)
                            and not passes_on(text, s, cfg.passing_verbs)):
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
            disclosed = any(says_state_media(text, s, cfg) for s, _ in places)
            vias = sorted({s.via for s, _ in places if s.via})
            via = f", passed on by {', '.join(vias)}" if vias else ""
            label = " ".join(x for x in (o.typology, f"({o.typology_label})") if x)
            said = "the article says so" if disclosed else "the article does not say so"
            how = sorted({_credited_how(s) for s, _ in places})
            yield finding(
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
                    + f"{window} characters before the name or in its appositive",
                ),
            )
        if unnamed:
            phrases = "”, “".join(dict.fromkeys(text[s.start:s.end] for s in unnamed))
            yield finding(
                "state_media_disclosed",
                f"Claim rests on state media the article does not name (“{phrases}”).",
                [texts.evidence(s.article, *_cue_span(s)) for s in unnamed],
                subject="unnamed state media",
                confidence="medium",
                reasons=("the source is called state media but no outlet is named",),
            )


def says_state_media(text: str, s: Source, cfg: StateMediaWords) -> bool:
    """Does the article say outlet source ``s`` is state media: a disclosure
    within ``cfg.window`` characters before its name ("Russia's state-run
    news agency TASS") or in the appositive right after it ("Xinhua, the
    official Chinese news agency, wrote"), its words parted by up to two
    others ("official ... news agency")?"""
    before = text[max(0, s.start - cfg.window):s.end].casefold()
    after = ""
    if text[s.end:s.end + 1] == ",":
        close = re.search(r"[,;.!?]", text[s.end + 1:s.end + 1 + cfg.window])
        after = text[s.end + 1:s.end + 1 + (close.start() if close else 0)].casefold()
    openers = "|".join(re.escape(w) for w in cfg.disclosure_openers)
    kinds = "|".join(re.escape(w) for w in cfg.disclosure_kinds)
    parted = re.compile(rf"\b(?:{openers})(?:[\s-]+[\w-]+){{0,2}}[\s-]+(?:{kinds})\b")
    return any(w in part for part in (before, after) for w in cfg.disclosure) or any(
        parted.search(part) for part in (before, after))


def passes_on(text: str, s: Source, verbs: Collection[str]) -> bool:
    """Does source ``s`` only pass on another: its cue is one of ``verbs``
    and a definite or named object follows ("cited the statement", "quoted
    Interior Minister ..."), not an unnamed one ("cited unnamed officials")?"""
    if s.cue is None or s.cue_end is None or s.cue.split()[-1].casefold() not in verbs:
        return False
    after = WORD.findall(text[s.cue_end:s.cue_end + 40])
    return bool(after) and (after[0].casefold() == "the" or after[0][:1].isupper())


def outlet_inside(text: str, s: Source) -> Source | None:
    """The state-affiliated outlet a run of capitalised words of source
    ``s``'s phrase opens with ("an RT Russian service source", "the
    semi-official Fars news"), as an outlet source on its words, or None. A
    word inside or ending a longer name is that name's ("a spokeswoman for
    the Democratic National Convention" names no outlet "National")."""
    determiners = findings_rules().attribution.term_determiners
    for run in _CAPITAL_RUN.finditer(text, s.start, s.end):
        words = list(WORD.finditer(run.group()))
        # A sentence's capitalised determiner ("An RT producer") is no name's.
        while words and words[0].group().casefold() in determiners:
            words.pop(0)
        # The longest opening of the run that is a state-affiliated outlet.
        for k in range(len(words), 0, -1):
            start, end = run.start() + words[0].start(), run.start() + words[k - 1].end()
            outlet = classify_outlet(text[start:end])
            if outlet is not None and is_state_affiliated(outlet):
                return replace(s, name=outlet.name, kind="outlet", start=start, end=end,
                               outlet=outlet)
    return None


# A run of capitalised words: one name ("Democratic National Convention").
_CAPITAL_RUN = re.compile(r"[A-Z][\w'’.&-]*(?:[ \t]+[A-Z][\w'’.&-]*)*")


def _credited_how(s: Source) -> str:
    if s.role in ("credit", "via"):
        return f"as a {s.role}"
    return f"by “{s.cue}”" if s.cue else "by name"
