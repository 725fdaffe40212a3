"""Indexing engines: parse articles in this process, or on Dask workers.

:mod:`.cluster` opens a Dask client (a local cluster or an existing
scheduler); :mod:`.parsing` parses articles on its workers and stores them
from the client in input order (:func:`index_with_dask`); :mod:`.grouping`
groups a whole corpus on the workers, with the join rule of every grouping
(:func:`group_on_dask`, :func:`group_store`).
"""

from .cluster import DASK_EXTRA, dask_client, require_dask
from .grouping import (
    GroupSettings,
    Verified,
    group_on_dask,
    group_settings,
    group_store,
    group_with_dask,
    join_in_order,
    normalised_wordings,
    plan_groups_on_dask,
    share_texts,
    verify_pairs,
)
from .parsing import (
    CHUNK_ARTICLES,
    ENGINES,
    PROGRESS_EVERY,
    TASKS_PER_THREAD,
    Counts,
    Outcome,
    ProgressLines,
    ReadNote,
    index_with_dask,
    parse_fetched,
    parse_on_dask,
    parse_paths,
)

__all__ = [
    "CHUNK_ARTICLES",
    "DASK_EXTRA",
    "ENGINES",
    "PROGRESS_EVERY",
    "TASKS_PER_THREAD",
    "Counts",
    "GroupSettings",
    "Outcome",
    "ProgressLines",
    "ReadNote",
    "Verified",
    "dask_client",
    "group_on_dask",
    "group_settings",
    "group_store",
    "group_with_dask",
    "index_with_dask",
    "join_in_order",
    "normalised_wordings",
    "parse_fetched",
    "parse_on_dask",
    "parse_paths",
    "plan_groups_on_dask",
    "require_dask",
    "share_texts",
    "verify_pairs",
]
