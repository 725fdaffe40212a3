"""The corpus store's index budgets of ``store.toml``: how many stems,
postings and candidates a look-up, and the look-up each new quote makes to
find its group, may read and verify."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import integer, load_data, number, table

NAME = "store.toml"


@dataclass(frozen=True)
class IndexBudget:
    """One ``[lookup]`` or ``[grouping]`` table (the file explains each value)."""

    terms: int
    postings: int
    candidates: int
    run_hits: int
    containment: float
    full: int
    pair_postings: int


@dataclass(frozen=True)
class StoreRules:
    """The budgets of a look-up and of choosing a new quote's group."""

    lookup: IndexBudget
    grouping: IndexBudget


def _budget(data: Mapping[str, Any], key: str) -> IndexBudget:
    tab = table(data, key, NAME)
    name = f"{NAME} [{key}]"
    return IndexBudget(
        terms=integer(tab, "max_terms", name),
        postings=integer(tab, "postings_budget", name),
        candidates=integer(tab, "max_candidates", name),
        run_hits=integer(tab, "max_run_hits", name),
        containment=number(tab, "min_containment", name),
        full=integer(tab, "max_full", name),
        pair_postings=integer(tab, "pair_postings", name),
    )


@cache
def store_rules() -> StoreRules:
    """The validated view of ``store.toml`` (cached)."""
    data = load_data(NAME)
    return StoreRules(lookup=_budget(data, "lookup"), grouping=_budget(data, "grouping"))
