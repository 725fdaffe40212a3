"""Benchmark of the corpus store (audit/store.py) on seeded synthetic corpora.

    python -m bench.benchmark                      # 10k and 100k stored quotes
    python -m bench.benchmark --sizes 1m --json bench-1m.json

For each size, in a fresh process (so peak memory is that size's own):

- indexing: the generated articles' ground-truth parses are stored (store
  only: insert, index, incremental grouping), then a sample of generated
  articles goes through the whole pipeline (ingest -> parse -> store) against
  the full archive; articles/s, and peak memory (max RSS);
- grouping: the time the store spends choosing groups while indexing, and pair
  recall against match.group_quotes on the first and the last quotes stored
  (the in-memory reference grouping of the same quotes);
- look-up: latency p50/p95 of Store.lookup over the queries (exact, fragment,
  altered, re-worded, extended, short, unrelated), the same queries by brute
  force (the match scorer on every stored quote), and the index's recall
  against brute force (with any difference in scores or order reported);
- size: database bytes per stored quote.

Figures are printed as they come, and the whole run can be saved as JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from audit import match
from audit.models import LookupMatch, ParsedArticle, Quote, QuoteGroup
from audit.store import Store
from bench.corpus import CorpusGenerator

_SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def _parse_size(text: str) -> int:
    key = text.strip().lower()
    if key in _SIZES:
        return _SIZES[key]
    return int(float(key.rstrip("k")) * 1000) if key.endswith("k") else int(key)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _say(line: str) -> None:
    print(line, flush=True)


class _Timed:
    """Wraps an iterator, keeping the time spent producing its items apart."""

    def __init__(self, items: Iterable[ParsedArticle]) -> None:
        self._items = iter(items)
        self.seconds = 0.0
        self.count = 0

    def __iter__(self) -> Iterator[ParsedArticle]:
        while True:
            start = time.perf_counter()
            try:
                item = next(self._items)
            except StopIteration:
                return
            finally:
                self.seconds += time.perf_counter() - start
            self.count += 1
            yield item


def _time_grouping() -> tuple[list[float], Callable[[], None]]:
    """Accumulate the time Store._choose_group takes (the grouping step)."""
    spent = [0.0]
    original = Store._choose_group

    def timed(self: Store, qid: int, quote: Quote, words: Sequence[str]) -> int | None:
        start = time.perf_counter()
        try:
            return original(self, qid, quote, words)
        finally:
            spent[0] += time.perf_counter() - start

    Store._choose_group = timed  # type: ignore[method-assign]

    def restore() -> None:
        Store._choose_group = original  # type: ignore[method-assign]

    return spent, restore


# ---------------------------------------------------------------- queries


def make_queries(
    quotes: Sequence[Quote], gen: CorpusGenerator, n: int, seed: int
) -> list[tuple[str, str]]:
    """``n`` look-up queries (kind, text) drawn from the stored quotes."""
    rng = random.Random(seed)
    kinds = ("exact", "fragment", "altered", "reworded", "extended", "short", "unrelated")
    out: list[tuple[str, str]] = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        words = rng.choice(quotes).text.split()
        if kind == "fragment" and len(words) > 5:
            k = rng.randint(4, len(words) - 1)
            start = rng.randint(0, len(words) - k)
            words = words[start : start + k]
        elif kind == "altered":
            for _ in range(rng.randint(1, 2)):
                words[rng.randrange(len(words))] = gen.words(1)[0]
        elif kind == "reworded":
            words = [w if rng.random() < 0.75 else gen.words(1)[0] for w in words]
        elif kind == "extended":
            words = gen.words(rng.randint(3, 12)) + words + gen.words(rng.randint(0, 8))
        elif kind == "short":
            k = min(len(words), rng.randint(2, 3))
            start = rng.randint(0, len(words) - k)
            words = words[start : start + k]
        elif kind == "unrelated":
            words = gen.sentence_tokens(rng.randint(8, 30), ())
        out.append((kind, " ".join(words)))
    return out


def _brute_worker(args: tuple[int, int]) -> list[list[tuple[int, float, str]]]:
    lo, hi = args
    return [_brute_one(q) for q in _BRUTE_QUERIES[lo:hi]]


# Set before forking the brute-force workers (shared copy-on-write).
_BRUTE_KEYS: list[Any] = []
_BRUTE_QUERIES: list[str] = []


def _brute_one(query: str) -> list[tuple[int, float, str]]:
    """match.lookup's test, on precomputed keys (its key cache is far smaller
    than a million quotes): (quote index, score, relation) of every match."""
    threshold = match._quote_settings().lookup_min_score
    qkey = match._key(query)
    found: list[tuple[int, float, str]] = []
    for i, key in enumerate(_BRUTE_KEYS):
        score, relation = match._compare(qkey, key, threshold)
        if relation != "unrelated" and score >= threshold:
            found.append((i, score, relation))
    return found


def brute_force(
    quotes: Sequence[Quote], queries: Sequence[str], workers: int
) -> tuple[list[list[LookupMatch]], float]:
    """Every match of every query by scanning all quotes; seconds per query."""
    global _BRUTE_KEYS, _BRUTE_QUERIES
    _BRUTE_KEYS = [match._key(q.text) for q in quotes]
    _BRUTE_QUERIES = list(queries)
    start = time.perf_counter()
    step = max(1, -(-len(queries) // (workers * 4)))
    chunks = [(i, min(i + step, len(queries))) for i in range(0, len(queries), step)]
    with mp.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_brute_worker, chunks)
    elapsed = time.perf_counter() - start
    results: list[list[LookupMatch]] = []
    for part in parts:
        for hits in part:
            found = [LookupMatch(quotes[i], score, rel) for i, score, rel in hits]
            found.sort(key=lambda m: (-m.score, m.quote.article, m.quote.start, m.quote.end,
                                      m.quote.id))
            results.append(found)
    _BRUTE_KEYS, _BRUTE_QUERIES = [], []
    return results, elapsed * workers / max(1, len(queries))


# ---------------------------------------------------------------- grouping


def _pairs(groups: Iterable[QuoteGroup], keep: set[str]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for g in groups:
        ids = sorted(m.quote.id for m in g.members if m.quote.id in keep)
        out.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return out


def pair_recall(st: Store, sample: Sequence[Quote]) -> dict[str, Any]:
    """Pairs match.group_quotes puts together in ``sample``, and the share of
    them the store has in one group."""
    keep = {q.id for q in sample}
    start = time.perf_counter()
    reference = _pairs(match.group_quotes(sample), keep)
    seconds = time.perf_counter() - start
    group_of = st.group_of()
    found = sum(1 for a, b in reference if group_of[a] == group_of[b])
    stored_pairs = _pairs_from_map({q: group_of[q] for q in keep})
    return {
        "quotes": len(sample),
        "reference_pairs": len(reference),
        "store_pairs": stored_pairs,
        "pair_recall": round(found / len(reference), 4) if reference else None,
        "group_quotes_s": round(seconds, 2),
    }


def _pairs_from_map(group_of: dict[str, str]) -> int:
    sizes: dict[str, int] = {}
    for g in group_of.values():
        sizes[g] = sizes.get(g, 0) + 1
    return sum(n * (n - 1) // 2 for n in sizes.values())


# ---------------------------------------------------------------- one size


def run_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Build a store of ``size`` quotes and measure it (see module docstring)."""
    out: dict[str, Any] = {"quotes_target": size, "seed": args.seed}
    workdir = args.workdir or tempfile.mkdtemp(prefix="citeaudit-bench-")
    db = os.path.join(workdir, f"bench-{size}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    gen = CorpusGenerator(args.seed)
    source = _Timed(item.parsed for item in gen.until_quotes(size))
    spent, restore = _time_grouping()
    last_report = [time.perf_counter()]

    def progress(path: str, outcome: str) -> None:
        now = time.perf_counter()
        if now - last_report[0] > 30:
            last_report[0] = now
            _say(f"  ... {source.count} articles")

    start = time.perf_counter()
    with Store.open(db) as st:
        summary = st.add(source, on_progress=progress)
    total = time.perf_counter() - start
    restore()
    store_s = total - source.seconds
    out["articles"] = len(summary.added)
    out["quotes"] = summary.quotes
    out["store_only"] = {
        "seconds": round(store_s, 1),
        "articles_per_s": round(len(summary.added) / store_s, 1),
        "quotes_per_s": round(summary.quotes / store_s, 1),
        "grouping_s": round(spent[0], 1),
        "generation_s": round(source.seconds, 1),
    }
    out["peak_rss_mb_after_indexing"] = round(_rss_mb(), 1)
    _say(f"[{size}] stored {summary.quotes} quotes in {len(summary.added)} articles: "
         f"{out['store_only']}")

    with Store.open(db) as st:
        out["pipeline"] = _pipeline_sample(st, args)
        _say(f"[{size}] whole pipeline on a sample: {out['pipeline']}")
        stats = st.stats()
    size_bytes = sum(
        os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)
    )
    out["db_bytes"] = size_bytes
    out["db_bytes_per_quote"] = round(size_bytes / stats["quotes"], 1)
    out["stats"] = stats
    _say(f"[{size}] db {size_bytes / 1e6:.1f} MB, {out['db_bytes_per_quote']} bytes/quote")

    with Store.open(db, create=False) as st:
        quotes = list(st.quotes())
        out["lookup"] = _lookup_figures(st, quotes, gen, args)
        _say(f"[{size}] look-up: {out['lookup']}")
        sample = min(args.group_sample, len(quotes))
        out["grouping"] = {
            "first": pair_recall(st, quotes[:sample]),
            "last": pair_recall(st, quotes[-sample:]),
        }
        _say(f"[{size}] grouping: {out['grouping']}")
    out["peak_rss_mb"] = round(_rss_mb(), 1)
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    return out


