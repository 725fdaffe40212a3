"""Scoring extraction against brat attribution annotations (audit.evaluate)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from paths import ROOT

from audit.errors import InputError, UsageError
from audit.eval import (
    EvalReport,
    QuoteScore,
    attributions,
    check_floors,
    check_offsets,
    evaluate,
    format_report_table,
    gold_quotes,
    match_spans,
    midsentence_capitals,
    name_head,
    name_key,
    overlap,
    paragraph_spans,
    parse_brat,
    quote_segments,
    quoted_stretches,
    same_name,
    same_speaker,
    single_quoted_stretches,
    source_surnames,
)
from audit.models import Quote

GOLD = ROOT / "tests" / "gold"
FLOORS = ROOT / "bench" / "eval_floors.toml"


# --------------------------------------------------------------------------- brat parsing

ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 15;20 24\tabcd wxyz\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "#1\tAnnotatorNotes T3\tcheck this one\n"
    "T5\tContent 30 41\tline one\nline\n"
    "T6\tCue 42 45\tsay\n"
    "T7\tAttribution-no-source 42 45\tsay\n"
    "E2\tAttribution-no-source:T7 Cue:T6 Content:T5 Content2:T3\n"
)


def test_parse_brat_spans_and_events() -> None:
    doc = parse_brat(ANN)
    assert [s.id for s in doc.spans] == ["T1", "T2", "T3", "T4", "T5", "T6", "T7"]
    content = doc.spans[2]
    assert content.fragments == ((11, 15), (20, 24))
    assert (content.start, content.end) == (11, 24)
    assert doc.spans[4].text == "line one\nline"  # a span text running over two lines
    assert doc.events[1].label == "Attribution-no-source"
    assert doc.events[1].ids("Content") == ("T5", "T3")
    assert doc.events[0].ids("Source") == ("T1",)


def test_attributions_collect_fragments_by_role() -> None:
    first, second = attributions(parse_brat(ANN))
    assert first.source == ((0, 5),)
    assert first.cue == ((6, 10),)
    assert first.content == ((11, 15), (20, 24))
    assert second.source == ()
    assert second.content == ((11, 15), (20, 24), (30, 41))
    assert second.content_length == 4 + 4 + 11


def test_parse_brat_keeps_out_of_order_fragments() -> None:
    doc = parse_brat("T1\tContent 10 12;0 2\tkl ab\n")
    assert doc.spans[0].fragments == ((10, 12), (0, 2))
    assert (doc.spans[0].start, doc.spans[0].end) == (0, 12)


@pytest.mark.parametrize(
    "line",
    ["T1\tContent 5\tx\n", "T1\tContent 9 3\tx\n", "T1\tContent a b\tx\n", "E1\tAttribution\n"],
)
def test_parse_brat_rejects_malformed_lines(line: str) -> None:
    with pytest.raises(InputError, match="x.ann"):
        parse_brat(line, "x.ann")


@pytest.mark.parametrize(
    ("ann", "problem"),
    [
        ("T1\tSource 0 5\tSmith\n", None),
        ("T1\tContent 11 15;20 24\tabcd wxyz\n", None),
        ("T1\tSource 0 5\tJones\n", "T1 text differs"),
        ("T1\tSource 0 99\tSmith\n", "beyond the text"),
    ],
)
def test_check_offsets(ann: str, problem: str | None) -> None:
    text = "Smith said abcd12345wxyz"
    found = check_offsets(parse_brat(ann), text)
    assert found is None if problem is None else problem in (found or "")


# --------------------------------------------------------------------------- quotation marks


def _inner(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quoted_stretches(text)]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ('He said "yes, we can" today.', ["yes, we can"]),
        ("“A,” she said. “B.”", ["A,", "B."]),
        ("''We won,'' he said.", ["We won,"]),
        ("\"He told me 'no' twice,\" she said.", ["He told me 'no' twice,"]),
        ("“The word “fair” is gone,” he said.", ["The word “fair” is gone,"]),
        ("he said, “fine.“ Then he left.", ["fine."]),  # a misdirected closing mark
        ("a stray” mark and no quote", []),
        ("''I said 'no.''' he wrote.", ["I said 'no."]),  # edge marks are trimmed
        ('"One.\n\n"Two," he said.', ["One.", "Two,"]),
        ("It's the voters' choice, not \"ours.\"", ["ours."]),
        ('the ""', []),
        ("", []),
    ],
)
def test_quoted_stretches(text: str, inner: list[str]) -> None:
    assert _inner(text) == inner


def test_quote_open_at_paragraph_end_continues() -> None:
    text = 'She said: "First part.\n\n"Second part.\n\n"Third," she said.'
    first, second, third = quoted_stretches(text)
    assert (first.close, first.continued) == ("", False)
    assert (second.close, second.continued) == ("", True)
    assert (third.close, third.continued) == ('"', True)


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("Trump stirs 'ugliness' again", ["ugliness"]),
        ("It's the voters' choice", []),
        ("the '90s were 'fun' times", ["fun"]),
        ("‘Feel the Bern,’ they said", ["Feel the Bern,"]),
        ("''A double pair,'' he said", []),
        ("an 'unclosed quote", []),
    ],
)
def test_single_quoted_stretches(text: str, inner: list[str]) -> None:
    assert [text[a:b] for a, b in single_quoted_stretches(text)] == inner


def test_paragraph_spans() -> None:
    text = "One\nstill one\n\n  \nTwo\n\nThree\n"
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["One\nstill one", "Two", "Three\n"]


@given(st.text(alphabet="ab \n'\"“”‘’.,", max_size=60))
def test_stretches_are_ordered_spans_of_the_text(text: str) -> None:
    for spans in (
        [(s.start, s.end) for s in quoted_stretches(text)],
        list(single_quoted_stretches(text)),
    ):
        assert all(0 <= a < b <= len(text) for a, b in spans)
        assert spans == sorted(spans)


# --------------------------------------------------------------------------- overlap and matching


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (0, 10), 1.0),
        ((0, 10), (10, 20), 0.0),  # touching, nothing shared
        ((0, 10), (20, 30), 0.0),
        ((0, 100), (0, 30), 0.3),  # contained: share of the longer span
        ((0, 10), (5, 15), 0.5),
        ((0, 10), (2, 12), 0.8),
        ((5, 5), (0, 10), 0.0),  # empty span
    ],
)
def test_overlap(a: tuple[int, int], b: tuple[int, int], expected: float) -> None:
    assert overlap(a, b) == pytest.approx(expected)
    assert overlap(b, a) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("gold", "pred", "threshold", "pairs"),
    [
        ([(0, 10)], [(0, 10)], 0.3, [(0, 0)]),
        ([(0, 10)], [(0, 10)], 1.0, [(0, 0)]),  # the threshold is inclusive
        ([(0, 100)], [(0, 29)], 0.3, []),
        ([(0, 100)], [(0, 30)], 0.3, [(0, 0)]),
        # one predicted span covering two gold ones pairs with the better one only
        ([(0, 10), (12, 40)], [(0, 40)], 0.2, [(1, 0)]),
        # greedy by overlap: gold 1 takes pred 0 (0.9) before gold 0 could (0.5)
        ([(0, 18), (1, 11)], [(1, 10)], 0.3, [(1, 0)]),
        ([(0, 10), (20, 30)], [(21, 30), (0, 9)], 0.8, [(0, 1), (1, 0)]),
        ([], [(0, 5)], 0.3, []),
    ],
)
def test_match_spans(
    gold: list[tuple[int, int]],
    pred: list[tuple[int, int]],
    threshold: float,
    pairs: list[tuple[int, int]],
) -> None:
    assert list(match_spans(gold, pred, threshold)) == pairs


spans = st.tuples(st.integers(0, 50), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(spans, max_size=6), st.lists(spans, max_size=6), st.sampled_from([0.3, 0.8]))
def test_matching_is_one_to_one_and_above_threshold(
    gold: list[tuple[int, int]], pred: list[tuple[int, int]], threshold: float
) -> None:
    pairs = match_spans(gold, pred, threshold)
    assert len({g for g, _ in pairs}) == len(pairs) == len({p for _, p in pairs})
    assert all(overlap(gold[g], pred[p]) >= threshold for g, p in pairs)


# --------------------------------------------------------------------------- names


def _head(text: str, source: str) -> str | None:
    start = text.index(source)
    head = name_head(text, [(start, start + len(source))], midsentence_capitals(text))
    return head.key if head else None


@pytest.mark.parametrize(
    ("text", "source", "key"),
    [
        (
            "Yes, said Trump's running mate, Indiana Gov. Mike Pence.",
            "Trump's running mate, Indiana Gov. Mike Pence",
            "pence",
        ),
        ("It is over, he said.", "he", None),
        ("Republicans said no.", "Republicans", None),
        ("Later the Trump campaign said no.", "the Trump campaign", None),
        ("Then Khizr and Ghazala Khan said so.", "Khizr and Ghazala Khan", "khan"),
        ("It was Mr. Grant who said so.", "Mr. Grant", "grant"),
        (
            "Then U.S. District Judge Harriet Cole wrote.",
            "U.S. District Judge Harriet Cole",
            "cole",
        ),
        ("Then said a South Carolina Democrat.", "a South Carolina Democrat", None),
        (
            "Then the Democratic National Committee said.",
            "the Democratic National Committee",
            "committee",
        ),
        (
            "Said former Gov. Bill Richardson of New Mexico.",
            "former Gov. Bill Richardson of New Mexico",
            "richardson",
        ),
        ("Then Secretary of State John Kerry spoke.", "Secretary of State John Kerry", "kerry"),
        (
            "Then David French of the Retail Federation said.",
            "David French of the Retail Federation",
            "french",
        ),
        ("Then James A. Lewis said.", "James A. Lewis", "lewis"),
        (
            "Then the F.B.I. director, James B. Comey, said.",
            "the F.B.I. director, James B. Comey,",
            "comey",
        ),
        ("Critics said no.", "Critics", None),  # sentence-initial, never seen mid-sentence
        ("Reyes said no. We met Reyes.", "Reyes", "reyes"),  # seen mid-sentence elsewhere
        (
            "So the Food and Drug Administration said.",
            "the Food and Drug Administration",
            "administration",
        ),
        ("And Hillary Clinton's aides said.", "Hillary Clinton's aides", None),
        ("Yes, said Martin Luther King Jr. today.", "Martin Luther King Jr.", "king"),
        ("So The New York Times reported.", "The New York Times", "times"),
    ],
)
def test_name_head(text: str, source: str, key: str | None) -> None:
    assert _head(text, source) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Mike Pence", "pence"),
        ("Indiana Gov. Mike Pence", "pence"),
        ("Martin Luther King Jr.", "king"),
        ("Beto O'Rourke", "orourke"),
        ("Reuters", "reuters"),
        ("Clinton’s", "clinton"),
        ("Bill Richardson of New Mexico", "richardson"),
        ("University of Chicago", "university"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("text", "source", "name", "same"),
    [
        ("Then Gov. Mike Pence said.", "Gov. Mike Pence", "Mike Pence", True),
        ("Then Gov. Mike Pence said.", "Gov. Mike Pence", "Mike Pence's", True),
        ("Then Gov. Mike Pence said.", "Gov. Mike Pence", "Donald Trump", False),
        ("Then Gov. Mike Pence said.", "Gov. Mike Pence", "Mike Smith", False),
        ("And then Tom said.", "Tom", "Tom Ebeling", True),  # a first name alone
        ("And then Pew said.", "Pew", "Pew Research Center", True),
    ],
)
def test_same_name(text: str, source: str, name: str, same: bool) -> None:
    start = text.index(source)
    head = name_head(text, [(start, start + len(source))], midsentence_capitals(text))
    assert head is not None
    assert same_name(name, head) is same


def _surnames(text: str, source: str) -> set[str]:
    start = text.index(source)
    return set(source_surnames(text, [(start, start + len(source))], midsentence_capitals(text)))


@pytest.mark.parametrize(
    ("text", "source", "surnames"),
    [
        # the name before a prepositional phrase, never a place inside it
        ("Then Sen. Jim Whelan of New Mexico said.", "Sen. Jim Whelan of New Mexico", {"whelan"}),
        (
            "Then Sen. Jim Whelan who represents Atlantic City said.",
            "Sen. Jim Whelan who represents Atlantic City",
            {"whelan"},
        ),
        # a name in apposition after a description
        (
            "Then the director of the F.B.I., James B. Comey, said.",
            "the director of the F.B.I., James B. Comey,",
            {"comey"},
        ),
        (
            "So said his friend at Lehigh, Bruce Turry.",
            "his friend at Lehigh, Bruce Turry",
            {"turry"},
        ),
        # a name modifying a noun, a possessive owner: not the person
        ("Then Cruz constituent Dan Golvach said.", "Cruz constituent Dan Golvach", {"golvach"}),
        (
            "Then Clinton's introducer, actress Jamie Curtis, said.",
            "Clinton's introducer, actress Jamie Curtis,",
            {"curtis"},
        ),
        (
            "Then a Trump supporter who runs a blog wrote.",
            "a Trump supporter who runs a blog",
            set(),
        ),
        # coordinated people: each of them; a party tag in parentheses is dropped
        (
            "Then Senate leader Phil Berger and Speaker Tim Moore said.",
            "Senate leader Phil Berger and Speaker Tim Moore",
            {"berger", "moore"},
        ),
        ("Then Gov. John Kasich (R-OH) said.", "Gov. John Kasich (R-OH)", {"kasich"}),
        # groups and acronyms name no person
        ("Then a Nevada Democrat said.", "a Nevada Democrat", set()),
        ("Then the CEO of Acme Corp said.", "the CEO of Acme Corp", set()),
        ("Then Air Force 1st Lt. Tyler Reed said.", "Air Force 1st Lt. Tyler Reed", {"reed"}),
    ],
)
def test_source_surnames(text: str, source: str, surnames: set[str]) -> None:
    assert _surnames(text, source) == surnames


@pytest.mark.parametrize(
    ("text", "source", "name", "same"),
    [
        (
            "Then Sen. Jim Whelan of New Mexico said.",
            "Sen. Jim Whelan of New Mexico",
            "Jim Whelan",
            True,
        ),
        (
            "Then Sen. Jim Whelan of New Mexico said.",
            "Sen. Jim Whelan of New Mexico",
            "Mexico",
            False,
        ),
        (
            "Then Sen. Jim Whelan of New Mexico said.",
            "Sen. Jim Whelan of New Mexico",
            "New Mexico",
            False,
        ),
        (
            "Then the director of the F.B.I., James B. Comey, said.",
            "the director of the F.B.I., James B. Comey,",
            "James B. Comey",
            True,
        ),
        (
            "Then Cruz constituent Dan Golvach said.",
            "Cruz constituent Dan Golvach",
            "Ted Cruz",
            False,
        ),
        (
            "Then Cruz constituent Dan Golvach said.",
            "Cruz constituent Dan Golvach",
            "Dan Golvach",
            True,
        ),
        ("Then Gov. Mike Pence said.", "Gov. Mike Pence", "Mike Pence", True),
        ("Then Gov. Mike Pence said.", "Gov. Mike Pence", "Donald Trump", False),
    ],
)
def test_same_speaker(text: str, source: str, name: str, same: bool) -> None:
    start = text.index(source)
    frags = [(start, start + len(source))]
    mid_caps = midsentence_capitals(text)
    head = name_head(text, frags, mid_caps)
    assert head is not None
    assert same_speaker(name, head, source_surnames(text, frags, mid_caps)) is same


# --------------------------------------------------------------------------- gold quotes


def _gold(text: str, ann: str) -> list[tuple[str, str, str | None]]:
    atts = attributions(parse_brat(ann))
    out = []
    for g in gold_quotes(text, atts):
        owner = g.attribution.id if g.attribution else None
        out.append((g.kind, text[g.start : g.end], owner))
    return out


def _ann(*rows: tuple[str, str, list[tuple[int, int]]]) -> str:
    """Brat lines for (event id, role, fragments) rows; Source/Cue/Content
    rows of one event id are tied into one E line."""
    lines, events = [], {}
    for n, (event, role, frags) in enumerate(rows, start=1):
        offsets = ";".join(f"{a} {b}" for a, b in frags)
        lines.append(f"T{n}\t{role} {offsets}\tx")
        events.setdefault(event, []).append(f"{role}:T{n}")
    for event, args in events.items():
        lines.append(f"{event}\tAttribution:{args[0].split(':')[1]} " + " ".join(args))
    return "\n".join(lines) + "\n"


def test_gold_quotes_take_quoted_parts_of_content() -> None:
    text = 'Lee said "we will win," and then "we will rebuild." He laughed.'
    ann = _ann(("E1", "Source", [(0, 3)]), ("E1", "Content", [(9, 51)]))
    assert _gold(text, ann) == [
        ("double", "we will win,", "E1"),
        ("double", "we will rebuild.", "E1"),
    ]


def test_gold_quotes_ignore_quotes_outside_content() -> None:
    text = 'The so-called "smart growth" plan, Lee said, "is dead."'
    ann = _ann(("E1", "Source", [(35, 38)]), ("E1", "Content", [(45, 55)]))
    assert [q for _, q, _ in _gold(text, ann)] == ["is dead."]


def test_adjacent_contents_in_one_quotation_merge() -> None:
    text = '"First sentence. Second sentence," Lee said.'
    ann = _ann(("E1", "Content", [(0, 16)]), ("E2", "Content", [(17, 34)]))
    assert _gold(text, ann) == [("double", "First sentence. Second sentence,", "E2")]


def test_innermost_content_owns_a_nested_quote() -> None:
    text = 'Reuters said Lee told aides "we are done."'
    ann = _ann(
        ("E1", "Source", [(0, 7)]),
        ("E1", "Content", [(13, 42)]),
        ("E2", "Source", [(13, 16)]),
        ("E2", "Content", [(28, 42)]),
    )
    assert _gold(text, ann) == [("double", "we are done.", "E2")]


def test_titles_and_single_quotes_are_neutral() -> None:
    text = "Lee said she read \"The Long Commute\" and called it 'rubbish' today."
    ann = _ann(("E1", "Source", [(0, 3)]), ("E1", "Content", [(9, 60)]))
    assert [(k, q) for k, q, _ in _gold(text, ann)] == [
        ("title", "The Long Commute"),
        ("single", "rubbish"),
    ]


def test_predicted_quotes_are_cut_at_paragraph_breaks() -> None:
    text = 'He said: "One.\n\n"Two."'
    quote = Quote(id="q1", article="a", start=10, end=21, text=text[10:21])
    segs = quote_segments(text, [quote])
    assert [text[s.start : s.end] for s in segs] == ["One.", "Two."]
    assert all(s.quote is quote for s in segs)


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [
        (8, 2, 2, 0.8, 0.8, 0.8),
        (0, 0, 0, None, None, None),
        (0, 3, 1, 0.0, 0.0, 0.0),
        (5, 0, 5, 1.0, 0.5, 2 / 3),
    ],
)
def test_quote_score_ratios(
    tp: int, fp: int, fn: int, precision: float | None, recall: float | None, f1: float | None
) -> None:
    score = QuoteScore(0.3, tp, fp, fn, 0)
    assert score.precision == (None if precision is None else pytest.approx(precision))
    assert score.recall == (None if recall is None else pytest.approx(recall))
    assert score.f1 == (None if f1 is None else pytest.approx(f1))


# --------------------------------------------------------------------------- the gold set


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gold_build", GOLD / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_files_are_what_the_markup_builds(tmp_path: Path) -> None:
    written = _build_module().build(GOLD / "markup", tmp_path)
    assert written
    for path in written:
        committed = GOLD / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), committed


def test_gold_annotations_slice_their_texts() -> None:
    for ann in sorted((GOLD / "attributions").glob("*.ann")):
        stem = ann.stem.rpartition("_")[0]
        text = (GOLD / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        assert check_offsets(parse_brat(ann.read_text(encoding="utf-8")), text) is None


@pytest.fixture(scope="module")
def gold_report() -> EvalReport:
    return evaluate(GOLD)


def test_gold_set_meets_pinned_floors(gold_report: EvalReport) -> None:
    assert check_floors(gold_report, FLOORS) == []


def test_first_annotator_is_used(gold_report: EvalReport) -> None:
    def scored(annotator_file: str) -> int:
        text = (GOLD / "text" / "03-mayor-police.txt").read_text(encoding="utf-8")
        doc = parse_brat((GOLD / "attributions" / annotator_file).read_text(encoding="utf-8"))
        return sum(g.kind == "double" for g in gold_quotes(text, attributions(doc)))

    assert gold_report.several_annotators == 1
    assert scored("03-mayor-police_a1.ann") > scored("03-mayor-police_b2.ann")
    total = 0
    for text_path in sorted((GOLD / "text").glob("*.txt")):
        ann = sorted((GOLD / "attributions").glob(f"{text_path.stem}_*.ann"))[0]
        atts = attributions(parse_brat(ann.read_text(encoding="utf-8")))
        text = text_path.read_text(encoding="utf-8")
        total += sum(g.kind == "double" for g in gold_quotes(text, atts))
    q = gold_report.quote_score(0.3)
    assert q.true_positives + q.false_negatives == total


def test_report_is_deterministic_and_holds_no_article_text(gold_report: EvalReport) -> None:
    again = evaluate(GOLD)
    assert again.as_dict() == gold_report.as_dict()
    dumped = json.dumps(gold_report.as_dict())
    for text_path in (GOLD / "text").glob("*.txt"):
        for line in text_path.read_text(encoding="utf-8").splitlines():
            for chunk in (line[i : i + 30] for i in range(0, len(line) - 30, 30)):
                assert chunk not in dumped
    assert gold_report.errors == tuple(sorted(gold_report.errors, key=lambda e: (-e.count, e.kind)))


def test_error_families_add_up(gold_report: EvalReport) -> None:
    families = gold_report.error_families()
    assert sum(families.values()) == sum(e.count for e in gold_report.errors)
    assert set(families) <= {
        "missed quote",
        "spurious quote",
        "wrong speaker",
        "missed source",
        "spurious source",
    }


def test_table_shows_figures_and_snippets_only_on_request(gold_report: EvalReport) -> None:
    table = format_report_table(gold_report)
    assert "overlap >= 0.3" in table and "Speaker accuracy" in table
    assert "Named-source recall" in table
    with_snippets = format_report_table(gold_report, snippets=True)
    snippets = [e.snippet for e in gold_report.errors[:20] if e.snippet]
    assert all(repr(s) not in table for s in snippets)
    assert all(repr(s) in with_snippets for s in snippets)


def test_limit_evaluates_a_prefix() -> None:
    report = evaluate(GOLD, limit=2)
    assert report.articles == 2 and report.limit == 2
    assert any("without --limit" in f for f in check_floors(report, FLOORS))


# --------------------------------------------------------------------------- floors


def _floors(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "floors.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_check_floors_reports_each_failure(gold_report: EvalReport, tmp_path: Path) -> None:
    f1 = gold_report.figures()["quote_f1_30"]
    assert f1 is not None
    ok = _floors(tmp_path, f'[g]\nfolder = "gold"\nquote_f1_30 = {f1}\n')
    assert check_floors(gold_report, ok) == []
    bad = _floors(
        tmp_path,
        f'[g]\nfolder = "gold"\narticles = 999\nquote_f1_30 = {min(1.0, f1 + 0.01)}\n'
        "nonsense = 0.5\n",
    )
    failures = check_floors(gold_report, bad)
    assert len(failures) == 3
    assert any("below its floor" in f for f in failures)
    assert any("999 articles" in f for f in failures)
    assert any("unknown figure" in f for f in failures)


def test_check_floors_needs_a_section(gold_report: EvalReport, tmp_path: Path) -> None:
    other = _floors(tmp_path, '[x]\nfolder = "elsewhere"\n')
    assert "no floors section" in check_floors(gold_report, other)[0]
    assert check_floors(gold_report, other, section="x") == []
    assert "cannot read" in check_floors(gold_report, tmp_path / "missing.toml")[0]


def test_pinned_floors_file_is_well_formed() -> None:
    data = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
    assert {"gold", "polnear"} <= set(data)
    for section in data.values():
        assert all(0.0 <= v <= 1.0 for k, v in section.items() if k not in ("folder", "articles"))


# --------------------------------------------------------------------------- inputs


def test_unusable_articles_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    shutil.copy(GOLD / "text" / "01-riverton-housing.txt", tmp_path / "text")
    shutil.copy(GOLD / "attributions" / "01-riverton-housing_a1.ann", tmp_path / "attributions")
    (tmp_path / "text" / "lonely.txt").write_text("No annotation here.\n", encoding="utf-8")
    (tmp_path / "text" / "shifted.txt").write_text("Short.\n", encoding="utf-8")
    (tmp_path / "attributions" / "shifted_a1.ann").write_text(
        "T1\tSource 0 5\tLonger\n", encoding="utf-8"
    )
    report = evaluate(tmp_path)
    assert report.articles == 1
    reasons = sorted(s.reason for s in report.skipped)
    assert len(reasons) == 2
    assert any("no annotation file" in r for r in reasons)
    assert any("differs" in r for r in reasons)


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        evaluate(tmp_path)


def test_offsets_follow_text_changed_by_ingest(tmp_path: Path) -> None:
    """Ingest turns CRLF into LF; gold offsets (into the CRLF file) are mapped."""
    stem = "04-drug-recall"
    text = (GOLD / "text" / f"{stem}.txt").read_text(encoding="utf-8")
    doc = parse_brat((GOLD / "attributions" / f"{stem}_a1.ann").read_text(encoding="utf-8"))
    crlf = text.replace("\n", "\r\n")

    def shift(pos: int) -> int:
        return pos + text.count("\n", 0, pos)

    lines = []
    for span in doc.spans:
        frags = [(shift(a), shift(b)) for a, b in span.fragments]
        joined = " ".join(crlf[a:b] for a, b in frags)
        offsets = ";".join(f"{a} {b}" for a, b in frags)
        lines.append(f"{span.id}\t{span.label} {offsets}\t{joined}")
    for event in doc.events:
        lines.append(f"{event.id}\t" + " ".join(f"{r}:{t}" for r, t in event.args))
    for sub in ("lf", "crlf"):
        (tmp_path / sub / "text").mkdir(parents=True)
        (tmp_path / sub / "attributions").mkdir()
    (tmp_path / "lf" / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
    shutil.copy(GOLD / "attributions" / f"{stem}_a1.ann", tmp_path / "lf" / "attributions")
    (tmp_path / "crlf" / "text" / f"{stem}.txt").write_bytes(crlf.encode("utf-8"))
    (tmp_path / "crlf" / "attributions" / f"{stem}_a1.ann").write_text(
        "\n".join(lines) + "\n", encoding="utf-8", newline="\n"
    )
    plain, mapped = evaluate(tmp_path / "lf"), evaluate(tmp_path / "crlf")
    assert mapped.altered_texts == 1 and plain.altered_texts == 0
    assert mapped.figures() == plain.figures()
    assert mapped.quotes == plain.quotes


def test_bench_script_prints_json_and_checks_floors(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_eval", ROOT / "bench" / "eval.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main([str(GOLD), "--format", "json", "--floors", str(FLOORS)]) == 0
    shown = json.loads(capsys.readouterr().out)
    articles = len(list((GOLD / "text").glob("*.txt")))
    assert shown["articles"] == articles and shown["figures"]["quote_f1_30"] is not None
