"""A work meter for the work-bound tests: how many steps a piece of code
takes, a step being a line of Python executed or a call of a built-in
(a regular expression search, a sort...). Counted with ``sys.settrace`` and
``sys.setprofile``: deterministic, unlike wall time, and a loop that rescans
its input or compares every item with every other shows as steps growing
faster than the input. (Work inside one built-in call, such as a regular
expression backtracking, is one step: the tests of the patterns say how
they stay linear.)"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")


def count_steps(run: Callable[[], T]) -> tuple[T, int]:
    """``run()``'s result and the number of steps it took."""
    steps = 0

    def line(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        if event == "line":
            steps += 1
        return line

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        return line

    def builtin(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal steps
        if event == "c_call":
            steps += 1

    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(call)
    sys.setprofile(builtin)
    try:
        result = run()
    finally:
        sys.settrace(old_trace)
        sys.setprofile(old_profile)
    return result, steps


def calls(fn: Callable[[], Any]) -> int:
    """How many Python and built-in function calls ``fn()`` makes (its
    exceptions propagate): a coarser meter than :func:`count_steps`, cheap
    enough for the ingest corpus's large inputs."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(previous)
    return count
