"""The HTML report: self-contained, escaped, and found from an installed wheel."""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.metadata
import re
from html.parser import HTMLParser
from pathlib import Path

import paths
import pytest

from audit.pipeline import audit_paths
from audit.report.html import mark_segments, render_html, report_script, safe_link

SEEDS = str(paths.SEEDS)


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


def _csp(page: str) -> str:
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert found is not None
    return found.group(1)


def test_report_is_self_contained_and_links_resolve(seed_page: str) -> None:
    own = f"<script>{report_script()}</script>"
    assert seed_page.count("<script") == 1 and own in seed_page
    c = _Collector()
    c.feed(seed_page.replace(own, ""))
    assert "script" not in c.tags and "link" not in c.tags
    assert c.hrefs, "the report links findings to their evidence"
    for href in c.hrefs:
        assert href.startswith("#"), href
        assert href[1:] in c.ids, href


@pytest.mark.parametrize(
    "section", ["key", "findings", "charts", "graph", "sources", "quotes", "people", "articles"]
)
def test_report_has_every_section(seed_page: str, section: str) -> None:
    assert f'<section id="{section}">' in seed_page


def test_only_the_report_script_may_run(seed_page: str) -> None:
    """The Content-Security-Policy allows the report's own script by its
    hash, and nothing else: no other script, no connection, no asset."""
    digest = base64.b64encode(hashlib.sha256(report_script().encode()).digest()).decode()
    rules = dict(r.strip().split(" ", 1) for r in _csp(seed_page).split(";"))
    assert rules == {
        "default-src": "'none'",
        "style-src": "'unsafe-inline'",
        "img-src": "data:",
        "script-src": f"'sha256-{digest}'",
    }


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
    segs = mark_segments("abcdef", 0, 6, marks)
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


class _Links(HTMLParser):
    """Every <a>'s attributes and the text of the article metadata lists."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.meta: list[str] = []
        self._in_meta = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))
        if tag == "dl" and "article-meta" in (dict(attrs).get("class") or ""):
            self._in_meta += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl" and self._in_meta:
            self._in_meta -= 1

    def handle_data(self, data: str) -> None:
        if self._in_meta and data.strip():
            self.meta.append(data.strip())


PAGE = """<html><head><title>Ignored</title>
<meta property="og:title" content="Minister &lt;b&gt;quits&lt;/b&gt;">
<meta property="og:site_name" content="Example &amp; Sons">
<meta name="author" content="&lt;img src=x onerror=alert(1)&gt;">
<meta property="article:published_time" content="2025-05-01T10:00:00Z">
<link rel="canonical" href="{url}"></head>
<body><p>“I have done nothing wrong,” Interior Minister Jane Doe said on Monday.</p>
</body></html>"""


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.com/story?a=1&b=2", True),
        ("HTTP://example.com/story", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.com/story", False),
        ("/relative/story", False),
        ("https://[bad/story", False),
        ("https://example.com/\"><script>alert(1)</script>", True),
    ],
)
def test_article_metadata_is_shown_and_only_web_addresses_are_linked(
    tmp_path: Path, url: str, linked: bool
) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(url=html.escape(url)), encoding="utf-8")
    page = render_html(audit_paths([str(path)]))
    page = page.replace(f"<script>{report_script()}</script>", "")
    assert "<script" not in page and "<img" not in page and "<b>quits" not in page
    c = _Links()
    c.feed(page)
    assert "Minister <b>quits</b>" in page.replace("&lt;", "<").replace("&gt;", ">")
    assert {"Example & Sons", "<img src=x onerror=alert(1)>", "2025-05-01T10:00:00Z"} <= set(
        c.meta
    )
    external = [a for a in c.links if not (a.get("href") or "").startswith("#")]
    if linked:
        assert external == [{"href": url, "rel": "noopener noreferrer"}]
    else:
        assert external == []
        assert safe_link(url) is None
    assert (safe_link(url) == url) is linked
