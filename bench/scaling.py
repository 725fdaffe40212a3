"""Scaling benchmark: the Dask engine against the in-process path, and the
PostgreSQL store against the SQLite one, on the same seeded synthetic corpus
(bench/corpus.py).

    python -m bench.scaling                          # 2000 articles, 100k quotes
    python -m bench.scaling --articles 5000 --quotes 1m --json scaling.json
    python -m bench.scaling --pg-url postgresql://me@dbhost/bench
    python -m bench.scaling --skip engine --skip backends --grouping 100k,1m
    python -m bench.scaling --skip engine --skip backends --bulk 100k --workers 1

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

Grouping (``--grouping SIZES``): the generated quotes of each size are grouped
on Dask (engine.group_on_dask) with a LocalCluster of 1 and of 2 worker
processes: wall time per stage (quote ordering and group building on the
client included, cluster start-up and corpus generation excluded) and the CPU
seconds the workers and the client spent (robust when other jobs share the
machine). Against brute force, two measures: on the first ``--group-sample``
quotes, every pair is verified with the scorer and grouped by the same rules
(brute force), and the pair recall of the Dask grouping (whole corpus,
restricted to the sample) is reported, with its agreement with
match.group_quotes on the sample; and for ``--scan-sample`` late quotes (the
last fifth), the group each joins is compared with the one an exhaustive scan
of every earlier quote picks under the same rules ("join agreement": the
blocking's recall where the archive is large).

Bulk path (``--bulk SIZES``, what ``index add --engine dask`` does after
parsing): the generated parses are stored without incremental grouping
(``Store.add(group=False)``) in each ``--backend``, the stored quotes are
grouped on a LocalCluster of the first ``--workers`` size, and the groups are
stored with ``Store.set_groups``: articles/s of storing, grouping wall and CPU,
set_groups seconds, and pair recall against brute force on ``--group-sample``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from audit import engine, match
from audit.models import Quote, Skipped
from audit.pipeline import parse_articles, read_articles
from audit.store import Store
from audit.text import normalize
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


def _digest(found: Sequence[Any]) -> str:
    """A short fingerprint of one look-up answer (ids, scores, relations, order)."""
    text = "|".join(f"{m.quote.id}:{m.score}:{m.relation}" for m in found)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _one_backend(args: argparse.Namespace, name: str, target: str,
                 figures: dict[str, Any], save: Callable[[], None]) -> None:
    """Store the generated stream into ``target`` up to each checkpoint and,
    at each, time look-ups; figures[str(checkpoint)] after each (saved)."""
    stream = CorpusGenerator(args.seed).until_quotes(args.quotes)
    stored = articles = 0
    seconds = 0.0
    with Store.open(target) as st:
        for checkpoint in sorted({*(c for c in args.checkpoints if c < args.quotes),
                                  args.quotes}):
            batch: list[Any] = []
            while stored < checkpoint:
                item = next(stream, None)
                if item is None:
                    break
                batch.append(item.parsed)
                stored += len(item.parsed.quotes)
            start = time.perf_counter()
            summary = st.add(batch)
            step = time.perf_counter() - start
            seconds += step
            articles += len(summary.added)
            stats = st.stats()
            quotes = list(st.quotes())
            # A generator of its own, so the stored stream does not depend on
            # the checkpoints.
            queries = make_queries(quotes, CorpusGenerator(args.seed + 1), args.queries,
                                   args.seed)
            latencies, digests = [], []
            for _, text in queries:
                t = time.perf_counter()
                found = st.lookup(text)
                latencies.append(time.perf_counter() - t)
                digests.append(_digest(found))
            usual = sorted(t for (kind, _), t in zip(queries, latencies, strict=True)
                           if kind != "common")
            common = sorted(t for (kind, _), t in zip(queries, latencies, strict=True)
                            if kind == "common")
            figures[str(checkpoint)] = {
                "articles": articles,
                "quotes": stats["quotes"],
                "index_seconds": round(seconds, 1),
                "articles_per_s": round(articles / seconds, 1),
                "quotes_per_s": round(stats["quotes"] / seconds, 1),
                "last_step_articles_per_s": round(len(summary.added) / step, 1),
                "lookup_p50_ms": round(statistics.median(usual) * 1000, 2),
                "lookup_p95_ms": round(usual[int(0.95 * (len(usual) - 1))] * 1000, 2),
                "common_lookup_p50_ms": (round(statistics.median(common) * 1000, 2)
                                         if common else None),
                "db_bytes": stats["db_bytes"],
                "bytes_per_quote": stats["bytes_per_quote"],
                "answers": digests,
            }
            shown = {k: v for k, v in figures[str(checkpoint)].items() if k != "answers"}
            _say(f"  {name} at {checkpoint}: {shown}")
            save()


def compare_answers(out: dict[str, Any]) -> None:
    """At each checkpoint both backends reached: how many look-up answers are
    identical (same quotes, scores, relations, order)."""
    both = set(out.get("sqlite", {})) & set(out.get("postgresql", {}))
    for checkpoint in sorted(both, key=int):
        a = out["sqlite"][checkpoint]["answers"]
        b = out["postgresql"][checkpoint]["answers"]
        same = sum(x == y for x, y in zip(a, b, strict=True))
        out.setdefault("identical_lookups", {})[checkpoint] = f"{same}/{len(a)}"
        _say(f"  identical look-up answers at {checkpoint}: {same}/{len(a)}")


def backend_figures(args: argparse.Namespace, work: Path, save: Callable[[], None],
                    out: dict[str, Any]) -> None:
    """Store-only indexing and look-up latency, SQLite against PostgreSQL (or
    one of them: ``--backend``), at each checkpoint up to ``--quotes``, into
    ``out`` (saved as it grows)."""
    out["quotes_target"] = args.quotes
    for name in ("sqlite", "postgresql"):
        if args.backend not in (name, "both"):
            continue
        figures: dict[str, Any] = out.setdefault(name, {})
        if name == "sqlite":
            _one_backend(args, name, str(work / "backend.db"), figures, save)
            continue
        url, stop = _pg_target(args)
        try:
            _one_backend(args, name, url, figures, save)
        finally:
            stop()
    compare_answers(out)


# ---------------------------------------------------------------- grouping


def _cpu(client: Any) -> float:
    return float(sum(client.run(time.process_time).values()))


def _scan(texts: str, surnames: str, norms: str, i: int) -> list[engine.Verified]:
    """Worker task: quote ``i`` verified against every earlier quote."""
    return engine.verify_pairs(texts, surnames, engine.group_settings(), norms,
                               [(i << 32) | j for j in range(i)])[1]


def _verify_rows(texts: str, surnames: str, lo: int, hi: int) -> list[engine.Verified]:
    """Worker task: quotes lo..hi-1 each verified against every earlier quote."""
    return engine.verify_pairs(texts, surnames, engine.group_settings(), None,
                               [(i << 32) | j for i in range(lo, hi) for j in range(i)])[1]


def _same_group_pairs(group_of: Sequence[int], keep: int) -> set[tuple[int, int]]:
    members: dict[int, list[int]] = {}
    for i, g in enumerate(group_of[:keep]):
        members.setdefault(g, []).append(i)
    return {(a, b) for ids in members.values() for k, a in enumerate(ids) for b in ids[k + 1:]}


def sample_recall(client: Any, plan: match.QuoteGrouping, sample: int) -> dict[str, Any]:
    """Pair recall on the first ``sample`` quotes: brute force (every pair
    verified, grouped by the same rules) against the Dask grouping of the
    whole corpus restricted to them; and match.group_quotes on them."""
    quotes = plan.quotes[:sample]
    n = len(quotes)
    texts = [q.text for q in quotes]
    shared_texts = engine.share_texts(client, texts)
    surnames = engine.share_texts(client, [match.speaker_surname(q.speaker) for q in quotes])
    start = time.perf_counter()
    # Rows of about equal pair counts (row i holds i pairs).
    bounds = [round(n * (k / 16) ** 0.5) for k in range(17)]
    futures = [client.submit(_verify_rows, shared_texts, surnames, lo, hi, pure=False)
               for lo, hi in zip(bounds, bounds[1:], strict=False) if hi > lo]
    verified = [v for part in client.gather(futures) for v in part]
    lengths = [len(normalize(t)) for t in texts]
    brute, _ = engine.join_in_order(quotes, lengths, verified)
    seconds = time.perf_counter() - start
    reference = _same_group_pairs(brute, n)
    ours = _same_group_pairs(plan.group_of, n)
    index = {q.id: i for i, q in enumerate(quotes)}
    group_quotes = {tuple(sorted(index[m.quote.id] for m in g.members))
                    for g in match.group_quotes(quotes)}
    dask_groups = {tuple(ids) for ids in _groups_of(plan.group_of[:n])}
    return {
        "quotes": n,
        "pairs_verified": n * (n - 1) // 2,
        "brute_force_s": round(seconds, 1),
        "brute_force_pairs": len(reference),
        "dask_pairs": len(ours),
        "pair_recall": round(len(reference & ours) / len(reference), 4) if reference else None,
        "pair_precision": round(len(reference & ours) / len(ours), 4) if ours else None,
        "equals_group_quotes": group_quotes == dask_groups,
    }


def _groups_of(group_of: Sequence[int]) -> list[list[int]]:
    members: dict[int, list[int]] = {}
    for i, g in enumerate(group_of):
        members.setdefault(g, []).append(i)
    return list(members.values())


def join_agreement(client: Any, plan: match.QuoteGrouping, sample: int,
                   seed: int) -> dict[str, Any]:
    """For ``sample`` quotes of the last fifth, is the group each joined the
    one an exhaustive scan of every earlier quote picks under the same rules
    (the references as they were when it joined)?"""
    n = len(plan.quotes)
    rng = random.Random(seed)
    picked = sorted(rng.sample(range(n * 4 // 5, n), min(sample, n // 5)))
    texts = engine.share_texts(client, [q.text for q in plan.quotes])
    surnames = engine.share_texts(client, [match.speaker_surname(q.speaker) for q in plan.quotes])
    start = time.perf_counter()
    # Every scan reads the wordings of most of the corpus: normalised once.
    norms = client.submit(engine.normalised_wordings, texts, 0, n, pure=False)
    scans = dict(zip(picked, client.gather(
        [client.submit(_scan, texts, surnames, norms, i, pure=False) for i in picked]),
        strict=True))
    seconds = time.perf_counter() - start
    # Replay the joins to know each group's reference when a sampled quote joined.
    lengths = [len(normalize(q.text)) for q in plan.quotes]
    reference: list[int] = []
    agree = 0
    for i, quote in enumerate(plan.quotes):
        g = plan.group_of[i]
        if i in scans:
            best = max(
                (
                    match.join_rank(score, same, plan.group_of[j], j)
                    for _, j, score, same, through_any in scans[i]
                    if through_any or reference[plan.group_of[j]] == j
                ),
                default=None,
            )
            agree += (match.ranked_group(best) == g) if best is not None else (g == len(reference))
        if g == len(reference):
            reference.append(i)
        else:
            ref = reference[g]
            if match.replaces_reference(
                plan.quotes[ref].fragment, lengths[ref], quote.fragment, lengths[i]
            ):
                reference[g] = i
    return {
        "quotes": len(picked),
        "agreement": round(agree / len(picked), 4) if picked else None,
        "pairs_verified": sum(picked),
        "scan_s": round(seconds, 1),
    }


def grouping_figures(args: argparse.Namespace) -> dict[str, Any]:
    """Whole-corpus grouping on Dask: time and CPU with 1 and 2 local worker
    processes, pair recall and join agreement against brute force."""
    out: dict[str, Any] = {}
    for size in args.grouping:
        gen = CorpusGenerator(args.seed)
        quotes: list[Quote] = [q for g in gen.until_quotes(size) for q in g.parsed.quotes]
        figures: dict[str, Any] = {"quotes": len(quotes)}
        _say(f"grouping: {len(quotes)} quotes generated")
        for workers in args.workers:
            with engine.dask_client(workers=workers) as client:
                plan, run = _timed_plan(client, quotes)
                run["groups"] = len(plan.references)
                run["shared_groups"] = sum(len(m) > 1 for m in plan.members())
                _say(f"  dask {workers} worker(s): {run}")
                figures[f"dask_{workers}"] = run
                if workers == max(args.workers):
                    if args.group_sample:
                        figures["sample_recall"] = sample_recall(client, plan, args.group_sample)
                        _say(f"  first quotes, brute force: {figures['sample_recall']}")
                    if args.scan_sample:
                        figures["join_agreement"] = join_agreement(
                            client, plan, args.scan_sample, args.seed)
                        _say(f"  late quotes, exhaustive scan: {figures['join_agreement']}")
        out[str(size)] = figures
    return out


def _timed_plan(client: Any, quotes: list[Quote]) -> tuple[match.QuoteGrouping, dict[str, Any]]:
    """plan_groups_on_dask over ``quotes``, timed (wall, stages, worker and
    client CPU), after a warm-up of the workers (imports, data files)."""
    engine.plan_groups_on_dask(client, quotes[:200])
    timings: dict[str, float] = {}
    cpu_workers, cpu_client = _cpu(client), time.process_time()
    start = time.perf_counter()
    plan = engine.plan_groups_on_dask(client, quotes, timings=timings)
    seconds = time.perf_counter() - start
    return plan, {
        "seconds": round(seconds, 1),
        "stages_s": timings,
        "worker_cpu_s": round(_cpu(client) - cpu_workers, 1),
        "client_cpu_s": round(time.process_time() - cpu_client, 1),
        "candidates": plan.candidates,
        "verified": plan.verified,
    }


# ---------------------------------------------------------------- bulk path


def _bulk_one(args: argparse.Namespace, size: int, name: str, target: str) -> dict[str, Any]:
    """Store ``size`` generated quotes without grouping into ``target``, then
    group the store on Dask and store the groups (what ``index add --engine
    dask`` does after parsing)."""
    items = [g.parsed for g in CorpusGenerator(args.seed).until_quotes(size)]
    out: dict[str, Any] = {"articles": len(items)}
    with Store.open(target) as st:
        cpu, start = time.process_time(), time.perf_counter()
        summary = st.add(items, group=False)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        out["quotes"] = summary.quotes
        out["store"] = {"seconds": round(seconds, 1), "cpu_s": round(cpu, 1),
                        "articles_per_s": round(len(items) / seconds, 1),
                        "quotes_per_s": round(summary.quotes / seconds, 1)}
        _say(f"  {name}, store without grouping: {out['store']}")
        del items
        workers = args.workers[0]
        with engine.dask_client(workers=workers) as client:
            start = time.perf_counter()
            quotes = list(st.quotes())
            read = time.perf_counter() - start
            plan, run = _timed_plan(client, quotes)
            cpu, start = time.process_time(), time.perf_counter()
            groups = st.set_groups([plan.quotes[i].id for i in m] for m in plan.members())
            stored, cpu = time.perf_counter() - start, time.process_time() - cpu
            out["group"] = {"workers": workers, "read_quotes_s": round(read, 1), **run}
            _say(f"  {name}, Dask grouping: {out['group']}")
            out["set_groups"] = {"seconds": round(stored, 1), "cpu_s": round(cpu, 1),
                                 "groups": groups,
                                 "shared_groups": st.stats()["shared_groups"]}
            _say(f"  {name}, set_groups: {out['set_groups']}")
            if args.group_sample:
                out["sample_recall"] = sample_recall(client, plan, args.group_sample)
                _say(f"  {name}, first quotes, brute force: {out['sample_recall']}")
    return out


def bulk_figures(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The bulk path at each ``--bulk`` size, on ``--backend``: storing
    without grouping (articles/s), Dask grouping of the stored quotes (wall,
    worker and client CPU), set_groups, pair recall against brute force."""
    out: dict[str, Any] = {}
    for size in args.bulk:
        figures: dict[str, Any] = {}
        _say(f"bulk: {size} quotes")
        for name in ("sqlite", "postgresql"):
            if args.backend not in (name, "both"):
                continue
            if name == "sqlite":
                figures[name] = _bulk_one(args, size, name, str(work / f"bulk{size}.db"))
                continue
            url, stop = _pg_target(args)
            try:
                figures[name] = _bulk_one(args, size, name, url)
            finally:
                stop()
        out[str(size)] = figures
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
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both",
                        help="run one backend (two runs at once use both cores)")
    parser.add_argument("--checkpoints", type=lambda x: [_parse_size(v) for v in x.split(",")],
                        default=[], help="also measure on the way, e.g. 100k,300k")
    parser.add_argument("--merge", nargs="+", default=None, metavar="JSON",
                        help="merge the backend figures of single-backend runs and compare "
                             "their answers (with --json to save)")
    parser.add_argument("--grouping", type=lambda x: [_parse_size(v) for v in x.split(",")],
                        default=[], help="quote counts for the Dask grouping, e.g. 100k,1m")
    parser.add_argument("--group-sample", type=int, default=2000,
                        help="first quotes whose every pair is verified (brute force)")
    parser.add_argument("--scan-sample", type=int, default=40,
                        help="late quotes checked against an exhaustive scan")
    parser.add_argument("--bulk", type=lambda x: [_parse_size(v) for v in x.split(",")],
                        default=[], help="quote counts for the bulk path (store without "
                        "grouping, Dask grouping on the first --workers, set_groups)")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    parser.add_argument("--workdir", default=None,
                        help="where the databases and files go, kept after the run "
                        "(default: a temporary folder, removed)")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"cpus": os.cpu_count()}

    def save() -> None:
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")

    if args.merge:
        merged: dict[str, Any] = {}
        for path in args.merge:
            part = json.loads(Path(path).read_text(encoding="utf-8"))
            for key, value in part.get("backends", {}).items():
                merged.setdefault(key, value)
        compare_answers(merged)
        figures["backends"] = merged
        save()
        return 0
    with contextlib.ExitStack() as stack:
        if args.workdir:
            Path(args.workdir).mkdir(parents=True, exist_ok=True)
            tmp = args.workdir
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="citeaudit-scaling-"))
        if "engine" not in args.skip:
            figures["engine"] = engine_figures(args, Path(tmp))
            save()
        if "backends" not in args.skip:
            figures["backends"] = {}
            backend_figures(args, Path(tmp), save, figures["backends"])
            save()
        if args.bulk:
            figures["bulk"] = bulk_figures(args, Path(tmp))
            save()
    if args.grouping:
        figures["grouping"] = grouping_figures(args)
        save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
