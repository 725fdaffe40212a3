"""Fetching articles from the web, safely.

``fetch_all`` downloads http(s) addresses concurrently and yields one
``FetchedPage`` per address that worked (in input order); ``page_to_article``
turns a page into an ``Article`` through the ingest stage.

Safety rules, every one enforced on every redirect hop:

* only ``http`` and ``https``; redirects are followed by hand, at most
  ``max_redirects`` of them;
* server-side request forgery guard: the host is resolved with
  ``socket.getaddrinfo`` (numeric forms such as ``2130706433`` or ``0x7f.1``
  are parsed the way the C resolver parses them) and the request is refused
  when ANY resulting address is loopback, private, link-local, multicast,
  unspecified, reserved or otherwise not globally reachable, including IPv4
  hidden in IPv6 (``::ffff:127.0.0.1``, 6to4, NAT64) -- unless
  ``allow_private``;
* DNS rebinding: the checked addresses are pinned. A host is resolved once
  per ``Fetcher`` and the connection is made to the checked IP itself (a
  custom httpcore network backend), while the Host header and TLS server
  name still carry the host name. Residual risk: none from rebinding within
  a run; environment proxies are ignored on purpose (a proxy would resolve
  names itself and defeat the check);
* the body is streamed and counted AFTER decompression (we decompress gzip
  and deflate ourselves in bounded steps), so an endless body or a gzip
  bomb stops at ``max_bytes``; ``total_timeout`` bounds a slow drip;
* only the configured content types (HTML, XHTML, plain text) are read.

Pages are cached in a folder (``FolderCache``) behind the small
``PageCache`` protocol so a re-run reads the cache instead of the network.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import functools
import hashlib
import ipaddress
import json
import os
import re
import socket
import ssl
import tempfile
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

import httpcore
import httpx

from .._version import __version__
from ..errors import (
    BlockedAddress,
    FetchError,
    FetchFailed,
    FetchTooLarge,
    UnreadableInput,
    UnsupportedContentType,
    UsageError,
)
from ..models import Article
from .html import article_from_html
from .plain import article_from_text

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Lookup = Callable[[str, int], Sequence[str]]

ALLOWED_CONTENT_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
DEFAULT_USER_AGENT = f"citeaudit/{__version__} (news source audit)"

_SCHEMES = ("http", "https")
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Decompressed bytes handed out per zlib call: bounds memory per step.
_INFLATE_STEP = 64 * 1024
# Bytes of an HTML page searched for <meta charset>; browsers look at 1 KiB,
# real pages put long scripts first, so we look further.
_META_SCAN = 16 * 1024
# Codecs Python knows but no web page should be decoded with (escape-decoding
# or transforming codecs, UTF-7 which browsers refuse).
_UNSAFE_CODECS = frozenset(
    {"utf_7", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined"}
)
_UTF_CODECS = frozenset(
    {"utf_8", "utf_8_sig", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}
)
_BOMS = (
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/citeaudit`` when that variable holds an absolute
    path, else ``~/.cache/citeaudit``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "citeaudit"


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


# --------------------------------------------------------------------------- addresses


def is_address(s: str) -> bool:
    """True when ``s`` is meant as a web address (http:// or https://)."""
    return s.strip().lower().startswith(("http://", "https://"))


def read_url_list(path: str | Path) -> list[str]:
    """The addresses listed in a ``--urls`` file: one a line, blank lines and
    lines starting with ``#`` ignored, in file order."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UnreadableInput(str(path), reason) from exc
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@functools.cache
def _legacy_ipv4() -> re.Pattern[str]:
    return re.compile(r"[0-9a-fx.]+")


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a numeric host stands for, or None for a name.

    Besides the standard forms this accepts what the C resolver accepts for
    IPv4 (``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1``), because
    that is what a connection to such a host would reach."""
    text = host.strip("[]").lower()
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(text.replace("%25", "%"))
    if _legacy_ipv4().fullmatch(text):
        with contextlib.suppress(OSError):
            return ipaddress.IPv4Address(socket.inet_aton(text))
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def block_reason(ip: IPAddress) -> str | None:
    """Why a connection to ``ip`` is refused (``"loopback"``, ``"private"``...),
    or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            reason = block_reason(inner)
            if reason is not None:
                return f"IPv4-in-IPv6 {reason}"
            if ip.sixtofour is None:
                # mapped and NAT64 forms reach exactly the public IPv4 address
                return None
        if ip.teredo is not None:
            return "Teredo tunnel"
        if ip.is_site_local:
            return "site-local"
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_private, "private"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "not globally reachable"),
    )
    return next((reason for flagged, reason in checks if flagged), None)


def system_lookup(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host``."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _host_key(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


def _blocked_message(host: str, ip: IPAddress, reason: str) -> str:
    try:
        ipaddress.ip_address(host.replace("%25", "%"))
        shown = host
    except ValueError:  # a name, or a legacy numeric form like 0x7f.1
        shown = f"{host} resolves to {ip}, which"
    article = "an" if reason[0] in "aeiouAEIOU" else "a"
    return f"{shown} is {article} {reason} address; private addresses are not fetched"


class AddressGuard:
    """Resolves hosts, refuses non-public addresses, and pins the answer: a
    host is resolved once and every later check and connection uses the same
    addresses, so a DNS answer cannot change between check and connect."""

    def __init__(self, *, allow_private: bool = False, lookup: Lookup = system_lookup) -> None:
        self.allow_private = allow_private
        self._lookup = lookup
        self._pinned: dict[str, tuple[IPAddress, ...]] = {}
        self._lock = threading.Lock()

    def resolve(self, host: str, port: int, *, address: str | None = None) -> tuple[IPAddress, ...]:
        """The checked addresses of ``host``; raises ``BlockedAddress`` or
        ``FetchFailed`` naming ``address`` (default: the host)."""
        key = _host_key(host)
        where = address or host
        with self._lock:
            pinned = self._pinned.get(key)
        if pinned is not None:
            return pinned
        ips = self._resolve(key, port, where)
        if not self.allow_private:
            for ip in ips:
                reason = block_reason(ip)
                if reason is not None:
                    raise BlockedAddress(where, _blocked_message(key, ip, reason))
        with self._lock:
            return self._pinned.setdefault(key, ips)

    def _resolve(self, key: str, port: int, where: str) -> tuple[IPAddress, ...]:
        if not key or not key.isprintable() or any(c.isspace() for c in key):
            raise FetchFailed(where, f"invalid host name {key!r}")
        literal = parse_ip_literal(key)
        if literal is not None:
            return (literal,)
        if not self.allow_private and (key == "localhost" or key.endswith(".localhost")):
            # RFC 6761: always loopback, whatever a resolver says
            raise BlockedAddress(
                where, f"{key} is a loopback name; private addresses are not fetched"
            )
        try:
            found = self._lookup(key, port)
        except (OSError, UnicodeError) as exc:
            raise FetchFailed(where, f"cannot resolve host {key}") from exc
        ips: list[IPAddress] = []
        for text in found:
            with contextlib.suppress(ValueError):
                ip = ipaddress.ip_address(text)
                if ip not in ips:
                    ips.append(ip)
        if not ips:
            raise FetchFailed(where, f"host {key} has no addresses")
        return tuple(ips)

    def check_url(self, url: httpx.URL, address: str) -> None:
        """Refuse ``url`` unless it is http(s) to a permitted host."""
        if url.scheme not in _SCHEMES:
            raise BlockedAddress(
                address, f"only http and https addresses are fetched, not {url.scheme}: ({url})"
            )
        if not url.raw_host:
            raise FetchFailed(address, f"invalid address {url}: no host")
        port = url.port or (443 if url.scheme == "https" else 80)
        self.resolve(url.raw_host.decode("ascii"), port, address=address)


# --------------------------------------------------------------------------- transport

_CORE_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.TimeoutException, httpx.TimeoutException),
)


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """Re-raise httpcore errors as the httpx errors callers expect."""
    try:
        yield
    except Exception as exc:
        for core, mapped in _CORE_ERRORS:
            if isinstance(exc, core):
                raise mapped(str(exc)) from exc
        raise


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects to the guard's checked addresses instead of resolving again."""

    def __init__(self, guard: AddressGuard, inner: httpcore.NetworkBackend) -> None:
        self._guard = guard
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        failure: httpcore.ConnectError | None = None
        for ip in self._guard.resolve(host, port):
            try:
                return self._inner.connect_tcp(
                    str(ip), port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None  # resolve() never returns no address
        raise failure

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _CoreStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # loading the CA bundle takes tens of milliseconds; one context serves all
    return httpx.create_ssl_context()


class _PinnedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool whose connections go to the
    guard's pinned addresses (httpx offers no public hook for this)."""

    def __init__(self, guard: AddressGuard, *, connections: int,
                 backend: httpcore.NetworkBackend | None = None) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=5.0,
            network_backend=_PinnedBackend(guard, backend or httpcore.SyncBackend()),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = self._pool.handle_request(core_request)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_CoreStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


# --------------------------------------------------------------------------- decoding


@functools.cache
def _charset_patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    meta = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:-]+)", re.IGNORECASE)
    xml = re.compile(rb"<\?xml\b[^>]*?encoding\s*=\s*[\"']([a-z0-9_.:-]+)", re.IGNORECASE)
    return meta, xml


