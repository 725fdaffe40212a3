"""Findings rules on records built by hand, so each rule is tested alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import paths
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import findings, match
from audit.match import word_diff
from audit.models import (
    Article,
    Finding,
    Mention,
    ParsedArticle,
    Person,
    Quote,
    QuoteGroup,
    QuoteMember,
    Source,
    Span,
)


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("US President", "US President-elect", True),
        ("President", "former President", True),
        ("Kremlin spokesman", "Kremlin spokesperson", False),
        ("U.S. envoy", "US Special Envoy", False),
        ("Deputy Foreign Minister", "Russian Deputy Foreign Minister", False),
        ("Foreign Minister", "Deputy Foreign Minister", True),
        # Two offices, or a title against a description, may both hold.
        ("Foreign Minister", "Defence Minister", False),
        ("Brigadier General", "military spokesman", False),
        ("minister", "former minister", True),
        ("Health Minister", "former Health Minister", True),
        ("President", "President-elect", True),
        ("striker", "former Aston Villa striker", True),
        ("manager", "former Aston Villa striker", False),
        ("diplomatic advisor to the Russian presidency", "Russian advisor", False),
        ("NATO Secretary General", "Secretary-General", False),
        ("Prime Minister", "premier", False),
        ("acting President", "President", True),
    ],
)
def test_titles_conflict(a: str, b: str, conflict: bool) -> None:
    assert findings.titles_conflict(a, b) is conflict
    assert findings.titles_conflict(b, a) is conflict


def _mention(article: str, text: str, start: int, name: str, title: str | None = None) -> Mention:
    end = start + len(name)
    tstart = None if title is None else text.index(title)
    return Mention(article, start, end, name, name, title, tstart,
                   None if tstart is None or title is None else tstart + len(title))


def _parsed(path: str, text: str, **kw: object) -> ParsedArticle:
    art = Article(path, text, paragraphs=(Span(0, len(text), "paragraph"),))
    return ParsedArticle(
        art,
        tuple(kw.get("quotes", ())),  # type: ignore[arg-type]
        tuple(kw.get("sources", ())),  # type: ignore[arg-type]
        tuple(kw.get("people", ())),  # type: ignore[arg-type]
    )


def test_name_variant_counts_each_spelling_and_ignores_shorter_forms() -> None:
    t1 = "US envoy Steve Witkoff met Putin. Witkoff left."
    t2 = "US Special Envoy Steve Wittkopf arrived."
    m1 = _mention("a.txt", t1, t1.index("Steve"), "Steve Witkoff")
    m1b = Mention("a.txt", t1.rindex("Witkoff"), t1.rindex("Witkoff") + 7, "Witkoff",
                  "Steve Witkoff")
    m2 = _mention("b.txt", t2, t2.index("Steve"), "Steve Wittkopf")
    person = Person("Steve Witkoff", (m1, m1b, m2), ("Steve Witkoff", "Steve Wittkopf", "Witkoff"))
    assert findings.spelling_variants(person) == ["Steve Witkoff", "Steve Wittkopf"]
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [], [person])
    kinds = [f.kind for f in found]
    assert kinds == ["name_variant"]
    f = found[0]
    assert "“Steve Witkoff” in 1 article" in f.message and "“Steve Wittkopf” in 1" in f.message
    assert [(e.article, t1[e.start:e.end] if e.article == "a.txt" else t2[e.start:e.end])
            for e in f.evidence] == [("a.txt", "Steve Witkoff"), ("b.txt", "Steve Wittkopf")]


def _name_variants_of(spellings: Sequence[str]) -> list[Finding]:
    """The name_variant findings of one article per spelling, its people
    grouped by the name rules."""
    texts = {f"{i}.txt": f"Leader {s} spoke on Monday." for i, s in enumerate(spellings)}
    people = match.group_people(
        Person(s, (_mention(a, texts[a], texts[a].index(s), s),), (s,))
        for a, s in zip(texts, spellings, strict=True))
    found = findings.find_all([_parsed(a, t) for a, t in texts.items()], [], people)
    return [f for f in found if f.kind == "name_variant"]


@pytest.mark.parametrize("spellings", [
    ("Kim Jong Un", "Kim Jong-un"),
    ("Moon Jae-in", "Moon Jae In"),
    ("Kim Jong Un", "Kim Jong-un", "Kim Jongun"),
    ("Jean-Claude Marchal", "Jean Claude Marchal"),
])
def test_name_variant_lists_every_hyphenation_of_a_name(spellings: tuple[str, ...]) -> None:
    (f,) = _name_variants_of(spellings)
    assert all(f"“{s}” in 1 article" in f.message for s in spellings)
    assert len(f.evidence) == len(spellings)


@pytest.mark.parametrize("spellings", [
    ("Kim Jong-Un", "Kim Jong-un"),  # case alone: a headline's capitals, not a spelling
    ("Moon Jae-in", "MOON JAE-IN"),
])
def test_case_alone_is_not_another_spelling(spellings: tuple[str, ...]) -> None:
    assert _name_variants_of(spellings) == []


def test_name_variant_evidence_is_each_articles_spelling_in_full() -> None:
    texts = {"a.txt": "Witkoff lands. US envoy Steve Witkoff met Putin.",
             "b.txt": "Steve Witkoff left.",
             "c.txt": "US Special Envoy Steve Wittkopf arrived."}
    mentions = []
    for art, t in texts.items():
        for name in ("Steve Witkoff", "Steve Wittkopf", "Witkoff"):
            at = t.find(name)
            if at >= 0 and not any(m.article == art and m.start <= at < m.end
                                   for m in mentions):
                full = name if " " in name else "Steve Witkoff"
                mentions.append(Mention(art, at, at + len(name), name, full))
    person = Person("Steve Witkoff", tuple(mentions), ("Steve Witkoff", "Steve Wittkopf"))
    (f,) = findings.find_all([_parsed(a, t) for a, t in texts.items()], [], [person])
    # Every article is shown, with its spelling written out (not "Witkoff lands").
    assert [(e.article, texts[e.article][e.start:e.end]) for e in f.evidence] == [
        ("a.txt", "Steve Witkoff"), ("b.txt", "Steve Witkoff"), ("c.txt", "Steve Wittkopf")]
    assert "“Steve Witkoff” in 2 articles" in f.message


def test_shorter_name_is_not_a_variant() -> None:
    t = "Kremlin spokesman Dmitry Peskov said so. Peskov added more."
    m1 = _mention("a.txt", t, t.index("Dmitry"), "Dmitry Peskov")
    person = Person("Dmitry Peskov", (m1,), ("Dmitry Peskov", "Peskov"))
    assert list(findings.find_all([_parsed("a.txt", t)], [], [person])) == []


def test_title_conflict_evidence_covers_title_and_name() -> None:
    t1 = "US President Donald Trump said."
    t2 = "US President-elect Donald Trump said."
    m1 = _mention("a.txt", t1, t1.index("Donald"), "Donald Trump", "US President")
    m2 = _mention("b.txt", t2, t2.index("Donald"), "Donald Trump", "US President-elect")
    person = Person("Donald Trump", (m1, m2), ("Donald Trump",), ("US President",
                                                                   "US President-elect"))
    (f,) = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [], [person])
    assert f.kind == "title_conflict" and f.rule == "title_conflict"
    assert [e.excerpt for e in f.evidence] == ["US President Donald Trump said.",
                                               "US President-elect Donald Trump said."]
    assert t2[f.evidence[1].start:f.evidence[1].end] == "US President-elect Donald Trump"


def _quote(article: str, text: str, body: str, speaker: str | None, n: int = 1,
           fragment: bool = False, cue: str | None = "said", via: str | None = None) -> Quote:
    start = text.index(body)
    sp_start = None if speaker is None or speaker.split()[-1] not in text else text.rindex(
        speaker.split()[-1])
    return Quote(f"{article}#q{n}", article, start, start + len(body), body, speaker,
                 sp_start, None if sp_start is None else sp_start + len(speaker.split()[-1]),
                 cue=None if speaker is None else cue, fragment=fragment, via=via)


def _member(q: Quote, relation: str, score: float, ref: Quote | None = None) -> QuoteMember:
    diff = () if ref is None else word_diff(ref.text, q.text)
    return QuoteMember(q, relation, score, diff)  # type: ignore[arg-type]


def test_speaker_conflict_and_variant() -> None:
    t1 = "“We will win this war,” Smith said."
    t2 = "“We will surely win this war,” Jones said."
    q1 = _quote("a.txt", t1, "We will win this war,", "John Smith")
    q2 = _quote("b.txt", t2, "We will surely win this war,", "Mary Jones")
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, "variant", 90.0, q1)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [group], [])
    # One problem, one finding: the altered wording is part of the conflict.
    assert [(f.kind, f.severity, f.confidence) for f in found] == [
        ("speaker_conflict", "error", "high")]
    assert "John Smith and Mary Jones" in found[0].message
    assert found[0].reasons == ("John Smith by “said” at a.txt 1-22",
                                "Mary Jones by “said” at b.txt 1-29")


# Each row: the second attribution of "We will win this war" (the first is
# John Smith by "said"), and the severity it gives (None: no finding).
@pytest.mark.parametrize(
    ("text", "speaker", "cue", "via", "severity"),
    [
        ("“We will win this war,” Jones said.", "Mary Jones", "said", None, "error"),
        ("“We will win this war,” Jones told reporters.", "Mary Jones", "told", None, "error"),
        # An interviewer's question, a label: not a direct speech cue.
        ("“We will win this war,” Jones asked.", "Mary Jones", "asked", None, "info"),
        ("Translation by Jones: “We will win this war,”", "Mary Jones", None, None, "info"),
        # An outlet or channel passes the quote on; it did not say it.
        ("“We will win this war,” Reuters reported.", "Reuters", "reported", None, None),
        ("“We will win this war,” Jones said, via AFP.", "AFP", "said", "AFP", None),
        # Named only inside the quote.
        ("“We will win this war, Jones,” the crowd said.", "Jones", "said", None, None),
    ],
)
def test_speaker_conflict_needs_two_direct_named_speakers(
    text: str, speaker: str, cue: str | None, via: str | None, severity: str | None
) -> None:
    t1 = "“We will win this war,” Smith said."
    q1 = _quote("a.txt", t1, "We will win this war,", "John Smith")
    body = "We will win this war, Jones," if "war, Jones" in text else "We will win this war,"
    q2 = _quote("b.txt", text, body, speaker, cue=cue, via=via)
    if via is not None:
        q2 = replace(q2, speaker=None)
    sources = [Source("b.txt", "Reuters", "outlet", text.index("Reuters"),
                      text.index("Reuters") + 7, "reported")] if "Reuters" in text else []
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, "identical", 100.0)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", text, sources=sources)],
                              [group], [])
    got = [f.severity for f in found if f.kind == "speaker_conflict"]
    assert got == ([] if severity is None else [severity])


def _article(path: str, text: str, quotes: Sequence[Quote], sources: Sequence[Source] = (),
             people: Sequence[Person] = ()) -> ParsedArticle:
    """An article of a heading and paragraphs parted by blank lines."""
    head = text.index("\n")
    spans = (Span(0, head, "heading"),
             *(replace(s, start=s.start + head + 2, end=s.end + head + 2)
               for s in _paragraphs(text[head + 2:])))
    return ParsedArticle(Article(path, text, paragraphs=spans), tuple(quotes), tuple(sources),
                         tuple(people))


_SAID = "We believe the order to fire came from the very top."


# Each row: a second article holding the statement (the first gives it to
# John Smith by "said"), the speaker, cue and speaker place the parse gave it,
# a source naming that speaker by a cue (text, cue) and the finding's rule.
@pytest.mark.parametrize(
    ("text", "speaker", "cue", "named", "rule"),
    [
        # The speaker a reader credits a quote with no attribution to.
        (f"Protest\n\nThe Tax Justice Coalition met on Friday.\n\n“{_SAID}”", None, None,
         None, "speaker_named"),
        # A quote running over paragraphs, its speaker named by the closing "said".
        (f"Protest\n\n“{_SAID}\n\n“The police fired first,” Mary Jones said.", "Mary Jones",
         None, ("Mary Jones", "said"), "speaker_named"),
        # ...not a name before the quote (the parse's guess), nor after a
        # paragraph of the writer's own.
        (f"Protest\n\nMary Jones said so on Friday.\n\n“{_SAID}”", "Mary Jones", None,
         ("Mary Jones", "said"), "speaker_uncertain"),
        (f"Protest\n\n“{_SAID}”\n\nRain fell. Mary Jones said so on Friday.", "Mary Jones",
         None, ("Mary Jones", "said"), "speaker_uncertain"),
        # ...an interviewer's question is not such a cue.
        (f"Protest\n\n“{_SAID}\n\n“Did the police fire first?” Mary Jones asked.",
         "Mary Jones", None, ("Mary Jones", "asked"), "speaker_uncertain"),
        # A headline's subject is not the quote's speaker.
        (f"Mary Jones speaks\n\nThe rain fell all day. “{_SAID}”", "Mary Jones", None, None,
         None),
        # Nobody a reader can name: no conflict.
        (f"Protest\n\nThe rain fell all day.\n\n“{_SAID}”", None, None, None, None),
        # A reader's speaker for a short wording is not enough: alike by chance.
        ("Protest\n\nThe Tax Justice Coalition met on Friday.\n\n“We believe the order.”",
         None, None, None, None),
    ],
)
def test_a_speaker_conflict_is_a_warning_when_both_are_named_not_both_directly(
    text: str, speaker: str | None, cue: str | None, named: tuple[str, str] | None,
    rule: str | None
) -> None:
    body = _SAID if _SAID in text else "We believe the order."
    t1 = f"Protest\n\n“{body}” John Smith said."
    q1 = _quote("a.txt", t1, body, "John Smith")
    q2 = _quote("b.txt", text, body, speaker, cue=cue)
    if speaker is not None:
        at = text.index(speaker)
        q2 = replace(q2, speaker_start=at, speaker_end=at + len(speaker))
    sources = []
    if named is not None:
        sources.append(_named(text, *named))
        sources[0] = replace(sources[0], article="b.txt")
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, "identical", 100.0)))
    found = findings.find_all([_article("a.txt", t1, [q1]),
                               _article("b.txt", text, [q2], sources)], [group], [])
    got = [f.rule for f in found if f.kind == "speaker_conflict"]
    assert got == ([] if rule is None else [rule])
    if rule == "speaker_named":
        assert found[0].severity == "warning" and found[0].confidence == "medium"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # An altered sentence of a longer statement is the same words.
        ("We believe the order came from the very top of the state. The police then fired "
         "on the crowd at ten.", "We believe the order came from the top of the state.", True),
        ("We believe the order came from the top of the state.",
         "We believe the order came from the very top of the state. The police then fired "
         "on the crowd at ten.", True),
        # Alike statements are not.
        ("I don't want you to have the wrong impression of this.",
         "You don't want to be the story here.", False),
    ],
)
def test_same_wording(a: str, b: str, same: bool) -> None:
    assert findings.same_wording(a, b) is same


def test_same_speaker_spelled_two_ways_is_not_a_speaker_conflict() -> None:
    t1 = "“Peace is near,” Steve Witkoff said."
    t2 = "“Peace is near,” Steve Wittkopf said."
    q1 = _quote("a.txt", t1, "Peace is near,", "Steve Witkoff")
    q2 = _quote("b.txt", t2, "Peace is near,", "Steve Wittkopf")
    m1 = _mention("a.txt", t1, t1.index("Steve"), "Steve Witkoff")
    m2 = _mention("b.txt", t2, t2.index("Steve"), "Steve Wittkopf")
    person = Person("Steve Witkoff", (m1, m2), ("Steve Witkoff", "Steve Wittkopf"))
    group = QuoteGroup("g1", (QuoteMember(q1, "reference", 100.0),
                              QuoteMember(q2, "identical", 100.0)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [group], [person])
    assert [f.kind for f in found] == ["name_variant"]


# Each row: an article (heading first), the quote in it, its speaker and cue,
# and whether an unattributed_quote is raised.
@pytest.mark.parametrize(
    ("text", "body", "cue", "fragment", "raised"),
    [
        # Nobody a reader can name.
        ("Talks\n\nOfficials met. “Nobody knows what comes next.”",
         "Nobody knows what comes next.", None, False, True),
        # A pronoun or role noun with a cue: the reader names the speaker.
        ("Talks\n\n“Nobody knows what comes next,” he said.",
         "Nobody knows what comes next,", "said", False, False),
        ("Talks\n\n“Nobody knows what comes next,” the court said.",
         "Nobody knows what comes next,", "said", False, False),
        # Scare quotes, policy names: fragments are not statements.
        ("Talks\n\nThe policy of “maximum pressure” goes on.", "maximum pressure", None,
         True, False),
        # Headline words.
        ("“No plans to delay the pipeline” - minister\n\nThe minister spoke.",
         "No plans to delay the pipeline", None, False, False),
        ("‘No talks underway with the US’\n\nThe minister spoke on Monday.",
         "No talks underway with the US", None, False, False),
    ],
)
def test_unattributed_quote_only_when_no_reader_can_name_the_speaker(
    text: str, body: str, cue: str | None, fragment: bool, raised: bool
) -> None:
    start = text.index(body)
    q = Quote("a.txt#q1", "a.txt", start, start + len(body), body, None, cue=cue,
              fragment=fragment)
    head_end = text.index("\n")
    art = Article("a.txt", text, paragraphs=(Span(0, head_end, "heading"),
                                             Span(head_end + 2, len(text), "paragraph")))
    if text.startswith("‘"):  # a pull quote opening the body, no heading
        art = replace(art, paragraphs=(Span(0, head_end, "paragraph"),
                                       Span(head_end + 2, len(text), "paragraph")))
    found = findings.find_all([ParsedArticle(art, (q,), (), ())], [], [])
    assert [f.kind for f in found] == (["unattributed_quote"] if raised else [])
    if raised:
        assert found[0].confidence == "medium" and found[0].reasons


# Each row: an article body, and whether its quote ("The vote was rigged
# from the start.") is raised as unattributed. No speaker or cue is parsed:
# the reader credits the quote from the words around it.
@pytest.mark.parametrize(
    ("text", "raised"),
    [
        # A speech verb earlier in the quote's sentence introduces it.
        ("The mayor left the hall, saying that “The vote was rigged from the start.”", False),
        ("A spokeswoman said in a statement that “The vote was rigged from the start.”",
         False),
        ("The judge went on to say that courts must weigh whether “The vote was rigged from "
         "the start.”", False),
        # ...or the rest of its sentence gives the verb or the message read.
        ("“The vote was rigged from the start,” it read. Nobody signed it.", False),
        ("“The vote was rigged from the start,” read the email.", False),
        # A verb in an earlier sentence does not, nor one in the paragraph before.
        ("The mayor said nothing. Later, “The vote was rigged from the start.”", True),
        ("The mayor said nothing.\n\nThen “The vote was rigged from the start.”", True),
        # Nor a word that is no speech verb.
        ("The banner over the hall: “The vote was rigged from the start.”", True),
    ],
)
def test_unattributed_quote_not_when_a_speech_verb_introduces_it(
    text: str, raised: bool
) -> None:
    body = "The vote was rigged from the start"
    full = "Vote\n\n" + text
    start = full.index(body)
    end = start + len(body) + (1 if full[start + len(body)] == "." else 0)
    q = Quote("a.txt#q1", "a.txt", start, end, full[start:end], None)
    parsed = replace(_parsed("a.txt", full), quotes=(q,))
    found = findings.find_all([parsed], [], [])
    assert [f.kind for f in found] == (["unattributed_quote"] if raised else [])


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        # Quote lists: the speaker is named right after the quote.
        ("“We could have scored four goals.” Glenn Hoddle, England coach", False),
        ("“We could have scored four goals.”\nEngland coach Glenn Hoddle was happy", False),
        # A name after a sentence end belongs to the next sentence.
        ("“We could have scored four goals.” The rain stopped. Glenn Hoddle left", True),
        # A lead-in sentence naming the speaker with a cue.
        ("The win was deserved, said Glenn Hoddle after the match.\n\n"
         "“We could have scored four goals.”", False),
        # ...not a sentence before that one.
        ("The win was deserved, said Glenn Hoddle. The rain stopped.\n\n"
         "“We could have scored four goals.”", True),
    ],
)
def test_unattributed_quote_not_when_a_name_is_next_to_it(text: str, raised: bool) -> None:
    body = "We could have scored four goals."
    start = text.index(body)
    q = Quote("a.txt#q1", "a.txt", start, start + len(body), body, None)
    n = text.index("Glenn Hoddle")
    m = Mention("a.txt", n, n + 12, "Glenn Hoddle", "Glenn Hoddle")
    cue = "said" if "said Glenn" in text else None
    src = Source("a.txt", "Glenn Hoddle", "person", n, n + 12, cue)
    art = _parsed("a.txt", "Sport\n\n" + text)
    shift = len("Sport\n\n")
    q = replace(q, start=q.start + shift, end=q.end + shift)
    m = replace(m, start=m.start + shift, end=m.end + shift)
    src = replace(src, start=src.start + shift, end=src.end + shift)
    parsed = replace(art, quotes=(q,), sources=(src,), people=(Person("Glenn Hoddle", (m,)),))
    found = findings.find_all([parsed], [], [])
    assert [f.kind for f in found] == (["unattributed_quote"] if raised else [])


def _paragraphs(text: str) -> tuple[Span, ...]:
    spans, at = [], 0
    for para in text.split("\n\n"):
        spans.append(Span(at, at + len(para), "paragraph"))
        at += len(para) + 2
    return tuple(spans)


# Each row: an article (heading, then paragraphs), the quotes given a "said"
# cue (by order), the people named, and the quotes raised as unattributed.
@pytest.mark.parametrize(
    ("text", "cued", "names", "raised"),
    [
        # Later in the paragraph of an attributed quote: the same speaker.
        ("Sport\n\n“We played well today,” said the 30-year-old former Ajax striker. "
         "“The fans were wonderful to us all night.”", [0], [], []),
        # ...not a paragraph later, far from it.
        ("Sport\n\n“We played well today,” said the 30-year-old former Ajax striker "
         "after the long match in the rain.\n\n“The fans were wonderful to us all night.”",
         [0], [], [1]),
        # The rest of the sentence names the document it was read in; a quote
        # right after a credited one continues it.
        ("Prison\n\n“The inmate felt unwell after a walk and fell down”, we can read in "
         "the press release.\n\n“All the measures taken were of no use.”", [], [], []),
        # ...not a document in the next sentence.
        ("Prison\n\n“The inmate felt unwell after a walk and fell down.” The statement "
         "came late.", [], [], [0]),
        # A lead-in naming a person and ending in a colon.
        ("Chile\n\nThe same tone came from President Ana Ruiz, a leftist: “The results "
         "it publishes are hard to believe.”", [], ["Ana Ruiz"], []),
        # ...not a colon with nobody named.
        ("Chile\n\nThe same tone came from the south: “The results it publishes are "
         "hard to believe.”", [], [], [0]),
        # A quoted term after a determiner is a name, not a statement.
        ("Health\n\nThe outbreak was declared a ‘public health emergency for continental "
         "security’ yesterday.", [], [], []),
        ("Health\n\nThe worry now is ‘public health emergency for the whole "
         "continent’ in all of it.", [], [], [0]),
        # ...but a speech verb before it in its sentence credits its subject.
        ("Health\n\nThe agency warned of ‘public health emergency for the whole "
         "continent’ yesterday.", [], [], []),
        # The sentence before names its subject: a named institution or a
        # person, cue or not.
        ("Protest\n\nThe Tax Justice Coalition made the figures public at a press "
         "conference.\n\n“Nine people died in the capital alone on Tuesday.”", [], [], []),
        ("Protest\n\nMary Jones met the families on Friday.\n\n“Nine people died in the "
         "capital alone on Tuesday.”", [], ["Mary Jones"], []),
        # ...not a sentence before that one.
        ("Protest\n\nThe Tax Justice Coalition met in March. Rain fell all day.\n\n“Nine "
         "people died in the capital alone on Tuesday.”", [], [], [0]),
        # A pronoun with a speech cue stands for the subject named before it,
        # across two quote paragraphs.
        ("Protest\n\nThe Tax Justice Coalition made the figures public.\n\n“Nine people "
         "died in the capital alone on Tuesday.”\n\n“The police fired without any "
         "warning.”\n\nThey also said the police fired first.\n\n“We believe the order "
         "came from the top.”", [], [], []),
        # ...not with nobody named before it, nor "he" for an institution,
        # nor a subject named too many paragraphs before.
        ("Protest\n\nThe rain fell all day.\n\nThey said the police fired first.\n\n"
         "“We believe the order came from the top.”", [], [], [0]),
        ("Protest\n\nThe Tax Justice Coalition made the figures public.\n\nHe said the "
         "police fired first.\n\n“We believe the order came from the top.”", [], [], [0]),
        ("Protest\n\nThe Tax Justice Coalition met.\n\nRain fell.\n\nRoads closed.\n\n"
         "Shops shut.\n\nThey said the police fired first.\n\n“We believe the order came "
         "from the top.”", [], [], [0]),
        # A sentence opening with a clause names no subject.
        ("Protest\n\nIf Mary Jones is right, the count is wrong.\n\n“Nine people died "
         "in the capital alone on Tuesday.”", [], ["Mary Jones"], [0]),
        # A pronoun without a speech cue.
        ("Protest\n\nThe Tax Justice Coalition made the figures public.\n\nThey walked "
         "home in the rain.\n\n“We believe the order came from the top.”", [], [], [0]),
    ],
)
def test_unattributed_quote_not_when_the_context_credits_it(
    text: str, cued: list[int], names: list[str], raised: list[int]
) -> None:
    import re

    quotes = []
    for n, m in enumerate(re.finditer(r"[“‘]([^”’]+)[”’]", text)):
        q = Quote(f"a.txt#q{n}", "a.txt", m.start(1), m.end(1), m.group(1), None,
                  cue="said" if n in cued else None)
        quotes.append(q)
    people = []
    for name in names:
        at = text.index(name)
        people.append(Person(name, (Mention("a.txt", at, at + len(name), name, name),)))
    head = text.index("\n")
    spans = (Span(0, head, "heading"),
             *(replace(s, start=s.start + head + 2, end=s.end + head + 2)
               for s in _paragraphs(text[head + 2:])))
    art = ParsedArticle(Article("a.txt", text, paragraphs=spans), tuple(quotes), (),
                        tuple(people))
    found = findings.find_all([art], [], [])
    assert [f.subject for f in found] == [f"a.txt#q{n}" for n in raised]


def test_a_quote_continuing_an_attributed_one_is_attributed() -> None:
    t = "“This is a strong deal,” he said. “I do have mixed emotions about it.”"
    q1 = _quote("a.txt", t, "This is a strong deal,", None, 1)
    q1 = replace(q1, cue="said")
    q2 = _quote("a.txt", t, "I do have mixed emotions about it.", None, 2)
    far = t + " Officials met for hours on end, then for days on end. “Nobody knows any more.”"
    q3 = _quote("a.txt", far, "Nobody knows any more.", None, 3)
    # Under min_words words, not a statement to attribute.
    tiny = t + " Officials met for hours on end, then for days on end. “Nobody knows.”"
    q4 = _quote("a.txt", tiny, "Nobody knows.", None, 3)
    assert findings.find_all([_parsed("a.txt", tiny, quotes=[q1, q2, q4])], [], []) == ()
    assert findings.find_all([_parsed("a.txt", t, quotes=[q1, q2])], [], []) == ()
    found = findings.find_all([_parsed("a.txt", far, quotes=[q1, q2, q3])], [], [])
    assert [f.subject for f in found] == ["a.txt#q3"]


def test_state_media_disclosed_or_not() -> None:
    from audit.parse.sources import classify_outlet

    tass = classify_outlet("TASS")
    assert tass is not None and tass.typology == "SC"
    t1 = "The paper, citing Russia's state-run news agency TASS, said so."
    t2 = "TASS reported that talks went well."
    s1 = Source("a.txt", "TASS", "outlet", t1.index("TASS"), t1.index("TASS") + 4, "citing",
                via="The paper", outlet=tass)
    s2 = Source("b.txt", "TASS", "outlet", 0, 4, "reported", outlet=tass)
    found = findings.find_all([_parsed("a.txt", t1, sources=[s1]),
                               _parsed("b.txt", t2, sources=[s2])], [], [])
    assert [(f.rule, f.evidence[0].article) for f in found] == [
        ("state_media_undisclosed", "b.txt"), ("state_media_disclosed", "a.txt")]
    assert "State Media Matrix" in found[0].message
    assert "passed on by The paper" in found[1].message


def test_vague_attribution_evidence_spans_the_cue() -> None:
    t = "According to media reports, the deal is off."
    s = Source("a.txt", "media reports", "vague", t.index("media"), t.index("media") + 13,
               "according to", 0, 12)
    (f,) = findings.find_all([_parsed("a.txt", t, sources=[s])], [], [])
    assert f.kind == "vague_attribution"
    assert t[f.evidence[0].start:f.evidence[0].end] == "According to media reports"


def test_fragment_does_not_make_a_speaker_conflict() -> None:
    t = "Russia wants “ironclad” guarantees. “We want ironclad guarantees,” Grushko said."
    q1 = _quote("a.txt", t, "ironclad", "Russia", 1, fragment=True)
    q2 = _quote("a.txt", t, "We want ironclad guarantees,", "Alexander Grushko", 2)
    group = QuoteGroup("g1", (QuoteMember(q2, "reference", 100.0),
                              QuoteMember(q1, "excerpt", 100.0)))
    found = findings.find_all([_parsed("a.txt", t, quotes=[q1, q2])], [group], [])
    assert "speaker_conflict" not in [f.kind for f in found]


# -- vague sourcing ----------------------------------------------------------


def _vague(article: str, text: str, phrase: str, cue: str | None = None) -> Source:
    start = text.index(phrase)
    if cue is None:
        return Source(article, phrase, "vague", start, start + len(phrase))
    c = text.index(cue, start)
    return Source(article, phrase, "vague", start, start + len(phrase), cue, c, c + len(cue))


@pytest.mark.parametrize(
    ("text", "phrase", "cue", "named", "raised"),
    [
        ("Sources said the deal is off. Talks go on.", "Sources", "said", None, True),
        # The same sentence credits a named source for the claim.
        ("Reportedly the deal is off, Peskov said.", "Reportedly", None, "Peskov", False),
        # ...a named source in the next sentence does not.
        ("Reportedly the deal is off. Peskov said more.", "Reportedly", None, "Peskov", True),
        # A named institution is not vague sourcing.
        ("A Chinese Foreign Ministry spokesperson said so.",
         "A Chinese Foreign Ministry spokesperson", "said", None, False),
        ("Officials at the Lebanese Health Ministry said so.",
         "Officials at the Lebanese Health Ministry", "said", None, False),
        ("US officials said so.", "US officials", "said", None, True),
        # A named outlet or centre: a capitalised word before "news", "Centres".
        ("The semi-official Fars news said the talks failed.", "The semi-official Fars news",
         "said", None, False),
        ("The Asia Centres for Health Policy has declared an emergency.", "The Asia Centres",
         "declared", None, False),
        # ...but a sentence-initial determiner is not a name.
        ("A group of rights agencies claimed police killed nine.", "A group of rights agencies",
         "claimed", None, True),
        # A stance or an action is not a claim credited to anyone.
        ("Thousands of farmers who came out to march were stopped.", "farmers", "came out",
         None, False),
        ("Local residents protested the new tax.", "Local residents", "protested", None, False),
        # An institution's unnamed source is still unnamed.
        ("A Foreign Ministry source said the talks failed.", "A Foreign Ministry source",
         "said", None, True),
        # Unnamed state media is a state_media finding, not vague sourcing.
        ("Regime media reported the toll.", "Regime media", "reported", None, False),
    ],
)
def test_vague_attribution_only_without_a_named_source(
    text: str, phrase: str, cue: str | None, named: str | None, raised: bool
) -> None:
    sources = [_vague("a.txt", text, phrase, cue)]
    if named is not None:
        n = text.index(named)
        sources.append(Source("a.txt", named, "person", n, n + len(named), "said"))
    found = findings.find_all([_parsed("a.txt", text, sources=sources)], [], [])
    assert [f.kind for f in found if f.kind == "vague_attribution"] == (
        ["vague_attribution"] if raised else [])


# Each row: an article, its vague phrase, a named source (text, kind) with a
# cue, and whether vague_attribution is raised.
@pytest.mark.parametrize(
    ("text", "phrase", "named", "raised"),
    [
        # The next sentence opens with the outlet or group meant.
        ("Rebels took the town, media reported. Kenya's Daily Post confirmed it.",
         "media", ("Daily Post", "outlet"), False),
        ("A group of rights agencies claimed nine died.\n\nThe Bar Reform Forum said so at a "
         "press conference.", "A group of rights agencies", ("Bar Reform Forum", "organisation"),
         False),
        # ...not a source of another kind, nor one deep in the sentence.
        ("Rebels took the town, media reported. Kenya's Daily Post confirmed it.",
         "media", ("Daily Post", "person"), True),
        ("Rebels took the town, media reported. Later in the day and after a long wait, "
         "the Daily Post confirmed it.", "media", ("Daily Post", "outlet"), True),
        # An unnamed person is not named by the next sentence's speaker.
        ("Rebels took the town, officials said. The Daily Post confirmed it.",
         "officials", ("Daily Post", "outlet"), True),
    ],
)
def test_vague_head_named_by_the_next_sentence(
    text: str, phrase: str, named: tuple[str, str], raised: bool
) -> None:
    cue = next(c for c in ("reported", "claimed", "said") if c in text[text.index(phrase):])
    n = text.index(named[0])
    c = text.index("confirmed" if "confirmed" in text else "said", n)
    sources = [_vague("a.txt", text, phrase, cue),
               Source("a.txt", named[0], named[1], n, n + len(named[0]),  # type: ignore[arg-type]
                      text[c:].split()[0], c, c + len(text[c:].split()[0]))]
    found = findings.find_all([_parsed("a.txt", text, sources=sources)], [], [])
    assert [f.kind for f in found if f.kind == "vague_attribution"] == (
        ["vague_attribution"] if raised else [])


def _named(text: str, name: str, cue: str, kind: str = "person") -> Source:
    n = text.index(name)
    c = text.index(cue, n) if cue in text[n:] else text.index(cue)
    return Source("a.txt", name, kind, n, n + len(name), cue, c,  # type: ignore[arg-type]
                  c + len(cue))


# Each row: a sentence, its vague phrase and verb, a named source and its verb
# (the first of that verb after the name), and whether vague_attribution is raised.
@pytest.mark.parametrize(
    ("text", "phrase", "cue", "named", "named_cue", "raised"),
    [
        # A vague phrase with a verb of its own makes its own claim.
        # A vague phrase crediting a claim of its own (a relative clause with
        # a speech verb, a source cue before it) is not excused by a named
        # source of another claim...
        ("The talks failed, according to Peskov, drawing scorn from world leaders who said "
         "they were never real.", "leaders", "said", "Peskov", "according to", True),
        ("The talks failed, drawing scorn from analysts who have claimed they were never "
         "real, Peskov stated.", "analysts", "claimed", "Peskov", "stated", True),
        ("The bridge fell, as reported by local officials, Mary Jones said later.",
         "local officials", "as reported by", "Mary Jones", "said", True),
        # ...unless that source reports the clause holding it.
        ("Mary Jones said she met no supporters who had claimed that.", "supporters",
         "claimed", "Mary Jones", "said", False),
        # A vague subject is excused by a named source of its sentence, as before.
        ("The talks failed, drawing scorn from world leaders, Peskov stated.", "world leaders",
         "drawing scorn", "Peskov", "stated", False),
        # ...unless the named source shares that verb...
        ("Officials and Peskov said the talks failed.", "Officials", "said", "Peskov", "said",
         False),
        # ...or stands between the phrase and its verb, which may be its own.
        ("The farmers blocked roads, prompting Peskov to issue a statement, saying the talks "
         "failed.", "The farmers", "saying", "Peskov", "issue", False),
        # A hedge has no verb of its own: the named source credits the claim.
        ("Reportedly the deal is off, Peskov said.", "Reportedly", "Reportedly", "Peskov",
         "said", False),
    ],
)
def test_a_vague_phrase_with_its_own_verb_is_not_excused_by_another_claims_source(
    text: str, phrase: str, cue: str, named: str, named_cue: str, raised: bool
) -> None:
    vague = _vague("a.txt", text, phrase)
    c = text.index(cue)
    vague = replace(vague, cue=cue, cue_start=c, cue_end=c + len(cue))
    sources = [vague, _named(text, named, named_cue)]
    found = findings.find_all([_parsed("a.txt", text, sources=sources)], [], [])
    assert [f.kind for f in found] == (["vague_attribution"] if raised else [])


# Each row: an article, its vague phrase and verb, the people named in it, and
# whether vague_attribution is raised.
@pytest.mark.parametrize(
    ("text", "phrase", "cue", "people", "raised"),
    [
        # A group of states named by a proper word, mid-sentence or capitalised
        # mid-sentence elsewhere in the article.
        ("At the summit, Nordic allies insisted on more aid.", "Nordic allies", "insisted",
         [], False),
        ("Nordic allies insisted on more aid. Talks with Nordic ministers went on.",
         "Nordic allies", "insisted", [], False),
        # ...a sentence's first word capitalised only by its place names nothing.
        ("Several allies insisted on more aid.", "Several allies", "insisted", [], True),
        # A membership word: the members of a named body.
        ("At the summit, member states insisted on more aid.", "member states", "insisted",
         [], False),
        # The leaders of such a group...
        ("At the summit, leaders of member states reaffirmed their support.", "leaders",
         "reaffirmed", [], False),
        ("At the summit, the leaders of the Nordic countries reaffirmed their support.",
         "the leaders", "reaffirmed", [], False),
        # ...not an unnamed set of people.
        ("At the summit, world leaders reaffirmed their support.", "world leaders",
         "reaffirmed", [], True),
        ("At the summit, leaders of several countries reaffirmed their support.", "leaders",
         "reaffirmed", [], True),
        # A person's name makes a group of people, not of states.
        ("At the summit, Vance allies insisted on more aid, JD Vance said later.",
         "Vance allies", "insisted", ["JD Vance"], True),
    ],
)
def test_a_named_group_of_states_is_not_vague(
    text: str, phrase: str, cue: str, people: list[str], raised: bool
) -> None:
    persons = []
    for name in people:
        at = text.index(name)
        persons.append(Person(name, (Mention("a.txt", at, at + len(name), name, name),)))
    parsed = _parsed("a.txt", text, sources=[_vague("a.txt", text, phrase, cue)],
                     people=persons)
    found = findings.find_all([parsed], [], [])
    assert [f.kind for f in found] == (["vague_attribution"] if raised else [])


@pytest.mark.parametrize(
    ("after", "raised"),
    [
        # The next sentence opens with a named institution as its subject.
        ("The Bar Reform Forum made the revelations at a press conference.", False),
        ("The Centre for Legal Aid presented the figures.", False),
        # ...not a named institution deep in the sentence, nor a person.
        ("Rain fell as the Bar Reform Forum met.", True),
        ("Mary Jones made the revelations at a press conference.", True),
    ],
)
def test_a_vague_group_named_by_the_next_sentences_subject(after: str, raised: bool) -> None:
    text = "A group of rights agencies claimed nine died.\n\n" + after
    parsed = _parsed("a.txt", text, sources=[
        _vague("a.txt", text, "A group of rights agencies", "claimed")])
    found = findings.find_all([parsed], [], [])
    assert [f.kind for f in found] == (["vague_attribution"] if raised else [])


# Each row: a sentence parsed as a whole, and the vague phrase it is raised for.
@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Concerns have been raised about the judge's posts from 2020.",
         "Concerns have been raised"),
        ("Questions were also raised over the count in two districts.",
         "Questions were also raised"),
        ("Doubts have been expressed about the timing of the vote.",
         "Doubts have been expressed"),
        # Who raised them is named: not vague.
        ("Concerns have been raised by the bar council about the judge's posts.", None),
        # The doubt is the subject's own, not a passive.
        ("The bar council raised concerns about the judge's posts.", None),
    ],
)
def test_an_agentless_doubt_is_vague_sourcing(text: str, phrase: str | None) -> None:
    from audit.ingest import article_from_text
    from audit.pipeline import parse_article

    found = findings.find_all([parse_article(article_from_text("a.txt", text))], [], [])
    vague = [text[f.evidence[0].start:f.evidence[0].end] for f in found
             if f.kind == "vague_attribution"]
    assert vague == ([] if phrase is None else [phrase])


def test_one_vague_source_is_one_finding_per_article_with_every_place() -> None:
    t = ("Iranian media reported the crash. Rescuers searched all night. "
         "Local media said the fog was heavy. Officials said nothing.")
    sources = [_vague("a.txt", t, "Iranian media", "reported"),
               _vague("a.txt", t, "Local media", "said"),
               _vague("a.txt", t, "Officials", "said")]
    found = findings.find_all([_parsed("a.txt", t, sources=sources),
                               _parsed("b.txt", t, sources=[replace(s, article="b.txt")
                                                            for s in sources])], [], [])
    assert sorted((f.evidence[0].article, len(f.evidence)) for f in found) == [
        ("a.txt", 1), ("a.txt", 2), ("b.txt", 1), ("b.txt", 2)]
    media = next(f for f in found if len(f.evidence) == 2)
    assert "“Iranian media reported”, “Local media said”" in media.message


# Each row: an article, its vague-looking phrase and verb, and whether
# vague_attribution is raised. Phrases that are no unnamed source of people.
@pytest.mark.parametrize(
    ("text", "phrase", "cue", "raised"),
    [
        # A time or an amount is not a group of people.
        ("The club, in debt for the last three seasons and two years, has filed for relief.",
         "two years", "filed", False),
        ("Over several months, it has claimed losses.", "several months", "claimed", False),
        ("After 40 days the vote was held, and dozens of times said no.",
         "dozens of times", "said", False),
        # ...a quantified group of people is.
        ("Two lawmakers said the vote was rigged.", "Two lawmakers", "said", True),
        # A representative named by the party it speaks for: a possessive...
        ("Acme's lawyer argued the contract was void.", "Acme's lawyer", "argued", False),
        ("The ministry's spokesman said the road would reopen.", "The ministry's spokesman",
         "said", False),
        # ...or a link word and the party.
        ("A lawyer for the tenants argued the rent rise was unlawful.", "A lawyer", "argued",
         False),
        ("An attorney representing the family said the police lied.", "An attorney", "said",
         False),
        # ...the link inside the phrase parsed.
        ("A spokesman for Acme Steel declined to comment.", "A spokesman for Acme Steel",
         "declined", False),
        # ...not a representative of no one, nor another unnamed person.
        ("A lawyer said the police lied.", "A lawyer", "said", True),
        ("A lawyer close to the case said the police lied.", "A lawyer", "said", True),
        ("Acme's employees said the plant was unsafe.", "Acme's employees", "said", True),
        # A definite group the article tied to a name shortly before...
        ("The bank hired auditors from Grant & Co last year.\n\nThe auditors said the "
         "books were clean.", "The auditors", "said", False),
        ("Police named investigators at the Federal Bureau. These investigators said "
         "the fire was set.", "These investigators", "said", False),
        # ...not one introduced without a name, nor a name far away.
        ("The bank hired auditors last year.\n\nThe auditors said the books were clean.",
         "The auditors", "said", True),
        ("The bank hired auditors from Grant & Co." + " Nothing else happened." * 80
         + "\n\nThe auditors said the books were clean.", "The auditors", "said", True),
        # ...nor a group with a modifier of its own.
        ("The bank hired auditors from Grant & Co.\n\nThe outside auditors said the books "
         "were clean.", "The outside auditors", "said", True),
        # A poll's share of a group...
        ("In the survey, 41 percent of voters said the economy was worse.", "voters", "said",
         False),
        ("A clear majority of nurses say they will strike.", "nurses", "say", False),
        ("About 3 in 10 farmers said prices fell.", "farmers", "said", False),
        # ...not a group the sentence does not share out, nor another "minority".
        ("Voters said the economy was worse, 41 days before the vote.", "Voters", "said",
         True),
        ("Leaders of minority groups said the law was unfair.", "Leaders of minority groups",
         "said", True),
        ("After she won a majority of seats, many rivals insist the count was rigged.",
         "many rivals", "insist", True),
        ("Polls show as many as 30 percent of Mr. Ruiz's backers say they will stay home.",
         "backers", "say", False),
        # A group whose members the sentence names right after it...
        ("Four dailies in Ohio, including the Dayton Herald, said the mayor must go.",
         "Four dailies in Ohio", "said", False),
        ("Charities such as Oxfam said the cuts would hurt.", "Charities", "said", False),
        ("The towns of Leeds and York said they would close schools.", "The towns", "said",
         False),
        ("A coalition of 40 groups - including the Red Cross - said aid was blocked.",
         "A coalition of 40 groups", "said", False),
        # ...or the one person meant, set off by commas.
        ("One of her aides, Tom Reyes, told reporters the bill was dead.",
         "One of her aides", "told", False),
        ("One of her aides, speaking privately, told reporters the bill was dead.",
         "One of her aides", "told", True),
        # ...not one place or body after "of", nor a name further on.
        ("Residents of Leeds said they would close schools.", "Residents of Leeds", "said",
         True),
        ("Four dailies said the mayor must go, including in Dayton and Akron.",
         "Four dailies", "said", True),
    ],
)
def test_phrases_that_are_no_unnamed_source(
    text: str, phrase: str, cue: str, raised: bool
) -> None:
    sources = [_vague("a.txt", text, phrase, cue)]
    found = findings.find_all([_parsed("a.txt", text, sources=sources)], [], [])
    assert [f.kind for f in found] == (["vague_attribution"] if raised else [])


@pytest.mark.parametrize(("label", "raised"), [("heading", False), ("paragraph", True)])
def test_a_headlines_vague_words_are_the_bodys(label: str, raised: bool) -> None:
    # A title-case headline reads as a subject and a cue; its sourcing is the
    # body's to carry.
    text = "Officials Say Talks Failed\n\nThe talks ended on Monday."
    art = Article("a.txt", text, paragraphs=(Span(0, 26, label), Span(28, len(text),
                                                                       "paragraph")))
    parsed = ParsedArticle(art, (), (_vague("a.txt", text, "Officials", "Say"),), ())
    found = findings.find_all([parsed], [], [])
    assert [f.kind for f in found] == (["vague_attribution"] if raised else [])


# Each row: an article, its vague phrases with their verbs, and how many
# vague_attribution findings it makes.
@pytest.mark.parametrize(
    ("text", "phrases", "count"),
    [
        # Two unnamed groups in one sentence: one problem, one finding.
        ("Officials and diplomats said the talks failed.",
         [("Officials", "said"), ("diplomats", "said")], 1),
        ("Sources said the deal was off, and analysts reportedly agreed.",
         [("Sources", "said"), ("analysts", "agreed"), ("reportedly", None)], 1),
        # ...in two sentences, one finding each (of two heads).
        ("Officials said the talks failed. Diplomats said more would come.",
         [("Officials", "said"), ("Diplomats", "said")], 2),
        # A chain: a head shared across sentences joins them all.
        ("Officials said the talks failed. Diplomats and officials said more would come.",
         [("Officials", "said"), ("Diplomats", "said"), ("officials", "said")], 1),
        # A definite phrase shortly after another place is the same source...
        ("A source close to the mayor said the deal was off. Later the person added that "
         "talks would resume.", [("A source close to the mayor", "said"),
                                 ("the person", "added")], 1),
        # ...not another group ("the students" are not the officials)...
        ("Military officials said troops withdrew. The students said they would stay.",
         [("Military officials", "said"), ("The students", "said")], 2),
        # ...not far from it, nor an indefinite one.
        ("A source close to the mayor said the deal was off." + " Rain fell." * 150
         + " Later the person added that talks would resume.",
         [("A source close to the mayor", "said"), ("the person", "added")], 2),
        ("A source close to the mayor said the deal was off. Later a person added that "
         "talks would resume.", [("A source close to the mayor", "said"),
                                 ("a person", "added")], 2),
    ],
)
def test_one_sentences_vague_phrases_are_one_finding(
    text: str, phrases: list[tuple[str, str | None]], count: int
) -> None:
    sources = []
    for phrase, cue in phrases:
        at = text.index(phrase)
        if cue is None:
            sources.append(Source("a.txt", phrase, "vague", at, at + len(phrase)))
        else:
            c = text.index(cue, at)
            sources.append(Source("a.txt", phrase, "vague", at, at + len(phrase), cue, c,
                                  c + len(cue)))
    found = findings.find_all([_parsed("a.txt", text, sources=sources)], [], [])
    vague = [f for f in found if f.kind == "vague_attribution"]
    assert len(vague) == count
    assert sum(len(f.evidence) for f in vague) == len(phrases)


def test_overlapping_vague_phrases_are_one_finding_with_both_spans() -> None:
    t = "Media reports indicate that the deal is off."
    long = Source("a.txt", "Media reports", "vague", 0, 13, "indicate that", 14, 27)
    short = Source("a.txt", "Media reports", "vague", 0, 13, "indicate", 14, 22)
    (f,) = findings.find_all([_parsed("a.txt", t, sources=[long, short])], [], [])
    assert [(e.start, e.end) for e in f.evidence] == [(0, 22), (0, 27)]
    assert "“Media reports indicate”" in f.message


# -- state media ---------------------------------------------------------------


# Each row: a sentence, its unnamed source, and the state_media finding it
# makes (rule, subject), if any.
@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        # A state outlet named inside the unnamed source; "semi-official" says so.
        ("The semi-official Fars news said the talks failed.", "The semi-official Fars news",
         ("state_media_disclosed", "Fars News Agency")),
        ("Earlier, an RT Russian service source said the talks failed.",
         "an RT Russian service source", ("state_media_undisclosed", "RT")),
        # State media the article does not name.
        ("Regime media reported the toll.", "Regime media",
         ("state_media_disclosed", "unnamed state media")),
        ("Local media reported the toll.", "Local media", None),
        # Passing on a source the article names: the claim rests on that one.
        ("State media also cited the statement as saying the toll rose.", "State media",
         None),
        ("State TV quoted Interior Minister Ali Rad as saying the toll rose.", "State TV", None),
        # ...not an unnamed one.
        ("State media cited unnamed officials as saying the toll rose.", "State media",
         ("state_media_disclosed", "unnamed state media")),
        # A word inside or ending a longer name is that name's, not an outlet.
        ("A spokeswoman for the Democratic National Convention said the hall was full.",
         "A spokeswoman for the Democratic National Convention", None),
        ("An aide at the Westfield Xinhua Road office said the hall was full.",
         "An aide at the Westfield Xinhua Road office", None),
        # ...a name opening the run is the outlet's, the longest one known.
        ("An RT Arabic producer said the hall was full.", "An RT Arabic producer",
         ("state_media_undisclosed", "RT Arabic")),
        ("An RT Moscow producer said the hall was full.", "An RT Moscow producer",
         ("state_media_undisclosed", "RT")),
    ],
)
def test_state_media_named_inside_or_left_unnamed(
    text: str, phrase: str, found: tuple[str, str] | None
) -> None:
    cue = next(c for c in ("reported", "said", "cited", "quoted") if c in text)
    raised = [(f.rule, f.subject) for f in findings.find_all(
        [_parsed("a.txt", text, sources=[_vague("a.txt", text, phrase, cue)])], [], [])
        if f.kind == "state_media"]
    assert raised == ([] if found is None else [found])


# Each row: a sentence crediting Xinhua, and whether the article says it is
# state media.
@pytest.mark.parametrize(
    ("text", "disclosed"),
    [
        ("China's state news agency Xinhua reported the deal.", True),
        # In the appositive right after the name...
        ("Xinhua, the official Chinese news agency, reported the deal.", True),
        ("Xinhua, China's state-run agency, reported the deal.", True),
        # ...its words parted by up to two others.
        ("China's official English-language news agency Xinhua reported the deal.", True),
        # Not in a later clause, nor with no disclosure at all.
        ("Xinhua reported the deal, and the official Chinese news agency of Laos did not.",
         False),
        ("Xinhua, based in Beijing, reported the deal.", False),
        ("Xinhua reported the deal.", False),
    ],
)
def test_state_media_disclosed_before_the_name_or_in_its_appositive(
    text: str, disclosed: bool
) -> None:
    from audit.parse.sources import classify_outlet

    at = text.index("Xinhua")
    s = Source("a.txt", "Xinhua", "outlet", at, at + 6, "reported",
               text.index("reported"), text.index("reported") + 8,
               outlet=classify_outlet("Xinhua"))
    (f,) = findings.find_all([_parsed("a.txt", text, sources=[s])], [], [])
    assert f.rule == ("state_media_disclosed" if disclosed else "state_media_undisclosed")


def test_state_media_is_one_finding_per_outlet_and_article_with_its_credits() -> None:
    from audit.parse.sources import classify_outlet

    tass = classify_outlet("TASS")
    t = "MOSCOW, May 2. /TASS/. Talks went well, TASS reported. More came later."
    first = t.index("TASS")
    second = t.index("TASS", first + 4)
    credit = Source("a.txt", "TASS", "outlet", first, first + 4, role="credit", outlet=tass)
    reported = Source("a.txt", "TASS", "outlet", second, second + 4, "reported", outlet=tass)
    (f,) = findings.find_all([_parsed("a.txt", t, sources=[credit, reported])], [], [])
    assert f.rule == "state_media_undisclosed" and f.confidence == "high"
    assert [t[e.start:e.end] for e in f.evidence] == ["TASS", "TASS"]
    assert "credited 2 times: as a credit, by “reported”" in f.reasons


# -- quote variants ------------------------------------------------------------


REF = "We will not accept any agreement that leaves our country without real guarantees"


@pytest.mark.parametrize(
    ("wording", "score", "rule"),
    [
        # A word or two changed: an alteration, with the diff.
        ("We will not accept any deal that leaves our country without real guarantees",
         92.0, "quote_altered"),
        # The same statement wholly reworded: another rendering (a translation).
        ("No accord leaving the nation lacking genuine security assurances is acceptable to us",
         70.0, "quote_rendering"),
        # Joined through another member, not close to the reference: no pair.
        ("Real guarantees are what our farmers want from the new trade rules", 40.0, None),
    ],
)
def test_quote_variant_says_what_kind_of_difference(
    wording: str, score: float, rule: str | None
) -> None:
    t1, t2 = f"“{REF},” Smith said.", f"“{wording},” Smith said."
    q1 = _quote("a.txt", t1, REF, "John Smith")
    q2 = _quote("b.txt", t2, wording, "John Smith")
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, "variant", score, q1)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [group], [])
    assert [f.rule for f in found] == ([] if rule is None else [rule])
    if rule == "quote_altered":
        assert found[0].severity == "warning" and "[-agreement-] {+deal+}" in found[0].message
    if rule == "quote_rendering":
        assert found[0].severity == "info"


LONG_REF = ("We will not accept any agreement that leaves our country without real guarantees "
            "for its security and its borders. Our people have waited for peace for many long "
            "and difficult years")


# Each row: a wording of LONG_REF's statement, its relation to it in the
# group, and the finding it makes.
@pytest.mark.parametrize(
    ("wording", "relation", "rule"),
    [
        # A part of it, word for word: shortened.
        ("leaves our country without real guarantees for its security", "excerpt",
         "quote_truncated"),
        # A part of it with a word changed: altered, not shortened.
        ("any deal that leaves our country without real guarantees for its security",
         "excerpt", "quote_altered"),
        # Its first sentence with a word changed: altered where it was taken from,
        # though the second sentence is left out.
        ("We will not accept any deal that leaves our country without real guarantees "
         "for its security and its borders", "variant", "quote_altered"),
        # A clause rewritten, most words kept: another rendering.
        ("We will not accept any agreement that sells out every family in this land "
         "without real guarantees for its security and its borders", "variant",
         "quote_rendering"),
        # A short phrase swapped (up to alteration_max_run words) is a change.
        ("We will not accept any agreement that leaves the people of Kenya "
         "without real guarantees for its security and its borders", "variant",
         "quote_altered"),
    ],
)
def test_a_variant_is_compared_with_the_part_it_was_taken_from(
    wording: str, relation: str, rule: str
) -> None:
    t1, t2 = f"“{LONG_REF},” Smith said.", f"“{wording},” Smith said."
    q1 = _quote("a.txt", t1, LONG_REF, "John Smith")
    q2 = _quote("b.txt", t2, wording, "John Smith")
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, relation, 90.0, q1)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [group], [])
    assert [f.rule for f in found] == [rule]
    if rule == "quote_altered":
        assert "Our people" not in found[0].message  # the part left out is not a change


@pytest.mark.parametrize(
    ("first", "rule"),
    [
        # The article's first sentence altered: the alteration, not the exact
        # quote of its second sentence, is the article's finding.
        ("We will not accept any deal that leaves our country without real guarantees "
         "for its security and its borders", "quote_altered"),
        # Both word for word: the closest wording, a shortened form.
        ("We will not accept any agreement that leaves our country without real guarantees "
         "for its security and its borders", "quote_truncated"),
    ],
)
def test_an_article_quoting_two_parts_gets_its_most_serious_difference(
    first: str, rule: str
) -> None:
    second = "Our people have waited for peace for many long and difficult years"
    t1, t2 = f"“{LONG_REF},” Smith said.", f"“{first},” Smith said. “{second}.”"
    q1 = _quote("a.txt", t1, LONG_REF, "John Smith")
    q2 = _quote("b.txt", t2, first, "John Smith")
    q3 = _quote("b.txt", t2, second, "John Smith", 2)
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, "excerpt" if rule == "quote_truncated" else "variant",
                                      94.0, q1),
                              _member(q3, "excerpt", 100.0, q1)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [group], [])
    assert [f.rule for f in found] == [rule]


def test_headline_and_body_copies_are_one_variant_finding() -> None:
    t1 = f"“{REF},” Smith said."
    altered = REF.replace("agreement", "deal")
    head = altered.split(" that")[0]
    t2 = f"{head}\n\n“{altered},” Smith said."
    q1 = _quote("a.txt", t1, REF, "John Smith")
    q_head = _quote("b.txt", t2, head, None, 1)
    q_body = _quote("b.txt", t2[len(head):], altered, "John Smith", 2)
    q_body = replace(q_body, start=q_body.start + len(head), end=q_body.end + len(head))
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q_head, "variant", 80.0, q1),
                              _member(q_body, "variant", 92.0, q1)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [group], [])
    assert [(f.rule, f.evidence[1].start) for f in found] == [("quote_altered", q_body.start)]


# -- title evidence ------------------------------------------------------------


@settings(deadline=None)  # the first example loads the rules
@given(
    title=st.sampled_from(["President", "President-elect", "former minister", "minister"]),
    name=st.sampled_from(["Donald Trump", "Ana Brnabic"]),
    before=st.booleans(),
    pad=st.text(alphabet="ab ,.", max_size=20),
)
def test_title_evidence_starts_before_it_ends_and_slices_the_text(
    title: str, name: str, before: bool, pad: str
) -> None:
    text = pad + (f"{title} {name} said." if before else f"{name}, the {title}, said.")
    start, tstart = text.index(name), text.index(title, len(pad))
    m = Mention("a.txt", start, start + len(name), name, name, title, tstart,
                tstart + len(title))
    texts = findings.ArticleTexts([_parsed("a.txt", text)])
    e = findings.title_evidence(m, texts)
    assert e.start <= e.end
    piece = text[e.start:e.end]
    assert name in piece and title in piece


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("US President", "US President-elect", "title_conflict"),
        ("Foreign Minister", "Deputy Foreign Minister", "title_conflict"),
        # Past status: maybe a historical reference ("under President Bush").
        ("former President", "President", "title_past"),
        ("Ex-CIA chief", "CIA chief", "title_past"),
        # Two roles of one candidate, two offices: no conflict.
        ("GOP nominee", "GOP frontrunner", None),
        ("Former CIA Director", "Ex-CIA chief", None),
    ],
)
def test_title_conflict_rule(a: str, b: str, rule: str | None) -> None:
    assert findings.title_conflict_rule(a, b) == rule
    assert findings.title_conflict_rule(b, a) == rule


@pytest.mark.parametrize(
    ("title", "own"),
    [
        ("US President", True),
        ("Secretary of State", True),
        ("daughter of former President", False),
        ("press secretary to President", False),
        ("the former chairman of President", False),
        ("Republican nominee Donald Trump’s wife", False),
    ],
)
def test_a_title_describing_a_relation_is_not_the_persons_own(title: str, own: bool) -> None:
    assert findings.is_own_title(title) is own


def test_alike_statements_of_two_speakers_are_not_an_error() -> None:
    a = "I don’t want you to have the wrong impression: it’s possible to be kind and tough."
    b = "You don’t want to be the story"
    t1, t2 = f"“{a}” Kasich said.", f"“{b},” Kelly said."
    q1 = _quote("a.txt", t1, a, "John Kasich")
    q2 = _quote("b.txt", t2, b, "Megyn Kelly")
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, "variant", 72.0, q1)))
    found = [f for f in findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)],
                                          [group], []) if f.kind == "speaker_conflict"]
    assert [(f.severity, f.confidence) for f in found] == [("info", "low")]
    assert "the wordings are only alike, not the same words" in found[0].reasons
    assert findings.same_wording(a, a.replace("kind", "gentle"))
    assert not findings.same_wording(a, b)


@pytest.mark.parametrize(
    ("speaker", "raised"),
    [("John Smith", True), (None, True), ("Smith", True), ("Alex Conant", False)],
)
# (A wording under alteration_min_words words needs one named speaker:
# test_a_short_alteration_needs_one_named_speaker.)
def test_an_alteration_needs_one_speaker_or_an_unknown_one(
    speaker: str | None, raised: bool
) -> None:
    altered = REF.replace("agreement", "deal")
    t1, t2 = f"“{REF},” Smith said.", f"“{altered},” he said."
    q1 = _quote("a.txt", t1, REF, "John Smith")
    # A named speaker comes with its cue ("he said"): a name with no cue
    # does not say who spoke (findings.speakers_differ).
    q2 = replace(_quote("b.txt", t2, altered, None), speaker=speaker,
                 cue="said" if speaker else None)
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, "variant", 92.0, q1)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [group], [])
    altered_found = [f for f in found if f.rule == "quote_altered"]
    assert bool(altered_found) is raised
    if raised:
        assert "[-agreement-] {+deal+}" in altered_found[0].message


@pytest.mark.parametrize(("speaker", "raised"), [("Bernie Sanders", True), (None, False)])
def test_a_short_alteration_needs_one_named_speaker(speaker: str | None, raised: bool) -> None:
    t1, t2 = "He will have “a lot of delegates” soon, Sanders said.", "“a lot of emotion”"
    q1 = _quote("a.txt", t1, "a lot of delegates", "Bernie Sanders")
    q2 = replace(_quote("b.txt", t2, "a lot of emotion", None), speaker=speaker)
    group = QuoteGroup("g1", (_member(q1, "reference", 100.0),
                              _member(q2, "variant", 70.0, q1)))
    found = findings.find_all([_parsed("a.txt", t1), _parsed("b.txt", t2)], [group], [])
    assert ("quote_altered" in [f.rule for f in found]) is raised


# -- every finding -----------------------------------------------------------


@pytest.mark.parametrize("folder", ["seeds", "tests/gold/findings/ke-finance-bill-protests",
                                    "tests/gold/findings/ru-navalny-death"])
def test_every_finding_says_why_and_how_sure_on_real_articles(folder: str) -> None:
    from audit.pipeline import audit_paths

    result = audit_paths([str(paths.ROOT / folder)])
    texts = {p.article.path: p.article.text for p in result.parsed}
    assert result.findings
    for f in result.findings:
        assert f.confidence in ("high", "medium", "low") and f.reasons, f
        assert f.severity == findings_rules_severity(f.rule), f
        for e in f.evidence:
            assert 0 <= e.start <= e.end <= len(texts[e.article]), f
        # An error is only ever a sure contradiction.
        assert f.severity != "error" or f.confidence == "high", f
    # The JSON carries them too.
    for d in result.as_dict()["findings"]:
        assert d["confidence"] and d["reasons"] and d["evidence"], d


def findings_rules_severity(rule: str) -> str:
    """The severity ``findings.toml`` gives ``rule``."""
    from audit.rules.findings import findings_rules

    return findings_rules().rules[rule].severity
