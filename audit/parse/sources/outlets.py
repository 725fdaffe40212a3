"""Outlet classification: the outlet record of a name, with the State Media
Matrix typology code kept as is (never reduced to a yes/no flag), and which
codes count as state-affiliated."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

from ...models import Outlet
from ...rules.outlets import load_outlets, matrix_key, state_media_matrix


def _typology(names: Iterable[str], country: str | None) -> tuple[str, str] | None:
    """(typology, country) of the matrix rows named exactly like one of ``names``."""
    table = state_media_matrix()
    hits = [h for n in names for h in table.get(matrix_key(n), ())]
    if country is not None:
        hits = [h for h in hits if h.country == country]
    # A bare name found in several countries ("MBC", "PBS") is not classified.
    if not hits or len({h.country for h in hits}) > 1:
        return None
    pool = [h for h in hits if h.asset] or hits
    counts = Counter(h.typology for h in pool)
    order = list(load_outlets().labels)
    best = min(counts, key=lambda t: (-counts[t], order.index(t) if t in order else len(order), t))
    return best, hits[0].country


def _make_outlet(name: str, kind: str, country: str | None) -> Outlet:
    lex = load_outlets()
    entry = lex.find(name)
    spellings = (entry.name, *entry.aliases) if entry else (name,)
    found = _typology(spellings, country)
    if found is None:
        return Outlet(name=name, kind=kind, country=country)
    typology, matrix_country = found
    return Outlet(
        name=name,
        kind=kind,
        country=country or matrix_country,
        typology=typology,
        typology_label=lex.labels.get(typology),
        classification_source=lex.classification_source,
    )


@cache
def classify_outlet(name: str) -> Outlet | None:
    """The outlet record for ``name``: canonical name, kind and country from the
    lexicon (by name or alias), and the State Media Matrix typology code when
    the matrix lists it (whole names only, same country as the lexicon entry).

    A name the lexicon does not know is looked up in the matrix alone; None when
    neither knows it (or the matrix lists the name in several countries)."""
    entry = load_outlets().find(name)
    if entry is not None:
        return _make_outlet(entry.name, entry.kind, entry.country)
    if _typology((name,), None) is None:
        return None
    return _make_outlet(name.strip(), guess_kind(name) or "unknown", None)


def is_state_affiliated(outlet: Outlet | None) -> bool:
    """True when the outlet's typology is one of the codes ``outlets.toml``
    counts as state-affiliated (SC, CaPu, CaPr: the state controls the editorial
    line). Independent public media (IP, e.g. the BBC) and independent
    state-funded or state-managed media (ISFM, ISF, ISM) are not."""
    return outlet is not None and outlet.typology in load_outlets().affiliated


def guess_kind(name: str) -> str | None:
    """The outlet kind implied by a name's last word ("The WP Times": newspaper)."""
    found = outlet_head(name)
    return found[0] if found else None


def outlet_head(name: str) -> tuple[str, int] | None:
    """(kind, number of words) of the generic outlet head that ends ``name``
    ("BERNAMA News Agency": wire agency, 2), the longest first."""
    heads = _generic_heads()
    words = name.split()
    for size in (3, 2, 1):
        kind = heads.get(" ".join(words[-size:]).casefold())
        if kind is not None:
            return kind, min(size, len(words))
    return None


@cache
def _generic_heads() -> Mapping[str, str]:
    heads = load_outlets().generic.heads
    return {h.casefold(): kind for kind in heads for h in heads[kind]}
