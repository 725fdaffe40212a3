"""The organisations of ``organisations.toml``: names, heads and the other
word lists the sources stage builds its organisation phrases from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import load_data, strings

NAME = "organisations.toml"


@dataclass(frozen=True)
class Organisations:
    """The word lists of ``organisations.toml`` (see the file for each one)."""

    names: tuple[str, ...]  # proper names, matched case-sensitively
    metonyms: tuple[str, ...]  # "the Kremlin", "Washington"
    countries: tuple[str, ...]
    heads: tuple[str, ...]  # "Ministry", "Institute": capitalised words before them join
    common: tuple[str, ...]  # "the ministry", "Trump's campaign"
    bare: tuple[str, ...]  # plural groups without a determiner ("police")


@cache
def organisations() -> Organisations:
    """The validated view of ``organisations.toml`` (cached)."""
    data = load_data(NAME)
    return Organisations(
        names=strings(data, "names", NAME),
        metonyms=strings(data, "metonyms", NAME),
        countries=strings(data, "countries", NAME),
        heads=strings(data, "heads", NAME),
        common=strings(data, "common", NAME),
        bare=strings(data, "bare", NAME),
    )
