"""Tests for how an article credits its sources (Source.how, issue 14): wire,
dateline and foot credits ("credit"), channels ("via"), speakers ("said"),
named groups as organisations, and datelines that are no sources."""

from __future__ import annotations

import pytest

from audit import ingest, pipeline
from audit.models import Source


def sources(text: str) -> tuple[Source, ...]:
    """The sources the user's parse stage finds in ``text`` (paragraphs split at blank lines)."""
    return pipeline.parse_article(ingest.article_from_text("a.txt", text)).sources


def credited(text: str) -> set[tuple[str, str, str | None]]:
    """(kind, name, how) of each source of ``text``."""
    return {(s.kind, s.name, s.how) for s in sources(text)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("MOSCOW, Jan 12 (Reuters) - The Kremlin said on Monday it would respond.", "Reuters"),
        ("KUALA LUMPUR, Dec 3 (Bernama) -- The minister said the plan was ready.", "Bernama"),
        ("RENO, Nev. (AP) — Donald Trump says he does not watch football.", "Associated Press"),
        ("Tehran (AFP) - The spokesman said the talks were over.", "Agence France-Presse"),
        ("MOSCOW, March 5. /TASS/. The foreign minister said talks would go on.", "TASS"),
        ("Tehran - IRNA - The spokesman said the talks were over.", "IRNA"),
        ("BEIJING | Xinhua | The spokesman said the talks were over.", "Xinhua"),
        ("SANAA, May 2 (NNN-SABA) - The rebels said they had taken the port.", "SABA"),
        ("The minister said the plan was ready.\n\nAP", "Associated Press"),
        ("The minister said the plan was ready. — AFP", "Agence France-Presse"),
        ("The minister said the plan was ready.\n\n- Reuters.", "Reuters"),
        ("The minister said it was ready.\n\nSource: National News Agency", "National News Agency"),
        ("The minister said it was ready.\n\nBBC Monitoring. Copyright BBC.", "BBC Monitoring"),
        ("Timor Post, March 24, 2010 - The minister said the plan was ready.", "Timor Post"),
        ("IPOH, Aug 10 (Antara News Agency) - The minister said so.", "Antara News Agency"),
    ],
)
def test_wire_dateline_and_foot_credits_are_credited_outlets(text: str, name: str) -> None:
    assert ("outlet", name, "credit") in credited(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("MOSCOW, Jan 12 (Reuters) - The Kremlin said on Monday it would respond.", "MOSCOW"),
        ("KUALA LUMPUR: The government has not yet decided, the minister said.", "KUALA LUMPUR"),
        ("BELGRADE -- The minister has said there are no plans to delay it.", "BELGRADE"),
        ("NEW DELHI, June 3 (PTI) - The ministry said the outbreak was under control.", "NEW"),
    ],
)
def test_a_datelines_place_is_no_source(text: str, place: str) -> None:
    assert not [s for s in sources(text) if place in s.name]


@pytest.mark.parametrize(
    "text",
    [
        # A dash credit between a place and text needs a known outlet or capitals.
        "Tehran - Foreign Minister Abbas Araghchi - said the talks were over.",
        # A party and state after a name is no agency.
        "Sen. Ted Cruz (R-Texas) — Announced March 23, 2015",
        # A name in brackets mid-paragraph is no credit.
        "The minister (Reuters has the text) said the plan was ready.",
        # A lone capitalised line the outlet lists do not know is no credit.
        "The minister said the plan was ready.\n\nThank You",
    ],
)
def test_no_credit_without_a_credit_form(text: str) -> None:
    assert not [s for s in sources(text) if s.how == "credit"]


def test_a_credit_carries_the_state_media_classification() -> None:
    found = [s for s in sources("KUALA LUMPUR, Aug 24 (Bernama) -- It is ready, he said.")
             if s.how == "credit"]
    assert [(s.name, s.outlet and s.outlet.typology) for s in found] == [("Bernama", "SC")]
    # A head the lists know ("News Agency") after a name the matrix knows.
    found = [s for s in sources("The fire is out, he said.\n\nSource: BERNAMA News Agency")
             if s.how == "credit"]
    assert [(s.name, s.outlet and s.outlet.country) for s in found] == [
        ("BERNAMA News Agency", "Malaysia")]


