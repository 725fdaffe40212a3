"""The judged-findings scorer (bench/findings.py) on a tiny synthetic set:
judgments match by rule, subject and evidence span text (not offsets or list
position), duplicates count against precision, debatable ones are left out,
unjudged ones never count as right, and recall needs overlapping evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench.findings as scorer
from audit.models import Evidence, Finding

TEXTS = {
    "a.txt": "Dmitri Peskov said “we will see”. Later Dmitry Peskov spoke.",
    "b.txt": "Officials said “we shall see”. Sources said it rained.",
}


def raised(rule: str, kind: str, severity: str, subject: str,
           places: list[tuple[str, int, int]]) -> scorer.Raised:
    items = tuple((a, TEXTS[a][s:e]) for a, s, e in places)
    return scorer.Raised("s", rule, kind, severity, subject, "", items, tuple(places))


def judgment(
    rule: str, subject: str, items: list[tuple[str, str]], verdict: str
) -> scorer.Judgment:
    return scorer.Judgment("s", rule, subject, tuple(items), verdict, "")


def span(article: str, text: str, nth: int = 0) -> tuple[str, int, int]:
    at = -1
    for _ in range(nth + 1):
        at = TEXTS[article].index(text, at + 1)
    return (article, at, at + len(text))


def story(
    judgments: list[scorer.Judgment], expected: tuple[scorer.Expected, ...] = ()
) -> scorer.Story:
    return scorer.Story("s", Path("s"), TEXTS, expected, tuple(judgments))


def test_judgment_found_by_span_text_whatever_the_offsets_and_order() -> None:
    name = raised("name_variant", "name_variant", "warning", "Dmitry Peskov",
                  [span("a.txt", "Dmitri Peskov"), span("a.txt", "Dmitry Peskov")])
    # The judgment lists the evidence in the other order and no offsets.
    j = judgment("name_variant", "dmitry  PESKOV",
                 [("a.txt", "Dmitry Peskov"), ("a.txt", "Dmitri Peskov")], "true")
    result = scorer.score([story([j])], {"s": [name]})
    assert result.serious.counts == {"true": 1}
    assert result.unjudged == [] and result.stale == []


@pytest.mark.parametrize(
    ("judged_rule", "judged_items", "judged"),
    [
        ("quote_altered", [("a.txt", "we will see"), ("b.txt", "we shall see")], True),
        ("quote_truncated", [("a.txt", "we will see"), ("b.txt", "we shall see")], False),  # rule
        ("quote_altered", [("a.txt", "we will see")], False),  # one item fewer
        ("quote_altered", [("a.txt", "we will see"), ("b.txt", "we shall")], False),  # span text
    ],
)
def test_a_changed_finding_is_unjudged_and_its_judgment_stale(
    judged_rule: str, judged_items: list[tuple[str, str]], judged: bool
) -> None:
    # A quote group's generated id ("g3" / "g7") is not part of the key.
    r = raised("quote_altered", "quote_variant", "warning", "g7",
               [span("a.txt", "we will see"), span("b.txt", "we shall see")])
    j = judgment(judged_rule, "g3", judged_items, "true")
    result = scorer.score([story([j])], {"s": [r]})
    assert (result.unjudged == []) is judged
    assert (result.stale == []) is judged


def test_precision_counts_duplicates_and_unjudged_against_and_leaves_debatable_out() -> None:
    subjects = ["officials", "sources", "later", "peskov", "said"]
    found = [
        raised("vague_attribution", "vague_attribution", "warning", s, [span("b.txt", "said", n)])
        for n, s in enumerate(subjects[:2])
    ] + [
        raised("speaker_conflict", "speaker_conflict", "error", "g1",
               [span("a.txt", "we will see"), span("b.txt", "we shall see")]),
        raised("quote_truncated", "quote_variant", "info", "g1", [span("a.txt", "we will see")]),
        raised("name_variant", "name_variant", "warning", "Dmitry Peskov",
               [span("a.txt", "Dmitry Peskov")]),
    ]
    judgments = [
        judgment("vague_attribution", "officials", [("b.txt", "said")], "true"),
        judgment("vague_attribution", "sources", [("b.txt", "said")], "duplicate"),
        judgment("speaker_conflict", "", [("a.txt", "we will see"), ("b.txt", "we shall see")],
                 "debatable"),
        judgment("quote_truncated", "", [("a.txt", "we will see")], "false"),
    ]  # the name_variant finding is left unjudged
    result = scorer.score([story(judgments)], {"s": found})
    assert result.serious.counts == {"true": 1, "duplicate": 1, "debatable": 1, "unjudged": 1}
    assert result.serious.precision == pytest.approx(1 / 3)  # debatable out, unjudged in
    assert result.errors.precision is None  # its only finding is debatable
    assert result.by_kind["vague_attribution"].precision == pytest.approx(1 / 2)
    assert result.by_kind["name_variant"].precision == 0.0
    assert result.info.counts == {"false": 1}  # info scored apart
    assert [r.rule for r in result.unjudged] == ["name_variant"]
    assert result.per_article(result.serious) == pytest.approx(4 / 2)


@pytest.mark.parametrize(
    ("kind", "severity", "items", "is_raised"),
    [
        ("quote_variant", "info", [("a.txt", "will"), ("b.txt", "we shall see")], True),
        ("quote_variant", "warning", [("a.txt", "will"), ("b.txt", "we shall see")], True),
        ("quote_variant", "error", [("a.txt", "will")], False),  # not severe enough
        ("name_variant", "info", [("a.txt", "will")], False),  # another kind
        ("quote_variant", "info", [("a.txt", "Later")], False),  # span not in the evidence
        ("quote_variant", "info", [("b.txt", "said")], False),  # "said" twice, neither covered
    ],
)
def test_recall_needs_kind_severity_and_overlapping_evidence(
    kind: str, severity: str, items: list[tuple[str, str]], is_raised: bool
) -> None:
    r = raised("quote_altered", "quote_variant", "warning", "g1",
               [span("a.txt", "we will see"), span("b.txt", "we shall see")])
    expected = scorer.Expected("s", kind, severity, "", tuple(items))
    result = scorer.score([story([], (expected,))], {"s": [r]})
    assert (result.expected_raised, result.expected) == (int(is_raised), 1)
    assert result.recall == int(is_raised)


def test_raised_of_names_evidence_by_file_and_span_text() -> None:
    f = Finding("name_variant", "warning", "", "name_variant",
                (Evidence("/x/s/a.txt", 0, 13, ""),), subject="Dmitry Peskov")
    (r,) = scorer.raised_of("s", [f], TEXTS)
    assert r.items == (("a.txt", "Dmitri Peskov"),)
    assert r.key == scorer.finding_key("s", "name_variant", "Dmitry Peskov",
                                       [("a.txt", "Dmitri Peskov")])


def test_floors_fail_below_a_floor_and_on_any_unjudged_warning(tmp_path: Path) -> None:
    r = raised("name_variant", "name_variant", "warning", "Dmitry Peskov",
               [span("a.txt", "Dmitry Peskov")])
    floors = tmp_path / "floors.toml"
    floors.write_text("precision = 0.5\nprecision_speaker_conflict = 0.9\n")
    judged = scorer.score([story([judgment("name_variant", "Dmitry Peskov",
                                           [("a.txt", "Dmitry Peskov")], "true")])], {"s": [r]})
    assert scorer.check_floors(judged, floors) == []  # no speaker_conflict raised: no figure
    unjudged = scorer.score([story([])], {"s": [r]})
    failures = scorer.check_floors(unjudged, floors)
    assert any("precision = 0.00 is below its floor 0.5" in f for f in failures)
    assert any("1 warning/error findings are unjudged" in f for f in failures)
    assert "[[judgment]]" in scorer.format_unjudged(unjudged, [story([])])


def _write_story(folder: Path, judged: str) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")
    (folder / "story.toml").write_text(
        '[[expected]]\nkind = "name_variant"\nseverity = "warning"\n'
        'evidence = [["a.txt", "Dmitri Peskov"]]\n', encoding="utf-8")
    (folder / "judgments.toml").write_text(judged, encoding="utf-8")


@pytest.mark.parametrize(
    ("judged", "error"),
    [
        ('[[judgment]]\nrule = "r"\nevidence = [["a.txt", "x"]]\nverdict = "yes"\n', "verdict"),
        ('[[judgment]]\nrule = "r"\nevidence = ["a.txt"]\nverdict = "true"\n', "evidence"),
        ('[[judgment]]\nevidence = [["a.txt", "x"]]\nverdict = "true"\n', "rule missing"),
    ],
)
def test_a_bad_judgment_file_is_named(tmp_path: Path, judged: str, error: str) -> None:
    _write_story(tmp_path / "s", judged)
    with pytest.raises(scorer.JudgedSetError, match=rf"judgments.toml judgment #1: {error}"):
        scorer.load_story(tmp_path / "s")


def test_the_committed_judged_set_loads() -> None:
    """Every story's TOML parses and each expected span is in its article
    (the audit itself runs in CI: .ci/run)."""
    stories = scorer.load_stories(scorer.DEFAULT_FOLDER)
    assert len(stories) >= 8
    assert sum(len(s.texts) for s in stories) >= 40
    assert all(s.expected and s.judgments for s in stories)
