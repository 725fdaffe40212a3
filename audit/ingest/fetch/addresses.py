"""Web addresses and the server-side request forgery guard: which strings
are addresses, the ``--urls`` list file, numeric host forms as the C resolver
reads them, why an IP address is refused, and :class:`AddressGuard`, which
resolves each host once, refuses non-public addresses and pins the answer."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import re
import socket
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

from ...errors import BlockedAddress, FetchFailed, UnreadableInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Lookup = Callable[[str, int], Sequence[str]]

FETCHED_SCHEMES = ("http", "https")
"""The only schemes fetched, on the first request and on every redirect."""
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


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


PRIVATE_REFUSED = "private addresses are not fetched without --allow-private"


def _blocked_message(host: str, ip: IPAddress, reason: str) -> str:
    try:
        ipaddress.ip_address(host.replace("%25", "%"))
        shown = host
    except ValueError:  # a name, or a legacy numeric form like 0x7f.1
        shown = f"{host} resolves to {ip}, which"
    article = "an" if reason[0] in "aeiouAEIOU" else "a"
    return f"{shown} is {article} {reason} address; {PRIVATE_REFUSED}"


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
                where, f"{key} is a loopback name; {PRIVATE_REFUSED}"
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
        if url.scheme not in FETCHED_SCHEMES:
            raise BlockedAddress(
                address, f"only http and https addresses are fetched, not {url.scheme}: ({url})"
            )
        if not url.raw_host:
            raise FetchFailed(address, f"invalid address {url}: no host")
        port = url.port or (443 if url.scheme == "https" else 80)
        self.resolve(url.raw_host.decode("ascii"), port, address=address)
