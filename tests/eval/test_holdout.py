"""The holdout sets (tests/gold/holdout-news, tests/gold/holdout-findings):
built from their markup, as wide as asked, new (no article of the other gold
sets), and the news holdout scored against its pinned floors. The findings
holdout is audited with its floors in CI (.ci/run), like the judged set."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from paths import ROOT
from scripts import load_script

import bench.findings as scorer
from audit.eval import check_floors, check_offsets, evaluate, parse_brat, speaker_labels

GOLD = ROOT / "tests" / "gold"
HOLDOUT_NEWS = GOLD / "holdout-news"
HOLDOUT_FINDINGS = GOLD / "holdout-findings"
FLOORS = ROOT / "bench" / "eval_floors.toml"


def _news_urls(folder: Path) -> list[str]:
    return [
        line.partition(" ")[2].strip()
        for path in sorted((folder / "markup").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#url ")
    ]


def _story_urls(folder: Path) -> list[str]:
    return [
        article["url"]
        for path in sorted(folder.glob("*/story.toml"))
        for article in tomllib.loads(path.read_text(encoding="utf-8")).get("article", [])
    ]


def _address(url: str) -> str:
    """The address without scheme, ``www.`` and trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def test_holdout_news_files_are_what_the_markup_builds(tmp_path: Path) -> None:
    build = load_script(HOLDOUT_NEWS / "build.py", "holdout_news_build").build
    written = build(HOLDOUT_NEWS / "markup", tmp_path)
    assert len(written) == 2 * len(list((HOLDOUT_NEWS / "markup").glob("*.txt"))) + 2
    for path in written:
        committed = HOLDOUT_NEWS / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), committed


def test_holdout_news_is_as_wide_as_asked() -> None:
    """At least 15 articles from 6 countries and 4 of the issue's topics, wire
    copy and state media among them, every Source role labelled somewhere."""
    data = tomllib.loads((HOLDOUT_NEWS / "articles.toml").read_text(encoding="utf-8"))
    articles = data["article"]
    assert len(articles) >= 15
    assert len({a["country"] for a in articles}) >= 6
    topics = {a["topic"] for a in articles}
    assert len(topics & {"politics", "business", "sport", "courts", "health"}) >= 4
    assert {"wire", "state media"} <= {a["kind"] for a in articles}
    assert all(a["url"].startswith("http") and a["taken"] for a in articles)
    assert {s["role"] for a in articles for s in a.get("source", [])} == {"said", "via", "credit"}


def test_holdout_news_annotations_slice_their_texts_and_labels_name_sources() -> None:
    labels = speaker_labels(HOLDOUT_NEWS / "speakers.toml")
    for ann in sorted((HOLDOUT_NEWS / "attributions").glob("*.ann")):
        stem = ann.stem.rpartition("_")[0]
        doc = parse_brat(ann.read_text(encoding="utf-8"))
        text = (HOLDOUT_NEWS / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        assert check_offsets(doc, text) is None
        sources = {(s.start, s.end) for s in doc.spans if s.label == "Source"}
        assert set(labels.get(stem, {})) <= sources, stem


def test_holdout_news_meets_pinned_floors() -> None:
    report = evaluate(HOLDOUT_NEWS)
    assert report.speaker.labels == report.speaker.labels_used > 0
    assert check_floors(report, FLOORS) == []


def test_holdout_findings_stories_are_as_wide_as_asked_and_fully_judged() -> None:
    stories = scorer.load_stories(HOLDOUT_FINDINGS)
    assert len(stories) >= 4
    assert all(len(s.texts) >= 4 and s.expected and s.judgments for s in stories)
    assert not {s.name for s in stories} & {p.name for p in (GOLD / "findings").iterdir()}


def test_holdout_articles_are_new() -> None:
    """No address of a holdout article is in another gold set, nor twice in the holdouts."""
    seen = {_address(u) for u in (*_news_urls(GOLD / "news"), *_story_urls(GOLD / "findings"))}
    held = [_address(u) for u in (*_news_urls(HOLDOUT_NEWS), *_story_urls(HOLDOUT_FINDINGS))]
    assert len(held) == len(set(held))
    assert not set(held) & seen
