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
        # an indefinite description is someone new
        (
            "Governor Maria Lopez won the primary on Tuesday.\n\n"
            "“It is done,” said a longtime adviser.",
            [None],
        ),
    ],
)
def test_definite_descriptions_name_the_person_spoken_of(
    text: str, expected: list[str | None]
) -> None:
    assert _speakers(text) == expected
