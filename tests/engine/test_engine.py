"""Tests for audit.engine: the Dask engine stores what the in-process path
stores (same groups, same ids, on both store backends), keeps input order,
reports every failed article and goes on, and says which extra is missing."""

from __future__ import annotations

import dataclasses
import io
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from corpora import generated_quotes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import SEEDS

from audit import cli, engine, match, pipeline
from audit.engine import cluster, parsing
from audit.errors import UsageError
from audit.models import Article, ParsedArticle, Quote, QuoteGroup, Skipped
from audit.pipeline import parse_articles, read_articles
from audit.store import Store

pytest.importorskip("distributed", reason="the dask extra is not installed")


_STORY = [
    ("Ann Lee", "The harbour will stay closed until the storm has passed"),
    ("Bo Chan", "We have asked the ministry for more pumps and more people"),
    ("Cy Dee", "Nobody expected the water to rise so fast this year"),
]


def _write_corpus(folder: Path) -> list[str]:
    """The seed articles plus short ones of our own that quote each other
    (some words changed), so the store forms groups across files."""
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    for i in range(9):
        speaker, words = _STORY[i % 3]
        if i >= 3:
            words = words.replace("the", "this", 1)
        (folder / f"local_{i}.txt").write_text(
            f"Flood update number {i}\n\nThe town council met again on Tuesday evening.\n\n"
            f"{speaker} told reporters: “{words}.”\n\n"
            f"Officials said repairs would take weeks.\n",
            encoding="utf-8",
        )
    return sorted(str(p) for p in folder.iterdir())


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """One in-process Dask cluster (two worker threads) for the module."""
    with engine.dask_client(workers=2, processes=False) as c:
        yield c


def _local(db: str, inputs: list[str]) -> None:
    with Store.open(db) as st:
        st.add(parse_articles(read_articles(inputs, on_skip=lambda s: None)))


def _snapshot(
    db: str,
) -> tuple[dict[str, str], tuple[QuoteGroup, ...], list[ParsedArticle], dict[str, Any]]:
    with Store.open(db, create=False) as st:
        stats = {k: v for k, v in st.stats().items()
                 if "bytes" not in k and k not in ("path", "backend")}
        return st.group_of(), st.groups(min_size=2), list(st.iter_parsed()), stats


def test_dask_engine_stores_what_the_local_path_stores(
    tmp_path: Path, store_url: str, client: Any
) -> None:
    _write_corpus(tmp_path / "corpus")
    inputs = [str(tmp_path / "corpus")]
    local = str(tmp_path / "local.db")
    _local(local, inputs)
    skipped: list[Skipped] = []
    counts = engine.Counts()
    with Store.open(store_url) as st:
        parsed = engine.parse_on_dask(client, inputs, on_skip=skipped.append, counts=counts,
                                      chunk=2)
        summary = st.add(parsed)
    assert skipped == [] and counts.parsed == 14 and counts.failed == 0
    assert len(summary.added) == 14
    ours, theirs = _snapshot(store_url), _snapshot(local)
    assert ours == theirs
    assert len(ours[1]) >= 3  # shared groups: the comparison has teeth


def test_results_come_in_input_order(tmp_path: Path, client: Any) -> None:
    paths = _write_corpus(tmp_path / "corpus")
    got = [p.article.path for p in engine.parse_on_dask(
        client, paths, on_skip=lambda s: None, chunk=1, window=3)]
    assert got == paths


