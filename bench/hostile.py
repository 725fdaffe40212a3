"""Benchmark of the hostile-input corpus (tests/hostile/hostile_inputs.py):
every case is written to a file and timed through ``load_article`` (ingest)
and ``parse_article`` (people, quotes, sources), each case in a child
process stopped after ``--limit`` seconds, so a runaway case shows as a
figure instead of hanging the run.

    python -m bench.hostile                  # every case, 30 s limit
    python -m bench.hostile --case nested_header --case dashes --limit 120

Target: no input under 1 MB takes more than 2 s in either stage.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing as mp
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from audit.errors import InputError
from audit.ingest import load_article
from audit.pipeline import parse_article

_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "hostile" / "hostile_inputs.py"
_TARGET_SECONDS = 2.0
_TARGET_BYTES = 1_000_000


def _corpus() -> ModuleType:
    """The corpus module, loaded from the tests folder (not a package)."""
    spec = importlib.util.spec_from_file_location("hostile_inputs", _CORPUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _time_case(name: str, folder: str, queue: Any) -> None:
    case = _corpus().CASES[name]()
    path = Path(folder) / case.name
    path.write_bytes(case.data)
    started = time.perf_counter()
    try:
        article = load_article(str(path))
    except InputError as exc:
        queue.put((len(case.data), time.perf_counter() - started, None, f"refused: {exc.reason}"))
        return
    ingest = time.perf_counter() - started
    queue.put((len(case.data), ingest, None, "ingest done"))
    started = time.perf_counter()
    parsed = parse_article(article)
    queue.put((len(case.data), ingest, time.perf_counter() - started,
               f"{len(parsed.quotes)} quotes"))


def run_case(name: str, limit: float) -> tuple[int, float | None, float | None, str]:
    """(bytes, ingest s, parse s, outcome) of one case; a stage still running
    after ``limit`` seconds is reported as None."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory() as folder:
        child = ctx.Process(target=_time_case, args=(name, folder, queue))
        child.start()
        child.join(limit)
        if child.is_alive():
            child.terminate()
            child.join()
        last: tuple[int, float | None, float | None, str] = (0, None, None, "no result")
        while not queue.empty():
            last = queue.get()
        if last[3] == "ingest done":
            last = (*last[:3], f"parse over {limit:g} s")
        elif last[3] == "no result":
            crashed = child.exitcode not in (0, -15)  # -15: stopped at the limit
            last = (0, None, None, "crashed" if crashed else f"ingest over {limit:g} s")
        return last


def _seconds(value: float | None) -> str:
    return "   >limit" if value is None else f"{value:9.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Time the cases and print one line each; exit 1 when a case under
    1 MB misses the 2 s target in a stage."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", help="only this case (repeatable)")
    parser.add_argument("--limit", type=float, default=30.0, help="seconds per case")
    args = parser.parse_args(argv)
    names = args.case or sorted(_corpus().CASES)
    missed = 0
    print(f"{'case':28} {'bytes':>9} {'ingest s':>9} {'parse s':>9}  outcome")
    for name in names:
        size, ingest, parse, outcome = run_case(name, args.limit)
        refused = outcome.startswith("refused")
        times = (ingest,) if refused else (ingest, parse)
        slow = any(t is None or t > _TARGET_SECONDS for t in times)
        flag = " MISSED" if slow and size < _TARGET_BYTES else ""
        missed += bool(flag)
        shown = f"{'-':>9}" if refused else _seconds(parse)
        print(f"{name:28} {size:9d} {_seconds(ingest)} {shown}  {outcome}{flag}")
    print(f"target: inputs under 1 MB within {_TARGET_SECONDS:g} s per stage; missed {missed}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
