"""Pre-publication check of drafts against the seeds as earlier coverage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from paths import ROOT
from work import count_steps

from audit.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from audit.findings.check import (
    CheckConfig,
    MemoryReference,
    StoreReference,
    check_drafts,
    load_config,
    marked_diff,
)
from audit.ingest import article_from_text, load_article
from audit.models import ParsedArticle
from audit.pipeline import audit_paths, parse_article
from audit.report.annotations import line_col
from audit.store import Store

SEEDS = "seeds"
DRAFTS = "tests/fixtures/drafts"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths in messages are as given on the command line: run from the repo.
    monkeypatch.chdir(ROOT)


def check(*args: str) -> Any:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def test_misquote_shows_both_wordings_text_format() -> None:
    result = check(f"{DRAFTS}/misquote.txt", "--against", SEEDS)
    assert result.exit_code == EXIT_OK  # warnings do not fail at the default --fail-on error
    assert result.stdout == (
        f"{DRAFTS}/misquote.txt:5:2: warning misquote: Quote differs from Dmitry Peskov's "
        "earlier wording in seeds/000_93f737c5162a369b.txt (score 92): “This is "
        "[-precisely-] {+exactly+} why this issue requires separate and particularly careful "
        "discussion alongside the [-main-] {+key+} elements of negotiations”; earlier: “This "
        "is precisely why this issue requires separate and particularly careful discussion "
        "alongside the main elements of negotiations”.\n"
    )


def test_misquote_fails_at_warning() -> None:
    assert check(f"{DRAFTS}/misquote.txt", "--against", SEEDS,
                 "--fail-on", "warning").exit_code == EXIT_FINDINGS


def test_spelling_json_format() -> None:
    result = check(f"{DRAFTS}/spelling.txt", "--against", SEEDS, "--format", "json")
    data = json.loads(result.stdout)
    variant = [f for f in data["findings"] if f["kind"] == "name_variant"]
    assert variant == [
        {
            "kind": "name_variant",
            "severity": "warning",
            "message": "“Steve Wittkopf”: the corpus is split between “Steve Witkoff” and "
            "“Steve Wittkopf” (corpus: “Steve Witkoff” in 1 article, “Steve Wittkopf” in 1 "
            "article).",
            "rule": "people.corpus_spelling",
            "subject": "Steve Wittkopf",
            "confidence": "medium",
            "reasons": [
                "“Steve Wittkopf” is grouped with the other spellings by the name rules",
                "the corpus is split between “Steve Witkoff” and “Steve Wittkopf”",
            ],
            "evidence": [
                {
                    "article": f"{DRAFTS}/spelling.txt",
                    "start": 44,
                    "end": 58,
                    "excerpt": "Envoy to return to Moscow US Special Envoy Steve Wittkopf is "
                    "expected in Moscow next week, officials in Washington…",
                }
            ],
        }
    ]


def test_speaker_conflict_github_format() -> None:
    result = check(f"{DRAFTS}/wrong_speaker.txt", "--against", SEEDS, "--format", "github")
    assert result.exit_code == EXIT_FINDINGS  # speaker conflicts are errors
    assert result.stdout == (
        "::error file=tests/fixtures/drafts/wrong_speaker.txt,line=5,col=2,"
        "title=speaker_conflict::speaker_conflict: Quote is attributed to Dmitry Peskov here "
        "but to Alexander Grushko in seeds/001_93aa11b925429657.txt.\n"
    )


def test_clean_draft_exits_zero_with_nothing_to_say() -> None:
    result = check(f"{DRAFTS}/clean.txt", "--against", SEEDS, "--fail-on", "info")
    assert result.exit_code == EXIT_OK
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        [f"{DRAFTS}/clean.txt"],  # no reference
        [f"{DRAFTS}/clean.txt", "--against", SEEDS, "--db", "x.db"],  # two references
        [f"{DRAFTS}/missing.txt", "--against", SEEDS],  # unreadable draft
        [f"{DRAFTS}/clean.txt", "--against", SEEDS, "--fail-on", "never"],
    ],
)
def test_usage_and_input_errors_exit_2(args: list[str]) -> None:
    assert check(*args).exit_code == EXIT_USAGE


def _findings(draft: str, config: CheckConfig) -> list[Any]:
    ref = MemoryReference(audit_paths([SEEDS]).parsed)
    return list(check_drafts([parse_article(load_article(draft))], ref, config))


def test_house_spelling_overrides_the_corpus(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("US Special Envoy Steve Witkoff flew to Moscow on Monday.\n",
                     encoding="utf-8")
    assert not [f for f in _findings(str(draft), CheckConfig()) if f.kind == "name_variant"]
    house = CheckConfig(house_spellings=("Steve Wittkopf",))
    (f,) = [f for f in _findings(str(draft), house) if f.kind == "name_variant"]
    assert f.rule == "people.house_spelling" and "“Steve Wittkopf”" in f.message


def test_config_ignores_kinds_and_changes_severity(tmp_path: Path) -> None:
    (tmp_path / "citeaudit.toml").write_text(
        'ignore = ["vague_attribution"]\n[severity]\nname_variant = "error"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    found = _findings(f"{DRAFTS}/spelling.txt", config)
    assert [(f.kind, f.severity) for f in found] == [("name_variant", "error")]


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.citeaudit]\nhouse_spellings = ["Zelensky"]\nstate_outlets = ["Daily Star"]\n',
        encoding="utf-8",
    )
    sub = tmp_path / "drafts"
    sub.mkdir()
    config = load_config(sub)
    assert config.house_spellings == ("Zelensky",) and config.state_outlets == ("Daily Star",)


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "citeaudit.toml").write_text('ignore = ["no_such_kind"]\n', encoding="utf-8")
    from audit.errors import UsageError

    with pytest.raises(UsageError, match="no_such_kind"):
        load_config(tmp_path)


def test_faithful_excerpt_is_not_a_misquote(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text(
        "Kremlin spokesman Dmitry Peskov spoke on Tuesday.\n\n"
        "\"That is the nature of the negotiating process,\" Peskov said.\n",
        encoding="utf-8",
    )
    assert [f.kind for f in _findings(str(draft), CheckConfig())] == []


def test_unverified_quote_is_info(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text(
        "Kremlin spokesman Dmitry Peskov spoke on Tuesday.\n\n"
        "\"We have never discussed fishing quotas with anyone at all,\" Peskov said.\n",
        encoding="utf-8",
    )
    found = _findings(str(draft), CheckConfig())
    assert [(f.kind, f.severity) for f in found] == [("unverified_quote", "info")]


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [("abc", 0, (1, 1)), ("ab\ncd", 3, (2, 1)), ("ab\ncd", 4, (2, 2)), ("\n\nx", 2, (3, 1))],
)
def test_line_col(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert line_col(text, offset) == expected


def test_marked_diff() -> None:
    assert marked_diff("we will win", "we shall win now") == "we [-will-] {+shall+} win {+now+}"


@pytest.mark.parametrize("draft", ["clean.txt", "misquote.txt", "spelling.txt",
                                   "wrong_speaker.txt"])
def test_a_store_gives_the_findings_the_files_give(tmp_path: Path, draft: str) -> None:
    # StoreReference reads only the people sharing a name key with the draft's.
    parsed = [parse_article(load_article(f"{DRAFTS}/{draft}"))]
    seeds = audit_paths([SEEDS]).parsed
    with Store.open(tmp_path / "s.db") as store:
        store.add(seeds)
        from_store = check_drafts(parsed, StoreReference(store))
    assert from_store == check_drafts(parsed, MemoryReference(seeds))


def _one_quote(path: str, text: str, body: str, speaker: str, cue: str) -> ParsedArticle:
    from audit.models import Article, Quote, Span

    start = text.index(body)
    s = text.index(speaker.split()[-1])
    q = Quote(f"{path}#q1", path, start, start + len(body), body, speaker, s,
              s + len(speaker.split()[-1]), cue)
    return ParsedArticle(Article(path, text, paragraphs=(Span(0, len(text), "paragraph"),)),
                         (q,), (), ())


@pytest.mark.parametrize(
    ("earlier_cue", "severity", "confidence"),
    [("said", "error", "high"), ("asked", "info", "low")],
)
def test_check_speaker_conflict_is_an_error_only_for_direct_cues(
    earlier_cue: str, severity: str, confidence: str
) -> None:
    body = "We will never give up our claim to the eastern provinces"
    earlier = _one_quote("e.txt", f"“{body},” Ivan Petrov {earlier_cue}.", body, "Ivan Petrov",
                         earlier_cue)
    draft = _one_quote("d.txt", f"“{body},” Maria Lopez said.", body, "Maria Lopez", "said")
    found = [f for f in check_drafts([draft], MemoryReference([earlier]))
             if f.kind == "speaker_conflict"]
    assert [(f.severity, f.confidence) for f in found] == [(severity, confidence)]
    assert found[0].reasons[1] == f"Ivan Petrov by “{earlier_cue}” in e.txt"


@pytest.mark.parametrize("unit", [
    '"We will not give up on this plan now," Smith said.\n\n',  # one statement repeated
    '"A," Smith said.\n\n',  # a one-letter quote repeated
])
def test_check_against_repeated_quotes_takes_linear_work(unit: str) -> None:
    """A draft repeating one quote, checked against a copy of itself: every
    draft quote matches every earlier one, and the check must compare
    speakers, not every pair of quotes (it took minutes on 200 KB)."""
    def steps(copies: int) -> int:
        text = unit * copies
        draft = parse_article(article_from_text("draft.txt", text))
        reference = MemoryReference([parse_article(article_from_text("earlier.txt", text))])
        return count_steps(lambda: check_drafts([draft], reference))[1]

    small, large = steps(400), steps(800)
    assert large <= 2.5 * small, (small, large)
