"""Tests for the people stage: names, titles, coreference, non-names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lines import article_of_lines

from audit.ingest import article_from_text
from audit.models import Article, Person, Span
from audit.parse.people import find_people


def _people(text: str) -> tuple[Person, ...]:
    return find_people(article_from_text("t.txt", text))


def _names(text: str) -> list[str]:
    return [p.name for p in _people(text)]


def _person(text: str, name: str) -> Person:
    found = [p for p in _people(text) if p.name == name]
    assert found, f"{name!r} not among {_names(text)}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            "The view was put by Kremlin spokesman Dmitry Peskov on Monday.",
            "Dmitry Peskov",
            "Kremlin spokesman",
        ),
        (
            "Deputy Foreign Minister Alexander Grushko spoke in Moscow.",
            "Alexander Grushko",
            "Deputy Foreign Minister",
        ),
        ("It came as US President Donald Trump left for Asia.", "Donald Trump", "US President"),
        ("NATO Secretary General Mark Rutte arrived late.", "Mark Rutte", "NATO Secretary General"),
        ("Talks between U.S. envoy Steve Witkoff and aides ended.", "Steve Witkoff", "U.S. envoy"),
        ("French President Emmanuel Macron disagreed.", "Emmanuel Macron", "French President"),
        (
            "The plan, backed by former Secretary of State Hillary Clinton, failed.",
            "Hillary Clinton",
            "former Secretary of State",
        ),
        (
            "In a briefing, Yuri Ushakov, diplomatic advisor to the Russian presidency, spoke.",
            "Yuri Ushakov",
            "diplomatic advisor to the Russian presidency",
        ),
        ("The fund was run by Ohio Gov. John Kasich until May.", "John Kasich", "Ohio Gov."),
        (
            "It was Judicial Watch President Tom Fitton who sued.",
            "Tom Fitton",
            "Judicial Watch President",
        ),
        # a portfolio after "<role> of" belongs to the title
        (
            "Minister of Information Jamal Jarrah announced the plan.",
            "Jamal Jarrah",
            "Minister of Information",
        ),
        (
            "Minister of Foreign Affairs Lena Varga flew home.",
            "Lena Varga",
            "Minister of Foreign Affairs",
        ),
        (
            "Secretary of Home Affairs Tarik Oduya spoke.",
            "Tarik Oduya",
            "Secretary of Home Affairs",
        ),
    ],
)
def test_title_before_or_after_name(text: str, name: str, title: str) -> None:
    person = _person(text, name)
    assert person.titles == (title,)
    mention = person.mentions[0]
    assert mention.title == title
    assert mention.title_start is not None and mention.title_end is not None
    assert text[mention.title_start : mention.title_end] == title


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Peskov said the talks would go on.", "Peskov"),
        ("The talks will go on, said Grushko on Monday.", "Grushko"),
        ("The plan was drawn up by Charles de Gaulle in 1958.", "Charles de Gaulle"),
        ("Critics included Jean-Luc Mélenchon and others.", "Jean-Luc Mélenchon"),
        ("A letter from Donald J. Trump arrived.", "Donald J. Trump"),
        ("Voters cheered Beto O'Rourke loudly.", "Beto O'Rourke"),
        ("The rally was hosted by François Hollande in Lyon.", "François Hollande"),
        ("According to Lindsey Graham, the vote was close.", "Lindsey Graham"),
        ("The manifesto is by Bashar al-Assad himself.", "Bashar al-Assad"),
        # a role word as a surname after a middle initial or a listed given name
        ("It is hard, said Representative Peter T. King of New York.", "Peter T. King"),
        ("The novel is by Stephen King, the publisher said.", "Stephen King"),
        # after an honorific a listed word is a name
        ("Mr. Minor said the clinic had closed.", "Minor"),
        ("The deal, Mrs. May said, was done.", "May"),
    ],
)
def test_names_are_found(text: str, name: str) -> None:
    assert name in _names(text)


@pytest.mark.parametrize(
    "text",
    [
        "The WP Times, citing the agency TASS, reported the news.",
        "Reuters said the talks had stalled, Al Jazeera reported.",
        "The Kremlin said NATO and the EU were to blame.",
        "In March, the White House said New York would host it.",
        "Officials said the Russian Federation had agreed.",
        "Ukraine Peace Talks Resume In Geneva",
        "Experts say the Supreme Court will rule in June.",
        "Leaked Kremlin documents suggest plans to prolong the war.",
        # one word closing a capitalised name ("Bureau of Investigation") is no person
        "The director of the Federal Bureau of Investigation, said the memo, was absent.",
    ],
)
def test_non_names_are_not_people(text: str) -> None:
    assert _names(text) == []


def test_surname_maps_to_full_name_given_later_or_earlier() -> None:
    text = (
        "Peskov was asked about the talks on Monday.\n\n"
        "Kremlin spokesman Dmitry Peskov said they were hard.\n\n"
        "Later, Peskov declined to comment."
    )
    people = _people(text)
    assert [p.name for p in people] == ["Dmitry Peskov"]
    assert [m.text for m in people[0].mentions] == ["Peskov", "Dmitry Peskov", "Peskov"]
    assert {m.full_name for m in people[0].mentions} == {"Dmitry Peskov"}


def test_fullest_name_wins() -> None:
    text = "Donald Trump spoke first.\n\nThen Donald J. Trump spoke again, and Trump left."
    assert _names(text) == ["Donald J. Trump"]


@pytest.mark.parametrize(
    ("text", "bearer", "other"),
    [
        # the relative named later keeps only her full-name mention
        (
            "Hillary Clinton spoke in Iowa on Monday.\n\n"
            "Clinton said she would win.\n\n"
            "Former President Bill Clinton joined her later.\n\n"
            "Clinton said the crowd was large.",
            ["Hillary Clinton", "Clinton", "Clinton"],
            ["Bill Clinton"],
        ),
        # the relative named in the paragraph just before the bare surname
        (
            "Sen. Ted Cruz campaigned in Iowa.\n\n"
            "His wife, Heidi Cruz, spoke first.\n\n"
            "Then Cruz said the race was close.",
            ["Ted Cruz", "Cruz"],
            ["Heidi Cruz"],
        ),
        # ... but in the bare surname's own paragraph the discourse is about them
        (
            "Hillary Clinton won the primary.\n\n"
            "Bill Clinton spoke with voters, and at one point Clinton said hello.",
            ["Hillary Clinton"],
            ["Bill Clinton", "Clinton"],
        ),
        # a bare surname before any full name goes to the first one introduced
        (
            "Murphy spoke on the Senate floor.\n\n"
            "Sen. Chris Murphy named Anne Marie Murphy, a teacher.\n\n"
            "Murphy said she was brave.",
            ["Murphy", "Chris Murphy", "Murphy"],
            ["Anne Marie Murphy"],
        ),
    ],
)
def test_a_bare_surname_is_the_first_person_introduced_unless_another_is_in_its_paragraph(
    text: str, bearer: list[str], other: list[str]
) -> None:
    people = _people(text)
    assert len(people) == 2
    first, second = people
    assert [m.text for m in first.mentions] == bearer
    assert [m.text for m in second.mentions] == other


def test_a_given_name_alone_goes_to_the_person_with_that_given_name() -> None:
    text = "Ted Cruz spoke on Monday.\n\nHeidi Cruz spoke next, and Heidi said it went well."
    people = {p.name: p for p in _people(text)}
    assert [m.text for m in people["Heidi Cruz"].mentions] == ["Heidi Cruz", "Heidi"]


def test_title_variants_are_kept_in_order() -> None:
    text = (
        "US President-elect Donald Trump spoke in December.\n\n"
        "In March, US President Donald Trump spoke again."
    )
    person = _person(text, "Donald Trump")
    assert person.titles == ("US President-elect", "US President")


def test_boilerplate_is_not_parsed() -> None:
    text = "Peskov said the talks were hard."
    article = Article(
        "t.txt",
        text + "\n\nRead more: Vladimir Putin said things",
        paragraphs=(Span(0, len(text), "paragraph"),),
        boilerplate=(Span(len(text) + 2, len(text) + 40, "read_more"),),
    )
    assert [p.name for p in find_people(article)] == ["Peskov"]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # a title word or outlet name can be a surname right after a title or honorific
        (
            "The plan was backed by Atlantic City Mayor Don Guardian on Monday.",
            "Don Guardian",
            "Atlantic City Mayor",
        ),
        (
            "It was praised by Republican strategist Al Cardenas in Miami.",
            "Al Cardenas",
            "Republican strategist",
        ),
        (
            "The list was read by the Kremlin's spokesman, Dmitry Peskov, at noon.",
            "Dmitry Peskov",
            "Kremlin's spokesman",
        ),
    ],
)
def test_names_that_look_like_other_words(text: str, name: str, title: str) -> None:
    assert _person(text, name).titles == (title,)


def test_age_and_aside_before_the_verb_mark_a_name() -> None:
    assert "Ramos" in _names("The vote, Ramos, 58, told AFP, was rigged.")
    assert "Blunt" in _names("It was close, and Blunt, after a long pause, said so.")


def test_honorific_marks_a_name_but_is_not_a_title() -> None:
    person = _person("The plan, Mr. King said, was sound.", "King")
    assert person.titles == ()


def test_a_role_word_after_a_plain_name_is_still_a_title() -> None:
    # "Trump Adviser": no initial or listed given name before the role word.
    assert "Adviser" not in " ".join(_names("Longtime Trump Adviser Roger Stone said no."))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Brave said the plan worked.", ["Brave"]),
        ("Éclair said the plan worked.", ["Éclair"]),
        # Written in lower case elsewhere in the article (folded, when it is not
        # ASCII), a sentence's first word is a common word, not a name.
        ("Brave said the plan worked. It was brave of him.", []),
        ("Éclair said the plan worked. An éclair fell.", []),
    ],
)
def test_lone_sentence_initial_word(text: str, names: list[str]) -> None:
    assert _names(text) == names


_TEXT = st.lists(
    st.sampled_from(
        list("abc XYZ,.'’\"“”«»-\n")
        + [
            "Peskov ",
            "Dmitry ",
            "said ",
            "Mr. ",
            "de ",
            "al-",
            "Kremlin spokesman ",
            "Donald Trump ",
            "Clinton ",
            "US President ",
            "J. ",
            "O'",
        ]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_any_text_gives_valid_offsets_deterministically(text: str) -> None:
    article = article_of_lines(text)
    first = find_people(article)
    assert first == find_people(article)
    for person in first:
        assert person.mentions
        for m in person.mentions:
            assert text[m.start : m.end] == m.text
            assert m.full_name == person.name
            if m.title is not None:
                assert m.title_start is not None and m.title_end is not None
                assert text[m.title_start : m.title_end] == m.title


@pytest.mark.parametrize(
    "text",
    [
        "Minister Ana Kovač spoke, Beta reported.",
        "The talks went well, Tanjug reports.",
        "Prices rose, Bernama has reported.",
    ],
)
def test_a_one_word_subject_of_reported_is_an_outlet(text: str) -> None:
    assert all(" " in name for name in _names(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # initials after a title are the bearer's, not an organisation
        ("Justice SG Mehare said it.", "SG Mehare"),
        ("State Health Minister KK Shailaja met the team.", "KK Shailaja"),
        # an abbreviated title is no initial
        ("Deputy PM Jose Luis Guterres said it.", "Jose Luis Guterres"),
        # transliterated and abbreviated honorifics are no first names
        ("“We will act,” said Del. Stacey Plaskett.", "Stacey Plaskett"),
        ("“We will act,” said Seyed Abbas Araghchi.", "Abbas Araghchi"),
        ("“We will act,” Md Shahidul Islam said.", "Shahidul Islam"),
        # a given name spelled like one stays
        ("Coach Del Harris said it.", "Del Harris"),
    ],
)
def test_initials_and_honorifics_around_a_name(text: str, name: str) -> None:
    assert _names(text) == [name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence opener glued to a name is not part of it
        ("Neither Donald Trump nor Ana Ruiz came to the hall.", ["Donald Trump", "Ana Ruiz"]),
        ("Like Corker, Menendez said the bill was fair.", ["Menendez"]),
        ("Unfortunately, “the bill is dead,” Reyes said.", ["Reyes"]),
        # a past-tense speech verb opening a sentence is no given name
        ("Roger Stone spoke. Continued Stone: “It is a real problem.”", ["Roger Stone"]),
        ("Roger Stone spoke. Added Stone: “We will see.”", ["Roger Stone"]),
        # a hyphenated word of demonyms is a group, not a person
        (
            "Geoff Garin spoke. For African-Americans, on the other hand, “jobs come first.”",
            ["Geoff Garin"],
        ),
    ],
)
def test_openers_and_groups_are_not_names(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    ("text", "mrs", "mr"),
    [
        # the honorific picks the bearer whose given name fits, in either order
        (
            "In a year when Bill Hale faced scrutiny, Hillary Hale is shaping his role. "
            "Mrs. Hale told voters that Mr. Hale would lead.",
            "Hillary Hale",
            "Bill Hale",
        ),
        (
            "Hillary Hale spoke after Bill Hale. Mr. Hale smiled and Mrs. Hale waved.",
            "Hillary Hale",
            "Bill Hale",
        ),
    ],
)
def test_an_honorific_picks_the_bearer_of_its_gender(text: str, mrs: str, mr: str) -> None:
    owner = {m.start: p.name for p in _people(text) for m in p.mentions}
    assert owner[text.index("Mrs. Hale") + 5] == mrs
    assert owner[text.index("Mr. Hale") + 4] == mr


@pytest.mark.parametrize(
    ("text", "name", "mentions"),
    [
        # A place or direction word is the surname of a speaker named in full...
        ("Rapper Odell North said he would vote. North said it twice.", "Odell North", 2),
        ('"We will win," said Tamsin Jordan. Jordan then left.', "Tamsin Jordan", 2),
        ("Imre South told the crowd to stay. Later, South added a line.", "Imre South", 2),
        # An adjective is a surname too, with the verb past an aside; the same
        # word in lower case elsewhere does not undo it.
        (
            "Harlan Young, a county chairman, said it was close. Young said no young man came.",
            "Harlan Young",
            2,
        ),
        ("Odile Minor told reporters it was late. Minor then left.", "Odile Minor", 2),
        # ...and a bare one after a function word is the place, not the person.
        ("Imre South said the vote mattered. Voters in the South said no.", "Imre South", 1),
    ],
)
def test_a_place_word_is_the_surname_of_a_speaker(text: str, name: str, mentions: int) -> None:
    assert len(_person(text, name).mentions) == mentions


@pytest.mark.parametrize(
    "text",
    [
        # No speech verb next to the run: a place word still ends no name.
        "Fans of Odell North cheered.",
        # Organisation and institution words and plurals are never surnames.
        "Ministry of Defence said it would reply.",
        "Senior Officials said it would reply.",
    ],
)
def test_a_place_word_without_a_verb_is_no_surname(text: str) -> None:
    assert "Odell North" not in _names(text)
    assert all("Defence" not in n and "Officials" not in n for n in _names(text))
