"""The settings of ``engine.toml``: what the Dask grouping needs beyond
match.toml's own blocking settings (the shuffle's caps and task sizes)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import integer, load_data, table

NAME = "engine.toml"


@dataclass(frozen=True)
class DaskGrouping:
    """The [dask_grouping] table: word-run partner cap and how work is split."""

    max_run_partners: int
    partitions_per_thread: int
    quotes_per_task: int
    members_per_task: int


@cache
def dask_grouping() -> DaskGrouping:
    """The validated [dask_grouping] table (cached)."""
    t = table(load_data(NAME), "dask_grouping", NAME)
    name = f"{NAME} [dask_grouping]"
    return DaskGrouping(
        max_run_partners=integer(t, "max_run_partners", name),
        partitions_per_thread=integer(t, "partitions_per_thread", name),
        quotes_per_task=integer(t, "quotes_per_task", name),
        members_per_task=integer(t, "members_per_task", name),
    )
