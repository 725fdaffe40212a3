"""Benchmark of the corpus store (audit/store/) on seeded synthetic corpora.

    python -m bench.benchmark                      # 10k and 100k stored quotes
    python -m bench.benchmark --sizes 1m --json bench-1m.json --keep --workdir W
    python -m bench.benchmark --lookup-db W/bench-1000000.db --repeat 3

For each size, in a fresh process (so peak memory is that size's own):

- indexing: the generated articles' ground-truth parses are stored (store
  only: insert, index, incremental grouping), then a sample of generated
  articles goes through the whole pipeline (ingest -> parse -> store) against
  the full archive; articles/s, and peak memory (max RSS);
- grouping: the time the store spends choosing groups while indexing; pair
  recall against match.group_quotes (the in-memory reference grouping) on the
  first and on the last quotes stored (on the last ones it is a lower bound:
  the store also saw the earlier archive, group_quotes did not); and the join
  agreement: for a sample of late quotes, does the store's group equal the one
  an exhaustive scan of every earlier quote picks under the same rules;
- look-up: latency p50/p95 of Store.lookup over the queries (exact, fragment,
  altered, re-worded, extended, short phrase, unrelated), the same queries by
  brute force (the match scorer on every stored quote), and the index's recall
  against brute force (and how many result lists are identical, scores and
  order included). Queries of stock words only ("we will not", which a large
  share of the archive contains) are a kind of their own, "common", kept out
  of the headline figures and reported apart;
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
from audit.store.grouping import GroupChooser
from audit.text import normalize
from bench.corpus import FUNCTION_WORDS, CorpusGenerator

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
    """Accumulate the time GroupChooser.choose takes (the grouping step)."""
    spent = [0.0]
    original = GroupChooser.choose

    def timed(self: GroupChooser, *args: Any) -> int | None:
        start = time.perf_counter()
        try:
            return original(self, *args)
        finally:
            spent[0] += time.perf_counter() - start

    GroupChooser.choose = timed  # type: ignore[method-assign,assignment]

    def restore() -> None:
        GroupChooser.choose = original  # type: ignore[method-assign]

    return spent, restore


# ---------------------------------------------------------------- queries


def make_queries(
    quotes: Sequence[Quote], gen: CorpusGenerator, n: int, seed: int
) -> list[tuple[str, str]]:
    """``n`` look-up queries (kind, text) drawn from the stored quotes."""
    rng = random.Random(seed)
    kinds = ("exact", "fragment", "altered", "reworded", "extended", "short", "unrelated")
    common = frozenset(FUNCTION_WORDS)
    out: list[tuple[str, str]] = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        words = rng.choice(quotes).text.split()
        if kind == "short" and i % (2 * len(kinds)) == kinds.index("short"):
            # Every other short query is a run of stock words only ("we will
            # not"): matched by a large share of the archive, reported apart.
            kind = "common"
            while True:
                words = rng.choice(quotes).text.split()
                k = min(len(words), rng.randint(2, 3))
                runs = [words[j : j + k] for j in range(len(words) - k + 1)]
                runs = [r for r in runs if all(normalize(w) in common for w in r)]
                if runs:
                    out.append((kind, " ".join(rng.choice(runs))))
                    break
            continue
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
            # A short phrase with at least one content word.
            k = min(len(words), rng.randint(2, 3))
            runs = [words[j : j + k] for j in range(len(words) - k + 1)]
            runs = [r for r in runs if any(normalize(w) not in common for w in r)] or runs
            words = rng.choice(runs)
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
    threshold = match.quote_settings().lookup_min_score
    qkey = match.comparison_key(query)
    found: list[tuple[int, float, str]] = []
    for i, key in enumerate(_BRUTE_KEYS):
        score, relation = match.compare_keys(qkey, key, threshold)
        if relation != "unrelated" and score >= threshold:
            found.append((i, score, relation))
    return found


def brute_force(
    quotes: Sequence[Quote], queries: Sequence[str], workers: int
) -> tuple[list[list[LookupMatch]], float]:
    """Every match of every query by scanning all quotes; seconds per query."""
    global _BRUTE_KEYS, _BRUTE_QUERIES
    _BRUTE_KEYS = [match.comparison_key(q.text) for q in quotes]
    _BRUTE_QUERIES = list(queries)
    start = time.perf_counter()
    step = max(1, -(-len(queries) // (workers * 4)))
    chunks = [(i, min(i + step, len(queries))) for i in range(0, len(queries), step)]
    with mp.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_brute_worker, chunks)
    elapsed = time.perf_counter() - start
    # The matches found, through match.lookup itself for its scores and order.
    hit_lists = [hits for part in parts for hits in part]
    results = [
        match.lookup(query, [quotes[i] for i, _, _ in hits])
        for query, hits in zip(queries, hit_lists, strict=True)
    ]
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


# Set before forking the join-agreement workers: per stored quote (in store
# order, numbered from 0) its light Quote, key, group and whether it is its
# group's reference.
_JOIN_ROWS: list[match.Partner] = []


def _join_worker(indices: list[int]) -> list[int | None]:
    """For each sampled quote, the group its best earlier match belongs to
    under match.group_quotes' rules, scanning every earlier quote (None: no
    earlier quote may be joined, a new group)."""
    rules = match.JoinRules(match.quote_settings())
    out: list[int | None] = []
    for i in indices:
        row = _JOIN_ROWS[i]
        earlier = _JOIN_ROWS[:i] if row.key.norm else []
        out.append(rules.best_group(row.quote, row.key, earlier))
    return out


def join_agreement(db: str, sample: int, seed: int, workers: int) -> dict[str, Any]:
    """Share of late quotes (the last fifth stored) whose group in the store is
    the one an exhaustive scan of all earlier quotes picks. The scan reads the
    groups' references as they are at the end (they may have changed since
    the quote was added), so this slightly understates the agreement."""
    global _JOIN_ROWS
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT q.id, q.text, q.speaker, q.fragment, q.grp, g.reference FROM quotes q "
        "JOIN quote_groups g ON g.id = q.grp ORDER BY q.id"
    ).fetchall()
    conn.close()
    _JOIN_ROWS = [
        match.Partner(j, Quote(str(qid), "", 0, 0, text, speaker, fragment=bool(frag)),
                      match.comparison_key(text), group, qid == ref)
        for j, (qid, text, speaker, frag, group, ref) in enumerate(rows)
    ]
    first_member: dict[int, int] = {}
    for i, row in enumerate(_JOIN_ROWS):
        first_member.setdefault(row.group, i)
    rng = random.Random(seed)
    picked = sorted(rng.sample(range(len(rows) * 4 // 5, len(rows)), min(sample, len(rows) // 5)))
    chunks = [picked[k::workers * 4] for k in range(workers * 4)]
    start = time.perf_counter()
    with mp.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_join_worker, chunks)
    seconds = time.perf_counter() - start
    agree = 0
    for chunk, part in zip(chunks, parts, strict=True):
        for i, brute in zip(chunk, part, strict=True):
            group = _JOIN_ROWS[i].group
            started = first_member[group] == i
            agree += (brute is None and started) or brute == group
    _JOIN_ROWS = []
    return {
        "quotes": len(picked),
        "agreement": round(agree / len(picked), 4) if picked else None,
        "scan_s": round(seconds, 1),
    }


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

    start, cpu_start = time.perf_counter(), time.process_time()
    with Store.open(db) as st:
        summary = st.add(source, on_progress=progress)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    restore()
    # The generator runs in this process too: its time is taken out (its CPU
    # share is estimated from its wall-clock share).
    store_s = total - source.seconds
    store_cpu = cpu * store_s / total
    out["articles"] = len(summary.added)
    out["quotes"] = summary.quotes
    out["store_only"] = {
        "seconds": round(store_s, 1),
        "articles_per_s": round(len(summary.added) / store_s, 1),
        "articles_per_cpu_s": round(len(summary.added) / store_cpu, 1),
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
    if args.join_sample:
        out["grouping"]["join"] = join_agreement(db, args.join_sample, args.seed, args.workers)
        _say(f"[{size}] join agreement: {out['grouping']['join']}")
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
    # Start-up (loading the lexicons, compiling the rules: about 0.1 s, once
    # per process) is timed apart on an article that is not stored, so that
    # the rate is the steady one.
    start = time.perf_counter()
    warm = next(gen.articles(1)).article
    parse_article(ingest.article_from_text("warm-up.txt", warm.text, title=warm.title))
    startup_s = time.perf_counter() - start
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
        "parse_startup_s": round(startup_s, 2),
    }


def _lookup_figures(
    st: Store, quotes: Sequence[Quote], gen: CorpusGenerator, args: argparse.Namespace
) -> dict[str, Any]:
    queries = make_queries(quotes, gen, args.queries, args.seed)
    latencies = [float("inf")] * len(queries)
    cpu = [float("inf")] * len(queries)
    found: list[list[LookupMatch]] = []
    # Each query --repeat times, its fastest run kept: on a shared machine a
    # single pass measures the neighbours as much as the index.
    for run in range(max(1, args.repeat)):
        for i, (_, text) in enumerate(queries):
            start, cpu_start = time.perf_counter(), time.process_time()
            result = st.lookup(text)
            latencies[i] = min(latencies[i], time.perf_counter() - start)
            cpu[i] = min(cpu[i], time.process_time() - cpu_start)
            if run == 0:
                found.append(result)
    # The brute-force baseline on every query, or on an evenly spread subset
    # (--brute-queries: at 1M quotes a scan costs seconds per query).
    step = max(1, -(-len(queries) // args.brute_queries)) if args.brute_queries else 1
    checked = list(range(0, len(queries), step))
    brute, brute_s = brute_force(quotes, [queries[i][1] for i in checked], args.workers)
    truth_of = dict(zip(checked, brute, strict=True))
    hits = total = same = usual_checked = 0
    by_kind: dict[str, list[int]] = {}
    latency_by_kind: dict[str, list[float]] = {}
    for i, ((kind, _), mine, seconds) in enumerate(zip(queries, found, latencies, strict=True)):
        latency_by_kind.setdefault(kind, []).append(seconds)
        if i not in truth_of:
            continue
        truth = truth_of[i]
        truth_ids = {m.quote.id for m in truth}
        found_ids = {m.quote.id for m in mine}
        if kind != "common":
            hits += len(truth_ids & found_ids)
            total += len(truth_ids)
            same += mine == truth
            usual_checked += 1
        k = by_kind.setdefault(kind, [0, 0])
        k[0] += len(truth_ids & found_ids)
        k[1] += len(truth_ids)
    usual = sorted(t for (kind, _), t in zip(queries, latencies, strict=True) if kind != "common")
    usual_cpu = sorted(t for (kind, _), t in zip(queries, cpu, strict=True) if kind != "common")
    ordered = sorted(latencies)
    return {
        "queries": len(queries),
        "runs_per_query": max(1, args.repeat),
        "p50_ms": _ms(statistics.median(usual)),
        "p95_ms": _ms(usual[int(0.95 * (len(usual) - 1))]),
        "max_ms": _ms(usual[-1]),
        # CPU time per look-up: the latency on an idle core (the wall-clock
        # figures include waiting for the CPU when the machine is shared).
        "p50_cpu_ms": _ms(statistics.median(usual_cpu)),
        "p95_cpu_ms": _ms(usual_cpu[int(0.95 * (len(usual_cpu) - 1))]),
        "p95_ms_with_common": _ms(ordered[int(0.95 * (len(ordered) - 1))]),
        "brute_ms_per_query": _ms(brute_s),
        "brute_queries": len(checked),
        # Brute force over p50 look-up: how many times faster the index is.
        "speedup_p50": round(brute_s / max(1e-9, statistics.median(usual)), 1),
        "matches": total,
        "recall": round(hits / total, 4) if total else None,
        "identical_results": f"{same}/{usual_checked}",
        "recall_by_kind": {k: f"{h}/{t}" for k, (h, t) in sorted(by_kind.items())},
        "median_ms_by_kind": {
            k: _ms(statistics.median(v)) for k, v in sorted(latency_by_kind.items())
        },
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# ---------------------------------------------------------------- check


def make_drafts(seed: int, count: int, words: int = 1000) -> list[str]:
    """``count`` drafts of at least ``words`` words: runs of consecutive
    generated articles of the stored stream (seed ``seed``), so their quotes
    and people are in the archive, as when a story retells earlier coverage."""
    gen = CorpusGenerator(seed)
    drafts: list[str] = []
    parts: list[str] = []
    n = 0
    for item in gen.articles(count * 40):
        text = item.article.text
        parts.append(text)
        n += len(text.split())
        if n >= words:
            drafts.append("\n\n".join(parts))
            parts, n = [], 0
            if len(drafts) == count:
                break
    return drafts


def check_figures(db: str, seed: int, count: int = 6) -> dict[str, Any]:
    """Time ``citeaudit check`` of generated 1,000-word drafts against the
    store ``db``: start-up (interpreter and imports, then opening the store)
    apart from the check itself (parsing the draft, looking up its quotes,
    reading and merging its people's records, the findings); the first draft
    also pays the lazy loading of lexicons and patterns. And the command run
    whole, in a new process, as a CI job would."""
    import subprocess

    from audit.findings.check import StoreReference, check_drafts
    from audit.ingest import load_article
    from audit.pipeline import parse_article

    folder = tempfile.mkdtemp(prefix="citeaudit-drafts-")
    paths = []
    for i, text in enumerate(make_drafts(seed, count)):
        path = os.path.join(folder, f"draft-{i}.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        paths.append(path)
    python = sys.executable
    startup = min(
        _wall(lambda: subprocess.run([python, "-c", "import audit.cli"], check=True))
        for _ in range(3)
    )
    start = time.perf_counter()
    st = Store.open(db, create=False)
    open_s = time.perf_counter() - start
    runs: list[dict[str, Any]] = []
    with st:
        for path in paths:
            start, cpu_start = time.perf_counter(), time.process_time()
            parsed = [parse_article(load_article(path))]
            parse_s = time.perf_counter() - start
            start = time.perf_counter()
            found = check_drafts(parsed, StoreReference(st))
            check_s = time.perf_counter() - start
            cpu = time.process_time() - cpu_start
            runs.append({
                "words": len(parsed[0].article.text.split()),
                "quotes": len(parsed[0].quotes),
                "people": len(parsed[0].people),
                "findings": len(found),
                "parse_s": round(parse_s, 3),
                "check_s": round(check_s, 3),
                "total_s": round(parse_s + check_s, 3),
                # CPU time: the time on an idle core (wall-clock figures
                # include waiting for the CPU on a shared machine).
                "cpu_s": round(cpu, 3),
            })
    cli_s = _wall(lambda: subprocess.run(
        [python, "-m", "audit", "check", paths[-1], "--db", db, "--format", "json"],
        check=False, stdout=subprocess.DEVNULL,
    ))
    later = [r["total_s"] for r in runs[1:]] or [runs[0]["total_s"]]
    later_cpu = [r["cpu_s"] for r in runs[1:]] or [runs[0]["cpu_s"]]
    return {
        "drafts": len(runs),
        "startup_import_s": round(startup, 3),
        "store_open_s": round(open_s, 3),
        "first_draft_s": runs[0]["total_s"],
        "after_startup_median_s": round(statistics.median(later), 3),
        "after_startup_max_s": round(max(later), 3),
        "after_startup_cpu_median_s": round(statistics.median(later_cpu), 3),
        "after_startup_cpu_max_s": round(max(later_cpu), 3),
        "cli_whole_s": round(cli_s, 3),
        "runs": runs,
    }


def lookup_only(db: str, args: argparse.Namespace) -> dict[str, Any]:
    """The look-up figures of run_size against an existing store ``db``."""
    with Store.open(db, create=False) as st:
        quotes = list(st.quotes())
        return {
            "db": db,
            "quotes": len(quotes),
            "lookup": _lookup_figures(st, quotes, CorpusGenerator(args.seed), args),
        }


def _wall(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


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
    parser.add_argument("--join-sample", type=int, default=200,
                        help="late quotes whose group is checked by scanning every earlier "
                        "quote (0: skip; costs sample x stored quotes comparisons)")
    parser.add_argument("--brute-queries", type=int, default=0,
                        help="run the brute-force baseline (recall) on this many of the queries, "
                        "evenly spread (0: all)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for the brute-force baseline")
    parser.add_argument("--workdir", default=None, help="where the databases go (default: tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    parser.add_argument("--check-db", default=None, metavar="DB",
                        help="only time `citeaudit check` of generated 1,000-word drafts against "
                        "this store (built by an earlier run with --keep and the same --seed)")
    parser.add_argument("--lookup-db", default=None, metavar="DB",
                        help="only measure look-ups (latency, brute force, recall) against this "
                        "store (built by an earlier run with --keep and the same --seed)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each look-up query; its fastest is kept")
    args = parser.parse_args(argv)
    if args.check_db or args.lookup_db:
        figures = (
            {"check": check_figures(args.check_db, args.seed)}
            if args.check_db
            else lookup_only(args.lookup_db, args)
        )
        _say(json.dumps(figures, indent=2))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as fh:
                json.dump(figures, fh, indent=2)
        return 0
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
