"""The result of an evaluation run: the score records and ``EvalReport`` (what
``--format json`` prints), built from a ``ScoreTally``; the terminal table;
and the check against the pinned floors of ``bench/eval_floors.toml``."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..models import Skipped
from ..rules.evaluate import evaluate_rules
from .brat import SOURCE_ROLES
from .scoring import ScoreTally


@dataclass(frozen=True)
class QuoteScore:
    """Direct-quote detection at one overlap threshold. ``neutral`` counts
    predicted quotes matching a title-like or single-quoted stretch."""

    threshold: float
    true_positives: int
    false_positives: int
    false_negatives: int
    neutral: int

    @property
    def precision(self) -> float | None:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float | None:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "neutral": self.neutral,
        }


@dataclass(frozen=True)
class SpeakerScore:
    """Speakers of matched gold quotes. Lenient (the historical figure):
    ``correct`` of the ``scored`` quotes whose Source holds a name, by surname
    (``same_speaker``). Strict: the same person (``same_person``), on the
    quotes whose Source names a person or body as speaker (``strict_*``) and
    on those whose Source is a pronoun or description that a hand-made label
    resolves (``described_*``); the identifiable quotes are both.
    ``no_speaker`` counts identifiable quotes given no speaker;
    ``labels_used`` of ``labels`` speaker labels applied.
    The matched quotes not scored are counted by reason."""

    correct: int
    scored: int
    unnamed_source: int
    no_source: int
    strict_correct: int = 0
    strict_scored: int = 0
    described_correct: int = 0
    described_scored: int = 0
    described_unresolved: int = 0
    described_all: int = 0
    described_no_speaker: int = 0
    no_speaker: int = 0
    labels: int = 0
    labels_used: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.scored)

    @property
    def strict_accuracy(self) -> float | None:
        return _ratio(self.strict_correct, self.strict_scored)

    @property
    def described_accuracy(self) -> float | None:
        return _ratio(self.described_correct, self.described_scored)

    @property
    def identifiable(self) -> int:
        return self.strict_scored + self.described_scored

    @property
    def identifiable_accuracy(self) -> float | None:
        return _ratio(self.strict_correct + self.described_correct, self.identifiable)

    def _weighted(self, named_part: int, described_part: int) -> float | None:
        """A strict figure over all identifiable quotes when the labels cover
        only a sample of the described ones: the described share weighted by
        the estimated number of identifiable described quotes (all matched
        quotes whose Source names no person, times the identifiable share of
        those the labeller read)."""
        read = self.described_scored + self.described_unresolved
        if not read or not self.described_scored:
            return _ratio(named_part + described_part, self.identifiable)
        weight = self.described_all * self.described_scored / read
        share = described_part / self.described_scored
        return _ratio_f(named_part + share * weight, self.strict_scored + weight)

    @property
    def identifiable_estimate(self) -> float | None:
        return self._weighted(self.strict_correct, self.described_correct)

    @property
    def no_speaker_estimate(self) -> float | None:
        named = self.no_speaker - self.described_no_speaker
        return self._weighted(named, self.described_no_speaker)

    @property
    def no_speaker_rate(self) -> float | None:
        return _ratio(self.no_speaker, self.identifiable)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accuracy": self.accuracy,
            "correct": self.correct,
            "scored": self.scored,
            "strict_accuracy": self.strict_accuracy,
            "strict_correct": self.strict_correct,
            "strict_scored": self.strict_scored,
            "described_accuracy": self.described_accuracy,
            "described_correct": self.described_correct,
            "described_scored": self.described_scored,
            "identifiable_accuracy": self.identifiable_accuracy,
            "identifiable": self.identifiable,
            "identifiable_estimate": self.identifiable_estimate,
            "described_unresolved": self.described_unresolved,
            "described_all": self.described_all,
            "described_no_speaker": self.described_no_speaker,
            "no_speaker_estimate": self.no_speaker_estimate,
            "no_speaker_rate": self.no_speaker_rate,
            "no_speaker": self.no_speaker,
            "labels": self.labels,
            "labels_used": self.labels_used,
            "not_scored_unnamed_source": self.unnamed_source,
            "not_scored_no_source": self.no_source,
        }


@dataclass(frozen=True)
class SourceScore:
    """Recall of named gold Source spans (all of them, and those of direct
    quotes: attributions whose Content holds a double quotation mark);
    precision of predicted person, outlet and organisation sources.
    ``by_role``: ``(role, named, recalled)`` for Sources whose role a label
    gives (``said``, ``via``, ``credit``)."""

    gold_named: int
    recalled: int
    gold_direct: int
    recalled_direct: int
    predicted: int
    predicted_matching: int
    by_role: tuple[tuple[str, int, int], ...] = ()
    # Credits ("DALLAS (AP) —") found where the gold labels no roles and so
    # annotates no credits: not scored, but counted so the exclusion shows.
    credits_unscored: int = 0

    @property
    def recall(self) -> float | None:
        return _ratio(self.recalled, self.gold_named)

    @property
    def recall_direct(self) -> float | None:
        return _ratio(self.recalled_direct, self.gold_direct)

    @property
    def recall_indirect(self) -> float | None:
        return _ratio(self.recalled - self.recalled_direct, self.gold_named - self.gold_direct)

    @property
    def precision(self) -> float | None:
        return _ratio(self.predicted_matching, self.predicted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "recall": self.recall,
            "recalled": self.recalled,
            "gold_named": self.gold_named,
            "recall_direct": self.recall_direct,
            "recalled_direct": self.recalled_direct,
            "gold_direct": self.gold_direct,
            "recall_indirect": self.recall_indirect,
            "precision": self.precision,
            "predicted_matching": self.predicted_matching,
            "predicted": self.predicted,
            "credits_unscored": self.credits_unscored,
            "by_role": {role: {"named": n, "recalled": r} for role, n, r in self.by_role},
        }


@dataclass(frozen=True)
class ErrorCase:
    """One error type: how often it occurred and where first (file stem and
    offsets). ``snippet`` is for terminal display only, never serialised."""

    kind: str
    count: int
    article: str
    start: int
    end: int
    snippet: str = field(default="", compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "count": self.count,
            "example": {"article": self.article, "start": self.start, "end": self.end},
        }


@dataclass(frozen=True)
class EvalReport:
    """Scores of one evaluation run (definitions in the ``audit.eval`` docstring)."""

    folder: str
    articles: int
    limit: int | None
    several_annotators: int
    altered_texts: int
    quotes: tuple[QuoteScore, ...]
    speaker: SpeakerScore
    sources: SourceScore
    errors: tuple[ErrorCase, ...]
    skipped: tuple[Skipped, ...] = ()

    def quote_score(self, threshold: float) -> QuoteScore:
        """The quote score at ``threshold`` (UsageError if not evaluated)."""
        for q in self.quotes:
            if abs(q.threshold - threshold) < 1e-9:
                return q
        raise UsageError(f"no quote score at overlap {threshold}")

    def figures(self) -> dict[str, float | None]:
        """The headline figures by the names the floors file uses."""
        out: dict[str, float | None] = {}
        for q in self.quotes:
            tag = f"{round(q.threshold * 100):02d}"
            out[f"quote_precision_{tag}"] = q.precision
            out[f"quote_recall_{tag}"] = q.recall
            out[f"quote_f1_{tag}"] = q.f1
        out["speaker_accuracy"] = self.speaker.accuracy
        out["speaker_accuracy_strict"] = self.speaker.strict_accuracy
        out["speaker_accuracy_described"] = self.speaker.described_accuracy
        out["speaker_accuracy_identifiable"] = self.speaker.identifiable_accuracy
        out["speaker_accuracy_identifiable_estimate"] = self.speaker.identifiable_estimate
        rate = self.speaker.no_speaker_rate
        out["speaker_given"] = None if rate is None else 1 - rate
        rate = self.speaker.no_speaker_estimate
        out["speaker_given_estimate"] = None if rate is None else 1 - rate
        out["source_recall"] = self.sources.recall
        out["source_recall_direct"] = self.sources.recall_direct
        out["source_recall_indirect"] = self.sources.recall_indirect
        out["source_precision"] = self.sources.precision
        for role, named, recalled in self.sources.by_role:
            out[f"source_recall_{role}"] = _ratio(recalled, named)
        return out

    def error_families(self) -> dict[str, int]:
        """Error counts by family (the part of each type before its colon)."""
        families: Counter[str] = Counter()
        for e in self.errors:
            families[e.kind.split(":", 1)[0]] += e.count
        return dict(sorted(families.items(), key=lambda kv: (-kv[1], kv[0])))

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "articles": self.articles,
            "limit": self.limit,
            "annotator": "first annotator id in sorted order when an article has several",
            "several_annotators": self.several_annotators,
            "altered_texts": self.altered_texts,
            "figures": self.figures(),
            "quotes": [q.as_dict() for q in self.quotes],
            "speaker": self.speaker.as_dict(),
            "sources": self.sources.as_dict(),
            "error_families": self.error_families(),
            "errors": [e.as_dict() for e in self.errors],
            "skipped": [s.as_dict() for s in self.skipped],
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _ratio_f(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def build_report(
    folder: Path,
    done: int,
    limit: int | None,
    several: int,
    altered: int,
    tally: ScoreTally,
    skipped: list[Skipped],
) -> EvalReport:
    """The report of a run over ``folder``: ``done`` articles scored into
    ``tally``, ``several`` with more than one annotator, ``altered`` whose text
    ingest changed; each error type keeps its first example."""
    rules = evaluate_rules()
    errors = []
    for kind, cases in tally.errors.items():
        first = min(cases)
        errors.append(ErrorCase(kind, len(cases), first[0], first[1], first[2], first[3]))
    errors.sort(key=lambda e: (-e.count, e.kind))
    return EvalReport(
        folder=str(folder),
        articles=done,
        limit=limit,
        several_annotators=several,
        altered_texts=altered,
        quotes=tuple(
            QuoteScore(t, tally.tp[t], tally.fp[t], tally.fn[t], tally.neutral[t])
            for t in rules.thresholds
        ),
        speaker=SpeakerScore(**{f.name: tally.speaker[f.name] for f in fields(SpeakerScore)}),
        sources=SourceScore(
            gold_named=tally.gold_named,
            recalled=tally.recalled,
            gold_direct=tally.gold_direct,
            recalled_direct=tally.recalled_direct,
            predicted=tally.predicted,
            predicted_matching=tally.predicted_matching,
            credits_unscored=tally.credits_unscored,
            by_role=tuple(
                (role, tally.role_named[role], tally.role_recalled[role])
                for role in SOURCE_ROLES
                if tally.role_named[role]
            ),
        ),
        errors=tuple(errors),
        skipped=tuple(skipped),
    )


# --------------------------------------------------------------------------- output and floors


def _format_figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_report_table(report: EvalReport, *, snippets: bool = False) -> str:
    """The report as text for a terminal. ``snippets`` adds a short excerpt of
    each error example (article text: for display only, never to commit)."""
    rules = evaluate_rules()
    lines = [
        f"eval: {report.folder}: {report.articles} articles"
        + (f" (limit {report.limit})" if report.limit is not None else "")
        + f"; {report.several_annotators} with several annotators (first id used)"
        + (
            f"; {report.altered_texts} texts changed by ingest (offsets mapped)"
            if report.altered_texts
            else ""
        ),
        "",
        "Direct quotes (gold: double-quoted parts of annotated Content)",
    ]
    for q in report.quotes:
        lines.append(
            f"  overlap >= {q.threshold:.1f}: P {_format_figure(q.precision)}  "
            f"R {_format_figure(q.recall)}  F1 {_format_figure(q.f1)}   "
            f"(tp {q.true_positives}, fp {q.false_positives}, "
            f"fn {q.false_negatives}, neutral {q.neutral})"
        )
    sp, so = report.speaker, report.sources
    lines += [
        "",
        f"Speaker accuracy, lenient (same surname; named gold source): "
        f"{_format_figure(sp.accuracy)}   ({sp.correct}/{sp.scored}; not scored:"
        f" {sp.unnamed_source} pronoun/description sources, {sp.no_source} without source)",
        f"Speaker accuracy, strict (same person; gold source names a person or body): "
        f"{_format_figure(sp.strict_accuracy)}   ({sp.strict_correct}/{sp.strict_scored})",
        f"Speaker accuracy, strict (pronoun/description source, hand-labelled): "
        f"{_format_figure(sp.described_accuracy)}   ({sp.described_correct}/"
        f"{sp.described_scored}; {sp.labels_used} of {sp.labels} labels applied)",
        f"Speaker accuracy, strict, all identifiable quotes: "
        f"{_format_figure(sp.identifiable_accuracy)}"
        f"   ({sp.strict_correct + sp.described_correct}/{sp.identifiable});"
        f" given no speaker: {_format_figure(sp.no_speaker_rate)}"
        f" ({sp.no_speaker}/{sp.identifiable})",
        f"  estimated over all identifiable quotes (labelled sample weighted to the"
        f" {sp.described_all} quotes whose Source names no person;"
        f" {sp.described_unresolved} read and not identifiable):"
        f" {_format_figure(sp.identifiable_estimate)}; given no speaker:"
        f" {_format_figure(sp.no_speaker_estimate)}",
        f"Named-source recall: {_format_figure(so.recall)}   ({so.recalled}/{so.gold_named};"
        f" direct quotes {_format_figure(so.recall_direct)}"
        f" ({so.recalled_direct}/{so.gold_direct}), indirect"
        f" {_format_figure(so.recall_indirect)} ({so.recalled - so.recalled_direct}/"
        f"{so.gold_named - so.gold_direct}))",
        f"Source precision (person/outlet/organisation): {_format_figure(so.precision)}"
        f"   ({so.predicted_matching}/{so.predicted})"
        + (f"; {so.credits_unscored} credits not scored (the gold annotates none)"
           if so.credits_unscored else ""),
        *(
            ["Named-source recall by role: " + ", ".join(
                f"{role} {_format_figure(_ratio(r, n))} ({r}/{n})" for role, n, r in so.by_role
            )]
            if so.by_role
            else []
        ),
        "",
        "Errors by family: " + ", ".join(f"{k} {v}" for k, v in report.error_families().items()),
        f"Top {min(rules.top_errors, len(report.errors))} error types"
        " (count, type, first example):",
    ]
    for e in report.errors[: rules.top_errors]:
        where = f"{e.article}:{e.start}-{e.end}"
        extra = f"  {e.snippet!r}" if snippets and e.snippet else ""
        lines.append(f"  {e.count:6d}  {e.kind:<62} {where}{extra}")
    for sk in report.skipped:
        lines.append(f"skipped {sk.path}: {sk.reason}")
    return "\n".join(lines) + "\n"


def check_floors(report: EvalReport, floors_path: Path, *, section: str | None = None) -> list[str]:
    """Compare the report's figures with the pinned floors; return one message
    per failure (empty when every figure is at or above its floor).

    The section is ``section``, or the one whose ``folder`` value equals the
    evaluated folder's name. Floors hold for whole folders only: a run with a
    limit, or on a different number of articles, fails."""
    try:
        data = tomllib.loads(Path(floors_path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [f"{floors_path}: cannot read floors ({exc})"]
    name = Path(report.folder).name
    chosen = section or next(
        (k for k in sorted(data) if isinstance(data[k], dict) and data[k].get("folder") == name),
        None,
    )
    if chosen is None or chosen not in data:
        return [f"{floors_path}: no floors section for folder {name!r}"]
    floors = data[chosen]
    failures: list[str] = []
    if report.limit is not None:
        failures.append(f"[{chosen}] floors hold for the whole folder; run without --limit")
    expected = floors.get("articles")
    if expected is not None and expected != report.articles:
        failures.append(f"[{chosen}] expected {expected} articles, evaluated {report.articles}")
    figures = report.figures()
    for key, floor in sorted(floors.items()):
        if key in ("folder", "articles"):
            continue
        if key not in figures:
            failures.append(f"[{chosen}] unknown figure {key!r}")
            continue
        value = figures[key]
        if value is None or value < float(floor):
            failures.append(
                f"[{chosen}] {key} = {_format_figure(value)} is below its floor {float(floor):.2f}"
            )
    return failures
