"""The page cache: the :class:`PageCache` protocol and :class:`FolderCache`,
JSON files named by the SHA-256 of the address, so a re-run reads the cache
instead of the network."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

import httpx

from .options import FetchedPage

_CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/citeaudit`` when that variable holds an absolute
    path, else ``~/.cache/citeaudit``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "citeaudit"


class PageCache(Protocol):
    """Where fetched pages are kept between runs."""

    def get(self, url: str) -> FetchedPage | None:
        """The page cached for ``url`` (requested or final address), or None."""
        ...

    def put(self, page: FetchedPage) -> None:
        """Keep ``page`` under its final and its requested address."""
        ...


def _url_key(url: str) -> str:
    try:
        return str(httpx.URL(url.strip()).copy_with(fragment=None))
    except (httpx.InvalidURL, TypeError):
        return url.strip()


class FolderCache:
    """A ``PageCache`` of JSON files under ``folder/pages-v1/``, named by the
    SHA-256 of the address. A requested address that redirected gets a small
    alias file pointing at the final address's entry. Unreadable or corrupt
    entries count as misses; a cache that cannot be written is skipped (it
    only saves time)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _file(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.folder / f"pages-v{_CACHE_FORMAT}" / digest[:2] / f"{digest}.json"

    def _load(self, key: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if isinstance(data, dict) and data.get("key") == key:
            return data
        return None

    def get(self, url: str) -> FetchedPage | None:
        """The cached page for ``url``, following one alias."""
        data = self._load(_url_key(url))
        if data is not None and isinstance(data.get("alias"), str):
            data = self._load(data["alias"])
        if data is None:
            return None
        try:
            page = FetchedPage(
                requested_url=str(data["requested_url"]),
                final_url=str(data["final_url"]),
                status=int(data["status"]),
                content_type=str(data["content_type"]),
                text=data["text"],
                fetched_at=str(data["fetched_at"]),
                encoding=str(data.get("encoding", "")),
            )
        except (KeyError, TypeError, ValueError):
            return None
        return page if isinstance(page.text, str) else None

    def put(self, page: FetchedPage) -> None:
        """Write ``page`` (and an alias for its requested address)."""
        final = _url_key(page.final_url)
        entry = {k: v for k, v in page.as_dict().items() if k != "from_cache"}
        self._write(final, {"key": final, **entry})
        requested = _url_key(page.requested_url)
        if requested != final:
            self._write(requested, {"key": requested, "alias": final})

    def _write(self, key: str, data: dict[str, Any]) -> None:
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(data, handle, ensure_ascii=False)
                os.replace(temp, target)  # atomic: readers never see half a file
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return