def test_failed_articles_are_reported_and_the_run_goes_on(
    tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _write_corpus(tmp_path / "corpus")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    crash = tmp_path / "crash.txt"
    crash.write_text("A headline\n\nHe said: “This article breaks the parser today.”\n")
    original = pipeline.parse_article

    def parse(article: Article) -> Any:
        if article.path.endswith("crash.txt"):
            raise ValueError("no such luck")
        return original(article)

    # Worker threads share this process, so the patched parser is the one they run.
    monkeypatch.setattr(pipeline, "parse_article", parse)
    skipped: list[Skipped] = []
    counts = engine.Counts()
    inputs = [paths[0], str(binary), str(tmp_path / "missing.txt"), str(crash), *paths[1:]]
    with Store.open(str(tmp_path / "s.db")) as st:
        summary = st.add(engine.parse_on_dask(client, inputs, on_skip=skipped.append,
                                              counts=counts, chunk=2))
    reasons = {s.path: s.reason for s in skipped}
    assert set(reasons) == {str(binary), str(tmp_path / "missing.txt"), str(crash)}
    assert reasons[str(binary)].startswith("a PNG image")
    assert reasons[str(crash)] == "parsing failed (ValueError: no such luck)"
    assert len(summary.added) == len(paths) and counts.failed == 3


def test_a_lost_task_reports_each_of_its_articles(
    tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _write_corpus(tmp_path / "corpus")
    original = parsing.parse_paths

    def dying(chunk: tuple[str, ...], max_bytes: int) -> Any:
        if any(p.endswith("local_4.txt") for p in chunk):
            raise MemoryError("worker ran out of memory")
        return original(chunk, max_bytes)

    monkeypatch.setattr(parsing, "parse_paths", dying)
    skipped: list[Skipped] = []
    got = list(engine.parse_on_dask(client, paths, on_skip=skipped.append, chunk=3))
    lost = [s.path for s in skipped]
    assert len(lost) == 3 and any(p.endswith("local_4.txt") for p in lost)
    assert all("worker task failed (MemoryError" in s.reason for s in skipped)
    assert sorted([p.article.path for p in got] + lost) == paths


def test_index_with_dask_reports_progress(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "corpus")
    out = io.StringIO()
    lines = engine.ProgressLines("indexing", stream=out, every=0.0)
    with Store.open(str(tmp_path / "s.db")) as st:
        summary, counts = engine.index_with_dask(
            st, [str(tmp_path / "corpus"), str(tmp_path / "nope.txt")],
            on_skip=lambda s: None, workers=1, processes=False, on_counts=lines,
        )
    lines(counts, final=True)
    assert (counts.parsed, counts.written, counts.failed) == (14, 14, 1)
    assert len(summary.added) == 14
    last = out.getvalue().splitlines()[-1]
    assert last == "indexing: parsed 14, written 14, failed 1"


def test_progress_lines_are_throttled() -> None:
    out = io.StringIO()
    lines = engine.ProgressLines("indexing", stream=out, every=3600.0)
    for n in range(5):
        lines(engine.Counts(parsed=n))
    lines(engine.Counts(parsed=5, written=4, failed=1), final=True)
    assert out.getvalue() == "indexing: parsed 5, written 4, failed 1\n"


def test_missing_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"pip install 'citeaudit\[dask\]'"):
        engine.require_dask()


def test_cli_index_add_with_dask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "bad.txt").write_bytes(b"\x00\x01\x02")
    # Worker threads: the CLI's cluster, without the cost of starting processes.
    _threads(monkeypatch)
    db = str(tmp_path / "cli.db")
    status = cli.run(["index", "add", str(tmp_path / "corpus"), "--db", db,
                      "--engine", "dask", "--workers", "2"])
    captured = capsys.readouterr()
    assert status == cli.EXIT_SKIPPED
    assert "bad.txt" in captured.err
    assert "indexing: parsed 14, written 14, failed 1" in captured.err
    assert "indexing: grouping" in captured.err and "indexing: stored" in captured.err
    assert f"{db}: quotes" in captured.out
    local = str(tmp_path / "local.db")
    _local(local, [str(tmp_path / "corpus")])
    # The same articles; the groups of the whole corpus grouped at once.
    assert _snapshot(db)[2] == _snapshot(local)[2]
    parsed = _snapshot(local)[2]
    with Store.open(db, create=False) as st:
        assert st.groups() == match.group_quotes(q for p in parsed for q in p.quotes)


def _threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI's local cluster run its workers as threads (quick to start)."""
    real = engine.dask_client

    def threads(scheduler: str | None, workers: int | None, **_: Any) -> Any:
        return real(scheduler, workers, processes=False)

    monkeypatch.setattr(cluster, "dask_client", threads)


