"""The exception tree of citeaudit.

    CiteauditError
    ├── InputError            an input could not be used (carries ``path``)
    │   ├── UnreadableInput   missing, a folder we cannot list, permission denied
    │   ├── BinaryInput       not text (NUL bytes, undecodable)
    │   ├── EmptyInput        nothing left after extraction
    │   ├── OversizedInput    larger than the configured limit
    │   ├── UnsupportedFormat a document format citeaudit does not read (PDF, Word...)
    │   └── FetchError        a web address could not be fetched (``path`` = address)
    │       ├── BlockedAddress          not http(s), or resolves to a private range
    │       ├── FetchTooLarge           body past the size cap (also an OversizedInput)
    │       ├── UnsupportedContentType  not HTML or plain text
    │       └── FetchFailed             network error, timeout, HTTP error, redirects
    ├── DataError             a shipped rule or lexicon file is malformed
    ├── StoreError            a corpus store file cannot be opened or used (carries ``path``)
    ├── OutputError           an output file cannot be written (carries ``path``)
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


class UnsupportedFormat(InputError):
    """The input is a document format that is not read (PDF, Word, Markdown...)."""


class DataError(CiteauditError):
    """A shipped data file (rules, lexicons) is missing or malformed."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"data file {name}: {reason}")
        self.name = name
        self.reason = reason


class UsageError(CiteauditError):
    """The request cannot be carried out as asked."""


class FetchError(InputError):
    """A web address could not be fetched; ``path`` is the address."""


class BlockedAddress(FetchError):
    """The address (or a redirect hop) is not http(s), or its host resolves to
    a loopback, private, link-local, multicast or reserved address."""


class FetchTooLarge(FetchError, OversizedInput):
    """The response body grew past the configured maximum (counted after
    decompression)."""


class UnsupportedContentType(FetchError):
    """The response is not one of the content types we read."""


class FetchFailed(FetchError):
    """Network error, timeout, HTTP error status or too many redirects."""


class StoreError(CiteauditError):
    """A corpus store (SQLite file) cannot be opened or used: not a citeaudit
    store, written by a newer citeaudit, or an older schema that cannot be
    migrated. ``str()`` names the file."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class OutputError(CiteauditError):
    """An output file (report, JSON) cannot be written. ``str()`` names it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
