"""The exception tree of citeaudit.

    CiteauditError
    ├── InputError            an input could not be used (carries ``path``)
    │   ├── UnreadableInput   missing, a folder we cannot list, permission denied
    │   ├── BinaryInput       not text (NUL bytes, undecodable)
    │   ├── EmptyInput        nothing left after extraction
    │   └── OversizedInput    larger than the configured limit
    ├── DataError             a shipped rule or lexicon file is malformed
    └── UsageError            the caller asked for something impossible

Every ``InputError`` names the file or address in its one-line ``str()`` so
the CLI can print it as is and go on with the other inputs.
"""

from __future__ import annotations


class CiteauditError(Exception):
    """Base class of every error citeaudit raises on purpose."""


class InputError(CiteauditError):
    """An input (file or address) could not be turned into an article."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnreadableInput(InputError):
    """The input does not exist or cannot be read."""


class BinaryInput(InputError):
    """The input is not text."""


class EmptyInput(InputError):
    """The input holds no article text."""


class OversizedInput(InputError):
    """The input is larger than the configured maximum."""


class DataError(CiteauditError):
    """A shipped data file (rules, lexicons) is missing or malformed."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"data file {name}: {reason}")
        self.name = name
        self.reason = reason


class UsageError(CiteauditError):
    """The request cannot be carried out as asked."""
