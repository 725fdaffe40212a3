"""The citation graph: who cites whom, as safe, bounded, linked inline SVG."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import replace

import paths
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.models import (
    Article,
    Outlet,
    ParsedArticle,
    Person,
    Quote,
    ReportedSpeech,
    Source,
    SourceKind,
    Span,
)
from audit.pipeline import AuditResult, audit_parsed, audit_paths
from audit.report.graph import CitationGraph, GraphNode, build_graph, citation_svg, render_svg
from audit.report.html import ReportAnchors, render_html
from audit.rules import load_data

SEEDS = str(paths.SEEDS)
SVG = "{http://www.w3.org/2000/svg}"
TASS = Outlet("TASS", "news agency", "Russia", "SC", "state-controlled", "State Media Matrix")
PLANET = Outlet("Daily Planet", "newspaper")


# ---------------------------------------------------------------------------
# Hand-built articles: the text is written first, offsets are found in it.


class _Draft:
    """An article under construction: its text, and records pointing into it."""

    def __init__(self, path: str, text: str, title: str | None = None) -> None:
        self.path, self.text, self.title = path, text, title
        self.sources: list[Source] = []
        self.quotes: list[Quote] = []
        self.reported: list[ReportedSpeech] = []

    def at(self, phrase: str, after: int = 0) -> tuple[int, int]:
        start = self.text.index(phrase, after)
        return start, start + len(phrase)

    def source(
        self, name: str, kind: SourceKind, cue: str, *, phrase: str | None = None,
        via: str | None = None, outlet: Outlet | None = None,
    ) -> Source:
        start, end = self.at(phrase or name)
        cs, ce = self.at(cue)
        s = Source(self.path, name, kind, start, end, cue, cs, ce, via, None, outlet)
        self.sources.append(s)
        return s

    def quote(
        self, text: str, speaker: str, cue: str, *, via: str | None = None,
        mention: str | None = None,
    ) -> Quote:
        """A quote of ``speaker``, named by ``mention`` after the quote."""
        start, end = self.at(text)
        ss, se = self.at(mention or speaker, after=end)
        q = Quote(f"{self.path}#q{len(self.quotes)}", self.path, start, end, text, speaker,
                  ss, se, cue, False, via)
        self.quotes.append(q)
        return q

    def speech(self, text: str, speaker: str, cue: str) -> ReportedSpeech:
        start, end = self.at(text)
        r = ReportedSpeech(self.path, start, end, text, speaker, cue)
        self.reported.append(r)
        return r

    def parsed(self) -> ParsedArticle:
        blocks, pos = [], 0
        for para in self.text.split("\n\n"):
            blocks.append(Span(pos, pos + len(para), "paragraph"))
            pos += len(para) + 2
        article = Article(self.path, self.text, self.title, tuple(blocks))
        spans = [(r.start, r.end) for r in self.sources]
        spans += [(q.start, q.end) for q in self.quotes]
        spans += [(r.start, r.end) for r in self.reported]
        assert all(self.text[a:b] for a, b in spans)  # every offset slices the text
        return ParsedArticle(article, tuple(self.quotes), tuple(self.sources), (),
                             tuple(self.reported))


def _tass_article(n: int) -> ParsedArticle:
    """"The Daily Planet, citing TASS": a quote of Peskov reached via TASS."""
    d = _Draft(
        f"t/{n:02d}.txt",
        "Intro.\n\nKremlin spokesman Dmitry Peskov spoke, the Daily Planet said, citing TASS.\n\n"
        "“We are ready,” Peskov said.",
        title=f"Story {n}",
    )
    d.source("Daily Planet", "outlet", "citing", outlet=PLANET)
    d.source("TASS", "outlet", "citing", via="Daily Planet", outlet=TASS)
    d.source("Dmitry Peskov", "person", "spoke", via="TASS")
    d.quote("We are ready", "Dmitry Peskov", "said", via="TASS", mention="Peskov")
    return d.parsed()


def _result(parsed: Sequence[ParsedArticle]) -> AuditResult:
    return AuditResult(parsed=tuple(parsed), groups=(), people=(), findings=())


def _graph(parsed: Sequence[ParsedArticle]) -> CitationGraph:
    return build_graph(_result(parsed), ReportAnchors(parsed))


def _node(graph: CitationGraph, column: int, name: str) -> GraphNode:
    return next(n for n in graph.columns[column] if n.key == (column, name))


def _svg(markup: str) -> ET.Element:
    """The <svg> element, parsed as XML: it must be well-formed on its own."""
    found = re.search(r"<svg\b.*</svg>", markup, re.S)
    assert found is not None
    return ET.fromstring(found.group())


def _graph_section(page: str) -> str:
    start = page.index('<section id="graph">')
    return page[start : page.index("</section>", start)]


# ---------------------------------------------------------------------------
# What the graph says


def test_three_articles_rest_on_one_tass_report() -> None:
    parsed = [_tass_article(n) for n in range(3)]
    g = _graph(parsed)
    tass = _node(g, 1, "TASS")
    assert tass.kind == "state" and tass.typology == "SC"
    into = {e.src: e for e in g.edges if e.dst == tass.key}
    for p in parsed:  # each citing article points at TASS, labelled by its cue
        edge = into[(0, p.article.path)]
        assert (edge.kind, edge.label, edge.count) == ("chain", "citing", 1)
    chain = into[(1, "Daily Planet")]  # the outlet that passed TASS on
    assert chain.kind == "chain" and chain.count == 3
    out = next(e for e in g.edges if e.src == tass.key and e.dst == (2, "Dmitry Peskov"))
    assert out.kind == "chain" and out.count == 6  # a quote and a statement per article
    assert "×6" in out.label
    # The person is reached through TASS only: no direct article -> Peskov edge.
    assert not any(e.src[0] == 0 and e.dst == (2, "Dmitry Peskov") for e in g.edges)


def test_seed_tass_node_has_citing_article_and_via_chain() -> None:
    result = audit_paths([SEEDS])
    g = build_graph(result, ReportAnchors(result.parsed))
    tass = _node(g, 1, "TASS")
    assert tass.typology == "SC"
    assert any(e.dst == tass.key and e.src[0] == 0 for e in g.edges)
    assert any(e.src == tass.key and e.dst[0] == 2 for e in g.edges)


@pytest.mark.parametrize(
    ("typology", "badge"),
    [("SC", True), ("CaPu", True), ("CaPr", True), ("IP", False), ("ISFM", False), (None, False)],
)
def test_state_media_badge_and_fill(typology: str | None, badge: bool) -> None:
    d = _Draft("s.txt", "The agency Wire One reported it.")
    d.source("Wire One", "outlet", "reported", outlet=Outlet("Wire One", "agency", "X", typology))
    root = _svg(citation_svg(_result([d.parsed()]), ReportAnchors([d.parsed()])))
    box = next(a for a in root.iter(f"{SVG}a") if "cg-node" in a.get("class", "")
               and "Wire One" in "".join(a.itertext()))
    texts = [t.text for t in box.iter(f"{SVG}text")]
    fills = {r.get("fill") for r in box.iter(f"{SVG}rect")}
    state = load_data("graph.toml")["nodes"]["style"]["state"]["fill"]
    assert (typology in texts) is badge
    assert (state in fills) is badge


@pytest.mark.parametrize(
    ("kind", "dash_of"),
    [("vague", "vague"), ("organisation", "reported"), ("document", "reported")],
)
def test_edge_style_follows_the_attribution(kind: SourceKind, dash_of: str) -> None:
    d = _Draft("e.txt", "Some body said so.")
    d.source("Some body", kind, "said")
    parsed = [d.parsed()]
    g = _graph(parsed)
    (edge,) = g.edges
    assert edge.kind == dash_of
    root = _svg(citation_svg(_result(parsed), ReportAnchors(parsed)))
    (path,) = [p for p in root.iter(f"{SVG}path") if p.get("marker-end")]
    want = load_data("graph.toml")["edges"]["style"][dash_of]["dash"]
    assert (path.get("stroke-dasharray") or "") == want


def test_quotes_and_reported_speech_are_solid_and_dashed_edges() -> None:
    d = _Draft("q.txt", "“We will win,” Ann Lee said.\n\nAnn Lee stressed that talks go on.")
    d.quote("We will win", "Ann Lee", "said")
    d.source("Ann Lee", "person", "said")  # introduces the quote: not counted again
    d.source("Ann Lee", "person", "stressed", phrase="Ann Lee stressed")
    d.speech("talks go on", "Ann Lee", "stressed")  # introduced by that source
    g = _graph([d.parsed()])
    (edge,) = g.edges
    assert edge.count == 2
    assert edge.kind == "quote"  # the merged edge shows the stronger kind
    assert edge.label == "×2: said, stressed"
    assert "1 direct quote" in edge.tooltip and "1 reported speech" in edge.tooltip


def test_a_vague_twin_of_a_document_is_one_red_edge() -> None:
    d = _Draft("v.txt", "Leaked files suggest a deal.")
    d.source("Leaked files", "document", "suggest")
    d.source("Leaked files", "vague", "suggest")
    g = _graph([d.parsed()])
    (edge,) = g.edges
    assert (edge.kind, edge.count) == ("vague", 1)
    assert _node(g, 1, "Leaked files").kind == "document"


def test_barycentre_order_removes_crossings() -> None:
    a = _Draft("a.txt", "Zeta Times said it.")
    a.source("Zeta Times", "outlet", "said")
    b = _Draft("b.txt", "Alpha Post said it.")
    b.source("Alpha Post", "outlet", "said")
    g = _graph([a.parsed(), b.parsed()])
    left = [n.key for n in g.columns[0]]
    mid = [n.key for n in g.columns[1]]
    pairs = sorted((left.index(e.src), mid.index(e.dst)) for e in g.edges)
    assert [m for _, m in pairs] == sorted(m for _, m in pairs)  # no two edges cross


# ---------------------------------------------------------------------------
# Safety


HOSTILE = ['<script>alert(1)</script>', '"onload=alert(1) x="', "A & B 'quoted'", "ctl\x00\x0b\x1f"]


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_names_are_escaped(bad: str) -> None:
    text = f"{bad} spoke.\n\nThe {bad} Wire reported, citing Bad Agency.\n\n“Yes,” {bad} said."
    d = _Draft("h.txt", text, title=bad)
    d.source(f"{bad} Wire", "outlet", "citing", outlet=Outlet(f"{bad} Wire", "x", None, "SC"))
    d.source("Bad Agency", "outlet", "citing", via=f"{bad} Wire")
    d.source(bad, "person", "spoke", via=f"{bad} Wire")
    d.quote("Yes", bad, "said")
    parsed = [d.parsed()]
    markup = str(citation_svg(_result(parsed), ReportAnchors(parsed)))
    root = _svg(markup)  # well-formed XML, even with control characters in names
    assert "<script" not in markup and "onload=" not in markup.replace("&#34;onload=", "")
    for el in root.iter():
        assert el.tag.startswith(SVG)
        assert el.tag[len(SVG):] != "script"
        assert not any(k.startswith("on") for k in el.attrib)
    visible = " ".join(root.itertext())
    assert bad.split("\x00")[0].strip() in visible  # shown as text, not as markup


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Wire", "<b>", "Q&A", '"x"']),
            st.sampled_from(["outlet", "organisation", "document", "vague", "person"]),
            st.text(max_size=12),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_any_attributions_give_well_formed_deterministic_svg(
    items: list[tuple[str, SourceKind, str, bool]]
) -> None:
    drafts = [_Draft(f"p{i % 3}.txt", f"{name} {extra} said. Ok.") for i, (name, _, extra, _) in
              enumerate(items)]
    for d, (name, kind, extra, chained) in zip(drafts, items, strict=True):
        d.source(f"{name} {extra}".strip() or "?", kind, "said", phrase=name,
                 via="Wire" if chained and kind != "outlet" else None)
    by_path: dict[str, list[Source]] = {}
    texts: dict[str, str] = {}
    for d in drafts:  # one article per path: the same text, the sources of all its drafts
        by_path.setdefault(d.path, []).extend(replace(s, article=d.path) for s in d.sources)
        texts.setdefault(d.path, d.text)
    parsed = []
    for path, sources in sorted(by_path.items()):
        text = texts[path]
        fitted = [s for s in sources if s.end <= len(text) and (s.cue_end or 0) <= len(text)]
        parsed.append(ParsedArticle(Article(path, text, None, (Span(0, len(text)),)), (),
                                    tuple(fitted), ()))
    first = citation_svg(_result(parsed), ReportAnchors(parsed))
    again = citation_svg(_result(list(reversed(parsed))), ReportAnchors(parsed))
    assert str(first) == str(again) or not parsed
    if "<svg" in first:
        _svg(first)


# ---------------------------------------------------------------------------
# Scale


def _generated(n: int, seed: int) -> list[ParsedArticle]:
    """``n`` articles citing outlets and quoting people drawn from pools far
    larger than a column holds, each name with its own share of articles."""
    rng = random.Random(seed)
    outlets = [f"Outlet {i:02d} Gazette" for i in range(40)]
    people = [f"Person {i:02d} Speaker" for i in range(40)]
    weights = [1 / (i + 1) for i in range(40)]
    out = []
    for a in range(n):
        o1, o2 = rng.choices(outlets, weights, k=2)
        who, other = rng.choices(people, weights, k=2)
        d = _Draft(
            f"gen/{a:03d}.txt",
            f"According to {o1}, {who} spoke.\n\n{o2} reported, citing {o1}.\n\n"
            f"“Never,” {other} said.\n\nMedia reports indicate more.",
            title=f"Generated story {a} " + "with a very long title " * 3,
        )
        d.source(o1, "outlet", "According to")
        d.source(who, "person", "spoke", via=o1)
        if o2 != o1:
            d.source(o2, "outlet", "reported")
        d.quote("Never", other, "said")
        d.source("Media reports", "vague", "indicate")
        out.append(d.parsed())
    return out


@pytest.mark.parametrize("n", [50, 120])
def test_many_articles_fold_into_bounded_graph(n: int) -> None:
    parsed = _generated(n, seed=n)
    cfg = load_data("graph.toml")
    limits, budget = cfg["columns"]["max_nodes"], cfg["edges"]["max_edges"]
    g = _graph(parsed)
    assert g.totals[0] == n and g.totals[1] > limits[1] and g.totals[2] > limits[2]
    for c in range(3):
        assert len(g.columns[c]) == limits[c]
        more = g.columns[c][-1]
        assert more.kind == "more" and more.folded == g.totals[c] - (limits[c] - 1)
    assert len(g.edges) <= budget + sum(limits)
    for node in (n for col in g.columns for n in col):
        assert len(node.label) <= max(cfg["columns"]["label_chars"])
    markup = citation_svg(_result(parsed), ReportAnchors(parsed))
    root = _svg(markup)
    assert len(markup) < 120_000
    height = float(root.get("height", "0"))
    nodes = cfg["nodes"]
    assert height <= 400 + max(limits) * (nodes["height"] + nodes["gap"])


def test_height_grows_with_the_number_of_boxes() -> None:
    small = _svg(citation_svg(_result(_generated(2, 1)), ReportAnchors(_generated(2, 1))))
    big = _svg(citation_svg(_result(_generated(8, 1)), ReportAnchors(_generated(8, 1))))
    assert float(small.get("height", "0")) < float(big.get("height", "0"))


# ---------------------------------------------------------------------------
# In the report


@pytest.mark.parametrize("corpus", ["seeds", "tass", "hostile", "generated"])
def test_every_graph_link_points_at_an_id_of_the_report(corpus: str) -> None:
    if corpus == "seeds":
        result = audit_paths([SEEDS])
    else:
        parsed = {
            "tass": [_tass_article(n) for n in range(3)],
            "generated": _generated(60, seed=3),
            "hostile": [],
        }[corpus]
        if corpus == "hostile":
            d = _Draft("x.txt", "The <b>Wire</b> reported it.", title="<script>x</script>")
            d.source("<b>Wire</b>", "outlet", "reported")
            parsed = [d.parsed()]
        result = audit_parsed(parsed)
    page = render_html(result)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the graph's own ids (arrow markers) clash with none
    section = _graph_section(page)
    hrefs = re.findall(r'href="([^"]*)"', section)
    assert hrefs
    for href in hrefs:
        assert href.startswith("#") and href[1:] in ids, href
    root = _svg(section)
    assert root.get("role") == "img" and root.get("aria-label")
    assert not list(root.iter(f"{SVG}script"))
    boxes = [a for a in root.iter(f"{SVG}a") if "cg-node" in a.get("class", "")]
    assert boxes and all(a.find(f"{SVG}title") is not None for a in boxes)


def test_report_is_deterministic() -> None:
    parsed = _generated(30, seed=5)
    shuffled = parsed[:]
    random.Random(1).shuffle(shuffled)
    assert render_html(audit_parsed(parsed)) == render_html(audit_parsed(shuffled))
    assert render_svg(_graph(parsed)) == render_svg(_graph(parsed))


def test_nothing_attributed_gives_a_note() -> None:
    d = _Draft("n.txt", "Nothing here.")
    markup = str(citation_svg(_result([d.parsed()]), ReportAnchors([d.parsed()])))
    assert "<svg" not in markup and "No attributions" in markup


@pytest.mark.parametrize(
    ("kind", "column"),
    [("organisation", 1), ("outlet", 1), ("vague", 1), ("person", 2)],
)
def test_only_people_go_to_the_people_column(kind: SourceKind, column: int) -> None:
    d = _Draft("k.txt", "“We agree,” the Kremlin said.")
    d.source("Kremlin", kind, "said", phrase="Kremlin")
    d.quote("We agree", "Kremlin", "said")
    g = _graph([d.parsed()])
    assert [n.name for n in g.columns[column]] == ["Kremlin"]
    assert not any(n.name == "Kremlin" for n in g.columns[3 - column])


def test_a_speaker_no_found_person_spells_is_not_a_person() -> None:
    d = _Draft("r.txt", "“No,” Russia said. “Yes,” Ann Lee said.")
    d.quote("No", "Russia", "said")
    d.quote("Yes", "Ann Lee", "said")
    parsed = [d.parsed()]
    result = AuditResult(tuple(parsed), (), (Person("Ann Lee"),), ())
    g = build_graph(result, ReportAnchors(parsed))
    assert [n.name for n in g.columns[2]] == ["Ann Lee"]
    assert [n.name for n in g.columns[1]] == ["Russia"]
    assert _node(g, 2, "Ann Lee").articles == 1  # the box shows its count
