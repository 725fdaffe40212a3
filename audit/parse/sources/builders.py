"""Phrase builders: from a phrase family's match to a source phrase (or None
when the match is no source: "the Guardian angel", "Voters said")."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from typing import TYPE_CHECKING

from ...models import Outlet, SourceKind
from ...rules.outlets import load_outlets, outlet_key
from .grammar import Grammar, PhraseFamily
from .outlets import classify_outlet, guess_kind
from .phrase import SourcePhrase

if TYPE_CHECKING:
    from .sentence import Sentence


@cache
def _non_space() -> re.Pattern[str]:
    return re.compile(r"\S+")


def _trim_leading(text: str, start: int, end: int, stop: frozenset[str], *, keep_the: bool) -> int:
    """Skip leading words of ``text[start:end]`` that never start a name
    (a capital "The" stays when ``keep_the``: "The WP Times")."""
    for m in _non_space().finditer(text, start, end):
        word = m.group()
        folded = word.casefold().strip(",")
        if keep_the and word == "The":
            return m.start()
        if folded not in stop and folded != "the":
            return m.start()
    return end


def first_lower(sen: Sentence, start: int, name: str) -> str:
    """Lower-case the first letter a sentence start capitalised ("Sources said")."""
    at_start = not sen.text[sen.span.start : start].strip(" \t\"“‘'«(")
    first = name.split(" ", 1)[0]
    if at_start and first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        return name[:1].lower() + name[1:]
    return name


def _accept_follow(sen: Sentence, end: int) -> bool:
    """False when the word after an outlet name shows it is part of something
    else ("the Guardian angel", "AP Biology")."""
    text = sen.text
    nxt = text[end : end + 1]
    if not nxt or nxt in "'’":
        return True
    if not nxt.isspace():
        return nxt in ',.;:!?)—–-"”'
    i = bisect_left(sen.starts, end)
    if i >= len(sen.starts) or text[end : sen.starts[i]].strip():
        return True
    word = sen.words[i]
    if word[:1].isupper():
        return word in sen.g.names.follow_capitalised
    last = bisect_left(sen.starts, end) - 1
    if last < 0 or sen.folds[last] not in sen.g.names.modifier_like:
        return True
    return word[:1].isdigit() or sen.folds[i] in sen.g.names.follow_ok


def _descriptor(sen: Sentence, m: re.Match[str]) -> tuple[str | None, str | None]:
    """(role, kind) from a descriptor before or after an outlet's name."""
    g = sen.g
    role = kind = None
    if m.group("desc"):
        start = _trim_leading(
            sen.text, m.start("desc"), m.end("desc"), g.names.not_name, keep_the=False
        )
        role = " ".join(sen.text[start : m.end("desc")].split()) or None
        kind = g.names.desc_kind.get(_last_desc(m.group("desc"), g))
    after = m.groupdict().get("after")
    if after:
        role = role or after
        kind = kind or g.names.desc_kind.get(" ".join(after.split()).casefold())
    return role, kind


def _last_desc(phrase: str, g: Grammar) -> str:
    folded = " ".join(phrase.split()).casefold()
    return max((d for d in g.names.desc_kind if folded.endswith(d)), key=len, default=folded)


def build_alias(sen: Sentence, family: PhraseFamily, m: re.Match[str]) -> SourcePhrase | None:
    """An outlet of the lexicon, by name or alias, with its descriptor ("the
    state news agency TASS")."""
    entry = load_outlets().find(m.group("name"))
    start, end = m.span("name")
    if entry is None or sen.ctx.in_name(start, end):
        return None
    if not m.group("after") and not _accept_follow(sen, end):
        return None
    role, _ = _descriptor(sen, m)
    lead = m.start() if m.group("desc") else _with_the(sen, m.start())
    return SourcePhrase(
        "outlet",
        entry.name,
        start,
        end,
        lead,
        m.end(),
        role,
        classify_outlet(entry.name),
        # "the AP" is no ambiguous "AP".
        strict=m.group("name") in entry.strict and lead == start,
    )


def _with_the(sen: Sentence, pos: int) -> int:
    """``pos`` moved back over a "the" right before it."""
    i = bisect_left(sen.starts, pos) - 1
    if i >= 0 and sen.folds[i] == "the" and not sen.text[sen.ends[i] : pos].strip():
        return sen.starts[i]
    return pos


def _build_generic(sen: Sentence, family: PhraseFamily, m: re.Match[str]) -> SourcePhrase | None:
    g, text = sen.g, sen.text
    start, end = m.span("name")
    if family.build == "generic":
        start = _trim_leading(text, start, end, g.names.not_name, keep_the=True)
        words = text[start:end].split()
        modifiers = [w for w in words[: -len(m.group("head").split())] if w != "The"]
        if not modifiers:
            return None
    elif family.build == "desc_name" and outlet_key(m.group("name")) in g.names.org_words:
        return None
    name = " ".join(text[start:end].split())
    if start >= end or load_outlets().find(name) is not None or sen.ctx.in_name(start, end):
        return None
    after = m.groupdict().get("after")
    if not after and not _accept_follow(sen, end):
        return None
    role, desc_kind = _descriptor(sen, m) if family.build != "domain" else (None, None)
    kind = desc_kind or guess_kind(name) or ("online" if family.build == "domain" else "unknown")
    outlet = classify_outlet(name) or Outlet(name=name, kind=kind)
    lead = m.start() if m.groupdict().get("desc") else _with_the(sen, start)
    return SourcePhrase("outlet", name, start, end, lead, m.end(), role, outlet)


