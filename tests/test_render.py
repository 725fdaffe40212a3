"""The HTML report: self-contained, escaped, and found from an installed wheel."""

from __future__ import annotations

import importlib.metadata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from audit.pipeline import audit_paths
from audit.render import _segments, render_html

SEEDS = str(Path(__file__).resolve().parent.parent / "seeds")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for k, v in attrs:
            if k == "id" and v:
                self.ids.add(v)
            if k in ("href", "src") and v:
                self.hrefs.append(v)


@pytest.fixture(scope="module")
def seed_page() -> str:
    return render_html(audit_paths([SEEDS]))


def test_report_is_self_contained_and_links_resolve(seed_page: str) -> None:
    c = _Collector()
    c.feed(seed_page)
    assert "script" not in c.tags and "link" not in c.tags
    assert c.hrefs, "the report links findings to their evidence"
    for href in c.hrefs:
        assert href.startswith("#"), href
        assert href[1:] in c.ids, href


@pytest.mark.parametrize(
    "section", ["summary", "findings", "sources", "quotes", "people", "articles"]
)
def test_report_has_every_section(seed_page: str, section: str) -> None:
    assert f'<section id="{section}">' in seed_page


def test_state_media_classification_names_its_data_set(seed_page: str) -> None:
    assert "State Media Matrix" in seed_page
    assert '<span class="typology">SC</span>' in seed_page


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ([], [("abcdef", [])]),
        ([(1, 3, "quote", "")], [("a", []), ("bc", ["quote"]), ("def", [])]),
        (
            [(0, 4, "quote", "q"), (2, 6, "source", "s")],
            [("ab", ["quote"]), ("cd", ["quote", "source"]), ("ef", ["source"])],
        ),
        ([(4, 10, "cue", "")], [("abcd", []), ("ef", ["cue"])]),
    ],
)
def test_segments_split_overlapping_marks(
    marks: list[tuple[int, int, str, str]], expected: list[tuple[str, list[str]]]
) -> None:
    segs = _segments("abcdef", 0, 6, marks)
    assert [(s.text, s.classes) for s in segs] == expected


def test_installed_wheel_ships_templates_data_and_seeds() -> None:
    try:
        files = importlib.metadata.files("citeaudit") or []
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("citeaudit is not installed")
    names = {str(f) for f in files}
    if not any(n.startswith("audit/") for n in names):
        pytest.skip("editable install: templates come from the checkout")
    for needed in (
        "audit/templates/report.html.j2",
        "audit/templates/report.css",
        "audit/data/findings.toml",
        "audit/data/state_media/LICENSE",
        "audit/seeds/000_93f737c5162a369b.txt",
    ):
        assert needed in names
