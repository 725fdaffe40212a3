"""The command line end to end: on the sample seeds and on small articles of our own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from audit.cli import EXIT_SKIPPED, EXIT_USAGE, main, run
from audit.report.html import report_script

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def as_json(*args: str) -> Any:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def seed_sources() -> list[dict[str, Any]]:
    return list(as_json("sources", SEEDS)["sources"])


@pytest.fixture(scope="module")
def seed_quotes() -> dict[str, Any]:
    return dict(as_json("quotes", SEEDS))


@pytest.fixture(scope="module")
def seed_findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("report")
    result = invoke("report", SEEDS, "-o", str(out / "a.html"), "--json", str(out / "f.json"))
    assert result.exit_code == 0, result.output
    assert "report: " in result.output
    return list(json.loads((out / "f.json").read_text(encoding="utf-8"))["findings"])


def test_tass_is_found_through_the_wp_times(seed_sources: list[dict[str, Any]]) -> None:
    tass = [s for s in seed_sources if s["name"] == "TASS"]
    assert tass and tass[0]["kind"] == "outlet" and tass[0]["via"] == "The WP Times"


@pytest.mark.parametrize("outlet", ["Reuters", "Al Jazeera", "The Guardian"])
def test_outlets_found(seed_sources: list[dict[str, Any]], outlet: str) -> None:
    assert any(s["name"] == outlet and s["kind"] == "outlet" for s in seed_sources)


def test_quotes_json_shape_and_offsets(seed_quotes: dict[str, Any]) -> None:
    texts = {a["path"]: Path(a["path"]).read_text(encoding="utf-8") for a in
             seed_quotes["articles"]}
    clusters = {c["id"] for c in seed_quotes["clusters"]}
    assert seed_quotes["quotes"]
    for q in seed_quotes["quotes"]:
        assert set(q) >= {"id", "article", "text", "start", "end", "speaker", "fragment",
                          "cluster"}
        assert texts[q["article"]][q["start"]:q["end"]] == q["text"]
        assert q["cluster"] in clusters


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        ("megaphone format", "Dmitry Peskov"),
        ("cannot and should not take place", "Dmitry Peskov"),
        ("ironclad security guarantees", "Alexander Grushko"),
        ("one of the key issues", "Yuri Ushakov"),
    ],
)
def test_seed_speakers_carry_full_names(seed_quotes: dict[str, Any], words: str,
                                        speaker: str) -> None:
    (q,) = [q for q in seed_quotes["quotes"] if words in q["text"]]
    assert q["speaker"] == speaker


def test_seed_name_variant_and_title_conflict(seed_findings: list[dict[str, Any]]) -> None:
    variants = [f for f in seed_findings if f["kind"] == "name_variant"]
    assert any("Witkoff" in f["message"] and "Wittkopf" in f["message"] for f in variants)
    titles = [f for f in seed_findings if f["kind"] == "title_conflict"]
    assert any("Trump" in f["message"] and "President-elect" in f["message"] for f in titles)
    for f in seed_findings:
        assert f["rule"] and f["evidence"]
        for e in f["evidence"]:
            text = Path(e["article"]).read_text(encoding="utf-8")
            assert 0 <= e["start"] < e["end"] <= len(text)
            assert " ".join(text[e["start"]:e["end"]].split()) in e["excerpt"]


def test_boilerplate_yields_nothing(seed_quotes: dict[str, Any],
                                    seed_sources: list[dict[str, Any]]) -> None:
    from audit.ingest import load_article

    for path in sorted(Path(SEEDS).iterdir()):
        article = load_article(str(path))
        for b in article.boilerplate:
            for item in [*seed_quotes["quotes"], *seed_sources]:
                if Path(item["article"]).name == path.name:
                    assert not (item["start"] < b.end and b.start < item["end"]), item


def test_lookup_finds_grushko() -> None:
    data = as_json("lookup", "ironclad security guarantees", SEEDS)
    assert data["query"] == "ironclad security guarantees"
    best = data["matches"][0]
    assert best["speaker"] == "Alexander Grushko"
    assert "ironclad security guarantees" in best["text"]
    assert set(best) >= {"article", "text", "speaker", "score", "start", "end"}


def test_people_table_lists_joined_spellings() -> None:
    result = invoke("people", SEEDS)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[:2] == ["NAME", "ARTICLES"]
    assert any("Witkoff" in line and "Wittkopf" in line for line in result.stdout.splitlines())


def test_skipped_input_is_named_and_sets_exit_status(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    good = tmp_path / "good.txt"
    good.write_text("“We are ready,” Foreign Minister Anna Berg said.\n", encoding="utf-8")
    result = invoke("quotes", str(bad), str(good))
    assert result.exit_code == EXIT_SKIPPED
    assert str(bad) in result.stderr and "skipped" in result.stderr
    assert "We are ready" in result.stdout


def test_only_bad_input_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("report", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == EXIT_USAGE
    assert "missing.txt" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_run_returns_status_for_usage_errors() -> None:
    assert run(["lookup"]) == EXIT_USAGE
    assert run(["--version"]) == 0


def test_hostile_html_report_has_no_live_markup(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = invoke("report", str(FIXTURES / "hostile.html"), "-o", str(out))
    assert result.exit_code == 0, result.output
    # The report's own inline script aside, no markup of the article is live.
    page = out.read_text(encoding="utf-8").replace(f"<script>{report_script()}</script>", "")
    assert "<script" not in page.lower()
    assert "onerror=" not in page and "onload=" not in page
    assert "javascript:" not in page
    assert "I have done nothing wrong" in page
    # The escaped script text from the article shows as text, escaped again.
    assert "&lt;script&gt;" in page


def test_report_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert invoke("report", SEEDS, "-o", str(tmp_path / f"{name}.html"),
                      "--json", str(tmp_path / f"{name}.json")).exit_code == 0
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_addresses_are_fetched_only_when_private_allowed(local_site: str, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    refused = invoke("--cache-dir", cache, "quotes", local_site)
    assert refused.exit_code == EXIT_USAGE
    assert local_site in refused.stderr
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# one address a line\n{local_site}\n", encoding="utf-8")
    allowed = invoke("--cache-dir", cache, "--allow-private", "--urls", str(urls), "quotes",
                     "--format", "json")
    assert allowed.exit_code == 0, allowed.stderr
    data = json.loads(allowed.stdout)
    assert data["articles"][0]["path"] == local_site
    assert any(q["text"].startswith("I have done nothing wrong") for q in data["quotes"])


def test_json_outputs_carry_page_metadata(tmp_path: Path) -> None:
    page = str(Path(__file__).resolve().parent / "fixtures" / "pages" / "nyt_like.html")
    expected = {
        "path": page,
        "title": "Finland Tightens Border Rules as Asylum Seekers Arrive by Bicycle",
        "publisher": "The New York Times",
        "author": "Johanna Lemola and Andrew Higgins",
        "date": "2025-11-05T12:01:33.000Z",
        "url": "https://www.nytimes.com/2025/11/05/world/europe/finland-border-asylum-bicycles.html",
    }
    result = invoke("report", page, "-o", str(tmp_path / "r.html"), "--json",
                    str(tmp_path / "f.json"))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["articles"] == [expected]


def test_index_group_regroups_the_store_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from audit.match import group_quotes
    from audit.pipeline import parse_articles, read_articles
    from audit.store import Store

    db = str(tmp_path / "s.db")
    # The seeds and two drafts quoting them: statements shared across files.
    files = sorted([*(str(p) for p in Path(SEEDS).glob("*.txt")),
                    "tests/fixtures/drafts/misquote.txt",
                    "tests/fixtures/drafts/wrong_speaker.txt"])
    # Added one at a time, last file first: incremental groups in that order.
    for path in reversed(files):
        assert run(["index", "add", path, "--db", db]) == 0
    with Store.open(db, create=False) as st:
        incremental = st.group_of()
    capsys.readouterr()
    assert run(["index", "group", "--db", db]) == 0
    captured = capsys.readouterr()
    parsed = list(parse_articles(read_articles(files, on_skip=lambda s: None)))
    expected = group_quotes(q for p in parsed for q in p.quotes)
    quotes = sum(len(p.quotes) for p in parsed)
    assert any(len(g.members) > 1 for g in expected)
    assert f"grouping: grouping {quotes} quotes in this process" in captured.err
    assert captured.out.strip() == (
        f"{db}: quotes {quotes}, groups {len(expected)}, "
        f"shared_groups {sum(len(g.members) > 1 for g in expected)}"
    )
    wanted = {m.quote.id: g.id for g in expected for m in g.members}
    assert incremental != wanted  # the regrouping has work to do
    with Store.open(db, create=False) as st:
        assert st.group_of() == wanted
        assert {g.id: g.reference for g in st.groups()} == {
            g.id: g.reference for g in expected}
    # No store there: a usage error naming it, and nothing created.
    assert run(["index", "group", "--db", str(tmp_path / "none.db")]) == EXIT_USAGE
    assert "no such store" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