def _build_org(sen: Sentence, family: PhraseFamily, m: re.Match[str]) -> SourcePhrase | None:
    g, text = sen.g, sen.text
    if family.build == "org_head" and not (
        m.group("the") or m.group("mods").strip() or m.group("tail")
    ):
        return None
    keep = family.build == "org_common"
    start = (
        m.start()
        if keep
        else _trim_leading(text, m.start(), m.end(), g.names.not_name, keep_the=False)
    )
    end = m.end()
    if start >= end or sen.ctx.in_name(start, end):
        return None
    name = " ".join(text[start:end].split())
    name = first_lower(sen, start, name) if keep else name
    # The phrase starts where the name does: words trimmed from its front ("On
    # Wednesday") are no part of it.
    return SourcePhrase("organisation", name, start, end, _with_the(sen, start), end)


def _build_vague(sen: Sentence, family: PhraseFamily, m: re.Match[str]) -> SourcePhrase | None:
    g = sen.g
    head = " ".join(m.group("head").split()).casefold()
    if not m.group("mods").strip() and not m.group("tail") and head in g.names.bare_verb_heads:
        # A bare "reports" is a noun only after a preposition or at a sentence
        # start ("according to reports"), not in "Reuters reports that".
        i = bisect_left(sen.starts, m.start()) - 1
        if i >= 0 and sen.folds[i] not in g.names.not_name:
            return None
    # "according to Reuters reports" credits Reuters, which is no vague source.
    capitals = [w for w in m.group("mods").split() if w[:1].isupper()]
    lex = load_outlets()
    if any(
        lex.find(" ".join(capitals[a:b])) is not None
        for a in range(len(capitals))
        for b in range(a + 1, min(len(capitals), a + 4) + 1)
    ):
        return None
    name = first_lower(sen, m.start(), " ".join(m.group().split()))
    kind: SourceKind = "organisation" if _named_group(sen, m, head) else "vague"
    return SourcePhrase(kind, name, m.start(), m.end(), m.start(), m.end())


def _named_group(sen: Sentence, m: re.Match[str], head: str) -> bool:
    """ "five European governments", "the leaders of Britain and France": a
    group of institutions (or their leaders) that a capitalised word names,
    not a sentence's first word, is an organisation, not a vague source."""
    if head not in sen.g.names.named_group_heads:
        return False
    opening = not sen.text[sen.span.start : m.start()].strip(" \t\"“‘'«(")
    words = (m.group("mods") + " " + (m.group("tail") or "")).split()
    return any(w[:1].isupper() for w in words[1 if opening else 0 :])


def build_document(sen: Sentence, family: PhraseFamily, m: re.Match[str]) -> SourcePhrase | None:
    """A document ("a CNN/ORC poll", "a leaked memo"), marked when a modifier
    makes it a source without a cue, a vague twin when one makes it unverifiable."""
    g = sen.g
    head = m.group("head")
    if head[:1].isupper() and m.group("mods")[:1].isupper() and "/" not in m.group("mods"):
        # "Edison Research", "Pew Research": a name, not a document; but "an ABC
        # News/Washington Post Poll" is a joint poll.
        return None
    mods = [w.casefold() for w in m.group("mods").split()]
    start = m.start("mods") if mods else m.start("head")
    name = first_lower(sen, start, " ".join(sen.text[start : m.end()].split()))
    return SourcePhrase(
        "document",
        name,
        start,
        m.end(),
        m.start(),
        m.end(),
        marked=any(w in g.names.doc_marked for w in mods),
        vague_doc=any(w in g.names.vague_doc for w in mods),
    )


def build_name(sen: Sentence, family: PhraseFamily, m: re.Match[str]) -> SourcePhrase | None:
    """A capitalised name no list knows: a person when an honorific opens it or
    a person of the article has its last word as surname, else an organisation."""
    g, ctx, text = sen.g, sen.ctx, sen.text
    end = m.end("name")
    start = _trim_leading(text, m.start("name"), end, g.names.name_stop, keep_the=False)
    words = text[start:end].split()
    if not words or any(w.casefold().rstrip(".") in g.names.name_stop for w in words):
        return None
    if ctx.in_name(start, end) or (len(words) == 1 and len(words[0]) < 2):
        return None
    at_start = not text[sen.span.start : start].strip(" \t\"“‘'«(—–-")
    if len(words) == 1 and at_start and words[0] not in ctx.mid_caps():
        return None  # "Voters said": a capital that only opens the sentence
    nxt = sen.index_at(m.end())
    if nxt is not None:
        word = sen.words[nxt]
        if word[:1].isupper() and sen.folds[nxt] not in g.names.name_stop:
            return None  # part of a longer name
        if (
            word.islower()
            and sen.folds[nxt] not in g.names.name_follow
            and not g.clause.is_glue(sen.folds[nxt])
        ):
            return None  # "Former prosecutor": a modifier, not a name
    name = " ".join(words)
    honorific = m.group("hon") and start == m.start("name")
    known = ctx.surnames.get(words[-1])
    if honorific or known:
        return SourcePhrase(
            "person", known or name, start, end, m.start() if honorific else start, end
        )
    return SourcePhrase("organisation", name, start, end, _with_the(sen, start), end, guessed=True)


PHRASE_BUILDERS = {
    "alias": build_alias,
    "generic": _build_generic,
    "domain": _build_generic,
    "desc_name": _build_generic,
    "org": _build_org,
    "org_head": _build_org,
    "org_common": _build_org,
    "vague": _build_vague,
    "document": build_document,
}
