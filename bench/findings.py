"""Precision and recall of the findings on the judged set (``tests/gold/findings``).

    python -m bench.findings [FOLDER] [--format json] [--unjudged] [--floors FILE]

Each story folder of FOLDER holds the kept paragraphs of several articles on
one event (``*.txt``), ``story.toml`` (each article's address, outlet, date,
title, country, topic and kind, and the findings a careful reader expects)
and ``judgments.toml`` (every finding the tool raised, read in context and
marked true, false, duplicate or debatable, with a reason). The story is
audited as ``citeaudit report`` audits a folder, and each raised finding is
looked up among the judgments by its key: story, rule, subject (left out
when it is a generated id such as a quote group's ``g3``) and, for every
evidence item, the article file and the exact text of its span. So a
judgment survives offset shifts and re-ordering; a finding whose evidence
changes is unjudged until it is read again (``--unjudged`` prints each with
its context and a judgment block to paste).

Figures: precision per kind and overall of warnings and errors (true over
true + false + duplicate + unjudged; debatable ones left out of both sides;
an unjudged finding never counts as right), precision of errors alone, the
same for info findings, recall of the expected findings (an expected finding
is raised when one finding of its kind, at least as severe as it asks, has
evidence overlapping each of its spans), findings per article and the
number of unjudged findings. With ``--floors`` the exit status is 1 when a
figure is below its floor or any warning or error is unjudged.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.models import SEVERITY_ORDER, Finding
from audit.pipeline import audit_paths
from audit.text import normalize

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "tests" / "gold" / "findings"
VERDICTS = ("true", "false", "duplicate", "debatable")
SERIOUS = ("warning", "error")
# A subject that is an id the pipeline numbers (a quote group "g3", a quote
# "path#q2") shifts when other findings come and go: not part of the key.
_GENERATED_SUBJECT = re.compile(r"g\d+|.*#q\d+")

Item = tuple[str, str]  # (article file name in its story folder, exact span text)
Key = tuple[str, str, str, frozenset[Item]]


def stable_subject(subject: str) -> str:
    """The subject as it enters a key: normalised, or empty for a generated id."""
    return "" if _GENERATED_SUBJECT.fullmatch(subject) else normalize(subject)


def finding_key(story: str, rule: str, subject: str, items: Iterable[Item]) -> Key:
    """The key a finding and its judgment share."""
    return (story, rule, stable_subject(subject), frozenset(items))


@dataclass(frozen=True)
class Raised:
    """One finding the tool raised on a story, with its evidence as items."""

    story: str
    rule: str
    kind: str
    severity: str
    subject: str
    message: str
    items: tuple[Item, ...]
    # (article, start, end) of each item, for printing context.
    places: tuple[tuple[str, int, int], ...] = ()

    @property
    def key(self) -> Key:
        return finding_key(self.story, self.rule, self.subject, self.items)


@dataclass(frozen=True)
class Judgment:
    """A reader's verdict on one finding."""

    story: str
    rule: str
    subject: str
    items: tuple[Item, ...]
    verdict: str
    reason: str

    @property
    def key(self) -> Key:
        return finding_key(self.story, self.rule, self.subject, self.items)


@dataclass(frozen=True)
class Expected:
    """A finding a careful reader expects: its kind, the least severity that
    counts, and the spans that must be among its evidence."""

    story: str
    kind: str
    severity: str
    what: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Story:
    """One story folder: article texts by file name, expected findings and judgments."""

    name: str
    folder: Path
    texts: Mapping[str, str]
    expected: tuple[Expected, ...]
    judgments: tuple[Judgment, ...]


class JudgedSetError(ValueError):
    """A story folder's TOML is malformed; the message names the file."""


def _items(raw: Any, where: str) -> tuple[Item, ...]:
    if not isinstance(raw, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in raw
    ):
        raise JudgedSetError(f"{where}: evidence must be a list of [article, text] pairs")
    return tuple((p[0], p[1]) for p in raw)


