"""What a fetch is asked and what it gives: :class:`FetchOptions` (limits,
timeouts, retries, cache use) and :class:`FetchedPage` (a decoded page),
with the content types read by default."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..._version import __version__
from ...errors import UsageError

ALLOWED_CONTENT_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
DEFAULT_USER_AGENT = f"citeaudit/{__version__} (news source audit)"


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch. The limits are safety bounds for a command-line run, not
    calibrated values: a news article page is well under 5 MB and answers in
    seconds; a few retries ride out a blip without hammering a server."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence while waiting for bytes
    total_timeout: float = 60.0  # whole fetch, redirects and retries included
    max_bytes: int = 5 * 1024 * 1024  # counted after decompression (as ingest for files)
    max_redirects: int = 5
    content_types: tuple[str, ...] = ALLOWED_CONTENT_TYPES
    retries: int = 2  # extra attempts after connection errors, 429 and 5xx
    backoff: float = 0.5  # first wait; doubles on every retry
    max_retry_wait: float = 30.0  # cap on one wait, Retry-After included
    concurrency: int = 4
    allow_private: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    cache_dir: Path | None = None  # None: default_cache_dir()
    use_cache: bool = True
    refresh: bool = False  # fetch again even when cached (and update the cache)

    def __post_init__(self) -> None:
        positive = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "total_timeout": self.total_timeout,
            "max_bytes": self.max_bytes,
            "concurrency": self.concurrency,
        }
        for name, value in positive.items():
            if value <= 0:
                raise UsageError(f"fetch option {name} must be positive, not {value}")
        not_negative = {
            "max_redirects": self.max_redirects,
            "retries": self.retries,
            "backoff": self.backoff,
            "max_retry_wait": self.max_retry_wait,
        }
        for name, value in not_negative.items():
            if value < 0:
                raise UsageError(f"fetch option {name} must not be negative, not {value}")
        if not self.content_types:
            raise UsageError("fetch option content_types must name at least one type")


@dataclass(frozen=True)
class FetchedPage:
    """A fetched (or cached) page: ``text`` is the decoded body,
    ``content_type`` the bare media type, ``encoding`` the codec used."""

    requested_url: str
    final_url: str
    status: int
    content_type: str
    text: str
    fetched_at: str
    from_cache: bool = False
    encoding: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
