"""Work bounds of the parse, match and render stages (issue 19, item 7).

Each stage's work is counted in steps (lines of Python run and built-in
calls, see ``work.py``), never timed. A text twice as long may take at most
``GROWTH`` times the steps: quadratic work (a rescan per word, every item
compared with every other) shows as a ratio near 4. The inputs are the
shapes that were quadratic, and any text hypothesis builds, repeated to up
to 200 KB; on all of them offsets slice the text and the outputs encode as
UTF-8. Work inside one regular expression call is one step: the patterns
that scan whole texts are tested for the property that keeps them linear."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from paths import SEEDS
from work import count_steps

from audit.errors import EmptyInput
from audit.ingest import article_from_text
from audit.models import ParsedArticle
from audit.parse.people import token_pattern
from audit.pipeline import AuditResult, audit_parsed, parse_article
from audit.report.html import render_html

# Steps of a text twice as long, at most (linear work with fixed costs gives
# under 2; n log n sorting about 2.1; quadratic work near 4).
GROWTH = 2.5
# Steps per character, at most: the densest shape below (a one-letter quote
# every 18 characters) takes about 85 to parse, 14 to match, 64 to render;
# hypothesis found 53 to match for '""U.S.' repeated (a quote every 6).
BUDGET = {"parse": 200, "match": 100, "render": 150}

PROSE = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))

# The shapes of issue 19 that were quadratic: a head, then a unit repeated
# (then a tail, if any).
SHAPES: dict[str, tuple[str, ...]] = {
    "number table": ("The minister said the figures were final.\n", "  1234   5678   9012\n"),
    "dashes": ("The minister said the figures were final. ", "-"),
    "chained cues": ("", "The WP Times, citing TASS, citing Reuters, citing "),
    "quoted letter": ("", '"A," Smith said.\n\n'),
    "repeated quote": ("", '"We will not give up on this plan now," Smith said.\n\n'),
    "one speaker": ("", 'Peskov said the talks went well. "We agree," Peskov said.\n\n'),
    "quotes in one sentence": ("", ' reported B" — “'),
    # hypothesis found it: names inside quotes of one endless sentence.
    "quoted names in one sentence": ("", '"”«À said '),
    "cue far from speakers": ("", ')PeskovU.S."""":  é""""\t according to '),
    "short paragraphs": ("", "Peskov said the talks went well.\n\n"),
    "prose": ("", PROSE + "\n\n"),
    # A role noun standing for the latest person with that title: every
    # earlier mention was read for each one.
    "role nouns": (
        "", 'Kremlin spokesman Dmitry Peskov spoke. "We agree," the spokesman said.\n\n'
    ),
    # One sentence opening with a subordinate clause: its subject was looked
    # for among all its names for each quote, and the words before each name
    # of the opening clause tokenised again for each name.
    "quotes after a subordinate clause": (
        "After Dmitry Peskov spoke, ", 'Sergei Lavrov pushed his promise of "free talks" and '
    ),
    # Vague sourcing beside a named source, paragraph after paragraph: each
    # vague phrase looked for its sentence and named sources in the whole article.
    "vague and named sources": ("", "Sources said the talks had failed, Reuters reported.\n\n"),
    # Quotes whose speaker a reader takes from the sentence before: a
    # pronoun's antecedent is looked for a few paragraphs back, not to the
    # article's start; an opening name is read a bounded length.
    "pronoun lead-ins": ("The Bar Reform Forum met.\n\n", "They said the police fired first."
                         "\n\n“We believe the order came from the top.”\n\n"),
    "capitalised lead-ins": ("", "The Bar Reform Forum Made The Revelations Known. “We "
                             "Believe The Order Came From The Top Of The State.” "),
    # Vague groups of states: the article's capitalised words are read once.
    "vague groups": ("", "Nordic allies insisted on more aid, world leaders said.\n\n"),
    "names in a subordinate clause": (
        "After Dmitry Peskov", " saw Sergei Lavrov", ', Maria Zakharova pushed "free talks".\n'
    ),
}


def _text(head: str, unit: str, size: int, tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def _stages(text: str) -> tuple[dict[str, int], ParsedArticle, AuditResult, str]:
    """Steps of each stage on ``text``, with their outputs."""
    article = article_from_text("case.txt", text)
    parsed, parse_steps = count_steps(lambda: parse_article(article))
    result, match_steps = count_steps(lambda: audit_parsed([parsed]))
    html, render_steps = count_steps(lambda: render_html(result))
    steps = {"parse": parse_steps, "match": match_steps, "render": render_steps}
    return steps, parsed, result, html


def _check_outputs(text: str, parsed: ParsedArticle, result: AuditResult, html: str) -> None:
    n = len(text)
    for q in parsed.quotes:
        assert 0 <= q.start <= q.end <= n and text[q.start : q.end] == q.text
    for s in parsed.sources:
        assert 0 <= s.start <= s.end <= n
        if s.cue_start is not None and s.cue_end is not None:
            assert 0 <= s.cue_start <= s.cue_end <= n
    for p in parsed.people:
        for m in p.mentions:
            assert 0 <= m.start <= m.end <= n and text[m.start : m.end] == m.text
    for r in parsed.reported:
        assert 0 <= r.start <= r.end <= n
    html.encode("utf-8")
    json.dumps(result.as_dict(), ensure_ascii=False).encode("utf-8")


def _assert_linear(small: str, large: str) -> None:
    steps_small, *_ = _stages(small)
    steps_large, parsed, result, html = _stages(large)
    _check_outputs(large, parsed, result, html)
    for stage, steps in steps_large.items():
        assert steps <= GROWTH * steps_small[stage] + 10_000, (
            f"{stage}: {steps_small[stage]} steps on {len(small)} characters, "
            f"{steps} on {len(large)}"
        )
        assert steps <= BUDGET[stage] * len(large) + 10_000, f"{stage}: {steps} steps"


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # Rules, patterns and templates are loaded once, on first use: not per text.
    _stages(_text(*SHAPES["one speaker"], 2_000))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_grows_linearly(shape: str) -> None:
    head, unit, *tail = SHAPES[shape]
    _assert_linear(_text(head, unit, 20_000, *tail), _text(head, unit, 40_000, *tail))


# Pieces that make quotes, cues, names, numbers, dashes and breaks dense.
PIECES = st.sampled_from([
    '"', "“", "”", "'", "‘", "’", "«", "»", " — ", "-", ", ", ". ", ": ", "\n", "\n\n",
    " said ", " told ", " according to ", " citing ", " that ", " reported ", "(", ")",
    "Smith", "Peskov", "The WP Times", "TASS", "Reuters", "Mr. ", "Dr. ", "U.S.",
    "the ", "minister ", "officials ", "1234 ", "2024", " A", " é", "\u00a0", "\t",
])
UNITS = st.lists(st.one_of(PIECES, st.text(max_size=6)), min_size=1, max_size=40).map("".join)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=UNITS, size=st.sampled_from([2_000, 10_000, 50_000, 100_000]))
def test_any_text_takes_linear_work(unit: str, size: int) -> None:
    """Any text repeated to ``size`` and to twice ``size`` (up to 200 KB)."""
    assume(unit.strip())
    small, large = _text("", unit, size), _text("", unit, 2 * size)
    try:
        article_from_text("case.txt", small)
    except EmptyInput:
        assume(False)  # only page boilerplate: nothing to parse
    _assert_linear(small, large)


@pytest.mark.parametrize(
    "text",
    ["", "word", "  1234 5678\n", "The figures were final. " + "-" * 500, "12 " * 300 + "end",
     "U.S. officials’ talks — al-Assad's.", "«Да», сказал он. 123"],
)
def test_word_tokens_tile_the_text(text: str) -> None:
    """Every character is read by one match of the word pattern: a run with
    no letter at the end is one gap, not a failed search from each of its
    positions (which rescanned it to the end: quadratic)."""
    pairs = token_pattern().findall(text)
    assert sum(len(gap) + len(word) for gap, word in pairs) == len(text)
    assert [word for _, word in pairs].count("") <= 2 and pairs[-1][1] == ""


@given(st.text(max_size=300))
def test_word_tokens_tile_any_text(text: str) -> None:
    pairs = token_pattern().findall(text)
    assert sum(len(gap) + len(word) for gap, word in pairs) == len(text)
