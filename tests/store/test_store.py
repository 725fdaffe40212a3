"""Tests for audit.store: persistence and round trip, idempotent and replacing
adds, interrupted adds, schema versions, look-up against brute force,
incremental grouping against match.group_quotes, and concurrent writers and
readers. Every store test runs on both backends (SQLite and PostgreSQL; the
PostgreSQL runs are skipped when no server can be started, see conftest.py)."""

from __future__ import annotations

import dataclasses
import multiprocessing
import random
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from conftest import BACKENDS
from corpora import generated_quotes, make_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import SEEDS
from pg import PgServer

from audit import ingest, match, store
from audit.errors import StoreError
from audit.models import (
    Article,
    LookupMatch,
    Mention,
    Outlet,
    ParsedArticle,
    Person,
    Quote,
    ReportedSpeech,
    Source,
    Span,
)
from audit.pipeline import parse_article
from audit.rules import load_data
from audit.store import Store, default_db_path, index_settings, is_url, schema, session
from audit.store.grouping import GroupChooser
from audit.store.postings import RecentPostings
from audit.store.session import AddSession
from audit.text import normalize

# ---------------------------------------------------------------- fixtures


def rich_article() -> ParsedArticle:
    """An article using every record field the store keeps."""
    text = (
        "Kremlin spokesman Dmitry Peskov said: “We have heard it.” According to TASS, "
        "Peskov stressed that talks would go on. Read more"
    )
    path = "rich.txt"
    q_start = text.index("We have")
    quote = Quote("rich#1", path, q_start, q_start + len("We have heard it."),
                  "We have heard it.", "Dmitry Peskov", 18, 31, "said", fragment=True,
                  via="TASS")
    mention = Mention(path, 18, 31, "Dmitry Peskov", "Dmitry Peskov", "Kremlin spokesman",
                      0, 17)
    later = text.index("Peskov stressed")
    person = Person("Dmitry Peskov",
                    (mention, Mention(path, later, later + 6, "Peskov", "Dmitry Peskov")),
                    ("Dmitry Peskov", "D. Peskov"), ("Kremlin spokesman",))
    tass = text.index("TASS")
    outlet = Outlet("TASS", "wire agency", "Russia", "SC", "state-controlled", "matrix")
    sources = (
        Source(path, "Dmitry Peskov", "person", 18, 31, "said", 32, 36, role="spokesman"),
        Source(path, "TASS", "outlet", tass, tass + 4, "according to", tass - 13, tass - 1,
               outlet=outlet),
    )
    end = text.index(" Read more")
    reported = (ReportedSpeech(path, later, end, text[later:end], "Dmitry Peskov", "stressed"),)
    article = Article(
        path=path, text=text, title="Rich", paragraphs=(Span(0, end, "paragraph"),),
        boilerplate=(Span(end + 1, len(text), "read-more"),), publisher="WP Times",
        author="A. Writer", date="2025-01-02", url="https://example.org/rich",
        content_hash="abc123",
    )
    return ParsedArticle(article, (quote,), sources, (person,), reported)


@pytest.fixture
def db(store_url: str) -> str:
    """A new store on each backend: a SQLite path or a postgresql:// URL."""
    return store_url


def _sql(db: str, sql: str) -> list[tuple[object, ...]]:
    """Rows of a query run on the store's own database (either backend)."""
    with Store.open(db, create=False) as st:
        return [tuple(r) for r in st.database.execute(sql)]


def _count(db: str, table: str) -> int:
    return int(_sql(db, f"SELECT count(*) FROM {table}")[0][0])  # type: ignore[call-overload]




# ---------------------------------------------------------------- round trip


def test_seeds_round_trip(db: str) -> None:
    parsed = [parse_article(ingest.load_article(str(p))) for p in sorted(SEEDS.glob("*.txt"))]
    with Store.open(db) as st:
        summary = st.add(parsed)
        assert summary.added == tuple(p.article.path for p in parsed)
        assert summary.quotes == sum(len(p.quotes) for p in parsed)
    with Store.open(db, create=False) as st:
        rebuilt = list(st.iter_parsed())
    assert rebuilt == sorted(parsed, key=lambda p: p.article.path)


def test_every_field_round_trips(db: str) -> None:
    item = rich_article()
    with Store.open(db) as st:
        st.add([item])
        assert list(st.iter_parsed()) == [item]
        assert list(st.iter_parsed(["rich.txt", "missing.txt"])) == [item]
        assert list(st.quotes()) == list(item.quotes)
        assert st.paths() == ["rich.txt"]


