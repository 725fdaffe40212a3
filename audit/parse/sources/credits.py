"""Credits: the agency or paper an article's copy comes from ("MOSCOW, Jan 12
(Reuters) -", "/TASS/", "Source: Bernama", "— AFP" at the foot), found as
sources with ``credit`` set; and the channel of a signed quotation ("...”
Emma Hayes (BT Sport)"). The forms are in ``sources.toml [credits]``.

A dateline's place is never a source: only the credit in it is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ...models import Outlet
from ...rules.sources import source_rules
from .outlets import classify_outlet, outlet_head
from .phrase import SourcePhrase
from .sentence import Sentence

# A word of a credited name: capitalised, maybe with inner dots, hyphens or an
# ampersand ("AFP", "Agence France-Presse", "S&P").
_WORD = r"[A-Z][\w&'’.-]*"
_CAPS = r"[A-Z][A-Z'’.&-]*[A-Z.]"  # a word in capitals ("MOSCOW", "U.S.")
_DASH = r"(?:--|[-—–])"
_FRAME = r"(?:--|[-—–|])"  # around a framed credit: "Tehran - BORNA -", "TEHRAN | Xinhua |"
QUOTE_CLOSERS = "\"”’'"


@dataclass(frozen=True)
class CreditPatterns:
    """The compiled forms of ``[credits]``."""

    dateline: re.Pattern[str]  # at a paragraph's start
    masthead: re.Pattern[str]  # an outlet and a date opening a paragraph
    line: re.Pattern[str]  # a whole sentence that is a credit ("— AFP", "Source: X")
    tail: re.Pattern[str]  # "... to the contrary. — Bernama" ending a paragraph
    signature: re.Pattern[str]  # "Name (Channel)" ending a paragraph


@cache
def credit_patterns() -> CreditPatterns:
    """The credit forms compiled from ``sources.toml [credits]`` (cached)."""
    r = source_rules().credits
    months = "|".join(sorted(r.months, key=len, reverse=True))
    date = rf"(?:{months})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
    name = rf"{_WORD}(?:[ \t]+{_WORD}){{0,{r.name_words - 1}}}"
    caps_place = rf"{_CAPS}(?:[ \t]+{_CAPS}){{0,{r.place_words - 1}}}(?:,[ \t]+[A-Z][a-z]+\.)?"
    place = rf"{_WORD}(?:[ \t]+{_WORD}){{0,{r.place_words - 1}}}"
    dated = rf"(?:,[ \t]*{date})?\.?[ \t]*"
    labels = "|".join(re.escape(w) for w in r.labels)
    return CreditPatterns(
        dateline=re.compile(
            # "MOSCOW, Jan 12 (Reuters) -", "MOSCOW, March 5. /TASS/", "Tehran (AP) -",
            # "Tehran - BORNA -", "TEHRAN | Xinhua |".
            rf"(?:{caps_place}{dated}(?:\((?P<paren>{name})\)|/(?P<slash>{name})/)"
            rf"|{place}{dated}\((?P<dashed>{name})\)[ \t]*{_DASH}"
            rf"|{place}{dated}[ \t]+{_FRAME}[ \t]+(?P<framed>{name})[ \t]+{_FRAME}\s)"
        ),
        masthead=re.compile(rf"(?P<name>{name}),[ \t]+{date}\b"),
        line=re.compile(
            rf"\s*(?:(?P<label>{labels})[ \t]*:[ \t]*|{_DASH}[ \t]*)?(?P<name>{name})\.?\s*"
        ),
        tail=re.compile(rf"\s(?:--|[—–])[ \t]*(?P<name>{name})\.?\s*$"),
        signature=re.compile(rf"(?P<who>{name})[ \t]*\((?P<via>{name})\)\s*$"),
    )


def credit_lines(sen: Sentence) -> None:
    """Datelines, mastheads and foot credits of one sentence, as credited outlets."""
    p, text = credit_patterns(), sen.text
    lo, hi = sen.span.start, sen.span.end
    while lo < hi and text[lo].isspace():
        lo += 1
    opens = lo == 0 or text[lo - 1] == "\n"
    eol, end_line = text.find("\n", lo), text.find("\n", hi)
    ends = not text[hi : len(text) if end_line < 0 else end_line].strip()
    # A dateline may run past the sentence ("MOSCOW, March 5. /TASS/."), not past its line.
    head = min(len(text) if eol < 0 else eol, lo + source_rules().credits.head_chars)
    if opens and (m := p.dateline.match(text, lo, head)):
        group = next(g for g in ("paren", "slash", "dashed", "framed") if m.group(g))
        start, end = m.span(group)
        # After a place not in capitals ("Tehran - Foreign Minister X -", "Sen. Ted Cruz
        # (R-Texas) —") only an outlet the lists know, or one in capitals between dashes.
        known = group == "dashed" or (group == "framed" and not m.group(group).isupper())
        _add_credits(sen, start, end, known=known)
        return
    if opens and (m := p.masthead.match(text, lo, hi)):
        _add_credits(sen, *m.span("name"), known=True)
        return
    if m := p.line.fullmatch(text, lo, hi):
        _add_credits(sen, *m.span("name"), known=not m.group("label"), label=bool(m.group("label")))
    elif ends and (m := p.tail.search(text, lo, hi)):
        _add_credits(sen, *m.span("name"), known=True)


def signed_channel(sen: Sentence) -> None:
    """ "“...” Emma Hayes (BT Sport)" ending a paragraph: the signer said the
    quotation, through the channel in brackets."""
    text = sen.text
    lo, hi = sen.span.start, sen.span.end
    if text[hi : hi + 1] not in ("", "\n") or ")" not in text[hi - 2 : hi]:
        return
    m = credit_patterns().signature.search(text, lo, hi)
    if m is None:
        return
    back = text[: m.start()].rstrip()
    if not back or back[-1] not in QUOTE_CLOSERS:
        return  # not a quotation's signature
    cue = (m.end("who"), m.end())
    channel = _credited(sen, *m.span("via"), known=False, label=True)
    if channel is None or sen.ctx.quoted(m.start()) or not sen.free(*cue):
        return
    sen.claimed.append(cue)
    sen.add(channel, cue, channel=True, chained=False)
    if not sen.has_hit_at(m.start("who")):
        who = sen.starting_at(m.start("who"))
        if who is None or who.kind != "person" or who.tail != m.end("who"):
            start, end = m.span("who")
            who = SourcePhrase("person", " ".join(text[start:end].split()), start, end, start, end)
        sen.add(who, cue, via=channel.name, chained=False)


def _add_credits(sen: Sentence, start: int, end: int, *, known: bool, label: bool = False) -> None:
    """The credit ``[start, end)``; agencies joined by a hyphen in capitals
    ("NNN-SABA") are credited each."""
    text = sen.text
    if sen.ctx.quoted(start):
        return
    name = text[start:end]
    parts = [(start, end)]
    if "-" in name and name.replace("-", "").isupper():
        parts, at = [], start
        for piece in name.split("-"):
            parts.append((at, at + len(piece)))
            at += len(piece) + 1
    for a, b in parts:
        cand = _credited(sen, a, b, known=known, label=label)
        if cand is not None:
            sen.add(cand, None, credit=True, chained=False)


def _credited(
    sen: Sentence, start: int, end: int, *, known: bool, label: bool = False
) -> SourcePhrase | None:
    """The outlet named ``[start, end)``, classified through the outlet lexicon
    and the State Media Matrix ("BERNAMA News Agency" as Bernama); with
    ``known``, None for a name neither knows nor an outlet head marks. An
    unknown name after a label ("Source: Health Ministry") is an organisation."""
    name = " ".join(sen.text[start:end].split())
    outlet = classify_outlet(name)
    head = outlet_head(name)
    if outlet is None and head is not None:
        # "BERNAMA News Agency": the name before the head may be one the matrix knows.
        bare = " ".join(name.split()[: -head[1]])
        found = classify_outlet(bare) if bare else None
        outlet = Outlet(
            name=name,
            kind=head[0],
            country=found.country if found else None,
            typology=found.typology if found else None,
            typology_label=found.typology_label if found else None,
            classification_source=found.classification_source if found else None,
        )
    if outlet is None:
        if known:
            return None
        if label and not name.isupper():
            return SourcePhrase("organisation", name, start, end, start, end)
        outlet = Outlet(name=name, kind="unknown")
    return SourcePhrase("outlet", outlet.name, start, end, start, end, None, outlet)



def outlet_reporters(sen: Sentence) -> None:
    """ "in response to IRNA's reporter", "told Tasnim's correspondent": the
    outlet whose journalist heard the statement is its channel."""
    reporters = source_rules().credits.reporters
    text = sen.text
    for i in range(1, len(sen.folds) - 1):
        a = sen.starts[i]
        if (
            sen.folds[i] != "s"
            or text[a - 1 : a] not in ("'", "’")
            or sen.folds[i + 1] not in reporters
            or text[sen.ends[i] : sen.starts[i + 1]].strip()
        ):
            continue
        cue = (sen.starts[i + 1], sen.ends[i + 1])
        outlets = [c for c in sen.ending_at(a - 1) if c.kind == "outlet"]
        if outlets and sen.free(*cue):
            sen.claimed.append(cue)
            sen.add(min(outlets, key=lambda c: (c.lead, c.name)), cue, channel=True)
