"""Inputs: the paths named by the user expanded into article files (folders
searched recursively), each file read under a size limit, decoded, and
handed to the HTML or plain-text reader by its extension or, for any other
name, by sniffing its start.

Inside folders only ``.txt``, ``.html`` and ``.htm`` files are read, in sorted
order; other files (images, JSON...) and hidden files and folders are skipped
silently, since the user did not name them. A path named on the command line
that cannot be used is reported through ``on_skip``."""

from __future__ import annotations

import codecs
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterable, Iterator

from ..errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    OversizedInput,
    UnreadableInput,
    UnsupportedFormat,
)
from ..models import Article, Skipped
from ..rules.boilerplate import boilerplate_rules
from .encodings import binary_reason, mostly_utf8, utf16_text
from .formats import unsupported_format
from .html import article_from_html
from .plain import article_from_text

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Largest input read (5 MB): a news article is well under 1 MB even as a
saved page, so anything larger is a dump or a mistake."""

_TEXT_SUFFIXES = frozenset({".txt"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
# BOMs, longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Declared charsets that browsers decode as cp1252 or UTF-8 (WHATWG Encoding).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "windows-1252": "cp1252", "utf-16": "utf-8", "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
# "[^<>]" keeps each try inside one tag: "[^>]+" scanned to the next ">"
# from every "<meta", quadratic on a page of unclosed tags.
_DECLARED_CHARSET = re.compile(rb"""<meta[^<>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def read_inputs(
    paths: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_skip: Callable[[Skipped], None],
    on_note: Callable[[str], None] | None = None,
) -> Iterator[Article]:
    """Yield an Article for every readable input, lazily and in a stable order.

    A folder is searched recursively for ``.txt``/``.html``/``.htm`` files
    (sorted by path; hidden entries and other extensions ignored). Each article
    path is the argument joined with the file's relative path, posix style
    (``seeds/`` gives ``seeds/000_x.txt``). Unusable inputs, missing paths and
    folders without articles are passed to ``on_skip`` and the rest goes on;
    ``on_note`` hears the notes of ``load_article``."""
    for path in input_files(paths, on_skip):
        try:
            yield load_article(path, max_bytes=max_bytes, on_note=on_note)
        except InputError as exc:
            on_skip(Skipped(exc.path, exc.reason))


def input_files(paths: Iterable[str], on_skip: Callable[[Skipped], None]) -> Iterator[str]:
    """The files that ``read_inputs`` reads for ``paths``, lazily and in its
    order: a folder's article files (see ``read_inputs``), any other path as
    given. A folder without article files is passed to ``on_skip``."""
    for arg in paths:
        if os.path.isdir(arg):
            files = _folder_files(arg, on_skip)
            if not files:
                on_skip(Skipped(arg, "folder holds no .txt, .html or .htm files"))
            yield from files
        else:
            yield arg


def _folder_files(folder: str, on_skip: Callable[[Skipped], None]) -> list[str]:
    suffixes = _TEXT_SUFFIXES | _HTML_SUFFIXES

    def unreadable(exc: OSError) -> None:
        on_skip(Skipped(str(exc.filename or folder), f"cannot list folder ({exc.strerror})"))

    found: list[tuple[str, ...]] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = os.path.relpath(dirpath, folder)
        base = () if rel == os.curdir else tuple(rel.split(os.sep))
        for name in filenames:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in suffixes:
                found.append((*base, name))
    # Sorting on path parts keeps a folder's files together (tree order).
    return [posixpath.join(folder, *parts) for parts in sorted(found)]


def load_article(
    path: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_note: Callable[[str], None] | None = None,
) -> Article:
    """Read one file into an Article.

    ``.html``/``.htm`` files are parsed as HTML, ``.txt`` as plain text, any
    other name is sniffed. A file that is UTF-8 but for a few bad bytes is
    read as UTF-8 with those bytes replaced, and ``on_note`` hears a
    one-line note naming the file. Raises UnreadableInput (missing, a
    folder, no permission), OversizedInput (over ``max_bytes``, checked
    before reading), UnsupportedFormat (PDF, Word, Markdown...), BinaryInput
    (NUL bytes, mostly undecodable) or EmptyInput (no article text)."""
    raw = _read_bytes(path, max_bytes)
    reason = unsupported_format(path, raw)
    if reason is not None:
        raise UnsupportedFormat(path, reason)
    suffix = os.path.splitext(path)[1].lower()
    if suffix in _HTML_SUFFIXES:
        is_html = True
    elif suffix in _TEXT_SUFFIXES:
        is_html = False
    else:
        is_html = bool(boilerplate_rules().html.sniff.search(_decode(raw, path)[0][:2048]))
    text, note = _decode(raw, path, declared=_declared_charset(raw) if is_html else None)
    article = article_from_html(path, text) if is_html else article_from_text(path, text)
    if note and on_note is not None:
        on_note(f"{path}: {note}")
    return article


def _read_bytes(path: str, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableInput(path, "is a folder")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableInput(path, "not a regular file")
        if st.st_size > max_bytes:
            raise OversizedInput(path, f"{st.st_size} bytes, over the {max_bytes}-byte limit")
        with open(path, "rb") as fh:
            # One byte more than allowed tells a file that grew since stat().
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise UnreadableInput(path, "no such file or folder") from exc
    except PermissionError as exc:
        raise UnreadableInput(path, "permission denied") from exc
    except OSError as exc:
        raise UnreadableInput(path, exc.strerror or str(exc)) from exc
    if len(raw) > max_bytes:
        raise OversizedInput(path, f"over the {max_bytes}-byte limit")
    if not raw:
        raise EmptyInput(path, "empty file")
    return raw


def _declared_charset(raw: bytes) -> str | None:
    m = _DECLARED_CHARSET.search(raw[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(raw: bytes, path: str, declared: str | None = None) -> tuple[str, str | None]:
    """Bytes to text, and a note when bad bytes were replaced: BOM, else
    UTF-16 recognised by its NUL bytes, else UTF-8, else mostly UTF-8, else
    the declared charset, else the fallbacks. Valid UTF-8 wins over a
    declaration because pages re-saved as UTF-8 often keep their old
    ``<meta charset>``."""
    layout = boilerplate_rules().layout
    text: str | None = None
    note: str | None = None
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = raw[len(bom) :].decode(codec, "replace")
            break
    else:
        if b"\x00" in raw:
            text = _utf16(raw, path)
        else:
            # A declared charset is trusted with replacement characters; the
            # fallbacks must decode cleanly, except the last (latin-1) which always does.
            # A UTF-8 declaration the bytes contradict is a wrong one (a page saved
            # by a cp1252 editor under its old <meta>): the fallbacks decide.
            text = _strict(raw, "utf-8")
            if text is None and (mostly := mostly_utf8(raw)) is not None:
                text, note = mostly.text, mostly.note()
            tries = [(declared, "replace")] if declared and declared != "utf-8" else []
            tries += [(enc, "strict") for enc in layout.fallback_encodings]
            for encoding, errors in tries:
                if text is not None:
                    break
                try:
                    text = raw.decode(encoding, errors)
                except (UnicodeError, LookupError):
                    continue  # LookupError: a hostile page declaring "rot13" or "base64"
            if text is None:
                raise BinaryInput(path, "cannot be decoded as text")
    reason = binary_reason(text)
    if reason is not None:
        raise BinaryInput(path, reason)
    return text, note


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf16(raw: bytes, path: str) -> str:
    """``raw``, holding NUL bytes, as UTF-16 without a BOM, or BinaryInput."""
    found = utf16_text(raw)
    if found is None:
        raise BinaryInput(path, "contains NUL bytes (not a text file)")
    return found[0]
