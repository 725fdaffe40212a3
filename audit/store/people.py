"""The people side of the store: the per-name counts (person_usage) and
blocking keys (person_keys) kept as articles come and go, and the reads that
checking a draft's people makes through them, so a famous name costs a few
rows, not every record of it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .. import match
from ..models import Mention, Person
from .backends import Database

# The article of the mention standing for a stored name in Store.people_counted.
STORED = "<store>"


def count_person_usage(people: Iterable[Person]) -> Counter[tuple[str, str, str]]:
    """An article's person_usage rows (name, kind, value) with their counts;
    the same counts the v3 migration computes in SQL."""
    out: Counter[tuple[str, str, str]] = Counter()
    for p in people:
        out[(p.name, "record", "")] += 1
        out.update((p.name, "variant", v) for v in p.variants)
        out.update((p.name, "title", t) for t in p.titles)
        out.update((p.name, "spelling", f) for f in {m.full_name or m.text for m in p.mentions})
        out.update((p.name, "mention_title", m.title) for m in p.mentions if m.title)
    return out


def person_key_rows(names: Iterable[str]) -> list[tuple[str, str]]:
    """The person_keys rows (blocking key, name) of ``names``, sorted."""
    return sorted((key, name) for name in names for key in match.name_keys(name))


def people_spellings(db: Database) -> dict[str, int]:
    """See :meth:`audit.store.Store.people_spellings`."""
    return {
        name: n
        for name, n in db.execute(
            "SELECT name, count(DISTINCT article) FROM people GROUP BY name ORDER BY name"
        )
    }


def people_named(db: Database, names: Iterable[str]) -> list[Person]:
    """See :meth:`audit.store.Store.people_named`."""
    found = _related_names(db, names)
    return _people_records(db, sorted(found)) if found else []


def _related_names(db: Database, names: Iterable[str], *, rounds: int = 2) -> set[str]:
    """Stored person names sharing a blocking key with ``names``, and
    (with two ``rounds``) with those names (see :func:`people_named`)."""
    keys = {k for n in names for k in match.name_keys(n)}
    seen_keys = set(keys)
    found: set[str] = set()
    for _ in range(rounds):
        if not keys:
            break
        new = {
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT name FROM person_keys WHERE {db.any_of('key')}",
                (db.list_param(sorted(keys)),),
            )
        } - found
        found |= new
        keys = {k for n in new for k in match.name_keys(n)} - seen_keys
        seen_keys |= keys
    return found


def people_counted(db: Database, names: Iterable[str]) -> list[tuple[Person, int]]:
    """See :meth:`audit.store.Store.people_counted`."""
    wanted = list(names)
    found = sorted(
        n for n in _related_names(db, wanted, rounds=1)
        if any(match.surnames_related(n, w) for w in wanted)
    )
    if not found:
        return []
    rows: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for name, kind, value, n in db.execute(
        "SELECT name, kind, value, n FROM person_usage WHERE "
        f"{db.any_of('name')} AND kind <> 'spelling' ORDER BY name, kind, value",
        (db.list_param(found),),
    ):
        rows.setdefault(name, {}).setdefault(kind, []).append((-int(n), value))
    out: list[tuple[Person, int]] = []
    for name, kinds in rows.items():
        records = -kinds.get("record", [(-1, "")])[0][0]
        titles = [v for _, v in sorted(kinds.get("title", []) + kinds.get("mention_title", []))]
        person = Person(
            name=name,
            mentions=(Mention(STORED, 0, 0, name, name),),
            variants=tuple(v for _, v in sorted(kinds.get("variant", []))),
            titles=tuple(dict.fromkeys(titles)),
        )
        out.append((person, records))
    return out


def person_usage(db: Database, names: Iterable[str]) -> tuple[list[tuple[str, int]], Counter[str]]:
    """See :meth:`audit.store.Store.person_usage`."""
    spellings: list[tuple[str, int]] = []
    titles: Counter[str] = Counter()
    for kind, value, n in db.execute(
        "SELECT kind, value, sum(n) FROM person_usage WHERE "
        f"{db.any_of('name')} AND kind IN ('spelling', 'mention_title') "
        "GROUP BY kind, value ORDER BY kind, value",
        (db.list_param(sorted(set(names))),),
    ):
        if kind == "spelling":
            spellings.append((value, int(n)))
        else:
            titles[value] = int(n)
    return spellings, titles


def _people_records(db: Database, names: Sequence[str]) -> list[Person]:
    """Every stored per-article person record with one of these names."""
    where = f"WHERE {db.any_of('p.name')}"
    param = (db.list_param(list(names)),)
    variants: dict[tuple[int, int], list[str]] = {}
    titles: dict[tuple[int, int], list[str]] = {}
    for article, person, kind, value in db.execute(
        "SELECT n.article, n.person, n.kind, n.value FROM people p JOIN person_names n "
        f"ON n.article = p.article AND n.person = p.ord {where} "
        "ORDER BY n.article, n.person, n.kind, n.ord",
        param,
    ):
        (variants if kind == "variant" else titles).setdefault((article, person), []).append(
            value
        )
    mentions: dict[tuple[int, int], list[Mention]] = {}
    for r in db.execute(
        "SELECT m.article, m.person, a.path, m.start, m.\"end\", m.text, m.full_name, "
        "m.title, m.title_start, m.title_end FROM people p JOIN mentions m "
        "ON m.article = p.article AND m.person = p.ord JOIN articles a ON a.id = p.article "
        f"{where} ORDER BY m.article, m.person, m.ord",
        param,
    ):
        mentions.setdefault((r[0], r[1]), []).append(Mention(*r[2:]))
    return [
        Person(
            name=name,
            mentions=tuple(mentions.get((article, person), ())),
            variants=tuple(variants.get((article, person), ())),
            titles=tuple(titles.get((article, person), ())),
        )
        for article, person, name in db.execute(
            f"SELECT p.article, p.ord, p.name FROM people p {where} ORDER BY p.article, p.ord",
            param,
        )
    ]
