"""Strict speaker scoring: the same person, not the same surname
(audit.eval.names.same_person and friends; audit.eval.brat speaker labels)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from paths import ROOT

from audit.errors import InputError
from audit.eval import (
    GoldAttribution,
    Person,
    SpeakerScore,
    evaluate,
    gold_persons,
    introduced,
    label_speakers,
    midsentence_capitals,
    person_of_name,
    resolve_surname,
    same_person,
    speaker_labels,
)
from audit.eval.scoring import ScoreTally, score_article
from audit.models import Quote


def _p(given: str, last: str) -> Person:
    return Person(frozenset(given.split()), last)


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Sen. Ted Cruz", _p("ted", "cruz")),
        ("Indiana Gov. Mike Pence", _p("mike", "pence")),
        ("James B. Comey", _p("james b", "comey")),
        ("Jill A. Martin", _p("jill a", "martin")),
        ("Brent Bozell III", _p("brent", "bozell")),
        ("Bill de Blasio", _p("bill", "blasio")),
        ("Mohammed bin Salman", _p("mohammed", "salman")),
        ("Media Research Center\u2019s Bozell", _p("", "bozell")),
        ("Clinton and Sanders", _p("", "sanders")),
        ("White House", _p("", "house")),
        ("Del", _p("", "del")),
        ("The Wall Street Journal", _p("wall street", "journal")),
        ("Anwar al-Awlaki", _p("anwar", "alawlaki")),
        ("Michery el Soheil", _p("", "soheil")),
        ("He", None),
        ("Republicans", None),
        ("the spokesman", None),
    ],
)
def test_person_of_name(name: str, person: Person | None) -> None:
    assert person_of_name(name) == person


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("Ted Cruz", "Sen. Ted Cruz", True),
        ("Heidi Cruz", "Sen. Ted Cruz", False),
        ("Michelle Obama", "President Barack Obama", False),
        ("Bill Clinton", "Hillary Clinton", False),
        ("Cruz", "Sen. Ted Cruz", True),  # the prediction gives no given name
        ("J. Comey", "James B. Comey", True),  # an initial
        ("Del", "Del. Stacey Plaskett", False),  # junk: not the person's name
        ("Investigations", "Sen. Rob Portman", False),
        ("New Hampshire", "Gov. Maggie Hassan", False),
        ("Tom Ebeling", "Tom", True),  # the article calls him by his given name
        ("Saifuddin Nasution", "Datuk Seri Saifuddin Nasution Ismail", True),  # patronymic
        ("Hillary Rodham Clinton", "Hillary Clinton", True),
        ("Hillary Clinton", "Bill Clinton", False),
        ("Nasution Ismail", "Saifuddin Nasution", False),
        ("Datuk Ali Ibrahim", "Datuk Seri Anwar Ibrahim", False),  # honorifics are no names
        ("Mugur Isarescu", "Mugur Isărescu", True),  # accents folded: one name
        ("José Álvarez", "Jose Alvarez", True),
        ("Ana Isărescu", "Mugur Isărescu", False),  # folding keeps given names apart
    ],
)
def test_same_person(predicted: str, gold: str, same: bool) -> None:
    p, g = person_of_name(predicted), person_of_name(gold)
    assert p is not None and g is not None
    assert same_person(p, g) is same


@pytest.mark.parametrize(
    ("text", "source", "people"),
    [
        ("Then Sen. Jim Whelan of New Mexico said so.", "Sen. Jim Whelan of New Mexico",
         [_p("jim", "whelan")]),
        ("Yes, said a spokesman for Bernie Sanders today.", "a spokesman for Bernie Sanders", []),
        (
            "Then Phil Berger and House Speaker Tim Moore said.",
            "Phil Berger and House Speaker Tim Moore",
            [_p("phil", "berger"), _p("tim", "moore")],
        ),
        ("It was, the director of the F.B.I., James B. Comey, said.",
         "the director of the F.B.I., James B. Comey", [_p("james b", "comey")]),
    ],
)
def test_gold_persons(text: str, source: str, people: list[Person]) -> None:
    start = text.index(source)
    got = gold_persons(text, [(start, start + len(source))], midsentence_capitals(text))
    assert list(got) == people


_PEOPLE = [_p("ted", "cruz"), _p("heidi", "cruz"), _p("jane", "sanders"), _p("bill", "blasio")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Ted is introduced first; his wife is named in full later.
        ("Sen. Ted Cruz spoke. Later Heidi Cruz spoke. Cruz said more.", _p("ted", "cruz")),
        ("Heidi Cruz spoke first. Then Sen. Ted Cruz spoke.", _p("heidi", "cruz")),
        # The first mention gives no given name: nobody is introduced.
        ("Sen. Sanders spoke. Later Jane Sanders spoke.", _p("", "sanders")),
        ("Then Bill de Blasio spoke.", _p("bill", "blasio")),
    ],
)
def test_bare_surname_is_the_person_named_in_full_first(text: str, expected: Person) -> None:
    assert resolve_surname(_p("", expected.last), introduced(text, _PEOPLE)) == expected


def test_a_full_name_is_never_resolved_again() -> None:
    named = introduced("Ted Cruz spoke.", _PEOPLE)
    assert resolve_surname(_p("heidi", "cruz"), named) == _p("heidi", "cruz")


def test_speaker_labels_apply_to_their_source_span(tmp_path: Path) -> None:
    path = tmp_path / "speakers.toml"
    path.write_text(
        '[[speaker]]\narticle = "a"\nsource = [10, 12]\nperson = "Ted Cruz"\n'
        '[[speaker]]\narticle = "a"\nsource = [90, 99]\nperson = "Nobody Here"\n',
        encoding="utf-8",
    )
    labels = speaker_labels(path)
    gold = (
        GoldAttribution("E1", ((10, 12),), ((13, 17),), ((20, 40),)),
        GoldAttribution("E2", ((50, 52),), ((53, 57),), ((60, 80),)),
    )
    labelled, used = label_speakers(gold, labels["a"])
    assert used == 1
    assert [g.person for g in labelled] == ["Ted Cruz", None]


@pytest.mark.parametrize(
    "body",
    [
        '[[speaker]]\narticle = "a"\nsource = [10]\nperson = "X"\n',
        '[[speaker]]\narticle = "a"\nsource = [10, 12]\nperson = ""\n',
        '[[speaker]]\nsource = [10, 12]\nperson = "X"\n',
        "[[speaker]\n",
    ],
)
def test_malformed_speaker_labels_name_the_file(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match="bad.toml"):
        speaker_labels(path)


_TEXT = (
    "Sen. Ted Cruz spoke first. Heidi Cruz joined him.\n\n"
    '"We will win," Cruz said.\n\n'
    '"It is late," he added.\n'
)


def _gold(text: str, person: str | None = None) -> tuple[GoldAttribution, ...]:
    def at(s: str, after: int = 0) -> tuple[tuple[int, int], ...]:
        i = text.index(s, after)
        return ((i, i + len(s)),)

    second = text.index("It is")
    return (
        GoldAttribution("E0", at("Sen. Ted Cruz"), at("spoke"), at("first")),
        GoldAttribution("E1", at("Cruz", 40), at("said"), at('"We will win,"')),
        GoldAttribution("E2", at("he", second), at("added"), at('"It is late,"'), person),
    )


@pytest.mark.parametrize(
    ("speaker", "person", "lenient", "strict", "described"),
    [
        ("Ted Cruz", None, 1, 1, (0, 0)),
        ("Heidi Cruz", None, 1, 0, (0, 0)),  # same surname, another person
        ("Heidi Cruz", "Ted Cruz", 1, 0, (0, 1)),
        ("Ted Cruz", "Ted Cruz", 1, 1, (1, 1)),
        (None, "Ted Cruz", 0, 0, (0, 1)),
    ],
)
def test_score_article_counts_lenient_strict_and_labelled(
    speaker: str | None,
    person: str | None,
    lenient: int,
    strict: int,
    described: tuple[int, int],
) -> None:
    quotes = []
    for n, q in enumerate(('"We will win,"', '"It is late,"')):
        i = _TEXT.index(q)
        quotes.append(Quote(f"q{n}", "a", i + 1, i + len(q) - 2, q[1:-2], speaker=speaker))
    tally = ScoreTally()
    score_article("a", _TEXT, _gold(_TEXT, person), quotes, (), tally)
    counts = tally.speaker
    assert (counts["correct"], counts["scored"]) == (lenient, 1)
    assert (counts["strict_correct"], counts["strict_scored"]) == (strict, 1)
    assert (counts["described_correct"], counts["described_scored"]) == described
    assert counts["no_speaker"] == (speaker is None) * (1 + described[1])


def test_folder_speaker_labels_are_read_and_scored(tmp_path: Path) -> None:
    """``FOLDER/speakers.toml`` is read by default; a labelled pronoun Source
    is scored strictly and counted among the identifiable quotes."""
    gold = ROOT / "tests" / "gold"
    for sub in ("text", "attributions"):
        shutil.copytree(gold / sub, tmp_path / sub)
    stem = "01-riverton-housing"
    text = (gold / "text" / f"{stem}.txt").read_text(encoding="utf-8")
    ann = (gold / "attributions" / f"{stem}_a1.ann").read_text(encoding="utf-8")
    start, end = next(
        (int(a), int(b))
        for line in ann.splitlines()
        if line.split("\t")[1].startswith("Source") and line.split("\t")[2] == "she"
        for a, b in [line.split("\t")[1].split()[1:3]]
    )
    assert text[start:end] == "she"
    before = evaluate(tmp_path).speaker
    (tmp_path / "speakers.toml").write_text(
        f'[[speaker]]\narticle = "{stem}"\nsource = [{start}, {end}]\n'
        'person = "Council President Dana Whitfield"\n',
        encoding="utf-8",
    )
    after = evaluate(tmp_path).speaker
    assert (before.labels, before.described_scored) == (0, 0)
    assert (after.labels, after.labels_used) == (1, 1)
    assert after.described_scored >= 1
    assert after.identifiable == before.identifiable + after.described_scored


def test_unresolved_labels_mark_sources_read_without_a_person(tmp_path: Path) -> None:
    path = tmp_path / "speakers.toml"
    path.write_text('[[unresolved]]\narticle = "a"\nsource = [10, 12]\n', encoding="utf-8")
    gold = (GoldAttribution("E1", ((10, 12),), ((13, 17),), ((20, 40),)),)
    labelled, used = label_speakers(gold, speaker_labels(path)["a"])
    assert used == 1
    assert (labelled[0].labelled, labelled[0].person) == (True, None)


@pytest.mark.parametrize(
    ("named", "described", "unresolved", "described_all", "estimate"),
    [
        # 90/100 named right; 5/10 labelled described right; 10 of 20 read are
        # identifiable, so half of the 200 described quotes are: (90 + 50) / 200.
        ((90, 100), (5, 10), 10, 200, 140 / 200),
        # No labels: the estimate is the named figure.
        ((90, 100), (0, 0), 0, 200, 0.9),
        # Every described quote labelled: the estimate is the pooled figure.
        ((90, 100), (5, 10), 0, 10, 95 / 110),
    ],
)
def test_identifiable_estimate_weights_the_labelled_sample(
    named: tuple[int, int],
    described: tuple[int, int],
    unresolved: int,
    described_all: int,
    estimate: float,
) -> None:
    score = SpeakerScore(
        0,
        0,
        0,
        0,
        strict_correct=named[0],
        strict_scored=named[1],
        described_correct=described[0],
        described_scored=described[1],
        described_unresolved=unresolved,
        described_all=described_all,
    )
    assert score.identifiable_estimate == pytest.approx(estimate)
