"""Tests for audit.engine: the Dask engine stores what the in-process path
stores (same groups, same ids, on both store backends), keeps input order,
reports every failed article and goes on, and says which extra is missing."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from audit import cli, engine, pipeline
from audit.errors import UsageError
from audit.models import Article, ParsedArticle, QuoteGroup, Skipped
from audit.pipeline import parse_articles, read_articles
from audit.store import Store

pytest.importorskip("distributed", reason="the dask extra is not installed")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

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
    assert "NUL" in reasons[str(binary)]
    assert reasons[str(crash)] == "parsing failed (ValueError: no such luck)"
    assert len(summary.added) == len(paths) and counts.failed == 3


def test_a_lost_task_reports_each_of_its_articles(
    tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _write_corpus(tmp_path / "corpus")
    original = engine.parse_paths

    def dying(chunk: tuple[str, ...], max_bytes: int) -> Any:
        if any(p.endswith("local_4.txt") for p in chunk):
            raise MemoryError("worker ran out of memory")
        return original(chunk, max_bytes)

    monkeypatch.setattr(engine, "parse_paths", dying)
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
        engine._require_dask()


def test_cli_index_add_with_dask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "bad.txt").write_bytes(b"\x00\x01\x02")
    # Worker threads: the CLI's cluster, without the cost of starting processes.
    real = engine.dask_client

    def threads(scheduler: str | None, workers: int | None, **_: Any) -> Any:
        return real(scheduler, workers, processes=False)

    monkeypatch.setattr(engine, "dask_client", threads)
    db = str(tmp_path / "cli.db")
    status = cli.run(["index", "add", str(tmp_path / "corpus"), "--db", db,
                      "--engine", "dask", "--workers", "2"])
    captured = capsys.readouterr()
    assert status == cli.EXIT_SKIPPED
    assert "bad.txt" in captured.err
    assert "indexing: parsed 14, written 14, failed 1" in captured.err
    assert f"{db}: quotes" in captured.out
    local = str(tmp_path / "local.db")
    _local(local, [str(tmp_path / "corpus")])
    assert _snapshot(db) == _snapshot(local)


def test_cli_refuses_dask_options_without_the_engine(tmp_path: Path) -> None:
    status = cli.run(["index", "add", str(SEEDS), "--db", str(tmp_path / "x.db"),
                      "--workers", "2"])
    assert status == cli.EXIT_USAGE