def test_offsets_slice_the_stored_text(db: str) -> None:
    with Store.open(db) as st:
        st.add(generated_quotes(200, seed=3))
        for p in st.iter_parsed():
            for q in p.quotes:
                assert p.article.text[q.start : q.end] == q.text


# ---------------------------------------------------------------- adding


def test_re_adding_is_idempotent(db: str) -> None:
    items = generated_quotes(300, seed=1)
    with Store.open(db) as st:
        first = st.add(items)
        stats = st.stats()
        groups = st.group_of()
        again = st.add(items)
        assert first.added == tuple(p.article.path for p in items)
        assert again.added == () and again.replaced == ()
        assert again.unchanged == first.added
        assert again.quotes == 0
        assert {k: v for k, v in st.stats().items() if k != "db_bytes" and "bytes" not in k} == {
            k: v for k, v in stats.items() if k != "db_bytes" and "bytes" not in k
        }
        assert st.group_of() == groups


def test_same_content_under_another_path_is_stored_once(db: str) -> None:
    item = make_article("a.txt", [("Ann Lee", "We will not sign this deal today")])
    twin = make_article("b.txt", [("Ann Lee", "We will not sign this deal today")])
    with Store.open(db) as st:
        st.add([item])
        summary = st.add([twin])
        assert summary.unchanged == ("b.txt",)
        assert summary.same_as == (("b.txt", "a.txt"),)
        assert st.paths() == ["a.txt"]


def test_changed_article_replaces_the_earlier_version(db: str) -> None:
    old = make_article("a.txt", [("Ann Lee", "The bridge will reopen in the spring")])
    other = make_article("b.txt", [("Bo Chan", "The bridge will reopen in the spring")])
    new = make_article("a.txt", [("Ann Lee", "Taxes on imported grain will double")])
    with Store.open(db) as st:
        st.add([old, other])
        assert len(st.groups(min_size=2)) == 1
        summary = st.add([new])
        assert summary.replaced == ("a.txt",) and summary.added == ()
        assert [q.text for q in st.quotes()] == [
            "The bridge will reopen in the spring", "Taxes on imported grain will double",
        ]
        assert [m.quote.article for m in st.lookup("the bridge will reopen in the spring")] == [
            "b.txt"
        ]
        assert [m.quote.article for m in st.lookup("taxes on imported grain will double")] == [
            "a.txt"
        ]
        # The group lost its reference (a.txt's quote) and kept b.txt's as reference.
        groups = st.groups()
        assert sorted(len(g.members) for g in groups) == [1, 1]
        assert all(g.members[0].relation == "reference" for g in groups)
        assert st.stats()["articles"] == 2
    assert _count(db, "mentions") == 2 and _count(db, "sources") == 2


def _stems(text: str) -> list[str]:
    """The stems the index keeps for a quote's words."""
    length = int(load_data("match.toml")["quotes"]["stem_length"])
    return [w[:length] for w in normalize(text).split()]


