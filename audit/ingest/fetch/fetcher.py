"""Fetching: :class:`Fetcher` follows redirects by hand (every hop checked
by the address guard), retries with backoff, refuses other content types,
streams and inflates the body under the byte limit and caches the page;
:func:`fetch_all` runs fetches concurrently in input order;
:func:`page_to_article` hands a page to the ingest readers."""

from __future__ import annotations

import email.utils
import re
import time
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import httpcore
import httpx

from ...errors import (
    BinaryInput,
    BlockedAddress,
    FetchError,
    FetchFailed,
    FetchTooLarge,
    UnsupportedContentType,
)
from ...models import Article
from ..encodings import binary_reason
from ..formats import content_format
from ..html import article_from_html
from ..plain import article_from_text
from .addresses import FETCHED_SCHEMES, AddressGuard, Lookup, system_lookup
from .cache import FolderCache, PageCache, default_cache_dir
from .decoding import decode_body
from .options import HTML_TYPES, FetchedPage, FetchOptions
from .transport import PinnedTransport, fetch_deadline

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Decompressed bytes handed out per zlib call: bounds memory per step.
_INFLATE_STEP = 64 * 1024


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _describe(exc: httpx.HTTPError, options: FetchOptions) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {options.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"no data for {options.read_timeout:g} s (read timeout)"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {_one_line(exc) or 'connection failed'}"
    return _one_line(f"{type(exc).__name__}: {exc}")


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delay-seconds or HTTP
    date, relative to ``now``), or None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _now() -> datetime:
    return datetime.now(UTC)


def _inflate(chunks: Iterable[bytes], coding: str) -> Iterator[bytes]:
    """Decompress gzip or deflate in steps of at most ``_INFLATE_STEP`` bytes
    so a small body that inflates hugely is never held whole."""
    decoder: Any = None
    for chunk in chunks:
        data = chunk
        while data:
            if decoder is None:
                decoder = zlib.decompressobj(_wbits(coding, data))
            out = decoder.decompress(data, _INFLATE_STEP)
            data = decoder.unconsumed_tail
            while out:
                yield out
                if data or decoder.eof or len(out) < _INFLATE_STEP:
                    break
                out = decoder.decompress(b"", _INFLATE_STEP)  # output zlib still holds
            if decoder.eof:
                # concatenated gzip members are allowed; other trailing bytes are ignored
                rest = decoder.unused_data
                decoder = None
                data = rest if coding == "gzip" and rest.startswith(b"\x1f\x8b") else b""


def _wbits(coding: str, first: bytes) -> int:
    if coding == "gzip":
        return 16 + zlib.MAX_WBITS
    # "deflate" should be zlib-wrapped, but some servers send raw deflate
    wrapped = len(first) < 2 or (first[0] & 0x0F == 8 and ((first[0] << 8) | first[1]) % 31 == 0)
    return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS


_CODINGS = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}
_SCHEME = re.compile(r"\s*([a-z][a-z0-9+.-]*):", re.I)