def _required(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise JudgedSetError(f"{where}: {key} missing")
    return value


def _check_items(items: Sequence[Item], texts: Mapping[str, str], where: str) -> None:
    for article, text in items:
        if article not in texts:
            raise JudgedSetError(f"{where}: no article {article!r}")
        if text not in texts[article]:
            raise JudgedSetError(f"{where}: {text!r} is not in {article}")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise JudgedSetError(f"{path}: {exc}") from exc


def load_story(folder: Path) -> Story:
    """Read one story folder; raise JudgedSetError naming the file for bad data."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    story_file = folder / "story.toml"
    meta = _read_toml(story_file)
    expected = []
    for n, raw in enumerate(meta.get("expected", []), 1):
        where = f"{story_file} expected #{n}"
        severity = raw.get("severity", "info")
        if severity not in SEVERITY_ORDER:
            raise JudgedSetError(f"{where}: unknown severity {severity!r}")
        items = _items(raw.get("evidence"), where)
        _check_items(items, texts, where)
        kind = _required(raw, "kind", where)
        expected.append(Expected(folder.name, kind, severity, raw.get("what", ""), items))
    judgments = []
    judged_file = folder / "judgments.toml"
    if judged_file.exists():
        data = _read_toml(judged_file)
        for n, raw in enumerate(data.get("judgment", []), 1):
            where = f"{judged_file} judgment #{n}"
            if raw.get("verdict") not in VERDICTS:
                raise JudgedSetError(f"{where}: verdict must be one of {', '.join(VERDICTS)}")
            items = _items(raw.get("evidence"), where)
            judgments.append(
                Judgment(folder.name, _required(raw, "rule", where), raw.get("subject", ""),
                         items, raw["verdict"], raw.get("reason", ""))
            )
    return Story(folder.name, folder, texts, tuple(expected), tuple(judgments))


def load_stories(folder: Path) -> list[Story]:
    """Every story folder (one holding ``story.toml``) under ``folder``, by name."""
    return [load_story(p.parent) for p in sorted(folder.glob("*/story.toml"))]


def raised_of(story: str, findings: Iterable[Finding], texts: Mapping[str, str]) -> list[Raised]:
    """The findings of one story as ``Raised``, evidence named by file and span text."""
    out = []
    for f in findings:
        places = tuple((Path(e.article).name, e.start, e.end) for e in f.evidence)
        items = tuple((a, texts[a][s:e]) for a, s, e in places)
        out.append(Raised(story, f.rule, f.kind, f.severity, f.subject, f.message, items, places))
    return out


def audit_story(story: Story) -> list[Raised]:
    """Audit a story folder with the library, as ``citeaudit report`` does."""
    result = audit_paths([str(story.folder)])
    if result.skipped:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in result.skipped)
        raise JudgedSetError(f"{story.folder}: inputs skipped: {reasons}")
    return raised_of(story.name, result.findings, story.texts)


def _overlaps(item: Item, raised: Raised, texts: Mapping[str, str]) -> bool:
    """True when the expected span ``item`` overlaps one of ``raised``'s evidence spans."""
    article, text = item
    spans = []
    at = texts[article].find(text)
    while at >= 0:
        spans.append((at, at + len(text)))
        at = texts[article].find(text, at + 1)
    return any(
        a == article and s < end and start < e
        for a, s, e in raised.places
        for start, end in spans
    )


def raises(expected: Expected, raised: Raised, texts: Mapping[str, str]) -> bool:
    """True when ``raised`` is the finding ``expected`` asks for."""
    return (
        raised.kind == expected.kind
        and SEVERITY_ORDER[raised.severity] >= SEVERITY_ORDER[expected.severity]
        and all(_overlaps(item, raised, texts) for item in expected.items)
    )


@dataclass
class Tally:
    """Verdict counts of a set of raised findings."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, verdict: str) -> None:
        self.counts[verdict] += 1

    @property
    def raised(self) -> int:
        return sum(self.counts.values())

    @property
    def judged_for_precision(self) -> int:
        """Everything but the debatable ones (unjudged included: never right)."""
        return self.raised - self.counts["debatable"]

    @property
    def precision(self) -> float | None:
        n = self.judged_for_precision
        return self.counts["true"] / n if n else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "raised": self.raised,
            **{v: self.counts[v] for v in (*VERDICTS, "unjudged")},
            "precision": self.precision,
        }


@dataclass
class Score:
    """Every figure of one run over the judged set."""

    articles: int = 0
    stories: int = 0
    serious: Tally = field(default_factory=Tally)
    errors: Tally = field(default_factory=Tally)
    info: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    expected: int = 0
    expected_raised: int = 0
    expected_by_kind: dict[str, list[int]] = field(default_factory=dict)
    missed: list[Expected] = field(default_factory=list)
    unjudged: list[Raised] = field(default_factory=list)
    stale: list[Judgment] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.expected_raised / self.expected if self.expected else None

    def per_article(self, tally: Tally) -> float:
        return tally.raised / self.articles if self.articles else 0.0

    def figures(self) -> dict[str, float | None]:
        """The figures floors can pin, by name."""
        out: dict[str, float | None] = {
            "precision": self.serious.precision,
            "precision_errors": self.errors.precision,
            "recall": self.recall,
        }
        for kind, tally in sorted(self.by_kind.items()):
            out[f"precision_{kind}"] = tally.precision
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "stories": self.stories,
            "articles": self.articles,
            "warnings_and_errors": self.serious.as_dict(),
            "errors": self.errors.as_dict(),
            "info": self.info.as_dict(),
            "by_kind": {k: t.as_dict() for k, t in sorted(self.by_kind.items())},
            "recall": {
                "expected": self.expected,
                "raised": self.expected_raised,
                "recall": self.recall,
                "by_kind": {k: {"expected": v[0], "raised": v[1]}
                            for k, v in sorted(self.expected_by_kind.items())},
                "missed": [{"story": e.story, "kind": e.kind, "what": e.what} for e in self.missed],
            },
            "per_article": {
                "warnings_and_errors": self.per_article(self.serious),
                "all": self.per_article(self.serious) + self.per_article(self.info),
            },
            "unjudged": len(self.unjudged),
            "unjudged_serious": sum(r.severity in SERIOUS for r in self.unjudged),
            "stale_judgments": len(self.stale),
        }


def score(stories: Sequence[Story], raised: Mapping[str, Sequence[Raised]]) -> Score:
    """Score the raised findings of each story against its judgments and
    expected findings. A judgment counts for every raised finding with its
    key; one no finding has is stale (its finding is gone or changed)."""
    result = Score(stories=len(stories))
    for story in stories:
        result.articles += len(story.texts)
        verdicts = {j.key: j for j in story.judgments}
        found = raised.get(story.name, ())
        used: set[Key] = set()
        for r in found:
            judgment = verdicts.get(r.key)
            verdict = judgment.verdict if judgment else "unjudged"
            if judgment is None:
                result.unjudged.append(r)
            else:
                used.add(r.key)
            if r.severity in SERIOUS:
                result.serious.add(verdict)
                result.by_kind.setdefault(r.kind, Tally()).add(verdict)
                if r.severity == "error":
                    result.errors.add(verdict)
            else:
                result.info.add(verdict)
        result.stale.extend(j for j in story.judgments if j.key not in used)
        for e in story.expected:
            result.expected += 1
            counts = result.expected_by_kind.setdefault(e.kind, [0, 0])
            counts[0] += 1
            if any(raises(e, r, story.texts) for r in found):
                result.expected_raised += 1
                counts[1] += 1
            else:
                result.missed.append(e)
    return result


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def _row(label: str, t: Tally) -> str:
    c = t.counts
    return (f"{label:<22}{t.raised:>7}{c['true']:>6}{c['false']:>6}{c['duplicate']:>5}"
            f"{c['debatable']:>5}{c['unjudged']:>6}   {_pct(t.precision)}")


def format_table(s: Score) -> str:
    """The figures as a plain-text table."""
    lines = [
        f"judged findings set: {s.stories} stories, {s.articles} articles",
        "",
        f"{'warnings+errors':<22}{'raised':>7}{'true':>6}{'false':>6}{'dup':>5}"
        f"{'deb':>5}{'unjdg':>6}   precision",
    ]
    lines += [_row(f"  {kind}", t) for kind, t in sorted(s.by_kind.items())]
    lines += [_row("all warnings+errors", s.serious), _row("errors", s.errors),
              _row("info (separately)", s.info), ""]
    lines.append(
        f"recall of expected findings: {s.expected_raised}/{s.expected} = {_pct(s.recall)}"
    )
    for kind, (n, hit) in sorted(s.expected_by_kind.items()):
        lines.append(f"  {kind:<20}{hit:>3}/{n}")
    for e in s.missed:
        lines.append(f"  missed: {e.story} {e.kind}: {e.what}")
    lines.append(
        f"findings per article: {s.per_article(s.serious):.2f} warnings+errors, "
        f"{s.per_article(s.serious) + s.per_article(s.info):.2f} in all"
    )
    serious = sum(r.severity in SERIOUS for r in s.unjudged)
    lines.append(f"UNJUDGED: {len(s.unjudged)} ({serious} warnings/errors); "
                 f"stale judgments: {len(s.stale)}")
    return "\n".join(lines) + "\n"


def _context(text: str, start: int, end: int, width: int = 160) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return (text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]).replace("\n", " ")


def judgment_block(r: Raised, verdict: str = "?", reason: str = "") -> str:
    """The ``[[judgment]]`` TOML block of a raised finding (for ``judgments.toml``)."""
    evidence = ", ".join(
        f"[{json.dumps(a, ensure_ascii=False)}, {json.dumps(t, ensure_ascii=False)}]"
        for a, t in r.items
    )
    subject = r.subject if stable_subject(r.subject) else ""
    return "\n".join([
        "[[judgment]]",
        f"rule = {json.dumps(r.rule)}",
        f"severity = {json.dumps(r.severity)}",
        f"subject = {json.dumps(subject, ensure_ascii=False)}",
        f"evidence = [{evidence}]",
        f"verdict = {json.dumps(verdict)}",
        f"reason = {json.dumps(reason, ensure_ascii=False)}",
    ]) + "\n"


def format_unjudged(s: Score, stories: Sequence[Story]) -> str:
    """Each unjudged finding with its context and a judgment block to paste
    into its story's ``judgments.toml`` (verdict and reason to fill in)."""
    texts = {st.name: st.texts for st in stories}
    out = []
    for r in s.unjudged:
        out.append(f"# --- {r.story}: {r.rule} ({r.severity}) {r.subject}: {r.message}")
        for article, start, end in r.places:
            out.append(f"#   {article}: {_context(texts[r.story][article], start, end)}")
        out.append(judgment_block(r))
    return "\n".join(out)


def check_floors(s: Score, floors_file: Path) -> list[str]:
    """The floors not met (and any unjudged warning or error), in words."""
    floors = tomllib.loads(floors_file.read_text(encoding="utf-8"))
    figures = s.figures()
    failures = []
    for name, floor in sorted(floors.items()):
        # A kind raised nowhere has no figure (None): no precision to hold.
        if name not in figures and not name.startswith("precision_"):
            failures.append(f"{name}: no such figure (known: {', '.join(sorted(figures))})")
            continue
        value = figures.get(name)
        if value is not None and value < floor:
            failures.append(f"{name} = {_pct(value)} is below its floor {floor}")
    serious = sum(r.severity in SERIOUS for r in s.unjudged)
    if serious:
        failures.append(f"{serious} warning/error findings are unjudged (see --unjudged)")
    return failures


def main(argv: list[str] | None = None) -> int:
    """Audit every story, score it and print the figures; 1 if a floor fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=DEFAULT_FOLDER)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--floors", type=Path, default=None)
    parser.add_argument("--unjudged", action="store_true",
                        help="print each unjudged finding with its context")
    args = parser.parse_args(argv)
    try:
        stories = load_stories(args.folder)
        raised = {st.name: audit_story(st) for st in stories}
    except (JudgedSetError, OSError) as exc:
        print(f"bench.findings: {exc}", file=sys.stderr)
        return 2
    result = score(stories, raised)
    if args.unjudged:
        print(format_unjudged(result, stories), end="")
    elif args.format == "json":
        print(json.dumps(result.as_dict(), indent=2))
    else:
        print(format_table(result), end="")
    failures = check_floors(result, args.floors) if args.floors else []
    for failure in failures:
        print(f"floor not met: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