def _boom_on(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """Make storing a quote containing ``marker`` fail half-way through its article."""
    original = GroupChooser.choose

    def failing(self: GroupChooser, qid: int, quote: Quote, *args: object) -> int | None:
        if marker in quote.text:
            raise RuntimeError("disk on fire")
        return original(self, qid, quote, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(GroupChooser, "choose", failing)


def test_failing_article_leaves_nothing_half_stored(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = make_article("a.txt", [("Ann Lee", "First we build the road to the harbour")])
    bad = make_article("b.txt", [
        ("Bo Chan", "The harbour road is finished and open"),
        ("Bo Chan", "BOOM the second quote fails to store"),
    ])
    after = make_article("c.txt", [("Cy Dee", "Nobody will get this far")])
    _boom_on(monkeypatch, "BOOM")
    seen: list[str] = []
    with Store.open(db) as st, pytest.raises(RuntimeError, match="disk on fire"):
        st.add([good, bad, after], on_progress=lambda path, outcome: seen.append(path))
    assert seen == ["a.txt"]
    with Store.open(db) as st:
        assert st.paths() == ["a.txt"]
        assert [q.article for q in st.quotes()] == ["a.txt"]
        stats = st.stats()
        assert (stats["articles"], stats["quotes"], stats["groups"]) == (1, 1, 1)
    for table, rows in (("sources", 1), ("people", 1), ("mentions", 1), ("quote_groups", 1)):
        assert _count(db, table) == rows
    # The index holds the good article's stems only: a clean re-add finds it whole.
    monkeypatch.undo()
    with Store.open(db) as st:
        summary = st.add([good, bad])
        assert summary.unchanged == ("a.txt",) and summary.added == ("b.txt",)
        assert len(st.lookup("the harbour road is finished and open")) == 1


def test_database_error_in_an_article_rolls_back_that_article_only(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = make_article("a.txt", [("Ann Lee", "First we build the road to the harbour")])
    bad = make_article("b.txt", [("Bo Chan", "The harbour road is finished and open")])
    original = AddSession.insert_article

    def clashing(self: AddSession, item: ParsedArticle, digest: str) -> None:
        original(self, item, digest)
        if item.article.path == "b.txt":
            # A statement the database refuses (a duplicate key), after the
            # article's rows were sent: on PostgreSQL the error comes back late.
            self.db.execute("INSERT INTO quote_groups (id, reference) VALUES (1, 1)")

    monkeypatch.setattr(AddSession, "insert_article", clashing)
    with Store.open(db) as st, pytest.raises(Exception, match="(?i)unique|duplicate"):
        st.add([good, bad])
    monkeypatch.undo()
    with Store.open(db) as st:
        assert st.paths() == ["a.txt"]
        assert (_count(db, "quotes"), _count(db, "quote_groups"), _count(db, "postings")) == (
            1, 1, len(set(_stems(good.quotes[0].text))))
        assert st.add([bad]).added == ("b.txt",)
        assert len(st.lookup("the harbour road is finished and open")) == 1


def test_interrupt_while_reading_keeps_the_complete_articles(db: str) -> None:
    items = generated_quotes(60, seed=2)

    def stream() -> Iterator[ParsedArticle]:
        yield from items[:3]
        raise KeyboardInterrupt

    with Store.open(db) as st, pytest.raises(KeyboardInterrupt):
        st.add(stream())
    with Store.open(db) as st:
        assert st.paths() == sorted(p.article.path for p in items[:3])
        assert st.stats()["quotes"] == sum(len(p.quotes) for p in items[:3])


def test_batches_commit_along_the_way(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "COMMIT_ARTICLES", 2)
    items = generated_quotes(40, seed=4)
    with Store.open(db) as st:
        st.add(items)
        assert st.paths() == sorted(p.article.path for p in items)


# ---------------------------------------------------------------- schema


def _set_version(db: str, version: int) -> None:
    if is_url(db):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute("UPDATE citeaudit_meta SET value = %s WHERE key = 'schema_version'",
                         (version,))
    else:
        conn = sqlite3.connect(db)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.close()


def test_newer_schema_is_refused(db: str) -> None:
    Store.open(db).close()
    _set_version(db, 99)
    with pytest.raises(StoreError, match="newer citeaudit"):
        Store.open(db)


def test_older_schema_is_migrated(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db) as st:
        st.add([make_article("a.txt", [("Ann Lee", "We keep the old rows")])])
    step = ("ALTER TABLE articles ADD COLUMN language TEXT",)
    v = store.schema_version()
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, step])
    with Store.open(db) as st:
        assert st.stats()["schema_version"] == v + 1
        assert st.paths() == ["a.txt"]
    assert _sql(db, "SELECT language FROM articles") == [(None,)]


def test_failed_migration_is_refused_and_rolled_back(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db).close()
    v = store.schema_version()
    good = ("CREATE TABLE fine (x INTEGER)",)
    failing = ("ALTER TABLE nope ADD x",)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, good, failing])
    with pytest.raises(StoreError, match=f"cannot migrate schema v{v} to v{v + 2}"):
        Store.open(db)
    monkeypatch.undo()
    with Store.open(db) as st:
        assert st.stats()["schema_version"] == v
    # The step that went through was rolled back with the failing one.
    with pytest.raises(Exception, match="fine"):
        _sql(db, "SELECT count(*) FROM fine")


def test_other_files_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some words" * 40)
    with pytest.raises(StoreError, match="not a citeaudit store"):
        Store.open(str(text))
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        Store.open(str(other))
    with pytest.raises(StoreError, match="no such store"):
        Store.open(str(tmp_path / "missing.db"), create=False)


def test_other_databases_are_refused(pg_url: str) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store.open(pg_url, create=False)
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE articles (x INTEGER)")
    with pytest.raises(StoreError, match="another program"):
        Store.open(pg_url)
    with pytest.raises(StoreError, match="cannot connect"):
        Store.open(pg_url.rsplit("/", 1)[0] + "/no_such_database")


def test_default_db_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CITEAUDIT_DB", raising=False)
    assert default_db_path() == "citeaudit.db"
    monkeypatch.setenv("CITEAUDIT_DB", "/tmp/elsewhere.db")
    assert default_db_path() == "/tmp/elsewhere.db"


# ---------------------------------------------------------------- look-up