def test_group_store_equals_group_quotes(store_url: str, client: Any) -> None:
    items = generated_quotes(2000, seed=13)
    expected = match.group_quotes(q for p in items for q in p.quotes)
    notes: list[str] = []
    timings: dict[str, float] = {}
    with Store.open(store_url) as st:
        st.add(items, group=False)
        assert engine.group_store(st, client, on_note=notes.append,
                                  timings=timings) == len(expected)
        assert st.groups() == expected
        assert set(timings) == {"read", "group", "store"}
        assert notes[0] == f"grouping {sum(len(p.quotes) for p in items)} quotes on Dask"
        assert notes[-1].startswith(f"stored {len(expected)} groups in ")
        # In this process (match.group_quotes itself): the same groups.
        before = st.group_of()
        assert engine.group_store(st) == len(expected)
        assert st.group_of() == before


def test_cli_dask_engine_on_a_generated_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    items = generated_quotes(700, seed=17)
    for item in items[:-1]:
        (folder / item.article.path.replace("/", "_")).write_text(item.article.text,
                                                                  encoding="utf-8")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    _threads(monkeypatch)
    db = str(tmp_path / "cli.db")
    status = cli.run(["index", "add", str(folder), "--db", db, "--engine", "dask",
                      "--workers", "1"])
    assert status == cli.EXIT_OK, capsys.readouterr().err
    parsed = list(parse_articles(read_articles([str(folder)], on_skip=lambda s: None)))
    expected = match.group_quotes(q for p in parsed for q in p.quotes)
    assert sum(len(g.members) > 1 for g in expected) > 40
    with Store.open(db, create=False) as st:
        assert st.groups() == expected
        grouped = st.group_of()
    # Adding the same articles again stores nothing, so nothing is regrouped.
    capsys.readouterr()
    assert cli.run(["index", "add", str(folder), "--db", db, "--engine", "dask",
                    "--workers", "1"]) == cli.EXIT_OK
    assert "grouping" not in capsys.readouterr().err
    # Regrouping on Dask, then in this process: nothing moves.
    for engine_name in ("dask", "local"):
        args = ["--workers", "1"] if engine_name == "dask" else []
        capsys.readouterr()
        status = cli.run(["index", "group", "--db", db, "--engine", engine_name, *args])
        captured = capsys.readouterr()
        assert status == cli.EXIT_OK, captured.err
        assert f"grouping: stored {len(expected)} groups" in captured.err
        assert captured.out.strip() == (
            f"{db}: quotes {len(grouped)}, groups {len(expected)}, "
            f"shared_groups {sum(len(g.members) > 1 for g in expected)}"
        )
        with Store.open(db, create=False) as st:
            assert st.group_of() == grouped
    # A later article, added incrementally, joins the stored groups.
    last = tmp_path / "last.txt"
    last.write_text(items[-1].article.text, encoding="utf-8")
    assert cli.run(["index", "add", str(last), "--db", db]) == cli.EXIT_OK
    with Store.open(db, create=False) as st:
        after = st.group_of()
    assert {k: v for k, v in after.items() if k in grouped} == grouped
    new = {v for k, v in after.items() if k not in grouped}
    assert new and new & set(grouped.values())


def test_cli_refuses_dask_options_without_the_engine(tmp_path: Path) -> None:
    status = cli.run(["index", "add", str(SEEDS), "--db", str(tmp_path / "x.db"),
                      "--workers", "2"])
    assert status == cli.EXIT_USAGE
    assert cli.run(["index", "add", str(SEEDS), "--db", str(tmp_path / "x.db")]) == 0
    status = cli.run(["index", "group", "--db", str(tmp_path / "x.db"),
                      "--scheduler", "tcp://127.0.0.1:1"])
    assert status == cli.EXIT_USAGE


# ---------------------------------------------------------------- whole-corpus grouping


def _generated(n: int, seed: int) -> list[Quote]:
    """Quotes of the store tests' generator: a tiny vocabulary, statements
    recurring verbatim, truncated, altered or inside longer quotes, and
    short fragments of three words."""
    return [q for parsed in generated_quotes(n, seed) for q in parsed.quotes]


