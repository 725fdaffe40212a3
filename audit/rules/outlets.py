"""The news outlets of ``outlets.toml`` and the State Media Matrix (ASD, MIT)
shipped under ``audit/data/state_media``: the outlet lexicon with its
state-media settings and generic outlet words, and the matrix rows indexed by
outlet name."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from ..errors import DataError
from ..text import normalize
from . import load_data, read_text_data, string_lists, strings, table

NAME = "outlets.toml"


@lru_cache(maxsize=8192)
def outlet_key(name: str) -> str:
    """Comparison key of an outlet name: normalised, without a leading "the"
    (cached: the same spellings are looked up in every article)."""
    key = normalize(name)
    return key[4:] if key.startswith("the ") else key


def matrix_key(name: str) -> str:
    """The key of an outlet name in the State Media Matrix index: the outlet key
    without spaces (the matrix writes "France24" where articles write "France 24")."""
    return outlet_key(name).replace(" ", "")


@dataclass(frozen=True)
class OutletEntry:
    """One outlet of ``outlets.toml``."""

    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    strict: frozenset[str]
    match_name: bool = True


@dataclass(frozen=True)
class GenericOutletWords:
    """The ``[generic]`` table: how an outlet the list does not know is recognised."""

    heads: Mapping[str, tuple[str, ...]]  # kind -> name heads ("Times": newspaper)
    descriptors: Mapping[str, tuple[str, ...]]  # kind -> descriptors ("news agency")
    descriptor_modifiers: tuple[str, ...]
    domains: tuple[str, ...]
    modifier_like: tuple[str, ...]
    follow_capitalised: tuple[str, ...]
    follow_ok: tuple[str, ...]


@dataclass(frozen=True)
class OutletLexicon:
    """The outlets lexicon with its state-media settings (see ``outlets.toml``)."""

    entries: tuple[OutletEntry, ...]
    keys: Mapping[str, OutletEntry]
    kinds: tuple[str, ...]
    affiliated: frozenset[str]
    labels: Mapping[str, str]
    classification_source: str
    matrix_file: str
    generic: GenericOutletWords

    def find(self, name: str) -> OutletEntry | None:
        """The entry whose name or alias is ``name`` (case and "the" ignored)."""
        return self.keys.get(outlet_key(name))


@cache
def load_outlets() -> OutletLexicon:
    """The outlets lexicon from ``audit/data/outlets.toml`` (cached)."""
    data = load_data(NAME)
    media = table(data, "state_media", NAME)
    generic = table(data, "generic", NAME)
    heads = string_lists(generic, "heads", NAME)
    kinds = tuple(heads)
    labels = table(media, "labels", NAME)
    entries: list[OutletEntry] = []
    keys: dict[str, OutletEntry] = {}
    raw = data.get("outlet")
    if not isinstance(raw, list) or not raw:
        raise DataError(NAME, "no [[outlet]] entries")
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise DataError(NAME, f"outlet without a name: {item!r}")
        kind = item.get("kind")
        if kind not in kinds:
            raise DataError(NAME, f"outlet {item['name']!r} has unknown kind {kind!r}")
        country = item.get("country")
        entry = OutletEntry(
            name=item["name"],
            kind=str(kind),
            country=country if isinstance(country, str) else None,
            aliases=strings(item, "aliases", NAME),
            strict=frozenset(strings(item, "strict", NAME)),
            match_name=not item.get("exclude_name", False),
        )
        entries.append(entry)
        for spelling in (entry.name, *entry.aliases):
            key = outlet_key(spelling)
            if keys.get(key, entry) is not entry:
                raise DataError(NAME, f"{spelling!r} names two outlets")
            keys[key] = entry
    return OutletLexicon(
        entries=tuple(entries),
        keys=keys,
        kinds=kinds,
        affiliated=frozenset(strings(media, "affiliated", NAME)),
        labels={str(k): str(v) for k, v in labels.items()},
        classification_source=str(media.get("classification_source", "")),
        matrix_file=str(media.get("file", "")),
        generic=GenericOutletWords(
            heads=heads,
            descriptors=string_lists(generic, "descriptors", NAME),
            descriptor_modifiers=strings(generic, "descriptor_modifiers", NAME),
            domains=strings(generic, "domains", NAME),
            modifier_like=strings(generic, "modifier_like", NAME),
            follow_capitalised=strings(generic, "follow_capitalised", NAME),
            follow_ok=strings(generic, "follow_ok", NAME),
        ),
    )


# ---------------------------------------------------------------------------
# State Media Matrix


@dataclass(frozen=True)
class MatrixEntry:
    """One outlet name of a State Media Matrix row."""

    country: str
    typology: str
    asset: bool  # matched a "Main assets" cell (more specific than the company)


@cache
def _cell_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # "News agency: Xinhua", "Print: Izvestia" -> the name after the medium label;
    # "British Broadcasting Corporation (BBC)" -> the name and its abbreviation.
    return re.compile(r"^[A-Za-z ]{2,20}:\s+"), re.compile(r"^([^()]*)\(([^()]*)\)?")


def _cell_names(cell: str) -> list[str]:
    prefix, paren = _cell_patterns()
    cell = prefix.sub("", cell.strip().rstrip("*").strip())
    m = paren.match(cell)
    if m is None:
        return [cell] if cell else []
    base, inner = m.group(1).strip(), m.group(2).strip()
    names = [base] if base else []
    words = inner.split()
    # "(BBC)", "(Russia Today)" are other names; "(Arabic)", "(Indian edition)" are not.
    if (len(words) == 1 and sum(c.isupper() for c in inner) >= 2) or (
        len(words) > 1 and all(w[:1].isupper() for w in words)
    ):
        names.append(inner)
    return names


@cache
def state_media_matrix() -> Mapping[str, tuple[MatrixEntry, ...]]:
    """The classified rows of the State Media Matrix named in ``outlets.toml``,
    by ``matrix_key`` of each company and asset name (cached)."""
    lex = load_outlets()
    raw = read_text_data("state_media", lex.matrix_file)
    reader = csv.DictReader(io.StringIO(raw))
    needed = {"Country", "Media company", "Main assets", "Typology"}
    if not needed <= set(reader.fieldnames or ()):
        raise DataError(f"state_media/{lex.matrix_file}", f"needs columns {sorted(needed)}")
    index: dict[str, list[MatrixEntry]] = {}
    for row in reader:
        typology = (row["Typology"] or "").strip()
        country = (row["Country"] or "").strip()
        if not typology:
            continue
        for column, asset in (("Main assets", True), ("Media company", False)):
            for name in _cell_names(row[column] or ""):
                key = matrix_key(name)
                if key:
                    index.setdefault(key, []).append(MatrixEntry(country, typology, asset))
    return {k: tuple(v) for k, v in index.items()}
