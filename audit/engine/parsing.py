"""Parsing articles on Dask workers, stored from the client in input order.

The Dask engine sends the parse stage (reading a file, finding people, quotes,
sources) to Dask workers, a ``LocalCluster`` of worker processes by default or
an existing scheduler (:mod:`.cluster`), and stores the results from the
client process in batches, so the store keeps one writer (SQLite needs it;
PostgreSQL gets bulk writes). Workers read files themselves: with a remote
scheduler the paths must be reachable from the workers (a shared file
system). Addresses (http/https) are fetched by the client, under its fetch
options, and parsed on workers.

Results are stored in input order, whatever order workers finish in: a store
built by the Dask engine is the one the in-process path builds (same groups,
same ids). With ``regroup`` (the CLI's ``--engine dask``) articles are stored
without incremental grouping and the whole store is then grouped on Dask
(:func:`audit.engine.grouping.group_store`). At most ``window`` tasks are out
at a time, so memory stays bounded on a corpus of any size. An article that
cannot be read, or whose parsing raises on a worker, is reported with its
path and reason and the run goes on; a task lost with its worker (Dask gives
up after its retries) reports each of its articles.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from .. import ingest, pipeline
from ..errors import InputError
from ..ingest import fetch
from ..models import Article, ParsedArticle, Skipped
from . import cluster
from .grouping import group_store

if TYPE_CHECKING:
    from ..store import AddSummary, Store

# Articles per task: parsing takes a few ms per article and a Dask task costs
# about 1 ms of scheduling, so a task of 16 keeps overhead under a few percent
# while small enough to spread a corpus evenly over the workers.
CHUNK_ARTICLES = 16
# Tasks out per worker thread: keeps every worker busy while the client
# writes, and bounds what waits in memory to be stored in order.
TASKS_PER_THREAD = 4
# Seconds between progress lines.
PROGRESS_EVERY = 2.0

# The engines of ``index add`` and ``index group``: in this process, or on Dask.
ENGINES = ("local", "dask")


@dataclass
class Counts:
    """Progress of a run: articles parsed by workers, stored, and failed
    (unreadable or parsing raised)."""

    parsed: int = 0
    written: int = 0
    failed: int = 0


class ProgressLines:
    """Progress as plain lines on a stream (stderr), at most one per
    ``every`` seconds, plus a last one: readable in logs, unlike a bar."""

    def __init__(self, label: str, *, stream: TextIO | None = None,
                 every: float = PROGRESS_EVERY) -> None:
        self._label = label
        self._stream = stream
        self._every = every
        self._last = time.monotonic()

    def __call__(self, counts: Counts, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._last < self._every:
            return
        self._last = now
        self.note(f"parsed {counts.parsed}, written {counts.written}, failed {counts.failed}")

    def note(self, text: str) -> None:
        """Print one line of the run (a stage starting or done), unthrottled."""
        print(f"{self._label}: {text}", file=self._stream or sys.stderr, flush=True)


# ---------------------------------------------------------------- worker side


@dataclass(frozen=True)
class ReadNote:
    """A note from reading an input on a worker (a file's stray bytes
    replaced), sent back to be said where the serial path says it."""

    text: str


Outcome = ParsedArticle | Skipped | ReadNote


def _parse_one(article: Article) -> Outcome:
    try:
        return pipeline.parse_article(article)
    except Exception as exc:  # a parser bug on one article must not stop the run
        return Skipped(article.path, f"parsing failed ({type(exc).__name__}: {exc})")


def parse_paths(paths: Sequence[str], max_bytes: int) -> list[Outcome]:
    """Worker task: read and parse files, one outcome per path, in order,
    each after the notes of reading it."""
    out: list[Outcome] = []
    for path in paths:
        try:
            article = ingest.load_article(
                path, max_bytes=max_bytes, on_note=lambda text: out.append(ReadNote(text))
            )
        except InputError as exc:
            out.append(Skipped(exc.path, exc.reason))
            continue
        out.append(_parse_one(article))
    return out


def parse_fetched(articles: Sequence[Article]) -> list[Outcome]:
    """Worker task: parse articles the client fetched, one outcome each."""
    return [_parse_one(a) for a in articles]


# ---------------------------------------------------------------- client side


def _files(inputs: Sequence[str], on_skip: Callable[[Skipped], None]) -> list[str]:
    """The files ``ingest.read_inputs`` would read, in its order."""
    return list(ingest.input_files(inputs, on_skip))


@dataclass(frozen=True)
class _Task:
    """One unit of work: files to read, or fetched articles, for one task."""

    paths: tuple[str, ...]
    articles: tuple[Article, ...] = ()


def _tasks(
    inputs: Sequence[str],
    *,
    on_skip: Callable[[Skipped], None],
    fetch_options: fetch.FetchOptions | None,
    max_bytes: int,
    chunk: int,
    on_note: Callable[[str], None] | None,
) -> Iterator[_Task]:
    files = _files([i for i in inputs if not fetch.is_address(i)], on_skip)
    for i in range(0, len(files), chunk):
        yield _Task(tuple(files[i : i + chunk]))
    urls = [i for i in inputs if fetch.is_address(i)]
    if urls:
        fetched: list[Article] = []
        for article in pipeline.read_articles(
            urls, max_bytes=max_bytes, on_skip=on_skip, fetch_options=fetch_options,
            on_note=on_note,
        ):
            fetched.append(article)
            if len(fetched) == chunk:
                yield _Task(tuple(a.path for a in fetched), tuple(fetched))
                fetched = []
        if fetched:
            yield _Task(tuple(a.path for a in fetched), tuple(fetched))


def parse_on_dask(
    client: Any,
    inputs: Sequence[str],
    *,
    on_skip: Callable[[Skipped], None],
    counts: Counts | None = None,
    on_counts: Callable[[Counts], None] | None = None,
    max_bytes: int = ingest.DEFAULT_MAX_BYTES,
    fetch_options: fetch.FetchOptions | None = None,
    chunk: int = CHUNK_ARTICLES,
    window: int | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Iterator[ParsedArticle]:
    """Parse ``inputs`` (files, folders, addresses) on the client's workers and
    yield the parsed articles in input order. Inputs that cannot be read or
    parsed go to ``on_skip``; ``on_note`` hears the notes of reading them (as
    in ``pipeline.read_articles``), in input order; ``counts`` is updated as
    tasks finish."""
    distributed = cluster.require_dask()
    counts = counts if counts is not None else Counts()
    window = window or TASKS_PER_THREAD * max(1, sum(client.nthreads().values()))
    tasks = _tasks(inputs, on_skip=on_skip, fetch_options=fetch_options,
                   max_bytes=max_bytes, chunk=chunk, on_note=on_note)
    pending: dict[Any, tuple[int, _Task]] = {}
    done: dict[int, list[Outcome]] = {}
    queue = distributed.as_completed()
    submitted = next_out = 0

    def submit() -> bool:
        nonlocal submitted
        task = next(tasks, None)
        if task is None:
            return False
        if task.articles:
            future = client.submit(parse_fetched, task.articles, pure=False)
        else:
            future = client.submit(parse_paths, task.paths, max_bytes, pure=False)
        pending[future] = (submitted, task)
        queue.add(future)
        submitted += 1
        return True

    while len(pending) < window and submit():
        pass
    try:
        for future in queue:
            index, task = pending.pop(future)
            try:
                results: list[Outcome] = future.result()
            except Exception as exc:  # the task itself was lost (worker died)
                reason = f"worker task failed ({type(exc).__name__}: {exc})"
                results = [Skipped(p, reason) for p in task.paths]
            counts.parsed += sum(isinstance(r, ParsedArticle) for r in results)
            done[index] = results
            while len(pending) < window and submit():
                pass
            # Hand out finished tasks in submission order.
            while next_out in done:
                for outcome in done.pop(next_out):
                    if isinstance(outcome, ReadNote):
                        if on_note is not None:
                            on_note(outcome.text)
                    elif isinstance(outcome, Skipped):
                        counts.failed += 1
                        on_skip(outcome)
                    else:
                        yield outcome
                next_out += 1
            if on_counts is not None:
                on_counts(counts)
    finally:
        for future in pending:
            future.cancel()


def index_with_dask(
    store: Store,
    inputs: Sequence[str],
    *,
    on_skip: Callable[[Skipped], None],
    scheduler: str | None = None,
    workers: int | None = None,
    processes: bool = True,
    on_counts: Callable[[Counts], None] | None = None,
    max_bytes: int = ingest.DEFAULT_MAX_BYTES,
    fetch_options: fetch.FetchOptions | None = None,
    chunk: int = CHUNK_ARTICLES,
    regroup: bool = False,
    on_note: Callable[[str], None] | None = None,
    on_read_note: Callable[[str], None] | None = None,
) -> tuple[AddSummary, Counts]:
    """Parse ``inputs`` on Dask (see :func:`audit.engine.cluster.dask_client`) and add the articles
    to ``store`` from this process, in input order and in the store's batches.
    With ``regroup``, the articles are stored without incremental grouping,
    then, when any was stored, the whole store is grouped on the same cluster
    (:func:`group_store`; ``on_note`` hears its stages). ``on_read_note``
    hears the notes of reading the inputs. Returns what the store did and
    the run's counts."""
    counts = Counts()

    def written(_path: str, _outcome: str) -> None:
        counts.written += 1
        if on_counts is not None:
            on_counts(counts)

    with cluster.dask_client(scheduler, workers, processes=processes) as client:
        parsed = parse_on_dask(
            client, inputs, on_skip=on_skip, counts=counts, on_counts=on_counts,
            max_bytes=max_bytes, fetch_options=fetch_options, chunk=chunk,
            on_note=on_read_note,
        )
        summary = store.add(parsed, on_progress=written, group=not regroup)
        if regroup and (summary.added or summary.replaced):
            group_store(store, client, on_note=on_note)
    return summary, counts

