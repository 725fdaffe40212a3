"""The data views of quotes.toml and people.toml, and the folded speech verbs
of cues.toml: loaded as the parsers use them, and a malformed file named with
its key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from audit.errors import DataError
from audit.rules import cues as cues_view
from audit.rules import people as people_view
from audit.rules import quotes as quotes_view


def _clear_caches() -> None:
    quotes_view.quote_rules.cache_clear()
    people_view.people_lexicon.cache_clear()
    cues_view.cues.cache_clear()
    cues_view.speech_verbs.cache_clear()


@pytest.fixture
def fresh_views() -> Iterator[None]:
    """Clear the view caches around a test that feeds them other data."""
    _clear_caches()
    yield
    _clear_caches()


def test_quote_rules() -> None:
    rules = quotes_view.quote_rules()
    assert rules.pronouns == {"he", "she"}
    assert "point_out" in rules.bare_clause
    assert (rules.fragment_words, rules.title_words, rules.reported_words) == (5, 8, 3)


def test_people_lexicon_is_folded() -> None:
    lexicon = people_view.people_lexicon()
    assert "spokesman" in lexicon.roles and "sen." in lexicon.abbreviations
    assert "señor" in lexicon.honorifics and "peter" in lexicon.given_names
    never = lexicon.never
    assert "monday" in never.days and never.days <= never.every
    assert never.organisations | never.groups | never.institutions <= never.every
    assert all(word == word.casefold() for word in lexicon.roles | never.every)


def test_speech_verbs() -> None:
    verbs = cues_view.speech_verbs()
    assert verbs.forms["said"] == "say" and verbs.forms["told"] == "tell"
    assert verbs.pairs[("pointed", "out")] == "point_out"
    assert {"said", "told", "described", "pointed"} <= verbs.participles
    assert "saying" not in verbs.participles
    assert {"say", "point", "put"} <= verbs.bare_plurals


def test_missing_table_names_file_and_key(
    fresh_views: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quotes_view, "load_data", lambda name: {"attribution": {}})
    with pytest.raises(DataError, match=r"quotes\.toml: \[title\] table is missing"):
        quotes_view.quote_rules()


def test_malformed_list_names_file_and_key(
    fresh_views: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = {
        "titles": {"roles": "spokesman"},
        "names": {},
        "never": {},
        "honorifics": {},
        "given_names": {},
    }
    monkeypatch.setattr(people_view, "load_data", lambda name: data)
    with pytest.raises(DataError, match=r"people\.toml \[titles\].*'roles'"):
        people_view.people_lexicon()


def test_malformed_number_names_file_and_key(
    fresh_views: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = {"attribution": {}, "fragment": {"max_words": "five"}, "title": {}, "reported": {}}
    monkeypatch.setattr(quotes_view, "load_data", lambda name: data)
    with pytest.raises(DataError, match=r"quotes\.toml \[fragment\].*'max_words'"):
        quotes_view.quote_rules()