class _RefusedRedirect(Exception):
    """A redirect to a scheme that is never fetched (``javascript:``...)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def _screen_redirect(response: httpx.Response) -> None:
    """Refuse a redirect to another scheme before httpx builds its next
    request: for ``javascript:`` or ``data:`` that raises ``InvalidURL``,
    which is not an ``HTTPError``."""
    if response.status_code in _REDIRECT_STATUSES:
        location = response.headers.get("location", "")
        scheme = _SCHEME.match(location)
        if scheme and scheme.group(1).lower() not in FETCHED_SCHEMES:
            raise _RefusedRedirect(_one_line(location)[:200])


class Fetcher:
    """Fetches single addresses under ``FetchOptions``; thread-safe, so
    ``fetch_all`` shares one between its workers.

    The keyword arguments exist for tests and embedding: ``transport``
    replaces the network (e.g. ``httpx.MockTransport``; the address guard
    still checks every hop), ``lookup`` the name resolver, ``backend`` the
    httpcore network backend under the pinning layer, ``sleep`` the backoff
    wait, ``now`` the clock, ``cache`` the page cache (default: a
    ``FolderCache`` when ``options.use_cache``)."""

    def __init__(
        self,
        options: FetchOptions,
        *,
        transport: httpx.BaseTransport | None = None,
        lookup: Lookup = system_lookup,
        backend: httpcore.NetworkBackend | None = None,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = _now,
        cache: PageCache | None = None,
    ) -> None:
        self.options = options
        self.guard = AddressGuard(allow_private=options.allow_private, lookup=lookup)
        self.cache: PageCache | None = None
        if options.use_cache:
            self.cache = cache or FolderCache(options.cache_dir or default_cache_dir())
        self._sleep = sleep
        self._now = now
        self._client = httpx.Client(
            transport=transport
            or PinnedTransport(self.guard, connections=options.concurrency, backend=backend),
            timeout=httpx.Timeout(
                connect=options.connect_timeout,
                read=options.read_timeout,
                write=options.read_timeout,
                pool=options.total_timeout,
            ),
            follow_redirects=False,  # every hop is checked by hand
            event_hooks={"response": [_screen_redirect]},
            trust_env=False,  # a proxy would resolve names itself and bypass the guard
            headers={
                "User-Agent": options.user_agent,
                "Accept": ", ".join(options.content_types),
                "Accept-Encoding": "gzip, deflate",  # only what we inflate ourselves
            },
        )

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> FetchedPage:
        """Fetch one address (or read it from the cache); raises a
        ``FetchError`` subclass naming the address."""
        address = url.strip()
        start = self._parse(address)
        if self.cache is not None and not self.options.refresh:
            cached = self.cache.get(str(start))
            if cached is not None:
                self._recheck(address, start, cached)
                return replace(cached, requested_url=address, from_cache=True)
        try:
            page = self._follow(address, start)
        except httpx.HTTPError as exc:
            raise FetchFailed(address, _describe(exc, self.options)) from exc
        if self.cache is not None:
            self.cache.put(page)
        return page

    def _recheck(self, address: str, start: httpx.URL, page: FetchedPage) -> None:
        """Hold a cached page to this run's limits, as a fetch would: the
        address guard on the requested and the final address, the content
        types, the byte limit (on the text as UTF-8)."""
        self.guard.check_url(start, address)
        try:
            final = httpx.URL(page.final_url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchFailed(address, f"cached page has an invalid address ({exc})") from exc
        self.guard.check_url(final, address)
        if page.content_type not in self.options.content_types:
            raise UnsupportedContentType(address, f"cached page is {page.content_type}")
        size = len(page.text.encode("utf-8", "replace"))
        if size > self.options.max_bytes:
            limit = self.options.max_bytes
            raise FetchTooLarge(address, f"cached page: {size} bytes, over the {limit}-byte limit")

    def _parse(self, address: str) -> httpx.URL:
        try:
            parsed = httpx.URL(address)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchFailed(address, f"invalid address: {_one_line(exc)}") from exc
        if parsed.scheme not in FETCHED_SCHEMES:
            raise BlockedAddress(
                address, f"only http and https addresses are fetched, not {parsed.scheme or '?'}:"
            )
        return parsed.copy_with(fragment=None)

    def _follow(self, address: str, start: httpx.URL) -> FetchedPage:
        deadline = time.monotonic() + self.options.total_timeout
        current = start
        for _ in range(self.options.max_redirects + 1):
            self.guard.check_url(current, address)
            try:
                with fetch_deadline(deadline):
                    result = self._request(address, current, deadline)
            except httpx.TimeoutException as exc:
                if time.monotonic() < deadline:
                    raise
                raise FetchFailed(
                    address, f"took longer than {self.options.total_timeout:g} s"
                ) from exc
            if isinstance(result, FetchedPage):
                return result
            current = result
        raise FetchFailed(
            address, f"more than {self.options.max_redirects} redirects (last to {current})"
        )

    def _request(self, address: str, url: httpx.URL, deadline: float) -> FetchedPage | httpx.URL:
        """One hop, with retries: the page, or the address it redirects to."""
        options = self.options
        attempt = 0
        while True:
            try:
                with self._client.stream("GET", url) as response:
                    status = response.status_code
                    if status in _REDIRECT_STATUSES:
                        return self._location(address, url, response)
                    retry = status == 429 or status >= 500
                    if 200 <= status < 300:
                        return self._page(address, url, response, deadline)
                    why = _one_line(f"HTTP {status} {response.reason_phrase}")
                    if not retry or attempt >= options.retries:
                        tries = f" (after {attempt + 1} attempts)" if attempt else ""
                        raise FetchFailed(address, f"{why}{tries}")
                    asked = retry_after_seconds(response.headers.get("retry-after"), self._now())
            except _RefusedRedirect as exc:
                raise BlockedAddress(
                    address, f"redirect to {exc.location}: only http and https addresses "
                    "are fetched"
                ) from exc
            except httpx.InvalidURL as exc:  # not an HTTPError: it would end the run
                raise FetchFailed(address, f"invalid redirect ({_one_line(exc)})") from exc
            except (httpx.NetworkError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
                # read timeouts are not retried: a slow server rarely gets faster
                if attempt >= options.retries:
                    raise
                why, asked = _describe(exc, options), None
            delay = options.backoff * 2**attempt if asked is None else asked
            delay = min(delay, options.max_retry_wait)
            if time.monotonic() + delay > deadline:
                raise FetchFailed(
                    address, f"{why}; gave up, a retry would pass {options.total_timeout:g} s"
                )
            self._sleep(delay)
            attempt += 1

    def _location(self, address: str, url: httpx.URL, response: httpx.Response) -> httpx.URL:
        location = response.headers.get("location", "").strip()
        if not location:
            raise FetchFailed(address, f"HTTP {response.status_code} redirect without Location")
        try:
            target = url.join(location)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchFailed(address, f"invalid redirect to {_one_line(location)}") from exc
        return target.copy_with(fragment=None)

    def _page(self, address: str, url: httpx.URL, response: httpx.Response,
              deadline: float) -> FetchedPage:
        header = response.headers.get("content-type")
        media = (header or "").split(";")[0].strip().lower()
        if media not in self.options.content_types:
            raise UnsupportedContentType(
                address,
                f"refused content type {media or '(none given)'}; "
                f"only {', '.join(self.options.content_types)} are read",
            )
        body = self._read_body(address, response, deadline)
        # A PDF or an image served under an HTML or text type is refused as the
        # same bytes in a file are, with the same reason.
        what = content_format(body)
        if what is not None:
            raise UnsupportedContentType(address, what)
        text, encoding = decode_body(body, header, html=media in HTML_TYPES)
        return FetchedPage(
            requested_url=address,
            final_url=str(url),
            status=response.status_code,
            content_type=media,
            text=text,
            fetched_at=self._now().isoformat(timespec="seconds"),
            encoding=encoding,
        )

    def _read_body(self, address: str, response: httpx.Response, deadline: float) -> bytes:
        limit = self.options.max_bytes
        header = response.headers.get("content-encoding", "")
        names = [c.strip().lower() for c in header.split(",")]
        names = [c for c in names if c and c != "identity"]
        if len(names) > 1 or (names and names[0] not in _CODINGS):
            raise FetchFailed(address, f"unsupported content encoding {_one_line(header)}")
        coding = _CODINGS[names[0]] if names else None
        declared = response.headers.get("content-length", "")
        if coding is None and declared.isdigit() and int(declared) > limit:
            raise FetchTooLarge(address, f"declares {declared} bytes, over the {limit}-byte limit")
        pieces: Iterable[bytes]
        if response.is_stream_consumed:
            # a transport that hands over a body already read (httpx.MockTransport
            # given bytes): httpx has decoded it, only the cap is left to check
            pieces, coding = (response.content,), None
        else:
            raw = response.iter_raw()
            pieces = _inflate(raw, coding) if coding else raw
        body = bytearray()
        try:
            for piece in pieces:
                body += piece
                if len(body) > limit:
                    after = f" once {coding}-decompressed" if coding else ""
                    raise FetchTooLarge(address, f"body passes the {limit}-byte limit{after}")
                if time.monotonic() > deadline:
                    raise FetchFailed(
                        address, f"took longer than {self.options.total_timeout:g} s"
                    )
        except zlib.error as exc:
            raise FetchFailed(address, f"corrupt {coding} body") from exc
        return bytes(body)


def _fetch_one(fetcher: Fetcher, url: str) -> FetchedPage | FetchError:
    try:
        return fetcher.fetch(url)
    except FetchError as exc:
        return exc


def fetch_all(
    urls: Sequence[str],
    options: FetchOptions,
    *,
    on_error: Callable[[str, str], None],
    on_progress: Callable[[int, int], None] | None = None,
    fetcher: Fetcher | None = None,
) -> Generator[FetchedPage, None, None]:
    """Fetch ``urls`` with at most ``options.concurrency`` at a time and yield
    the pages in input order. An address that cannot be fetched calls
    ``on_error(address, reason)`` (one line) and the run goes on;
    ``on_progress(done, total)`` is called after every address. Pass a
    ``fetcher`` to reuse one (it is then not closed here). Closing the
    generator early waits for the fetches under way and cancels the rest."""
    items = list(urls)
    active = fetcher if fetcher is not None else Fetcher(options)
    workers = min(options.concurrency, max(1, len(items)))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="citeaudit-fetch")
    try:
        # a bounded window of submitted fetches keeps results in input order
        # without holding every page in memory at once
        waiting = iter(items)
        pending: deque[Future[FetchedPage | FetchError]] = deque(
            pool.submit(_fetch_one, active, url) for url in islice(waiting, 2 * workers)
        )
        done = 0
        while pending:
            result = pending.popleft().result()
            pending.extend(pool.submit(_fetch_one, active, url) for url in islice(waiting, 1))
            done += 1
            if isinstance(result, FetchError):
                on_error(result.path, _one_line(result.reason))
            if on_progress is not None:
                on_progress(done, len(items))
            if isinstance(result, FetchedPage):
                yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if fetcher is None:
            active.close()


def page_to_article(page: FetchedPage) -> Article:
    """The article in a fetched page: ``path`` is the requested address and
    ``url`` the final one. Raises BinaryInput, as for a file, when the page
    is binary data whatever its content type, or EmptyInput."""
    reason = binary_reason(page.text)
    if reason is not None:
        raise BinaryInput(page.requested_url, reason)
    if page.content_type in HTML_TYPES:
        article = article_from_html(page.requested_url, page.text)
    else:
        article = article_from_text(page.requested_url, page.text)
    return replace(article, url=page.final_url)