@pytest.mark.parametrize(
    ("text", "channel", "speaker"),
    [
        ("Iran will respond, Foreign Minister Abbas Araghchi said in an interview with Fox "
         "Business.", "Fox Business", "Abbas Araghchi"),
        ("Spokesman Esmaeil Baqaei said this in response to IRNA's reporter on Monday.", "IRNA",
         "Esmaeil Baqaei"),
        ("Kremlin spokesman Dmitry Peskov told Reuters that the talks had failed.", "Reuters",
         "Dmitry Peskov"),
        ("The talks failed, Kremlin spokesman Dmitry Peskov said, the Tasnim news agency "
         "reported.", "Tasnim News Agency", "Dmitry Peskov"),
        ("TASS quoted Kremlin spokesman Dmitry Peskov as saying that talks had failed.", "TASS",
         "Dmitry Peskov"),
        ("According to The Guardian, Kremlin spokesman Dmitry Peskov said talks had failed.",
         "The Guardian", "Dmitry Peskov"),
        ('"It was a great night for us." Emma Hayes (BT Sport)', "BT Sport", "Emma Hayes"),
    ],
)
def test_channels_are_via_and_speakers_said(text: str, channel: str, speaker: str) -> None:
    found = sources(text)
    assert {s.how for s in found if s.name == channel} == {"via"}
    assert {(s.how, s.via) for s in found if s.name == speaker} == {("said", channel)}


@pytest.mark.parametrize(
    "text",
    [
        "On Wednesday Tasnim News Agency reported that the talks had failed.",
        "Yesterday Tasnim News Agency reported that the talks had failed.",
    ],
)
def test_a_day_before_an_outlet_is_no_part_of_its_name(text: str) -> None:
    assert ("outlet", "Tasnim News Agency", "via") in credited(text)
    assert not [s for s in sources(text) if "day" in s.name]


def test_a_citation_chain_keeps_its_links() -> None:
    found = sources("Interfax, citing Kremlin spokesman Dmitry Peskov, said talks had failed.")
    assert {(s.name, s.how, s.via) for s in found} >= {
        ("Interfax", "via", None), ("Dmitry Peskov", "said", "Interfax")}


def test_transcript_labels_stay_speakers() -> None:
    text = "TAPPER: Do you think he will win the race?\n\nSANDERS: I think we will win the race."
    assert {(s.name, s.how) for s in sources(text)} == {("Tapper", "said"), ("Sanders", "said")}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The leaders of Britain and France said they would act.",
         "the leaders of Britain and France"),
        ("On Monday five European governments said the deal was dead.",
         "five European governments"),
        ("Lebanon's Health Ministry said 12 people were killed.", "Lebanon's Health Ministry"),
        ("The Lebanese Health Ministry said 12 people were killed.", "Lebanese Health Ministry"),
        ("Some Republican leaders said the plan would fail.", "some Republican leaders"),
    ],
)
def test_named_groups_and_institutions_are_organisations(text: str, name: str) -> None:
    assert ("organisation", name, "said") in credited(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Media reports indicate that the talks failed.", "media reports"),
        ("Leaked documents suggest that the talks failed.", "leaked documents"),
        ("Sources said the talks failed.", "sources"),
        ("Officials familiar with the talks said they had failed.",
         "officials familiar with the talks"),
        ("US officials said the talks had failed.", "US officials"),
        ("Several governments said the deal was dead.", "several governments"),
    ],
)
def test_unnamed_groups_stay_vague(text: str, name: str) -> None:
    found = sources(text)
    assert ("vague", name) in {(s.kind, s.name) for s in found}
    assert not [s for s in found if s.kind in ("person", "organisation")]
