"""A source phrase: the phrase that names a source, with its kind and offsets,
and how phrases of different kinds rank when several end at one place."""

from __future__ import annotations

from dataclasses import dataclass

from ...models import Outlet, SourceKind

# When several phrases fit one slot equally: a person before an outlet, and so on.
KIND_RANK: dict[str, int] = {"person": 0, "outlet": 1, "organisation": 2, "document": 3, "vague": 4}


@dataclass(frozen=True)
class SourcePhrase:
    """A phrase that names a source.

    ``start``/``end`` is the name itself, ``lead``/``tail`` the whole phrase with
    its determiner, title or descriptor ("Russia's state-run news agency TASS")."""

    kind: SourceKind
    name: str
    start: int
    end: int
    lead: int
    tail: int
    role: str | None = None
    outlet: Outlet | None = None
    strict: bool = False
    marked: bool = False
    vague_doc: bool = False
    object_only: bool = False  # "him": follows a cue, never says anything itself
    guessed: bool = False  # an organisation only because no list knows the name


def moved(c: SourcePhrase, start: int, end: int, lead: int, tail: int) -> SourcePhrase:
    """``c`` at other offsets (dataclasses.replace, without its introspection)."""
    return SourcePhrase(
        c.kind,
        c.name,
        start,
        end,
        lead,
        tail,
        c.role,
        c.outlet,
        c.strict,
        c.marked,
        c.vague_doc,
        c.object_only,
        c.guessed,
    )
