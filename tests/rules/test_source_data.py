"""Tests for the data views the sources stage reads: audit.rules.sources,
audit.rules.vague, audit.rules.outlets and audit.rules.organisations."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from audit.errors import DataError
from audit.rules import load_data, read_text_data
from audit.rules import organisations as organisations_view
from audit.rules import outlets as outlets_view
from audit.rules import sources as sources_view
from audit.rules import vague as vague_view


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Any, str, Any], None]]:
    """Replace one data file, as a view module reads it, by an edited copy;
    the views' caches are cleared before and after."""
    views = (
        sources_view.source_rules,
        vague_view.vague,
        outlets_view.load_outlets,
        outlets_view.state_media_matrix,
        organisations_view.organisations,
    )

    def patch(module: Any, name: str, data: Any) -> None:
        monkeypatch.setattr(module, "load_data", lambda asked: data if asked == name else None)
        for view in views:
            view.cache_clear()

    yield patch
    monkeypatch.undo()
    for view in views:
        view.cache_clear()


def edited(name: str) -> dict[str, Any]:
    """A deep copy of the shipped data file ``name``."""
    return copy.deepcopy(load_data(name))


def test_views_read_the_shipped_files() -> None:
    rules = sources_view.source_rules()
    assert rules is sources_view.source_rules()
    assert rules.subject.glue and rules.chains.citing and rules.classes
    assert all(cls.verbs or cls.lemmas for cls in rules.classes.values())
    assert "complementizers" not in rules.weak_verbs and "subjects" not in rules.idioms
    assert vague_view.vague().direct and vague_view.vague().noun.heads
    assert organisations_view.organisations().names
    lex = outlets_view.load_outlets()
    assert lex.kinds == tuple(lex.generic.heads)
    assert outlets_view.state_media_matrix()[outlets_view.matrix_key("TASS")]


def test_missing_table_names_file_and_key(patched: Callable[[Any, str, Any], None]) -> None:
    data = edited("sources.toml")
    del data["colon"]
    patched(sources_view, "sources.toml", data)
    with pytest.raises(DataError, match=r"sources\.toml: \[colon\] table is missing"):
        sources_view.source_rules()


def test_bad_integer_and_list(patched: Callable[[Any, str, Any], None]) -> None:
    data = edited("sources.toml")
    data["subject"]["segments_back"] = -1
    patched(sources_view, "sources.toml", data)
    with pytest.raises(DataError, match=r"\[subject\].*'segments_back' must be a non-negative"):
        sources_view.source_rules()
    data = edited("sources.toml")
    data["chains"]["citing"] = "citing"
    patched(sources_view, "sources.toml", data)
    with pytest.raises(DataError, match=r"\[chains\].*'citing' must be a list"):
        sources_view.source_rules()


def test_absent_integer_takes_its_default(patched: Callable[[Any, str, Any], None]) -> None:
    data = edited("sources.toml")
    del data["pronouns"]["window"]
    patched(sources_view, "sources.toml", data)
    assert sources_view.source_rules().pronouns.window == 2


def test_verb_class_and_idiom_shapes(patched: Callable[[Any, str, Any], None]) -> None:
    data = edited("sources.toml")
    data["classes"]["stance"]["subjects"] = ["planet"]
    patched(sources_view, "sources.toml", data)
    with pytest.raises(DataError, match=r"\[classes\.stance\] subjects has an unknown kind"):
        sources_view.source_rules()
    data = edited("sources.toml")
    data["idioms"]["go_after"] = {"needs": ["after"]}
    patched(sources_view, "sources.toml", data)
    with pytest.raises(DataError, match=r"\[idioms\.go_after\] needs a pattern string"):
        sources_view.source_rules()


def test_vague_direct_and_partitive(patched: Callable[[Any, str, Any], None]) -> None:
    data = edited("vague.toml")
    data["direct"][0] = {"name": "reportedly"}
    patched(vague_view, "vague.toml", data)
    with pytest.raises(DataError, match="direct entry needs name and pattern"):
        vague_view.vague()
    data = edited("vague.toml")
    data["noun"]["partitive"] = 3
    patched(vague_view, "vague.toml", data)
    with pytest.raises(DataError, match=r"vague\.toml: \[noun\] partitive must be a string"):
        vague_view.vague()


def test_outlets_and_organisations(patched: Callable[[Any, str, Any], None]) -> None:
    data = edited("outlets.toml")
    data["outlet"][0]["kind"] = "pamphlet"
    patched(outlets_view, "outlets.toml", data)
    with pytest.raises(DataError, match="has unknown kind 'pamphlet'"):
        outlets_view.load_outlets()
    data = edited("outlets.toml")
    del data["generic"]["domains"]
    patched(outlets_view, "outlets.toml", data)
    assert outlets_view.load_outlets().generic.domains == ()
    data = edited("organisations.toml")
    data["names"] = [""]
    patched(organisations_view, "organisations.toml", data)
    with pytest.raises(DataError, match=r"organisations\.toml: 'names' must be a list"):
        organisations_view.organisations()


def test_lexicon_and_packaged_matrix() -> None:
    lex = outlets_view.load_outlets()
    assert outlets_view.load_outlets() is lex
    assert all(e.kind in lex.kinds for e in lex.entries)
    assert lex.find("the Associated Press") is lex.find("AP")
    rows = read_text_data("state_media", "State_Media_Matrix.csv").splitlines()
    assert rows[0].split(",") == [
        "Region",
        "Country",
        "Media company",
        "Main assets",
        "URL",
        "Typology",
        "Status",
    ]
    assert len(rows) == 1158
    source = read_text_data("state_media", "SOURCE.md")
    assert "d878fee" in source and "MIT" in source
    assert "ASD-at-GMF" in read_text_data("state_media", "LICENSE")
