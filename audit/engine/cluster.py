"""Dask clusters for the engines: a client on an existing scheduler or on a
new local cluster, and the check that the optional Dask extra is installed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import UsageError

DASK_EXTRA = "pip install 'citeaudit[dask]'"


def require_dask() -> Any:
    """The ``distributed`` module, or a UsageError saying what to install."""
    try:
        import distributed
    except ImportError as exc:
        raise UsageError(
            f"the dask engine needs the dask extra: {DASK_EXTRA}"
        ) from exc
    return distributed


@contextmanager
def dask_client(
    scheduler: str | None = None, workers: int | None = None, *, processes: bool = True
) -> Iterator[Any]:
    """A Dask client: connected to ``scheduler`` when given, else to a new
    ``LocalCluster`` of ``workers`` single-threaded workers (default: one per
    CPU), as processes unless ``processes`` is False (threads: for tests)."""
    distributed = require_dask()
    if scheduler is not None:
        with distributed.Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with distributed.LocalCluster(
        n_workers=n, threads_per_worker=1, processes=processes, dashboard_address=None,
        # The scheduler serves HTTP even without a dashboard, by default on
        # port 8787 (warning when that is taken): any free port, no dashboard.
        scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
    ) as cluster, distributed.Client(cluster) as client:
        yield client
