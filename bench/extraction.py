"""Score article-body extraction against hand-annotated pages, citeaudit and
plain trafilatura side by side.

    python -m bench.extraction ../shared/data/article-extraction [--limit N] [--json FILE]

The folder is laid out as the scrapinghub article-extraction benchmark:
``html/<id>.html.gz`` (the page as served) and ``ground-truth.json``
(``{id: {"articleBody": ..., "url": ...}}``). Scoring is the benchmark's
own: word tokens (``\\w+``, lower-cased), 4-word shingles counted on both
sides; per page tp = shared shingles (with multiplicity), fp = extra
predicted ones, fn = missing ones; precision is averaged over the pages with
some output, recall over all pages, F1 from the two averages. Also printed:
pages left empty, quoted passages kept (4+ words between double quotes in the
ground truth, found as a run of words in the output: a lost paragraph is a
lost quote) and pages per second (one process, one core; citeaudit's figure
includes its metadata, trafilatura's is ``extract`` alone).

citeaudit's output is what the audit reads as the story: the article's
paragraphs less its headline (the ground truth holds no headline). Page texts
are copyrighted: this script prints figures only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from audit.errors import EmptyInput
from audit.ingest import article_from_html

_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"[\"“”„]([^\"“”„]+)[\"“”]")
_SHINGLE = 4
_QUOTE_MIN_WORDS = 4


@dataclass(frozen=True)
class Page:
    """One annotated page: its id, decoded HTML and hand-annotated body."""

    ident: str
    html: str
    body: str


@dataclass(frozen=True)
class Score:
    """An extractor's figures over the pages."""

    name: str
    precision: float
    recall: float
    f1: float
    empty: int
    quotes_kept: int
    quotes: int
    pages_per_second: float


def load_pages(folder: Path, limit: int | None = None) -> list[Page]:
    """The folder's pages, in id order (``limit`` keeps the first ones)."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for ident in sorted(truth)[:limit]:
        raw = gzip.decompress((folder / "html" / f"{ident}.html.gz").read_bytes())
        html = raw.decode("utf-8", errors="replace")
        pages.append(Page(ident, html, truth[ident]["articleBody"]))
    return pages


def tokens(text: str) -> list[str]:
    """The benchmark's word tokens: ``\\w+`` runs, lower-cased."""
    return _WORD.findall(text.lower())


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The 4-word shingles of ``text``, counted."""
    t = tokens(text)
    return Counter(tuple(t[i : i + _SHINGLE]) for i in range(len(t) - _SHINGLE + 1))


def quoted_passages(text: str) -> list[str]:
    """The passages of 4 words or more between double quotes in ``text``,
    as lower-case word runs."""
    found = []
    for m in _QUOTED.finditer(text):
        words = tokens(m.group(1))
        if len(words) >= _QUOTE_MIN_WORDS:
            found.append(" ".join(words))
    return found


def citeaudit_body(page: Page) -> str:
    """The text citeaudit reads as the story: its paragraphs less the headline."""
    try:
        article = article_from_html(page.ident, page.html)
    except EmptyInput:
        return ""
    parts = [article.text[p.start : p.end] for p in article.paragraphs]
    return "\n\n".join(p for p in parts if p != article.title)


def trafilatura_body(page: Page) -> str:
    """Plain trafilatura: ``extract(html, include_comments=False)``."""
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False) or ""


def score(name: str, extract: Callable[[Page], str], pages: Sequence[Page]) -> Score:
    """Run ``extract`` over ``pages`` (timed) and score it."""
    start = time.process_time()
    outputs = [extract(p) for p in pages]
    seconds = time.process_time() - start
    precisions, recalls = [], []
    empty = kept = total = 0
    for page, out in zip(pages, outputs, strict=True):
        truth, pred = shingles(page.body), shingles(out)
        tp = sum((truth & pred).values())
        if out.strip():
            precisions.append(tp / sum(pred.values()) if pred else 0.0)
        else:
            empty += 1
        recalls.append(tp / sum(truth.values()) if truth else float(not pred))
        text = f" {' '.join(tokens(out))} "
        for passage in quoted_passages(page.body):
            total += 1
            kept += f" {passage} " in text
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    rate = len(pages) / seconds if seconds else float("inf")
    return Score(name, p, r, f1, empty, kept, total, rate)


def format_table(scores: Sequence[Score], pages: int) -> str:
    """The figures as a text table."""
    lines = [
        f"{pages} pages",
        f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'empty':>5} "
        f"{'quoted passages kept':>22} {'pages/s':>8}",
    ]
    for s in scores:
        share = s.quotes_kept / s.quotes if s.quotes else 1.0
        kept = f"{share:.3f} ({s.quotes_kept}/{s.quotes})"
        lines.append(
            f"{s.name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.empty:>5} "
            f"{kept:>22} {s.pages_per_second:>8.1f}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Score both extractors on the folder and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also save the figures here")
    args = parser.parse_args(argv)
    pages = load_pages(args.folder, args.limit)
    if not pages:
        print(f"{args.folder}: no pages", file=sys.stderr)
        return 1
    # Warm both up (imports, rule files) outside the timed runs.
    citeaudit_body(pages[0])
    trafilatura_body(pages[0])
    scores = [
        score("citeaudit", citeaudit_body, pages),
        score("trafilatura", trafilatura_body, pages),
    ]
    print(format_table(scores, len(pages)), end="")
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in scores], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
