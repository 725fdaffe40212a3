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

Modules: ``options`` (FetchOptions, FetchedPage), ``addresses`` (address
checks and the guard), ``transport`` (the pinned connection pool),
``decoding`` (response bodies to text), ``cache`` (the page cache) and
``fetcher`` (Fetcher, fetch_all, page_to_article).
"""

from __future__ import annotations

from .addresses import (
    FETCHED_SCHEMES,
    AddressGuard,
    IPAddress,
    Lookup,
    block_reason,
    is_address,
    parse_ip_literal,
    read_url_list,
    system_lookup,
)
from .cache import FolderCache, PageCache, default_cache_dir
from .decoding import decode_body
from .fetcher import Fetcher, fetch_all, page_to_article, retry_after_seconds
from .options import (
    ALLOWED_CONTENT_TYPES,
    DEFAULT_USER_AGENT,
    HTML_TYPES,
    FetchedPage,
    FetchOptions,
)

__all__ = [
    "ALLOWED_CONTENT_TYPES",
    "DEFAULT_USER_AGENT",
    "FETCHED_SCHEMES",
    "HTML_TYPES",
    "AddressGuard",
    "FetchOptions",
    "FetchedPage",
    "Fetcher",
    "FolderCache",
    "IPAddress",
    "Lookup",
    "PageCache",
    "block_reason",
    "decode_body",
    "default_cache_dir",
    "fetch_all",
    "is_address",
    "page_to_article",
    "parse_ip_literal",
    "read_url_list",
    "retry_after_seconds",
    "system_lookup",
]
