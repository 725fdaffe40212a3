"""Tests for the quotes stage: quote marks, speakers, fragments, reported speech."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lines import article_of_lines
from paths import SEEDS

from audit.ingest import article_from_text, load_article
from audit.models import Quote, ReportedSpeech
from audit.parse.people import find_people
from audit.parse.quotes import find_quotes, find_reported_speech
from audit.text import article_sentences


def _quotes(text: str) -> tuple[Quote, ...]:
    article = article_from_text("t.txt", text)
    return find_quotes(article, find_people(article))


def _pairs(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in _quotes(text)]


def _reported(text: str) -> tuple[ReportedSpeech, ...]:
    article = article_from_text("t.txt", text)
    return find_reported_speech(article, find_people(article))


# --------------------------------------------------------------------------- quote marks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # straight, curly, guillemets, low-high
        ('He wrote: "We will win." Then he left.', ["We will win."]),
        ("The note read “We will win.” Nothing more.", ["We will win."]),
        ("Le texte dit «nous gagnerons» et rien de plus.", ["nous gagnerons"]),
        ("Er sagte „wir gewinnen“ und ging.", ["wir gewinnen"]),
        ("The typed copy read ''we will win'' in capitals.", ["we will win"]),
        # nested quotes: the outer one only
        ("Peskov said: “He said ‘no’ twice and left.”", ["He said ‘no’ twice and left."]),
        ("Grushko said: \"They told us 'never' again.\"", ["They told us 'never' again."]),
        # single quotes that clearly delimit a quote
        ("Peskov called it ‘a megaphone diplomacy’ on Monday.", ["a megaphone diplomacy"]),
        ("The sign said 'keep out' in red.", ["keep out"]),
        # ellipses stay inside one quote
        (
            "Grushko said: “We will demand guarantees… Part of them is neutrality.”",
            ["We will demand guarantees… Part of them is neutrality."],
        ),
        ('He said: "We will demand . . . guarantees."', ["We will demand . . . guarantees."]),
    ],
)
def test_quote_marks(text: str, expected: list[str]) -> None:
    assert [q.text for q in _quotes(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine's refusal to join NATO isn't new, and Russia's view hasn't changed.",
        "In the '90s the Russians’ views on NATO's expansion were ignored.",
        "Don't say the farmers' union won't talk; rock 'n' roll is fine.",
        "It was Kyiv’s call and the allies’ decision, Moscow’s officials said.",
        "The Kremlin has elevated the issue to a pillar of any future talks.",
    ],
)
def test_apostrophes_and_plain_text_are_not_quotes(text: str) -> None:
    assert _quotes(text) == ()


def test_quote_text_offsets_ids_and_cue() -> None:
    text = "Intro line.\n\n“We will win,” Peskov said. “We always do.”"
    article = article_from_text("a.txt", text)
    found = find_quotes(article, find_people(article))
    assert [q.id for q in found] == ["a.txt#q1", "a.txt#q2"]
    for q in found:
        assert article.text[q.start : q.end] == q.text
        assert q.article == "a.txt"
    assert found[0].text == "We will win"
    assert found[0].cue == "said"


def test_quote_split_around_he_said_has_one_speaker() -> None:
    text = "Kremlin spokesman Dmitry Peskov spoke on Monday.\n\n“We will,” he said, “win.”"
    found = _quotes(text)
    assert [(q.text, q.speaker) for q in found] == [
        ("We will", "Dmitry Peskov"),
        ("win.", "Dmitry Peskov"),
    ]
    he = text.index(" he said") + 1
    assert (found[0].speaker_start, found[0].speaker_end) == (he, he + 2)


def test_quote_left_open_at_paragraph_end_continues() -> None:
    text = (
        "Deputy Foreign Minister Alexander Grushko spoke in Moscow.\n\n"
        "“We will demand guarantees,” Grushko said. “They must be written.\n\n"
        "“Neutrality is the key element.”\n\n"
        "The talks resume next week."
    )
    found = _quotes(text)
    assert [q.text for q in found] == [
        "We will demand guarantees",
        "They must be written.",
        "Neutrality is the key element.",
    ]
    assert {q.speaker for q in found} == {"Alexander Grushko"}


def test_article_without_quotes() -> None:
    assert _quotes("Peskov said the talks were hard.\n\nGrushko agreed with him.") == ()


# --------------------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speech verb after the quote, both orders
        ("“The search is secret,” Peskov said.", [("The search is secret", "Peskov")]),
        ("“The search is secret,” said Peskov.", [("The search is secret", "Peskov")]),
        (
            "“We will demand guarantees,” Grushko asserted.",
            [("We will demand guarantees", "Grushko")],
        ),
        # inversion with a title: the fullest name
        ("“It is over,” said Kremlin spokesman Dmitry Peskov.", [("It is over", "Dmitry Peskov")]),
        # colon lead-ins, with and without a verb
        (
            "Peskov said: “We do not talk through a megaphone.”",
            [("We do not talk through a megaphone.", "Peskov")],
        ),
        (
            "Peskov: “We do not talk through a megaphone.”",
            [("We do not talk through a megaphone.", "Peskov")],
        ),
        # dash attribution
        (
            "“We do not talk through a megaphone.” — Dmitry Peskov",
            [("We do not talk through a megaphone.", "Dmitry Peskov")],
        ),
        # according to
        ("According to Peskov, “the matter is closed.”", [("the matter is closed.", "Peskov")]),
        # apposition between name and verb
        (
            "“It is a key issue,” Yuri Ushakov, diplomatic advisor to the presidency, said.",
            [("It is a key issue", "Yuri Ushakov")],
        ),
        # a named organisation speaks; a group names no one and nothing is guessed
        ("“The talks are over,” the Kremlin said.", [("The talks are over", "Kremlin")]),
        ("“The talks are over,” officials said.", [("The talks are over", None)]),
        ("“The talks are over,” The White House says.", [("The talks are over", "White House")]),
    ],
)
def test_speaker_from_the_sentence(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an age or an aside between the name and the verb
        ("“We were wrong,” Ramos, 58, told AFP in an interview.", [("We were wrong", "Ramos")]),
        (
            "“He had supporters,” Blunt, after a long pause, said of Cruz.",
            [("He had supporters", "Blunt")],
        ),
        (
            "“It is hard,” Cecelia Purner, 67, a retiree in Allentown, Pa., said.",
            [("It is hard", "Cecelia Purner")],
        ),
        # the topic after "said of" is not the speaker
        (
            "“He is funny,” New York attorney Eric Levine said of Trump.",
            [("He is funny", "Eric Levine")],
        ),
        # an inverted attribution after other words closes the sentence
        (
            "“It would be an embarrassment” if she lost, said David Wasserman, an analyst.",
            [("It would be an embarrassment", "David Wasserman")],
        ),
        # a verb introducing the next quote belongs to that quote
        (
            "After Scalia said students might do better at “less advanced schools,” Trump said: "
            "“I don't like what he said.”",
            [("less advanced schools", "Scalia"), ("I don't like what he said.", "Trump")],
        ),
        # "as X put it"
        ("As Vulture put it, “Hello, it is the Biebs.”", [("Hello, it is the Biebs.", "Vulture")]),
    ],
)
def test_speaker_across_asides_and_inversions(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote inside the clause a speech verb reports
        (
            "Senator Mara Quill spoke in Salem. Quill said the bill, which she opposed, would "
            "bring “real hardship to farmers.”",
            [("real hardship to farmers.", "Mara Quill")],
        ),
        # name, age and apposition before the verb; a time word after it
        (
            "Jane Roe spoke up. “We are tired of waiting,” Jane Roe, 67, a retired teacher, said.",
            [("We are tired of waiting", "Jane Roe")],
        ),
        (
            "“The budget is a mess,” Mara Quill, the county treasurer, said Tuesday.",
            [("The budget is a mess", "Mara Quill")],
        ),
        (
            "“The budget is a mess,” Paul T. Quill Jr., the county treasurer, said at a meeting.",
            [("The budget is a mess", "Paul T. Quill Jr.")],
        ),
        # a later quote of the paragraph goes on with "said X"'s speaker
        (
            "“It is over,” said Tom Reddick, a farmer from Ames. “We lost the vote.”",
            [("It is over", "Tom Reddick"), ("We lost the vote.", "Tom Reddick")],
        ),
        # a party tag, a parenthetical "Butz said,"
        (
            "“We will not yield,” Gov. John Kasich (R-OH), said.",
            [("We will not yield", "John Kasich")],
        ),
        (
            "Norbert Butz spoke. “The show,” Butz said, “is a family to me.”",
            [("The show", "Norbert Butz"), ("is a family to me.", "Norbert Butz")],
        ),
        # names in relative clauses, possessives and objects do not speak
        (
            "“Prices will rise this year,” said Ann Lee, who works for Cushman & Wakefield.",
            [("Prices will rise this year", "Ann Lee")],
        ),
        (
            "Hillary Clinton spoke. Clinton called Rubio’s plan “a gift to the rich.”",
            [("a gift to the rich.", "Hillary Clinton")],
        ),
        (
            "Hillary Clinton spoke. Clinton accuses Bernie Sanders of an “artful smear” while "
            "Sanders suggests otherwise.",
            [("artful smear", "Hillary Clinton")],
        ),
        # a role word as a surname; an honorific before a listed word
        (
            "“The budget is a mess,” said Representative Peter T. King of New York.",
            [("The budget is a mess", "Peter T. King")],
        ),
        (
            "Mr. Minor said that while he was insured, many of his neighbors “had no coverage.”",
            [("had no coverage.", "Minor")],
        ),
        # verbs sharing the subject: "and said", ", adding that"
        (
            "Ella Brandt spoke. Brandt thanked the crowd and said the result was a “clear mandate "
            "for change.”",
            [("clear mandate for change.", "Ella Brandt")],
        ),
        (
            "Tom Reddick spoke. The plan will fail, Reddick said, adding that it was “a waste of "
            "good money.”",
            [("a waste of good money.", "Tom Reddick")],
        ),
        # any past-tense verb after a quote that goes on, or before one
        (
            "Donald Trump spoke. “Go back to your seat,” Trump barked as guards moved in.",
            [("Go back to your seat", "Donald Trump")],
        ),
        (
            "Jo Bennett spoke. Asked about the vote, Bennett shot back, “Nobody asked me.”",
            [("Nobody asked me.", "Jo Bennett")],
        ),
        # a name and a colon, whatever came before; an inverted verb after a comma
        (
            "Pollsters disagree - Carl Bialik: “The polls closed too early.”",
            [("The polls closed too early.", "Carl Bialik")],
        ),
        (
            "Because of the calendar, explained Simon Rosenberg, “the race is long.”",
            [("the race is long.", "Simon Rosenberg")],
        ),
        # an attribution closing the sentence covers its earlier quotes
        (
            "Quill did not find “any evidence at all,” aside from “rumors,” said the auditor, "
            "Mara Quill.",
            [("any evidence at all", "Mara Quill"), ("rumors", "Mara Quill")],
        ),
        # a name qualifying a noun is not the speaker; a byline dash is not one either
        (
            "“Prices are rising,” said Concord resident Whit Symms.",
            [("Prices are rising", "Whit Symms")],
        ),
        (
            "Rajoy said he would “form a stable government.”--Kim Hjelmgaard",
            [("form a stable government.", "Rajoy")],
        ),
        # organisations with an apposition or a capitalised "News"; groups never
        (
            "''Some may call it unkind,'' Xinhua, the official news agency, wrote.",
            [("Some may call it unkind", "Xinhua")],
        ),
        (
            "“The emails were sent in 2012,” CBS News reported.",
            [("The emails were sent in 2012", "CBS News")],
        ),
        ("Russians now say they see him as a “protector” of the nation.", [("protector", None)]),
        # an opening subordinate clause has its own verb and subject
        (
            "After Governor Jerry Brown criticized the plan, Hillary shot back, “I chose to work.”",
            [("I chose to work.", None)],
        ),
        # a verb of evidence inside a reported clause
        (
            "Peter Westmacott spoke. Westmacott also said that Obama shows “great charm” in "
            "private.",
            [("great charm", "Peter Westmacott")],
        ),
    ],
)
def test_speaker_rules(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # titles of works and names in quotation marks are not quotes
        ("She told CNN’s “Morning Edition” on Monday that she would run.", []),
        ("He wore a “Make America Great Again” hat to the rally.", []),
        ("Fans of ''The X-Files'' cheered the revival.", []),
        ("Smith wrote in his book, “Doomed to Succeed,” that the talks failed.", []),
        # unless a speech verb introduces them or an attribution follows
        ("Trump called Cruz “Lyin’ Ted” at the rally.", [("Lyin’ Ted", "Trump")]),
        ("“Make America Great Again,” Trump said.", [("Make America Great Again", "Trump")]),
        # a stop inside the marks makes a statement; lower case makes a scare quote
        ("The crowd chanted “Lock Her Up!” all night.", [("Lock Her Up!", None)]),
        ("The plan was “dead on arrival” in the House.", [("dead on arrival", None)]),
    ],
)
def test_titles_of_works_are_not_quotes(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _pairs(text) == expected


def test_quote_ids_are_consecutive_after_titles_are_left_out() -> None:
    found = _quotes(
        "“We will win,” Peskov said on NBC’s “Meet the Press” on Sunday. “We always do.”"
    )
    assert [q.text for q in found] == ["We will win", "We always do."]
    assert [q.id for q in found] == ["t.txt#q1", "t.txt#q2"]


def test_reported_speech_and_quotes_share_one_preparation() -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov spoke on Monday.\n\n"
        "Peskov said the matter lies at the core of the process. “We will see,” he added."
    )
    article = article_from_text("t.txt", text)
    people = find_people(article)
    # Either order, any number of times: the same results.
    first = (find_reported_speech(article, people), find_quotes(article, people))
    second = (find_reported_speech(article, people), find_quotes(article, people))
    assert first == second
    assert [r.speaker for r in first[0]] == ["Dmitry Peskov"]
    assert [q.speaker for q in first[1]] == ["Dmitry Peskov"]


def test_people_records_holding_lists_are_accepted() -> None:
    article = article_from_text("t.txt", "Dmitry Peskov spoke. “We will win,” Peskov said.")
    people = find_people(article)
    # Unhashable records (lists for tuples) cannot be cached, but still work.
    loose = [replace(p, mentions=list(p.mentions)) for p in people]
    assert find_quotes(article, loose) == find_quotes(article, people)


def test_quote_after_a_sentence_about_a_person() -> None:
    text = (
        "The union rally drew thousands on Sunday.\n\n"
        "Senator Elizabeth Warren touted her record on labor. “We need stronger unions.”"
    )
    assert _pairs(text) == [("We need stronger unions.", "Elizabeth Warren")]


def test_colon_lead_paragraph_introduces_the_quote_paragraph() -> None:
    text = (
        "Deputy Foreign Minister Alexander Grushko told reporters in Moscow:\n\n"
        "“Neutrality is the key element of any guarantees.”"
    )
    assert [q.speaker for q in _quotes(text)] == ["Alexander Grushko"]


def test_surname_speaker_resolves_to_fullest_name() -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov spoke to reporters.\n\n"
        "“This issue requires careful discussion,” Peskov said."
    )
    found = _quotes(text)
    assert [q.speaker for q in found] == ["Dmitry Peskov"]
    assert text[found[0].speaker_start or 0 : found[0].speaker_end or 0] == "Peskov"


def test_pronoun_speaker_is_the_latest_named_subject() -> None:
    text = (
        "Deputy Foreign Minister Alexander Grushko spoke in Moscow on Tuesday.\n\n"
        "He stressed the need for guarantees. “Neutrality is key,” he added."
    )
    assert _pairs(text) == [("Neutrality is key", "Alexander Grushko")]


def test_speaker_carried_to_the_next_quote_paragraph() -> None:
    text = (
        "“We will demand guarantees,” Deputy Foreign Minister Alexander Grushko said.\n\n"
        "“Part of these guarantees should be neutrality.”\n\n"
        "NATO has rejected the demand."
    )
    assert [q.speaker for q in _quotes(text)] == ["Alexander Grushko", "Alexander Grushko"]


def test_far_away_speaker_is_not_guessed() -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov spoke on Monday.\n\n"
        "The talks have stalled since March.\n\n"
        "Observers expect little progress this year.\n\n"
        "“Nothing will change before winter.”"
    )
    assert _pairs(text) == [("Nothing will change before winter.", None)]


@pytest.mark.parametrize(
    ("later", "second"),
    [
        # a relative named in another paragraph: the bare surname is the first bearer
        ("Former President Bill Clinton spoke later.\n\n", "Hillary Clinton"),
        # named in the quote's own paragraph: the discourse is about him now
        ("Former President Bill Clinton spoke later. ", "Bill Clinton"),
    ],
)
def test_two_people_sharing_a_surname(later: str, second: str) -> None:
    text = (
        "Hillary Clinton campaigned in Iowa.\n\n"
        "“We will win,” Clinton said.\n\n"
        f"{later}“She will win,” Clinton said."
    )
    assert [q.speaker for q in _quotes(text)] == ["Hillary Clinton", second]


def test_title_variants_do_not_split_the_speaker() -> None:
    text = (
        "US President-elect Donald Trump spoke in December.\n\n"
        "“We will end the war,” Trump said.\n\n"
        "In March, US President Donald Trump spoke again: “We are close.”"
    )
    assert [q.speaker for q in _quotes(text)] == ["Donald Trump", "Donald Trump"]


# --------------------------------------------------------------------------- fragments


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "Kremlin spokesperson Dmitry Peskov said Russia is “satisfied” with it.",
            "satisfied",
            "Dmitry Peskov",
        ),
        ("Peskov claimed the bid was among the “root causes” of the war.", "root causes", "Peskov"),
        (
            "The talks in Moscow were described as “positive,” though little is known.",
            "positive",
            None,
        ),
        ("The deal would include “ironclad” guarantees.", "ironclad", None),
    ],
)
def test_scare_quote_fragments(text: str, quote: str, speaker: str | None) -> None:
    found = _quotes(text)
    assert [(q.text, q.fragment, q.speaker) for q in found] == [(quote, True, speaker)]


def test_short_full_quote_is_not_a_fragment() -> None:
    found = _quotes("“We will win,” Peskov said.")
    assert [q.fragment for q in found] == [False]


# --------------------------------------------------------------------------- reported speech


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "Deputy Foreign Minister Alexander Grushko stressed that the key element should be "
            "neutrality.",
            "Alexander Grushko",
            "stressed",
            "the key element should be neutrality",
        ),
        (
            "Peskov said the matter lies at the core of the process.",
            "Peskov",
            "said",
            "the matter lies at the core of the process",
        ),
        (
            "Kremlin spokesman Dmitry Peskov spoke on Monday. According to him, Moscow wants "
            "clear guarantees.",
            "Dmitry Peskov",
            "According to",
            "Moscow wants clear guarantees",
        ),
    ],
)
def test_reported_speech(text: str, speaker: str, cue: str, content: str) -> None:
    found = _reported(text)
    assert [(r.speaker, r.cue, r.text) for r in found] == [(speaker, cue, content)]
    assert text[found[0].start : found[0].end] == content


def test_reported_speech_skips_quotes_and_unnamed_speakers() -> None:
    assert _reported("Peskov said that Russia is “satisfied” with it.") == ()
    assert _reported("Officials said that the talks would go on for weeks.") == ()
    kremlin = _reported("The Kremlin said that the talks would go on for weeks.")
    assert [r.speaker for r in kremlin] == ["Kremlin"]


# --------------------------------------------------------------------------- seeds


def _seed_quotes(stem: str) -> list[Quote]:
    path = next(SEEDS.glob(f"{stem}_*.txt"))
    article = load_article(str(path))
    return list(find_quotes(article, find_people(article)))


def test_seed_speakers() -> None:
    peskov = _seed_quotes("000")
    assert [q.speaker for q in peskov] == ["Dmitry Peskov", "Dmitry Peskov"]
    assert peskov[0].text.startswith("This is precisely why")
    grushko = [q for q in _seed_quotes("001") if not q.fragment]
    assert [(q.speaker, q.cue) for q in grushko] == [("Alexander Grushko", "asserted")]
    ushakov = _seed_quotes("004")
    assert [(q.text, q.speaker, q.fragment) for q in ushakov] == [
        ("one of the key issues", "Yuri Ushakov", True)
    ]
    satisfied = _seed_quotes("003")
    assert all(q.speaker in (None, "Dmitry Peskov") for q in satisfied)
    assert sum(q.speaker == "Dmitry Peskov" for q in satisfied) >= 6


# --------------------------------------------------------------------------- properties


_TEXT = st.lists(
    st.sampled_from(
        list("abc XY,.:;!?'’‘\"“”«»„—-\n")
        + [
            "Peskov ",
            "said ",
            "he ",
            "that ",
            "According to ",
            "Kremlin spokesman ",
            "Dmitry Peskov ",
            "''",
            "``",
            "Mr. ",
            "J. ",
        ]
    ),
    max_size=100,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_any_text_gives_valid_quotes_deterministically(text: str) -> None:
    article = article_of_lines(text)
    people = find_people(article)
    found = find_quotes(article, people)
    assert found == find_quotes(article, people)
    for n, q in enumerate(found, start=1):
        assert text[q.start : q.end] == q.text
        assert q.id == f"fuzz.txt#q{n}"
        if q.speaker_start is not None and q.speaker_end is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    reported = find_reported_speech(article, people)
    assert reported == find_reported_speech(article, people)
    for r in reported:
        assert text[r.start : r.end] == r.text


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_shared_sentences_change_nothing(text: str) -> None:
    # The caller's sentence split (parse_article passes one) must give what
    # the stage finds splitting the article itself.
    article = article_of_lines(text)
    people = find_people(article)
    alone = (find_quotes(article, people), find_reported_speech(article, people))
    article = article_of_lines(text)  # a new article: no cached context
    people = find_people(article)
    split = article_sentences(article)
    shared = (find_quotes(article, people, split), find_reported_speech(article, people, split))
    assert shared == alone


# --------------------------------------------------------------------------- who is speaking now


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a chain of pronoun paragraphs keeps the speaker first named
        (
            "Minister Anna Berg spoke on Monday.\n\n“We are ready,” she said.\n\n"
            "“The plan is sound,” she added.",
            ["Anna Berg", "Anna Berg"],
        ),
        (
            "Coach Tom Reyes praised his side.\n\nHe said the defence held firm.\n\n"
            "“They were brilliant,” he added.",
            ["Tom Reyes"],
        ),
        # a pronoun opening its sentence is the subject, not the name after it
        (
            "Governor Ivan Petrov arrived on Monday.\n\nHe met Mayor Olga Kim at noon.\n\n"
            "“It went well,” he said.",
            ["Ivan Petrov"],
        ),
        # the pronoun's gender, where an honorific shows it, rules a person out
        (
            "Ms Lena Ortiz opened the meeting. Mr Paul Grant then read the report. "
            "“We agreed,” she said.",
            ["Lena Ortiz"],
        ),
        (
            "“We agreed,” said Ms Lena Ortiz.\n\nShe later wrote on her page: “Nothing changed.”",
            ["Lena Ortiz", "Lena Ortiz"],
        ),
        # the latest quote's speaker, when it comes after the sentence's subject
        (
            "When host Glenn Beck asked him about the race, Dinesh Shah replied, "
            "“I would bet on Hillary.”\n\n“We should never confuse the two,” he added.",
            ["Dinesh Shah", "Dinesh Shah"],
        ),
        # ... but not over a later sentence about someone else
        (
            "“We will win,” Governor Ivan Petrov said.\n\nMayor Tom Reyes disagreed. "
            "“It is too early,” he said.",
            ["Ivan Petrov", "Tom Reyes"],
        ),
        # a statement quoted over several paragraphs before "he told reporters"
        (
            "Minister Karim Nasser spoke on Monday.\n\n“We will act at once.\n\n"
            "“It is best to wait for the report,” he told reporters.",
            ["Karim Nasser", "Karim Nasser"],
        ),
    ],
)
def test_pronoun_chains_follow_the_current_speaker(text: str, expected: list[str]) -> None:
    assert [q.speaker for q in _quotes(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the name after the quote, in its paragraph
        (
            "Quotes of the Week\n\n“We were brilliant today and the fans saw it, every one of "
            "them, in the rain, in the cold, all the way from the first whistle to the very "
            "last kick of the game.” Tom Reyes (City FM)\n\n"
            "“It was a fair result.” Lena Ortiz, United coach, after the draw",
            ["Tom Reyes", "Lena Ortiz"],
        ),
        (
            "THEY SAID IT\n\n“We never gave up.” Norway's former striker Ola Berg\n\n"
            "“I am proud.” Portugal's coach, Rui Costa",
            ["Ola Berg", "Rui Costa"],
        ),
        # the name opening the next paragraph
        (
            "“We were all united in that moment.”\n\n"
            "City coach Tom Reyes paid tribute to the fans after the game\n\n"
            "“He wants to cancel the contract.”\n\n"
            "Rovers manager Ian Pike on his goalkeeper",
            ["Tom Reyes", "Ian Pike"],
        ),
        # in any article, a dash-and-name paragraph signs the quote before it
        (
            "We checked the claims the candidates made in the debate on Thursday night in "
            "New Hampshire.\n\n"
            "\"Almost all new income is going to the top 1 percent.\"\n\n"
            "- Bernie Sanders.\n\nThe senator is relying on an outdated figure.",
            ["Bernie Sanders"],
        ),
        # a club named before a lower-case title qualifies the name after it
        (
            "THEY SAID IT\n\n“We are bad losers.”\n\n"
            "Mamelodi Sundowns co-coach Rhulani Mokwena after the defeat.",
            ["Rhulani Mokwena"],
        ),
        # not a quote list: a lead paragraph introduces the quote, whose
        # speaker goes on; the next paragraph's name is not a byline
        (
            "Minister Anna Berg said on Monday that the plan was ready and would be "
            "put to parliament next week after a long debate.\n\n“We are ready.”\n\n"
            "Opposition leader Tom Reyes disagreed.",
            ["Anna Berg"],
        ),
    ],
)
def test_quote_lists_take_the_name_after_each_quote(text: str, expected: list[str]) -> None:
    assert [q.speaker for q in _quotes(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a noun standing for a role: the court is its judge
        (
            "Justice Anil Mehta heard the case on Monday.\n\n"
            "“The accused shall be arrested,” the court said.",
            ["Anil Mehta"],
        ),
        (
            "“Bail is refused,” said the bench of Justice Anil Mehta.\n\n"
            "The court also said that “this is not the only case” of its kind.",
            ["Anil Mehta", "Anil Mehta"],
        ),
        # a definite role no one was given: the person spoken of last
        (
            "Esmail Baghaei opened the briefing on Monday.\n\n"
            "Asked about the talks, the Foreign Ministry spokesman said: “They go on.”\n\n"
            "He added: “No date is set.”",
            ["Esmail Baghaei", "Esmail Baghaei"],
        ),
        # a sentence whose subject is a definite role carries its person on
        (
            "Chief Executive Helge Lund welcomed the offer.\n\n"
            "Speaking in Reading, the former Statoil boss said the bid was fair.\n\n"
            "“This is a strong deal,” he said.",
            ["Helge Lund"],
        ),
        # an indefinite role is someone new
        (
            "Esmail Baghaei opened the briefing on Monday.\n\n"
            "“They go on,” a spokesman for the embassy said.",
            [None],
        ),
    ],
)
def test_roles_stand_for_the_person_spoken_of(text: str, expected: list[str | None]) -> None:
    assert [q.speaker for q in _quotes(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a paragraph closing on an inverted cue introduces the quote paragraph
        (
            "Nobody wants a war in the region, stated Foreign Minister Sergey Lavrov "
            "during a talk with students.\n\n“I do not think that we can predict a war.”",
            ["Sergey Lavrov"],
        ),
        # joint subjects: either named person is the speaker
        (
            "Officials met.\n\n“We disagree,” Elijah Cummings and John Conyers wrote in a letter.",
            ["John Conyers"],
        ),
        # "the bench of Justice X of the ... Court said": the judge, not the court
        (
            "Lamenting the case, the bench of Justice Anil Mehta of the Aurangabad bench "
            "of Bombay High Court said, “The level of misleading the court is serious.”",
            ["Anil Mehta"],
        ),
    ],
)
def test_lead_ins_that_name_the_speaker(text: str, expected: list[str]) -> None:
    assert [q.speaker for q in _quotes(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a document speaks for its issuer
        (
            "Officials met on Friday.\n\n“They discussed the status,” a release from the "
            "Health Ministry said.\n\nTeams are deployed. “It is stable,” the statement said.",
            ["Health Ministry", "Health Ministry"],
        ),
        (
            "The Kremlin said in a statement on Monday that it agreed.\n\n"
            "“We agree,” the statement said.",
            ["Kremlin"],
        ),
        # no issuer named: no speaker is guessed
        ("Officials met on Friday.\n\n“It is stable,” the statement said.", [None]),
    ],
)
def test_documents_speak_for_their_issuer(text: str, expected: list[str | None]) -> None:
    assert [q.speaker for q in _quotes(text)] == expected
