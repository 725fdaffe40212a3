"""Loading the rules and lexicons shipped as package data (``audit/data``).

Each parser module defines its own typed view of the files it reads; this
module only finds, parses and caches them, so a malformed file fails loudly
with its name.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from ..errors import DataError


@cache
def load_data(name: str) -> Any:
    """Return the parsed data file ``audit/data/<name>`` (cached).

    ``.toml`` files are preferred for rules, since they carry comments on how
    each threshold was calibrated; ``.json`` is read too."""
    try:
        raw = resources.files("audit").joinpath("data", name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise DataError(name, f"cannot be read ({exc})") from exc
    try:
        return tomllib.loads(raw) if name.endswith(".toml") else json.loads(raw)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(name, f"is malformed ({exc})") from exc


def read_text_data(*parts: str) -> str:
    """Return the text of a non-JSON data file under ``audit/data``."""
    name = "/".join(parts)
    try:
        return resources.files("audit").joinpath("data", *parts).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise DataError(name, f"cannot be read ({exc})") from exc
