"""Tests for audit.rules.store, the view of store.toml: the shipped file
loads, and a missing or malformed key is a DataError naming file and key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from audit.errors import DataError
from audit.rules import load_data
from audit.rules import store as rules_store
from audit.store import index_settings


@pytest.fixture
def fresh() -> Iterator[None]:
    rules_store.store_rules.cache_clear()
    yield
    rules_store.store_rules.cache_clear()


def test_shipped_store_toml_loads() -> None:
    rules = rules_store.store_rules()
    data = load_data("store.toml")
    assert rules.lookup.postings == data["lookup"]["postings_budget"]
    assert rules.grouping.containment == data["grouping"]["min_containment"]
    assert index_settings().grouping == rules.grouping


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ({"lookup": {}}, r"store\.toml \[lookup\].*max_terms"),
        ({}, r"\[lookup\] table is missing"),
        ({"lookup": {"max_terms": "64"}}, r"'max_terms' must be an integer"),
    ],
)
def test_bad_store_toml_is_a_data_error(
    fresh: None, monkeypatch: pytest.MonkeyPatch, tables: dict[str, Any], message: str
) -> None:
    monkeypatch.setattr(rules_store, "load_data", lambda name: tables)
    with pytest.raises(DataError, match=message) as info:
        rules_store.store_rules()
    assert "store.toml" in str(info.value)
