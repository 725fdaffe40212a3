"""Who is speaking now: descriptions, pronouns and names that follow the
discourse the way a reader does (issue 14). Sentences written for the tests."""

from __future__ import annotations

import pytest

from audit.ingest import article_from_text
from audit.parse.people import find_people
from audit.parse.quotes import find_quotes


def _speakers(text: str) -> list[str | None]:
    article = article_from_text("t.txt", text)
    return [q.speaker for q in find_quotes(article, find_people(article))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # role modifiers between the determiner and the role noun
        (
            "Governor Maria Lopez won the primary on Tuesday.\n\n"
            "“We will not back down,” the presumptive Democratic nominee wrote on Friday.",
            ["Maria Lopez"],
        ),
        (
            "Senator Paul Okafor spoke for an hour.\n\n“We won,” the Senate minority leader said.",
            ["Paul Okafor"],
        ),
        # an inverted cue with a described subject
        (
            "Governor Maria Lopez won the primary on Tuesday.\n\n"
            "“It is done,” said the Democratic nominee.",
            ["Maria Lopez"],
        ),
        # a name set off after the role's phrase is the speaker
        (
            "Governor Maria Lopez won the primary on Tuesday.\n\n"
            "“It was a tense time,” wrote the ambassador at the time, John Herbst.",
            ["John Herbst"],
        ),
        # the role's own sentence names its person first
        (
            "Senate leader Harry Reid spoke first.\n\nTed Cruz defends his record in a "
            "commercial: “We must secure the border,” the senator says.",
            ["Ted Cruz"],
        ),
        # an indefinite description is someone new
        (
            "Governor Maria Lopez won the primary on Tuesday.\n\n"
            "“It is done,” said a longtime adviser.",
            [None],
        ),
        (
            "Governor Maria Lopez won the primary on Tuesday.\n\n"
            "“It is done,” a longtime campaign aide told reporters.",
            [None],
        ),
        # plain words between the determiner and the role
        (
            "Donald Hale listed his favourite show.\n\n"
            "“My guilty pleasure is the news,” the billionaire business mogul told People.",
            ["Donald Hale"],
        ),
    ],
)
def test_definite_descriptions_name_the_person_spoken_of(
    text: str, expected: list[str | None]
) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pronoun before the name is the sentence's subject
        (
            "Tom Walsh, a former union leader, had ties to the mayor. On Sunday he gave "
            "Hillary Clinton his endorsement.\n\n“We need someone who fights hard,” he said.",
            ["Tom Walsh"],
        ),
        (
            "Ruth Ebeling watched the town hall. What upset her most, she said, was a question "
            "a student put to Hillary Clinton.\n\n“I was angry,” she said.",
            ["Ruth Ebeling"],
        ),
        # ... unless the name opens the main clause after the pronoun's clause
        (
            "Mayor Tom Reyes opened the hall. When he arrived, Senator Ana Ruiz spoke first.\n\n"
            "“We are glad,” she said.",
            ["Ana Ruiz"],
        ),
    ],
)
def test_pronouns_take_the_sentence_subject(
    text: str, expected: list[str | None]
) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no one named before the quote: the sentence's pronoun is its subject
        (
            "Ana Ruiz runs a campaign site.\n\nOn the health page, she vows to “defend the law "
            "against repeal” before setting out her own plans.",
            ["Ana Ruiz"],
        ),
        (
            "Ana Ruiz spoke on Monday. Hours later, she issued a statement calling on the city "
            "“to redouble our efforts at home and abroad” at once.",
            ["Ana Ruiz"],
        ),
        # ... or a definite role
        (
            "Senator Tom Reyes spoke last. The Florida senator calmed the crowd, saying nobody "
            "would “get beat up” at his rally.",
            ["Tom Reyes"],
        ),
        # a name before the quote still decides
        (
            "Ana Ruiz spoke on Monday. Hours later, Mayor Tom Reyes issued a statement calling "
            "on the city “to redouble our efforts at home and abroad” at once.",
            ["Tom Reyes"],
        ),
    ],
)
def test_a_clause_without_a_name_takes_its_pronoun_or_role(
    text: str, expected: list[str | None]
) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relative clause's speech verb belongs to the name it follows
        (
            "Cruz won a new endorsement on Thursday, from Mike Lee, who declared in the "
            "spin room, “It is time to unite.”",
            ["Mike Lee"],
        ),
        ("The deal came from Ana Ruiz, who said: “We are ready.”", ["Ana Ruiz"]),
        # an unnamed subject of its own is no one's
        ("Tom Reyes met Ana Ruiz, who was absent. Officials said: “We are ready.”", [None]),
    ],
)
def test_relative_clause_speaker(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name after "to"/"with" before the colon is addressed, not speaking
        (
            "Senate leader Mitch Olsen delivered a blunt message to Ana Ruiz: “It is time "
            "to quit.”",
            ["Mitch Olsen"],
        ),
        (
            "Tom Reyes hammered the plan and contrasted it with Ana Ruiz: “She is a steady "
            "hand.”",
            ["Tom Reyes"],
        ),
        # "from X:" and a name ending the lead-in still speak
        ("The report quoted more from Ana Ruiz: “It was always close.”", ["Ana Ruiz"]),
        ("The race does not surprise pollster Daron Shaw: “It was always close.”", ["Daron Shaw"]),
    ],
)
def test_a_name_before_the_colon(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a given name shows the pronoun a person takes
        (
            "Tom Walsh spoke first. Then Hillary Clinton thanked the crowd.\n\n"
            "“We need someone who fights hard,” he said.",
            ["Tom Walsh"],
        ),
        (
            "Ann Baker spoke first. Then Peter Hale thanked the crowd.\n\n"
            "“We need someone who fights hard,” she said.",
            ["Ann Baker"],
        ),
        # a name given to both shows nothing
        (
            "Tom Walsh spoke first. Then Kelly Hale thanked the crowd.\n\n"
            "“We need someone who fights hard,” she said.",
            ["Kelly Hale"],
        ),
    ],
)
def test_given_names_show_the_pronoun(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a possessive opening a sentence with no other subject is its topic
        (
            "Dana Ruiz met the board. Robin Reyes joined later.\n\n"
            "Ruiz’s term expires this year. She said she will keep working.\n\n"
            "“I am sure this will go on,” she said.",
            ["Dana Ruiz"],
        ),
        # ... not when the sentence names its own subject
        (
            "Ana Ruiz met the board.\n\nRuiz’s aide Tom Reyes left early.\n\n"
            "“I am sure this will go on,” he said.",
            ["Tom Reyes"],
        ),
    ],
)
def test_a_possessive_opening_a_sentence_is_its_topic(
    text: str, expected: list[str | None]
) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after a question, a new sentence whose verb introduces the next quote
        (
            "Ana Ruiz answered Tom Reyes with, “Why now? Was that on my way to Lima?” "
            "Reyes then writes back, “You look fine.”",
            ["Ana Ruiz", "Tom Reyes"],
        ),
        # an interrupted question goes on: both parts are the speaker's
        ("“Why now?” Tom Reyes asked, “and what next?”", ["Tom Reyes", "Tom Reyes"]),
        ("“Why?” he asked. Tom Reyes had said so.", [None]),
    ],
)
def test_a_verb_leading_into_the_next_quote(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    "dash",
    ["–", "—", "-"],
)
def test_a_dateline_dash_is_no_lead_in(dash: str) -> None:
    # "WASHINGTON (AFP) – Ana Ruiz ...": the dateline's dash, whichever is typed
    text = (
        f"Lima (AFP) {dash} Ana Ruiz has taken a swipe at Tom Reyes, saying that "
        "“loud comments” do harm."
    )
    assert _speakers(text) == ["Ana Ruiz"]


