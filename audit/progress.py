"""The one progress bar helper: on stderr, and only when stderr is a terminal
(so pipes, CI logs and JSON on stdout stay clean)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")


def progress(items: Iterable[T], label: str, *, length: int | None = None,
             enabled: bool = True) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on stderr when it is a terminal."""
    if not (enabled and sys.stderr.isatty()):
        yield from items
        return
    with click.progressbar(items, label=label, length=length, file=sys.stderr) as bar:
        yield from bar
