"""The one options object, built in one place from command-line arguments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .ingest import DEFAULT_MAX_BYTES
from .ingest.fetch import FetchOptions

DEFAULT_REPORT = Path("reports/audit.html")


@dataclass(frozen=True)
class Options:
    """Everything a command needs to know about how it was asked to run."""

    paths: tuple[str, ...] = ()
    output_format: str = "table"
    max_bytes: int = DEFAULT_MAX_BYTES
    min_score: float | None = None
    limit: int | None = None
    output: Path = DEFAULT_REPORT
    json_path: Path | None = None
    progress: bool = True
    urls: Path | None = None
    allow_private: bool = False
    timeout: float = 20.0
    max_redirects: int = 5
    connections: int = 4
    refresh: bool = False
    cache_dir: Path | None = None
    db: str | None = None
    engine: str = "local"
    scheduler: str | None = None
    workers: int | None = None
    against: tuple[str, ...] = ()
    fail_on: str = "error"
    color: str = "auto"
    config_file: Path | None = None
    floors: Path | None = None
    debug: bool = False
    speakers: Path | None = None

    def fetch_options(self) -> FetchOptions:
        """The fetch limits these options ask for."""
        return FetchOptions(
            connect_timeout=min(self.timeout, 10.0),
            read_timeout=self.timeout,
            total_timeout=max(60.0, 3 * self.timeout),
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            concurrency=self.connections,
            allow_private=self.allow_private,
            refresh=self.refresh,
            cache_dir=self.cache_dir,
        )


# Command-line parameter names that differ from the option they set.
_RENAMES = {
    "format": "output_format", "json_file": "json_path", "path": "paths", "drafts": "paths",
}


def build_options(*params: Mapping[str, Any]) -> Options:
    """Merge the parameters of click contexts, outermost first (later ones
    win), into an ``Options``; parameters that are not options are ignored.
    An option left unset is None, and a flag left unset is False, so a flag
    given before the subcommand holds when it is not repeated after it."""
    known = {f.name for f in fields(Options)}
    values: dict[str, Any] = {}
    for mapping in params:
        for key, value in mapping.items():
            name = _RENAMES.get(key, key)
            if name in known and value is not None and value is not False:
                values[name] = value
    for key in ("paths", "against"):
        if key in values:
            values[key] = tuple(values[key])
    for key in ("output", "json_path", "urls", "cache_dir", "config_file", "floors", "speakers"):
        if key in values:
            values[key] = Path(values[key])
    return Options(**values)
