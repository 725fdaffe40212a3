"""The store's incremental grouping against match.group_quotes where the
join rules skip quotes: short quotes with no speaker ("fake") join no group
and are no partner, in memory and in a store alike. Sentences written for
these tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from corpora import make_article

from audit import match
from audit.models import ParsedArticle
from audit.store import Store, grouping

STATEMENT = "The bridge will reopen to lorries once the inspectors have signed off"


def _unspoken(item: ParsedArticle, *numbers: int) -> ParsedArticle:
    """``item`` with the speaker of its quotes ``numbers`` taken away."""
    quotes = tuple(dataclasses.replace(q, speaker=None, speaker_start=None, speaker_end=None,
                                       cue=None) if i in numbers else q
                   for i, q in enumerate(item.quotes))
    return dataclasses.replace(item, quotes=quotes)


def _story() -> list[ParsedArticle]:
    return [
        _unspoken(make_article("1.txt", [("Ola Berg", "reopen"), ("Ola Berg", STATEMENT),
                                         ("Ola Berg", "signed off")]), 0, 2),
        _unspoken(make_article("2.txt", [("Ola Berg", "reopen"), ("Ola Berg", "signed off"),
                                         ("Ola Berg", STATEMENT + " next week")]), 0),
        make_article("3.txt", [("Ola Berg", "signed off"), ("Kim Dahl", "reopen")]),
    ]


def _partition(groups: object) -> set[frozenset[str]]:
    return {frozenset(m.quote.id for m in g.members) for g in groups}  # type: ignore[attr-defined]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_store_groups_short_unspoken_quotes_as_group_quotes_does(
    tmp_path: Path, order: str
) -> None:
    items = _story()
    expected = match.group_quotes(q for p in items for q in p.quotes)
    with Store.open(str(tmp_path / "s.db")) as st:
        for item in (items if order == "forward" else items[::-1]):
            st.add([item])  # one at a time: incremental
        got = st.groups()
    assert _partition(got) == _partition(expected)
    # The short quotes with no speaker are alone; "signed off" by the named
    # speaker joins her statement's group.
    alone = {q.id for p in items for q in p.quotes if q.speaker is None}
    for g in expected:
        ids = {m.quote.id for m in g.members}
        assert len(ids) == 1 or not ids & alone
    assert any({"2.txt#q1", "3.txt#q0", "1.txt#q1"} <= g for g in _partition(expected))


def test_store_does_not_look_up_partners_for_a_short_unspoken_quote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up: list[tuple[str, ...]] = []
    real = grouping.candidate_ids

    def counting(db: Any, settings: Any, words: Sequence[str], *a: Any, **kw: Any) -> set[int]:
        looked_up.append(tuple(words))
        return real(db, settings, words, *a, **kw)

    monkeypatch.setattr(grouping, "candidate_ids", counting)
    with Store.open(str(tmp_path / "s.db")) as st:
        for item in _story():
            st.add([item])
    # "reopen" three times, said by someone only in 3.txt: one look-up.
    assert looked_up.count(("reopen",)) == 1
    assert looked_up.count(("signed", "off")) == 2
