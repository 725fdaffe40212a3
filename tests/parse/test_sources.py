"""Tests for audit.sources: attributed sources, citation chains, outlet classification."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import SEEDS

from audit.models import Article, Mention, Person, Quote, Source, Span
from audit.parse.sources import (
    attach_via,
    classify_outlet,
    find_sources,
    is_state_affiliated,
)
from audit.text import article_sentences


def article(text: str, path: str = "a.txt", boilerplate: tuple[str, ...] = ()) -> Article:
    """An article whose non-empty lines are paragraphs; lines in ``boilerplate`` are set aside."""
    paragraphs, aside = [], []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            target = aside if m.group() in boilerplate else paragraphs
            target.append(Span(m.start(), m.end(), "paragraph"))
    return Article(path=path, text=text, paragraphs=tuple(paragraphs), boilerplate=tuple(aside))


def person(text: str, full: str, title: str | None = None, path: str = "a.txt") -> Person:
    """A person mentioned by full name (with ``title`` right before it, if given) and
    by surname everywhere else."""
    surname = full.split()[-1]
    mentions = []
    taken: list[tuple[int, int]] = []
    for m in re.finditer(re.escape(full), text):
        taken.append(m.span())
        t_start = t_end = None
        if title and text[: m.start()].endswith(title + " "):
            t_start, t_end = m.start() - len(title) - 1, m.start() - 1
        mentions.append(
            Mention(
                path,
                m.start(),
                m.end(),
                full,
                full,
                title if t_start is not None else None,
                t_start,
                t_end,
            )
        )
    for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
        if not any(a <= m.start() < b for a, b in taken):
            mentions.append(Mention(path, m.start(), m.end(), surname, full))
    mentions.sort(key=lambda x: x.start)
    return Person(full, tuple(mentions), (full,), (title,) if title else ())


def run(text: str, people: tuple[tuple[str, str | None], ...] = ()) -> tuple[Source, ...]:
    found_people = [person(text, name, title) for name, title in people]
    return find_sources(article(text), found_people, ())


def summary(sources: tuple[Source, ...]) -> set[tuple[str, str, str | None, str | None]]:
    return {(s.kind, s.name, s.cue, s.via) for s in sources}


# ---------------------------------------------------------------------------
# Extraction, table-driven

CASES: list[
    tuple[str, tuple[tuple[str, str | None], ...], set[tuple[str, str, str | None, str | None]]]
] = [
    # citation chains
    (
        "The Kyiv Herald, citing Russia's state-run news agency TASS, wrote that talks stalled.",
        (),
        {
            ("outlet", "TASS", "citing", "The Kyiv Herald"),
            ("outlet", "The Kyiv Herald", "wrote", None),
        },
    ),
    (
        "Interfax reported, citing a source in the Defence Ministry, that troops had moved.",
        (),
        {
            ("outlet", "Interfax", "reported", None),
            ("vague", "a source in the Defence Ministry", "citing", "Interfax"),
        },
    ),
    (
        "TASS quoted Kremlin spokesman Dmitry Peskov as saying that the door remained open.",
        (("Dmitry Peskov", "Kremlin spokesman"),),
        {("outlet", "TASS", "quoted", None), ("person", "Dmitry Peskov", "quoted", "TASS")},
    ),
    (
        "According to Reuters, Foreign Minister Sergei Lavrov said the talks had failed.",
        (("Sergei Lavrov", "Foreign Minister"),),
        {
            ("outlet", "Reuters", "According to", None),
            ("person", "Sergei Lavrov", "said", "Reuters"),
        },
    ),
    (
        "Sergei Lavrov told Reuters that Moscow would wait.",
        (("Sergei Lavrov", None),),
        {("outlet", "Reuters", "told", None), ("person", "Sergei Lavrov", "told", "Reuters")},
    ),
    (
        "Lavrov said in an interview with the BBC that sanctions had failed.",
        (("Sergei Lavrov", None),),
        {
            ("outlet", "BBC", "in an interview with", None),
            ("person", "Sergei Lavrov", "said", "BBC"),
        },
    ),
    (
        "The meeting in London, reported by Al Jazeera, ended without a deal.",
        (),
        {("outlet", "Al Jazeera", "reported by", None)},
    ),
    (
        "Documents seen by Reuters show that the plan was drafted in March.",
        (),
        {("outlet", "Reuters", "seen by", None), ("document", "documents", "show", "Reuters")},
    ),
    # outlets and their aliases
    (
        "Bloomberg reported that the deal was close.",
        (),
        {("outlet", "Bloomberg", "reported", None)},
    ),
    ("Reuters reports that the deal is close.", (), {("outlet", "Reuters", "reports", None)}),
    (
        "The Associated Press reported the strike.",
        (),
        {("outlet", "Associated Press", "reported", None)},
    ),
    ("AP reported the strike first.", (), {("outlet", "Associated Press", "reported", None)}),
    (
        "Agence France-Presse said the border was shut.",
        (),
        {("outlet", "Agence France-Presse", "said", None)},
    ),
    ("AFP said the border was shut.", (), {("outlet", "Agence France-Presse", "said", None)}),
    ("ITAR-TASS reported heavy fighting.", (), {("outlet", "TASS", "reported", None)}),
    (
        "The Russian newspaper Kommersant reported the sale.",
        (),
        {("outlet", "Kommersant", "reported", None)},
    ),
    ("The Vedomosti daily reported the sale.", (), {("outlet", "Vedomosti", "reported", None)}),
    ("The Ukrainian outlet Zaxid reported the blast.", (), {("outlet", "Zaxid", "reported", None)}),
    ("The Kyiv Herald reported the blast.", (), {("outlet", "The Kyiv Herald", "reported", None)}),
    (
        "The paper was first published, according to the Guardian.",
        (),
        {("outlet", "The Guardian", "according to", None)},
    ),
    (
        "The New York Times wrote that the envoy had left.",
        (),
        {("outlet", "The New York Times", "wrote", None)},
    ),
    # people with roles
    (
        "Kremlin spokesman Dmitry Peskov said the talks would continue.",
        (("Dmitry Peskov", "Kremlin spokesman"),),
        {("person", "Dmitry Peskov", "said", None)},
    ),
    (
        "“We are ready,” said Dmitry Peskov.",
        (("Dmitry Peskov", None),),
        {("person", "Dmitry Peskov", "said", None)},
    ),
    (
        "Peskov has also said that no date was set.",
        (("Dmitry Peskov", None),),
        {("person", "Dmitry Peskov", "said", None)},
    ),
    (
        "Yuri Ushakov, an aide to the president, confirmed that the call took place.",
        (("Yuri Ushakov", None),),
        {("person", "Yuri Ushakov", "confirmed", None)},
    ),
    (
        "Yuri Ushakov spoke on Monday. He stressed that nothing was agreed.",
        (("Yuri Ushakov", None),),
        {("person", "Yuri Ushakov", "stressed", None)},
    ),
    (
        "Yuri Ushakov met the envoy. Moscow, according to the diplomat, is ready.",
        (("Yuri Ushakov", None),),
        {("person", "Yuri Ushakov", "according to", None)},
    ),
    # organisations
    (
        "The Kremlin said on Monday that the talks were useful.",
        (),
        {("organisation", "Kremlin", "said", None)},
    ),
    ("The Pentagon announced new aid.", (), {("organisation", "Pentagon", "announced", None)}),
    (
        "The State Department said it was aware of the report.",
        (),
        {("organisation", "State Department", "said", None)},
    ),
    (
        "The Russian Defence Ministry said two drones were downed.",
        (),
        {("organisation", "Russian Defence Ministry", "said", None)},
    ),
    (
        "Ukraine's General Staff reported twelve attacks.",
        (),
        {("organisation", "Ukraine's General Staff", "reported", None)},
    ),
    (
        "The ministry said in a statement that the claim was false.",
        (),
        {("organisation", "the ministry", "said", None)},
    ),
    ("Moscow has denied the accusation.", (), {("organisation", "Moscow", "denied", None)}),
    # documents
    (
        "Leaked Kremlin documents suggest a longer war.",
        (),
        {
            ("document", "leaked Kremlin documents", "suggest", None),
            ("vague", "leaked Kremlin documents", "suggest", None),
        },
    ),
    ("The statement said the ceasefire would hold.", (), {("document", "statement", "said", None)}),
    (
        "A report by the Institute for the Study of War found that the offensive stalled.",
        (),
        {("document", "report by the Institute for the Study of War", "found", None)},
    ),
    (
        "Officials handed over a classified document outlining the terms.",
        (),
        {("document", "classified document", "outlining", None)},
    ),
    # vague attributions
    (
        "According to media reports, the deal is close.",
        (),
        {("vague", "media reports", "According to", None)},
    ),
    (
        "Media reports indicate that the deal is close.",
        (),
        {("vague", "media reports", "indicate", None)},
    ),
    (
        "The plan was reportedly drafted in Moscow.",
        (),
        {("vague", "reportedly", "reportedly", None)},
    ),
    (
        "It is reported that the talks failed.",
        (),
        {("vague", "it is reported", "It is reported", None)},
    ),
    (
        "The condition was described by sources as unacceptable.",
        (),
        {("vague", "sources", "described by", None)},
    ),
    ("Officials said the talks would resume.", (), {("vague", "officials", "said", None)}),
    (
        "Senior Western officials said the talks would resume.",
        (),
        {("vague", "senior Western officials", "said", None)},
    ),
    (
        "People familiar with the matter said the talks would resume.",
        (),
        {("vague", "people familiar with the matter", "said", None)},
    ),
    (
        "The talks will resume, according to sources.",
        (),
        {("vague", "sources", "according to", None)},
    ),
    (
        "Sources close to the Kremlin said a deal was near.",
        (),
        {("vague", "sources close to the Kremlin", "said", None)},
    ),
    (
        "The talks were described as positive.",
        (),
        {("vague", "described as", "were described as", None)},
    ),
    (
        "A senior official, who spoke on condition of anonymity, said the plan was dead.",
        (),
        {
            ("vague", "a senior official", "said", None),
            ("vague", "on condition of anonymity", "who spoke on condition of anonymity", None),
        },
    ),
]


@pytest.mark.parametrize(("text", "people", "expected"), CASES)
def test_extracts(
    text: str,
    people: tuple[tuple[str, str | None], ...],
    expected: set[tuple[str, str, str | None, str | None]],
) -> None:
    found = summary(run(text, people))
    assert expected <= found, found


MORE_CASES: list[
    tuple[str, tuple[tuple[str, str | None], ...], set[tuple[str, str, str | None, str | None]]]
] = [
    (
        "According to a TASS report, the strike hit a depot.",
        (),
        {
            ("outlet", "TASS", "According to", None),
            ("document", "TASS report", "According to", None),
        },
    ),
    (
        "Trump told CNN Sunday that he would win.",
        (("Donald Trump", None),),
        {("outlet", "CNN", "told", None), ("person", "Donald Trump", "told", "CNN")},
    ),
    (
        "The plan, an inside source said, is to wait.",
        (),
        {("vague", "an inside source", "said", None)},
    ),
    (
        "Nothing changed, according to a Treasury official.",
        (),
        {("vague", "a Treasury official", "according to", None)},
    ),
    (
        "The suit stands, according to one of his senior aides.",
        (),
        {("vague", "one of his senior aides", "according to", None)},
    ),
    (
        "“There was wrongdoing,” said a former senior law enforcement official.",
        (),
        {("vague", "a former senior law enforcement official", "said", None)},
    ),
    (
        "Peskov, citing TASS, said the talks had failed.",
        (("Dmitry Peskov", None),),
        {("outlet", "TASS", "citing", "Dmitry Peskov"), ("person", "Dmitry Peskov", "said", None)},
    ),
    (
        "Sanders said, according to CNN, that he would stay.",
        (("Bernie Sanders", None),),
        {("outlet", "CNN", "according to", None), ("person", "Bernie Sanders", "said", "CNN")},
    ),
    (
        "The Institute for the Study of War (ISW) said the offensive had stalled.",
        (),
        {("organisation", "Institute for the Study of War", "said", None)},
    ),
    (
        "Sergei Lavrov has added that the door is open.",
        (("Sergei Lavrov", None),),
        {("person", "Sergei Lavrov", "added", None)},
    ),
]


# Attributions beyond speech (PolNeAR's sense): intentions, stances, findings, and the
# clause shapes their subjects come in.
CLASS_CASES: list[
    tuple[str, tuple[tuple[str, str | None], ...], set[tuple[str, str, str | None, str | None]]]
] = [
    # verb classes
    (
        "Hale wants to raise the minimum wage.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", "wants", None)},
    ),
    (
        "The union endorsed Hale on Saturday.",
        (("Mary Hale", None),),
        {("organisation", "the union", "endorsed", None)},
    ),
    ("The campaign declined to comment.", (), {("organisation", "the campaign", "declined", None)}),
    ("Officials believe he can still win.", (), {("vague", "officials", "believe", None)}),
    (
        "Edison Research found that turnout rose.",
        (),
        {("organisation", "Edison Research", "found", None)},
    ),
    (
        "A CNN poll showed a tie in the race.",
        (),
        {("document", "CNN poll", "showed", None), ("outlet", "CNN", "showed", None)},
    ),
    (
        "Hale did not endorse the plan.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", "endorse", None)},
    ),
    (
        "Hale took aim at the mayor on Monday.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", "took aim at", None)},
    ),
    (
        "Hale's claim that the plan failed was wrong.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", "claim", None)},
    ),
    # subjects: coordination, post-modifiers, appositions, relative clauses
    (
        "Russia and China said they would veto it.",
        (),
        {("organisation", "Russia", "said", None), ("organisation", "China", "said", None)},
    ),
    (
        "Senator Mary Hale of Ohio said the plan failed.",
        (("Mary Hale", "Senator"),),
        {("person", "Mary Hale", "said", None)},
    ),
    (
        "Officials who met the envoy said the deal was close.",
        (),
        {("vague", "officials", "said", None)},
    ),
    (
        "Jane Roe, who lives in Dayton, Ohio, said the plan failed.",
        (("Jane Roe", None),),
        {("person", "Jane Roe", "said", None)},
    ),
    (
        "Mark Dale, a former aide to the governor who ran two campaigns, said the plan failed.",
        (("Mark Dale", None),),
        {("person", "Mark Dale", "said", None)},
    ),
    (
        "Hale met the mayor and said the plan failed.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", "said", None)},
    ),
    (
        "Hale criticised the plan, saying it would fail.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", "saying", None)},
    ),
    (
        "Hale took to Twitter to say the plan failed.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", "say", None)},
    ),
    (
        "The vote prompted Hale to accuse the mayor of lying.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", "accuse", None)},
    ),
    (
        "Many delegates at the convention said they were angry.",
        (),
        {("vague", "many delegates", "said", None)},
    ),
    ("Mr. Dobbs said the vote was close.", (), {("person", "Dobbs", "said", None)}),
    (
        "The plan failed, said James Henson, a professor at the university.",
        (("James Henson", None),),
        {("person", "James Henson", "said", None)},
    ),
    (
        "The plan was endorsed on Monday by the Ohio Farm Bureau.",
        (),
        {("organisation", "Ohio Farm Bureau", "endorsed", None)},
    ),
    # prepositional and label cues
    (
        "Turnout rose, according to a count by The Associated Press.",
        (),
        {("outlet", "Associated Press", "according to", None)},
    ),
    (
        "Turnout rose, according to his book.",
        (),
        {("document", "book", "according to", None)},
    ),
    (
        "In a Gallup survey released Monday, most voters backed the plan.",
        (),
        {("document", "Gallup survey", "In", None)},
    ),
    (
        "HALE: We will win the vote in November.",
        (("Mary Hale", None),),
        {("person", "Mary Hale", ":", None)},
    ),
]


# Manner adverbs, person-only weak verbs, catenatives, delivery idioms, political acts,
# dashes, titles in appositions, inverted descriptions, colon labels before a quotation mark.
ISSUE3_CASES: list[
    tuple[str, tuple[tuple[str, str | None], ...], set[tuple[str, str, str | None, str | None]]]
] = [
    (
        "Mayor Ruth Calloway pointedly rejected the levy on Monday.",
        (("Ruth Calloway", "Mayor"),),
        {("person", "Ruth Calloway", "rejected", None)},
    ),
    (
        "Senator Alma Whitcomb touted her own bill for rural clinics.",
        (("Alma Whitcomb", "Senator"),),
        {("person", "Alma Whitcomb", "touted", None)},
    ),
    (
        "Felix Brandt knew the vote would be unpopular.",
        (("Felix Brandt", None),),
        {("person", "Felix Brandt", "knew", None)},
    ),
    (
        "Samuel Ibe continued to insist that shipping lines would pay.",
        (("Samuel Ibe", None),),
        {("person", "Samuel Ibe", "insist", None)},
    ),
    (
        "Union leader Maria Okafor delivered a blunt message to the council.",
        (("Maria Okafor", "Union leader"),),
        {("person", "Maria Okafor", "delivered a blunt message", None)},
    ),
    (
        "The Port Authority issued a statement defending the fee.",
        (),
        {("organisation", "Port Authority", "issued a statement", None)},
    ),
    (
        "Dev Arora attacked the levy as unfair.",
        (("Dev Arora", None),),
        {("person", "Dev Arora", "attacked", None)},
    ),
    (
        "The Tenants Union sued the city over the eviction rules.",
        (),
        {("organisation", "Tenants Union", "sued", None)},
    ),
    (
        "Port director Samuel Ibe - who signed the last contract - said the levy was needed.",
        (("Samuel Ibe", "Port director"),),
        {("person", "Samuel Ibe", "said", None)},
    ),
    (
        "Port director Samuel Ibe -- who signed the last contract -- said the levy was needed.",
        (("Samuel Ibe", "Port director"),),
        {("person", "Samuel Ibe", "said", None)},
    ),
    (
        'Felix Brandt, the author of "Closing Time," said the clinics lost money.',
        (("Felix Brandt", None),),
        {("person", "Felix Brandt", "said", None)},
    ),
    (
        "The plant is struggling, said the company's chief executive, John Ferriola.",
        (("John Ferriola", None),),
        {("person", "John Ferriola", "said", None)},
    ),
    (
        "The contrast would be clear, said Doyle and others.",
        (("Jim Doyle", None),),
        {("person", "Jim Doyle", "said", None)},
    ),
    (
        "Her death was confirmed by the Harbor Shippers Council, a trade group.",
        (),
        {("organisation", "Harbor Shippers Council", "confirmed by", None)},
    ),
    (
        "In an Eastport Ledger/WKRT Poll released Sunday, most residents opposed the fee.",
        (),
        {("document", "Eastport Ledger/WKRT Poll", "In", None)},
    ),
    (
        "Maria Okafor: ‘No Deal’ Without Pension Guarantees",
        (("Maria Okafor", None),),
        {("person", "Maria Okafor", ":", None)},
    ),
    (
        "The County Health Board voted to close two clinics.",
        (),
        {("organisation", "County Health Board", "voted", None)},
    ),
    (
        "“We will raise the wage.”\n- Maria Okafor.",
        (("Maria Okafor", None),),
        {("person", "Maria Okafor", "- ", None)},
    ),
    (
        "Why close a clinic? — Alma Whitcomb (@AlmaWhitcomb) May 4, 2025",
        (("Alma Whitcomb", None),),
        {("person", "Alma Whitcomb", "— ", None)},
    ),
]


@pytest.mark.parametrize(("text", "people", "expected"),
                         CLASS_CASES + MORE_CASES + ISSUE3_CASES)
def test_extracts_sources(
    text: str,
    people: tuple[tuple[str, str | None], ...],
    expected: set[tuple[str, str, str | None, str | None]],
) -> None:
    found = summary(run(text, people))
    assert expected <= found, found


# Nothing in these sentences is an attribution the article makes.
TRAPS: list[tuple[str, tuple[tuple[str, str | None], ...], set[str]]] = [
    ("“I never spoke to Reuters,” Peskov said.", (("Dmitry Peskov", None),), {"Reuters"}),
    ("The Guardian angel statue was unveiled on Sunday.", (), {"The Guardian"}),
    ("She teaches AP Biology and said the course was hard.", (), {"Associated Press"}),
    ("AP photos show the damage.", (), {"Associated Press"}),
    ("Reuters is a news agency based in London.", (), {"Reuters"}),
    ("The leaders of Britain and France declared their support.", (), {"France", "Britain"}),
    ("Brussels continues its policy of isolation.", (), {"Brussels"}),
    ("Moscow expects a legally binding document confirming the pledge.", (), {"document"}),
    ("Talks between the envoy and the president in Moscow were described as warm.", (), {"Moscow"}),
    ("US officials reportedly presented the plan.", (), {"US officials"}),
    ("Ukraine joined the talks at the summit in Washington.", (), set()),
    (
        "Peskov did not reply to a request for comment.",
        (("Dmitry Peskov", None),),
        {"Dmitry Peskov"},
    ),
    # An uninflected verb after a singular name is a noun ("the Hale plan").
    ("The Hale plan would raise taxes.", (("Mary Hale", None),), {"Mary Hale"}),
    ("The secretary of state flew to Paris.", (), set()),
    ("The Paris attacks changed the debate.", (), {"Paris"}),
    ("Hale met voters in Ohio and then flew home.", (("Mary Hale", None),), {"Mary Hale"}),
    # The phrase after an inverted verb opens a complement, not a speaker.
    (
        "Several candidates, including Hale, said the United States should act.",
        (("Mary Hale", None),),
        {"United States"},
    ),
    ("Voters in the Rust Belt states of Ohio and Michigan are angry.", (), {"Rust Belt"}),
    (
        "Clinton maintains a large lead in the polls.",
        (("Hillary Clinton", None),),
        {"Hillary Clinton"},
    ),
    ("Trump continues to hover near the top.", (("Donald Trump", None),), {"Donald Trump"}),
    (
        "She will resign her post after the convention.",
        (("Debbie Schultz", None),),
        {"Debbie Schultz"},
    ),
    ("The committee has written off efforts by the delegates.", (), {"committee"}),
    (
        "In an interview with David Axelrod, Henry said little.",
        (("David Axelrod", None),),
        {"David Axelrod"},
    ),
    (
        "She spoke out after citing Trump's proposed ban.",
        (("Donald Trump", None),),
        {"Donald Trump"},
    ),
    ("According to Reuters reports, the plan failed.", (), {"Reuters reports"}),
    # A family, an ally: nouns in -ly end a subject phrase, they are no adverbs.
    ("The Hale family said nothing.", (("Mary Hale", None),), {"Mary Hale"}),
    # A byline after the writer's own text signs nothing quoted.
    ("The council meets in May.\n- Maria Okafor.", (("Maria Okafor", None),), {"Maria Okafor"}),
    # A hyphen inside a word is no dash.
    ("The anti-Hale campaign grew.", (("Mary Hale", None),), {"Mary Hale"}),
    # A speech delivered names an event, not a claim.
    ("Hale delivered a speech in Ohio.", (("Mary Hale", None),), {"Mary Hale"}),
    # A group's or a thing's "sees" is no belief.
    ("The index sees gains in May.", (), {"index"}),
]


@pytest.mark.parametrize(("text", "people", "absent"), TRAPS)
def test_traps(text: str, people: tuple[tuple[str, str | None], ...], absent: set[str]) -> None:
    names = {s.name for s in run(text, people)}
    assert not names & absent, names
    if not absent:
        assert names == set()


def test_no_sources_in_plain_article() -> None:
    text = "Ukraine joined the talks in May.\n\nThe summit took place in July."
    assert run(text) == ()


def test_boilerplate_is_never_read() -> None:
    text = "The Kremlin said talks would go on.\nReuters reported the sale of the site.\n"
    a = article(text, boilerplate=("Reuters reported the sale of the site.",))
    names = {s.name for s in find_sources(a, [], ())}
    assert names == {"Kremlin"}


def test_roles_and_offsets_of_people() -> None:
    text = "Kremlin spokesman Dmitry Peskov said the talks would continue."
    [s] = run(text, (("Dmitry Peskov", "Kremlin spokesman"),))
    assert (s.name, s.role, s.cue) == ("Dmitry Peskov", "Kremlin spokesman", "said")
    assert text[s.start : s.end] == "Dmitry Peskov"
    assert s.cue_start is not None and s.cue_end is not None
    assert text[s.cue_start : s.cue_end] == "said"


def test_outlet_source_carries_classification_and_descriptor() -> None:
    text = "The WP Times, citing Russia’s state-run news agency TASS, wrote that talks stalled."
    tass = next(s for s in run(text) if s.name == "TASS")
    assert tass.via == "The WP Times"
    assert text[tass.start : tass.end] == "TASS"
    assert tass.role == "Russia’s state-run news agency"
    assert tass.outlet is not None and tass.outlet.typology == "SC"


def test_quote_speaker_keeps_its_kind() -> None:
    text = "Russia insisted on “ironclad” guarantees."
    start = text.index("ironclad")
    quote = Quote("q1", "a.txt", start, start + 8, "ironclad", "Russia", 0, 6, "insisted")
    [s] = find_sources(article(text), [], [quote])
    assert (s.kind, s.name, s.cue) == ("organisation", "Russia", "insisted")


def test_sorted_and_deduplicated() -> None:
    text = "“We will wait,” Peskov said. Peskov said it again."
    people = [person(text, "Dmitry Peskov")]
    quote = Quote("q1", "a.txt", 1, 13, "We will wait", "Dmitry Peskov", 16, 22, "said")
    found = find_sources(article(text), people, [quote])
    keys = [(s.start, s.cue_start) for s in found]
    assert keys == sorted(keys)
    assert len(found) == 2  # the quote's speaker and the pattern agree on one source


# ---------------------------------------------------------------------------
# attach_via


def test_attach_via_fills_quotes_of_a_chained_sentence() -> None:
    text = (
        "According to The Guardian, Peskov noted that Moscow had “heard it from Washington”.\n"
        "Peskov later said: “No deal yet.”"
    )
    people = [person(text, "Dmitry Peskov")]
    s1, s2 = (m.start() for m in re.finditer("Peskov", text))
    q1_start = text.index("heard")
    q2_start = text.index("No deal")
    quotes = [
        Quote(
            "q1",
            "a.txt",
            q1_start,
            q1_start + 25,
            text[q1_start : q1_start + 25],
            "Dmitry Peskov",
            s1,
            s1 + 6,
            "noted",
        ),
        Quote(
            "q2",
            "a.txt",
            q2_start,
            q2_start + 11,
            text[q2_start : q2_start + 11],
            "Dmitry Peskov",
            s2,
            s2 + 6,
            "said",
        ),
    ]
    sources = find_sources(article(text), people, quotes)
    out = attach_via(quotes, sources)
    assert [q.via for q in out] == ["The Guardian", None]
    assert [q.id for q in out] == ["q1", "q2"]


def test_attach_via_keeps_existing_via() -> None:
    q = Quote("q", "a.txt", 0, 3, "abc", "X", 5, 6, "said", via="TASS")
    s = Source("a.txt", "X", "person", 5, 6, "said", 7, 11, via="Reuters")
    assert attach_via([q], [s])[0].via == "TASS"


# ---------------------------------------------------------------------------
# State Media Matrix


@pytest.mark.parametrize(
    ("name", "canonical", "typology", "affiliated"),
    [
        ("TASS", "TASS", "SC", True),
        ("ITAR-TASS", "TASS", "SC", True),
        ("the Associated Press", "Associated Press", None, False),
        ("Reuters", "Reuters", None, False),
        ("BBC", "BBC", "IP", False),
        ("NPR", "NPR", "IP", False),
        ("Deutsche Welle", "Deutsche Welle", "ISF", False),
        ("France 24", "France 24", "ISFM", False),
        ("Al Jazeera", "Al Jazeera", "SC", True),
        ("Izvestia", "Izvestia", "CaPu", True),
        ("Xinhua", "Xinhua", "SC", True),
        ("CGTN", "CGTN", "SC", True),
        ("RIA Novosti", "RIA Novosti", "SC", True),
        ("Sputnik", "Sputnik", "SC", True),
        ("ABC News", "ABC News", None, False),  # not Australia's ABC
        ("Argumenty i Fakty", "Argumenty i Fakty", "CaPu", True),  # matrix only
    ],
)
def test_classify_outlet(name: str, canonical: str, typology: str | None, affiliated: bool) -> None:
    outlet = classify_outlet(name)
    assert outlet is not None
    assert (outlet.name, outlet.typology) == (canonical, typology)
    assert is_state_affiliated(outlet) is affiliated
    if typology is None:
        assert outlet.classification_source is None
    else:
        assert outlet.classification_source == "State Media Matrix (ASD, d878fee)"
        assert outlet.typology_label


def test_classify_outlet_labels_and_unknowns() -> None:
    tass = classify_outlet("TASS")
    assert tass is not None
    assert (tass.kind, tass.country, tass.typology_label) == (
        "wire agency",
        "Russia",
        "state-controlled",
    )
    bbc = classify_outlet("BBC")
    assert bbc is not None and bbc.typology_label == "independent public media"
    assert classify_outlet("The Totally Unknown Gazette") is None
    assert classify_outlet("MBC") is None  # listed in two countries: no guess
    assert not is_state_affiliated(None)


# ---------------------------------------------------------------------------
# Seeds (people from the people stage)


def _seed(prefix: str) -> tuple[Article, tuple[Source, ...]]:
    people_stage = pytest.importorskip("audit.parse.people")
    [path] = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    a = article(path.read_text(encoding="utf-8"), path=path.name)
    return a, find_sources(a, people_stage.find_people(a), ())


def test_seed_000_chain_and_vague_sourcing() -> None:
    a, found = _seed("000")
    tass = [s for s in found if s.name == "TASS"]
    assert tass and tass[0].kind == "outlet" and tass[0].via == "The WP Times"
    assert tass[0].outlet is not None and is_state_affiliated(tass[0].outlet)
    vague = {(s.name, s.cue) for s in found if s.kind == "vague"}
    assert {
        ("media reports", "According to"),
        ("media reports", "indicate"),
        ("reportedly", "reportedly"),
        ("sources", "described by"),
    } <= vague


def test_seed_outlets_and_documents() -> None:
    _, found = _seed("001")
    assert ("document", "leaked Kremlin documents") in {(s.kind, s.name) for s in found}
    _, found = _seed("002")
    outlets = {s.name for s in found if s.kind == "outlet"}
    assert {"Reuters", "Al Jazeera"} <= outlets
    _, found = _seed("003")
    assert ("outlet", "The Guardian") in {(s.kind, s.name) for s in found}
    assert ("document", "classified document") in {(s.kind, s.name) for s in found}
    assert any(s.kind == "person" and s.via == "The Guardian" for s in found)


# ---------------------------------------------------------------------------
# Properties

WORDS = [
    "said",
    "told",
    "according",
    "to",
    "citing",
    "Reuters",
    "TASS",
    "The",
    "the",
    "Kremlin",
    "reportedly",
    "sources",
    "officials",
    "media",
    "reports",
    "indicate",
    "documents",
    "leaked",
    "by",
    "described",
    "AP",
    "Guardian",
    "he",
    "she",
    "Peskov",
    "ministry",
    ",",
    ".",
    "“",
    "”",
    '"',
    "\n",
    "Times",
    "Herald",
    "news",
    "agency",
    "quoted",
    "as",
    "saying",
    "’s",
    "Moscow",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60))
def test_offsets_slice_the_text_and_output_is_deterministic(tokens: list[str]) -> None:
    text = " ".join(tokens)
    a = article(text)
    people = [person(text, "Dmitry Peskov")] if "Peskov" in text else []
    first = find_sources(a, people, ())
    assert first == find_sources(a, people, ())
    inside = [(p.start, p.end) for p in a.paragraphs]
    for s in first:
        assert 0 <= s.start < s.end <= len(text)
        assert any(lo <= s.start and s.end <= hi for lo, hi in inside)
        if s.cue_start is not None:
            assert s.cue_end is not None and s.cue == text[s.cue_start : s.cue_end]
    keys = [(s.start, s.end) for s in first]
    assert keys == sorted(keys)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60))
def test_shared_sentences_change_nothing(tokens: list[str]) -> None:
    # parse_article passes its sentence split; the sources must be the same.
    text = " ".join(tokens)
    a = article(text)
    people = [person(text, "Dmitry Peskov")] if "Peskov" in text else []
    assert find_sources(a, people, (), article_sentences(a)) == find_sources(a, people, ())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    for s in find_sources(Article(path="x", text=text), [], ()):
        assert 0 <= s.start < s.end <= len(text)
