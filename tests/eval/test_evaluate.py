"""Evaluation runs on the gold set: figures, report, floors, inputs and the
bench script (audit.eval.run, audit.eval.report)."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from paths import ROOT
from scripts import load_script

from audit import pipeline
from audit.errors import UsageError
from audit.eval import (
    EvalReport,
    QuoteScore,
    attributions,
    check_floors,
    check_offsets,
    evaluate,
    format_report_table,
    gold_quotes,
    parse_brat,
)
from audit.models import Article, ParsedArticle

GOLD = ROOT / "tests" / "gold"
FLOORS = ROOT / "bench" / "eval_floors.toml"


# --------------------------------------------------------------------------- report records


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [
        (8, 2, 2, 0.8, 0.8, 0.8),
        (0, 0, 0, None, None, None),
        (0, 3, 1, 0.0, 0.0, 0.0),
        (5, 0, 5, 1.0, 0.5, 2 / 3),
    ],
)
def test_quote_score_ratios(
    tp: int, fp: int, fn: int, precision: float | None, recall: float | None, f1: float | None
) -> None:
    score = QuoteScore(0.3, tp, fp, fn, 0)
    assert score.precision == (None if precision is None else pytest.approx(precision))
    assert score.recall == (None if recall is None else pytest.approx(recall))
    assert score.f1 == (None if f1 is None else pytest.approx(f1))


# --------------------------------------------------------------------------- the gold set


def _build_module() -> ModuleType:
    return load_script(GOLD / "build.py", "gold_build")


def test_gold_files_are_what_the_markup_builds(tmp_path: Path) -> None:
    written = _build_module().build(GOLD / "markup", tmp_path)
    assert written
    for path in written:
        committed = GOLD / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), committed


def test_gold_annotations_slice_their_texts() -> None:
    for ann in sorted((GOLD / "attributions").glob("*.ann")):
        stem = ann.stem.rpartition("_")[0]
        text = (GOLD / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        assert check_offsets(parse_brat(ann.read_text(encoding="utf-8")), text) is None


@pytest.fixture(scope="module")
def gold_report() -> EvalReport:
    return evaluate(GOLD)


def test_gold_set_meets_pinned_floors(gold_report: EvalReport) -> None:
    assert check_floors(gold_report, FLOORS) == []


def test_first_annotator_is_used(gold_report: EvalReport) -> None:
    def scored(annotator_file: str) -> int:
        text = (GOLD / "text" / "03-mayor-police.txt").read_text(encoding="utf-8")
        doc = parse_brat((GOLD / "attributions" / annotator_file).read_text(encoding="utf-8"))
        return sum(g.kind == "double" for g in gold_quotes(text, attributions(doc)))

    assert gold_report.several_annotators == 1
    assert scored("03-mayor-police_a1.ann") > scored("03-mayor-police_b2.ann")
    total = 0
    for text_path in sorted((GOLD / "text").glob("*.txt")):
        ann = sorted((GOLD / "attributions").glob(f"{text_path.stem}_*.ann"))[0]
        atts = attributions(parse_brat(ann.read_text(encoding="utf-8")))
        text = text_path.read_text(encoding="utf-8")
        total += sum(g.kind == "double" for g in gold_quotes(text, atts))
    q = gold_report.quote_score(0.3)
    assert q.true_positives + q.false_negatives == total


def test_report_is_deterministic_and_holds_no_article_text(gold_report: EvalReport) -> None:
    again = evaluate(GOLD)
    assert again.as_dict() == gold_report.as_dict()
    dumped = json.dumps(gold_report.as_dict())
    for text_path in (GOLD / "text").glob("*.txt"):
        for line in text_path.read_text(encoding="utf-8").splitlines():
            for chunk in (line[i : i + 30] for i in range(0, len(line) - 30, 30)):
                assert chunk not in dumped
    assert gold_report.errors == tuple(sorted(gold_report.errors, key=lambda e: (-e.count, e.kind)))


def test_error_families_add_up(gold_report: EvalReport) -> None:
    families = gold_report.error_families()
    assert sum(families.values()) == sum(e.count for e in gold_report.errors)
    assert set(families) <= {
        "missed quote",
        "spurious quote",
        "wrong speaker",
        "missed source",
        "spurious source",
    }


def test_table_shows_figures_and_snippets_only_on_request(gold_report: EvalReport) -> None:
    table = format_report_table(gold_report)
    assert "overlap >= 0.3" in table and "Speaker accuracy" in table
    assert "Named-source recall" in table
    with_snippets = format_report_table(gold_report, snippets=True)
    snippets = [e.snippet for e in gold_report.errors[:20] if e.snippet]
    assert all(repr(s) not in table for s in snippets)
    assert all(repr(s) in with_snippets for s in snippets)


def test_limit_evaluates_a_prefix() -> None:
    report = evaluate(GOLD, limit=2)
    assert report.articles == 2 and report.limit == 2
    assert any("without --limit" in f for f in check_floors(report, FLOORS))


def test_each_article_goes_through_the_users_parse_stage(
    gold_report: EvalReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Eval scores what users get: the pipeline's parse_article, not its own wiring.
    seen: list[str] = []

    def parse_article(article: Article) -> ParsedArticle:
        seen.append(article.path)
        return real(article)

    real = pipeline.parse_article
    monkeypatch.setattr(pipeline, "parse_article", parse_article)
    assert evaluate(GOLD).as_dict() == gold_report.as_dict()
    assert len(seen) == gold_report.articles


# --------------------------------------------------------------------------- floors


def _floors(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "floors.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_check_floors_reports_each_failure(gold_report: EvalReport, tmp_path: Path) -> None:
    f1 = gold_report.figures()["quote_f1_30"]
    assert f1 is not None
    ok = _floors(tmp_path, f'[g]\nfolder = "gold"\nquote_f1_30 = {f1}\n')
    assert check_floors(gold_report, ok) == []
    bad = _floors(
        tmp_path,
        f'[g]\nfolder = "gold"\narticles = 999\nquote_f1_30 = {min(1.0, f1 + 0.01)}\n'
        "nonsense = 0.5\n",
    )
    failures = check_floors(gold_report, bad)
    assert len(failures) == 3
    assert any("below its floor" in f for f in failures)
    assert any("999 articles" in f for f in failures)
    assert any("unknown figure" in f for f in failures)


def test_check_floors_needs_a_section(gold_report: EvalReport, tmp_path: Path) -> None:
    other = _floors(tmp_path, '[x]\nfolder = "elsewhere"\n')
    assert "no floors section" in check_floors(gold_report, other)[0]
    assert check_floors(gold_report, other, section="x") == []
    assert "cannot read" in check_floors(gold_report, tmp_path / "missing.toml")[0]


def test_pinned_floors_file_is_well_formed() -> None:
    data = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
    assert {"gold", "polnear"} <= set(data)
    for section in data.values():
        assert all(0.0 <= v <= 1.0 for k, v in section.items() if k not in ("folder", "articles"))


# --------------------------------------------------------------------------- inputs


def test_unusable_articles_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    shutil.copy(GOLD / "text" / "01-riverton-housing.txt", tmp_path / "text")
    shutil.copy(GOLD / "attributions" / "01-riverton-housing_a1.ann", tmp_path / "attributions")
    (tmp_path / "text" / "lonely.txt").write_text("No annotation here.\n", encoding="utf-8")
    (tmp_path / "text" / "shifted.txt").write_text("Short.\n", encoding="utf-8")
    (tmp_path / "attributions" / "shifted_a1.ann").write_text(
        "T1\tSource 0 5\tLonger\n", encoding="utf-8"
    )
    report = evaluate(tmp_path)
    assert report.articles == 1
    reasons = sorted(s.reason for s in report.skipped)
    assert len(reasons) == 2
    assert any("no annotation file" in r for r in reasons)
    assert any("differs" in r for r in reasons)


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        evaluate(tmp_path)


def test_offsets_follow_text_changed_by_ingest(tmp_path: Path) -> None:
    """Ingest turns CRLF into LF; gold offsets (into the CRLF file) are mapped."""
    stem = "04-drug-recall"
    text = (GOLD / "text" / f"{stem}.txt").read_text(encoding="utf-8")
    doc = parse_brat((GOLD / "attributions" / f"{stem}_a1.ann").read_text(encoding="utf-8"))
    crlf = text.replace("\n", "\r\n")

    def shift(pos: int) -> int:
        return pos + text.count("\n", 0, pos)

    lines = []
    for span in doc.spans:
        frags = [(shift(a), shift(b)) for a, b in span.fragments]
        joined = " ".join(crlf[a:b] for a, b in frags)
        offsets = ";".join(f"{a} {b}" for a, b in frags)
        lines.append(f"{span.id}\t{span.label} {offsets}\t{joined}")
    for event in doc.events:
        lines.append(f"{event.id}\t" + " ".join(f"{r}:{t}" for r, t in event.args))
    for sub in ("lf", "crlf"):
        (tmp_path / sub / "text").mkdir(parents=True)
        (tmp_path / sub / "attributions").mkdir()
    (tmp_path / "lf" / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
    shutil.copy(GOLD / "attributions" / f"{stem}_a1.ann", tmp_path / "lf" / "attributions")
    (tmp_path / "crlf" / "text" / f"{stem}.txt").write_bytes(crlf.encode("utf-8"))
    (tmp_path / "crlf" / "attributions" / f"{stem}_a1.ann").write_text(
        "\n".join(lines) + "\n", encoding="utf-8", newline="\n"
    )
    plain, mapped = evaluate(tmp_path / "lf"), evaluate(tmp_path / "crlf")
    assert mapped.altered_texts == 1 and plain.altered_texts == 0
    assert mapped.figures() == plain.figures()
    assert mapped.quotes == plain.quotes


def test_bench_script_prints_json_and_checks_floors(capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script(ROOT / "bench" / "eval.py", "bench_eval")
    assert script.main([str(GOLD), "--format", "json", "--floors", str(FLOORS)]) == 0
    shown = json.loads(capsys.readouterr().out)
    articles = len(list((GOLD / "text").glob("*.txt")))
    assert shown["articles"] == articles and shown["figures"]["quote_f1_30"] is not None