@pytest.fixture(scope="module", params=BACKENDS)
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[Quote]]:
    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        path = server.new_database()
    items = generated_quotes(3000, seed=7)
    with Store.open(path) as st:
        st.add(items)
        return path, list(st.quotes())


def _queries(quotes: Sequence[Quote], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = rng.choice(quotes).text.split()
        kind = i % 5
        if kind == 1 and len(words) > 4:
            k = rng.randint(3, len(words) - 1)
            start = rng.randint(0, len(words) - k)
            words = words[start : start + k]
        elif kind == 2:
            words[rng.randrange(len(words))] = "zzyzx"
        elif kind == 3:
            words = ["so", "he", "told", "us", "that", *words, "and", "left"]
        elif kind == 4:
            words = words[::-1]
        out.append(" ".join(words))
    return out


# Brute-force answers by (query, min_score): both backends' corpora hold the
# same quotes, so each scan runs once for the two.
_BRUTE: dict[tuple[str, float | None], list[LookupMatch]] = {}


def _brute(query: str, quotes: Sequence[Quote], min_score: float | None = None) -> list[
    LookupMatch
]:
    key = (query, min_score)
    if key not in _BRUTE:
        _BRUTE[key] = match.lookup(query, quotes, min_score=min_score)
    return _BRUTE[key]


def test_lookup_equals_brute_force(corpus: tuple[str, list[Quote]]) -> None:
    path, quotes = corpus
    assert len(quotes) >= 3000
    matched = 0
    with Store.open(path, create=False) as st:
        for query in _queries(quotes, 150, seed=11):
            expected = _brute(query, quotes)
            assert st.lookup(query) == expected, query
            assert st.lookup(query, limit=3) == expected[:3]
            assert st.lookup(query, min_score=90) == _brute(query, quotes, 90)
            matched += bool(expected)
    assert matched >= 120  # the queries mostly have matches: the test has teeth


def _tight_lookup(st: Store, pair_postings: int) -> None:
    """Every stem past a 5-posting look-up budget (as common stems are in a
    large archive)."""
    tight = index_settings()
    st.settings = dataclasses.replace(
        tight,
        lookup=dataclasses.replace(tight.lookup, postings=5, pair_postings=pair_postings),
    )


def test_rarest_pair_finds_old_matches_past_the_budget(
    corpus: tuple[str, list[Quote]],
) -> None:
    """Fragments of the oldest quotes, when even their rarest stem is past the
    budget: its newest postings alone miss them; the two rarest stems read
    whole find every quote holding the fragment (and only true matches)."""
    path, quotes = corpus
    rng = random.Random(5)
    queries = []
    for quote in quotes[:200]:
        words = quote.text.split()
        if len(words) >= 6:
            start = rng.randint(0, len(words) - 4)
            queries.append(" ".join(words[start : start + 4]))

    def holding(found: Sequence[LookupMatch]) -> set[str]:
        return {m.quote.id for m in found if m.relation in ("identical", "extended")}

    missed = {False: 0, True: 0}
    with Store.open(path, create=False) as st:
        for pair in (False, True):
            _tight_lookup(st, pair_postings=10**6 if pair else 0)
            for query in queries:
                expected, found = _brute(query, quotes), st.lookup(query)
                assert set(found) <= set(expected)
                missed[pair] += len(holding(expected) - holding(found))
    assert missed == {False: missed[False], True: 0}
    assert missed[False] >= 10, missed  # the budget alone misses them: the test has teeth


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=120))
def test_lookup_of_any_text_equals_brute_force(
    corpus: tuple[str, list[Quote]], query: str
) -> None:
    path, quotes = corpus
    with Store.open(path, create=False) as st:
        assert st.lookup(query) == match.lookup(query, quotes)


def test_fragment_lookups_both_ways(db: str) -> None:
    full = ("That is the nature of the negotiating process, which we do not intend to "
            "conduct in a megaphone format")
    with Store.open(db) as st:
        st.add([
            make_article("a.txt", [("Dmitry Peskov", full)]),
            # A short stored fragment of common words only.
            make_article("b.txt", [("Dmitry Peskov", "we do not intend")]),
            make_article("c.txt", [("Ann Lee", "Grain prices rose again this week")]),
        ])
        # The query is a fragment of a stored quote: that quote "extends" it.
        found = st.lookup("the nature of the negotiating process")
        assert [(m.quote.article, m.relation, m.score) for m in found] == [
            ("a.txt", "extended", 100.0)
        ]
        # A stored fragment inside the query: it is an "excerpt" of the query.
        found = st.lookup("He said that we do not intend to hurry, and left")
        assert [(m.quote.article, m.relation) for m in found] == [("b.txt", "excerpt")]
        assert {m.quote.article: m.relation for m in st.lookup(full)} == {
            "a.txt": "identical", "b.txt": "excerpt",
        }
        assert st.lookup("") == [] and st.lookup("  !!  ") == []


