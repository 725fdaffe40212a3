"""Tests for speakers from layouts and channels (audit.parse.quotes.layouts):
transcript labels, Q&A, vox-pop lists, key-point bullets, headings, channels
as ``via`` and the names that are never a quote's speaker."""

from __future__ import annotations

import pytest

from audit.ingest import article_from_text
from audit.pipeline import parse_article


def _speakers(text: str) -> list[tuple[str, str | None]]:
    parsed = parse_article(article_from_text("t.txt", text))
    return [(q.text, q.speaker) for q in parsed.quotes]


def _via(text: str) -> list[tuple[str | None, str | None]]:
    parsed = parse_article(article_from_text("t.txt", text))
    return [(q.speaker, q.via) for q in parsed.quotes]


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A capitalised surname label takes the full name given earlier; the
        # interviewer's line is not the guest's.
        (
            "Senator Maria Ortega sat down with host Daniel Pryce on Sunday.\n\n"
            "PRYCE: Do you think the bill will pass?\n\n"
            'ORTEGA: "We have the votes," I can tell you. "It will pass by June."',
            [("We have the votes", "Maria Ortega"), ("It will pass by June.", "Maria Ortega")],
        ),
        # A name given in full as a label.
        (
            "The mayor took questions at the depot.\n\n"
            'Lucas Moreau: "The buses run again from Monday."\n\n'
            'Anna Weiss: "And the night routes?"',
            [
                ("The buses run again from Monday.", "Lucas Moreau"),
                ("And the night routes?", "Anna Weiss"),
            ],
        ),
        # A named speaker inside the labelled line keeps the quote.
        (
            "Governor Ellen Hart spoke to Tom Vance of WKRT.\n\n"
            "VANCE: What did the senator tell you?\n\n"
            'HART: Senator Paul Ibsen told me "the money is there" last week.\n\n'
            'VANCE: "Is it?"',
            [("the money is there", "Paul Ibsen"), ("Is it?", "Tom Vance")],
        ),
    ],
)
def test_transcript_labels_name_the_speaker(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "A:" is the interviewee's, "Q:" the interviewer's (no speaker given).
        (
            "Ruth Kimani runs the clinic in Nakuru. Ruth Kimani spoke to us in June.\n\n"
            'Q: What changed this year? Last time you said "nothing much".\n\n'
            'A: "Nothing has changed for us," honestly.',
            [("nothing much", None), ("Nothing has changed for us", "Ruth Kimani")],
        ),
        (
            "An interview with the economist Hugo Brandt.\n\n"
            'Question: Will rates fall?\n\nAnswer: "Not before spring," and then slowly.',
            [("Not before spring", "Hugo Brandt")],
        ),
    ],
)
def test_question_and_answer_lines(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We asked shoppers what they thought.\n\n"
            'Aisha Bello, trader: "Prices doubled in a month."\n\n'
            'Tom Reed, Daily Echo: "Nobody expected this."\n\n'
            'Priya Nair, 34, nurse: "It changes nothing for the wards."',
            [
                ("Prices doubled in a month.", "Aisha Bello"),
                ("Nobody expected this.", "Tom Reed"),
                ("It changes nothing for the wards.", "Priya Nair"),
            ],
        ),
    ],
)
def test_vox_pop_labels_name_the_person_not_the_outlet(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Finance Minister Grace Otieno presented the budget on Thursday. She said:\n\n"
            '• Taxes on fuel will fall: "We are cutting the levy by half."\n\n'
            '• On schools, "every child will have a desk by March."\n\n'
            '• "No new borrowing this year."',
            ["Grace Otieno", "Grace Otieno", "Grace Otieno"],
        ),
        (
            "Coach Pablo Ruiz listed his worries after the defeat:\n\n"
            '- The defence: "we were asleep at corners."\n\n'
            '- Fitness: "two players cramped before the hour."\n\n'
            'Later, the club captain Ivo Kral said "we will fix it."',
            ["Pablo Ruiz", "Pablo Ruiz", "Ivo Kral"],
        ),
        # A heading naming a speaker above quote paragraphs.
        (
            "The coach spoke after the match.\n\nCoach Pablo Ruiz\n\n"
            '"We played well in the first half."\n\n"The second half was a disaster."',
            ["Pablo Ruiz", "Pablo Ruiz"],
        ),
    ],
)
def test_bullets_and_headings_under_a_speaker(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in _speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bare lead-in between quote paragraphs: the person just quoted goes on,
        # through the chain of quote paragraphs after it.
        (
            'Mayor Ana Duarte opened the session. "We start today," she said.\n\n'
            "Excerpts from the session below:\n\n"
            '"The budget is balanced."\n\n"The parks will reopen in May."',
            ["Ana Duarte", "Ana Duarte", "Ana Duarte"],
        ),
        (
            'On Monday Tomas Berg said, "The bridge is safe."\n\n'
            "Transcript as follows:\n\n"
            '"We inspected every cable."',
            ["Tomas Berg", "Tomas Berg"],
        ),
        # A lead-in with a subject of its own names someone else: left alone.
        (
            'On Monday Tomas Berg said, "The bridge is safe."\n\n'
            "His critics disagreed:\n\n"
            '"The cables are rusting."',
            ["Tomas Berg", None],
        ),
        (
            'On Monday Tomas Berg said, "The bridge is safe."\n\n'
            "The crowd chants:\n\n"
            '"Close it now."',
            ["Tomas Berg", None],
        ),
        # Nobody quoted right before the lead-in: nothing to carry.
        (
            "Tomas Berg inspected the bridge.\n\n"
            "The report was long.\n\n"
            "Transcript as follows:\n\n"
            '"We inspected every cable."',
            [None],
        ),
    ],
)
def test_a_bare_lead_in_carries_the_latest_speaker(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in _speakers(text)] == expected


