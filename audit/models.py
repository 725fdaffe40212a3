"""The frozen records that flow between pipeline stages.

Every record carries character offsets into ``Article.text`` so any claim can be
checked by slicing the text; ``as_dict()`` gives the JSON shape used by the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

SourceKind = Literal["outlet", "person", "organisation", "document", "vague"]
SourceHow = Literal["said", "via", "credit"]
Severity = Literal["info", "warning", "error"]
Confidence = Literal["high", "medium", "low"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


def flat_dict(record: Any) -> dict[str, Any]:
    """The fields of a dataclass record whose values are plain (strings,
    numbers, None), by name. ``dataclasses.asdict`` deep-copies every value:
    it took most of a ``sources --format json`` listing of thousands."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


@dataclass(frozen=True)
class Span:
    """A labelled range ``[start, end)`` of an article's text."""

    start: int
    end: int
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        return flat_dict(self)


@dataclass(frozen=True)
class Article:
    """One input document after ingest.

    ``text`` is the text we keep (for HTML, the extracted body); every offset in
    the pipeline points into it. ``paragraphs`` are the content blocks that the
    parsers read; ``boilerplate`` lists the blocks set aside (navigation lines,
    "Read more", photo credits...) with the rule that set them aside.
    """

    path: str
    text: str
    title: str | None = None
    paragraphs: tuple[Span, ...] = ()
    boilerplate: tuple[Span, ...] = ()
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    content_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "content_hash": self.content_hash,
            "paragraphs": [p.as_dict() for p in self.paragraphs],
            "boilerplate": [b.as_dict() for b in self.boilerplate],
        }


@dataclass(frozen=True)
class Mention:
    """One occurrence of a person's name in an article, with the title or role
    written next to it (``"Kremlin spokesman"``), if any."""

    article: str
    start: int
    end: int
    text: str
    full_name: str
    title: str | None = None
    title_start: int | None = None
    title_end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return flat_dict(self)


@dataclass(frozen=True)
class Person:
    """A person: within one article (``mentions`` from that article), or after
    cross-article matching, the union of the mentions of every spelling."""

    name: str
    mentions: tuple[Mention, ...] = ()
    variants: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "variants": list(self.variants),
            "titles": list(self.titles),
            "mentions": [m.as_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class Outlet:
    """A news outlet or agency from the outlets lexicon, with its state-media
    classification when the State Media Matrix lists it."""

    name: str
    kind: str
    country: str | None = None
    typology: str | None = None
    typology_label: str | None = None
    classification_source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return flat_dict(self)


@dataclass(frozen=True)
class Source:
    """An attributed source in an article: who or what a claim is credited to.

    ``via`` names the source it was passed through ("TASS" via "The WP Times"
    is the TASS source with ``via="The WP Times"``). ``role`` is the title or
    descriptor the article gives it ("spokesman", "state news agency"); ``how``
    says how the article credits it: "said" (the source of a claim), "via" (a
    channel a claim passed through: "told Reuters", "TASS reported") or
    "credit" (the agency or paper the copy comes from: "MOSCOW (Reuters) -")."""

    article: str
    name: str
    kind: SourceKind
    start: int
    end: int
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    via: str | None = None
    role: str | None = None
    outlet: Outlet | None = None
    how: SourceHow | None = None

    def as_dict(self) -> dict[str, Any]:
        d = flat_dict(self)
        d["outlet"] = self.outlet.as_dict() if self.outlet else None
        return d


@dataclass(frozen=True)
class Quote:
    """A direct quote: ``text`` equals ``article_text[start:end]`` (without its
    quote marks). ``speaker`` is the fullest name the article gives, or None."""

    id: str
    article: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    fragment: bool = False
    via: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return flat_dict(self)


@dataclass(frozen=True)
class ReportedSpeech:
    """A sentence reporting what someone said without quoting it
    ("Grushko stressed that ...")."""

    article: str
    start: int
    end: int
    text: str
    speaker: str | None
    cue: str

    def as_dict(self) -> dict[str, Any]:
        return flat_dict(self)


@dataclass(frozen=True)
class WordDiff:
    """One step of a word-level alignment of two wordings: ``op`` is equal,
    replace, delete (only in the first) or insert (only in the second)."""

    op: Literal["equal", "replace", "delete", "insert"]
    a: str
    b: str

    def as_dict(self) -> dict[str, Any]:
        return flat_dict(self)


@dataclass(frozen=True)
class QuoteMember:
    """A quote's place in a group: how it relates to the group's reference
    wording and the word diff from it."""

    quote: Quote
    relation: Literal["reference", "identical", "variant", "excerpt", "extended"]
    score: float
    diff: tuple[WordDiff, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote.id,
            "relation": self.relation,
            "score": self.score,
            "diff": [d.as_dict() for d in self.diff],
        }


@dataclass(frozen=True)
class ReportedLink:
    """Reported speech linked to a quote group: a weaker match than a quote."""

    speech: ReportedSpeech
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"speech": self.speech.as_dict(), "score": self.score}


@dataclass(frozen=True)
class QuoteGroup:
    """Quotes of one statement across articles (a cluster)."""

    id: str
    members: tuple[QuoteMember, ...]
    reported: tuple[ReportedLink, ...] = ()

    @property
    def reference(self) -> Quote:
        return self.members[0].quote

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quotes": [m.quote.id for m in self.members],
            "members": [m.as_dict() for m in self.members],
            "reported": [r.as_dict() for r in self.reported],
        }


@dataclass(frozen=True)
class Evidence:
    """Where a finding can be checked: an article and a range of its text."""

    article: str
    start: int
    end: int
    excerpt: str

    def as_dict(self) -> dict[str, Any]:
        return flat_dict(self)


@dataclass(frozen=True)
class Finding:
    """Something a fact-checker should look at, with the rule that raised it."""

    kind: str
    severity: Severity
    message: str
    rule: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    # What the finding is about (a person's name, an outlet, a quote group's
    # id): repeated findings of one subject are one problem to a reader.
    subject: str = ""
    # How sure the finder is, and the cues and spans it rests on, in words.
    confidence: Confidence | None = None
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "rule": self.rule,
            "subject": self.subject,
            "confidence": self.confidence,
            "reasons": list(self.reasons),
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class ParsedArticle:
    """An article with everything the parse stage found in it."""

    article: Article
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    people: tuple[Person, ...]
    reported: tuple[ReportedSpeech, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.as_dict(),
            "quotes": [q.as_dict() for q in self.quotes],
            "sources": [s.as_dict() for s in self.sources],
            "people": [p.as_dict() for p in self.people],
            "reported": [r.as_dict() for r in self.reported],
        }


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, and why."""

    path: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return flat_dict(self)


@dataclass(frozen=True)
class LookupMatch:
    """A stored quote that matches a look-up query, scored 0 to 100."""

    quote: Quote
    score: float
    relation: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "article": self.quote.article,
            "text": self.quote.text,
            "speaker": self.quote.speaker,
            "score": self.score,
            "relation": self.relation,
            "start": self.quote.start,
            "end": self.quote.end,
            "quote": self.quote.id,
        }