def _codec(label: str) -> str | None:
    """Python's name for a charset label (``utf_8``, ``cp1251``, ``iso8859_1``),
    or None when unknown or unsafe."""
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name.replace("-", "_")
    except (LookupError, ValueError):
        return None
    return None if name in _UNSAFE_CODECS else name


def _declared_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip()
    return None


def _meta_charset(body: bytes) -> str | None:
    head = body[:_META_SCAN]
    for pattern in _charset_patterns():
        found = pattern.search(head)
        if found:
            return found.group(1).decode("ascii")
    return None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes  # lazy: only for undeclared non-UTF-8 pages

    best = from_bytes(body).best()
    return None if best is None else best.encoding


def decode_body(body: bytes, content_type: str | None, *, html: bool) -> tuple[str, str]:
    """Decode a response body; returns ``(text, codec name)``. Never raises.

    Order: byte-order mark; the charset the Content-Type header declares;
    for HTML the ``<meta charset>`` / http-equiv / XML declaration; strict
    UTF-8; a detected charset; finally UTF-8 with replacement characters.
    A declaration is skipped when unknown or when the bytes do not decode
    with it. A single-byte declaration loses to UTF-8 when the body is valid
    UTF-8 with non-ASCII bytes: that is the common wrong declaration, and
    real legacy-encoded text is almost never valid UTF-8 by chance.
    """
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_codec, "replace"), bom_codec
    labels = [(_declared_charset(content_type), False)]
    if html:
        labels.append((_meta_charset(body), True))
    utf8 = _strict(body, "utf_8")
    for label, from_meta in labels:
        codec = _codec(label) if label else None
        if codec is None or (from_meta and codec in _UTF_CODECS - {"utf_8", "utf_8_sig"}):
            # a meta tag readable as ASCII cannot be UTF-16/32: ignore it
            continue
        if codec not in _UTF_CODECS and utf8 is not None and not body.isascii():
            return utf8, "utf_8"
        # the web reads latin-1 and ASCII labels as windows-1252
        for candidate in ("cp1252", codec) if codec in ("iso8859_1", "ascii") else (codec,):
            text = _strict(body, candidate)
            if text is not None:
                return text, candidate
    if utf8 is not None:
        return utf8, "utf_8"
    detected = _codec(_detect(body) or "")
    text = _strict(body, detected) if detected else None
    if detected and text is not None:
        return text, detected
    return body.decode("utf_8", "replace"), "utf_8"