# ---------------------------------------------------------------- grouping


def _partition(groups: Sequence[object]) -> set[frozenset[str]]:
    return {frozenset(m.quote.id for m in g.members) for g in groups}  # type: ignore[attr-defined]


def test_grouping_equals_group_quotes_on_a_small_story(db: str) -> None:
    base = "We will demand that ironclad security guarantees become part of this agreement"
    items = [
        make_article("1.txt", [("Dmitry Peskov", base),
                               ("Ann Lee", "The harbour will stay closed until May")]),
        make_article("2.txt", [("Dmitry Peskov",
                                "We will insist that iron-clad security guarantees be part of "
                                "this deal"),
                               ("Bo Chan", "Prices of grain rose again this week")]),
        make_article("3.txt", [("Peskov", "ironclad security guarantees"),
                               ("Ann Lee", "The harbour will stay closed until June")]),
        make_article("4.txt", [("Dmitry Peskov", base + ", he said, and nothing less")]),
    ]
    with Store.open(db) as st:
        for item in items:  # one at a time: incremental
            st.add([item])
        groups = st.groups()
        expected = match.group_quotes(q for p in items for q in p.quotes)
        assert _partition(groups) == _partition(expected)
        assert [g.id for g in groups] == [f"g{n}" for n in range(1, len(groups) + 1)]
        by_id = {g.id: g for g in groups}
        for quote_id, group_id in st.group_of().items():
            assert quote_id in {m.quote.id for m in by_id[group_id].members}
        story = next(g for g in groups if len(g.members) == 4)
        # The longest full wording is the reference; the others relate to it.
        assert story.reference.text == base + ", he said, and nothing less"
        assert sorted(m.relation for m in story.members) == [
            "excerpt", "excerpt", "reference", "variant",
        ]
        # Groups of one article's quotes, with their members from any article.
        of_three = st.groups(["3.txt"])
        assert story in of_three and len(of_three) == 2
        assert all(any(m.quote.article == "3.txt" for m in g.members) for g in of_three)


def test_grouping_follows_group_quotes_on_generated_quotes(db: str) -> None:
    items = generated_quotes(1500, seed=5)
    with Store.open(db) as st:
        st.add(items)
        mine = _partition(st.groups())
    expected = _partition(match.group_quotes(q for p in items for q in p.quotes))
    pairs = {(a, b) for g in expected for a in g for b in g if a < b}
    together = {(a, b) for g in mine for a in g for b in g if a < b}
    assert len(pairs) > 300
    assert len(pairs & together) / len(pairs) >= 0.98


def test_same_adds_give_same_groups(tmp_path: Path) -> None:
    items = generated_quotes(400, seed=9)
    maps = []
    for name in ("one.db", "two.db"):
        with Store.open(str(tmp_path / name)) as st:
            st.add(items)
            maps.append(st.group_of())
    assert maps[0] == maps[1]


def test_both_backends_give_the_same_answers(tmp_path: Path, pg_url: str) -> None:
    items = generated_quotes(600, seed=12)
    answers = []
    for where in (str(tmp_path / "store.db"), pg_url):
        with Store.open(where) as st:
            st.add(items[:40])
            st.add(items[40:])
            quotes = list(st.quotes())
            answers.append((
                st.group_of(),
                st.groups(min_size=2),
                st.groups([items[3].article.path]),
                [st.lookup(q) for q in _queries(quotes, 40, seed=2)],
                list(st.iter_parsed()),
                {k: v for k, v in st.stats().items() if "bytes" not in k and k not in (
                    "path", "backend")},
            ))
    assert answers[0] == answers[1]
    assert len(answers[0][1]) > 20  # shared groups: the comparison has teeth


# ---------------------------------------------------------------- bulk grouping


def _members(groups: Sequence[object]) -> list[list[str]]:
    """Quote ids per group, as Store.set_groups takes them."""
    return [[m.quote.id for m in g.members] for g in groups]  # type: ignore[attr-defined]


def _check_foreign_keys(db: str) -> None:
    """Every quote is in a group that exists, no group is empty, and every
    group's reference is one of its members."""
    assert _sql(db, "SELECT count(*) FROM quotes q LEFT JOIN quote_groups g ON g.id = q.grp "
                    "WHERE g.id IS NULL") == [(0,)]
    assert _sql(db, "SELECT count(*) FROM quote_groups g WHERE NOT EXISTS "
                    "(SELECT 1 FROM quotes q WHERE q.grp = g.id)") == [(0,)]
    assert _sql(db, "SELECT count(*) FROM quote_groups g LEFT JOIN quotes r "
                    "ON r.id = g.reference WHERE r.id IS NULL OR r.grp <> g.id") == [(0,)]


