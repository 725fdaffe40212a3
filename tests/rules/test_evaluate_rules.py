"""The typed view of ``evaluate.toml`` (audit.rules.evaluate)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from audit.errors import DataError
from audit.rules import evaluate as evaluate_view
from audit.rules import load_data


@pytest.fixture
def fresh_view() -> Iterator[None]:
    """Drop the cached view before and after, so a patched file is read."""
    evaluate_view.evaluate_rules.cache_clear()
    yield
    evaluate_view.evaluate_rules.cache_clear()


def test_shipped_file_gives_the_settings_eval_uses(fresh_view: None) -> None:
    rules = evaluate_view.evaluate_rules()
    assert rules.thresholds == (0.3, 0.8)
    assert rules.primary == 0.3
    assert rules.top_errors == 20
    assert "he" not in rules.not_names and "He" in rules.not_names
    assert "gov" in rules.titles and "jr" in rules.suffixes
    assert "Monday" in rules.not_names


def _patched(monkeypatch: pytest.MonkeyPatch, edit: Any) -> None:
    data = copy.deepcopy(load_data(evaluate_view.NAME))
    edit(data)
    monkeypatch.setattr(evaluate_view, "load_data", lambda name: data)


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda d: d.pop("names"), "[names]"),
        (lambda d: d["quotes"].pop("primary"), "'primary'"),
        (lambda d: d["quotes"].update(thresholds=[0.3, "high"]), "'thresholds'"),
        (lambda d: d["quotes"].update(thresholds=[]), "'thresholds'"),
        (lambda d: d["report"].update(top_errors=2.5), "'top_errors'"),
        (lambda d: d["names"].update(titles=["Mr", ""]), "'titles'"),
    ],
)
def test_malformed_file_names_the_file_and_key(
    fresh_view: None, monkeypatch: pytest.MonkeyPatch, edit: Any, key: str
) -> None:
    _patched(monkeypatch, edit)
    with pytest.raises(DataError) as caught:
        evaluate_view.evaluate_rules()
    assert "evaluate.toml" in str(caught.value)
    assert key in str(caught.value)
