"""A work counter for bound tests: the Python and C calls a function makes
(through ``sys.setprofile``), a measure of steps that does not depend on the
machine's speed. Work done inside one C call (a regex match) is not seen, so
patterns are checked by the corpus tests' time bound instead."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def calls(fn: Callable[[], Any]) -> int:
    """How many function calls ``fn()`` makes (its exceptions propagate)."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
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
