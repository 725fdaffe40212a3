"""The rules and lexicons shipped as package data (``audit/data``), and the
only code that reads them.

Each data file has one typed, validated view in a module of this package
(``rules.cues`` for ``cues.toml``, and so on), built with the readers below,
so a malformed file fails with a :class:`DataError` naming the file and the
key instead of a ``KeyError`` deep in a parser. Parsers take the view they
need; none of them indexes the raw tables.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from ..errors import DataError


@cache
def load_data(name: str) -> Any:
    """Return the parsed data file ``audit/data/<name>`` (cached).

    ``.toml`` files are preferred for rules, since they carry comments on how
    each threshold was calibrated; ``.json`` is read too."""
    raw = read_text_data(name)
    try:
        return tomllib.loads(raw) if name.endswith(".toml") else json.loads(raw)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(name, f"is malformed ({exc})") from exc


def read_text_data(*parts: str) -> str:
    """Return the text of a data file under ``audit/data``."""
    name = "/".join(parts)
    try:
        return resources.files("audit").joinpath("data", *parts).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise DataError(name, f"cannot be read ({exc})") from exc


# ---------------------------------------------------------------------------
# Readers: each checks one value's shape and names the file and key when it is wrong.


def table(data: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    """The sub-table ``[key]`` of ``data`` (from file ``name``)."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise DataError(name, f"[{key}] table is missing")
    return value


def strings(
    data: Mapping[str, Any], key: str, name: str, *, required: bool = False
) -> tuple[str, ...]:
    """The list of non-empty strings ``key`` of ``data``; absent means empty
    unless ``required``."""
    if required and key not in data:
        raise DataError(name, f"{key!r} is missing")
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataError(name, f"{key!r} must be a list of non-empty strings")
    return tuple(value)


def string_lists(data: Mapping[str, Any], key: str, name: str) -> dict[str, tuple[str, ...]]:
    """The table ``[key]`` whose every value is a list of non-empty strings."""
    tab = table(data, key, name)
    return {k: strings(tab, k, f"{name} [{key}]") for k in tab}


def number(data: Mapping[str, Any], key: str, name: str) -> float:
    """The number ``key`` of ``data`` (an integer or a float, not a boolean)."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(name, f"{key!r} must be a number")
    return float(value)


def integer(data: Mapping[str, Any], key: str, name: str) -> int:
    """The integer ``key`` of ``data``."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(name, f"{key!r} must be an integer")
    return value


def string(data: Mapping[str, Any], key: str, name: str) -> str:
    """The non-empty string ``key`` of ``data``."""
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise DataError(name, f"{key!r} must be a non-empty string")
    return value


def boolean(data: Mapping[str, Any], key: str, name: str, default: bool) -> bool:
    """The boolean ``key`` of ``data``; absent means ``default``."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise DataError(name, f"{key!r} must be true or false")
    return value


def tables(data: Mapping[str, Any], key: str, name: str) -> tuple[Mapping[str, Any], ...]:
    """The array of tables ``[[key]]`` of ``data`` (at least one)."""
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise DataError(name, f"[[{key}]] must be a non-empty array of tables")
    return tuple(value)