def _pairs(groups: Iterable[QuoteGroup]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for g in groups:
        ids = sorted(m.quote.id for m in g.members)
        out.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return out


@pytest.mark.parametrize("seed", [3, 11])
def test_dask_grouping_equals_group_quotes(client: Any, seed: int) -> None:
    quotes = _generated(1500, seed)
    expected = match.group_quotes(quotes)
    got = engine.group_on_dask(client, reversed(quotes))
    # The same groups, ids, references, relations, scores and word diffs.
    assert got == expected
    assert len(_pairs(expected)) > 200  # many shared groups: the comparison has teeth
    # Short fragments (fewer than 4 words) joined groups through word runs.
    assert any(len(m.quote.text.split()) < 4 for g in expected[:] for m in g.members[1:])


def test_dask_grouping_equals_group_quotes_when_every_cap_binds(client: Any) -> None:
    # Tiny caps: most shingles are over max_postings, so quotes fall back to
    # the oldest holders of their least held shingle, and candidates are cut
    # to the best few, exactly where group_quotes cuts them.
    quotes = _generated(1200, 5)
    loose = match.group_quotes(quotes)
    tight = dataclasses.replace(match.quote_settings(), max_postings=2, max_candidates=3)
    dask = engine.group_settings().dask
    settings = engine.GroupSettings(
        tight, dataclasses.replace(dask, max_run_partners=10**6, quotes_per_task=97)
    )
    expected = match.group_quotes(quotes, tight)
    assert _pairs(expected) != _pairs(loose)  # the caps change the groups
    assert engine.group_on_dask(client, quotes, partitions=5, settings=settings) == expected


def test_dask_grouping_is_the_same_whatever_the_partitioning(client: Any) -> None:
    quotes = _generated(800, 8)
    first = engine.plan_groups_on_dask(client, quotes, partitions=1)
    base = engine.group_settings()
    for parts, per_task in ((2, 50), (7, 333), (16, 10**6)):
        settings = dataclasses.replace(
            base, dask=dataclasses.replace(base.dask, quotes_per_task=per_task)
        )
        assert engine.plan_groups_on_dask(
            client, quotes[::-1], partitions=parts, settings=settings
        ) == first
    assert first.verified > 100 and len(first.references) < len(quotes)


def test_quotes_can_be_grouped_in_the_order_given(client: Any) -> None:
    quotes = sorted(_generated(300, 4), key=lambda q: (q.article, q.start, q.end, q.id))
    sorted_plan = engine.plan_groups_on_dask(client, quotes)
    assert engine.plan_groups_on_dask(client, quotes, in_given_order=True) == sorted_plan
    backwards = engine.plan_groups_on_dask(client, quotes[::-1], in_given_order=True)
    assert backwards.quotes == tuple(quotes[::-1])
    # group_quotes on copies renamed so that its order is the reversed one.
    renamed = [dataclasses.replace(q, id=f"r{k}", article=f"{k:05d}")
               for k, q in enumerate(quotes[::-1])]
    expected = {q.id: g.id for g in match.group_quotes(renamed) for q in
                (m.quote for m in g.members)}
    assert {f"r{k}": f"g{g + 1}" for k, g in enumerate(backwards.group_of)} == expected
    assert backwards.group_of != sorted_plan.group_of


def _quote(n: int, text: str, speaker: str = "Ann Lee") -> Quote:
    return Quote(f"a{n}.txt#q1", f"a{n}.txt", 0, len(text), text, speaker)


def test_a_quote_that_fails_to_verify_never_joins(client: Any) -> None:
    # Blocked together (they share word shingles) but different statements.
    quotes = [
        _quote(1, "we will not accept the terms of this agreement on fishing rights"),
        _quote(2, "we will not accept the terms of any ceasefire that rewards aggression"),
        _quote(3, "Officials said the terms of this agreement changed overnight for everyone"),
        _quote(4, "we will not accept the terms of this agreement on fishing rights today"),
    ]
    plan = engine.plan_groups_on_dask(client, quotes)
    assert plan.candidates >= 4 and plan.verified == 1
    assert plan.group_of == (0, 1, 2, 0)
    assert plan.group_ids() == {q.id: g.id for g in match.group_quotes(quotes)
                                for q in (m.quote for m in g.members)}


def test_a_quote_covering_a_non_reference_member_does_not_join_through_it(
    client: Any,
) -> None:
    # q3 holds q2 word for word, but q2 is an excerpt of q1, its group's
    # reference, and q3 is far from q1: containing a part of the reference
    # does not make q3 the same statement.
    core = "the harbour will stay closed until the storm has passed"
    quotes = [
        _quote(1, "after three days of rain and two broken dykes the mayor told everyone "
                  f"that {core} and the pumps are back in the north quarter"),
        _quote(2, core),
        _quote(3, "whatever the fishermen and the ferry companies may say about it on "
                  f"television tonight {core}"),
    ]
    plan = engine.plan_groups_on_dask(client, quotes)
    assert plan.group_of == (0, 0, 1)
    assert plan.references == (0, 2)
    assert engine.group_on_dask(client, quotes) == match.group_quotes(quotes)


def test_grouping_edge_cases(client: Any) -> None:
    assert engine.group_on_dask(client, []) == ()
    quotes = [_quote(1, "…"), _quote(2, "Yes"), _quote(3, "yes"), _quote(4, "Yes, we can")]
    assert engine.group_on_dask(client, quotes) == match.group_quotes(quotes)
    # A short quote elided with "..." is an excerpt of a quote holding its pieces.
    quotes = [_quote(1, "the storm has passed and the harbour stays closed for now"),
              _quote(2, "storm ... harbour stays")]
    plan = engine.plan_groups_on_dask(client, quotes)
    assert plan.group_of == (0, 0)
    assert engine.group_on_dask(client, quotes) == match.group_quotes(quotes)


_WORDS = ("we", "will", "not", "the", "deal", "harbour", "storm", "closed", "pumps", "soon",
          "...", "…")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(
    st.tuples(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=9),
              st.sampled_from(["Ann Lee", "Bo Chan", ""]), st.booleans()),
    max_size=30,
))
def test_dask_grouping_equals_group_quotes_on_any_quotes(
    client: Any, items: list[tuple[list[str], str, bool]]
) -> None:
    # A ten-word vocabulary and ellipses: many shared shingles, word runs,
    # identical, contained and elided wordings, fragments.
    quotes = [
        Quote(f"a{n % 4}.txt#q{n}", f"a{n % 4}.txt", n, n + 1, " ".join(words),
              speaker or None, fragment=fragment)
        for n, (words, speaker, fragment) in enumerate(items)
    ]
    assert engine.group_on_dask(client, quotes, partitions=3) == match.group_quotes(quotes)