def test_bulk_add_then_set_groups_equals_group_quotes(db: str) -> None:
    items = generated_quotes(3000, seed=5)
    quotes = [q for p in items for q in p.quotes]
    expected = match.group_quotes(quotes)
    with Store.open(db) as st:
        summary = st.add(items, group=False)
        assert summary.quotes == len(quotes) >= 3000
        # Stored ungrouped: a group of its own per quote, look-ups work.
        assert st.stats()["groups"] == len(quotes) and st.stats()["shared_groups"] == 0
        _check_foreign_keys(db)
        assert st.set_groups(_members(expected)) == len(expected)
        # The same groups, ids, references, member order, relations, scores, diffs.
        assert st.groups() == expected
        assert st.group_of() == {m.quote.id: g.id for g in expected for m in g.members}
        assert st.stats()["groups"] == len(expected) < len(quotes) - 500
        for query in _queries(quotes, 20, seed=4):
            assert st.lookup(query) == match.lookup(query, quotes)
    _check_foreign_keys(db)


def test_bulk_add_does_no_grouping_work(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    items = generated_quotes(500, seed=3)
    with Store.open(db) as st:
        st.add(items[:30])
        kept = {k: v for k, v in st.group_of().items()
                if not k.startswith(items[0].article.path + "#")}

        def boom(*_: object) -> None:
            raise AssertionError("a bulk add chose a group")

        monkeypatch.setattr(GroupChooser, "choose", boom)
        monkeypatch.setattr(RecentPostings, "newest", boom)
        changed = make_article(items[0].article.path, [("Ann Lee", "We changed our minds")])
        summary = st.add([*items[30:], changed], group=False)
        assert summary.replaced == (changed.article.path,)
        new = sum(len(p.quotes) for p in items[30:]) + 1
        # Every new quote in a group of its own; the earlier groups kept.
        after = st.group_of()
        assert {k: after[k] for k in kept} == kept
        new_groups = {after[q.id] for p in [*items[30:], changed] for q in p.quotes}
        assert len(new_groups) == new and not new_groups & set(kept.values())
    _check_foreign_keys(db)


def test_set_groups_regroups_an_incrementally_grouped_store(db: str) -> None:
    items = generated_quotes(1200, seed=8)
    expected = match.group_quotes(q for p in items for q in p.quotes)
    with Store.open(db) as st:
        st.add(items[::-1])  # incremental, in another order than group_quotes'
        assert st.groups() != expected
        st.set_groups(_members(expected))
        assert _partition(st.groups()) == _partition(expected)
        assert st.group_of() == {m.quote.id: g.id for g in expected for m in g.members}
        # The same grouping again changes nothing.
        before = _sql(db, "SELECT id, reference FROM quote_groups ORDER BY id")
        st.set_groups(_members(expected))
        assert _sql(db, "SELECT id, reference FROM quote_groups ORDER BY id") == before
    _check_foreign_keys(db)


@pytest.mark.parametrize("fail_in", ["upsert_ints", "update_ints"])
def test_a_failing_set_groups_leaves_the_old_grouping(
    db: str, fail_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = generated_quotes(600, seed=2)
    expected = match.group_quotes(q for p in items for q in p.quotes)
    with Store.open(db) as st:
        st.add(items)
        before = (st.group_of(), st.groups(), _sql(db, "SELECT * FROM quote_groups ORDER BY id"))
        real = getattr(st.database, fail_in)
        calls: list[str] = []

        def fail(*args: object) -> None:
            real(*args)  # half-way: this statement is done, the next ones not
            calls.append(fail_in)
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(st.database, fail_in, fail)
        with pytest.raises(RuntimeError, match="disk on fire"):
            st.set_groups(_members(expected))
        assert calls == [fail_in] and not st.database.in_transaction
        monkeypatch.undo()
        assert (st.group_of(), st.groups(),
                _sql(db, "SELECT * FROM quote_groups ORDER BY id")) == before
        # The store is still writable, and the next try succeeds.
        st.set_groups(_members(expected))
        assert _partition(st.groups()) == _partition(expected)
    _check_foreign_keys(db)


def test_set_groups_refuses_what_is_not_a_partition_of_the_store(db: str) -> None:
    items = generated_quotes(200, seed=4)
    with Store.open(db) as st:
        st.add(items)
        ids = [q.id for p in items for q in p.quotes]
        before = st.group_of()
        bad = {
            "is not stored": [ids, ["nowhere#q1"]],
            "in two groups": [ids, ids[:1]],
            "group 2 is empty": [ids[:1], [], ids[1:]],
            "1 stored quotes are in no group": [ids[1:]],
        }
        for reason, groups in bad.items():
            with pytest.raises(StoreError, match=reason):
                st.set_groups(groups)
            assert st.group_of() == before
        # One group of everything is a partition (if a silly one).
        assert st.set_groups([ids]) == 1
        assert set(st.group_of().values()) == {"g1"}
    _check_foreign_keys(db)


def test_incremental_adds_after_set_groups_join_the_stored_groups(db: str) -> None:
    items = generated_quotes(2000, seed=6)
    half = len(items) // 2
    first = [q for p in items[:half] for q in p.quotes]
    with Store.open(db) as st:
        st.add(items[:half], group=False)
        st.set_groups(_members(match.group_quotes(first)))
        st.add(items[half:])
        # A changed article replaces its earlier version; its groups keep
        # their other members.
        changed = make_article(items[0].article.path, [("Ann Lee", "A wholly new statement")])
        assert st.add([changed]).replaced == (changed.article.path,)
        mine = st.groups()
    expected = match.group_quotes(
        [q for p in [changed, *items[1:]] for q in p.quotes]
    )
    pairs = {(a, b) for g in _partition(expected) for a in g for b in g if a < b}
    together = {(a, b) for g in _partition(mine) for a in g for b in g if a < b}
    assert len(pairs) > 300
    assert len(pairs & together) / len(pairs) >= 0.98
    # New quotes joined groups stored by set_groups.
    old_paths = {p.article.path for p in items[1:half]}
    assert any(
        {m.quote.article in old_paths for m in g.members} == {True, False} for g in mine
    )
    _check_foreign_keys(db)


# ---------------------------------------------------------------- concurrency


def _whole(item: ParsedArticle) -> tuple[object, ...]:
    """What must be stored of an article (the store adds its content hash)."""
    return (item.article.path, item.article.text, item.quotes, item.sources, item.people,
            item.reported)


def _writer(db: str, items: list[ParsedArticle]) -> None:
    """Child process: add articles in small batches (so writers interleave)."""
    session.COMMIT_ARTICLES = 3
    with Store.open(db) as st:
        st.add(items)


def _reader(db: str, expected: dict[str, ParsedArticle], rounds: int, errors: object) -> None:
    """Child process: read while the writers write; every article seen must be
    whole, and every look-up must succeed."""
    try:
        with Store.open(db, create=False) as st:
            for i in range(rounds):
                for item in st.iter_parsed():
                    assert _whole(item) == _whole(expected[item.article.path])
                quotes = list(st.quotes())
                if quotes:
                    assert st.lookup(quotes[i % len(quotes)].text)
                st.groups(min_size=2)
    except BaseException as exc:
        errors.put(f"{type(exc).__name__}: {exc}")  # type: ignore[attr-defined]
        raise


def test_concurrent_writers_and_readers(db: str) -> None:
    items = generated_quotes(900, seed=21)
    assert len(items) >= 120
    expected = {p.article.path: p for p in items}
    # Two index runs over overlapping sets, in opposite orders, while readers read.
    first, second = items[: len(items) * 2 // 3], items[len(items) // 3 :][::-1]
    Store.open(db).close()
    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(db, first)),
             ctx.Process(target=_writer, args=(db, second))]
    procs += [ctx.Process(target=_reader, args=(db, expected, 6, errors)) for _ in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=240)
    failures = [errors.get() for _ in range(errors.qsize())] if not errors.empty() else []
    assert failures == [] and [p.exitcode for p in procs] == [0] * len(procs)
    with Store.open(db, create=False) as st:
        # No lost article, no half-stored one, no duplicate.
        assert [_whole(p) for p in st.iter_parsed()] == [
            _whole(p) for p in sorted(items, key=lambda p: p.article.path)
        ]
        stats = st.stats()
        assert stats["quotes"] == sum(len(p.quotes) for p in items)
        assert _sql(db, "SELECT article, qid FROM quotes GROUP BY article, qid "
                        "HAVING count(*) > 1") == []
        assert len(st.group_of()) == stats["quotes"]
        # The index is whole: every stored quote is found by its own words.
        for quote in list(st.quotes())[::25]:
            assert quote in [m.quote for m in st.lookup(quote.text)]


# ---------------------------------------------------------------- reading


def test_stats_and_spellings(db: str) -> None:
    items = [
        make_article("a.txt", [("Steve Witkoff", "The talks were productive"),
                               ("Ann Lee", "We disagree")]),
        make_article("b.txt", [("Steve Wittkopf", "The talks were very productive")]),
    ]
    with Store.open(db) as st:
        empty = st.stats()
        assert (empty["articles"], empty["quotes"], empty["bytes_per_quote"]) == (0, 0, None)
        st.add(items)
        stats = st.stats()
        assert stats["schema_version"] == store.schema_version() == 4
        assert (stats["articles"], stats["quotes"], stats["people"], stats["names"]) == (2, 3, 3, 3)
        assert stats["groups"] == 2 and stats["shared_groups"] == 1
        assert stats["sources"] == 3 and stats["db_bytes"] > 0
        assert st.people_spellings() == {"Ann Lee": 1, "Steve Witkoff": 1, "Steve Wittkopf": 1}


def _names(people: Sequence[Person]) -> list[tuple[str, str]]:
    return [(p.mentions[0].article, p.name) for p in people]


def test_people_named_reads_only_the_names_that_may_merge(db: str) -> None:
    items = [
        make_article("a.txt", [("Steve Witkoff", "The talks were productive"),
                               ("Ann Lee", "We disagree")]),
        make_article("b.txt", [("Steve Wittkopf", "The talks were very productive")]),
        make_article("c.txt", [("Bo Chan", "Nothing was agreed")]),
    ]
    with Store.open(db) as st:
        st.add(items)
        # Witkoff and Wittkopf share a blocking key: both come back, whole.
        found = st.people_named(["Steven Witkof"])
        assert _names(found) == [("a.txt", "Steve Witkoff"), ("b.txt", "Steve Wittkopf")]
        assert found == [p for item in items for p in item.people if "Wit" in p.name]
        assert _names(st.people_named(["Lee"])) == [("a.txt", "Ann Lee")]
        assert st.people_named(["Zed Quill", ""]) == []


def test_v1_store_gets_its_person_keys_when_migrated(db: str) -> None:
    items = [make_article("a.txt", [("Steve Witkoff", "The talks were productive")]),
             make_article("b.txt", [("Steve Wittkopf", "The talks were very productive")])]
    with Store.open(db) as st:
        st.add(items)
        st.database.execute("DROP TABLE person_usage")
        st.database.execute("DROP TABLE person_keys")
        st.database.execute("ALTER TABLE sources DROP COLUMN how")
    _set_version(db, 1)
    with Store.open(db) as st:
        assert st.stats()["schema_version"] == 4
        assert _names(st.people_named(["Steve Witkoff"])) == [
            ("a.txt", "Steve Witkoff"), ("b.txt", "Steve Wittkopf")]
        assert _usage_rows(st) == _usage_expected(st)


def _usage_rows(st: Store) -> list[tuple[object, ...]]:
    return [tuple(r) for r in st.database.execute(
        "SELECT name, kind, value, n FROM person_usage ORDER BY name, kind, value")]


def _usage_expected(st: Store) -> list[tuple[object, ...]]:
    """person_usage recomputed from every stored article's people."""
    counts = store.count_person_usage(p for item in st.iter_parsed() for p in item.people)
    return sorted((*k, n) for k, n in counts.items() if n)


def test_person_usage_follows_adds_and_replacements(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session, "COMMIT_ARTICLES", 2)
    first = [
        make_article("a.txt", [("Steve Witkoff", "The talks were productive"),
                               ("Ann Lee", "We disagree")]),
        make_article("b.txt", [("Steve Wittkopf", "The talks were very productive")]),
        make_article("c.txt", [("Ann Lee", "We still disagree")]),
    ]
    # Replacements of an article committed earlier and of one in the open batch.
    again = [
        make_article("d.txt", [("Bo Chan", "Nothing was agreed")]),
        make_article("d.txt", [("Steve Witkoff", "Nothing at all was agreed")]),
        make_article("a.txt", [("Ann Lee", "We disagree on everything")]),
    ]
    with Store.open(db) as st:
        st.add(first)
        assert _usage_rows(st) == _usage_expected(st)
        st.add(again)
        assert _usage_rows(st) == _usage_expected(st)
        (witkoff,) = [p for p, n in st.people_counted(["Steve Witkoff"]) if p.name.endswith("koff")]
        assert witkoff.mentions[0].article == store.STORED
        spellings, _ = st.person_usage(["Steve Witkoff", "Steve Wittkopf"])
        assert spellings == [("Steve Witkoff", 1), ("Steve Wittkopf", 1)]
