"""How the parsed records are laid out in rows: the quote columns read back
as :class:`Quote`, span lists as JSON, the per-article side tables, and an
article rebuilt whole from its rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..models import (
    Article,
    Mention,
    Outlet,
    ParsedArticle,
    Person,
    Quote,
    ReportedSpeech,
    Source,
    Span,
)
from .backends import Database

# Quote columns, with the article path, in Quote field order after the row id.
QUOTE_COLUMNS = (
    "q.id, q.qid, a.path, q.start, q.\"end\", q.text, q.speaker, q.speaker_start, "
    "q.speaker_end, q.cue, q.fragment, q.via"
)

# Per-article records that nothing reads while an add runs: kept in memory and
# written in bulk when a batch commits (COPY on PostgreSQL), in this order
# (people before the names and mentions that refer to them).
SIDE_TABLES: dict[str, tuple[str, ...]] = {
    "sources": ("article", "ord", "name", "kind", "start", "end", "cue", "cue_start",
                "cue_end", "via", "role", "outlet", "how"),
    "people": ("article", "ord", "name"),
    "person_names": ("article", "person", "kind", "ord", "value"),
    "mentions": ("article", "person", "ord", "start", "end", "text", "full_name", "title",
                 "title_start", "title_end"),
    "reported": ("article", "ord", "start", "end", "text", "speaker", "cue"),
}

# Row ids per "IN (...)" list: well under SQLite's 32766 parameters.
IN_CHUNK = 5000


def marks(n: int) -> str:
    """``n`` SQL parameter marks for an ``IN (...)`` list."""
    return ",".join("?" * n)


def spans_json(spans: Sequence[Span]) -> str:
    """Spans as the JSON column ``[[start, end, label], ...]``."""
    return json.dumps([[s.start, s.end, s.label] for s in spans], separators=(",", ":"))


def spans_from_json(raw: str) -> tuple[Span, ...]:
    """The spans of a JSON column written by :func:`spans_json`."""
    return tuple(Span(int(s), int(e), str(label)) for s, e, label in json.loads(raw))


def quote_from_row(row: Sequence[Any]) -> Quote:
    """The quote of a row of :data:`QUOTE_COLUMNS`."""
    return Quote(
        id=row[1], article=row[2], start=row[3], end=row[4], text=row[5], speaker=row[6],
        speaker_start=row[7], speaker_end=row[8], cue=row[9], fragment=bool(row[10]),
        via=row[11],
    )


def side_rows(aid: int, item: ParsedArticle) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of article ``aid``'s records in each of :data:`SIDE_TABLES`."""
    return {
        "sources": [
            (aid, i, s.name, s.kind, s.start, s.end, s.cue, s.cue_start, s.cue_end, s.via,
             s.role, json.dumps(s.outlet.as_dict()) if s.outlet else None, s.how)
            for i, s in enumerate(item.sources)
        ],
        "people": [(aid, i, p.name) for i, p in enumerate(item.people)],
        "person_names": [
            (aid, i, kind, j, value)
            for i, p in enumerate(item.people)
            for kind, values in (("variant", p.variants), ("title", p.titles))
            for j, value in enumerate(values)
        ],
        "mentions": [
            (aid, i, j, m.start, m.end, m.text, m.full_name, m.title, m.title_start,
             m.title_end)
            for i, p in enumerate(item.people)
            for j, m in enumerate(p.mentions)
        ],
        "reported": [
            (aid, i, r.start, r.end, r.text, r.speaker, r.cue)
            for i, r in enumerate(item.reported)
        ],
    }


def rebuild_article(db: Database, row: Sequence[Any]) -> ParsedArticle:
    """The stored article of ``row`` (``SELECT * FROM articles``) with its records."""
    aid, path = row[0], row[1]
    article = Article(
        path=path, text=row[10], title=row[3], paragraphs=spans_from_json(row[8]),
        boilerplate=spans_from_json(row[9]), publisher=row[4], author=row[5], date=row[6],
        url=row[7], content_hash=row[2],
    )
    quotes = tuple(
        quote_from_row(r)
        for r in db.execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article "
            "WHERE q.article = ? ORDER BY q.start, q.\"end\", q.qid",
            (aid,),
        )
    )
    sources = tuple(
        Source(
            article=path, name=r[0], kind=r[1], start=r[2], end=r[3], cue=r[4],
            cue_start=r[5], cue_end=r[6], via=r[7], role=r[8],
            outlet=Outlet(**json.loads(r[9])) if r[9] else None, how=r[10],
        )
        for r in db.execute(
            "SELECT name, kind, start, \"end\", cue, cue_start, cue_end, via, role, outlet, how "
            "FROM sources WHERE article = ? ORDER BY ord",
            (aid,),
        )
    )
    names: dict[tuple[int, str], list[str]] = {}
    for person, kind, value in db.execute(
        "SELECT person, kind, value FROM person_names WHERE article = ? "
        "ORDER BY person, kind, ord",
        (aid,),
    ):
        names.setdefault((person, kind), []).append(value)
    mentions: dict[int, list[Mention]] = {}
    for r in db.execute(
        "SELECT person, start, \"end\", text, full_name, title, title_start, title_end "
        "FROM mentions WHERE article = ? ORDER BY person, ord",
        (aid,),
    ):
        mentions.setdefault(r[0], []).append(Mention(path, *r[1:]))
    people = tuple(
        Person(
            name=name,
            mentions=tuple(mentions.get(i, ())),
            variants=tuple(names.get((i, "variant"), ())),
            titles=tuple(names.get((i, "title"), ())),
        )
        for i, name in db.execute(
            "SELECT ord, name FROM people WHERE article = ? ORDER BY ord", (aid,)
        )
    )
    reported = tuple(
        ReportedSpeech(path, *r)
        for r in db.execute(
            "SELECT start, \"end\", text, speaker, cue FROM reported WHERE article = ? "
            "ORDER BY ord",
            (aid,),
        )
    )
    return ParsedArticle(article, quotes, sources, people, reported)
