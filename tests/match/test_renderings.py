"""Renderings of one statement left in two quote groups (audit.match.
renderings): the constructed calibration set "C" of match.toml
[renderings]. Sentences written for these tests."""

from __future__ import annotations

import random

import pytest
from work import count_steps

from audit.match import link_renderings
from audit.models import Quote, QuoteGroup, QuoteMember


def _group(gid: str, article: str, text: str, speaker: str | None) -> QuoteGroup:
    q = Quote(f"{article}#{gid}", article, 0, len(text), text, speaker,
              cue="said" if speaker else None)
    return QuoteGroup(gid, (QuoteMember(q, "reference", 100.0),))


# Two translations or rewordings of one statement, by one speaker.
RENDERINGS = [
    ("The harvest this year was the worst our village has seen in living memory",
     "Our village has not seen a harvest this bad within living memory"),
    ("I have waited my whole life to wear this shirt and tonight my dream has come true",
     "All my life I dreamed of wearing this shirt, and tonight that dream came true"),
    ("The rescue teams are still searching the collapsed school and we fear more victims",
     "Rescue teams keep searching the school that collapsed, and more victims are feared"),
    ("We will not allow smugglers posing as traders to destroy our fishing villages",
     "It is not acceptable that smugglers pretending to be traders destroy the fishing villages"),
]

# One speaker, one topic, different statements (they share topic words).
DIFFERENT = [
    ("The harvest this year was the worst our village has seen in living memory",
     "Our village needs seed and fertiliser before the next harvest or people will leave"),
    ("I have waited my whole life to wear this shirt and tonight my dream has come true",
     "My next dream is to win every trophy with this shirt and this club"),
    ("The rescue teams are still searching the collapsed school and we fear more victims",
     "We thank the rescue teams from abroad who came to help the school children"),
]

# A known limit: with no synonyms, a sentence sharing most of its content
# words with another, its subject changed, is linked (5 of 7 stems shared,
# Dice 67).
SAME_WORDS_OTHER_SUBJECT = [
    ("Casualties are expected to rise in the coming days, officials in the capital said",
     "Officials in the capital expect the cost of rebuilding to rise in the coming years"),
]


@pytest.mark.parametrize(("a", "b"), RENDERINGS)
def test_renderings_by_one_speaker_are_linked(a: str, b: str) -> None:
    (r,) = link_renderings([_group("g1", "a.txt", a, "Amina Diallo"),
                            _group("g2", "b.txt", b, "Amina Diallo")])
    assert (r.first_group, r.second_group, r.same_speaker) == ("g1", "g2", True)
    assert r.shared >= 4 and r.score >= 50


@pytest.mark.parametrize(
    ("a", "b"),
    [*DIFFERENT, *(pytest.param(*p, marks=pytest.mark.xfail(strict=True, reason="no synonyms"))
                   for p in SAME_WORDS_OTHER_SUBJECT)],
)
def test_different_statements_of_one_speaker_are_not_linked(a: str, b: str) -> None:
    assert link_renderings([_group("g1", "a.txt", a, "Amina Diallo"),
                            _group("g2", "b.txt", b, "Amina Diallo")]) == ()


A, B = RENDERINGS[1]  # Dice 62.5: between the two bars


@pytest.mark.parametrize(
    ("speaker_a", "speaker_b", "linked"),
    [
        ("Amina Diallo", "Ms Diallo", True),  # one person, two spellings of her name
        ("Amina Diallo", "Amina Dialo", True),
        ("Amina Diallo", "Kofi Mensah", False),  # two people: a speaker conflict, not a pair
        ("Amina Diallo", None, False),  # one side unknown: needs a higher bar
    ],
)
def test_speakers_decide(speaker_a: str, speaker_b: str | None, linked: bool) -> None:
    found = link_renderings([_group("g1", "a.txt", A, speaker_a),
                             _group("g2", "b.txt", B, speaker_b)])
    assert bool(found) is linked


def test_a_near_copy_with_one_speaker_unknown_is_linked() -> None:
    a = "My family is proud today and my father is in tears"
    b = "My family are so proud today, I can see my father in tears"
    (r,) = link_renderings([_group("g1", "a.txt", a, None), _group("g2", "b.txt", b, "Ola Berg")])
    assert not r.same_speaker and r.score >= 70


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Different figures: different statements.
        ("We counted 120 dead in the northern district and many more are missing",
         "In the northern district we counted 45 dead and many more remain missing"),
        # Too short to tell by shared words.
        ("Harvest worst in memory", "Worst harvest in memory"),
    ],
)
def test_numbers_and_short_quotes(a: str, b: str) -> None:
    assert link_renderings([_group("g1", "a.txt", a, "Amina Diallo"),
                            _group("g2", "b.txt", b, "Amina Diallo")]) == ()


def test_same_article_or_same_group_is_not_a_rendering() -> None:
    assert link_renderings([_group("g1", "a.txt", A, "Amina Diallo"),
                            _group("g2", "a.txt", B, "Amina Diallo")]) == ()
    g = _group("g1", "a.txt", A, "Amina Diallo")
    qb = Quote("b.txt#1", "b.txt", 0, len(B), B, "Amina Diallo", cue="said")
    both = QuoteGroup("g1", (*g.members, QuoteMember(qb, "variant", 60.0)))
    assert link_renderings([both]) == ()


def test_one_link_per_two_groups_whatever_the_order() -> None:
    groups = [_group("g1", "a.txt", A, "Amina Diallo"), _group("g2", "b.txt", B, "Amina Diallo"),
              _group("g3", "c.txt", RENDERINGS[0][0], "Amina Diallo")]
    assert link_renderings(groups) == link_renderings(groups[::-1])
    assert len(link_renderings(groups)) == 1


def _one_speaker_corpus(n: int) -> list[QuoteGroup]:
    """``n`` different statements by one speaker, each in its own article,
    drawn from one topic's 50 words: every two share words."""
    rng = random.Random(7)
    vocab = [f"topicword{i}" for i in range(50)]
    return [_group(f"g{i}", f"a{i}.txt", " ".join(rng.sample(vocab, 10)), "Amina Diallo")
            for i in range(n)]


def test_linking_work_grows_linearly_with_one_speakers_quotes() -> None:
    # Blocking on capped stem postings: not every quote against every other.
    _, small = count_steps(lambda: link_renderings(_one_speaker_corpus(300)))
    _, large = count_steps(lambda: link_renderings(_one_speaker_corpus(600)))
    assert large / small < 2.5


def test_a_speaker_without_a_cue_is_no_speaker() -> None:
    # A name near the quote with no speech cue: the bar of an unknown speaker.
    a, b = RENDERINGS[1]
    qb = Quote("b.txt#1", "b.txt", 0, len(b), b, "Kofi Mensah", cue=None)
    groups = [_group("g1", "a.txt", a, "Amina Diallo"),
              QuoteGroup("g2", (QuoteMember(qb, "reference", 100.0),))]
    assert link_renderings(groups) == ()  # 62.5: under the unknown-speaker bar
    near = ("My family is proud today and my father is in tears",
            "My family are so proud today, I can see my father in tears")
    qn = Quote("b.txt#2", "b.txt", 0, len(near[1]), near[1], "Kofi Mensah", cue=None)
    (r,) = link_renderings([_group("g1", "a.txt", near[0], "Amina Diallo"),
                            QuoteGroup("g2", (QuoteMember(qn, "reference", 100.0),))])
    assert not r.same_speaker
