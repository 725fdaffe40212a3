"""Organisations across articles: acronyms spelled out ("Name (ACR)", "ACR
(Name)") and one organisation's spellings merged by word-for-word
transliteration (audit.match.organisations). The tables are the
calibration set "C" of match.toml [organisations]; sentences written for
these tests."""

from __future__ import annotations

import pytest

from audit.match import acronym_names, group_organisations, names_alike, words_alike
from audit.models import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Members of the Awami Jatiya Morcha (AJM) marched.", [("AJM", "Awami Jatiya Morcha")]),
        ("the chairman of the AJM (Awami Jatiya Morcha) resigned",
         [("AJM", "Awami Jatiya Morcha")]),
        # Connector words and izafet parts are skipped in the initials.
        ("the Bureau of Water Statistics (BWS) said", [("BWS", "Bureau of Water Statistics")]),
        ("leaders of Hizb-e-Wahdat (HW) met", [("HW", "Hizb-e-Wahdat")]),
        # The fewest words that give the acronym: "Members of the" is left out.
        ("Members of the Tehrik-e-Nizam (TN) protested", [("TN", "Tehrik-e-Nizam")]),
        # Not a definition: initials that do not fit, or a clause before the bracket.
        ("The vote was delayed (AP) on Monday.", []),
        ("Prices rose sharply, (CPI) figures show", []),
        ("He spoke to the National Union (XYZ) today.", []),
        ("the ABC (a broadcaster owned by the state) said", []),
    ],
)
def test_acronym_names(text: str, expected: list[tuple[str, str]]) -> None:
    found = list(acronym_names(text))
    assert [(n.acronym, n.name) for n in found] == expected
    assert all(text[n.start : n.end] == n.name for n in found)


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        # One organisation transliterated or misspelled word by word.
        ("Pakistan Tehreek-e-Insaf", "Pakistan Tareekh-e-Insaaf", True),
        ("Hezbollah Youth Front", "Hizbollah Youth Front", True),
        ("Jamaat-e-Islami", "Jamat-e-Islami", True),
        ("Kenya Defence Forces", "Kenya Defense Forces", True),
        # Different organisations sharing an acronym, or a word changed.
        ("Pakistan Tehreek-e-Insaf", "Press Trust of India", False),
        ("National Liberation Army", "Nationalist Liberation Army", False),
        ("People's Democratic Party", "People's Progressive Party", False),
        ("Awami League", "Awami League Front", False),
    ],
)
def test_names_alike(a: str, b: str, alike: bool) -> None:
    assert names_alike(a, b) is alike
    assert names_alike(b, a) is alike


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [("tehreek", "tareekh", True), ("insaf", "insaaf", True), ("qasim", "kasim", True),
     ("khan", "kahn", False), ("party", "front", False), ("democratic", "demographic", False)],
)
def test_words_alike(a: str, b: str, alike: bool) -> None:
    assert words_alike(a, b) is alike


def test_group_organisations_merges_spellings_and_keeps_different_names_apart() -> None:
    articles = [
        Article("a.txt", "The Jamaat-e-Islami (JI) called a strike. Press Trust of India (PTI) "
                         "reported it."),
        Article("b.txt", "Leaders of the Jamat-e-Islami (JI) met. The Pakistan Tehreek-e-Insaf "
                         "(PTI) disagreed."),
        Article("c.txt", "A rally of the JI (Jamaat-e-Islami) ended."),
        # Written out without its acronym: still a mention of its spelling.
        Article("d.txt", "Jamat e Islami leaders spoke."),
    ]
    found = group_organisations(articles)
    assert [(o.name, o.variants) for o in found] == [
        ("Jamaat-e-Islami", ("Jamaat-e-Islami", "Jamat-e-Islami")),
    ]
    assert [(m.article, m.text, m.full_name) for m in found[0].mentions] == [
        ("a.txt", "Jamaat-e-Islami", "Jamaat-e-Islami"),
        ("b.txt", "Jamat-e-Islami", "Jamat-e-Islami"),
        ("c.txt", "Jamaat-e-Islami", "Jamaat-e-Islami"),
        ("d.txt", "Jamat e Islami", "Jamat-e-Islami"),
    ]


def test_one_spelling_in_case_or_hyphens_is_not_a_variant() -> None:
    articles = [Article("a.txt", "the Jamaat-e-Islami (JI) said"),
                Article("b.txt", "the JAMAAT-e-ISLAMI (JI) said")]
    assert group_organisations(articles) == ()
