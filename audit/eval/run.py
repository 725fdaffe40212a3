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
    label_roles,
    label_speakers,
    offset_map,
    parse_brat,
    remap_attributions,
    source_roles,
    speaker_labels,
)
from .report import EvalReport, build_report
from .scoring import ScoreTally, score_article


def evaluate(
    folder: Path, *, limit: int | None = None, speakers: Path | None = None
) -> EvalReport:
    """Score quote, speaker and source extraction on an annotated folder
    (``text/*.txt`` and ``attributions/*_<annotator>.ann``).

    ``limit`` evaluates only the first ``limit`` articles in stem order.
    ``speakers`` is a speaker-label file (``brat.speaker_labels``); without
    it, ``folder/speakers.toml`` is read when it exists; ``folder/articles.toml``
    (Source roles, see ``brat.source_roles``) too.
    Raises ``UsageError`` when the folder has no ``text`` directory and
    ``InputError`` for an unreadable speaker-label file."""
    folder = Path(folder)
    if not (folder / "text").is_dir():
        raise UsageError(f"{folder}: no text/ folder with annotated articles")
    if speakers is None and (folder / "speakers.toml").is_file():
        speakers = folder / "speakers.toml"
    labels = speaker_labels(speakers) if speakers is not None else {}
    roles_file = folder / "articles.toml"
    roles = source_roles(roles_file) if roles_file.is_file() else {}
    annotations = annotation_files(folder)
    texts = sorted((folder / "text").glob("*.txt"))
    if limit is not None:
        texts = texts[: max(0, limit)]
    tally = ScoreTally()
    tally.speaker["labels"] = sum(len(v) for v in labels.values())
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
        gold, used = label_speakers(attributions(doc), labels.get(stem, {}))
        gold = label_roles(gold, roles.get(stem, {}))
        tally.speaker["labels_used"] += used
        if article.text != raw_text:
            altered += 1
            gold = remap_attributions(gold, offset_map(raw_text, article.text))
        parsed = pipeline.parse_article(article)
        score_article(stem, article.text, gold, parsed.quotes, parsed.sources, tally)
        done += 1
    return build_report(folder, done, limit, several, altered, tally, skipped)
