"""The quote_variant and name_variant finders on records built here
(audit.findings.finders): organisations' spellings and renderings of one
statement. Sentences written for these tests."""

from __future__ import annotations

import pytest

from audit import findings
from audit.models import Article, Finding, ParsedArticle, Quote, QuoteGroup, QuoteMember, Span


def _parsed(path: str, text: str) -> ParsedArticle:
    return ParsedArticle(Article(path, text, paragraphs=(Span(0, len(text), "paragraph"),)),
                         (), (), ())


def test_organisation_spelled_two_ways_is_one_name_variant_with_every_spelling() -> None:
    texts = {"a.txt": "The Jamaat-e-Islami (JI) called a strike.",
             "b.txt": "Leaders of the Jamat-e-Islami (JI) met on Sunday.",
             "c.txt": "A rally of the JI (Jamaat-e-Islami) ended peacefully."}
    (f,) = findings.find_all([_parsed(a, t) for a, t in texts.items()], [], [])
    assert (f.kind, f.severity, f.subject) == ("name_variant", "warning", "Jamaat-e-Islami")
    assert "“Jamaat-e-Islami” in 2 articles" in f.message
    assert "“Jamat-e-Islami” in 1 article" in f.message
    assert [(e.article, texts[e.article][e.start:e.end]) for e in f.evidence] == [
        ("a.txt", "Jamaat-e-Islami"), ("c.txt", "Jamaat-e-Islami"), ("b.txt", "Jamat-e-Islami")]


def test_two_organisations_sharing_an_acronym_are_no_finding() -> None:
    texts = {"a.txt": "The Pakistan Tehreek-e-Insaf (PTI) won.",
             "b.txt": "Press Trust of India (PTI) reported the result."}
    assert findings.find_all([_parsed(a, t) for a, t in texts.items()], [], []) == ()


def _quote(qid: str, article: str, text: str, speaker: str | None) -> Quote:
    return Quote(qid, article, 0, len(text), text, speaker, cue="said" if speaker else None)


def _group(gid: str, q: Quote) -> QuoteGroup:
    return QuoteGroup(gid, (QuoteMember(q, "reference", 100.0),))


SHIRT = "I have waited my whole life to wear this shirt and tonight my dream has come true"
SHIRT_RENDERED = "All my life I dreamed of wearing this shirt, and tonight that dream came true"


def _variants_of(a: str, speaker_a: str, b: str, speaker_b: str) -> list[Finding]:
    """The quote_variant findings of ``a`` and ``b``, each alone in a group."""
    qa, qb = _quote("a#1", "a.txt", a, speaker_a), _quote("b#1", "b.txt", b, speaker_b)
    found = findings.find_all([_parsed("a.txt", a), _parsed("b.txt", b)],
                              [_group("g1", qa), _group("g2", qb)], [])
    return [f for f in found if f.kind == "quote_variant"]


def test_two_groups_rendering_one_statement_are_one_rendering_finding() -> None:
    (f,) = _variants_of(SHIRT, "Amina Diallo", SHIRT_RENDERED, "Amina Diallo")
    assert (f.rule, f.severity) == ("quote_rendering", "info")
    assert [(e.article, e.start, e.end) for e in f.evidence] == [
        ("a.txt", 0, len(SHIRT)), ("b.txt", 0, len(SHIRT_RENDERED))]
    assert any("content words shared" in r for r in f.reasons)


def test_two_speakers_saying_alike_things_are_no_quote_variant() -> None:
    assert _variants_of(SHIRT, "Amina Diallo", SHIRT_RENDERED, "Kofi Mensah") == []


@pytest.mark.parametrize(
    ("cue_a", "speaker_b", "cue_b", "differ"),
    [
        ("said", "Kofi Mensah", "said", True),
        ("said", "Ms Diallo", "told", False),  # one person
        ("said", "Kofi Mensah", None, False),  # a name near the quote, no cue: not a speaker
        ("said", None, "said", False),
    ],
)
def test_speakers_differ_only_when_both_are_given_by_a_cue(
    cue_a: str, speaker_b: str | None, cue_b: str | None, differ: bool
) -> None:
    a = Quote("a#1", "a.txt", 0, 5, "words", "Amina Diallo", cue=cue_a)
    b = Quote("b#1", "b.txt", 0, 5, "words", speaker_b, cue=cue_b)
    assert findings.speakers_differ(a, b) is differ
    assert findings.speakers_differ(b, a) is differ


@pytest.mark.parametrize(
    ("b", "rule"),
    [
        # One wording in two groups: no variant at all.
        (SHIRT, None),
        # One holds the other: a shortened form.
        ("I have waited my whole life to wear this shirt", "quote_truncated"),
    ],
)
def test_a_rendering_link_between_copies_is_no_alteration(b: str, rule: str | None) -> None:
    # b first: the link orders the pair, the finding puts the longer first.
    found = _variants_of(b, "Amina Diallo", SHIRT, "Amina Diallo")
    assert [f.rule for f in found] == ([rule] if rule else [])
    if rule:
        assert found[0].evidence[0].article == "b.txt"  # the longer wording first
