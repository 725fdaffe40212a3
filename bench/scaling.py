"""Scaling benchmark: the Dask engine against the in-process path, and the
PostgreSQL store against the SQLite one, on the same seeded synthetic corpus
(bench/corpus.py).

    python -m bench.scaling                          # 2000 articles, 100k quotes
    python -m bench.scaling --articles 5000 --quotes 1m --json scaling.json
    python -m bench.scaling --pg-url postgresql://me@dbhost/bench

Engine: the generated articles are written out as .txt files and indexed
through the whole pipeline (read -> parse -> store into SQLite): in-process,
then with a LocalCluster of 1 and of 2 worker processes (cluster start-up
timed apart). Parsing alone (no store) is timed too, to show how far the
parallel part scales and what the single writer costs.

Backends: the generated ground-truth parses are stored (store only: insert,
index, incremental grouping) until the archive holds ``--quotes`` quotes, in
SQLite and in PostgreSQL (a throw-away server started like the tests' one,
unless ``--pg-url`` names a database); then the same look-up queries run on
both: latency p50/p95, and how many answers are identical across backends.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from audit import engine
from audit.models import Skipped
from audit.pipeline import parse_articles, read_articles
from audit.store import Store
from bench.benchmark import _parse_size, make_queries
from bench.corpus import CorpusGenerator


def _say(line: str) -> None:
    print(line, flush=True)


def _skip(item: Skipped) -> None:
    _say(f"  skipped {item.path}: {item.reason}")


def _timed(label: str, n: int, run: Callable[[], Any]) -> dict[str, Any]:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    out = {"seconds": round(seconds, 2), "articles_per_s": round(n / seconds, 1)}
    _say(f"  {label}: {out}")
    return out


def write_corpus(folder: Path, articles: int, seed: int) -> list[str]:
    """Write ``articles`` generated articles as .txt files; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, item in enumerate(CorpusGenerator(seed).articles(articles)):
        path = folder / f"{i:07d}.txt"
        path.write_text(item.article.text, encoding="utf-8")
        paths.append(str(path))
    return paths


def engine_figures(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Indexing throughput in-process and with 1 and 2 local Dask workers."""
    folder = work / "corpus"
    paths = write_corpus(folder, args.articles, args.seed)
    n = len(paths)
    _say(f"engine: {n} articles written to {folder}")
    out: dict[str, Any] = {"articles": n}

    def consume(items: Iterator[Any]) -> None:
        for _ in items:
            pass

    out["local_parse"] = _timed("in-process, parse only", n, lambda: consume(
        parse_articles(read_articles([str(folder)], on_skip=_skip))))

    def local_index() -> None:
        with Store.open(str(work / "local.db")) as st:
            st.add(parse_articles(read_articles([str(folder)], on_skip=_skip)))

    out["local_index"] = _timed("in-process, index into SQLite", n, local_index)
    for workers in args.workers:
        start = time.perf_counter()
        with engine.dask_client(workers=workers) as client:
            startup = time.perf_counter() - start
            _say(f"  dask {workers} worker(s): cluster up in {startup:.1f} s")
            # Warm the workers (imports, lexicon caches) off the clock.
            consume(engine.parse_on_dask(client, paths[: 2 * workers], on_skip=_skip))
            def dask_parse(c: Any = client) -> None:
                consume(engine.parse_on_dask(c, [str(folder)], on_skip=_skip))

            parse = _timed(f"dask {workers} worker(s), parse only", n, dask_parse)

            def dask_index(c: Any = client, w: int = workers) -> None:
                with Store.open(str(work / f"dask{w}.db")) as st:
                    st.add(engine.parse_on_dask(c, [str(folder)], on_skip=_skip))

            index = _timed(f"dask {workers} worker(s), index into SQLite", n, dask_index)
        out[f"dask_{workers}"] = {"startup_s": round(startup, 1), "parse": parse,
                                  "index": index}
    return out


def _pg_target(args: argparse.Namespace) -> tuple[str, Callable[[], None]]:
    if args.pg_url:
        return args.pg_url, lambda: None
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pg import start_server

    server = start_server()
    return server.new_database(), server.stop


def backend_figures(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Store-only indexing and look-up latency, SQLite against PostgreSQL."""
    url, stop = _pg_target(args)
    out: dict[str, Any] = {"quotes_target": args.quotes}
    answers: dict[str, list[Any]] = {}
    try:
        for name, target in (("sqlite", str(work / "backend.db")), ("postgresql", url)):
            gen = CorpusGenerator(args.seed)
            items = [g.parsed for g in gen.until_quotes(args.quotes)]
            with Store.open(target) as st:
                start = time.perf_counter()
                summary = st.add(items)
                seconds = time.perf_counter() - start
                stats = st.stats()
                quotes = list(st.quotes())
                queries = make_queries(quotes, gen, args.queries, args.seed)
                latencies, found = [], []
                for _, text in queries:
                    t = time.perf_counter()
                    found.append(st.lookup(text))
                    latencies.append(time.perf_counter() - t)
            usual = sorted(t for (kind, _), t in zip(queries, latencies, strict=True)
                           if kind != "common")
            answers[name] = found
            out[name] = {
                "articles": len(summary.added),
                "quotes": summary.quotes,
                "index_seconds": round(seconds, 1),
                "articles_per_s": round(len(summary.added) / seconds, 1),
                "quotes_per_s": round(summary.quotes / seconds, 1),
                "lookup_p50_ms": round(statistics.median(usual) * 1000, 2),
                "lookup_p95_ms": round(usual[int(0.95 * (len(usual) - 1))] * 1000, 2),
                "db_bytes": stats["db_bytes"],
                "bytes_per_quote": stats["bytes_per_quote"],
            }
            _say(f"  {name}: {out[name]}")
    finally:
        stop()
    same = sum(a == b for a, b in zip(answers["sqlite"], answers["postgresql"], strict=True))
    out["identical_lookups"] = f"{same}/{len(answers['sqlite'])}"
    _say(f"  identical look-up answers: {out['identical_lookups']}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the scaling benchmark; print the figures (and save them as JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000,
                        help="articles for the engine comparison")
    parser.add_argument("--workers", type=lambda s: [int(x) for x in s.split(",")],
                        default=[1, 2], help="local Dask cluster sizes, e.g. 1,2")
    parser.add_argument("--quotes", type=_parse_size, default=100_000,
                        help="stored quotes for the backend comparison (10k, 100k, 1m)")
    parser.add_argument("--queries", type=int, default=210)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg-url", default=None,
                        help="PostgreSQL database to use (default: a throw-away server)")
    parser.add_argument("--skip", choices=["engine", "backends"], action="append", default=[])
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="citeaudit-scaling-") as tmp:
        if "engine" not in args.skip:
            figures["engine"] = engine_figures(args, Path(tmp))
        if "backends" not in args.skip:
            figures["backends"] = backend_figures(args, Path(tmp))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