# --------------------------------------------------------------------------- never speakers

# Some of these held before the layouts module (photo credits are boilerplate,
# names inside a quote never spoke it); they are kept as guards of the class.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A label before a colon is no speaker; a translation is the words of
        # the quote before it.
        (
            '"Mvua ilichelewa," said farmer Joseph Mwangi.\n\n'
            'Translation: "The rains came too late for us."',
            ["Joseph Mwangi", "Joseph Mwangi"],
        ),
        ('Phone: "Nobody answered for three days."', [None]),
        # A photographer credited before a quote paragraph (ingest files the
        # credit as boilerplate).
        ('Queues at the pump. Photo: Samir Haddad\n\n"We have waited since dawn."', [None]),
        (
            "Queues at the pump. (Photo by Samir Haddad)\n\n"
            'Omar Diallo, a driver, waited. "We have waited since dawn," he said.',
            ["Omar Diallo"],
        ),
        # A person named only inside the quote does not speak it.
        ('"Lena Park has betrayed us all," he said.', [None]),
        (
            "Union leader Omar Diallo spoke on Friday.\n\n"
            '"Minister Lena Park has betrayed us all," he said.',
            ["Omar Diallo"],
        ),
        # A country is no speaker.
        ('Kenya said it would send "a strong delegation" to the talks.', [None]),
        ('Kenya: "We will send our envoy next week."', [None]),
        # An interviewer is no speaker of the answers no speech verb attributes;
        # the person interviewed is. A speech verb of their own still counts.
        (
            'Daniel Pryce interviewed Senator Maria Ortega on Sunday.\n\n"We have the votes."',
            ["Maria Ortega"],
        ),
        (
            "Daniel Pryce interviewed Senator Maria Ortega on Sunday.\n\n"
            '"Do you have the votes?" Pryce asked.',
            ["Daniel Pryce"],
        ),
    ],
)
def test_never_speakers(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in _speakers(text)] == expected


# --------------------------------------------------------------------------- channels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X said ..., TASS reported": X speaks, through TASS.
        (
            'Russian Foreign Minister Sergei Volkov said the prospects were "fairly good", '
            "TASS reported.",
            [("Sergei Volkov", "TASS")],
        ),
        (
            '"We will not retreat," Defence Minister Ivan Petrov said on Tuesday, '
            "Interfax reported.",
            [("Ivan Petrov", "Interfax")],
        ),
        (
            'Ivan Petrov noted that the army "views the border as settled," Beta reported.',
            [("Ivan Petrov", "Beta")],
        ),
        # No person in the lead-in: the outlet's own words.
        (
            '"The fund received millions," the Washington Post reported.',
            [("Washington Post", None)],
        ),
        # "told X", "in an interview with X", "according to X, Y said".
        ('"We will not retreat," Ivan Petrov told Reuters.', [("Ivan Petrov", "Reuters")]),
        (
            'In an interview with the BBC, Ivan Petrov said: "We will not retreat."',
            [("Ivan Petrov", "BBC")],
        ),
        (
            'According to Al Jazeera, Ivan Petrov said "we will not retreat".',
            [("Ivan Petrov", "Al Jazeera")],
        ),
        # "X quoted Y as saying".
        (
            'Interfax quoted Ivan Petrov as saying: "We will not retreat."',
            [("Ivan Petrov", "Interfax")],
        ),
        (
            'The agency cited Colonel Ana Ruiz as saying "the road is open again."',
            [("Ana Ruiz", None)],
        ),
    ],
)
def test_channels_are_via_not_speakers(
    text: str, expected: list[tuple[str | None, str | None]]
) -> None:
    assert _via(text) == expected


def test_a_country_that_is_a_persons_surname_still_speaks() -> None:
    text = (
        "Rep. Mark Israel met the caucus on Tuesday.\n\n"
        '"The mood is good," Israel said. "We are ready."'
    )
    assert [s for _, s in _speakers(text)] == ["Mark Israel", "Mark Israel"]


@pytest.mark.parametrize(
    "text",
    [
        'Farmer Joseph Mwangi spoke in Kikuyu.\n\nTranslation: "The rains came too late for us."',
        'Phone: "Nobody answered for three days."',
        'Interviewer: "Why did you leave?"',
    ],
)
def test_labels_are_not_sources(text: str) -> None:
    parsed = parse_article(article_from_text("t.txt", text))
    names = {s.name for s in parsed.sources}
    assert not names & {"Translation", "Phone", "Interviewer"}
