"""The report's reading aids: cards folding findings by problem, articles
named by title, and quote groups compared version by version."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.match import word_diff
from audit.models import Article, Evidence, Finding, Quote, QuoteGroup, QuoteMember
from audit.report.cards import article_label, fold_cards, path_namer
from audit.report.compare import CHANGED, GAP, OUTSIDE, PLAIN, compare_group


def _finding(kind: str, subject: str, article: str, severity: str = "warning",
             confidence: str | None = None) -> Finding:
    return Finding(kind, severity, f"{kind} about {subject} in {article}", kind,  # type: ignore[arg-type]
                   (Evidence(article, 0, 4, "text"),), subject=subject,
                   confidence=confidence)  # type: ignore[arg-type]


def test_findings_of_one_kind_and_subject_are_one_card_over_every_article() -> None:
    findings = [_finding("state_media", "TASS", f"a{i}.txt") for i in range(5)]
    findings += [_finding("state_media", "RIA", "a1.txt"),
                 _finding("name_variant", "TASS", "a1.txt")]
    cards = fold_cards(findings)
    assert [(c.kind, c.subject, len(c.items)) for c in cards] == [
        ("state_media", "TASS", 5), ("name_variant", "TASS", 1), ("state_media", "RIA", 1)]
    assert list(cards[0].articles) == [f"a{i}.txt" for i in range(5)]
    assert [c.id for c in cards] == ["c1", "c2", "c3"]


@pytest.mark.parametrize(
    ("a", "b", "first"),
    [
        (("warning", 1, None), ("error", 1, None), "b"),  # severity first
        (("warning", 3, None), ("warning", 1, "high"), "a"),  # then articles touched
        (("warning", 2, "low"), ("warning", 2, "high"), "b"),  # then confidence
        (("info", 2, None), ("info", 2, "low"), "b"),  # a stated confidence beats none
    ],
)
def test_cards_rank_by_severity_articles_then_confidence(
    a: tuple[str, int, str | None], b: tuple[str, int, str | None], first: str
) -> None:
    findings = []
    for name, (severity, n, confidence) in (("a", a), ("b", b)):
        findings += [_finding("k", name, f"{name}{i}.txt", severity, confidence) for i in range(n)]
    assert fold_cards(findings)[0].subject == first


def test_a_finding_without_subject_is_its_own_card() -> None:
    cards = fold_cards([_finding("k", "", "a.txt"), _finding("k", "", "b.txt")])
    assert len(cards) == 2


@pytest.mark.parametrize(
    ("article", "text"),
    [
        (Article("x/1.txt", "t", title="Talks  resume", publisher="Reuters",
                 date="2025-01-02"), "Talks resume — Reuters, 2025-01-02"),
        (Article("x/2.txt", "t"), "2.txt — outlet not named, undated"),
        (Article("x/3.html", "t", title="T", url="https://www.example.com/a"),
         "T — www.example.com, undated"),
    ],
)
def test_articles_are_labelled_by_title_outlet_and_date(article: Article, text: str) -> None:
    assert article_label(article, "a1").text == text


def test_paths_in_messages_become_titles_longest_first() -> None:
    labels = [article_label(Article("/tmp/s/a.txt", "t", title="A"), "a1"),
              article_label(Article("/tmp/s/a.txt.bak", "t", title="B"), "a2")]
    name = path_namer(labels)
    assert name("in /tmp/s/a.txt.bak and /tmp/s/a.txt.") == "in “B” and “A”."


# ---------------------------------------------------------------------------
# Quote groups as comparisons


def _group(texts: list[tuple[str, str]], dates: dict[str, str | None]) -> QuoteGroup:
    """A group of (article, words); the first is the reference."""
    quotes = [Quote(f"{a}#q0", a, 0, len(t), t, "Ann Lee") for a, t in texts]
    members = [QuoteMember(quotes[0], "reference", 100.0)]
    members += [QuoteMember(q, "variant", 90.0, word_diff(quotes[0].text, q.text))
                for q in quotes[1:]]
    return QuoteGroup("g1", tuple(members))


def _shown(runs: tuple) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(r.state, r.text) for r in runs]


@pytest.mark.parametrize(
    ("first", "other", "relation", "first_runs", "other_runs"),
    [
        ("we will not give up", "we will not give up", "identical",
         [(PLAIN, "we will not give up")], [(PLAIN, "we will not give up")]),
        ("we will not give up now", "will not give up", "excerpt",
         [(OUTSIDE, "we"), (PLAIN, "will not give up"), (OUTSIDE, "now")],
         [(PLAIN, "… will not give up …")]),
        ("will not give up", "we will not give up now", "extended",
         [(PLAIN, "will not give up")],
         [(OUTSIDE, "we"), (PLAIN, "will not give up"), (OUTSIDE, "now")]),
        ("we will not give up", "we shall not give up", "altered",
         [(PLAIN, "we"), (CHANGED, "will"), (PLAIN, "not give up")],
         [(PLAIN, "we"), (CHANGED, "shall"), (PLAIN, "not give up")]),
        ("we will not ever give up", "we will not give up", "altered",
         [(PLAIN, "we will not"), (CHANGED, "ever"), (PLAIN, "give up")],
         [(PLAIN, "we will not"), (GAP, "[…]"), (PLAIN, "give up")]),
    ],
)
def test_versions_mark_changes_in_both_and_show_an_excerpt_as_an_excerpt(
    first: str, other: str, relation: str, first_runs: list[tuple[str, str]],
    other_runs: list[tuple[str, str]],
) -> None:
    versions = compare_group(_group([("a.txt", first), ("b.txt", other)], {}), {})
    assert versions[1].relation == relation
    assert _shown(versions[0].runs) == first_runs
    assert _shown(versions[1].runs) == other_runs


def test_the_earliest_dated_version_comes_first() -> None:
    dates: dict[str, str | None] = {"a.txt": "2025-03-01", "b.txt": "2025-01-05", "c.txt": None}
    group = _group([("a.txt", "we will not give up now"), ("b.txt", "we will not give up"),
                    ("c.txt", "we will give up")], dates)
    versions = compare_group(group, dates)
    assert [v.quote.article for v in versions] == ["b.txt", "a.txt", "c.txt"]
    assert versions[0].relation == "earliest"
    assert versions[1].relation == "extended"  # compared to b, not to the reference a


@given(st.lists(st.sampled_from(["we", "will", "not", "give", "up", "now", "ever"]),
                min_size=1, max_size=8),
       st.lists(st.sampled_from(["we", "will", "not", "give", "up", "now", "ever"]),
                min_size=1, max_size=8))
def test_every_word_of_both_versions_is_shown(a: list[str], b: list[str]) -> None:
    versions = compare_group(_group([("a.txt", " ".join(a)), ("b.txt", " ".join(b))], {}), {})
    first = " ".join(r.text for r in versions[0].runs)
    other = [w for r in versions[1].runs if r.state != GAP for w in r.text.split() if w != "…"]
    assert first.split() == a
    assert other == b
