"""The multi-domain news gold set (tests/gold/news) and its holdout
(tests/gold/holdout-news, same format): each built from its markup, as wide as
issue 14 asks (the holdout half as many articles), and scored against its
pinned floors."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from paths import ROOT
from scripts import load_script

from audit.errors import InputError
from audit.eval import (
    GoldAttribution,
    check_floors,
    check_offsets,
    evaluate,
    label_roles,
    parse_brat,
    source_roles,
    speaker_labels,
)

NEWS = ROOT / "tests" / "gold" / "news"
HOLDOUT_NEWS = ROOT / "tests" / "gold" / "holdout-news"
FLOORS = ROOT / "bench" / "eval_floors.toml"
# Each news-format set and the least number of articles it must hold.
SETS = pytest.mark.parametrize(
    ("folder", "least"), [(NEWS, 30), (HOLDOUT_NEWS, 15)], ids=["news", "holdout-news"]
)


def _build_module() -> ModuleType:
    return load_script(NEWS / "build.py", "news_build")


@SETS
def test_news_files_are_what_the_markup_builds(folder: Path, least: int, tmp_path: Path) -> None:
    build = load_script(folder / "build.py", f"{folder.name}_build").build
    written = build(folder / "markup", tmp_path)
    assert len(written) == 2 * len(list((folder / "markup").glob("*.txt"))) + 2
    for path in written:
        committed = folder / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), committed


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("#place Paris", "bad header line"),
        ("@1 role quoted", "unknown role"),
    ],
)
def test_bad_markup_headers_are_rejected(line: str, problem: str) -> None:
    header = "#url u\n#taken d\n#country c\n#topic t\n#kind wire\n"
    with pytest.raises(ValueError, match=problem):
        _build_module().split_header(header + line + "\nText.\n", "x.txt")


def test_markup_header_is_complete() -> None:
    with pytest.raises(ValueError, match="header lacks"):
        _build_module().split_header("#url u\nText.\n", "x.txt")


@SETS
def test_news_set_is_as_wide_as_asked(folder: Path, least: int) -> None:
    """At least ``least`` articles from 6 countries and 4 of the issue's
    topics, with wire copy and state media among them; each with its address
    and date."""
    data = tomllib.loads((folder / "articles.toml").read_text(encoding="utf-8"))
    articles = data["article"]
    assert len(articles) >= least
    assert len({a["country"] for a in articles}) >= 6
    topics = {a["topic"] for a in articles}
    assert len(topics & {"politics", "business", "sport", "courts", "health"}) >= 4
    assert {"wire", "state media"} <= {a["kind"] for a in articles}
    assert all(a["url"].startswith("http") and a["taken"] for a in articles)
    roles = {s["role"] for a in articles for s in a.get("source", [])}
    assert roles == {"said", "via", "credit"}


@SETS
def test_news_annotations_slice_their_texts_and_labels_name_sources(
    folder: Path, least: int
) -> None:
    labels = speaker_labels(folder / "speakers.toml")
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rpartition("_")[0]
        doc = parse_brat(ann.read_text(encoding="utf-8"))
        text = (folder / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        assert check_offsets(doc, text) is None
        sources = {(s.start, s.end) for s in doc.spans if s.label == "Source"}
        assert set(labels.get(stem, {})) <= sources, stem


@SETS
def test_news_set_meets_pinned_floors(folder: Path, least: int) -> None:
    report = evaluate(folder)
    assert report.speaker.labels == report.speaker.labels_used > 0
    assert check_floors(report, FLOORS) == []


def test_news_report_gives_recall_by_source_role() -> None:
    report = evaluate(NEWS)
    roles = {role: (named, recalled) for role, named, recalled in report.sources.by_role}
    assert set(roles) == {"said", "via", "credit"}
    assert sum(named for named, _ in roles.values()) <= report.sources.gold_named
    for role, (named, recalled) in roles.items():
        assert report.figures()[f"source_recall_{role}"] == pytest.approx(recalled / named)


def test_source_roles_attach_to_their_source_span(tmp_path: Path) -> None:
    path = tmp_path / "articles.toml"
    path.write_text(
        '[[article]]\nstem = "a"\n[[article.source]]\nspan = [10, 12]\nrole = "via"\n',
        encoding="utf-8",
    )
    gold = (
        GoldAttribution("E1", ((10, 12),), ((13, 17),), ((20, 40),)),
        GoldAttribution("E2", ((50, 52),), ((53, 57),), ((60, 80),)),
    )
    assert [g.role for g in label_roles(gold, source_roles(path)["a"])] == ["via", None]


@pytest.mark.parametrize(
    "body",
    [
        '[[article]]\nstem = "a"\n[[article.source]]\nspan = [10, 12]\nrole = "quoted"\n',
        '[[article]]\n[[article.source]]\nspan = [10, 12]\nrole = "via"\n',
        "[[article]\n",
    ],
)
def test_malformed_source_roles_name_the_file(tmp_path: Path, body: str) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match="roles.toml"):
        source_roles(path)