def _pipeline_sample(st: Store, args: argparse.Namespace) -> dict[str, Any]:
    """Ingest, parse and store ``args.pipeline`` new articles into the archive."""
    from audit import ingest
    from audit.pipeline import parse_article

    gen = CorpusGenerator(args.seed + 1000)
    articles = [item.article for item in gen.articles(args.pipeline)]
    start = time.perf_counter()
    parsed = [
        parse_article(ingest.article_from_text(a.path.replace("synthetic/", "pipeline/"),
                                               a.text, title=a.title))
        for a in articles
    ]
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    st.add(parsed)
    store_s = time.perf_counter() - start
    n = len(articles)
    return {
        "articles": n,
        "quotes": sum(len(p.quotes) for p in parsed),
        "parse_articles_per_s": round(n / parse_s, 1),
        "store_articles_per_s": round(n / store_s, 1),
        "articles_per_s": round(n / (parse_s + store_s), 1),
    }


def _lookup_figures(
    st: Store, quotes: Sequence[Quote], gen: CorpusGenerator, args: argparse.Namespace
) -> dict[str, Any]:
    queries = make_queries(quotes, gen, args.queries, args.seed)
    latencies: list[float] = []
    found: list[list[LookupMatch]] = []
    for _, text in queries:
        start = time.perf_counter()
        found.append(st.lookup(text))
        latencies.append(time.perf_counter() - start)
    brute, brute_s = brute_force(quotes, [t for _, t in queries], args.workers)
    hits = total = same = 0
    by_kind: dict[str, list[int]] = {}
    for (kind, _), mine, truth in zip(queries, found, brute, strict=True):
        truth_ids = {m.quote.id for m in truth}
        mine_ids = {m.quote.id for m in mine}
        hits += len(truth_ids & mine_ids)
        total += len(truth_ids)
        same += mine == truth
        k = by_kind.setdefault(kind, [0, 0])
        k[0] += len(truth_ids & mine_ids)
        k[1] += len(truth_ids)
    latencies.sort()
    return {
        "queries": len(queries),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2),
        "brute_ms_per_query": round(brute_s * 1000, 1),
        "matches": total,
        "recall": round(hits / total, 4) if total else None,
        "identical_results": f"{same}/{len(queries)}",
        "recall_by_kind": {k: f"{h}/{t}" for k, (h, t) in sorted(by_kind.items())},
    }


def _child(size: int, args: argparse.Namespace, queue: Any) -> None:
    queue.put(run_size(size, args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark for each size given; print figures (and save JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k",
                        help="stored-quote counts, comma-separated (10k, 100k, 1m, 250k...)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=210, help="look-up queries per size")
    parser.add_argument("--pipeline", type=int, default=200,
                        help="articles sent through the whole pipeline per size")
    parser.add_argument("--group-sample", type=int, default=20_000,
                        help="quotes compared with match.group_quotes (first and last)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for the brute-force baseline")
    parser.add_argument("--workdir", default=None, help="where the databases go (default: tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = []
    _say(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
         f"{os.cpu_count()} CPUs")
    for size in (_parse_size(s) for s in args.sizes.split(",") if s.strip()):
        ctx = mp.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(target=_child, args=(size, args, queue))
        proc.start()
        result = queue.get()
        proc.join()
        results.append(result)
        _say(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
