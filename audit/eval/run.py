"""One evaluation run over an annotated folder: each article goes through the
user's parse stage (``pipeline.parse_article``), so eval scores what users get."""

from __future__ import annotations

from pathlib import Path

from .. import ingest, pipeline
from ..errors import InputError, UsageError
from ..models import Skipped
from .brat import (
    annotation_files,
    attributions,
    check_offsets,
    offset_map,
    parse_brat,
    remap_attributions,
)
from .report import EvalReport, build_report
from .scoring import ScoreTally, score_article


def evaluate(folder: Path, *, limit: int | None = None) -> EvalReport:
    """Score quote, speaker and source extraction on an annotated folder
    (``text/*.txt`` and ``attributions/*_<annotator>.ann``).

    ``limit`` evaluates only the first ``limit`` articles in stem order.
    Raises ``UsageError`` when the folder has no ``text`` directory."""
    folder = Path(folder)
    if not (folder / "text").is_dir():
        raise UsageError(f"{folder}: no text/ folder with annotated articles")
    annotations = annotation_files(folder)
    texts = sorted((folder / "text").glob("*.txt"))
    if limit is not None:
        texts = texts[: max(0, limit)]
    tally = ScoreTally()
    skipped: list[Skipped] = []
    done = several = altered = 0
    for path in texts:
        stem = path.stem
        anns = annotations.get(stem, [])
        if not anns:
            skipped.append(Skipped(str(path), "no annotation file"))
            continue
        several += len(anns) > 1
        try:
            raw_text = path.read_bytes().decode("utf-8")
            doc = parse_brat(anns[0].read_text(encoding="utf-8"), str(anns[0]))
            problem = check_offsets(doc, raw_text)
            if problem:
                raise InputError(str(anns[0]), problem)
            article = ingest.article_from_text(str(path), raw_text)
        except (OSError, UnicodeDecodeError, InputError) as exc:
            skipped.append(Skipped(str(path), str(exc)))
            continue
        gold = attributions(doc)
        if article.text != raw_text:
            altered += 1
            gold = remap_attributions(gold, offset_map(raw_text, article.text))
        parsed = pipeline.parse_article(article)
        score_article(stem, article.text, gold, parsed.quotes, parsed.sources, tally)
        done += 1
    return build_report(folder, done, limit, several, altered, tally, skipped)
