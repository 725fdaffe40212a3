"""Tests for audit.match: quote comparison, grouping, diff, look-up, reported
speech links and people across articles. The positive/negative tables here
are the constructed calibration set "C" quoted in audit/data/match.toml."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.match import (
    QueryTest,
    compare_keys,
    compare_quotes,
    comparison_key,
    group_people,
    group_quotes,
    link_reported,
    lookup,
    member_detail,
    plan_groups,
    spelling_counts,
    word_diff,
)
from audit.models import Mention, Person, Quote, QuoteGroup, QuoteMember, ReportedSpeech, WordDiff
from audit.text import normalize

LONG = (
    "We will demand that ironclad security guarantees become part of this agreement. "
    "Part of these guarantees should be the neutral status of the country and the refusal "
    "of the alliance to accept it as a member"
)

# Same statement, reworded: re-translations, changed / dropped / reordered words,
# truncation combined with a change.
VARIANTS = [
    (
        "We will demand that ironclad security guarantees become part of this agreement",
        "We will insist that iron-clad security guarantees be part of this deal",
    ),
    (
        "That is the nature of the negotiating process, which, I want to emphasise once again, "
        "we do not intend to conduct in a megaphone format.",
        "This is the nature of the negotiation process, which, I want to stress again, "
        "we are not going to conduct through a megaphone.",
    ),
    (
        "The search for a peaceful resolution cannot and should not take place in the public "
        "domain",
        "The search for a peaceful settlement cannot and must not be conducted in public",
    ),
    (
        "We have heard from Washington at various levels that Ukraine's NATO membership is "
        "excluded",
        "We have heard from Washington at different levels that NATO membership for Ukraine "
        "is ruled out",
    ),
    (
        "The ceasefire will hold as long as both sides respect the line of contact",
        "The truce will hold as long as both sides respect the line of control",
    ),
    (
        "Part of these guarantees should be the neutral status of Ukraine",
        "The neutral status of Ukraine should be part of these guarantees",
    ),
    (
        "We are satisfied with the signals coming from the United States",
        "We are satisfied with the signals from the United States",
    ),
    (
        "Inflation is coming down faster than we expected, and that gives us room to cut rates "
        "this year",
        "Inflation is falling faster than we had expected, which gives us room to lower rates "
        "this year",
    ),
    (
        "I have never met him and I have no business with him whatsoever",
        "I never met him, and I have no business dealings with him at all",
    ),
    (LONG, "Part of these guarantees must be the neutral status of the country and the refusal"),
    (LONG, "We will demand that ironclad guarantees of security become part of the agreement"),
    (
        "The government has no plans to raise taxes on working families before the next "
        "election, and anyone who says otherwise is misleading you",
        "The government has no plan to raise taxes on working families before the election",
    ),
    ("ironclad guarantees", "iron-clad guarantees"),
]

# Different statements on the same story, often sharing most topic words.
UNRELATED = [
    (
        "This is precisely why this issue requires separate and particularly careful "
        "discussion alongside the main elements of negotiations",
        "That is the nature of the negotiating process, which, I want to emphasise once again, "
        "we do not intend to conduct in a megaphone format.",
    ),
    (
        "We are satisfied with the signals coming from the United States",
        "We are not satisfied with the pace of the negotiations in Istanbul",
    ),
    (
        "NATO membership for Ukraine is off the table",
        "Ukraine will never give up its path to NATO membership",
    ),
    (
        "We do not intend to conduct negotiations in public",
        "We intend to continue the negotiations in Istanbul next week",
    ),
    (
        "The security guarantees must be ironclad",
        "Security guarantees for Ukraine must come from NATO",
    ),
    (
        "Inflation is coming down faster than we expected",
        "Inflation is still far above the level we want to see",
    ),
    (
        "The ceasefire will hold as long as both sides respect the line of contact",
        "Both sides have violated the ceasefire along the line of contact",
    ),
    (
        "We are ready for dialogue with the European Union on these issues",
        "The European Union is not ready for a dialogue on security issues",
    ),
    (LONG, "We will not accept any foreign troops on the territory of the country as part of it"),
    (LONG, "The alliance has no intention of accepting new members while the war continues"),
    (
        "The government has no plans to raise taxes on working families before the next "
        "election, and anyone who says otherwise is misleading you",
        "Working families will pay the price for the government's plans",
    ),
    ("make peace now", "make war now"),
]


def _quote(
    qid: str,
    article: str,
    start: int,
    text: str,
    *,
    speaker: str | None = None,
    fragment: bool = False,
) -> Quote:
    return Quote(qid, article, start, start + len(text), text, speaker=speaker, fragment=fragment)


# ---------------------------------------------------------------- compare_quotes


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("We are ready.", "we are READY", "identical"),
        ("\u201cIt\u2019s fine,\u201d he said", '"It\'s fine," he said', "identical"),
        ("Peace \u2014 now", "peace - now", "identical"),
        (LONG, "We will demand that ironclad security guarantees become part", "excerpt"),
        ("We will demand that ironclad security guarantees become part", LONG, "extended"),
        (LONG, "ironclad", "excerpt"),
        ("ironclad", LONG, "extended"),
        (LONG, "We will demand \u2026 the neutral status of the country", "excerpt"),
        (LONG, "We will demand ... the refusal of the alliance", "excerpt"),
        (LONG, "We will demand \u2026 the refusal of the country", "unrelated"),
        (LONG, "clad", "unrelated"),  # inside a word, not a word of the quote
        ("", "anything", "unrelated"),
        ("\u2026", "\u2026", "unrelated"),
    ],
)
def test_compare_relations(a: str, b: str, relation: str) -> None:
    score, got = compare_quotes(a, b)
    assert got == relation
    assert score == (100.0 if relation in ("identical", "excerpt", "extended") else score)


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_variants_are_variants(a: str, b: str) -> None:
    assert compare_quotes(a, b)[1] == "variant"
    assert compare_quotes(b, a)[1] == "variant"


@pytest.mark.parametrize(("a", "b"), UNRELATED)
def test_same_story_quotes_are_unrelated(a: str, b: str) -> None:
    assert compare_quotes(a, b)[1] == "unrelated"


def test_calibration_margin() -> None:
    # The threshold sits in a gap: every variant above every unrelated pair.
    weakest = min(compare_quotes(a, b)[0] for a, b in VARIANTS[:-1])
    strongest = max(compare_quotes(a, b)[0] for a, b in UNRELATED[:-1])
    assert weakest - strongest >= 5


def test_word_changed_in_short_quote_is_not_a_variant() -> None:
    # 1-3 words: a spelling difference is a variant, a different word is not.
    assert compare_quotes("illegal immigrants", "illegal migrants")[1] == "unrelated"
    assert compare_quotes("iron-clad", "ironclad")[1] == "variant"


@given(st.text(max_size=80), st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_compare_symmetric_and_bounded(a: str, b: str) -> None:
    s1, r1 = compare_quotes(a, b)
    s2, r2 = compare_quotes(b, a)
    assert s1 == s2
    assert 0.0 <= s1 <= 100.0
    mirror = {"excerpt": "extended", "extended": "excerpt"}
    assert r2 == mirror.get(r1, r1)


WORDS = [
    "we",
    "will",
    "the",
    "guarantees",
    "security",
    "ironclad",
    "part",
    "of",
    "this",
    "agreement",
    "peace",
    "not",
    "be",
]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25), st.data())
@settings(max_examples=200, deadline=None)
def test_compare_word_slices_are_excerpts(words: list[str], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    score, relation = compare_quotes(" ".join(words), " ".join(words[i:j]))
    assert relation in ("identical", "excerpt")
    assert score == 100.0


# Words of other statements on the story: pairs drawing on them share few
# stems, so that the floor's bound does skip some partial comparisons.
OTHER_WORDS = [
    "alliance", "members", "continues", "intention", "accepting", "ministry", "statement",
    "troops", "border", "sanctions", "negotiators", "summit", "spokesman", "according",
    "reporters", "weapons", "ceasefire", "territory", "referendum", "parliament",
    "coalition", "budget", "deficit", "elections",
]


@given(
    st.lists(st.sampled_from(WORDS + OTHER_WORDS), min_size=8, max_size=40),
    st.lists(st.sampled_from(WORDS + OTHER_WORDS), min_size=8, max_size=16),
    st.sampled_from([0, 3, 6, 9]),
    st.data(),
)
@settings(max_examples=400, deadline=None)
def test_compare_floor_only_skips_scores_below_it(
    long: list[str], words: list[str], kept: int, data: st.DataObject
) -> None:
    # A floor lets compare_keys skip work that cannot reach it (bounds on the
    # partial score): relations never change, nor any score at the floor.
    # The shorter quote is a window of the longer with kept/10 of its words
    # kept, so that the partial comparison runs and lands on both sides of
    # the floor, and is sometimes skipped.
    lo = data.draw(st.integers(0, len(long) - 1))
    window = long[lo : lo + len(words)]
    short = [w if data.draw(st.integers(0, 9)) < kept else x
             for w, x in zip(window, words, strict=False)]
    floor = data.draw(st.sampled_from([30.0, 50.0, 60.0, 68.0]))
    a, b = comparison_key(" ".join(long)), comparison_key(" ".join(short or words))
    full, relation = compare_keys(a, b)
    floored, floored_relation = compare_keys(a, b, floor)
    assert floored_relation == relation
    assert floored <= full
    if full >= floor:
        assert floored == full


# ---------------------------------------------------------------- word_diff


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("We are ready", "we are ready.", [("equal", "We are ready", "we are ready.")]),
        (
            "We will demand that guarantees",
            "We will insist that guarantees",
            [
                ("equal", "We will", "We will"),
                ("replace", "demand", "insist"),
                ("equal", "that guarantees", "that guarantees"),
            ],
        ),
        (
            "part of this agreement\u2026Part of",
            "part of this deal. Part of",
            [
                ("equal", "part of this", "part of this"),
                ("replace", "agreement\u2026", "deal."),
                ("equal", "Part of", "Part of"),
            ],
        ),
        (
            "the neutral status of Ukraine",
            "the status of Ukraine",
            [
                ("equal", "the", "the"),
                ("delete", "neutral", ""),
                ("equal", "status of Ukraine", "status of Ukraine"),
            ],
        ),
        (
            "signals from the United States",
            "signals coming from the United States",
            [
                ("equal", "signals", "signals"),
                ("insert", "", "coming"),
                ("equal", "from the United States", "from the United States"),
            ],
        ),
        ("", "", []),
        ("", "new words", [("insert", "", "new words")]),
    ],
)
def test_word_diff(a: str, b: str, expected: list[tuple[str, str, str]]) -> None:
    got = [(d.op, d.a, d.b) for d in word_diff(a, b)]
    assert got == expected


@given(
    st.lists(st.sampled_from(WORDS + ["Peace,", "\u201cWe"]), max_size=15),
    st.lists(st.sampled_from(WORDS), max_size=15),
)
@settings(max_examples=200, deadline=None)
def test_word_diff_reproduces_both_sides(a_words: list[str], b_words: list[str]) -> None:
    diff = word_diff(" ".join(a_words), " ".join(b_words))
    assert " ".join(d.a for d in diff if d.a).split() == a_words
    assert " ".join(d.b for d in diff if d.b).split() == b_words
    # Adjacent changes are merged: never two non-equal steps in a row.
    for x, y in zip(diff, diff[1:], strict=False):
        assert x.op == "equal" or y.op == "equal"


# ---------------------------------------------------------------- group_quotes


def _story() -> list[Quote]:
    return [
        _quote("q1", "a1.txt", 10, "ironclad", fragment=True, speaker="Grushko"),
        _quote("q2", "a1.txt", 200, LONG, speaker="Alexander Grushko"),
        _quote(
            "q3",
            "a2.txt",
            50,
            "We will demand that ironclad security guarantees become part of this agreement",
            speaker="Grushko",
        ),
        _quote(
            "q4",
            "a2.txt",
            400,
            "The alliance has no intention of accepting new members while the war continues",
            speaker="Mark Rutte",
        ),
        _quote(
            "q5",
            "a3.txt",
            30,
            "We will insist that iron-clad security guarantees be part of this deal. Part of "
            "these guarantees should be the neutral status of the country and the refusal of the "
            "alliance to accept it as a member",
            speaker="Grushko",
        ),
        _quote("q6", "a3.txt", 900, "positive"),
    ]


def test_group_story() -> None:
    groups = group_quotes(_story())
    assert [g.id for g in groups] == ["g1", "g2", "g3"]
    by_id = {g.id: [m.quote.id for m in g.members] for g in groups}
    # Reference first (the longest non-fragment wording), then by article, start.
    assert by_id == {"g1": ["q2", "q1", "q3", "q5"], "g2": ["q4"], "g3": ["q6"]}
    members = {m.quote.id: m for m in groups[0].members}
    assert members["q2"].relation == "reference" and members["q2"].diff == ()
    assert members["q1"].relation == "excerpt" and members["q1"].score == 100.0
    assert members["q3"].relation == "excerpt"
    assert members["q5"].relation == "variant" and 68 <= members["q5"].score < 100
    assert members["q5"].diff[0] == WordDiff("equal", "We will", "We will")
    assert WordDiff("replace", "demand", "insist") in members["q5"].diff
    assert members["q1"].diff[-1].op == "delete"


def test_plan_groups_is_group_quotes_as_numbers() -> None:
    plan = plan_groups(_story())
    assert plan.group_ids() == {"q1": "g1", "q2": "g1", "q3": "g1", "q5": "g1", "q4": "g2",
                                "q6": "g3"}
    assert plan.quotes[plan.references[0]].id == "q2"
    # Each of g1's three later members joined through a verified pair.
    assert plan.candidates >= plan.verified >= 3
    assert plan.groups(member_detail(plan.quotes[r].text, plan.quotes[i].text)
                       for r, i in plan.member_pairs()) == group_quotes(_story())


def test_group_reference_is_longest_non_fragment() -> None:
    quotes = [
        _quote(
            "a",
            "a1.txt",
            0,
            "ironclad security guarantees become part of this agreement and more words",
            fragment=True,
        ),
        _quote("b", "a2.txt", 0, "ironclad security guarantees become part of this agreement"),
    ]
    (group,) = group_quotes(quotes)
    assert group.reference.id == "b"
    assert group.members[1].relation == "extended"


def test_group_deterministic_under_permutation() -> None:
    quotes = _story()
    expected = group_quotes(quotes)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(quotes)
        assert group_quotes(quotes) == expected


@pytest.mark.parametrize(
    ("fragment_speaker", "expected"),
    [
        # The fragment's speaker said the longer statement: it joins it.
        ("Alexander Grushko", [["x", "f"], ["y"]]),
        # A word quoted alone with no speaker, or another speaker's, says too
        # little to be either statement: it stays alone.
        (None, [["f"], ["x"], ["y"]]),
        ("Jens Stoltenberg", [["f"], ["x"], ["y"]]),
    ],
)
def test_fragment_does_not_glue_two_statements(
    fragment_speaker: str | None, expected: list[list[str]]
) -> None:
    quotes = [
        _quote("f", "a1.txt", 0, "ironclad", fragment=True, speaker=fragment_speaker),
        _quote(
            "x",
            "a2.txt",
            0,
            "We will demand that ironclad security guarantees become part of this agreement",
            speaker="Grushko",
        ),
        _quote(
            "y",
            "a3.txt",
            0,
            "Our commitment to the defence of our allies remains ironclad whatever happens",
            speaker="Rutte",
        ),
    ]
    groups = group_quotes(quotes)
    assert [[m.quote.id for m in g.members] for g in groups] == expected


def test_shared_clause_does_not_glue_two_statements() -> None:
    slogan = "make the country great again"
    quotes = [
        _quote("s", "a1.txt", 0, slogan),
        _quote("x", "a2.txt", 0, f"We are going to win so much and {slogan}, believe me"),
        _quote("y", "a3.txt", 0, f"When he says {slogan} it is code for going backwards"),
    ]
    groups = group_quotes(quotes)
    assert len(groups) == 2
    assert {m.quote.id for m in groups[0].members} == {"s", "x"}


def test_short_fragment_joins_only_by_containment() -> None:
    quotes = [
        _quote(
            "l",
            "a1.txt",
            0,
            "We will demand that ironclad security guarantees become part of this agreement",
            speaker="Alexander Grushko",
        ),
        _quote("s1", "a2.txt", 0, "iron-clad guarantees", speaker="Grushko"),  # not contained
        _quote("s2", "a3.txt", 0, "ironclad security guarantees", speaker="Grushko"),
    ]
    groups = group_quotes(quotes)
    assert [[m.quote.id for m in g.members] for g in groups] == [["l", "s2"], ["s1"]]
    assert groups[0].members[1].relation == "excerpt"


def test_fragment_goes_to_its_speakers_statement() -> None:
    quotes = [
        _quote(
            "x",
            "a1.txt",
            0,
            "The negotiations will be long and difficult for everyone",
            speaker="Peskov",
        ),
        _quote(
            "y",
            "a1.txt",
            100,
            "Nobody said the negotiations will be long, they will be quick",
            speaker="Witkoff",
        ),
        _quote("f", "a2.txt", 0, "long and", speaker="Steve Witkoff"),
        _quote("g", "a2.txt", 50, "will be long", speaker="Dmitry Peskov"),
    ]
    groups = group_quotes(quotes)
    where = {m.quote.id: g.id for g in groups for m in g.members}
    assert where["g"] == where["x"] and where["y"] != where["x"]


def test_every_quote_in_one_group_singletons_kept() -> None:
    quotes = [
        _quote(f"q{i}", "a.txt", i * 100, f"statement number {i} about topic {i * 7}")
        for i in range(30)
    ]
    groups = group_quotes(quotes)
    ids = [m.quote.id for g in groups for m in g.members]
    assert sorted(ids) == sorted(q.id for q in quotes)
    assert len(groups) == 30


def test_group_many_quotes_finds_planted_variants() -> None:
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(3000)]
    quotes = []
    for i in range(1500):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 30)))
        quotes.append(_quote(f"q{i}", f"art{i % 40:02d}", i * 1000, text))
    planted = []
    for i in range(0, 1500, 50):
        words = quotes[i].text.split()
        words[len(words) // 2] = "changed"
        planted.append(_quote(f"v{i}", "zzz", i, " ".join(words)))
    groups = group_quotes(quotes + planted)
    where = {m.quote.id: g.id for g in groups for m in g.members}
    for p in planted:
        assert where[p.id] == where["q" + p.id[1:]]
    assert len(groups) == 1500


@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), max_size=12), st.randoms()
)
@settings(max_examples=60, deadline=None)
def test_group_is_a_partition_and_order_free(texts: list[list[str]], rnd: random.Random) -> None:
    quotes = [_quote(f"q{i}", f"a{i % 3}", i * 100, " ".join(t)) for i, t in enumerate(texts)]
    groups = group_quotes(quotes)
    ids = [m.quote.id for g in groups for m in g.members]
    assert sorted(ids) == sorted(q.id for q in quotes)
    assert [g.id for g in groups] == [f"g{i}" for i in range(1, len(groups) + 1)]
    shuffled = list(quotes)
    rnd.shuffle(shuffled)
    assert group_quotes(shuffled) == groups


# ---------------------------------------------------------------- link_reported

QUOTED = [
    ("Alexander Grushko", LONG),
    (
        "Maria Lopez",
        "We will not be raising interest rates before the end of this year, that much I can "
        "promise.",
    ),
    ("John Smith", "We plan to cut about 2,000 jobs in our European factories by the spring."),
    ("Anna Berg", "For the second time this week, our hospital has run out of oxygen."),
    (
        "Maria Lopez",
        "Inflation is still far above the level we want to see, and the labour market remains "
        "tight.",
    ),
    ("John Smith", "Our results this quarter were the best in the company's history."),
    (
        "Steve Witkoff",
        "The talks in Moscow were positive and we made real progress towards a ceasefire.",
    ),
]


def _groups() -> tuple[QuoteGroup, ...]:
    return tuple(
        QuoteGroup(
            f"g{i + 1}",
            (
                QuoteMember(
                    _quote(f"q{i}", "a1.txt", i * 1000, text, speaker=who), "reference", 100.0
                ),
            ),
        )
        for i, (who, text) in enumerate(QUOTED)
    )


@pytest.mark.parametrize(
    ("speaker", "cue", "text", "group"),
    [
        (
            "Grushko",
            "stressed",
            "Grushko stressed that the key element of such guarantees should be the country's "
            "neutral status, secured at the international level, as well as the official refusal "
            "of the alliance to admit it.",
            "g1",
        ),
        (
            "Lopez",
            "said",
            "Lopez said the central bank would not raise interest rates before the end of the "
            "year.",
            "g2",
        ),
        (
            "Smith",
            "said",
            "Smith said the company planned to cut 2,000 jobs across its European factories by "
            "next spring.",
            "g3",
        ),
        (
            "Berg",
            "added",
            "Berg added that the hospital had run out of oxygen supplies for the second time "
            "this week.",
            "g4",
        ),
        (
            None,
            "said",
            "The hospital has run out of oxygen for the second time this week, it was said.",
            "g4",
        ),
        (
            "Wittkopf",  # the speaker's name spelled another way
            "said",
            "Wittkopf said the Moscow talks had been positive, with real progress towards a "
            "ceasefire.",
            "g7",
        ),
        # Negatives: same speaker, same story, another statement.
        (
            "Grushko",
            "expressed",
            "Grushko also expressed categorical disagreement with the possible presence of "
            "European peacekeepers on the country's territory.",
            None,
        ),
        (
            "Lopez",
            "said",
            "Lopez said inflation had fallen faster than the bank expected this year.",
            None,
        ),
        (
            "Smith",
            "said",
            "Smith said the company would invest in new factories in Asia next year.",
            None,
        ),
        ("Berg", "said", "Berg said the hospital had hired 40 new nurses this week.", None),
        # The paraphrase is right, but it is given to someone else.
        (
            "Ushakov",
            "said",
            "Ushakov said the key element of such guarantees should be the country's neutral "
            "status and the refusal of the alliance to admit it.",
            None,
        ),
    ],
)
def test_link_reported(speaker: str | None, cue: str, text: str, group: str | None) -> None:
    reported = [ReportedSpeech("a2.txt", 0, len(text), text, speaker, cue)]
    out = link_reported(_groups(), reported)
    linked = [g.id for g in out if g.reported]
    assert linked == ([group] if group else [])
    if group:
        link = next(g for g in out if g.id == group).reported[0]
        assert link.speech == reported[0] and 0 < link.score <= 100


def test_link_reported_keeps_groups_and_order() -> None:
    groups = _groups()
    texts = [
        "Smith said the company planned to cut 2,000 jobs across its European factories by next "
        "spring.",
        "Smith told staff the firm would cut 2,000 jobs at its European factories by the spring.",
    ]
    reported = [
        ReportedSpeech("b.txt", 500 - i * 100, 500 - i * 100 + len(t), t, "Smith", "said")
        for i, t in enumerate(texts)
    ]
    out = link_reported(groups, reported)
    assert [g.members for g in out] == [g.members for g in groups]
    assert [r.speech.start for r in out[2].reported] == [400, 500]


# ---------------------------------------------------------------- lookup


def test_lookup_finds_a_quote_from_a_fragment() -> None:
    quotes = _story()
    found = lookup("ironclad security guarantees", quotes)
    assert [(m.quote.id, m.relation) for m in found] == [
        ("q2", "extended"),
        ("q3", "extended"),
        ("q1", "excerpt"),
    ]
    assert all(m.score == 100.0 for m in found)


def test_lookup_both_directions_and_variants() -> None:
    quotes = _story()
    query = "We will demand that ironclad security guarantees become part of the agreement"
    found = {m.quote.id: m for m in lookup(query, quotes)}
    assert found["q1"].relation == "excerpt"  # the stored quote is part of the query
    assert found["q3"].relation == "variant"
    assert found["q2"].relation == "variant" and found["q5"].relation == "variant"
    assert "q4" not in found and "q6" not in found
    scores = [m.score for m in lookup(query, quotes)]
    assert scores == sorted(scores, reverse=True)


def test_lookup_min_score_and_limit() -> None:
    quotes = _story()
    query = "We will demand that ironclad security guarantees become part of the agreement"
    assert all(m.score >= 99 for m in lookup(query, quotes, min_score=99))
    assert lookup(query, quotes, limit=2) == lookup(query, quotes)[:2]
    assert lookup(query, quotes, limit=0) == []
    # A low floor does not admit unrelated quotes.
    assert {m.quote.id for m in lookup(query, quotes, min_score=0)} == {
        m.quote.id for m in lookup(query, quotes)
    }


def test_lookup_ties_by_article_then_start() -> None:
    quotes = [
        _quote("b", "b.txt", 5, "we agree"),
        _quote("a2", "a.txt", 50, "we agree"),
        _quote("a1", "a.txt", 9, "We agree."),
    ]
    assert [m.quote.id for m in lookup("we agree", quotes)] == ["a1", "a2", "b"]


@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10), max_size=15),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    st.randoms(),
)
@settings(max_examples=80, deadline=None)
def test_lookup_scores_each_quote_alone(
    texts: list[list[str]], query: list[str], rnd: random.Random
) -> None:
    quotes = [_quote(f"q{i}", f"a{i % 4}", i * 10, " ".join(t)) for i, t in enumerate(texts)]
    q = " ".join(query)
    full = lookup(q, quotes)
    subset = [x for x in quotes if rnd.random() < 0.5]
    shuffled = list(quotes)
    rnd.shuffle(shuffled)
    assert lookup(q, shuffled) == full
    assert lookup(q, subset) == [m for m in full if m.quote in subset]


def _lookup_verdict(query: str, text: str, min_score: float | None = None) -> bool:
    return bool(lookup(query, [_quote("s", "a", 0, text)], min_score=min_score))


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("We will not go", "we will NOT go!", True),  # identical once normalised
        ("will not", "We will not go back", True),  # the query is a fragment
        ("We will not go back, ever", "will not go", True),  # the quote is a fragment
        ("We will not go back, ever", "We will ... back, ever", True),  # elided excerpt
        ("We will ... back", "We will not go back now", True),  # elided query
        ("ironclad guarantees", "iron-clad guarantees", True),  # spelling variant, short
        ("illegal immigrants", "illegal migrants", False),  # a changed word, short
        ("security deal", "the security guarantees must be ironclad for all of us", False),
        (
            "guarantees must be solid for every member",  # far shorter: length bound
            "the guarantees must be ironclad for every member of the alliance, said the "
            "minister, who added that talks would go on next week in the capital",
            False,
        ),
        (
            "we want security guarantees that are ironclad and binding",  # window (partial)
            "Kyiv insists that we want security guarantees that are ironclad and binding "
            "before any ceasefire",
            True,
        ),
        (
            "we want security guarantees that are ironclad and binding",
            "we want security guarantees which are iron-clad and binding",  # variant
            True,
        ),
    ],
)
def test_query_test_cases(query: str, text: str, expected: bool) -> None:
    assert _lookup_verdict(query, text) is expected
    assert QueryTest(query, 68.0).matches(text, normalize(text)) is expected


@given(
    st.lists(st.sampled_from([*WORDS, "...", "…", ",", "iron-clad"]), min_size=1, max_size=14),
    st.lists(st.sampled_from([*WORDS, "...", "…", "ironclad"]), min_size=1, max_size=30),
    st.sampled_from([None, 40.0, 68.0, 95.0, 100.0]),
)
@settings(max_examples=400, deadline=None)
def test_query_test_agrees_with_lookup(
    query: list[str], text: list[str], min_score: float | None
) -> None:
    """The index's fast verdict is lookup's verdict for every pair."""
    q, t = " ".join(query), " ".join(text)
    threshold = 68.0 if min_score is None else min_score
    assert QueryTest(q, threshold).matches(t, normalize(t)) is _lookup_verdict(q, t, min_score)


# ---------------------------------------------------------------- people


def _person(name: str, article: str, titles: tuple[str, ...] = (), start: int = 0) -> Person:
    m = Mention(article, start, start + len(name), name, name, titles[0] if titles else None)
    return Person(name, (m,), (name,), titles)


SAME_PERSON = [
    ("Steve Witkoff", "Steve Wittkopf"),
    ("Zelensky", "Zelenskyy"),
    ("Qassem", "Kassem"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ("Peskov", "Dmitry Peskov"),
    ("Sergey Lavrov", "Sergei Lavrov"),
    ("Mohammed bin Salman", "Mohammad bin Salman"),
    ("Volodymyr Zelensky", "Vladimir Zelensky"),
    ("Naim Qassem", "Naim Kassem"),
    ("Muammar Gaddafi", "Muammar Qaddafi"),
    ("Donald J. Trump", "Donald Trump"),
    ("Joe Biden", "Joseph Biden"),
    ("Kim Jong Un", "Kim Jong-un"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdo\u011fan"),
    ("Zelenskyy", "Volodymyr Zelensky"),
    ("J. Smith", "John Smith"),
    ("Yulia Navalnaya", "Yulia Navalny"),  # gendered ending, but the given names agree
    ("Alexander Lukashenko", "Aleksandr Lukashenka"),
    # Transliterations: q/gh/k, y/i, ee/ea/ia, ae; dropped or doubled letters.
    ("Abbas Araghchi", "Abbas Araqchi"),
    ("Esmaeil Baghaei", "Esmail Baqaei"),
    ("Baqaei", "Esmaeil Baghaei"),
    ("Masoud Pezeshkian", "Masud Pezeshkiyan"),
    ("Ebrahim Raisi", "Ibrahim Raeisi"),
    ("Hassan Rouhani", "Hasan Rohani"),
    ("Kylian Mbappe", "Kylian Mbape"),
    ("Aleksandar Mitrovic", "Aleksander Mitrovi\u0107"),
    # Honorifics some outlets keep and others drop.
    ("Md Asaduzzaman Khan", "Asaduzzaman Khan"),
    ("Seyed Abbas Araghchi", "Abbas Araqchi"),
    ("Sheikh Hasina", "Hasina"),
    # Given names equal after the transliteration rules (y/i, ya/ia).
    ("Tatyana Petrova", "Tatiana Petrova"),
    ("Mariya Ivanova", "Maria Ivanova"),
    ("Yuliya Sokolova", "Yulia Sokolov"),  # and a gendered ending
    # A compound surname written as one word, hyphenated or as two words.
    ("Reza Amirkhani", "Reza Amir-Khani"),
    ("Reza Amir Khani", "Reza Amirkhani"),
    ("Amirkhani", "Reza Amir-Khani"),
    # East Asian names, family name first: hyphenation and spacing of the
    # given name, and one family name in two romanisation systems.
    ("Kim Jong-un", "Kim Jong-Un"),
    ("Moon Jae-in", "Moon Jae In"),
    ("Kim Jong Un", "Kim Jongun"),
    ("Pak Sung-chol", "Park Sung-chol"),
    ("Ri Myong-su", "Lee Myong-su"),
    ("Yi Tae-ho", "Lee Tae-ho"),
    ("Yun Hae-jin", "Yoon Hae-jin"),
    ("Choe Ryong-hae", "Choi Ryong-hae"),
    ("Han Min Shik", "Han Min-sik"),  # MR "shi" / RR "si" of one syllable
    ("Jang Shin-ho", "Jang Sin-ho"),
    # Russian and Arabic transliteration pairs: -off/-ov, kh/h, dj/j, dh/d,
    # an initial ye/e of a given name, Moammar/Muammar.
    ("Lavroff", "Sergei Lavrov"),
    ("Boris Medvedeff", "Boris Medvedev"),
    ("Mikhail Khodorkovsky", "Mikhail Hodorkovsky"),
    ("Abdelaziz Djerad", "Abdelaziz Jerad"),
    ("Yevgeny Prigozhin", "Evgeny Prigozhin"),
    ("Moammar Gadhafi", "Muammar Gaddafi"),
]

DIFFERENT_PEOPLE = [
    ("Hillary Clinton", "Bill Clinton"),
    ("Navalny", "Navalnaya"),
    ("Yulia Navalnaya", "Alexei Navalny"),
    ("Navalny", "Yulia Navalnaya"),
    ("Yuri Ushakov", "Yulia Ushakova"),
    ("Olena Zelenska", "Volodymyr Zelensky"),
    ("Kim Jong Un", "Kim Yo Jong"),
    ("Kim Jong Un", "Kim Jong Il"),
    ("Donald Trump", "Donald Trump Jr."),
    ("Trump", "Trump Jr."),
    ("Dmitry Peskov", "Dmitry Pestov"),  # as close in spelling as Witkoff, not in sound
    ("George Bush", "George Rush"),
    ("George W. Bush", "George H. W. Bush"),
    ("Mark Hansen", "Peter Hanson"),
    ("Alexei Navalny", "Alexander Navalny"),
    ("John Smith", "Jane Smith"),
    ("Ivana Trump", "Ivanka Trump"),
    ("Dan Backer", "Dean Baker"),  # two near misses at once
    ("Mr. Clinton", "Mrs. Clinton"),
    ("Wittkopf", "Steve Witkoff"),  # a bare, merely close surname needs a shared title
    # One shared name, two people: a minister and an attorney general.
    ("Md Asaduzzaman", "Asaduzzaman Khan"),
    ("Asaduzzaman Khan", "Anisul Asaduzzaman"),
    ("Ali Khamenei", "Ali Khomeini"),
    ("Esmaeil Baghaei", "Ebrahim Baghaei"),
    ("Yuliya Navalnaya", "Alexei Navalny"),
    ("Maria Ivanova", "Marina Ivanova"),
    # Only the last given name joins the surname, and only when it spells it.
    ("Ali Reza Khani", "Ali Amirkhani"),
    ("Reza Amir Khani", "Reza Khanlari"),
    # A common Korean family name in two romanisations, other given names.
    ("Lee Jae-myung", "Lee Jae-yong"),
    ("Lee Jae-myung", "Yi Nak-yon"),
    ("Park Geun-hye", "Pak Chung-hee"),
    ("Kim Jong-un", "Kim Yo-jong"),
    ("Kim Jong-un", "Kim Jong-il"),
    # Family name first and given name first: not read as one order swapped.
    ("Scott James", "James Scott"),
    # Loose pairs need given names that agree outright, and four letters.
    ("Hodorkovsky", "Mikhail Khodorkovsky"),
    ("Pavel Khodorkovsky", "Mikhail Hodorkovsky"),
    ("Ali Khan", "Ali Han"),
    ("Han Min-shik", "Han Min-su"),
    ("Han Min-shik", "Han Yu-sik"),
    ("Bo Shi", "Bo Si"),  # a short last word alike only with two given words
    ("Yelena Navalnaya", "Alexei Navalny"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_same_person_merges(a: str, b: str) -> None:
    assert len(group_people([_person(a, "a1.txt"), _person(b, "a2.txt")])) == 1
    assert len(group_people([_person(b, "a1.txt"), _person(a, "a2.txt")])) == 1


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_people_stay_apart(a: str, b: str) -> None:
    assert len(group_people([_person(a, "a1.txt"), _person(b, "a2.txt")])) == 2


def test_close_bare_surname_joins_with_a_shared_title() -> None:
    people = [
        _person("Wittkopf", "a1.txt", ("US envoy",)),
        _person("Steve Witkoff", "a2.txt", ("special envoy",)),
    ]
    (merged,) = group_people(people)
    assert merged.name == "Steve Witkoff"
    assert merged.variants == ("Steve Witkoff", "Wittkopf")


def test_merged_person_fields() -> None:
    people = [
        _person("Steve Wittkopf", "b.txt", ("envoy",), start=40),
        _person("Steve Witkoff", "a.txt", ("US special envoy",), start=90),
        _person("Steve Witkoff", "c.txt", (), start=5),
        _person("Witkoff", "d.txt", ("envoy",), start=7),
    ]
    (p,) = group_people(people)
    assert p.name == "Steve Witkoff"
    assert p.variants == ("Steve Witkoff", "Steve Wittkopf")
    assert [(m.article, m.start) for m in p.mentions] == [
        ("a.txt", 90),
        ("b.txt", 40),
        ("c.txt", 5),
        ("d.txt", 7),
    ]
    assert p.titles == ("US special envoy", "envoy")
    assert spelling_counts(p) == {"Steve Witkoff": 2, "Steve Wittkopf": 1}


def test_name_is_most_frequent_fullest_spelling() -> None:
    people = [
        _person("Sergei Lavrov", "a.txt"),
        _person("Sergey Lavrov", "b.txt"),
        _person("Lavrov", "c.txt"),
        _person("Lavrov", "d.txt"),
        _person("S. Lavrov", "e.txt"),
    ]
    (p,) = group_people(people)
    assert p.name == "Sergei Lavrov"  # tie with Sergey: alphabetical
    assert p.variants == ("S. Lavrov", "Sergei Lavrov", "Sergey Lavrov")


def test_initial_does_not_chain_two_people() -> None:
    people = [
        _person("John Smith", "a.txt"),
        _person("J. Smith", "b.txt"),
        _person("Jane Smith", "c.txt"),
    ]
    out = group_people(people)
    assert sorted(p.variants for p in out) == [("J. Smith", "John Smith"), ("Jane Smith",)]


def test_ambiguous_bare_surname() -> None:
    hillary = _person("Hillary Clinton", "a.txt", ("former secretary of state",))
    bill = _person("Bill Clinton", "b.txt", ("former president",))
    bare = _person("Clinton", "c.txt")
    assert len(group_people([hillary, bill, bare])) == 3
    titled = _person("Clinton", "c.txt", ("the former president",))
    out = group_people([hillary, bill, titled])
    assert [(p.name, len(p.mentions)) for p in out] == [("Bill Clinton", 2), ("Hillary Clinton", 1)]


def test_honorific_is_not_a_spelling() -> None:
    (p,) = group_people([_person("Mr. Peskov", "a.txt"), _person("Peskov", "b.txt")])
    assert len(p.variants) == 1 and len(p.mentions) == 2


def test_group_people_order_free() -> None:
    names = [n for pair in SAME_PERSON + DIFFERENT_PEOPLE for n in pair]
    people = [_person(n, f"a{i:02d}.txt", start=i) for i, n in enumerate(names)]
    expected = group_people(people)
    rng = random.Random(11)
    for _ in range(3):
        rng.shuffle(people)
        assert group_people(people) == expected
    assert sum(len(p.mentions) for p in expected) == len(people)
    assert [p.name.casefold() for p in expected] == sorted(p.name.casefold() for p in expected)


def test_missing_setting_is_a_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from audit import match
    from audit.errors import DataError
    from audit.rules import match as match_rules

    tables: dict[str, dict[str, object]] = {"quotes": {}, "grouping": {}, "lookup": {}}
    monkeypatch.setattr(match_rules, "load_data", lambda name: tables)
    match.quote_settings.cache_clear()
    match.comparison_key.cache_clear()
    try:
        with pytest.raises(DataError, match="quotes.variant_min_score"):
            compare_quotes("one two three four", "one two three five")
        del tables["grouping"]
        with pytest.raises(DataError, match=r"\[grouping\]"):
            match.quote_settings()
    finally:
        match.quote_settings.cache_clear()
        match.comparison_key.cache_clear()