def test_cli_dask_engine_notes_a_stray_byte_as_the_local_one_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A UTF-8 file with one stray cp1252 byte is read with it replaced, and
    # says so once on stderr: from the workers as from this process.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    stray = corpus / "stray.txt"
    stray.write_bytes("“We will not accept this,” said Anna Petrova in Ukraine’s capital.\n"
                      .encode().replace("’".encode(), b"\x92"))
    (corpus / "clean.txt").write_text("“We agree,” said Olena Kovalenko.\n", encoding="utf-8")
    _threads(monkeypatch)
    noted = {}
    for engine_name in ("local", "dask"):
        db = str(tmp_path / f"{engine_name}.db")
        workers = ["--workers", "1"] if engine_name == "dask" else []
        status = cli.run(["index", "add", str(corpus), "--db", db, "--engine", engine_name,
                          *workers])
        captured = capsys.readouterr()
        assert status == cli.EXIT_OK, captured.err
        noted[engine_name] = [line for line in captured.err.splitlines() if "UTF-8" in line]
    assert noted["dask"] == noted["local"] == [
        f"citeaudit: {stray}: not valid UTF-8: read as UTF-8 with 1 bad byte sequence "
        "replaced by U+FFFD"
    ]


def test_parse_on_dask_passes_reading_notes_in_input_order(tmp_path: Path, client: Any) -> None:
    paths = []
    for n in range(3):
        path = tmp_path / f"stray_{n}.txt"
        path.write_bytes(f"“We will not accept this,” said Anna Petrova in Ukraine’s capital {n}.\n"
                         .encode().replace("’".encode(), b"\x92"))
        paths.append(str(path))
    notes: list[str] = []
    got = list(engine.parse_on_dask(client, paths, on_skip=lambda s: None, chunk=2,
                                    on_note=notes.append))
    assert [p.article.path for p in got] == paths
    assert [note.split(":")[0] for note in notes] == paths
