"""The holdout sets (tests/gold/holdout-news, tests/gold/holdout-findings) are
new: no article of theirs is in another gold set, and the findings holdout's
stories are as wide as asked and fully judged. The news holdout is built and
scored with the news set (tests/eval/test_news_gold.py); the findings holdout
is audited against its floors in CI (.ci/run), like the judged set."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from paths import ROOT

import bench.findings as scorer

GOLD = ROOT / "tests" / "gold"
HOLDOUT_NEWS = GOLD / "holdout-news"
HOLDOUT_FINDINGS = GOLD / "holdout-findings"


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
