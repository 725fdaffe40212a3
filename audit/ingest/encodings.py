"""Byte-level decisions shared by files (``inputs``) and fetched pages
(``fetch``): UTF-16 without a byte-order mark, UTF-8 spoilt by a few stray
bytes, and text that is really binary data. The thresholds are ``[layout]``
of ``boilerplate.toml``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules.boilerplate import boilerplate_rules

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_NON_ASCII = bytes(range(128, 256))
_REPLACEMENT = "\ufffd".encode()


@dataclass(frozen=True)
class MostlyUtf8:
    """Bytes decoded as UTF-8 with ``replaced`` bad byte sequences made U+FFFD."""

    text: str
    replaced: int

    def note(self) -> str:
        """The one-line note saying so."""
        plural = "s" if self.replaced != 1 else ""
        return (
            f"not valid UTF-8: read as UTF-8 with {self.replaced} bad byte "
            f"sequence{plural} replaced by U+FFFD"
        )


def mostly_utf8(raw: bytes) -> MostlyUtf8 | None:
    """``raw`` decoded as UTF-8 with replacement when it is UTF-8 but for a
    few bytes (valid multi-byte characters outnumber bad sequences by the
    configured ratio), else None. Call it on bytes that failed strict UTF-8."""
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd") - raw.count(_REPLACEMENT)
    # Every ASCII byte is one character; the rest are the valid multi-byte
    # characters and one U+FFFD per bad sequence.
    ascii_bytes = len(raw.translate(None, _NON_ASCII))
    valid = len(text) - ascii_bytes - bad
    ratio = boilerplate_rules().layout.utf8_min_valid_per_invalid
    if bad <= 0 or valid < ratio * bad:
        return None
    return MostlyUtf8(text, bad)


def utf16_codec(raw: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``raw`` (without a BOM) looks like
    UTF-16: even length, NUL bytes at one parity only and filling at least
    the configured share of it; else None."""
    if len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    share = boilerplate_rules().layout.utf16_min_nul_share
    half = len(raw) // 2
    if even == 0 and odd >= share * half:
        return "utf-16-le"
    if odd == 0 and even >= share * half:
        return "utf-16-be"
    return None


def utf16_text(raw: bytes) -> tuple[str, str] | None:
    """``raw`` as UTF-16 without a byte-order mark, with its codec (``utf_16_le``
    or ``utf_16_be``), when its NUL bytes say so (``utf16_codec``) and it
    decodes strictly; else None. Files and fetched bodies share this rule."""
    codec = utf16_codec(raw) if b"\x00" in raw else None
    if codec is None:
        return None
    try:
        return raw.decode(codec), codec.replace("-", "_")
    except UnicodeDecodeError:
        return None


def binary_reason(text: str) -> str | None:
    """Why decoded ``text`` is binary data rather than text (NUL characters,
    or too many control characters and U+FFFD), or None."""
    if "\x00" in text:
        return "contains NUL bytes (not a text file)"
    share = boilerplate_rules().layout.binary_control_share
    if text and len(_CONTROL.findall(text)) > share * len(text):
        return "mostly control characters or undecodable bytes"
    return None
