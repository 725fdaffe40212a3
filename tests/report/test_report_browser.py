"""The HTML report in a real browser (Debian's Chromium driven by Playwright).

Skipped when no Chromium is installed, except in CI (``CI`` set), where
``.ci/run`` installs it and a missing browser is a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from paths import ROOT

from audit.pipeline import audit_paths
from audit.report.html import render_html

HOSTILE = ROOT / "tests" / "fixtures" / "articles" / "hostile.html"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Without these Chromium reaches for the network at start-up.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium (installed by .ci/run)")
        pytest.skip("no chromium on this machine")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser: Any, path: Path, *, javascript: bool = True) -> tuple[Any, dict[str, list[str]]]:
    seen: dict[str, list[str]] = {"console": [], "errors": [], "dialogs": [], "requests": []}
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def on_dialog(d: Any) -> None:
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, seen


def _write(tmp_path: Path, paths: list[str], name: str) -> Path:
    out = tmp_path / name
    out.write_text(render_html(audit_paths(paths)), encoding="utf-8")
    return out


def test_seed_report_renders_clean_and_is_kept_as_artifact(browser: Any, tmp_path: Path) -> None:
    report = _write(tmp_path, [str(ROOT / "seeds")], "seeds.html")
    page, seen = _open(browser, report)
    assert seen["errors"] == [] and seen["console"] == []
    assert seen["requests"] == [report.resolve().as_uri()]
    assert page.locator("section#findings .finding").count() > 0
    # Following a finding's evidence link lands on the article paragraph.
    link = page.locator("section#findings .evidence a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(f"[id='{target[1:]}']").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-seeds.png"), full_page=True)


def test_hostile_article_runs_nothing(browser: Any, tmp_path: Path) -> None:
    report = _write(tmp_path, [str(HOSTILE)], "hostile.html")
    page, seen = _open(browser, report)
    page.mouse.move(10, 10)
    for link in page.locator("a").all():
        href = link.get_attribute("href") or ""
        assert href.startswith("#"), href
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    assert seen["requests"] == [report.resolve().as_uri()]
    assert page.evaluate("document.scripts.length") == 0
    assert "I have done nothing wrong" in page.inner_text("section#articles")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-hostile.png"), full_page=True)


def test_report_reads_without_javascript(browser: Any, tmp_path: Path) -> None:
    report = _write(tmp_path, [str(ROOT / "seeds")], "nojs.html")
    page, seen = _open(browser, report, javascript=False)
    assert "Witkoff" in page.inner_text("section#findings")
    assert page.locator("section#articles article").count() == 5
