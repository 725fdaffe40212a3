"""Proper names in Source spans and speakers (audit.eval.names)."""

from __future__ import annotations

import pytest

from audit.eval import (
    midsentence_capitals,
    name_head,
    name_key,
    same_name,
    same_speaker,
    source_surnames,
)

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
