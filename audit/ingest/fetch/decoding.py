"""Decoding a response body: byte-order mark, declared charsets (header,
``<meta>``, XML declaration), strict UTF-8, detection, in that order, with
unsafe codecs refused."""

from __future__ import annotations

import codecs
import functools
import re

from ..encodings import mostly_utf8, utf16_text

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


@functools.cache
def _charset_patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    # "[^<>]": each try stays inside one tag (scanning on to the next ">"
    # from every "<meta" is quadratic on a body of unclosed tags).
    meta = re.compile(rb"<meta\b[^<>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:-]+)", re.IGNORECASE)
    xml = re.compile(rb"<\?xml\b[^<>]*?encoding\s*=\s*[\"']([a-z0-9_.:-]+)", re.IGNORECASE)
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

    Order: byte-order mark; the charset the Content-Type header declares,
    else UTF-16 recognised by its NUL bytes (as in files);
    for HTML the ``<meta charset>`` / http-equiv / XML declaration; strict
    UTF-8; UTF-8 but for a few bad bytes (replaced); a detected charset;
    finally UTF-8 with replacement characters.
    A declaration is skipped when unknown or when the bytes do not decode
    with it. A single-byte declaration loses to UTF-8 when the body is valid
    UTF-8 with non-ASCII bytes: that is the common wrong declaration, and
    real legacy-encoded text is almost never valid UTF-8 by chance.
    """
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_codec, "replace"), bom_codec
    header = _declared_charset(content_type)
    utf16 = utf16_text(body) if header is None else None
    if utf16 is not None:
        # The rule files follow. Valid UTF-8 still decodes unchanged: bytes
        # that could be both hold NULs, and text with NULs is refused as binary.
        return utf16
    labels = [(header, False)]
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
    mostly = mostly_utf8(body)
    if mostly is not None:
        return mostly.text, "utf_8"
    detected = _codec(_detect(body) or "")
    text = _strict(body, detected) if detected else None
    if detected and text is not None:
        return text, detected
    return body.decode("utf_8", "replace"), "utf_8"