@pytest.mark.parametrize("adverb", ["however", "instead", "meanwhile"])
def test_a_sentence_adverb_between_subject_and_verb(adverb: str) -> None:
    text = f"Ash Carter {adverb} said he would welcome a “principled security network” here."
    assert _speakers(text) == ["Ash Carter"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an aside between dashes stands between a subject and its verb
        (
            "Jason Sims — a teacher from Mount Pleasant — says the endorsement was “a big deal.”",
            ["Jason Sims"],
        ),
        ("“We won,” Ana Ruiz – the party chair – said.", ["Ana Ruiz"]),
        # a dash that opens no closed aside links nothing
        ("Ana Ruiz — and nobody else knew why. Officials said “it was over.”", [None]),
    ],
)
def test_asides_between_dashes(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role nobody was given yet: the name opening the next sentence with a verb
        (
            "Tehran rejected the claims on Monday.\n\n“The talks go on,” the spokesperson "
            "said. Esmaeil Baqaei added that no date was set.",
            ["Esmaeil Baqaei"],
        ),
        # not a name in a sentence that does not speak
        (
            "Tehran rejected the claims on Monday.\n\n“The talks go on,” the spokesperson "
            "said. Esmaeil Baqaei was not there.",
            [None],
        ),
    ],
)
def test_a_role_named_in_the_next_sentence(text: str, expected: list[str | None]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A document its issuer put out, named in the quote's lead-in, speaks for them.
        ("The Harbour Authority issued a statement: “The port stays open.”", ["Harbour Authority"]),
        (
            "The Harbour Authority released a letter on Monday, saying the cuts were "
            "“regrettable but necessary.”",
            ["Harbour Authority"],
        ),
        # A paragraph ending on the announcement introduces the quote paragraph after it.
        (
            "The Harbour Authority published a statement late on Monday:\n\n“The port stays open.”",
            ["Harbour Authority"],
        ),
        # The document was named in an earlier sentence: the quote's own sentence decides.
        (
            "The Harbour Authority issued a statement on Monday. Critics called it “hollow.”",
            [None],
        ),
    ],
)
def test_a_document_named_in_the_lead_in_speaks_for_its_issuer(
    text: str, expected: list[str | None]
) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An organisation opening the sentence is its speech verb's subject, across
        # an adverbial or a shared verb.
        (
            "The Harbour Authority less than two weeks ago said for the first time that "
            "“top secret” files had passed through the server.",
            ["Harbour Authority"],
        ),
        (
            "The Harbour Authority on Monday issued new rules, saying the old ones were "
            "“badly out of date.”",
            ["Harbour Authority"],
        ),
        # A person named before the quote: the organisation is not taken.
        (
            "The Harbour Authority less than two weeks ago said, through Ana Ruiz, that "
            "the files were “top secret.”",
            [None],
        ),
        # A lone capitalised word opening the sentence names no organisation.
        ("Critics less than a week ago said it was “a disaster.”", [None]),
    ],
)
def test_an_organisation_opening_the_sentence_speaks(
    text: str, expected: list[str | None]
) -> None:
    assert _speakers(text) == expected