# --------------------------------------------------------------------------- cache


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


# --------------------------------------------------------------------------- fetching


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
            or _PinnedTransport(self.guard, connections=options.concurrency, backend=backend),
            timeout=httpx.Timeout(
                connect=options.connect_timeout,
                read=options.read_timeout,
                write=options.read_timeout,
                pool=options.total_timeout,
            ),
            follow_redirects=False,  # every hop is checked by hand
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
                return replace(cached, requested_url=address, from_cache=True)
        try:
            page = self._follow(address, start)
        except httpx.HTTPError as exc:
            raise FetchFailed(address, _describe(exc, self.options)) from exc
        if self.cache is not None:
            self.cache.put(page)
        return page

    def _parse(self, address: str) -> httpx.URL:
        try:
            parsed = httpx.URL(address)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchFailed(address, f"invalid address: {_one_line(exc)}") from exc
        if parsed.scheme not in _SCHEMES:
            raise BlockedAddress(
                address, f"only http and https addresses are fetched, not {parsed.scheme or '?'}:"
            )
        return parsed.copy_with(fragment=None)

    def _follow(self, address: str, start: httpx.URL) -> FetchedPage:
        deadline = time.monotonic() + self.options.total_timeout
        current = start
        for _ in range(self.options.max_redirects + 1):
            self.guard.check_url(current, address)
            result = self._request(address, current, deadline)
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
    ``url`` the final one."""
    if page.content_type in HTML_TYPES:
        article = article_from_html(page.requested_url, page.text)
    else:
        article = article_from_text(page.requested_url, page.text)
    return replace(article, url=page.final_url)
