"""The quote_variant and name_variant finders on records built here
(audit.findings.finders): organisations' spellings and renderings of one
statement. Sentences written for these tests."""

from __future__ import annotations

from audit import findings
from audit.models import Article, ParsedArticle, Span


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
